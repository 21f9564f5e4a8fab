/**
 * Comments (ExcelApi 1.10) and notes (1.18), both stored as the cell's note; each API fails on a
 * host without its set.
 */
import { a1, type Area } from "../../../core/grid";
import { officeError } from "../errors";
import type { MemSheet } from "../workbook";
import { parseAddress } from "./addresses";
import { ClientObject, FakeClientResult, type LoadArg } from "./client-object";
import { assertWritable, itemNotFound, jsonBytes } from "./common";
import type { FakeRequestContext } from "./context";
import { FakeRange } from "./range";

// ---------------------------------------------------------------------------------------------
// Comments and notes (both stored as the cell's note)

function parseCellTarget(
  context: FakeRequestContext,
  cellAddress: string | FakeRange,
  scope: ((loc: string) => MemSheet) | undefined,
  location: string,
): { sheet: MemSheet; r: number; c: number } {
  let sheet: MemSheet | undefined;
  let area: Area | undefined;
  if (typeof cellAddress === "string") {
    const bang = cellAddress.lastIndexOf("!");
    if (bang >= 0) {
      const name = cellAddress.slice(0, bang).replace(/^'|'$/g, "").replace(/''/g, "'");
      sheet = context.mem.sheet(name);
      if (!sheet) throw itemNotFound(location);
    } else if (scope) {
      sheet = scope(location);
    } else {
      throw officeError("InvalidCellAddress", "The cell address is invalid.", location);
    }
    area = parseAddress(cellAddress);
  } else {
    const t = cellAddress.target(location);
    sheet = t.sheet;
    area = t.area;
  }
  if (!area || area.r1 !== area.r2 || area.c1 !== area.c2) {
    throw officeError("InvalidCellAddress", "The cell address is invalid: a single cell is expected.", location);
  }
  return { sheet, r: area.r1, c: area.c1 };
}

export class FakeComment extends ClientObject {
  private at?: { sheet: MemSheet; r: number; c: number } | null;
  constructor(
    context: FakeRequestContext,
    private readonly locate: () => { sheet: MemSheet; r: number; c: number } | null,
    private readonly nullable: boolean,
    private readonly kind: "comment" | "note",
  ) {
    super(context, kind === "comment" ? "Comment" : "Note", ["content", "id", "authorName", "isNullObject"]);
    if (nullable) context.enqueue(() => this.bag.stage("isNullObject", this.where() === null), this.typeName);
  }
  private where(): { sheet: MemSheet; r: number; c: number } | null {
    if (this.at === undefined) {
      const at = this.locate();
      const cell = at ? at.sheet.get(at.r, at.c) : undefined;
      this.at = at && cell?.note !== undefined && (cell.noteKind ?? "note") === this.kind ? at : null;
    }
    return this.at;
  }
  private must(location: string): { sheet: MemSheet; r: number; c: number } {
    const w = this.where();
    if (!w) throw itemNotFound(location);
    return w;
  }
  protected fetch(name: string): unknown {
    if (name === "isNullObject") return this.where() === null;
    if (this.nullable && !this.where()) return null;
    const w = this.must(`${this.typeName}.${name}`);
    const cell = w.sheet.get(w.r, w.c);
    if (name === "content") return cell?.note ?? "";
    if (name === "id") return `${w.sheet.name}!${a1(w.r, w.c)}`;
    return "Workbench";
  }
  get content(): string {
    return this.read("content");
  }
  set content(v: string) {
    this.assign("content", v, () => {
      const w = this.must(`${this.typeName}.content`);
      assertWritable(w.sheet, `${this.typeName}.content`);
      w.sheet.ensure(w.r, w.c).note = v;
    });
  }
  get id(): string {
    return this.read("id");
  }
  get authorName(): string {
    return this.read("authorName");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  getLocation(): FakeRange {
    return new FakeRange(
      this.context,
      () => this.must(`${this.typeName}.getLocation`).sheet,
      () => {
        const w = this.must(`${this.typeName}.getLocation`);
        return { r1: w.r, c1: w.c, r2: w.r, c2: w.c };
      },
    );
  }
  delete(): void {
    this.context.enqueue(
      () => {
        const w = this.must(`${this.typeName}.delete`);
        assertWritable(w.sheet, `${this.typeName}.delete`);
        const cell = w.sheet.get(w.r, w.c);
        if (cell) {
          delete cell.note;
          delete cell.noteKind;
          w.sheet.prune(w.r, w.c);
        }
      },
      `${this.typeName}.delete`,
      "cells",
    );
  }
}

abstract class NoteLikeCollection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    typeName: string,
    private readonly scope: ((loc: string) => MemSheet) | undefined,
    private readonly kind: "comment" | "note",
  ) {
    super(context, typeName, ["items"]);
  }
  private all(): { sheet: MemSheet; r: number; c: number }[] {
    const sheets = this.scope ? [this.scope(`${this.typeName}.load`)] : this.context.mem.sheets;
    const out: { sheet: MemSheet; r: number; c: number }[] = [];
    for (const sheet of sheets) {
      for (const [r, c, cell] of sheet.cells()) if (cell.note !== undefined && (cell.noteKind ?? "note") === this.kind) out.push({ sheet, r, c });
    }
    return out;
  }
  protected fetch(): unknown {
    return this.all().map((w) => {
      const item = new FakeComment(this.context, () => w, false, this.kind);
      item.stageNow(["content", "id"]);
      return item;
    });
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(): void {
    this.stageNow(["items"]);
  }
  override load(arg?: LoadArg): this {
    this.context.requires(this.kind === "note" ? "1.18" : "1.10", `${this.typeName}.load`);
    return super.load(arg);
  }
  get items(): FakeComment[] {
    return this.read("items");
  }
  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.context, () => this.all().length, `${this.typeName}.getCount`);
  }
  add(cellAddress: string | FakeRange, content: unknown): FakeComment {
    const loc = `${this.typeName}.add`;
    this.context.requires(this.kind === "note" ? "1.18" : "1.10", loc);
    let at: { sheet: MemSheet; r: number; c: number } | undefined;
    this.context.enqueue(
      () => {
        at = parseCellTarget(this.context, cellAddress, this.scope, loc);
        assertWritable(at.sheet, loc);
        const cell = at.sheet.ensure(at.r, at.c);
        cell.note = typeof content === "string" ? content : String((content as { message?: string })?.message ?? content);
        cell.noteKind = this.kind;
      },
      loc,
      "cells",
      jsonBytes(content),
    );
    return new FakeComment(this.context, () => at ?? null, false, this.kind);
  }
  protected byCell(cellAddress: string | FakeRange, nullable: boolean, loc: string): FakeComment {
    this.context.requires(this.kind === "note" ? "1.18" : "1.10", loc);
    return new FakeComment(
      this.context,
      () => {
        try {
          return parseCellTarget(this.context, cellAddress, this.scope, loc);
        } catch (e) {
          if (nullable) return null;
          throw e;
        }
      },
      nullable,
      this.kind,
    );
  }
  getItemAt(index: number): FakeComment {
    return new FakeComment(this.context, () => this.all()[index] ?? null, false, this.kind);
  }
}

export class FakeCommentCollection extends NoteLikeCollection {
  constructor(context: FakeRequestContext, scope: ((loc: string) => MemSheet) | undefined) {
    super(context, "CommentCollection", scope, "comment");
  }
  getItemByCell(cellAddress: string | FakeRange): FakeComment {
    return this.byCell(cellAddress, false, "CommentCollection.getItemByCell");
  }
  getItemByCellOrNullObject(cellAddress: string | FakeRange): FakeComment {
    return this.byCell(cellAddress, true, "CommentCollection.getItemByCellOrNullObject");
  }
  getItem(commentId: string): FakeComment {
    return this.byCell(commentId, false, "CommentCollection.getItem");
  }
  getItemOrNullObject(commentId: string): FakeComment {
    return this.byCell(commentId, true, "CommentCollection.getItemOrNullObject");
  }
}

export class FakeNoteCollection extends NoteLikeCollection {
  constructor(context: FakeRequestContext, scope: ((loc: string) => MemSheet) | undefined) {
    super(context, "NoteCollection", scope, "note");
  }
  /** Notes are keyed by their cell address. */
  getItem(key: string): FakeComment {
    return this.byCell(key, false, "NoteCollection.getItem");
  }
  getItemOrNullObject(key: string): FakeComment {
    return this.byCell(key, true, "NoteCollection.getItemOrNullObject");
  }
  getItemByCell(cellAddress: string | FakeRange): FakeComment {
    return this.byCell(cellAddress, false, "NoteCollection.getItemByCell");
  }
  getItemByCellOrNullObject(cellAddress: string | FakeRange): FakeComment {
    return this.byCell(cellAddress, true, "NoteCollection.getItemByCellOrNullObject");
  }
}
