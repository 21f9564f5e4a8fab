/**
 * The audit's per-table context (row / column lookups, the parent → children tree, the engine's
 * ComputedCells by position, and the engine's unchained values computed on demand), the finding
 * builder, and small lookups shared by the rule families in ./rules/.
 */
import type { Area } from "../grid";
import { Grid, a1, colLetter } from "../grid";
import type { ColumnModel, ComputedCell, EngineOptions, Finding, Message, Role, RowModel, Severity, TableModel } from "../model";
import type { Scalar } from "../grid";
import { cellComputer } from "../compute";
import { isPlainNumber, plainFormat, readStated, statedValue } from "./util";
import { AUDIT_RULES, type AuditRule } from "./ruleIds";
import { UnchainedCheck } from "./unchained";
import { ALL_ROLES, FOOTER_LEVELS, RP_ROLES, PERCENT_ROLES, roleNoun } from "../domain";

// Role and level facts come from the domain catalog (../domain); re-exported for the rule files.
export { PERCENT_ROLES, RP_ROLES, FOOTER_LEVELS, LEVEL_NAME } from "../domain";

/** Names of computed roles inside a finding's sentence (the catalog's nouns). */
export const ROLE_NAME: Partial<Record<Role, Message>> = Object.fromEntries(
  ALL_ROLES.flatMap((r) => {
    const noun = roleNoun(r);
    return noun ? [[r, noun]] : [];
  }),
);

export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Per-table context

const NO_ROWS: readonly RowModel[] = [];

export class TableCtx {
  readonly colByCol = new Map<number, ColumnModel>();
  /**
   * The table's rows by sheet row (the last one of a row wins) and parent row → child rows
   * (indikator and footer rows excluded): arrays indexed by row, not Maps (a report has
   * thousands of rows and the audit looks rows up per cell).
   */
  private readonly rowsAt: (RowModel | undefined)[] = [];
  private readonly kids: (RowModel[] | undefined)[] = [];
  /** ComputedCells of this sheet by position (made on first need). */
  // Fields made on first need start as undefined here, so that every TableCtx has one shape
  // (see SHAPES at the end of this file).
  private computedAt: CellIndex | undefined = undefined;
  private top: RowModel[] | undefined = undefined;
  private byLetter: Map<string, ColumnModel> | undefined = undefined;
  /**
   * The engine's values when every computed cell takes the engine's result instead of the stated
   * content (no chaining through stated values). A stated value matching this is consistent with
   * the true inputs; the wrong upstream cell is flagged at its origin, so it is not flagged again.
   */
  private pure: ((row: number, col: number) => ComputedCell | undefined) | null | undefined = undefined;
  private unchained: UnchainedCheck | undefined = undefined;
  /** Cells of the table's area holding a formula, one byte each (made on first need). */
  private formulas: Uint8Array | undefined = undefined;

  constructor(
    readonly grid: Grid,
    readonly table: TableModel,
    readonly cells: ComputedCell[],
    readonly opts: EngineOptions,
  ) {
    const rows = table.rows;
    for (let i = 0; i < rows.length; i++) this.rowsAt[rows[i].row] = rows[i];
    for (const c of table.columns) this.colByCol.set(c.col, c);
    // Child lists of their exact length (counted first, by parent row): no growth slack in
    // thousands of lists.
    let maxParent = -1;
    for (let i = 0; i < rows.length; i++) {
      const p = rows[i].parent;
      if (p !== undefined && Number.isInteger(p) && p > maxParent) maxParent = p;
    }
    const count = new Int32Array(maxParent + 1);
    const filled = new Int32Array(maxParent + 1);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r.parent === undefined || r.level === "indikator" || FOOTER_LEVELS.has(r.level)) continue;
      if (Number.isInteger(r.parent) && r.parent >= 0) count[r.parent]++;
    }
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const p = r.parent;
      if (p === undefined || r.level === "indikator" || FOOTER_LEVELS.has(r.level)) continue;
      if (!(Number.isInteger(p) && p >= 0)) {
        const list = this.kids[p];
        if (list) list.push(r);
        else this.kids[p] = [r];
        continue;
      }
      let list = this.kids[p];
      if (!list) this.kids[p] = list = new Array<RowModel>(count[p]);
      list[filled[p]++] = r;
    }
  }

  /** The table's row at sheet row r. */
  rowAt(r: number): RowModel | undefined {
    return this.rowsAt[r];
  }

  /** The child rows of parent row r (none: an empty list). */
  children(r: number): readonly RowModel[] {
    return this.kids[r] ?? NO_ROWS;
  }

  /** The engine's ComputedCell at (r, c), if it computes that cell. */
  computedCell(r: number, c: number): ComputedCell | undefined {
    return (this.computedAt ??= new CellIndex(this.cells, this.grid.sheet, this.table.area)).get(r, c);
  }

  /**
   * The engine's value without chaining through stated values: the chained ComputedCell where
   * ./unchained.ts proves the two equal, else computed on demand, only the asked cell and what it
   * reads (compute's `cellComputer`, equal to a whole second computeTable).
   */
  pureAt(r: number, c: number): ComputedCell | undefined {
    if (this.pure === null) return undefined;
    // Most cells read no stated computed value that the engine would replace (./unchained.ts):
    // their unchained value is the chained one, without a second computation of the table.
    const cc = this.computedCell(r, c);
    if (cc && (this.unchained ??= new UnchainedCheck(this)).same(cc)) return cc;
    try {
      this.pure ??= cellComputer(this.grid, this.table, { ...this.opts, overwrite: () => true });
      return this.pure(r, c);
    } catch {
      // the alternative is optional: without it, cascaded differences are reported
      this.pure = null;
      return undefined;
    }
  }

  /**
   * The cell (r, c) holds a formula (`grid.get(r, c)?.f`). Inside the table's area this is read
   * from one row-by-row pass over the area, made on first need: the formula rules ask it for every
   * row of every amount column, and one pass in the grid's own order beats a pass per column.
   */
  hasFormula(r: number, c: number): boolean {
    const { r1, c1, r2, c2 } = this.table.area;
    const width = c2 - c1 + 1;
    const height = r2 - r1 + 1;
    const dr = r - r1;
    const dc = c - c1;
    if (!(dr >= 0 && dr < height && dc >= 0 && dc < width && Number.isInteger(dr) && Number.isInteger(dc)) || width * height > MAX_DENSE) {
      return !!this.grid.get(r, c)?.f;
    }
    if (this.formulas === undefined) {
      const mask = new Uint8Array(width * height);
      for (let i = 0; i < height; i++) {
        const cells = this.grid.cells[r1 + i];
        if (cells === undefined) continue;
        const last = Math.min(c2, cells.length - 1);
        for (let k = c1; k <= last; k++) {
          const cell = cells[k];
          if (cell !== undefined && cell.f) mask[i * width + (k - c1)] = 1;
        }
      }
      this.formulas = mask;
    }
    return this.formulas[dr * width + dc] === 1;
  }

  /** The table's column at column letters ("K"), the first one there. */
  columnAt(letters: string): ColumnModel | undefined {
    if (!this.byLetter) {
      this.byLetter = new Map();
      for (const col of this.table.columns) {
        const l = colLetter(col.col);
        if (!this.byLetter.has(l)) this.byLetter.set(l, col);
      }
    }
    return this.byLetter.get(letters);
  }

  column(role: Role, measure?: "k" | "rp"): ColumnModel | undefined {
    return this.table.columns.find((c) => c.role === role && (measure === undefined || (c.measure ?? "k") === measure));
  }

  /** Rows a total row adds up: the top-level data rows. */
  topLevel(): readonly RowModel[] {
    return (this.top ??= this.table.rows.filter((r) => r.parent === undefined && r.level !== "indikator" && !FOOTER_LEVELS.has(r.level)));
  }

  /** Data rows whose numbers a parent or total adds up. */
  childrenOf(row: RowModel): readonly RowModel[] {
    if (row.level === "total") return this.topLevel();
    return this.children(row.row);
  }

  isRpColumn(col: ColumnModel): boolean {
    if (col.percent) return false;
    return col.measure === "rp" || RP_ROLES.has(col.role);
  }

  /** An empty TableCtx with every field made (CellIndex, UnchainedCheck …): see SHAPES below. */
  static shapeKeeper(): TableCtx {
    const empty = { rows: [], columns: [], area: { r1: 0, c1: 0, r2: -1, c2: -1 } } as unknown as TableModel;
    const ctx = new TableCtx(new Grid(""), empty, [], {} as EngineOptions);
    ctx.computedCell(0, 0);
    ctx.topLevel();
    ctx.columnAt("A");
    ctx.hasFormula(0, 0);
    ctx.unchained = new UnchainedCheck(ctx);
    return ctx;
  }
}

/**
 * ComputedCells of one sheet by position (the last one of a cell wins). Over the table's area an
 * Int32Array holds each cell's index + 1 in `cells` (0: none), one store per cell and no arrays
 * grown per column (half a million cells at 50,000 rows); a cell outside the area, if any, is
 * kept in a Map.
 */
const MAX_DENSE = 1 << 25;

class CellIndex {
  private readonly at: Int32Array;
  private readonly r1: number;
  private readonly c1: number;
  private readonly width: number;
  private readonly height: number;
  private outside: Map<number, Map<number, ComputedCell>> | undefined = undefined;

  constructor(
    private readonly cells: readonly ComputedCell[],
    sheet: string,
    area: Area,
  ) {
    this.r1 = area.r1;
    this.c1 = area.c1;
    const width = Math.max(0, area.c2 - area.c1 + 1);
    const height = Math.max(0, area.r2 - area.r1 + 1);
    // An implausibly large area (a whole sheet) keeps every cell in the Map instead.
    const dense = width * height <= MAX_DENSE;
    this.width = dense ? width : 0;
    this.height = dense ? height : 0;
    this.at = new Int32Array(this.width * this.height);
    for (let i = 0; i < cells.length; i++) {
      const cc = cells[i];
      if (cc.sheet !== sheet) continue;
      const k = this.slot(cc.row, cc.col);
      if (k >= 0) this.at[k] = i + 1;
      else {
        this.outside ??= new Map();
        let byRow = this.outside.get(cc.col);
        if (!byRow) this.outside.set(cc.col, (byRow = new Map()));
        byRow.set(cc.row, cc);
      }
    }
  }

  /** The slot of (r, c) in `at`, or -1 outside the area. */
  private slot(r: number, c: number): number {
    const dr = r - this.r1;
    const dc = c - this.c1;
    if (!(dr >= 0 && dr < this.height && dc >= 0 && dc < this.width && Number.isInteger(dr) && Number.isInteger(dc))) return -1;
    return dr * this.width + dc;
  }

  get(r: number, c: number): ComputedCell | undefined {
    const k = this.slot(r, c);
    if (k < 0) return this.outside?.get(c)?.get(r);
    const i = this.at[k];
    return i === 0 ? undefined : this.cells[i - 1];
  }
}

// ---------------------------------------------------------------------------------------------
// Findings

export interface Draft {
  rule: AuditRule;
  severity?: Severity;
  row: number;
  col: number;
  stated?: Scalar;
  expected?: Scalar;
  how?: string;
  inputs?: string[];
  message: Message;
}

export function makeFinding(ctx: { grid: Grid; table?: TableModel }, d: Draft): Finding {
  const f: Finding = {
    rule: d.rule,
    severity: d.severity ?? AUDIT_RULES[d.rule],
    sheet: ctx.grid.sheet,
    row: d.row,
    col: d.col,
    cell: a1(d.row, d.col),
    message: d.message,
  };
  if (ctx.table) f.tableId = ctx.table.id;
  if (d.stated !== undefined) f.stated = d.stated;
  if (d.expected !== undefined) f.expected = d.expected;
  if (d.how !== undefined) f.how = d.how;
  if (d.inputs !== undefined) f.inputs = d.inputs;
  return f;
}

/** The "skips …" / "also adds … not part of this row's detail" parts of a sum-range message. */
export function rangeMessageParts(skipped: string[], extra: string[]): { id: string[]; en: string[] } {
  const id: string[] = [];
  const en: string[] = [];
  if (skipped.length) {
    id.push(`melewatkan ${skipped.join(", ")}`);
    en.push(`skips ${skipped.join(", ")}`);
  }
  if (extra.length) {
    id.push(`ikut menjumlahkan ${extra.join(", ")} yang bukan rincian baris ini`);
    en.push(`also adds ${extra.join(", ")}, which ${extra.length > 1 ? "are" : "is"} not part of this row's detail`);
  }
  return { id, en };
}

// ---------------------------------------------------------------------------------------------
// Shared lookups

/** The computed cell sums cells of its own column (a parent or total), not a row-wise formula. */
export function sameColumnInputs(cc: ComputedCell): boolean {
  if (cc.inputs.length === 0) return false;
  for (const s of cc.inputs) if (!refInColumn(s, cc.col, cc.sheet)) return false;
  return true;
}

/**
 * `ref` matches /^(?:(.*)!)?\$?([A-Z]{1,3})\$?\d+$/ with its letters naming column `col` and its
 * sheet (quotes dropped), if any, equal to `sheet`. Read by character codes: it runs once per input
 * of every computed cell, so it builds no string (but for a sheet-qualified reference).
 */
function refInColumn(ref: string, col: number, sheet: string): boolean {
  const bang = ref.lastIndexOf("!");
  let i = bang + 1;
  const n = ref.length;
  if (i < n && ref.charCodeAt(i) === 36) i++; // $
  let c = 0;
  let letters = 0;
  while (i < n && letters < 3) {
    const ch = ref.charCodeAt(i);
    if (ch < 65 || ch > 90) break;
    c = c * 26 + (ch - 64);
    letters++;
    i++;
  }
  if (letters === 0) return false;
  if (i < n && ref.charCodeAt(i) === 36) i++; // $
  const digitsFrom = i;
  while (i < n) {
    const ch = ref.charCodeAt(i);
    if (ch < 48 || ch > 57) return false;
    i++;
  }
  if (i === digitsFrom || c - 1 !== col) return false;
  return bang < 0 || ref.slice(0, bang).replace(/^'|'$/g, "") === sheet;
}

export function numbersAt(ctx: TableCtx, row: number, cols: (ColumnModel | undefined)[]): (number | undefined)[] {
  return cols.map((c) => (c ? statedValue(ctx.grid, row, c.col, c) : undefined));
}


/**
 * The value of input `ref` (same-sheet A1) in percent units: as stated in the cell, or as the
 * engine computed it (its ComputedCell; the stated value when the engine computes nothing there).
 */
export function inputValue(ctx: TableCtx, ref: string, source: "stated" | "computed"): { value?: number; empty: boolean } {
  // "V12" (compute's references) read by character codes; anything else by the pattern.
  let letters = 0;
  while (letters < ref.length && letters < 3 && ref.charCodeAt(letters) >= 65 && ref.charCodeAt(letters) <= 90) letters++;
  let row = 0;
  let k = letters;
  for (; letters > 0 && k < ref.length; k++) {
    const d = ref.charCodeAt(k) - 48;
    if (d < 0 || d > 9) break;
    row = row * 10 + d;
  }
  let r: number;
  let c: ColumnModel | undefined;
  if (letters > 0 && k > letters && k === ref.length && row <= Number.MAX_SAFE_INTEGER) {
    r = row - 1;
    c = ctx.columnAt(ref.slice(0, letters));
  } else {
    const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref);
    if (!m) return NOT_EMPTY;
    r = Number(m[2]) - 1;
    c = ctx.columnAt(m[1]);
  }
  if (!c) return NOT_EMPTY;
  const pct = PERCENT_ROLES.has(c.role) || ctx.rowAt(r)?.level === "rata-rata";
  if (source === "computed") {
    const cc = ctx.computedCell(r, c.col);
    if (cc && typeof cc.value === "number") {
      return { value: pct && cc.numberFormat && /%/.test(cc.numberFormat) ? cc.value * 100 : cc.value, empty: false };
    }
  }
  // No cell, or a stored number: what readStated would say, without a Stated.
  const cell = ctx.grid.get(r, c.col);
  if (cell === undefined) return EMPTY_INPUT;
  if (isPlainNumber(cell)) return { value: pct && plainFormat(cell)?.percent ? cell.v * 100 : cell.v, empty: false };
  const st = readStated(ctx.grid, r, c.col, c);
  if (st.value === undefined) return { empty: ctx.grid.isEmpty(r, c.col) || st.parsed.kind === "placeholder" };
  return { value: st.percentFormat && pct ? st.value * 100 : st.value, empty: false };
}

/** inputValue's answers without a value (shared, never changed). */
const EMPTY_INPUT: { value?: number; empty: boolean } = Object.freeze({ empty: true });
const NOT_EMPTY: { value?: number; empty: boolean } = Object.freeze({ empty: false });

// ---------------------------------------------------------------------------------------------
// Shapes kept alive

/**
 * One empty TableCtx (with its CellIndex and UnchainedCheck), kept for the life of the module.
 * V8 forgets the shape ("map") of a class's objects once a full garbage collection finds none
 * left; the next audit then makes a new shape, and every compiled rule that read the old one is
 * thrown away and compiled again (the 10,000-row audit took about twice as long after a full
 * collection). One object of each shape keeps the shapes, and the compiled rules, from one run to
 * the next (a batch of workbooks, the add-in's re-checks), for the price of a few empty objects.
 */
export const SHAPES: TableCtx = TableCtx.shapeKeeper();
