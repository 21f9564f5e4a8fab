/**
 * Worksheets: the collection (add with Excel's name rules, getItem/OrNullObject, active sheet), the
 * worksheet (ranges by address or indexes, used range, activate, delete), its protection, frozen
 * panes and page layout.
 */
import { officeError } from "../errors";
import type { MemSheet } from "../workbook";
import { parseAddress } from "./addresses";
import { FakeChartCollection } from "./charts";
import { ClientObject, FakeClientResult, itemPaths } from "./client-object";
import { FakeCommentCollection, FakeNoteCollection } from "./comments";
import { MAX_COLS, MAX_ROWS, invalidArgument, itemNotFound } from "./common";
import type { FakeRequestContext } from "./context";
import { FakeRange } from "./range";
import { FakeTableCollection } from "./tables";

// ---------------------------------------------------------------------------------------------
// Worksheets

type SheetResolver = () => MemSheet | undefined;

const INVALID_SHEET_NAME = /[[\]:*?/\\]/;

export class FakeWorksheetCollection extends ClientObject {
  constructor(context: FakeRequestContext) {
    super(context, "WorksheetCollection", ["items"]);
  }
  protected fetch(): unknown {
    return this.context.mem.sheets.map((s) => new FakeWorksheet(this.context, fixed(s), false, "item"));
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(paths: string[]): void {
    const names = itemPaths(paths);
    const items = this.context.mem.sheets.map((s) => {
      const w = new FakeWorksheet(this.context, fixed(s), false, "item");
      w.stagePaths(names.length ? names : ["name", "position", "visibility"]);
      return w;
    });
    this.bag.stage("items", items);
  }
  get items(): FakeWorksheet[] {
    return this.read("items");
  }
  getActiveWorksheet(): FakeWorksheet {
    const mem = this.context.mem;
    return new FakeWorksheet(this.context, () => mem.active(), false, "Worksheet.getActiveWorksheet");
  }
  getItem(key: string): FakeWorksheet {
    const mem = this.context.mem;
    return new FakeWorksheet(this.context, () => mem.sheet(key), false, "WorksheetCollection.getItem");
  }
  getItemOrNullObject(key: string): FakeWorksheet {
    this.context.requires("1.4", "WorksheetCollection.getItemOrNullObject");
    const mem = this.context.mem;
    return new FakeWorksheet(this.context, () => mem.sheet(key), true, "WorksheetCollection.getItemOrNullObject");
  }
  getFirst(): FakeWorksheet {
    const mem = this.context.mem;
    return new FakeWorksheet(this.context, () => mem.sheets[0], false, "WorksheetCollection.getFirst");
  }
  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.context, () => this.context.mem.sheets.length, "WorksheetCollection.getCount");
  }
  add(name?: string): FakeWorksheet {
    const mem = this.context.mem;
    let created: MemSheet | undefined;
    this.context.enqueue(
      () => {
        let n = name;
        if (n === undefined || n === "") {
          let i = mem.sheets.length + 1;
          while (mem.sheet(`Sheet${i}`)) i++;
          n = `Sheet${i}`;
        }
        if (n.length > 31 || INVALID_SHEET_NAME.test(n) || /^'|'$/.test(n)) {
          throw invalidArgument("WorksheetCollection.add", "The argument is invalid or missing or has an incorrect format.");
        }
        if (mem.sheet(n)) {
          throw officeError("ItemAlreadyExists", "A resource with the same name or identifier already exists.", "WorksheetCollection.add");
        }
        created = mem.addSheet(n);
        mem.touch();
      },
      "WorksheetCollection.add",
      "sheets",
    );
    return new FakeWorksheet(this.context, () => created, false, "WorksheetCollection.add");
  }
}

function fixed(s: MemSheet): SheetResolver {
  return () => s;
}

export class FakeWorksheet extends ClientObject {
  private target?: MemSheet | null;
  readonly protection: FakeWorksheetProtection;
  readonly freezePanes: FakeFreezePanes;
  readonly charts: FakeChartCollection;
  readonly pageLayout: FakePageLayout;
  readonly comments: FakeCommentCollection;
  readonly notes: FakeNoteCollection;
  readonly tables: FakeTableCollection;

  constructor(
    context: FakeRequestContext,
    private readonly resolver: SheetResolver,
    private readonly nullable: boolean,
    private readonly location: string,
  ) {
    super(context, "Worksheet", ["name", "position", "visibility", "id", "isNullObject", "tabColor"]);
    const sheet = (loc: string) => this.sheet(loc);
    this.protection = new FakeWorksheetProtection(context, sheet);
    this.freezePanes = new FakeFreezePanes(context, sheet);
    this.charts = new FakeChartCollection(context, sheet);
    this.pageLayout = new FakePageLayout(context, sheet);
    this.comments = new FakeCommentCollection(context, sheet);
    this.notes = new FakeNoteCollection(context, sheet);
    this.tables = new FakeTableCollection(context, sheet);
    if (nullable) context.enqueue(() => this.bag.stage("isNullObject", this.resolve() === null), location);
  }

  protected override navigation(): Record<string, ClientObject> {
    return { protection: this.protection, pageLayout: this.pageLayout };
  }

  /** @internal The sheet, resolved at the first command that needs it; null for a null object. */
  resolve(): MemSheet | null {
    if (this.target === undefined || (this.target && !this.context.mem.sheets.includes(this.target))) {
      const s = this.resolver();
      if (s) this.target = s;
      else return null;
    }
    return this.target;
  }

  /** @internal The sheet, or ItemNotFound. */
  sheet(location: string): MemSheet {
    const s = this.resolve();
    if (!s) throw itemNotFound(location);
    return s;
  }

  protected fetch(name: string): unknown {
    if (name === "isNullObject") return this.resolve() === null;
    if (this.nullable && this.resolve() === null) return null;
    const s = this.sheet(`Worksheet.${name}`);
    switch (name) {
      case "name":
        return s.name;
      case "position":
        return this.context.mem.sheets.indexOf(s);
      case "visibility":
        return "Visible";
      case "id":
        return `{${s.name}}`;
      case "tabColor":
        return s.tabColor ?? "";
    }
    return undefined;
  }

  get name(): string {
    return this.read("name");
  }
  get position(): number {
    return this.read("position");
  }
  get visibility(): string {
    return this.read("visibility");
  }
  get id(): string {
    return this.read("id");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  get tabColor(): string {
    return this.read("tabColor");
  }
  set tabColor(color: string) {
    this.assign("tabColor", color, () => {
      this.sheet("Worksheet.tabColor").tabColor = color || undefined;
    }, "sheets");
  }

  getRange(address?: string): FakeRange {
    const area = address === undefined ? { r1: 0, c1: 0, r2: MAX_ROWS - 1, c2: MAX_COLS - 1 } : parseAddress(address);
    return new FakeRange(
      this.context,
      () => {
        const s = this.sheet("Worksheet.getRange");
        if (address && address.includes("!")) {
          const sheetPart = address.slice(0, address.lastIndexOf("!")).replace(/^'|'$/g, "").replace(/''/g, "'");
          if (sheetPart.toLowerCase() !== s.name.toLowerCase()) throw invalidArgument("Worksheet.getRange");
        }
        return s;
      },
      () => {
        if (!area) throw invalidArgument("Worksheet.getRange", `The address '${address}' is not valid.`);
        return area;
      },
    );
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): FakeRange {
    this.context.requires("1.7", "Worksheet.getRangeByIndexes");
    return new FakeRange(
      this.context,
      () => this.sheet("Worksheet.getRangeByIndexes"),
      () => {
        if (startRow < 0 || startColumn < 0 || rowCount < 1 || columnCount < 1 || startRow + rowCount > MAX_ROWS || startColumn + columnCount > MAX_COLS) {
          throw invalidArgument("Worksheet.getRangeByIndexes");
        }
        return { r1: startRow, c1: startColumn, r2: startRow + rowCount - 1, c2: startColumn + columnCount - 1 };
      },
    );
  }

  getUsedRange(valuesOnly?: boolean): FakeRange {
    return new FakeRange(
      this.context,
      () => this.sheet("Worksheet.getUsedRange"),
      () => this.sheet("Worksheet.getUsedRange").usedArea(!!valuesOnly) ?? { r1: 0, c1: 0, r2: 0, c2: 0 },
    );
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    this.context.requires("1.4", "Worksheet.getUsedRangeOrNullObject");
    return new FakeRange(
      this.context,
      () => this.sheet("Worksheet.getUsedRangeOrNullObject"),
      () => this.sheet("Worksheet.getUsedRangeOrNullObject").usedArea(!!valuesOnly) ?? null,
      true,
    );
  }

  activate(): void {
    this.context.enqueue(
      () => {
        const s = this.sheet("Worksheet.activate");
        this.context.mem.activeSheet = s.name;
      },
      "Worksheet.activate",
      "selection",
    );
  }

  delete(): void {
    this.context.enqueue(
      () => {
        const s = this.sheet("Worksheet.delete");
        if (this.context.mem.sheets.length <= 1) {
          throw officeError("InvalidOperation", "This operation is not allowed: a workbook must contain at least one visible worksheet.", "Worksheet.delete");
        }
        this.context.mem.deleteSheet(s.name);
        this.context.mem.touch();
      },
      "Worksheet.delete",
      "sheets",
    );
  }
}

export class FakeWorksheetProtection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly sheet: (loc: string) => MemSheet,
  ) {
    super(context, "WorksheetProtection", ["protected", "options"]);
  }
  protected fetch(name: string): unknown {
    const s = this.sheet(`WorksheetProtection.${name}`);
    return name === "protected" ? s.protected : {};
  }
  get protected(): boolean {
    return this.read("protected");
  }
  protect(): void {
    this.context.enqueue(() => {
      this.sheet("WorksheetProtection.protect").protected = true;
    }, "WorksheetProtection.protect", "sheets");
  }
  unprotect(): void {
    this.context.enqueue(() => {
      this.sheet("WorksheetProtection.unprotect").protected = false;
    }, "WorksheetProtection.unprotect", "sheets");
  }
}

export class FakeFreezePanes {
  constructor(
    private readonly context: FakeRequestContext,
    private readonly sheet: (loc: string) => MemSheet,
  ) {}
  /** Excel keeps one frozen pane: freezing rows or columns replaces it. */
  private freeze(loc: string, rows: number, cols: number): void {
    this.context.requires("1.7", loc);
    this.context.enqueue(() => {
      const s = this.sheet(loc);
      s.freezeRows = rows;
      s.freezeCols = cols;
    }, loc, "sheets");
  }
  freezeRows(count = 1): void {
    this.freeze("WorksheetFreezePanes.freezeRows", count, 0);
  }
  freezeColumns(count = 1): void {
    this.freeze("WorksheetFreezePanes.freezeColumns", 0, count);
  }
  unfreeze(): void {
    this.freeze("WorksheetFreezePanes.unfreeze", 0, 0);
  }
  /** The frozen pane as a range (rows: full width; columns: full height; both: the corner), or a null object. */
  getLocationOrNullObject(): FakeRange {
    this.context.requires("1.7", "WorksheetFreezePanes.getLocationOrNullObject");
    const loc = "WorksheetFreezePanes.getLocationOrNullObject";
    return new FakeRange(
      this.context,
      () => this.sheet(loc),
      () => {
        const s = this.sheet(loc);
        if (!s.freezeRows && !s.freezeCols) return null;
        return { r1: 0, c1: 0, r2: (s.freezeRows || MAX_ROWS) - 1, c2: (s.freezeCols || MAX_COLS) - 1 };
      },
      true,
    );
  }
  /** Freezes the rows above and the columns left of the range's bottom-right corner. */
  freezeAt(frozenRange: FakeRange): void {
    this.context.requires("1.7", "WorksheetFreezePanes.freezeAt");
    this.context.enqueue(() => {
      const { area } = frozenRange.target("WorksheetFreezePanes.freezeAt");
      const s = this.sheet("WorksheetFreezePanes.freezeAt");
      s.freezeRows = area.r2 + 1 >= MAX_ROWS ? 0 : area.r2 + 1;
      s.freezeCols = area.c2 + 1 >= MAX_COLS ? 0 : area.c2 + 1;
    }, "WorksheetFreezePanes.freezeAt", "sheets");
  }
}

export class FakePageLayout extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly sheet: (loc: string) => MemSheet,
  ) {
    super(context, "PageLayout", ["orientation"]);
  }
  protected fetch(): unknown {
    return this.sheet("PageLayout.orientation").orientation;
  }
  get orientation(): string {
    return this.read("orientation");
  }
  set orientation(v: string) {
    this.context.requires("1.9", "PageLayout.orientation");
    this.assign("orientation", v, () => {
      this.sheet("PageLayout.orientation").orientation = /land/i.test(v) ? "Landscape" : "Portrait";
    }, "sheets");
  }
  /** Print settings the workbench does not model are accepted and ignored. */
  set zoom(_v: unknown) {
    this.context.enqueue(() => undefined, "PageLayout.zoom");
  }
  set paperSize(_v: unknown) {
    this.context.enqueue(() => undefined, "PageLayout.paperSize");
  }
  set centerHorizontally(_v: unknown) {
    this.context.enqueue(() => undefined, "PageLayout.centerHorizontally");
  }
}
