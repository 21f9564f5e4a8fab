/**
 * The compute scheduler: one TableComputer per table decides, for every cell, which task computes
 * it (registration: regular rows, parent and total sums, rata-rata and predikat rows), computes it
 * once (memoised, with a cycle guard) and hands the formula families (./families/*.ts) the operands
 * they read: a cell's stated content, or the engine's own result where the cell is empty (or will
 * be overwritten), or an inline sub-expression for a role the table has no column for.
 */
import { Grid } from "../grid";
import type { Aggregation, ColumnModel, ComputedCell, Measure, Polarity, Role, RowModel, Scale, TableModel } from "../model";
import { getScale } from "../scale";
import { COMPUTED_ROLES, PERCENT_ROLES } from "../domain/roles";
import { FOOTER_LEVELS } from "../domain/levels";
import { isPercentFormat } from "../domain/formats";
import { type Operand, makeOperand, numOperand, readCell } from "./operand";
import { ColumnStore, EMPTY, FRACTION, LIVE, NUM, OTHER } from "./store";
import { num } from "./formulas";
import { type CellOwner, EngineCell } from "./cell";
import { makeSpecs } from "./specs";
import {
  type ColSpec,
  type ComputeOptions,
  type Computer,
  type Outcome,
  CAPAIAN,
  EFISIENSI,
  KATEGORI,
  KEMAJUAN,
  MEAN,
  NONE,
  PREDIKAT,
  QUARTERS,
  RENJA_MEAN,
  RENSTRA,
  SISA,
  SUM,
  type TaskRows,
  CellArray,
  GENERAL,
  PLAIN_EMPTY,
  PLAIN_NUM,
  msg,
} from "./context";
import { runQuarters } from "./families/quarters";
import { runRatio } from "./families/ratio";
import { runRenstra } from "./families/renstra";
import { runSisa } from "./families/budget";
import { runEfisiensi } from "./families/efisiensi";
import { runKategori, runPredikat } from "./families/kategori";
import { runSum } from "./families/sums";
import { renjaFormat, runMean, runRenjaMean } from "./families/means";


/**
 * Flatten a string built by concatenation (V8 keeps it as a tree of pieces until it is read), so
 * that a result kept in memory is one object: on 50,000-row tables this roughly halves the work
 * of the garbage collector.
 */
function flat(s: string): string {
  s.charCodeAt(s.length - 1);
  return s;
}

/** A flow / stock total `x` reproduces the stated annual value. */
function reproduces(x: number, stated: number): boolean {
  return Math.abs(x - stated) <= Math.max(0.005, Math.abs(x) * 1e-9);
}

/** Every answer of `aggregation` (shared, read-only), indexed by stock (1) + override (2) / stated (4). */
const AGGREGATIONS: ReadonlyArray<{ readonly agg: Aggregation; readonly why?: string }> = [
  { agg: "flow", why: undefined },
  { agg: "stock", why: undefined },
  { agg: "flow", why: "override" },
  { agg: "stock", why: "override" },
  { agg: "flow", why: "stated" },
  { agg: "stock", why: "stated" },
];

export class TableComputer implements Computer, CellOwner {
  readonly rows: RowModel[];
  readonly specs: ColSpec[];
  /** Specs per row: the table's columns, then the virtual ones. */
  readonly nCols: number;
  /** Number of real columns (specs below this index). */
  private readonly nReal: number;
  /** Row index by sheet row (-1: not a row of the table). */
  private readonly rowIndex: Int32Array;
  /** Each column's stated content, read once (./store.ts). */
  private readonly store: ColumnStore;
  private readonly children: (number[] | undefined)[];
  private readonly topLevel: number[] = [];
  private readonly kinds: Uint8Array;
  private readonly results: CellArray<ComputedCell>;
  private readonly busy: Uint8Array;
  readonly taskRows: TaskRows;
  /** Per row: 0 not decided, else 1 + the index of its answer in AGGREGATIONS. */
  private readonly agg: Uint8Array;
  readonly efScale: Scale;
  readonly renjaPair?: [number, number];
  readonly renjaCells = new Map<number, boolean>();

  constructor(
    readonly grid: Grid,
    readonly table: TableModel,
    readonly opts: ComputeOptions,
    /** Build every cell's `how` in the pass (else on demand, ./cell.ts). */
    public describing = false,
  ) {
    this.efScale = getScale("efisiensi");
    this.rows = table.rows;
    const n = this.rows.length;
    let maxRow = -1;
    for (const r of this.rows) if (r.row > maxRow) maxRow = r.row;
    this.rowIndex = new Int32Array(maxRow + 1).fill(-1);
    for (let i = 0; i < n; i++) this.rowIndex[this.rows[i].row] = i;
    const columns: ColumnModel[] = [...table.columns].sort((x, y) => x.col - y.col);
    this.store = new ColumnStore(grid, this.rows, columns.map((c) => c.col));
    const built = makeSpecs(this.store, columns, opts, this.efScale);
    this.specs = built.specs;
    this.nReal = built.real;
    this.renjaPair = built.renjaPair;
    this.nCols = this.specs.length;
    this.kinds = new Uint8Array(n * this.nCols);
    this.results = new CellArray(n, this.nCols);
    this.busy = new Uint8Array(n * this.nCols);
    this.taskRows = new CellArray(n, this.nCols);
    this.agg = new Uint8Array(n);
    this.children = new Array(n);
    for (let i = 0; i < n; i++) {
      const row = this.rows[i];
      if (FOOTER_LEVELS.has(row.level)) continue;
      const p = this.indexOf(row.parent);
      if (p !== undefined) {
        if (row.level === "indikator") continue; // an extra indicator row is not a child amount
        (this.children[p] ??= []).push(i);
      } else if (row.level !== "indikator") {
        this.topLevel.push(i);
      }
    }
  }

  /**
   * An empty TableComputer with a cell, every field made and every field's kind of content seen
   * (see COMPUTE_SHAPES in ./index.ts).
   */
  static shapeKeeper(): { computer: TableComputer; cell: EngineCell } {
    const empty = { id: "", sheet: "", rows: [], columns: [], area: { r1: 0, c1: 0, r2: -1, c2: -1 } } as unknown as TableModel;
    const computer = new TableComputer(new Grid(""), empty, {} as ComputeOptions);
    computer.plainValue = 0.5;
    computer.annualK();
    computer.compute();
    const cell = new EngineCell(computer, 0, 0, 0, "other", 0.5, "=A1", undefined, undefined, undefined);
    cell.value = null;
    cell.value = "";
    cell.numberFormat = undefined;
    return { computer, cell };
  }

  /** The row index of a sheet row, if it is a row of the table. */
  private indexOf(row: number | undefined): number | undefined {
    if (row === undefined || row < 0 || row >= this.rowIndex.length) return undefined;
    const i = this.rowIndex[row];
    return i < 0 ? undefined : i;
  }

  // -------------------------------------------------------------------------------------------
  // Tasks

  private registerTasks(): void {
    const n = this.rows.length;
    for (let i = 0; i < n; i++) {
      const level = this.rows[i].level;
      if (level === "rata-rata") this.registerMean(i);
      else if (level === "predikat") this.registerPredikat(i);
      else this.registerRow(i);
    }
  }

  private registerRow(i: number): void {
    const isTotal = this.rows[i].level === "total";
    let kids = this.children[i];
    if (!kids?.length && isTotal) kids = this.topLevel;
    const base = i * this.nCols;
    for (let j = 0; j < this.nCols; j++) {
      const spec = this.specs[j];
      if (kids?.length && spec.amount) {
        this.kinds[base + j] = SUM;
        this.taskRows.set(base + j, kids);
      } else if (spec.regular !== NONE && !(isTotal && spec.kinerja)) {
        // K is not summed across indicators: a total row has no K results (nor kategori/efisiensi).
        this.kinds[base + j] = spec.regular;
      }
    }
  }

  /** Rows a rata-rata row averages: program-level rows (and their extra indicator rows), else leaves. */
  private meanRows(index: number): number[] {
    let start = 0;
    for (let j = index - 1; j >= 0; j--) {
      if (this.rows[j].level === "rata-rata") {
        start = j + 1;
        break;
      }
    }
    const program: number[] = [];
    const leaves: number[] = [];
    for (let i = start; i < index; i++) {
      const r = this.rows[i];
      if (FOOTER_LEVELS.has(r.level)) continue;
      const p = this.indexOf(r.parent);
      if (r.level === "program" || (r.level === "indikator" && p !== undefined && this.rows[p].level === "program")) program.push(i);
      if (!this.children[i]?.length) leaves.push(i);
    }
    return program.length ? program : leaves;
  }

  private registerMean(i: number): void {
    const rows = this.meanRows(i);
    if (!rows.length) return;
    const r = this.rows[i].row;
    const base = i * this.nCols;
    for (let j = 0; j < this.nReal; j++) {
      const spec = this.specs[j];
      const role = spec.col.role;
      if (PERCENT_ROLES.has(role) || role === "efisiensi") {
        // Kinerja capaian always; other percentages only where the template states one.
        const kinerja = spec.m === "k" && role !== "efisiensi";
        if (kinerja || !this.grid.isEmpty(r, spec.col.col)) {
          this.kinds[base + j] = MEAN;
          this.taskRows.set(base + j, rows);
        }
      } else if (role === "kategori" && spec.regular === KATEGORI) {
        this.kinds[base + j] = KATEGORI;
      }
    }
    this.registerRenjaMean(i, rows);
  }

  /**
   * A Renja matrix without a capaian Renja column (seed 001) states its "Rata-rata capaian kinerja"
   * in some other column of the footer row (H50 under target Renja K): the mean of the rows'
   * realisasi Renja K / target Renja K × 100 goes where the template states it, else into the
   * first free K column of the row. Not when the stated value sits in a column already averaged.
   */
  private registerRenjaMean(i: number, rows: number[]): void {
    if (!this.renjaPair) return;
    const r = this.rows[i].row;
    const base = i * this.nCols;
    let at = -1;
    for (let j = 0; j < this.nReal && at < 0; j++) {
      const o = readCell(this.grid, r, this.specs[j].col.col, this.specs[j].col);
      if (o.kind === "num" || o.kind === "error" || o.live) at = j;
    }
    if (at >= 0 && this.kinds[base + at] !== NONE) return;
    if (at < 0) {
      for (let j = 0; j < this.nReal && at < 0; j++) {
        const spec = this.specs[j];
        const c = spec.col.col;
        if (spec.col.measure !== "k" || this.kinds[base + j] !== NONE || !this.grid.isEmpty(r, c)) continue;
        const m = this.grid.merges.length ? this.grid.mergeAt(r, c) : undefined;
        if (m && (m.r1 !== r || m.c1 !== c)) continue;
        at = j;
      }
    }
    if (at < 0) return;
    const cell = this.grid.get(r, this.specs[at].col.col);
    this.kinds[base + at] = RENJA_MEAN;
    this.taskRows.set(base + at, rows);
    this.renjaCells.set(base + at, typeof cell?.v === "number" && isPercentFormat(cell.fmt));
  }

  private registerPredikat(i: number): void {
    let from = -1;
    for (let k = i - 1; k >= 0; k--) {
      if (this.rows[k].level === "rata-rata") {
        from = k;
        break;
      }
    }
    if (from < 0) return;
    const r = this.rows[i].row;
    for (let j = 0; j < this.nReal; j++) {
      const src = this.kinds[from * this.nCols + j];
      if (src !== MEAN && src !== RENJA_MEAN) continue;
      const spec = this.specs[j];
      const kinerja = src === RENJA_MEAN || (spec.m === "k" && spec.col.role !== "efisiensi");
      if (kinerja || !this.grid.isEmpty(r, spec.col.col)) {
        this.kinds[i * this.nCols + j] = PREDIKAT;
        this.taskRows.set(i * this.nCols + j, [from]);
        if (src === RENJA_MEAN) this.renjaCells.set(i * this.nCols + j, false);
      }
    }
  }

  /** The role a cell's result has: its column's, except for the Renja rata-rata / predikat cells. */
  private roleAt(f: number, spec: ColSpec): Role {
    return this.renjaCells.size !== 0 && this.renjaCells.has(f) ? "capaian_renja" : spec.col.role;
  }

  // -------------------------------------------------------------------------------------------
  // Operands

  /**
   * A1 of row i, spec j (a real column). Made on each use: a short string that dies young costs
   * less than a table-wide cache of them kept alive through every collection of the pass
   * (inputs are built on demand, ./cell.ts, so few of these strings outlive their formula).
   */
  refAt(i: number, j: number): string {
    return this.specs[j].letters + (this.rows[i].row + 1);
  }

  /** The cell is empty as far as filling goes (the fill writes only empty cells). */
  private isEmptyAt(i: number, j: number): boolean {
    const cls = this.store.column(j).cls[i];
    return cls === EMPTY || (cls === OTHER && this.grid.isEmpty(this.rows[i].row, this.specs[j].col.col));
  }

  /** A forced fill overwrites this non-empty computed cell: downstream cells use the engine's result. */
  private overwritten(f: number, spec: ColSpec): boolean {
    const ow = this.opts.overwrite;
    if (!ow) return false;
    const role = this.roleAt(f, spec);
    return COMPUTED_ROLES.has(role) && ow(role);
  }

  /** Row i, spec j takes the engine's result rather than the cell's stated content. */
  private usesResult(i: number, j: number, f: number): boolean {
    return this.kinds[f] !== NONE && (this.isEmptyAt(i, j) || this.overwritten(f, this.specs[j]));
  }

  /** What row i, column j holds as far as computation goes: stated content, or the engine's result. */
  operand(i: number, j: number): Operand {
    const spec = this.specs[j];
    if (spec.virtual) return this.inlineOperand(i, j);
    const f = i * this.nCols + j;
    const ref = this.refAt(i, j);
    if (!this.usesResult(i, j, f)) return this.stated(i, j, ref);
    const res = this.result(i, j);
    const scale = spec.col.scale ?? 1;
    if (res.value === null) {
      if (!this.isEmptyAt(i, j)) return this.stated(i, j, ref);
      return makeOperand("missing", ref, undefined, true, null, scale, { why: res.note });
    }
    if (typeof res.value === "string") return makeOperand("text", ref, undefined, false, res.value, scale);
    const fraction = this.kinds[f] === RENJA_MEAN ? this.renjaCells.get(f) : spec.fraction;
    return numOperand(ref, res.value, true, res.value, scale, fraction, true, res.formula !== undefined);
  }

  /** A cell's stated content as an operand (the column store's, else `readCell`). */
  private stated(i: number, j: number, ref: string): Operand {
    const col = this.specs[j].col;
    const stored = this.store.column(j);
    switch (stored.cls[i]) {
      case EMPTY:
        return makeOperand("empty", ref, undefined, true, null, col.scale ?? 1);
      case NUM: {
        const v = stored.value[i];
        const flags = stored.flags[i];
        return numOperand(ref, v, true, v, col.scale ?? 1, (flags & FRACTION) !== 0, undefined, (flags & LIVE) !== 0);
      }
      default:
        return readCell(this.grid, this.rows[i].row, col.col, col, ref);
    }
  }

  plainValue = 0;

  /**
   * Row i, spec j as a plain operand, without an Operand object (the hot path): PLAIN_NUM (a
   * refable number: `plainValue` is set until the next call), PLAIN_EMPTY (an empty
   * cell without a formula), else GENERAL (read it with `operand`).
   */
  plain(i: number, j: number): number {
    const spec = this.specs[j];
    if (spec.virtual) return GENERAL;
    const f = i * this.nCols + j;
    if (this.usesResult(i, j, f)) {
      const res = this.result(i, j);
      if (typeof res.value !== "number") return GENERAL;
      this.plainValue = res.value;
      return PLAIN_NUM;
    }
    const stored = this.store.column(j);
    const cls = stored.cls[i];
    if (cls === EMPTY) return PLAIN_EMPTY;
    if (cls !== NUM) return GENERAL;
    this.plainValue = stored.value[i];
    return PLAIN_NUM;
  }

  /**
   * A role the table has no column for, as a parenthesised sub-expression of the formula that
   * reads it (its inputs stand in for its cell in `inputs`).
   */
  private inlineOperand(i: number, j: number): Operand {
    const res = this.result(i, j);
    const refs = res.inputs;
    const name = refs.length ? refs.join("+") : this.specs[j].col.role;
    if (typeof res.value !== "number") return makeOperand("missing", name, undefined, true, null, 1, { why: res.note, refs });
    const formula = res.formula?.slice(1);
    const why = res.note ?? msg(`${name}: nilai ditulis, bukan rumus`, `${name}: the value is written, not a formula`);
    return makeOperand("num", formula === undefined ? `(${num(res.value)})` : `(${formula})`, res.value, formula !== undefined, res.value, 1, {
      computed: true,
      live: formula !== undefined,
      why: formula === undefined ? why : res.note,
      refs,
    });
  }

  private result(i: number, j: number): ComputedCell {
    const f = i * this.nCols + j;
    const done = this.results.at(i, j);
    if (done) return done;
    if (this.busy[f]) {
      this.sawCycle = true;
      return this.cell(i, j, {
        value: null,
        inputs: [],
        how: "circular",
        note: msg("Perhitungan melingkar (hierarki baris tidak konsisten)", "Circular computation (inconsistent row hierarchy)"),
      });
    }
    this.busy[f] = 1;
    const out = this.cell(i, j, this.run(i, j, this.kinds[f]));
    this.busy[f] = 0;
    this.results.put(i, j, out);
    return out;
  }

  private cell(i: number, j: number, o: Outcome): ComputedCell {
    const value = o.value;
    return new EngineCell(
      this,
      i * this.nCols + j,
      this.rows[i].row,
      this.specs[j].col.col,
      this.roleAt(i * this.nCols + j, this.specs[j]),
      value,
      o.formula !== undefined && value !== null ? flat("=" + o.formula) : undefined,
      // A lazily described cell gets its inputs on demand too (./cell.ts): at 50,000 rows the
      // arrays kept for every cell were a third of what computing a table keeps alive.
      o.how === undefined ? undefined : flat(o.how),
      o.how === undefined ? undefined : o.inputs,
      o.note,
    );
  }

  // What a cell reads from its scheduler (./cell.ts), by its index f = i * nCols + j.

  measureOf(f: number): Measure | undefined {
    return this.specs[f % this.nCols].col.measure || undefined;
  }

  /** The number format of a cell with a number value, by the kind of its task. */
  formatOf(f: number): string | undefined {
    const j = f % this.nCols;
    const spec = this.specs[j];
    const kind = this.kinds[f];
    return kind === SUM
      ? spec.fmtSum
      : kind === MEAN
        ? spec.fmtMean
        : kind === RENJA_MEAN
          ? renjaFormat(this, (f - j) / this.nCols, j)
          : kind === PREDIKAT || kind === KATEGORI
            ? undefined
            : spec.fmtRegular;
  }

  /** A cell's `how`, built by running its family again in describing mode (its inputs are memoised). */
  describe(f: number): string {
    const j = f % this.nCols;
    const was = this.describing;
    this.describing = true;
    try {
      const how = this.run((f - j) / this.nCols, j, this.kinds[f]).how;
      if (how === undefined) throw new Error("compute: a family gave no how while describing");
      return flat(how);
    } finally {
      this.describing = was;
    }
  }

  /** A cell's inputs, by running its family again (its inputs are memoised). */
  inputsOf(f: number): string[] {
    const j = f % this.nCols;
    return this.run((f - j) / this.nCols, j, this.kinds[f]).inputs;
  }

  /** Set once any evaluation met a cell already in progress (an inconsistent hierarchy). */
  sawCycle = false;
  private registered = false;

  private ensureTasks(): void {
    if (this.registered) return;
    this.registered = true;
    this.registerTasks();
  }

  /**
   * The engine's cell at (sheet row, column) and only what it reads, memoised: what compute()
   * gives for it as long as no cycle was met (check `sawCycle`); undefined where nothing is computed.
   */
  cellAt(row: number, col: number): ComputedCell | undefined {
    this.ensureTasks();
    const i = this.indexOf(row);
    if (i === undefined) return undefined;
    for (let j = 0; j < this.nReal; j++) {
      if (this.specs[j].col.col !== col) continue;
      return this.kinds[i * this.nCols + j] === NONE ? undefined : this.result(i, j);
    }
    return undefined;
  }

  compute(): ComputedCell[] {
    this.ensureTasks();
    const out: ComputedCell[] = [];
    // Rows in sheet order (the model's promise; sort indices if a caller broke it), columns left to right.
    const order = this.rows.map((_, i) => i);
    if (this.rows.some((r, i) => i > 0 && r.row < this.rows[i - 1].row)) order.sort((x, y) => this.rows[x].row - this.rows[y].row);
    for (const i of order) {
      const base = i * this.nCols;
      for (let j = 0; j < this.nReal; j++) if (this.kinds[base + j] !== NONE) out.push(this.result(i, j));
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Row properties

  polarity(i: number): Polarity {
    const row = this.rows[i];
    return this.opts.polarity?.[`${this.table.id}#${row.row}`] ?? row.polarity;
  }

  /** Flow or stock: the override, else the rule that reproduces a stated annual value, else recognition's. */
  aggregation(i: number, annual: ColSpec): { agg: Aggregation; why?: string } {
    if (this.agg[i]) return AGGREGATIONS[this.agg[i] - 1];
    const row = this.rows[i];
    let agg: Aggregation = row.aggregation;
    let why: string | undefined;
    const override = this.opts.aggregation?.[`${this.table.id}#${row.row}`];
    if (override) [agg, why] = [override, "override"];
    else if (annual.quarters.length) {
      const a = annual.virtual ? -1 : this.specs.indexOf(annual);
      const stated = a < 0 ? undefined : this.statedNumber(i, a);
      if (stated !== undefined) {
        let count = 0;
        let flow = 0;
        let stock = 0;
        for (const q of annual.quarters) {
          const v = this.statedNumber(i, q);
          if (v === undefined) continue;
          flow += v;
          stock = v;
          count++;
        }
        if (count >= 2) {
          const flowClose = reproduces(flow, stated);
          const stockClose = reproduces(stock, stated);
          if (flowClose && !stockClose) [agg, why] = ["flow", "stated"];
          else if (stockClose && !flowClose) [agg, why] = ["stock", "stated"];
        }
      }
    }
    const k = (agg === "stock" ? 1 : 0) + (why === "override" ? 2 : why === "stated" ? 4 : 0);
    this.agg[i] = k + 1;
    return AGGREGATIONS[k];
  }

  /** The number a real column's cell states (a number, or a number written as text), if any. */
  private statedNumber(i: number, j: number): number | undefined {
    const stored = this.store.column(j);
    const cls = stored.cls[i];
    if (cls === NUM) return stored.value[i];
    if (cls === EMPTY) return undefined;
    const o = readCell(this.grid, this.rows[i].row, this.specs[j].col.col, this.specs[j].col, "");
    return o.kind === "num" ? (o.value ?? 0) : undefined;
  }

  /** The K realisasi_renja column (for a row's aggregation), if the table has quarters. */
  annualK(): ColSpec | undefined {
    if (this.annual === undefined) this.annual = this.specs.find((s) => s.col.role === "realisasi_renja" && s.m === "k") ?? null;
    return this.annual ?? undefined;
  }

  private annual: ColSpec | null | undefined = undefined;

  // -------------------------------------------------------------------------------------------
  // Computations

  private run(i: number, j: number, kind: number): Outcome {
    const spec = this.specs[j];
    switch (kind) {
      case QUARTERS:
        return runQuarters(this, i, spec);
      case CAPAIAN:
        return runRatio(this, i, spec, false);
      case KEMAJUAN:
        return runRatio(this, i, spec, true);
      case RENSTRA:
        return runRenstra(this, i, spec);
      case SISA:
        return runSisa(this, i, spec);
      case EFISIENSI:
        return runEfisiensi(this, i, spec);
      case KATEGORI:
        return runKategori(this, i, spec);
      case SUM:
        return runSum(this, i, j);
      case MEAN:
        return runMean(this, i, j);
      case RENJA_MEAN:
        return runRenjaMean(this, i, j);
      case PREDIKAT:
        return runPredikat(this, i, j);
      default:
        return { value: null, inputs: [], how: "" };
    }
  }
}
