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
import { colLetter, sheetOf } from "../grid";
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
import { categorize, getScale, roundHalfUp } from "../scale";
import { Operand, describeOperand, isPercentFormat, makeOperand, readCell } from "./operand";
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

// Task kinds (small integers: one byte per cell of the table).
const NONE = 0;
const QUARTERS = 1;
const CAPAIAN = 2;
const RENSTRA = 3;
const SISA = 4;
const EFISIENSI = 5;
const KATEGORI = 6;
const KEMAJUAN = 7;
const SUM = 8;
const MEAN = 9;
const PREDIKAT = 10;
/** Rata-rata of a Renja matrix without a capaian Renja column: mean of realisasi / target Renja K × 100. */
const RENJA_MEAN = 11;

/** What a column computes and from which columns (indices into the table's columns), decided once. */
interface ColSpec {
  col: ColumnModel;
  letters: string;
  m: Measure;
  /** The kind computed on ordinary rows (NONE when the column is an input or lacks its inputs). */
  regular: number;
  /** Summed over children on parent and total rows. */
  amount: boolean;
  /** A kinerja (K) result: not on total rows. */
  kinerja: boolean;
  /** The template stores this percentage as a fraction with a % format. */
  fraction: boolean;
  /** Input columns of the regular kind. */
  a: number;
  b: number;
  quarters: number[];
  /** Efisiensi without a capaian column: [realisasi, target] K columns, capaian computed inline. */
  inline?: [number, number];
  scale?: Scale;
  fmtRegular?: string;
  fmtSum: string;
  fmtMean: string;
}

interface Outcome {
  value: number | string | null;
  formula?: string;
  inputs: string[];
  how: string;
  note?: Message;
}

function msg(id: string, en: string): Message {
  return { id, en };
}

function joinNotes(a: Message | undefined, b: Message | undefined): Message | undefined {
  if (!a) return b;
  if (!b) return a;
  return { id: `${a.id}; ${b.id}`, en: `${a.en}; ${b.en}` };
}

const QUARTER_LABELS = ["TW I", "TW II", "TW III", "TW IV"];

/**
 * A formula cell without a cached result among cells a SUM / AVERAGE would reference: the engine
 * reads it as empty, a spreadsheet would compute it, so no formula can promise the engine's value.
 */
function uncached(ops: Operand[]): Message | undefined {
  for (const o of ops) {
    if (o.kind === "empty" && o.live) {
      return msg(`${o.ref} berisi rumus tanpa nilai tersimpan; nilai ditulis, bukan rumus`, `${o.ref} holds a formula without a cached result; the value is written, not a formula`);
    }
  }
  return undefined;
}

/**
 * Flatten a string built by concatenation (V8 keeps it as a tree of pieces until it is read), so
 * that a result kept in memory is one object: on 50,000-row tables this roughly halves the work
 * of the garbage collector.
 */
function flat(s: string): string {
  s.charCodeAt(s.length - 1);
  return s;
}

class TableComputer {
  private readonly rows: RowModel[];
  private readonly specs: ColSpec[];
  private readonly nCols: number;
  private readonly rowIndex = new Map<number, number>();
  private readonly children: (number[] | undefined)[];
  private readonly topLevel: number[] = [];
  private readonly kinds: Uint8Array;
  private readonly results: (ComputedCell | undefined)[];
  private readonly busy: Uint8Array;
  /** A1 of each (row, column), made once: results share these strings. */
  private readonly refs: (string | undefined)[];
  /** SUM / MEAN: the row indices; PREDIKAT: [the rata-rata row index]. */
  private readonly taskRows = new Map<number, number[]>();
  /** Per row: 0 not decided, 1 flow, 2 stock; and why. */
  private readonly agg: Uint8Array;
  private readonly aggWhy: (string | undefined)[];
  private readonly efScale: Scale;
  /** [realisasi_renja K, target_renja K] spec indices when the table has no capaian_renja K column. */
  private renjaPair?: [number, number];
  /** RENJA_MEAN cells (and the PREDIKAT cells labelling them): cell index → the mean is a fraction. */
  private readonly renjaCells = new Map<number, boolean>();

  constructor(
    private readonly grid: Grid,
    private readonly table: TableModel,
    private readonly opts: ComputeOptions,
  ) {
    this.efScale = getScale("efisiensi");
    this.rows = table.rows;
    const n = this.rows.length;
    this.rows.forEach((r, i) => this.rowIndex.set(r.row, i));
    const columns = [...table.columns].sort((x, y) => x.col - y.col);
    this.nCols = columns.length;
    this.kinds = new Uint8Array(n * this.nCols);
    this.results = new Array(n * this.nCols);
    this.busy = new Uint8Array(n * this.nCols);
    this.refs = new Array(n * this.nCols);
    this.agg = new Uint8Array(n);
    this.aggWhy = new Array(n);
    this.children = new Array(n);
    for (let i = 0; i < n; i++) {
      const row = this.rows[i];
      if (NON_DATA_LEVELS.has(row.level)) continue;
      const p = row.parent === undefined ? undefined : this.rowIndex.get(row.parent);
      if (p !== undefined) {
        if (row.level === "indikator") continue; // an extra indicator row is not a child amount
        (this.children[p] ??= []).push(i);
      } else if (row.level !== "indikator") {
        this.topLevel.push(i);
      }
    }
    this.specs = this.makeSpecs(columns);
  }

  // -------------------------------------------------------------------------------------------
  // Column specs

  private makeSpecs(columns: ColumnModel[]): ColSpec[] {
    const byRole = new Map<string, number[]>();
    columns.forEach((c, j) => {
      const k = `${c.role}|${measureOf(c)}`;
      const list = byRole.get(k);
      if (list) list.push(j);
      else byRole.set(k, [j]);
    });
    // The column of a role for the column being specified: when a role repeats (year blocks of a
    // perbandingan table: Target | Realisasi | Capaian per year), the same year, else the nearest
    // one to the left, else the first.
    let near: ColumnModel | undefined;
    const find = (role: Role, m: Measure): number => {
      const list = byRole.get(`${role}|${m}`);
      if (!list) return -1;
      if (list.length === 1 || !near) return list[0];
      const at = near;
      const sameYear = at.year === undefined ? [] : list.filter((j) => columns[j].year === at.year);
      if (sameYear.length) return sameYear[0];
      let best = -1;
      for (const j of list) if (columns[j].col < at.col && (best < 0 || columns[j].col > columns[best].col)) best = j;
      return best >= 0 ? best : list[0];
    };
    const quarters = (m: Measure): number[] => QUARTER_ROLES.map((r) => find(r, m)).filter((j) => j >= 0);
    const capK = (): number => [find("capaian", "k"), find("capaian_renja", "k"), find("capaian_renstra", "k")].find((j) => j >= 0) ?? -1;
    const { dominant, fraction } = this.scanFormats(columns);
    const specs: ColSpec[] = columns.map((col, j) => {
      near = col;
      const m = measureOf(col);
      const spec: ColSpec = {
        col,
        letters: colLetter(col.col),
        m,
        regular: NONE,
        amount: AMOUNT_ROLES.has(col.role) && m === "rp" && !col.percent,
        kinerja: (m === "k" && !MONEY_ROLES.has(col.role)) || col.role === "efisiensi" || col.role === "kategori" || col.role === "kategori_efisiensi",
        fraction: fraction[j],
        a: -1,
        b: -1,
        quarters: [],
        fmtSum: dominant[j] ?? "#,##0",
        fmtMean: "",
      };
      const pair = (kind: number, a: number, b: number): void => {
        if (a >= 0 && b >= 0) [spec.regular, spec.a, spec.b] = [kind, a, b];
      };
      switch (col.role) {
        case "realisasi_renja":
          spec.quarters = quarters(m);
          if (spec.quarters.length) spec.regular = QUARTERS;
          break;
        case "capaian_renja":
          pair(CAPAIAN, find("realisasi_renja", m), find("target_renja", m));
          break;
        case "realisasi_renstra":
          pair(RENSTRA, find("realisasi_renja", m), find("realisasi_renstra_lalu", m));
          break;
        case "capaian_renstra":
          pair(CAPAIAN, find("realisasi_renstra", m), find("target_renstra", m));
          break;
        case "capaian":
          pair(CAPAIAN, find("realisasi", m), find("target", m));
          break;
        case "capaian_anggaran":
          pair(CAPAIAN, find("realisasi_anggaran", "rp"), find("pagu", "rp"));
          break;
        case "sisa_anggaran":
          pair(SISA, find("pagu", "rp"), find("realisasi_anggaran", "rp"));
          break;
        case "efisiensi":
          pair(EFISIENSI, capK(), find("capaian_anggaran", "rp"));
          if (spec.regular === NONE && find("realisasi", "k") >= 0 && find("target", "k") >= 0 && find("capaian_anggaran", "rp") >= 0) {
            // No capaian column: the kinerja capaian is computed inside the formula.
            [spec.regular, spec.a, spec.b] = [EFISIENSI, -1, find("capaian_anggaran", "rp")];
            spec.inline = [find("realisasi", "k"), find("target", "k")];
          }
          break;
        case "kategori":
          if (capK() >= 0) [spec.regular, spec.a, spec.scale] = [KATEGORI, capK(), this.opts.scale];
          break;
        case "kategori_efisiensi": {
          const ef = find("efisiensi", "k");
          if (ef >= 0) [spec.regular, spec.a, spec.scale] = [KATEGORI, ef, this.efScale];
          break;
        }
        case "tingkat_kemajuan":
          pair(KEMAJUAN, find("realisasi", "k"), find("target_akhir_renstra", "k"));
          break;
        default:
          break;
      }
      // Number formats: the template's own (most frequent among the column's numbers), else defaults.
      const dom = dominant[j];
      const pctFmt = dom !== undefined && isPercentFormat(dom);
      const pct = spec.fraction ? (pctFmt ? dom : "0.00%") : dom !== undefined && !pctFmt ? dom : "0.00";
      spec.fmtMean = pct;
      if (col.role === "kategori" || col.role === "kategori_efisiensi") spec.fmtRegular = undefined;
      else if (col.role === "efisiensi") spec.fmtRegular = dom !== undefined && !pctFmt ? dom : "0.00";
      else if (PERCENT_ROLES.has(col.role)) spec.fmtRegular = pct;
      else if (m === "rp") spec.fmtRegular = dom ?? "#,##0";
      else spec.fmtRegular = dom ?? spec.quarters.map((q) => dominant[q]).find((f) => f !== undefined);
      return spec;
    });
    const ra = find("realisasi_renja", "k");
    const ta = find("target_renja", "k");
    if (ra >= 0 && ta >= 0 && find("capaian_renja", "k") < 0) this.renjaPair = [ra, ta];
    return specs;
  }

  private scanFormats(columns: ColumnModel[]): { dominant: (string | undefined)[]; fraction: boolean[] } {
    const dominant: (string | undefined)[] = [];
    const fraction: boolean[] = [];
    for (const col of columns) {
      // Only columns the engine writes, sums, or takes K formats from.
      if (!COMPUTED_ROLES.has(col.role) && !AMOUNT_ROLES.has(col.role)) {
        dominant.push(undefined);
        fraction.push(false);
        continue;
      }
      const counts = new Map<string, number>();
      let pct = 0;
      let plain = 0;
      for (const row of this.rows) {
        if (NON_DATA_LEVELS.has(row.level)) continue;
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
      dominant.push(best === "General" ? undefined : best);
      fraction.push(PERCENT_ROLES.has(col.role) && pct > plain);
    }
    return { dominant, fraction };
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
      if (NON_DATA_LEVELS.has(r.level)) continue;
      const p = r.parent === undefined ? undefined : this.rowIndex.get(r.parent);
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
    for (let j = 0; j < this.nCols; j++) {
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
    for (let j = 0; j < this.nCols && at < 0; j++) {
      const o = readCell(this.grid, r, this.specs[j].col.col, this.specs[j].col);
      if (o.kind === "num" || o.kind === "error" || o.live) at = j;
    }
    if (at >= 0 && this.kinds[base + at] !== NONE) return;
    if (at < 0) {
      for (let j = 0; j < this.nCols && at < 0; j++) {
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
    for (let j = 0; j < this.nCols; j++) {
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
    return this.renjaCells.has(f) ? "capaian_renja" : spec.col.role;
  }

  // -------------------------------------------------------------------------------------------
  // Operands

  /** What row i, column j holds as far as computation goes: stated content, or the engine's result. */
  private operand(i: number, j: number): Operand {
    const spec = this.specs[j];
    const r = this.rows[i].row;
    const c = spec.col.col;
    const f = i * this.nCols + j;
    const ref = (this.refs[f] ??= spec.letters + (r + 1));
    if (this.kinds[f] === NONE) return readCell(this.grid, r, c, spec.col, ref);
    const empty = this.grid.isEmpty(r, c);
    if (!empty) {
      const ow = this.opts.overwrite;
      const role = this.roleAt(f, spec);
      if (!ow || !COMPUTED_ROLES.has(role) || !ow(role)) return readCell(this.grid, r, c, spec.col, ref);
    }
    const res = this.result(i, j);
    const scale = spec.col.scale ?? 1;
    if (res.value === null) {
      if (!empty) return readCell(this.grid, r, c, spec.col, ref);
      return makeOperand("missing", ref, undefined, true, null, scale, { why: res.note });
    }
    if (typeof res.value === "string") return makeOperand("text", ref, undefined, false, res.value, scale);
    const fraction = this.kinds[f] === RENJA_MEAN ? this.renjaCells.get(f) : spec.fraction;
    return makeOperand("num", ref, res.value, true, res.value, scale, { computed: true, live: res.formula !== undefined, fraction });
  }

  private result(i: number, j: number): ComputedCell {
    const f = i * this.nCols + j;
    const done = this.results[f];
    if (done) return done;
    if (this.busy[f]) {
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
    this.results[f] = out;
    return out;
  }

  private cell(i: number, j: number, o: Outcome): ComputedCell {
    const spec = this.specs[j];
    const f = i * this.nCols + j;
    const c: ComputedCell = {
      sheet: this.table.sheet,
      row: this.rows[i].row,
      col: spec.col.col,
      role: this.roleAt(f, spec),
      value: o.value,
      inputs: o.inputs,
      how: flat(o.how),
    };
    if (spec.col.measure) c.measure = spec.col.measure;
    if (o.formula !== undefined && o.value !== null) c.formula = flat("=" + o.formula);
    if (o.note) c.note = o.note;
    if (typeof o.value === "number") {
      const kind = this.kinds[f];
      const fmt =
        kind === SUM
          ? spec.fmtSum
          : kind === MEAN
            ? spec.fmtMean
            : kind === RENJA_MEAN
              ? this.renjaFormat(i, j)
              : kind === PREDIKAT || kind === KATEGORI
                ? undefined
                : spec.fmtRegular;
      if (fmt) c.numberFormat = fmt;
    }
    return c;
  }

  compute(): ComputedCell[] {
    this.registerTasks();
    const out: ComputedCell[] = [];
    // Rows in sheet order (the model's promise; sort indices if a caller broke it), columns left to right.
    const order = this.rows.map((_, i) => i);
    if (this.rows.some((r, i) => i > 0 && r.row < this.rows[i - 1].row)) order.sort((x, y) => this.rows[x].row - this.rows[y].row);
    for (const i of order) {
      const base = i * this.nCols;
      for (let j = 0; j < this.nCols; j++) if (this.kinds[base + j] !== NONE) out.push(this.result(i, j));
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Row properties

  private polarity(i: number): Polarity {
    const row = this.rows[i];
    return this.opts.polarity?.[`${this.table.id}#${row.row}`] ?? row.polarity;
  }

  /** Flow or stock: the override, else the rule that reproduces a stated annual value, else recognition's. */
  private aggregation(i: number, annual: ColSpec): { agg: Aggregation; why?: string } {
    if (this.agg[i]) return { agg: this.agg[i] === 1 ? "flow" : "stock", why: this.aggWhy[i] };
    const row = this.rows[i];
    let agg: Aggregation = row.aggregation;
    let why: string | undefined;
    const override = this.opts.aggregation?.[`${this.table.id}#${row.row}`];
    if (override) [agg, why] = [override, "override"];
    else if (annual.quarters.length) {
      const stated = readCell(this.grid, row.row, annual.col.col, annual.col);
      if (stated.kind === "num" && stated.value !== undefined) {
        const nums: number[] = [];
        for (const q of annual.quarters) {
          const o = readCell(this.grid, row.row, this.specs[q].col.col, this.specs[q].col, "");
          if (o.kind === "num") nums.push(o.value ?? 0);
        }
        if (nums.length >= 2) {
          const flow = nums.reduce((s, v) => s + v, 0);
          const stock = nums[nums.length - 1];
          const close = (x: number): boolean => Math.abs(x - stated.value!) <= Math.max(0.005, Math.abs(x) * 1e-9);
          if (close(flow) && !close(stock)) [agg, why] = ["flow", "stated"];
          else if (close(stock) && !close(flow)) [agg, why] = ["stock", "stated"];
        }
      }
    }
    this.agg[i] = agg === "flow" ? 1 : 2;
    this.aggWhy[i] = why;
    return { agg, why };
  }

  /** The K realisasi_renja column (for a row's aggregation), if the table has quarters. */
  private annualK(): ColSpec | undefined {
    return this.specs.find((s) => s.col.role === "realisasi_renja" && s.m === "k");
  }

  // -------------------------------------------------------------------------------------------
  // Computations

  private run(i: number, j: number, kind: number): Outcome {
    const spec = this.specs[j];
    switch (kind) {
      case QUARTERS:
        return this.runQuarters(i, spec);
      case CAPAIAN: {
        const R = this.operand(i, spec.a);
        const T = this.operand(i, spec.b);
        const kinerja = spec.m === "k";
        const names: [string, string] = spec.col.role === "capaian_anggaran" ? ["RA", "P"] : ["R", "T"];
        return this.ratio(R, T, kinerja ? this.polarity(i) : "positive", spec.fraction, names);
      }
      case KEMAJUAN:
        // Progress towards the end-of-Renstra target, with the row's polarity like any capaian
        // (seed 002 Tabel 3.4 applies R / T to a price-fluctuation indicator: an audit finding).
        return this.ratio(this.operand(i, spec.a), this.operand(i, spec.b), this.polarity(i), spec.fraction, ["R", "T akhir"]);
      case RENSTRA:
        return this.runRenstra(i, spec);
      case SISA:
        return this.runSisa(i, spec);
      case EFISIENSI:
        return this.runEfisiensi(i, spec);
      case KATEGORI:
        return spec.col.role === "kategori_efisiensi"
          ? this.label(this.operand(i, spec.a), spec.scale!, ["Efisiensi", "Efficiency"])
          : this.label(this.operand(i, spec.a), spec.scale!, ["Capaian", "Capaian"]);
      case SUM:
        return this.runSum(i, j);
      case MEAN:
        return this.runMean(i, j);
      case RENJA_MEAN:
        return this.runRenjaMean(i, j);
      case PREDIKAT: {
        const from = this.taskRows.get(i * this.nCols + j)![0];
        const scale = spec.col.role === "efisiensi" ? this.efScale : this.opts.scale;
        return this.label(this.operand(from, j), scale, ["Rata-rata capaian", "Mean capaian"]);
      }
      default:
        return { value: null, inputs: [], how: "" };
    }
  }

  private runQuarters(i: number, spec: ColSpec): Outcome {
    const qs = spec.quarters;
    const ops = qs.map((q) => this.operand(i, q));
    const inputs = ops.map((o) => o.ref);
    const target = spec.col.scale ?? 1;
    const bad = ops.find((o) => o.kind === "error");
    if (bad) return { value: null, inputs, how: "quarters", note: describeOperand(bad) };
    const label = (k: number): string => QUARTER_LABELS[(this.specs[qs[k]].col.quarter ?? k + 1) - 1];
    let count = 0;
    for (const o of ops) if (o.kind === "num") count++;
    if (!count) {
      return {
        value: null,
        inputs,
        how: "no quarter reported",
        note: msg("Realisasi triwulan belum tersedia", "No quarterly realisation reported yet"),
      };
    }
    const agg = spec.m === "rp" ? { agg: "flow" as Aggregation, why: undefined } : this.aggregation(i, spec);
    const factors = ops.map((o) => o.scale / target);
    if (agg.agg === "flow") {
      let value = 0;
      let refable = true;
      let note: Message | undefined;
      const parts: string[] = [];
      const shown: string[] = [];
      ops.forEach((o, k) => {
        if (o.kind !== "num") return;
        value += (o.value ?? 0) * factors[k];
        if (!o.refable) {
          refable = false;
          note ??= o.why;
        }
        parts.push(label(k));
        shown.push(num(o.value ?? 0));
      });
      value = snap(value);
      const unc = uncached(ops);
      if (unc) [refable, note] = [false, note ?? unc];
      let formula: string | undefined;
      if (refable) {
        formula = factors.every((x) => x === 1) ? `SUM(${inputs.join(",")})` : ops.map((o, k) => term(`N(${o.ref})`, factors[k])).join("+");
      }
      const why = spec.m === "rp" ? "Rp" : agg.why === "override" ? "flow (chosen)" : agg.why === "stated" ? "flow (reproduces the stated annual value)" : "flow";
      return { value, formula, inputs, how: `${why}: ${parts.join(" + ")} = ${shown.join(" + ")} = ${num(value)}`, note };
    }
    // Stock: the last reported quarter.
    let k = ops.length - 1;
    while (ops[k].kind !== "num") k--;
    const pick = ops[k];
    const value = snap((pick.value ?? 0) * factors[k]);
    let formula: string | undefined;
    const later = uncached(ops.slice(k + 1));
    if (pick.refable && !later) {
      let expr = term(ops[0].ref, factors[0]);
      for (let q = 1; q < ops.length; q++) expr = `IF(ISNUMBER(${ops[q].ref}),${term(ops[q].ref, factors[q])},${expr})`;
      formula = expr;
    }
    const why = agg.why === "override" ? "stock (chosen)" : agg.why === "stated" ? "stock (reproduces the stated annual value)" : "stock";
    return { value, formula, inputs, how: `${why}: last reported quarter ${label(k)} = ${num(value)}`, note: pick.refable ? later : pick.why };
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
      return { value: null, inputs, how: `${tn} not available`, note: msg(`Target belum tersedia: ${d.id}`, `Target not available: ${d.en}`) };
    }
    if (R.kind !== "num") {
      const d = describeOperand(R);
      return { value: null, inputs, how: `${rn} not available`, note: msg(`Realisasi belum tersedia: ${d.id}`, `Realisation not available: ${d.en}`) };
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
    const note = refable ? undefined : !R.refable ? R.why : T.why;
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
    return { value, formula: refable ? formula : undefined, inputs, how: `${how} = ${fraction ? `${num(value * 100)} %` : num(value)}`, note };
  }

  private runRenstra(i: number, spec: ColSpec): Outcome {
    const renja = this.operand(i, spec.a);
    const lalu = this.operand(i, spec.b);
    const target = spec.col.scale ?? 1;
    const fr = renja.scale / target;
    const fl = lalu.scale / target;
    const inputs = [lalu.ref, renja.ref];
    if (renja.kind !== "num") {
      const d = describeOperand(renja);
      return {
        value: null,
        inputs,
        how: "realisasi Renja not available",
        note: msg(`Realisasi tahun ini belum tersedia: ${d.id}`, `This year's realisation not available: ${d.en}`),
      };
    }
    const rv = (renja.value ?? 0) * fr;
    const annual = this.annualK();
    if (spec.m === "k" && (annual ? this.aggregation(i, annual).agg : this.rows[i].aggregation) === "stock") {
      const value = snap(rv);
      return {
        value,
        formula: renja.refable ? term(renja.ref, fr) : undefined,
        inputs: [renja.ref],
        how: `stock: realisasi Renstra = this year's realisation = ${num(value)}`,
        note: renja.refable ? undefined : renja.why,
      };
    }
    if (lalu.kind === "error") return { value: null, inputs, how: "error", note: describeOperand(lalu) };
    if (lalu.kind === "num") {
      const value = snap((lalu.value ?? 0) * fl + rv);
      const refable = lalu.refable && renja.refable;
      return {
        value,
        formula: refable ? `${term(lalu.ref, fl)}+${term(renja.ref, fr)}` : undefined,
        inputs,
        how: `s/d tahun lalu + tahun ini = ${num((lalu.value ?? 0) * fl)} + ${num(rv)} = ${num(value)}`,
        note: refable ? undefined : !lalu.refable ? lalu.why : renja.why,
      };
    }
    // No earlier realisation stated: the cumulative value is this year's (SUM ignores "-").
    const value = snap(rv);
    const d = describeOperand(lalu);
    const formula = fl === 1 && fr === 1 ? `SUM(${lalu.ref},${renja.ref})` : `${term(`N(${lalu.ref})`, fl)}+${term(renja.ref, fr)}`;
    return {
      value,
      formula: renja.refable ? formula : undefined,
      inputs,
      how: `s/d tahun lalu (none) + tahun ini = ${num(value)}`,
      note: joinNotes(
        msg(`Realisasi s/d tahun lalu tidak ada (${d.id}); dihitung dari realisasi tahun ini saja`, `No earlier realisation (${d.en}); computed from this year's only`),
        renja.refable ? undefined : renja.why,
      ),
    };
  }

  private runSisa(i: number, spec: ColSpec): Outcome {
    const P = this.operand(i, spec.a);
    const RA = this.operand(i, spec.b);
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
    const target = spec.col.scale ?? 1;
    const fp = P.scale / target;
    const fa = RA.scale / target;
    const value = snap((P.value ?? 0) * fp - (RA.value ?? 0) * fa);
    const refable = P.refable && RA.refable;
    return {
      value,
      formula: refable ? `${term(P.ref, fp)}-${term(RA.ref, fa)}` : undefined,
      inputs,
      how: `P − RA = ${num((P.value ?? 0) * fp)} − ${num((RA.value ?? 0) * fa)} = ${num(value)}`,
      note: refable ? undefined : !P.refable ? P.why : RA.why,
    };
  }

  private runEfisiensi(i: number, spec: ColSpec): Outcome {
    let K: Operand;
    let kInputs: string[];
    if (spec.inline) {
      // Capaian kinerja inline: (R / T × 100) as a parenthesised expression.
      const c = this.ratio(this.operand(i, spec.inline[0]), this.operand(i, spec.inline[1]), this.polarity(i), false, ["R", "T"]);
      kInputs = c.inputs;
      if (typeof c.value !== "number") {
        K = makeOperand("missing", c.inputs[0], undefined, false, null, 1, { why: c.note });
      } else {
        const expr = c.formula === undefined ? `(${c.value})` : `(${c.formula})`;
        K = makeOperand("num", expr, c.value, c.formula !== undefined, c.value, 1, { computed: true, live: true, why: c.note });
      }
    } else {
      K = this.operand(i, spec.a);
      kInputs = [K.ref];
    }
    const A = this.operand(i, spec.b);
    const inputs = [...kInputs, A.ref];
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
    return {
      value,
      formula: refable ? formula : undefined,
      inputs,
      how: `capaian kinerja % / capaian anggaran % = ${num(kf ? kv * 100 : kv)} / ${num(af ? av * 100 : av)} = ${num(value)}`,
      note: refable ? undefined : !K.refable ? K.why : A.why,
    };
  }

  /** The label of a value on a scale, as a nested IF over the cell, or as a value. */
  private label(src: Operand, scale: Scale, what: [string, string]): Outcome {
    const inputs = [src.ref];
    if (src.kind !== "num") {
      const d = describeOperand(src);
      return { value: null, inputs, how: `${what[1]} not available`, note: msg(`${what[0]} belum tersedia: ${d.id}`, `${what[1]} not available: ${d.en}`) };
    }
    const f = src.fraction ? 100 : 1;
    const v = snap((src.value ?? 0) * f);
    const value = categorize(v, scale);
    // A label follows a live cell as a formula; when the capaian itself is a written value (letter
    // grades, text inputs) the label is written as a value too.
    const live = src.refable && !(src.computed && !src.live);
    const x = f === 1 ? src.ref : `${src.ref}*100`;
    const rounded = scale.roundTo === null ? "" : ` (rounded to ${scale.roundTo} decimals: ${num(roundHalfUp(v, scale.roundTo))})`;
    return {
      value,
      formula: live ? categorizeFormula(x, scale) : undefined,
      inputs,
      how: `${num(v)}${rounded} → ${value} (${scale.name})`,
      note: live ? undefined : src.why,
    };
  }

  private runSum(i: number, j: number): Outcome {
    const rows = this.taskRows.get(i * this.nCols + j)!;
    const spec = this.specs[j];
    const ops = rows.map((k) => this.operand(k, j));
    const inputs = ops.map((o) => o.ref);
    const bad = ops.find((o) => o.kind === "error");
    if (bad) return { value: null, inputs, how: "sum of children", note: describeOperand(bad) };
    const what = this.rows[i].level === "total" ? ["baris teratas", "top-level rows"] : ["anak", "children"];
    let value = 0;
    let count = 0;
    let refable = true;
    let plain = true;
    let note: Message | undefined;
    for (const o of ops) {
      if (o.kind === "num") {
        value += o.value ?? 0;
        count++;
        if (!o.refable) {
          refable = false;
          note ??= o.why;
        }
      } else if (o.kind !== "empty" && o.kind !== "missing") plain = false;
    }
    if (!count) {
      return {
        value: null,
        inputs,
        how: `sum of ${what[1]}: none has an amount`,
        note: msg(`Tidak ada ${what[0]} yang berisi nilai`, `None of the ${what[1]} holds an amount`),
      };
    }
    value = snap(value);
    const unc = uncached(ops);
    if (unc) [refable, note] = [false, note ?? unc];
    let formula: string | undefined;
    if (refable) {
      const sheetRows = rows.map((k) => this.rows[k].row);
      const contiguous = sheetRows.length > 1 && sheetRows.every((r, k) => k === 0 || r === sheetRows[k - 1] + 1);
      if (sheetRows.length === 1) formula = plain ? inputs[0] : `SUM(${inputs[0]})`;
      else if (contiguous) formula = `SUM(${inputs[0]}:${inputs[inputs.length - 1]})`;
      else if (plain && sheetRows.length <= 30) formula = inputs.join("+");
      else {
        const sorted = [...sheetRows].sort((x, y) => x - y);
        formula = runsOf(sorted).length > 255 ? undefined : `SUM(${runsRef(spec.letters, sorted)})`;
      }
      if (formula === undefined || formula.length > MAX_FORMULA_LENGTH) {
        formula = undefined;
        note = msg(`Terlalu banyak ${what[0]} untuk satu rumus; nilai ditulis`, `Too many ${what[1]} for one formula; the value is written`);
      }
    }
    const shown = count <= 6 ? ops.filter((o) => o.kind === "num").map((o) => num(o.value ?? 0)).join(" + ") : `${count} amounts`;
    return { value, formula, inputs, how: `sum of ${what[1]}: ${shown} = ${num(value)}`, note };
  }

  private runMean(i: number, j: number): Outcome {
    const rows = this.taskRows.get(i * this.nCols + j)!;
    const spec = this.specs[j];
    const ops = rows.map((k) => this.operand(k, j));
    const inputs = ops.map((o) => o.ref);
    let sum = 0;
    let count = 0;
    let refable = true;
    let note: Message | undefined;
    for (const o of ops) {
      if (o.kind === "num") {
        sum += o.value ?? 0;
        count++;
        if (!o.refable) {
          refable = false;
          note ??= o.why;
        }
      } else if (o.kind === "error") {
        refable = false;
        note ??= describeOperand(o);
      }
    }
    if (!count) {
      return { value: null, inputs, how: "mean: no capaian available", note: msg("Belum ada capaian yang dapat dirata-ratakan", "No capaian available to average") };
    }
    const value = snap(sum / count);
    const unc = uncached(ops);
    if (unc) [refable, note] = [false, note ?? unc];
    let formula: string | undefined;
    if (refable) {
      const sorted = rows.map((k) => this.rows[k].row).sort((x, y) => x - y);
      const runs = runsOf(sorted);
      formula = `AVERAGE(${runsRef(spec.letters, sorted)})`;
      if (runs.length > 255 || formula.length > MAX_FORMULA_LENGTH) {
        formula = undefined;
        note = msg("Terlalu banyak baris untuk satu rumus; nilai ditulis", "Too many rows for one formula; the value is written");
      }
    }
    const skipped = ops.length - count;
    if (skipped) {
      note = joinNotes(note, msg(`${skipped} baris tanpa capaian tidak ikut dirata-ratakan`, `${skipped} rows without a capaian are left out of the mean`));
    }
    return { value, formula, inputs, how: `mean of ${count} capaian = ${num(sum)} / ${count} = ${num(value)}`, note };
  }

  /** The number format of a Renja rata-rata cell: the template's own when it fits, else 0.00 (or 0.00%). */
  private renjaFormat(i: number, j: number): string {
    const fraction = this.renjaCells.get(i * this.nCols + j) ?? false;
    const fmt = this.grid.get(this.rows[i].row, this.specs[j].col.col)?.fmt;
    if (fmt && fmt !== "General" && isPercentFormat(fmt) === fraction && /0/.test(fmt)) return fmt;
    return fraction ? "0.00%" : "0.00";
  }

  /**
   * Rata-rata of a Renja matrix without a capaian Renja column: the mean of each averaged row's
   * capaian Renja K (realisasi / target × 100, with the row's polarity), as one formula
   * `=(W13/H13*100+W18/H18*100+…)/n` over the rows that have a capaian (plain arithmetic, the same
   * in Excel and LibreOffice), else the value with a note.
   */
  private runRenjaMean(i: number, j: number): Outcome {
    const f = i * this.nCols + j;
    const rows = this.taskRows.get(f)!;
    const [ra, ta] = this.renjaPair!;
    const fraction = this.renjaCells.get(f) ?? false;
    const inputs: string[] = [];
    const parts: string[] = [];
    const shown: string[] = [];
    let sum = 0;
    let count = 0;
    let refable = true;
    let note: Message | undefined;
    let skipped = 0;
    for (const k of rows) {
      const c = this.ratio(this.operand(k, ra), this.operand(k, ta), this.polarity(k), fraction, ["R", "T"]);
      inputs.push(...c.inputs);
      if (typeof c.value !== "number") {
        skipped++;
        continue;
      }
      sum += c.value;
      count++;
      shown.push(num(fraction ? c.value * 100 : c.value));
      if (c.formula === undefined) {
        refable = false;
        note ??= c.note ?? msg(`${c.inputs.join(", ")}: nilai ditulis, bukan rumus`, `${c.inputs.join(", ")}: the value is written, not a formula`);
      } else parts.push(c.formula);
    }
    const what = "capaian Renja K (realisasi Renja K / target Renja K × 100)";
    if (!count) {
      return { value: null, inputs, how: `mean of ${what}: none available`, note: msg("Belum ada capaian Renja yang dapat dirata-ratakan", "No capaian Renja available to average") };
    }
    const value = snap(sum / count);
    let formula: string | undefined;
    if (refable) {
      formula = count === 1 ? parts[0] : `(${parts.join("+")})/${count}`;
      if (formula.length > MAX_FORMULA_LENGTH) {
        formula = undefined;
        note = msg("Terlalu banyak baris untuk satu rumus; nilai ditulis", "Too many rows for one formula; the value is written");
      }
    }
    if (skipped) {
      note = joinNotes(note, msg(`${skipped} baris tanpa capaian tidak ikut dirata-ratakan`, `${skipped} rows without a capaian are left out of the mean`));
    }
    const total = num(fraction ? sum * 100 : sum);
    const shownAll = count <= 8 ? shown.join(" + ") : `${count} capaian`;
    return {
      value,
      formula,
      inputs,
      how: `mean of ${count} ${what} = (${shownAll}) / ${count} = ${total} / ${count} = ${fraction ? `${num(value * 100)} %` : num(value)}`,
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
