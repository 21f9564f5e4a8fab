/**
 * The in-memory workbook behind the workbench's stand-in Excel: sheets of cells (values, formulas,
 * number formats, fills, fonts, notes, hyperlinks), merges, hidden rows and columns, protection,
 * frozen rows, charts, add-in settings, the active sheet and the selection. Formulas are evaluated
 * by ./formula.ts after every change; a formula it cannot evaluate keeps its cached value.
 *
 * Coordinates are zero-based like the engine's (row 0 is Excel row 1).
 */
import type { Area, Scalar } from "../../core/grid";
import { a1, areaA1, quoteSheet } from "../../core/grid";
import { evaluateFormula, formulaRefs, type FormulaHost } from "./formula";

export interface MemCell {
  /** Value shown (a formula's computed or cached result); null when empty. */
  v: Scalar;
  /** en-US formula with leading "=". */
  f?: string;
  /** `v` is an Excel error value ("#DIV/0!"). */
  error?: boolean;
  /**
   * For a formula cell: "evaluated" when the workbench's evaluator computed `v`, "cached" when it
   * could not and `v` is the value stored in the file (or null for a formula written here).
   */
  calc?: "evaluated" | "cached";
  /** Why the evaluator could not compute the formula. */
  unsupported?: string;
  /** Number format code; absent means General. */
  fmt?: string;
  bold?: boolean;
  italic?: boolean;
  /** Font colour "#RRGGBB". */
  color?: string;
  /** Solid fill "#RRGGBB". */
  fill?: string;
  indent?: number;
  wrap?: boolean;
  hAlign?: string;
  /** Vertical alignment ("Top", "Center", "Bottom", …); absent means Excel's default (Bottom). */
  vAlign?: string;
  /** Edges with a border: "t", "b", "l", "r" → line style ("Continuous", …). */
  borders?: Partial<Record<"t" | "b" | "l" | "r", string>>;
  /** Text typed with Excel's quote prefix (') — a formatting flag, left out of dump(). */
  quoted?: boolean;
  /** Note (or comment) text. */
  note?: string;
  /** "note" or "comment": which API created the note. */
  noteKind?: "note" | "comment";
  /** Hyperlink: internal "Sheet!A1" (documentReference) or external address. */
  link?: string;
  linkText?: string;
}

/** One plotted series: its name, values range and category (x axis) range, as sheet addresses. */
export interface MemSeries {
  name: string;
  values?: string;
  categories?: string;
  /** A series drawn with its own chart type (a reference line in a column chart). */
  type?: string;
}

export interface MemChart {
  name: string;
  type: string;
  source: string;
  seriesBy: string;
  title?: string;
  position?: { start: string; end?: string };
  /** What Excel plots: derived from the source range at creation, then edited through chart.series. */
  series: MemSeries[];
  /** "Zero", "NotPlotted" or "Interpolated" (ExcelApi 1.8). */
  displayBlanksAs?: string;
}

/** An Excel Table (ListObject): its whole range (header row included). */
export interface MemTable {
  name: string;
  area: Area;
}

export class MemSheet {
  /** Row → column → cell. */
  readonly rows = new Map<number, Map<number, MemCell>>();
  merges: Area[] = [];
  readonly hiddenRows = new Set<number>();
  readonly hiddenCols = new Set<number>();
  /** Column widths in points (Excel API unit). */
  readonly colWidths = new Map<number, number>();
  protected = false;
  freezeRows = 0;
  freezeCols = 0;
  charts: MemChart[] = [];
  tables: MemTable[] = [];
  /** Dynamic-array spills: the anchor cell (top-left) and the area its result spills into. */
  spills: Area[] = [];
  orientation: "Portrait" | "Landscape" = "Portrait";
  tabColor?: string;

  constructor(public name: string) {}

  get(r: number, c: number): MemCell | undefined {
    return this.rows.get(r)?.get(c);
  }

  /** The cell at (r, c), created empty when missing. */
  ensure(r: number, c: number): MemCell {
    let row = this.rows.get(r);
    if (!row) {
      row = new Map();
      this.rows.set(r, row);
    }
    let cell = row.get(c);
    if (!cell) {
      cell = { v: null };
      row.set(c, cell);
    }
    return cell;
  }

  delete(r: number, c: number): void {
    const row = this.rows.get(r);
    if (!row) return;
    row.delete(c);
    if (row.size === 0) this.rows.delete(r);
  }

  /** Drop the cell when it carries nothing at all. */
  prune(r: number, c: number): void {
    const cell = this.get(r, c);
    if (!cell) return;
    const keys = Object.keys(cell).filter((k) => (cell as unknown as Record<string, unknown>)[k] !== undefined);
    if (keys.length === 1 && keys[0] === "v" && cell.v === null) this.delete(r, c);
  }

  *cells(): Generator<[number, number, MemCell]> {
    for (const [r, row] of this.rows) for (const [c, cell] of row) yield [r, c, cell];
  }

  /**
   * Bounding box of used cells: with `valuesOnly`, cells with a value or formula; otherwise also
   * formatted cells and merges. Undefined for an empty sheet.
   */
  usedArea(valuesOnly = false): Area | undefined {
    let r1 = Infinity;
    let c1 = Infinity;
    let r2 = -1;
    let c2 = -1;
    const take = (r: number, c: number) => {
      if (r < r1) r1 = r;
      if (c < c1) c1 = c;
      if (r > r2) r2 = r;
      if (c > c2) c2 = c;
    };
    for (const [r, c, cell] of this.cells()) {
      const hasValue = cell.f !== undefined || (cell.v !== null && cell.v !== "");
      if (hasValue || (!valuesOnly && hasFormat(cell))) take(r, c);
    }
    if (!valuesOnly) {
      for (const m of this.merges) {
        take(m.r1, m.c1);
        take(m.r2, m.c2);
      }
    }
    return r2 < 0 ? undefined : { r1, c1, r2, c2 };
  }

  mergeAt(r: number, c: number): Area | undefined {
    return this.merges.find((m) => r >= m.r1 && r <= m.r2 && c >= m.c1 && c <= m.c2);
  }
}

function hasFormat(cell: MemCell): boolean {
  return !!(cell.fmt || cell.bold || cell.italic || cell.color || cell.fill || cell.indent || cell.note || cell.link || cell.borders || cell.vAlign || cell.wrap || cell.hAlign);
}

export type ChangeKind = "cells" | "sheets" | "selection" | "settings" | "workbook";

export interface WorkbookStats {
  /** Excel.run calls. */
  runs: number;
  /** context.sync() round trips (including the implicit one at the end of Excel.run). */
  syncs: number;
  /** Syncs that carried at least one write. */
  writeSyncs: number;
  /** Largest request seen, in approximate bytes (commands and their data). */
  maxRequestBytes?: number;
  /** Largest response seen, in approximate bytes (the values loads returned). */
  maxResponseBytes?: number;
  /** Every request, in order (bytes sent, bytes returned, commands). */
  requests: { bytes: number; responseBytes: number; commands: number; failed?: string }[];
  /** suspendApiCalculationUntilNextSync / suspendScreenUpdatingUntilNextSync calls. */
  calcSuspended: number;
  screenSuspended: number;
  /** application.calculate calls. */
  calculations: number;
  /** Ctrl+Z steps the add-in's writes made (one per writing sync, one per Excel.run with mergeUndoGroup on 1.20). */
  undoSteps: number;
  /** Options of every Excel.run call. */
  runCalls: { delayForCellEdit?: boolean; mergeUndoGroup?: boolean }[];
}

/** Failures a test asks the stand-in to produce (an Office error at a given sync, or at Excel.run). */
export interface Faults {
  /** Errors the next syncs throw before applying anything, in order (undefined = succeed). */
  syncs: (Error | undefined)[];
  /** Thrown by Excel.run before the batch runs (e.g. InvalidOperationInCellEditMode). */
  run?: Error;
}

export class MemWorkbook {
  sheets: MemSheet[] = [];
  activeSheet = "";
  selection: { sheet: string; area: Area } | null = null;
  readonly settings = new Map<string, unknown>();
  /** Custom XML parts (ExcelApi 1.5): id → { namespace, xml }. */
  readonly customXmlParts = new Map<string, { namespace: string; xml: string }>();
  readonly stats: WorkbookStats = { runs: 0, syncs: 0, writeSyncs: 0, requests: [], undoSteps: 0, calcSuspended: 0, screenSuspended: 0, calculations: 0, runCalls: [] };
  readonly faults: Faults = { syncs: [] };
  /** When set, every write command applied is logged as [kind, sheet, address] (tests). */
  log?: [string, string, string][];
  /**
   * Formulas changed while calculation was suspended (suspendApiCalculationUntilNextSync) and not
   * recalculated since: reads show their old values until application.calculate (as in Excel,
   * where re-calculating after a suspended batch is the add-in's job).
   */
  calcPending = false;
  private listeners = new Set<(kind: ChangeKind) => void>();
  private dirtyAll = false;
  private dirtyCells: { sheet: string; r: number; c: number }[] = [];
  private version = 0;

  constructor(public name = "Book1.xlsx") {}

  /** Case-insensitive sheet lookup, like Excel. */
  sheet(name: string): MemSheet | undefined {
    const n = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === n);
  }

  addSheet(name: string): MemSheet {
    if (this.sheet(name)) throw new Error(`sheet ${name} exists`);
    const s = new MemSheet(name);
    this.sheets.push(s);
    if (!this.activeSheet) this.activeSheet = s.name;
    return s;
  }

  deleteSheet(name: string): void {
    const s = this.sheet(name);
    if (!s) return;
    this.sheets = this.sheets.filter((x) => x !== s);
    if (this.activeSheet.toLowerCase() === name.toLowerCase()) this.activeSheet = this.sheets[0]?.name ?? "";
    if (this.selection && this.selection.sheet.toLowerCase() === name.toLowerCase()) this.selection = null;
  }

  active(): MemSheet {
    const s = this.sheet(this.activeSheet) ?? this.sheets[0];
    if (!s) throw new Error("workbook has no sheets");
    return s;
  }

  /** Mark every formula stale (structure changed); all are re-evaluated before the next read. */
  touch(): void {
    this.dirtyAll = true;
  }

  /** A cell's content changed: it and the formulas depending on it are re-evaluated before the next read. */
  markDirty(sheet: string, r: number, c: number): void {
    this.dirtyCells.push({ sheet: sheet.toLowerCase(), r, c });
  }

  /** Current change counter (bumps on every notify). */
  get revision(): number {
    return this.version;
  }

  subscribe(fn: (kind: ChangeKind) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  notify(kind: ChangeKind): void {
    this.version++;
    for (const fn of [...this.listeners]) fn(kind);
  }

  /** Recalculate what changed since the last calculation (Excel's automatic calculation). */
  ensureCalculated(): void {
    if (this.calcPending) return;
    if (this.dirtyAll) this.recalculate();
    else if (this.dirtyCells.length) this.recalculate(this.dirtyCells);
  }

  /**
   * Evaluate formulas: all of them (no argument), or those written or depending, directly or
   * through other formulas, on the given changed cells. A formula the evaluator cannot compute
   * keeps its cached value (calc = "cached"); a cycle reads 0 (Excel warns and shows 0).
   *
   * Linear in the size of the workbook plus the work of the evaluation: the formulas are gathered
   * once, their dependents found through a spatial index of the cells and ranges they refer to
   * (see DependencyIndex), each formula evaluated at most once (on demand, in dependency order).
   */
  recalculate(changed?: { sheet: string; r: number; c: number }[]): void {
    this.dirtyAll = false;
    this.dirtyCells = [];
    const todo = new Set<MemCell>();
    const formulas: FormulaAt[] = [];
    for (const s of this.sheets) for (const [r, c, cell] of s.cells()) if (cell.f) formulas.push({ sheet: s, r, c, cell });
    if (!changed) {
      for (const f of formulas) todo.add(f.cell);
    } else if (changed.length) {
      const changedKeys = new Set<string>();
      for (const d of changed) changedKeys.add(cellKey(d.sheet, d.r, d.c));
      for (const f of formulas) if (changedKeys.has(cellKey(f.sheet.name.toLowerCase(), f.r, f.c))) todo.add(f.cell);
      const index = new DependencyIndex(this.sheets, formulas, changed);
      const frontier = [...changed];
      while (frontier.length) {
        const d = frontier.pop()!;
        index.dependents(d.sheet, d.r, d.c, (f) => {
          if (todo.has(f.cell)) return;
          todo.add(f.cell);
          frontier.push({ sheet: f.sheet.name.toLowerCase(), r: f.r, c: f.c });
        });
      }
    }
    if (todo.size === 0) return;
    const done = new Set<MemCell>();
    const busy = new Set<MemCell>();
    const byName = new Map<string, MemSheet | undefined>();
    const sheetOf = (name: string): MemSheet | undefined => {
      const key = name.toLowerCase();
      if (!byName.has(key)) byName.set(key, this.sheet(key));
      return byName.get(key);
    };
    // A formula's value never changes whether its cell is in use (it has a formula), so the used
    // area of a sheet is fixed while formulas are evaluated.
    const extents = new Map<MemSheet, { rows: number; cols: number }>();
    const compute = (sheet: MemSheet, cell: MemCell): void => {
      if (done.has(cell) || busy.has(cell) || !cell.f) return;
      busy.add(cell);
      const res = evaluateFormula(cell.f, sheet.name, host);
      busy.delete(cell);
      done.add(cell);
      if (res.unsupported !== undefined) {
        cell.calc = "cached";
        cell.unsupported = res.unsupported;
      } else {
        cell.v = res.value;
        cell.error = res.error || undefined;
        cell.calc = "evaluated";
        cell.unsupported = undefined;
      }
    };
    const host: FormulaHost = {
      cell(sheetName, r, c) {
        const s = sheetOf(sheetName);
        const cell = s?.get(r, c);
        if (!s || !cell) return undefined;
        if (cell.f && todo.has(cell) && !done.has(cell)) {
          if (busy.has(cell)) return { v: 0 };
          compute(s, cell);
        }
        return cell;
      },
      sheetName(name) {
        return sheetOf(name)?.name;
      },
      extent(sheetName) {
        const s = sheetOf(sheetName);
        if (!s) return { rows: 1, cols: 1 };
        let e = extents.get(s);
        if (!e) {
          const area = s.usedArea(true);
          e = area ? { rows: area.r2 + 1, cols: area.c2 + 1 } : { rows: 1, cols: 1 };
          extents.set(s, e);
        }
        return e;
      },
    };
    for (const f of formulas) if (todo.has(f.cell)) compute(f.sheet, f.cell);
  }

  /** Evaluate only formulas without a cached value (a freshly opened file keeps Excel's cached results). */
  calculateMissing(): void {
    const changed: { sheet: string; r: number; c: number }[] = [];
    for (const s of this.sheets) for (const [r, c, cell] of s.cells()) if (cell.f && cell.v === null) changed.push({ sheet: s.name.toLowerCase(), r, c });
    if (changed.length) this.recalculate(changed);
  }

  /** Save and reopen: a deep copy (cells, layout, charts, tables, settings, custom XML parts), fresh statistics. */
  clone(): MemWorkbook {
    const wb = new MemWorkbook(this.name);
    for (const s of this.sheets) {
      const t = wb.addSheet(s.name);
      for (const [r, c, cell] of s.cells()) {
        const copy = { ...cell };
        if (cell.borders) copy.borders = { ...cell.borders };
        t.ensure(r, c);
        t.rows.get(r)!.set(c, copy);
      }
      t.merges = s.merges.map((m) => ({ ...m }));
      for (const r of s.hiddenRows) t.hiddenRows.add(r);
      for (const c of s.hiddenCols) t.hiddenCols.add(c);
      for (const [c, w] of s.colWidths) t.colWidths.set(c, w);
      t.protected = s.protected;
      t.freezeRows = s.freezeRows;
      t.freezeCols = s.freezeCols;
      t.charts = s.charts.map((ch) => ({ ...ch, position: ch.position && { ...ch.position }, series: ch.series.map((x) => ({ ...x })) }));
      t.tables = s.tables.map((x) => ({ name: x.name, area: { ...x.area } }));
      t.spills = s.spills.map((x) => ({ ...x }));
      t.orientation = s.orientation;
      t.tabColor = s.tabColor;
    }
    wb.activeSheet = this.activeSheet;
    for (const [k, v] of this.settings) wb.settings.set(k, JSON.parse(JSON.stringify(v)));
    for (const [k, v] of this.customXmlParts) wb.customXmlParts.set(k, { ...v });
    return wb;
  }

  /** "Sheet!B7" / "'My sheet'!B7:C9" */
  static address(sheet: string, area: Area): string {
    const single = area.r1 === area.r2 && area.c1 === area.c2;
    return `${quoteSheet(sheet)}!${single ? a1(area.r1, area.c1) : areaA1(area)}`;
  }

  /**
   * A plain snapshot of one sheet's cell contents keyed by A1 (for tests and debugging): absent
   * properties are left out, and so is the evaluator's bookkeeping (`calc`, `unsupported`), which
   * says how a value was obtained, not what the cell holds; `{ evaluation: true }` keeps it.
   */
  dump(sheetName: string, opts: { evaluation?: boolean } = {}): Record<string, MemCell> {
    const s = this.sheet(sheetName);
    const out: Record<string, MemCell> = {};
    if (!s) return out;
    for (const [r, c, cell] of s.cells()) {
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(cell)) if (v !== undefined && k !== "quoted" && (opts.evaluation || (k !== "calc" && k !== "unsupported"))) copy[k] = v;
      out[a1(r, c)] = copy as unknown as MemCell;
    }
    return out;
  }
}

function cellKey(sheet: string, r: number, c: number): string {
  return `${sheet}\u0000${r}\u0000${c}`;
}

type Ref = ReturnType<typeof formulaRefs>[number];

/** formulaRefs by formula text: a filled column repeats the same few formulas a thousand times over. */
const refsCache = new Map<string, Ref[]>();

function cachedRefs(formula: string): Ref[] {
  let refs = refsCache.get(formula);
  if (!refs) {
    refs = formulaRefs(formula);
    if (refsCache.size >= 100_000) refsCache.clear();
    refsCache.set(formula, refs);
  }
  return refs;
}

interface FormulaAt {
  sheet: MemSheet;
  r: number;
  c: number;
  cell: MemCell;
}

interface RefEntry {
  f: FormulaAt;
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/** Rows per bucket of the dependency index (a power of two). */
const BUCKET_SHIFT = 5;
/** A reference covering at most this many buckets is filed in each of them... */
const MAX_BUCKETS_PER_REF = 64;
/** ...else, when it spans at most this many columns, under each column; else under its sheet. */
const MAX_COLUMNS_PER_REF = 64;

interface SheetRefs {
  /** (column, block of rows) → references covering part of it. */
  buckets: Map<number, RefEntry[]>;
  /** Column → tall references covering part of it. */
  columns: Map<number, RefEntry[]>;
  /** References both tall and wide. */
  wide: RefEntry[];
}

/**
 * Which formulas refer to a given cell. Every reference of every formula (a cell or a range, on its
 * own or another sheet), clipped to the cells that exist or changed on that sheet (nothing outside
 * them is ever asked about), is filed under the (column, block of 32 rows) buckets it covers; a
 * tall reference (a whole column, a long SUM) under its columns instead, and one both tall and
 * wide under its sheet. Building the index costs O(64) per reference, whatever the size of the
 * sheet; a query looks at one bucket, one column list and the sheet's list. Finding the dependents
 * of n changed cells thus costs O(n) plus the references involved, instead of scanning every formula
 * for every changed cell (O(n x formulas)).
 */
class DependencyIndex {
  /** Lower-cased sheet name → its references. */
  private readonly sheets = new Map<string, SheetRefs>();

  constructor(sheets: MemSheet[], formulas: FormulaAt[], changed: { sheet: string; r: number; c: number }[]) {
    const bounds = new Map<string, { r: number; c: number }>();
    const grow = (sheet: string, r: number, c: number) => {
      const b = bounds.get(sheet);
      if (!b) bounds.set(sheet, { r, c });
      else {
        if (r > b.r) b.r = r;
        if (c > b.c) b.c = c;
      }
    };
    for (const s of sheets) {
      const key = s.name.toLowerCase();
      for (const [r, row] of s.rows) for (const c of row.keys()) grow(key, r, c);
    }
    for (const d of changed) grow(d.sheet, d.r, d.c);
    const file = (map: Map<number, RefEntry[]>, key: number, entry: RefEntry) => {
      const list = map.get(key);
      if (list) list.push(entry);
      else map.set(key, [entry]);
    };
    for (const f of formulas) {
      const home = f.sheet.name.toLowerCase();
      for (const x of cachedRefs(f.cell.f!)) {
        const sheet = x.sheet === undefined ? home : x.sheet.toLowerCase();
        const b = bounds.get(sheet);
        if (!b || x.r1 > b.r || x.c1 > b.c) continue; // no cell there can change
        const entry: RefEntry = { f, r1: x.r1, c1: x.c1, r2: x.r2, c2: x.c2 };
        let refs = this.sheets.get(sheet);
        if (!refs) this.sheets.set(sheet, (refs = { buckets: new Map(), columns: new Map(), wide: [] }));
        const r2 = Math.min(x.r2, b.r);
        const c2 = Math.min(x.c2, b.c);
        const b1 = x.r1 >> BUCKET_SHIFT;
        const b2 = r2 >> BUCKET_SHIFT;
        const cols = c2 - x.c1 + 1;
        if (cols * (b2 - b1 + 1) <= MAX_BUCKETS_PER_REF) {
          for (let c = x.c1; c <= c2; c++) for (let k = b1; k <= b2; k++) file(refs.buckets, bucketKey(c, k), entry);
        } else if (cols <= MAX_COLUMNS_PER_REF) {
          for (let c = x.c1; c <= c2; c++) file(refs.columns, c, entry);
        } else {
          refs.wide.push(entry);
        }
      }
    }
  }

  /** Calls `fn` for every formula with a reference containing the cell (a formula may come more than once). */
  dependents(sheet: string, r: number, c: number, fn: (f: FormulaAt) => void): void {
    const refs = this.sheets.get(sheet);
    if (!refs) return;
    visit(refs.buckets.get(bucketKey(c, r >> BUCKET_SHIFT)), r, c, fn);
    visit(refs.columns.get(c), r, c, fn);
    visit(refs.wide, r, c, fn);
  }
}

function visit(list: RefEntry[] | undefined, r: number, c: number, fn: (f: FormulaAt) => void): void {
  if (list) for (const e of list) if (r >= e.r1 && r <= e.r2 && c >= e.c1 && c <= e.c2) fn(e.f);
}

function bucketKey(c: number, bucket: number): number {
  return c * 32768 + bucket;
}
