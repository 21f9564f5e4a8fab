/**
 * Computation (domain.md §4): for every cell of every computed column of a recognised table, the
 * engine's value, a live en-US formula when every input is a numeric cell, the inputs, how it was
 * computed, a note where it matters, and a number format.
 *
 * What is computed
 *  - realisasi_renja K/Rp from the quarters (Rp and K of flows: SUM; K of stocks: last reported
 *    quarter), capaian_renja, realisasi_renstra, capaian_renstra, capaian (IKU), capaian_anggaran,
 *    sisa_anggaran, efisiensi, kategori, kategori_efisiensi, tingkat_kemajuan;
 *  - amounts (Rp) of parent rows = sum of their children; total rows = sum of the top-level rows;
 *    parent percentages are ratios of their own (summed) amounts, K is never summed;
 *  - "Rata-rata capaian kinerja" rows (mean of the program-level, else leaf, capaian) and
 *    "Predikat kinerja" rows (the scale's label of that mean).
 *
 * Chained cells: a computation reads its inputs as the sheet will hold them after filling. A
 * non-empty cell keeps its stated content (the fill never overwrites it), so a capaian is computed
 * from the stated realisasi when there is one (the audit flags a wrong realisasi once, at its
 * origin); an empty computed cell contributes the engine's own result, and the formula references
 * the cell, which the fill plan writes. `ComputeOptions.overwrite` (used by planFill when forcing)
 * makes chosen roles use the engine's result even where the cell is not empty.
 *
 * Linear: every cell is computed once (memoised); inputs are read directly from the grid.
 */
import type { Book, Grid } from "../grid";
import { a1, colLetter, sheetOf } from "../grid";
import type {
  Aggregation,
  ColumnModel,
  ComputedCell,
  ComputedTable,
  EngineOptions,
  Measure,
  Message,
  Polarity,
  Role,
  RowModel,
  Scale,
  TableModel,
} from "../model";
import { categorize, getScale } from "../scale";
import { Operand, describeOperand, isPercentFormat, readCell } from "./operand";
import { MAX_FORMULA_LENGTH, categorizeFormula, num, runsOf, runsRef, snap, term } from "./formulas";

export { categorizeFormula, snap } from "./formulas";
export type { Operand } from "./operand";
export { readCell } from "./operand";

/** Roles whose columns the engine computes (fills); parent sums of input amounts are extra. */
export const COMPUTED_ROLES: ReadonlySet<Role> = new Set<Role>([
  "realisasi_renja",
  "capaian_renja",
  "realisasi_renstra",
  "capaian_renstra",
  "capaian",
  "capaian_anggaran",
  "sisa_anggaran",
  "efisiensi",
  "kategori",
  "kategori_efisiensi",
  "tingkat_kemajuan",
]);

/** Amount columns summed over children on parent and total rows (Rp measure, not percentages). */
export const AMOUNT_ROLES: ReadonlySet<Role> = new Set<Role>([
  "target_renstra",
  "realisasi_renstra_lalu",
  "target_renja",
  "realisasi_tw1",
  "realisasi_tw2",
  "realisasi_tw3",
  "realisasi_tw4",
  "realisasi_renja",
  "realisasi_renstra",
  "target",
  "realisasi",
  "pagu",
  "realisasi_anggaran",
  "pagu_tahun",
]);

/** Roles that are budget amounts or budget ratios even without an explicit measure. */
const MONEY_ROLES: ReadonlySet<Role> = new Set<Role>([
  "pagu",
  "realisasi_anggaran",
  "sisa_anggaran",
  "capaian_anggaran",
  "pagu_tahun",
]);

/** Percentage columns (capaian-like): fraction-or-percent style, AVERAGE on rata-rata rows. */
const PERCENT_ROLES: ReadonlySet<Role> = new Set<Role>([
  "capaian_renja",
  "capaian_renstra",
  "capaian",
  "capaian_anggaran",
  "tingkat_kemajuan",
]);

const QUARTER_ROLES: Role[] = ["realisasi_tw1", "realisasi_tw2", "realisasi_tw3", "realisasi_tw4"];
const NON_DATA_LEVELS = new Set(["total", "rata-rata", "predikat"]);

export interface ComputeOptions extends EngineOptions {
  /**
   * Roles whose non-empty cells the fill will overwrite (forced fill): for those, downstream cells
   * use the engine's result instead of the stated content. Internal to planFill.
   */
  overwrite?: (role: Role) => boolean;
}

export function measureOf(col: ColumnModel): Measure {
  return col.measure ?? (MONEY_ROLES.has(col.role) ? "rp" : "k");
}

type TaskKind =
  | "quarters"
  | "capaian"
  | "renstra"
  | "sisa"
  | "efisiensi"
  | "kategori"
  | "kemajuan"
  | "sum"
  | "mean"
  | "predikat";

interface Task {
  kind: TaskKind;
  row: RowModel;
  col: ColumnModel;
  /** sum: the rows summed; mean: the rows averaged. */
  rows?: number[];
  /** predikat: the rata-rata row. */
  from?: number;
}

interface Outcome {
  value: number | string | null;
  formula?: string;
  inputs: string[];
  how: string;
  note?: Message;
}

const KEY_COLS = 16384;
const key = (r: number, c: number): number => r * KEY_COLS + c;

function msg(id: string, en: string): Message {
  return { id, en };
}

function joinNotes(a: Message | undefined, b: Message | undefined): Message | undefined {
  if (!a) return b;
  if (!b) return a;
  return { id: `${a.id}; ${b.id}`, en: `${a.en}; ${b.en}` };
}

class TableComputer {
  private readonly byRole = new Map<string, ColumnModel>();
  private readonly colAt = new Map<number, ColumnModel>();
  private readonly rowAt = new Map<number, RowModel>();
  private readonly children = new Map<number, number[]>();
  private readonly topLevel: number[] = [];
  private readonly tasks = new Map<number, Task>();
  private readonly results = new Map<number, ComputedCell>();
  private readonly busy = new Set<number>();
  private readonly aggMemo = new Map<number, { agg: Aggregation; why?: string }>();
  private readonly fraction = new Map<number, boolean>();
  private readonly dominantFmt = new Map<number, string | undefined>();
  private readonly efScale: Scale;

  constructor(
    private readonly grid: Grid,
    private readonly table: TableModel,
    private readonly opts: ComputeOptions,
  ) {
    this.efScale = getScale("efisiensi");
    for (const col of table.columns) {
      this.colAt.set(col.col, col);
      const k = `${col.role}|${measureOf(col)}`;
      if (!this.byRole.has(k)) this.byRole.set(k, col);
    }
    for (const row of table.rows) this.rowAt.set(row.row, row);
    for (const row of table.rows) {
      if (NON_DATA_LEVELS.has(row.level)) continue;
      if (row.parent !== undefined && this.rowAt.has(row.parent)) {
        if (row.level === "indikator") continue; // an extra indicator row is not a child amount
        let list = this.children.get(row.parent);
        if (!list) this.children.set(row.parent, (list = []));
        list.push(row.row);
      } else if (row.level !== "indikator") {
        this.topLevel.push(row.row);
      }
    }
    for (const list of this.children.values()) list.sort((x, y) => x - y);
    this.topLevel.sort((x, y) => x - y);
    this.scanFormats();
  }

  // -------------------------------------------------------------------------------------------
  // Columns

  private column(role: Role, m: Measure): ColumnModel | undefined {
    return this.byRole.get(`${role}|${m}`);
  }

  private quarters(m: Measure): ColumnModel[] {
    const out: ColumnModel[] = [];
    for (const role of QUARTER_ROLES) {
      const c = this.column(role, m);
      if (c) out.push(c);
    }
    return out;
  }

  /** The K capaian a kategori / efisiensi is about. */
  private kinerjaCapaian(): ColumnModel | undefined {
    return this.column("capaian", "k") ?? this.column("capaian_renja", "k") ?? this.column("capaian_renstra", "k");
  }

  private scanFormats(): void {
    const dataRows = this.table.rows.filter((r) => !NON_DATA_LEVELS.has(r.level));
    for (const col of this.table.columns) {
      const counts = new Map<string, number>();
      let pct = 0;
      let plain = 0;
      for (const row of dataRows) {
        const cell = this.grid.get(row.row, col.col);
        if (!cell || typeof cell.v !== "number" || cell.error) continue;
        const fmt = cell.fmt ?? "General";
        counts.set(fmt, (counts.get(fmt) ?? 0) + 1);
        if (isPercentFormat(cell.fmt)) pct++;
        else plain++;
      }
      let best: string | undefined;
      let bestN = 0;
      for (const [f, n] of counts) if (n > bestN) [best, bestN] = [f, n];
      this.dominantFmt.set(col.col, best === "General" ? undefined : best);
      this.fraction.set(col.col, PERCENT_ROLES.has(col.role) && pct > plain);
    }
  }

  /** The template stores this percentage column as a fraction with a % format (0.9295 = 92.95 %). */
  isFraction(c: number): boolean {
    return this.fraction.get(c) ?? false;
  }

  private numberFormat(task: Task): string | undefined {
    const col = task.col;
    const dom = this.dominantFmt.get(col.col);
    if (task.kind === "kategori" || task.kind === "predikat") return undefined;
    if (task.kind === "efisiensi") return dom && !isPercentFormat(dom) ? dom : "0.00";
    if (PERCENT_ROLES.has(col.role) || task.kind === "mean") {
      if (this.isFraction(col.col)) return dom && isPercentFormat(dom) ? dom : "0.00%";
      return dom && !isPercentFormat(dom) ? dom : "0.00";
    }
    if (measureOf(col) === "rp") return dom ?? "#,##0";
    if (dom) return dom;
    // K values: the format of the quarters they come from.
    for (const q of this.quarters("k")) {
      const f = this.dominantFmt.get(q.col);
      if (f) return f;
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Tasks

  registerTasks(): void {
    const rows = this.table.rows;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (row.level === "rata-rata") this.registerMean(row, i);
      else if (row.level === "predikat") this.registerPredikat(row, i);
      else this.registerRow(row);
    }
  }

  private add(task: Task): void {
    this.tasks.set(key(task.row.row, task.col.col), task);
  }

  private registerRow(row: RowModel): void {
    const isTotal = row.level === "total";
    const own = this.children.get(row.row);
    const kids = own && own.length ? own : isTotal ? this.topLevel.filter((r) => r !== row.row) : undefined;
    for (const col of this.table.columns) {
      const m = measureOf(col);
      if (kids && kids.length && AMOUNT_ROLES.has(col.role) && m === "rp" && !col.percent) {
        this.add({ kind: "sum", row, col, rows: kids });
        continue;
      }
      if (!COMPUTED_ROLES.has(col.role)) continue;
      // K is not summed across indicators: a total row has no K results (nor kategori/efisiensi).
      if (isTotal && (m === "k" || col.role === "efisiensi" || col.role.startsWith("kategori"))) continue;
      const kind = this.kindFor(col, m);
      if (kind) this.add({ kind, row, col });
    }
  }

  private kindFor(col: ColumnModel, m: Measure): TaskKind | undefined {
    switch (col.role) {
      case "realisasi_renja":
        return this.quarters(m).length ? "quarters" : undefined;
      case "capaian_renja":
        return this.column("realisasi_renja", m) && this.column("target_renja", m) ? "capaian" : undefined;
      case "realisasi_renstra":
        return this.column("realisasi_renja", m) && this.column("realisasi_renstra_lalu", m) ? "renstra" : undefined;
      case "capaian_renstra":
        return this.column("realisasi_renstra", m) && this.column("target_renstra", m) ? "capaian" : undefined;
      case "capaian":
        return this.column("realisasi", m) && this.column("target", m) ? "capaian" : undefined;
      case "capaian_anggaran":
        return this.column("pagu", "rp") && this.column("realisasi_anggaran", "rp") ? "capaian" : undefined;
      case "sisa_anggaran":
        return this.column("pagu", "rp") && this.column("realisasi_anggaran", "rp") ? "sisa" : undefined;
      case "efisiensi":
        return this.kinerjaCapaian() && this.column("capaian_anggaran", "rp") ? "efisiensi" : undefined;
      case "kategori":
        return this.kinerjaCapaian() ? "kategori" : undefined;
      case "kategori_efisiensi":
        return this.column("efisiensi", "k") ? "kategori" : undefined;
      case "tingkat_kemajuan":
        return this.column("realisasi", "k") && this.column("target_akhir_renstra", "k") ? "kemajuan" : undefined;
      default:
        return undefined;
    }
  }

  /** Rows a rata-rata row averages: program-level rows (and their extra indicator rows), else leaves. */
  private meanRows(index: number): number[] {
    const rows = this.table.rows;
    let start = 0;
    for (let j = index - 1; j >= 0; j--) {
      if (rows[j].level === "rata-rata") {
        start = j + 1;
        break;
      }
    }
    const slice = rows.slice(start, index).filter((r) => !NON_DATA_LEVELS.has(r.level));
    const program = slice.filter(
      (r) => r.level === "program" || (r.level === "indikator" && r.parent !== undefined && this.rowAt.get(r.parent)?.level === "program"),
    );
    if (program.length) return program.map((r) => r.row);
    return slice.filter((r) => !(this.children.get(r.row)?.length)).map((r) => r.row);
  }

  private registerMean(row: RowModel, index: number): void {
    const rows = this.meanRows(index);
    if (!rows.length) return;
    for (const col of this.table.columns) {
      const averaged = PERCENT_ROLES.has(col.role) || col.role === "efisiensi";
      if (averaged) {
        // Kinerja capaian always; other percentages only where the template states one.
        const kinerja = measureOf(col) === "k" && col.role !== "efisiensi";
        if (kinerja || !this.grid.isEmpty(row.row, col.col)) this.add({ kind: "mean", row, col, rows });
      } else if (col.role === "kategori" && this.kinerjaCapaian()) {
        this.add({ kind: "kategori", row, col });
      }
    }
  }

  private registerPredikat(row: RowModel, index: number): void {
    let from: RowModel | undefined;
    for (let j = index - 1; j >= 0; j--) {
      if (this.table.rows[j].level === "rata-rata") {
        from = this.table.rows[j];
        break;
      }
    }
    if (!from) return;
    for (const col of this.table.columns) {
      const t = this.tasks.get(key(from.row, col.col));
      if (!t || t.kind !== "mean") continue;
      const kinerja = measureOf(col) === "k" && col.role !== "efisiensi";
      if (kinerja || !this.grid.isEmpty(row.row, col.col)) this.add({ kind: "predikat", row, col, from: from.row });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Operands

  /** What (r, c) holds as far as computation goes: stated content, or the engine's result. */
  operand(r: number, c: number): Operand {
    const col = this.colAt.get(c);
    const task = this.tasks.get(key(r, c));
    if (!task) return readCell(this.grid, r, c, col);
    const empty = this.grid.isEmpty(r, c);
    const overwritten = !empty && this.opts.overwrite !== undefined && COMPUTED_ROLES.has(task.col.role) && this.opts.overwrite(task.col.role);
    if (!empty && !overwritten) return readCell(this.grid, r, c, col);
    const res = this.result(task);
    const ref = a1(r, c);
    const scale = col?.scale ?? 1;
    if (res.value === null) {
      if (!empty) return readCell(this.grid, r, c, col);
      return { kind: "missing", ref, refable: true, raw: null, scale, why: res.note };
    }
    if (typeof res.value === "string") return { kind: "text", ref, refable: false, raw: res.value, scale };
    return {
      kind: "num",
      ref,
      value: res.value,
      refable: true,
      raw: res.value,
      scale,
      computed: true,
      live: res.formula !== undefined,
      fraction: this.isFraction(c),
    };
  }

  private result(task: Task): ComputedCell {
    const k = key(task.row.row, task.col.col);
    const done = this.results.get(k);
    if (done) return done;
    if (this.busy.has(k)) {
      return this.cell(task, {
        value: null,
        inputs: [],
        how: "circular",
        note: msg("Perhitungan melingkar (hierarki baris tidak konsisten)", "Circular computation (inconsistent row hierarchy)"),
      });
    }
    this.busy.add(k);
    const out = this.cell(task, this.run(task));
    this.busy.delete(k);
    this.results.set(k, out);
    return out;
  }

  private cell(task: Task, o: Outcome): ComputedCell {
    const c: ComputedCell = {
      sheet: this.table.sheet,
      row: task.row.row,
      col: task.col.col,
      role: task.col.role,
      value: o.value,
      inputs: o.inputs,
      how: o.how,
    };
    if (task.col.measure) c.measure = task.col.measure;
    if (o.formula !== undefined && o.value !== null) c.formula = "=" + o.formula;
    if (o.note) c.note = o.note;
    const fmt = this.numberFormat(task);
    if (fmt && o.value !== null && typeof o.value === "number") c.numberFormat = fmt;
    return c;
  }

  compute(): ComputedCell[] {
    this.registerTasks();
    const out: ComputedCell[] = [];
    for (const task of this.tasks.values()) out.push(this.result(task));
    out.sort((x, y) => x.row - y.row || x.col - y.col);
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Row properties

  private polarity(row: RowModel): Polarity {
    return this.opts.polarity?.[`${this.table.id}#${row.row}`] ?? row.polarity;
  }

  /** Flow or stock: the override, else the rule that reproduces a stated annual value, else recognition's. */
  aggregation(row: RowModel): { agg: Aggregation; why?: string } {
    const memo = this.aggMemo.get(row.row);
    if (memo) return memo;
    let out: { agg: Aggregation; why?: string } = { agg: row.aggregation };
    const override = this.opts.aggregation?.[`${this.table.id}#${row.row}`];
    if (override) out = { agg: override, why: "override" };
    else {
      const annual = this.column("realisasi_renja", "k");
      const qs = this.quarters("k");
      if (annual && qs.length) {
        const stated = readCell(this.grid, row.row, annual.col, annual);
        if (stated.kind === "num" && stated.value !== undefined) {
          const nums = qs.map((q) => readCell(this.grid, row.row, q.col, q)).filter((o) => o.kind === "num");
          if (nums.length >= 2) {
            const flow = nums.reduce((s, o) => s + (o.value ?? 0), 0);
            const stock = nums[nums.length - 1].value ?? 0;
            const close = (x: number): boolean => Math.abs(x - stated.value!) <= Math.max(0.005, Math.abs(x) * 1e-9);
            if (close(flow) && !close(stock)) out = { agg: "flow", why: "stated" };
            else if (close(stock) && !close(flow)) out = { agg: "stock", why: "stated" };
          }
        }
      }
    }
    this.aggMemo.set(row.row, out);
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Computations

  private run(t: Task): Outcome {
    switch (t.kind) {
      case "quarters":
        return this.runQuarters(t);
      case "capaian":
        return this.runCapaian(t);
      case "renstra":
        return this.runRenstra(t);
      case "sisa":
        return this.runSisa(t);
      case "efisiensi":
        return this.runEfisiensi(t);
      case "kategori":
        return this.runKategori(t);
      case "kemajuan":
        return this.runKemajuan(t);
      case "sum":
        return this.runSum(t);
      case "mean":
        return this.runMean(t);
      case "predikat":
        return this.runPredikat(t);
    }
  }

  private runQuarters(t: Task): Outcome {
    const m = measureOf(t.col);
    const qs = this.quarters(m);
    const ops = qs.map((q) => this.operand(t.row.row, q.col));
    const inputs = ops.map((o) => o.ref);
    const target = t.col.scale ?? 1;
    const bad = ops.find((o) => o.kind === "error");
    if (bad) return { value: null, inputs, how: "quarters", note: describeOperand(bad) };
    const nums = ops.map((o, i) => ({ o, i })).filter((x) => x.o.kind === "num");
    const label = (i: number): string => `TW ${["I", "II", "III", "IV"][(qs[i].quarter ?? i + 1) - 1]}`;
    if (!nums.length) {
      return {
        value: null,
        inputs,
        how: "no quarter reported",
        note: msg("Realisasi triwulan belum tersedia", "No quarterly realisation reported yet"),
      };
    }
    const agg = m === "rp" ? { agg: "flow" as Aggregation } : this.aggregation(t.row);
    const factors = ops.map((o) => o.scale / target);
    if (agg.agg === "flow") {
      let value = 0;
      for (const { o, i } of nums) value += (o.value ?? 0) * factors[i];
      value = snap(value);
      const refable = nums.every((x) => x.o.refable);
      let formula: string | undefined;
      if (refable) {
        formula = factors.every((f) => f === 1)
          ? `SUM(${inputs.join(",")})`
          : ops.map((o, i) => term(`N(${o.ref})`, factors[i])).join("+");
      }
      const why =
        m === "rp" ? "Rp" : agg.why === "override" ? "flow (chosen)" : agg.why === "stated" ? "flow (reproduces the stated annual value)" : "flow";
      return {
        value,
        formula,
        inputs,
        how: `${why}: ${nums.map((x) => label(x.i)).join(" + ")} = ${nums.map((x) => num(x.o.value ?? 0)).join(" + ")} = ${num(value)}`,
        note: refable ? undefined : nums.find((x) => !x.o.refable)?.o.why,
      };
    }
    // Stock: the last reported quarter.
    const pick = nums[nums.length - 1];
    const value = snap((pick.o.value ?? 0) * factors[pick.i]);
    let formula: string | undefined;
    if (pick.o.refable) {
      let expr = term(ops[0].ref, factors[0]);
      for (let i = 1; i < ops.length; i++) {
        const r = term(ops[i].ref, factors[i]);
        expr = `IF(ISNUMBER(${ops[i].ref}),${r},${expr})`;
      }
      formula = expr;
    }
    const why = agg.why === "override" ? "stock (chosen)" : agg.why === "stated" ? "stock (reproduces the stated annual value)" : "stock";
    return {
      value,
      formula,
      inputs,
      how: `${why}: last reported quarter ${label(pick.i)} = ${num(value)}`,
      note: pick.o.refable ? undefined : pick.o.why,
    };
  }

  /** Inputs of a capaian-like column: [realisasi column, target column]. */
  private ratioColumns(t: Task): [ColumnModel, ColumnModel] | undefined {
    const m = measureOf(t.col);
    switch (t.col.role) {
      case "capaian_renja":
        return [this.column("realisasi_renja", m)!, this.column("target_renja", m)!];
      case "capaian_renstra":
        return [this.column("realisasi_renstra", m)!, this.column("target_renstra", m)!];
      case "capaian":
        return [this.column("realisasi", m)!, this.column("target", m)!];
      case "capaian_anggaran":
        return [this.column("realisasi_anggaran", "rp")!, this.column("pagu", "rp")!];
      default:
        return undefined;
    }
  }

  private runCapaian(t: Task): Outcome {
    const [rc, tc] = this.ratioColumns(t)!;
    const R = this.operand(t.row.row, rc.col);
    const T = this.operand(t.row.row, tc.col);
    const kinerja = measureOf(t.col) === "k";
    const polarity = kinerja ? this.polarity(t.row) : "positive";
    const names: [string, string] = t.col.role === "capaian_anggaran" ? ["RA", "P"] : ["R", "T"];
    return this.ratio(R, T, polarity, this.isFraction(t.col.col), names);
  }

  private runKemajuan(t: Task): Outcome {
    const R = this.operand(t.row.row, this.column("realisasi", "k")!.col);
    const T = this.operand(t.row.row, this.column("target_akhir_renstra", "k")!.col);
    return this.ratio(R, T, this.polarity(t.row), this.isFraction(t.col.col), ["R", "T akhir"]);
  }

  /** R / T × 100 (positive), (T − (R − T)) / T × 100 (negative, "seed"), T / R × 100 (negative, "ratio"). */
  private ratio(R: Operand, T: Operand, polarity: Polarity, fraction: boolean, names: [string, string]): Outcome {
    const inputs = [R.ref, T.ref];
    const [rn, tn] = names;
    const hundred = fraction ? 1 : 100;
    if (R.kind === "grade" || T.kind === "grade") {
      if (R.kind === "grade" && T.kind === "grade") {
        if (R.grade === T.grade) {
          return {
            value: hundred,
            inputs,
            how: `${rn} = ${tn} = ${R.grade} → 100`,
            note: msg(
              `Target dan realisasi berupa nilai huruf yang sama (${R.grade}): capaian 100 %`,
              `Target and realisation are the same letter grade (${R.grade}): capaian 100 %`,
            ),
          };
        }
        return {
          value: null,
          inputs,
          how: `${rn} = ${R.grade}, ${tn} = ${T.grade}`,
          note: msg(
            `Nilai huruf berbeda (target ${T.grade}, realisasi ${R.grade}): perlu penilaian pejabat`,
            `Different letter grades (target ${T.grade}, realisation ${R.grade}): needs the officer's judgement`,
          ),
        };
      }
      const g = R.kind === "grade" ? R : T;
      const other = R.kind === "grade" ? T : R;
      return {
        value: null,
        inputs,
        how: "grade against a non-grade",
        note: msg(
          `${g.ref} berisi nilai huruf ${g.grade}, ${other.ref} tidak: perlu penilaian pejabat`,
          `${g.ref} holds the letter grade ${g.grade}, ${other.ref} does not: needs the officer's judgement`,
        ),
      };
    }
    if (T.kind !== "num") {
      const d = describeOperand(T);
      return {
        value: null,
        inputs,
        how: `${tn} not available`,
        note: msg(`Target belum tersedia: ${d.id}`, `Target not available: ${d.en}`),
      };
    }
    if (R.kind !== "num") {
      const d = describeOperand(R);
      return {
        value: null,
        inputs,
        how: `${rn} not available`,
        note: msg(`Realisasi belum tersedia: ${d.id}`, `Realisation not available: ${d.en}`),
      };
    }
    let rv = R.value ?? 0;
    let tv = T.value ?? 0;
    // A percent typed as text ("92,95%") against a fraction shown as percent (0.9295): same units.
    if (R.pctText && T.fraction) rv /= 100;
    if (T.pctText && R.fraction) tv /= 100;
    const fr = R.scale / T.scale;
    rv *= fr;
    const rRef = term(R.ref, fr);
    if (tv === 0) {
      return {
        value: null,
        inputs,
        how: `${tn} = 0`,
        note: msg(`Target ${T.ref} bernilai 0: capaian tidak dapat dihitung`, `Target ${T.ref} is 0: capaian cannot be computed`),
      };
    }
    const refable = R.refable && T.refable;
    const note = refable ? undefined : (!R.refable ? R.why : T.why);
    const times = fraction ? "" : "*100";
    const timesTxt = fraction ? "" : " × 100";
    let value: number;
    let formula: string;
    let how: string;
    if (polarity === "negative" && this.opts.negativeFormula === "ratio") {
      if (rv === 0) {
        return {
          value: null,
          inputs,
          how: `${rn} = 0`,
          note: msg(
            `Realisasi ${R.ref} bernilai 0: rumus T / R indikator negatif tidak dapat dihitung`,
            `Realisation ${R.ref} is 0: the negative-indicator formula T / R cannot be computed`,
          ),
        };
      }
      value = fraction ? tv / rv : (tv / rv) * 100;
      formula = `${T.ref}/${rRef}${times}`;
      how = `negative indicator, ${tn} / ${rn}${timesTxt} = ${num(tv)} / ${num(rv)}${timesTxt}`;
    } else if (polarity === "negative") {
      value = fraction ? (tv - (rv - tv)) / tv : ((tv - (rv - tv)) / tv) * 100;
      formula = `(${T.ref}-(${rRef}-${T.ref}))/${T.ref}${times}`;
      how = `negative indicator, (${tn} − (${rn} − ${tn})) / ${tn}${timesTxt} = (${num(tv)} − (${num(rv)} − ${num(tv)})) / ${num(tv)}${timesTxt}`;
    } else {
      value = fraction ? rv / tv : (rv / tv) * 100;
      formula = `${rRef}/${T.ref}${times}`;
      how = `${rn} / ${tn}${timesTxt} = ${num(rv)} / ${num(tv)}${timesTxt}`;
    }
    value = snap(value);
    return {
      value,
      formula: refable ? formula : undefined,
      inputs,
      how: `${how} = ${fraction ? `${num(value * 100)} %` : num(value)}`,
      note,
    };
  }

  private runRenstra(t: Task): Outcome {
    const m = measureOf(t.col);
    const renjaCol = this.column("realisasi_renja", m)!;
    const laluCol = this.column("realisasi_renstra_lalu", m)!;
    const renja = this.operand(t.row.row, renjaCol.col);
    const lalu = this.operand(t.row.row, laluCol.col);
    const target = t.col.scale ?? 1;
    const fr = renja.scale / target;
    const fl = lalu.scale / target;
    if (renja.kind !== "num") {
      const d = describeOperand(renja);
      return {
        value: null,
        inputs: [lalu.ref, renja.ref],
        how: "realisasi Renja not available",
        note: msg(`Realisasi tahun ini belum tersedia: ${d.id}`, `This year's realisation not available: ${d.en}`),
      };
    }
    const rv = (renja.value ?? 0) * fr;
    if (m === "k" && this.aggregation(t.row).agg === "stock") {
      const value = snap(rv);
      return {
        value,
        formula: renja.refable ? term(renja.ref, fr) : undefined,
        inputs: [renja.ref],
        how: `stock: realisasi Renstra = this year's realisation = ${num(value)}`,
        note: renja.refable ? undefined : renja.why,
      };
    }
    if (lalu.kind === "error") return { value: null, inputs: [lalu.ref, renja.ref], how: "error", note: describeOperand(lalu) };
    if (lalu.kind === "num") {
      const value = snap((lalu.value ?? 0) * fl + rv);
      const refable = lalu.refable && renja.refable;
      return {
        value,
        formula: refable ? `${term(lalu.ref, fl)}+${term(renja.ref, fr)}` : undefined,
        inputs: [lalu.ref, renja.ref],
        how: `s/d tahun lalu + tahun ini = ${num((lalu.value ?? 0) * fl)} + ${num(rv)} = ${num(value)}`,
        note: refable ? undefined : (!lalu.refable ? lalu.why : renja.why),
      };
    }
    // No earlier realisation stated: the cumulative value is this year's (SUM ignores "-").
    const value = snap(rv);
    const d = describeOperand(lalu);
    const formula = fl === 1 && fr === 1 ? `SUM(${lalu.ref},${renja.ref})` : `${term(`N(${lalu.ref})`, fl)}+${term(renja.ref, fr)}`;
    return {
      value,
      formula: renja.refable ? formula : undefined,
      inputs: [lalu.ref, renja.ref],
      how: `s/d tahun lalu (none) + tahun ini = ${num(value)}`,
      note: joinNotes(
        msg(`Realisasi s/d tahun lalu tidak ada (${d.id}); dihitung dari realisasi tahun ini saja`, `No earlier realisation (${d.en}); computed from this year's only`),
        renja.refable ? undefined : renja.why,
      ),
    };
  }

  private runSisa(t: Task): Outcome {
    const P = this.operand(t.row.row, this.column("pagu", "rp")!.col);
    const RA = this.operand(t.row.row, this.column("realisasi_anggaran", "rp")!.col);
    const inputs = [P.ref, RA.ref];
    for (const [o, name] of [
      [P, "Pagu"],
      [RA, "Realisasi anggaran"],
    ] as Array<[Operand, string]>) {
      if (o.kind !== "num") {
        const d = describeOperand(o);
        return { value: null, inputs, how: `${name} not available`, note: msg(`${name} belum tersedia: ${d.id}`, `${name} not available: ${d.en}`) };
      }
    }
    const target = t.col.scale ?? 1;
    const fp = P.scale / target;
    const fa = RA.scale / target;
    const value = snap((P.value ?? 0) * fp - (RA.value ?? 0) * fa);
    const refable = P.refable && RA.refable;
    return {
      value,
      formula: refable ? `${term(P.ref, fp)}-${term(RA.ref, fa)}` : undefined,
      inputs,
      how: `P − RA = ${num((P.value ?? 0) * fp)} − ${num((RA.value ?? 0) * fa)} = ${num(value)}`,
      note: refable ? undefined : (!P.refable ? P.why : RA.why),
    };
  }

  private runEfisiensi(t: Task): Outcome {
    const K = this.operand(t.row.row, this.kinerjaCapaian()!.col);
    const A = this.operand(t.row.row, this.column("capaian_anggaran", "rp")!.col);
    const inputs = [K.ref, A.ref];
    for (const [o, name] of [
      [K, ["Capaian kinerja", "Performance achievement"]],
      [A, ["Capaian anggaran", "Budget absorption"]],
    ] as Array<[Operand, [string, string]]>) {
      if (o.kind !== "num") {
        const d = describeOperand(o);
        return {
          value: null,
          inputs,
          how: `${name[1]} not available`,
          note: msg(`${name[0]} belum tersedia (${d.id}); efisiensi tidak dihitung`, `${name[1]} not available (${d.en}); efficiency not computed`),
        };
      }
    }
    const kv = K.value ?? 0;
    const av = A.value ?? 0;
    if (av === 0) {
      return {
        value: null,
        inputs,
        how: "capaian anggaran = 0",
        note: msg(`Capaian anggaran ${A.ref} bernilai 0: efisiensi tidak dapat dihitung`, `Budget absorption ${A.ref} is 0: efficiency cannot be computed`),
      };
    }
    // Both sides in percent units; the same convention on both sides cancels out.
    const kf = !!K.fraction;
    const af = !!A.fraction;
    let value: number;
    let formula: string;
    if (kf === af) {
      value = kv / av;
      formula = `${K.ref}/${A.ref}`;
    } else if (kf) {
      value = (kv * 100) / av;
      formula = `${K.ref}*100/${A.ref}`;
    } else {
      value = kv / (av * 100);
      formula = `${K.ref}/(${A.ref}*100)`;
    }
    value = snap(value);
    const refable = K.refable && A.refable;
    const pk = kf ? kv * 100 : kv;
    const pa = af ? av * 100 : av;
    return {
      value,
      formula: refable ? formula : undefined,
      inputs,
      how: `capaian kinerja % / capaian anggaran % = ${num(pk)} / ${num(pa)} = ${num(value)}`,
      note: refable ? undefined : (!K.refable ? K.why : A.why),
    };
  }

  /** The label of a value on a scale, as a nested IF over the cell, or as a value. */
  private label(src: Operand, scale: Scale, what: [string, string]): Outcome {
    const inputs = [src.ref];
    if (src.kind !== "num") {
      const d = describeOperand(src);
      return {
        value: null,
        inputs,
        how: `${what[1]} not available`,
        note: msg(`${what[0]} belum tersedia: ${d.id}`, `${what[1]} not available: ${d.en}`),
      };
    }
    const f = src.fraction ? 100 : 1;
    const v = snap((src.value ?? 0) * f);
    const value = categorize(v, scale);
    // A label follows a live cell as a formula; when the capaian itself is a written value (letter
    // grades, text inputs) the label is written as a value too.
    const live = src.refable && !(src.computed && !src.live);
    const x = f === 1 ? src.ref : `${src.ref}*100`;
    return {
      value,
      formula: live ? categorizeFormula(x, scale) : undefined,
      inputs,
      how: `${num(v)}${scale.roundTo === null ? "" : ` (rounded to ${scale.roundTo} decimals: ${num(Math.round(v * 10 ** scale.roundTo) / 10 ** scale.roundTo)})`} → ${value} (${scale.name})`,
      note: live ? undefined : src.why,
    };
  }

  private runKategori(t: Task): Outcome {
    if (t.col.role === "kategori_efisiensi") {
      const src = this.operand(t.row.row, this.column("efisiensi", "k")!.col);
      return this.label(src, this.efScale, ["Efisiensi", "Efficiency"]);
    }
    const src = this.operand(t.row.row, this.kinerjaCapaian()!.col);
    return this.label(src, this.opts.scale, ["Capaian", "Capaian"]);
  }

  private runPredikat(t: Task): Outcome {
    const src = this.operand(t.from!, t.col.col);
    const scale = t.col.role === "efisiensi" ? this.efScale : this.opts.scale;
    return this.label(src, scale, ["Rata-rata capaian", "Mean capaian"]);
  }

  private runSum(t: Task): Outcome {
    const rows = t.rows!;
    const c = t.col.col;
    const ops = rows.map((r) => this.operand(r, c));
    const inputs = ops.map((o) => o.ref);
    const bad = ops.find((o) => o.kind === "error");
    if (bad) return { value: null, inputs, how: "sum of children", note: describeOperand(bad) };
    const nums = ops.filter((o) => o.kind === "num");
    const what = t.row.level === "total" ? ["baris teratas", "top-level rows"] : ["anak", "children"];
    if (!nums.length) {
      return {
        value: null,
        inputs,
        how: `sum of ${what[1]}: none has an amount`,
        note: msg(`Tidak ada ${what[0]} yang berisi nilai`, `None of the ${what[1]} holds an amount`),
      };
    }
    let value = 0;
    for (const o of nums) value += o.value ?? 0;
    value = snap(value);
    const refable = nums.every((o) => o.refable);
    let formula: string | undefined;
    if (refable) {
      const letters = colLetter(c);
      const contiguous = rows.length > 1 && rows[rows.length - 1] - rows[0] === rows.length - 1;
      const plain = ops.every((o) => o.kind === "num" || o.kind === "empty" || o.kind === "missing");
      if (rows.length === 1) formula = plain ? inputs[0] : `SUM(${inputs[0]})`;
      else if (contiguous) formula = `SUM(${letters}${rows[0] + 1}:${letters}${rows[rows.length - 1] + 1})`;
      else if (plain && rows.length <= 30) formula = inputs.join("+");
      else formula = `SUM(${runsRef(letters, rows)})`;
      if (runsOf(rows).length > 255 || formula.length > MAX_FORMULA_LENGTH) formula = undefined;
    }
    const shown = nums.length <= 6 ? nums.map((o) => num(o.value ?? 0)).join(" + ") : `${nums.length} amounts`;
    let note = refable ? undefined : nums.find((o) => !o.refable)?.why;
    if (refable && formula === undefined) {
      note = msg(`Terlalu banyak ${what[0]} untuk satu rumus; nilai ditulis`, `Too many ${what[1]} for one formula; the value is written`);
    }
    return { value, formula, inputs, how: `sum of ${what[1]}: ${shown} = ${num(value)}`, note };
  }

  private runMean(t: Task): Outcome {
    const rows = t.rows!;
    const c = t.col.col;
    const ops = rows.map((r) => this.operand(r, c));
    const inputs = ops.map((o) => o.ref);
    const nums = ops.filter((o) => o.kind === "num");
    if (!nums.length) {
      return {
        value: null,
        inputs,
        how: "mean: no capaian available",
        note: msg("Belum ada capaian yang dapat dirata-ratakan", "No capaian available to average"),
      };
    }
    let sum = 0;
    for (const o of nums) sum += o.value ?? 0;
    const value = snap(sum / nums.length);
    const refable = nums.every((o) => o.refable) && !ops.some((o) => o.kind === "error");
    let formula: string | undefined;
    let note: Message | undefined;
    if (refable) {
      const runs = runsOf(rows);
      formula = `AVERAGE(${runsRef(colLetter(c), rows)})`;
      if (runs.length > 255 || formula.length > MAX_FORMULA_LENGTH) {
        formula = undefined;
        note = msg("Terlalu banyak baris untuk satu rumus; nilai ditulis", "Too many rows for one formula; the value is written");
      }
    } else {
      note = nums.find((o) => !o.refable)?.why ?? describeOperand(ops.find((o) => o.kind === "error")!);
    }
    const skipped = ops.length - nums.length;
    if (skipped) {
      note = joinNotes(
        note,
        msg(`${skipped} baris tanpa capaian tidak ikut dirata-ratakan`, `${skipped} rows without a capaian are left out of the mean`),
      );
    }
    return {
      value,
      formula,
      inputs,
      how: `mean of ${nums.length} capaian = ${num(sum)} / ${nums.length} = ${num(value)}`,
      note,
    };
  }
}

/** Every computed cell of one table (see the module comment). */
export function computeTable(grid: Grid, table: TableModel, opts: ComputeOptions): ComputedTable {
  const computer = new TableComputer(grid, table, opts);
  return { table, cells: computer.compute() };
}

export function computeBook(book: Book, tables: TableModel[], opts: ComputeOptions): ComputedTable[] {
  const out: ComputedTable[] = [];
  for (const table of tables) {
    const grid = sheetOf(book, table.sheet);
    if (!grid) continue;
    out.push(computeTable(grid, table, opts));
  }
  return out;
}
