/**
 * The tests of src/excel run on the workbench's stand-in Excel (src/workbench/fake-excel): this file
 * is only a test-side view of a MemWorkbook in the shape the adapter tests were written against
 * (cells by A1 in a flat form, notes by "Sheet!A1", sync and request counts, failures on demand).
 * Every Excel behaviour comes from the stand-in; nothing here imitates Excel.
 */
import type { Area, Scalar } from "../../src/core/grid";
import { a1, parseA1 } from "../../src/core/grid";
import {
  FakeOfficeError,
  MemWorkbook,
  installFakeOffice,
  type FakeOfficeOptions,
  type MemCell,
  type MemChart,
  type MemSheet,
} from "../../src/workbench/fake-excel";

/** A cell as the tests state it: absent properties left out, `v` absent when the cell has no value. */
export interface TestCell {
  v?: Scalar;
  f?: string;
  fmt?: string;
  error?: boolean;
  quoted?: boolean;
  bold?: boolean;
  italic?: boolean;
  color?: string;
  fill?: string;
  indent?: number;
  wrap?: boolean;
  hAlign?: string;
  vAlign?: string;
  borders?: MemCell["borders"];
}

const K = 16384;
/** Width in points of a column nobody sized (Excel's standard 8.43 characters). */
export const STANDARD_WIDTH = 48;

export function toRC(ref: string): [number, number] {
  const p = parseA1(ref);
  if (!p) throw new Error(`bad ref ${ref}`);
  return [p.r, p.c];
}

export function officeError(code: string, message = code): FakeOfficeError {
  return new FakeOfficeError(code, message);
}

/** The flat test form of a stand-in cell (what the user sees; notes and links are asked for apart). */
export function testCell(cell: MemCell | undefined): TestCell | undefined {
  if (!cell) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cell)) {
    if (v === undefined || k === "calc" || k === "unsupported" || k === "note" || k === "noteKind" || k === "link" || k === "linkText") continue;
    if (k === "v" && v === null) continue;
    out[k] = v;
  }
  return Object.keys(out).length ? (out as TestCell) : undefined;
}

export class TestSheet {
  constructor(
    readonly mem: MemSheet,
    private readonly book: TestWorkbook,
  ) {}

  get name(): string {
    return this.mem.name;
  }
  get protected(): boolean {
    return this.mem.protected;
  }
  set protected(v: boolean) {
    this.mem.protected = v;
  }
  get merges(): Area[] {
    return this.mem.merges;
  }
  get charts(): MemChart[] {
    return this.mem.charts;
  }
  get frozenRows(): number {
    return this.mem.freezeRows;
  }
  set frozenRows(n: number) {
    this.mem.freezeRows = n;
  }
  get frozenCols(): number {
    return this.mem.freezeCols;
  }
  set frozenCols(n: number) {
    this.mem.freezeCols = n;
  }
  get colWidths(): Map<number, number> {
    return this.mem.colWidths;
  }
  get hiddenRows(): Set<number> {
    return this.mem.hiddenRows;
  }
  get hiddenCols(): Set<number> {
    return this.mem.hiddenCols;
  }
  get orientation(): string | undefined {
    return this.mem.orientation === "Portrait" ? undefined : this.mem.orientation;
  }

  /** Sets a cell by A1 or (r, c), as if typed and formatted by the user. */
  set(ref: string | [number, number], cell: TestCell | Scalar): this {
    const [r, c] = typeof ref === "string" ? toRC(ref) : ref;
    const data: TestCell = cell !== null && typeof cell === "object" ? cell : { v: cell as Scalar };
    const next: MemCell = { v: data.v ?? null };
    for (const [k, v] of Object.entries(data)) if (k !== "v" && v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
    const old = this.mem.get(r, c);
    if (old?.note !== undefined) {
      next.note = old.note;
      next.noteKind = old.noteKind;
    }
    this.mem.ensure(r, c);
    this.mem.rows.get(r)!.set(c, next);
    this.mem.prune(r, c);
    this.book.mem.markDirty(this.mem.name, r, c);
    return this;
  }

  cell(ref: string): TestCell | undefined {
    const [r, c] = toRC(ref);
    return testCell(this.mem.get(r, c));
  }

  value(ref: string): Scalar | undefined {
    return this.cell(ref)?.v;
  }

  link(ref: string): { documentReference?: string; textToDisplay?: string } | undefined {
    const [r, c] = toRC(ref);
    const cell = this.mem.get(r, c);
    if (!cell?.link) return undefined;
    return { documentReference: cell.link, textToDisplay: cell.linkText };
  }

  /** Cells keyed r * 16384 + c, in the flat test form. */
  entries(): [number, TestCell][] {
    const out: [number, TestCell][] = [];
    for (const [r, c, cell] of this.mem.cells()) {
      const t = testCell(cell);
      if (t) out.push([r * K + c, t]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  }
}

/** Notes of the whole workbook keyed "Sheet!A1" (they live on the stand-in's cells). */
class NoteView {
  constructor(private readonly book: TestWorkbook) {}
  private at(key: string): { sheet: MemSheet; r: number; c: number } | undefined {
    const i = key.lastIndexOf("!");
    const sheet = this.book.mem.sheet(key.slice(0, i));
    if (!sheet) return undefined;
    const [r, c] = toRC(key.slice(i + 1));
    return { sheet, r, c };
  }
  get(key: string): string | undefined {
    const p = this.at(key);
    return p?.sheet.get(p.r, p.c)?.note;
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  set(key: string, text: string): this {
    const p = this.at(key);
    if (!p) throw new Error(`no sheet for ${key}`);
    const cell = p.sheet.ensure(p.r, p.c);
    cell.note = text;
    // which API made it is decided when the workbook is installed (notes 1.18, else comments)
    cell.noteKind = undefined;
    return this;
  }
  entries(): [string, string][] {
    const out: [string, string][] = [];
    for (const s of this.book.mem.sheets) for (const [r, c, cell] of s.cells()) if (cell.note !== undefined) out.push([`${s.name}!${a1(r, c)}`, cell.note]);
    return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
  get size(): number {
    return this.entries().length;
  }
}

export class TestWorkbook {
  readonly mem: MemWorkbook;
  /** Highest ExcelApi minor version of the host (1.x). */
  apiMinor = 18;
  /** Host options passed to the stand-in at install (limits, profile). */
  options: FakeOfficeOptions = {};
  readonly notes: NoteView;

  constructor(mem?: MemWorkbook) {
    this.mem = mem ?? new MemWorkbook("Test.xlsx");
    this.mem.log = [];
    this.notes = new NoteView(this);
  }

  get sheets(): TestSheet[] {
    return this.mem.sheets.map((s) => new TestSheet(s, this));
  }
  get activeSheet(): string {
    return this.mem.activeSheet;
  }
  get settings(): Map<string, unknown> {
    return this.mem.settings;
  }
  get syncCount(): number {
    return this.mem.stats.syncs;
  }
  get requests(): { bytes: number; responseBytes: number; commands: number; failed?: string }[] {
    return this.mem.stats.requests;
  }
  get log(): [string, string, string][] {
    return this.mem.log!;
  }
  get runCalls(): { delayForCellEdit?: boolean; mergeUndoGroup?: boolean }[] {
    return this.mem.stats.runCalls;
  }
  get calcSuspended(): number {
    return this.mem.stats.calcSuspended;
  }
  get screenSuspended(): number {
    return this.mem.stats.screenSuspended;
  }
  set failSyncs(errors: (Error | undefined)[]) {
    this.mem.faults.syncs = errors;
  }
  set runError(err: Error | undefined) {
    this.mem.faults.run = err;
  }
  /** Request payload limit (Excel on the web: 5 MB). */
  set payloadLimit(bytes: number) {
    this.options.payloadLimit = bytes;
  }
  set responseLimit(bytes: number) {
    this.options.responseLimit = bytes;
  }

  addSheet(name: string): TestSheet {
    return new TestSheet(this.mem.addSheet(name), this);
  }
  sheet(name: string): TestSheet {
    const s = this.mem.sheet(name);
    if (!s) throw new Error(`no sheet ${name}`);
    return new TestSheet(s, this);
  }
  find(name: string): TestSheet | undefined {
    const s = this.mem.sheet(name);
    return s ? new TestSheet(s, this) : undefined;
  }

  /** A copy of the whole state: equal copies mean nothing changed (formula results included). */
  dump(): string {
    this.mem.ensureCalculated();
    return JSON.stringify({
      sheets: this.mem.sheets.map((s) => {
        const t = new TestSheet(s, this);
        return {
          name: s.name,
          cells: t.entries(),
          merges: [...s.merges].sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1 || a.r2 - b.r2 || a.c2 - b.c2),
          charts: s.charts,
          frozen: s.freezeRows,
          frozenCols: s.freezeCols,
          widths: [...s.colWidths.entries()].sort((a, b) => a[0] - b[0]),
          links: [...s.cells()].filter(([, , c]) => c.link).map(([r, c, cell]) => [r * K + c, cell.link, cell.linkText]),
          tables: s.tables,
          protected: s.protected,
        };
      }),
      settings: [...this.mem.settings.entries()],
      parts: [...this.mem.customXmlParts.entries()],
      notes: this.notes.entries(),
    });
  }

  /** Save and reopen: the same content (settings and custom XML parts included), new counters. */
  reopen(): TestWorkbook {
    const wb = new TestWorkbook(this.mem.clone());
    wb.apiMinor = this.apiMinor;
    wb.options = { ...this.options };
    return wb;
  }

  /** Installs the stand-in's Excel and Office globals over this workbook (returns the uninstaller). */
  install(): () => void {
    const notesApi = this.apiMinor >= 18 ? "note" : "comment";
    for (const s of this.mem.sheets) for (const [, , cell] of s.cells()) if (cell.note !== undefined && !cell.noteKind) cell.noteKind = notesApi;
    this.mem.touch();
    this.mem.ensureCalculated();
    // the options object itself: limits set after install apply to the next Excel.run
    this.options.apiVersion = `1.${this.apiMinor}`;
    const office = installFakeOffice(this.mem, this.options);
    return () => office.uninstall();
  }
}

/** A sheet with `rows` data rows of `cols` numeric columns under a header row. */
export function numericSheet(wb: TestWorkbook, name: string, rows: number, cols: number): TestSheet {
  const s = wb.addSheet(name);
  for (let c = 0; c < cols; c++) s.set([0, c], { v: `H${c}`, bold: true });
  for (let r = 1; r <= rows; r++) for (let c = 0; c < cols; c++) s.set([r, c], { v: r * 10 + c });
  return s;
}

/** Test name kept from the earlier fake: a TestWorkbook. */
export { TestWorkbook as FakeWorkbook };
