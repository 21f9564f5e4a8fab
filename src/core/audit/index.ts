/**
 * The audit (domain.md §6): compares every non-empty stated cell of a computed column with the
 * engine's value (ComputedCell, produced by src/core/compute) and adds the rules that need no
 * computation (text numbers, formula errors, SUM ranges, constants, units, missing targets,
 * over-absorption, header labels, amounts that differ between tables).
 *
 * Expected values are taken from ComputedCell; nothing here recomputes capaian / sums, except the
 * two alternatives a K column allows (flow vs stock) so that a stock repeated each quarter is not
 * called a quarter-sum error, and the scale's label for the STATED capaian (kategori rule).
 *
 * Output order is deterministic: sheet order, row, column, rule.
 */
import type { Book, Grid, Scalar } from "../grid";
import { a1, colLetter, sheetOf } from "../grid";
import type {
  ColumnModel,
  ComputedCell,
  ComputedTable,
  EngineOptions,
  Finding,
  Message,
  Role,
  RowLevel,
  RowModel,
  Scale,
  Severity,
  TableModel,
} from "../model";
import { NUMERIC_ROLES } from "../model";
import { SCALE_PRESETS, categorize, describeScale, roundHalfUp } from "../scale";
import { sumRanges } from "../formula";
import { computeTable } from "../compute";
import {
  approxEq,
  describeInputs,
  fmtNum,
  fmtScalar,
  isErrorCell,
  normLabel,
  ownDecimals,
  readStated,
  sameAt,
  withinOneUnit,
  withStatedCache,
  type Stated,
} from "./util";

export { isErrorCell } from "./util";

/** Every rule the audit can report, with its default severity. */
export const AUDIT_RULES: Record<string, Severity> = {
  "rp-sum-children": "error",
  "total-sum": "error",
  "quarter-sum": "error",
  "renstra-cumulative": "error",
  "capaian-mismatch": "error",
  "factor-100": "error",
  "penyerapan-mismatch": "error",
  "efisiensi-mismatch": "error",
  "kategori-mismatch": "error",
  "rata-rata-mismatch": "error",
  "predikat-mismatch": "error",
  "over-absorption": "warning",
  "unit-mismatch": "warning",
  "target-missing": "warning",
  "number-as-text": "warning",
  "constant-total": "info",
  "sum-range": "error",
  "formula-error": "error",
  "header-label": "warning",
  "cross-table-amount": "warning",
};

export type AuditRule = keyof typeof AUDIT_RULES;

const PERCENT_ROLES = new Set<Role>(["capaian_renja", "capaian_renstra", "capaian", "capaian_anggaran", "tingkat_kemajuan"]);
const RP_ROLES = new Set<Role>(["pagu", "realisasi_anggaran", "sisa_anggaran", "pagu_tahun"]);
const FOOTER_LEVELS = new Set<RowLevel>(["total", "rata-rata", "predikat"]);
const LEVEL_NAME: Record<RowLevel, { id: string; en: string }> = {
  tujuan: { id: "tujuan", en: "tujuan" },
  sasaran: { id: "sasaran", en: "sasaran" },
  urusan: { id: "urusan", en: "urusan" },
  bidang: { id: "bidang", en: "bidang" },
  program: { id: "program", en: "program" },
  kegiatan: { id: "kegiatan", en: "kegiatan" },
  subkegiatan: { id: "sub kegiatan", en: "sub kegiatan" },
  indikator: { id: "indikator", en: "indicator" },
  total: { id: "total", en: "total" },
  "rata-rata": { id: "rata-rata", en: "average" },
  predikat: { id: "predikat", en: "predikat" },
};

const ROLE_NAME: Partial<Record<Role, { id: string; en: string }>> = {
  capaian_renja: { id: "Tingkat capaian Renja", en: "Renja achievement" },
  capaian_renstra: { id: "Tingkat capaian Renstra", en: "Renstra achievement" },
  capaian: { id: "Capaian", en: "Capaian (achievement)" },
  capaian_anggaran: { id: "Capaian anggaran (penyerapan)", en: "Budget absorption" },
  tingkat_kemajuan: { id: "Tingkat kemajuan", en: "Progress towards the Renstra target" },
  efisiensi: { id: "Tingkat efisiensi", en: "Efficiency ratio" },
  sisa_anggaran: { id: "Sisa anggaran", en: "Remaining budget" },
  kategori: { id: "Kategori", en: "Category" },
  kategori_efisiensi: { id: "Kategori efisiensi", en: "Efficiency category" },
};

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Per-table context

class TableCtx {
  readonly rowByRow = new Map<number, RowModel>();
  readonly colByCol = new Map<number, ColumnModel>();
  /** parent row → child rows (indikator rows excluded). */
  readonly children = new Map<number, RowModel[]>();
  readonly computedAt = new Map<string, ComputedCell>();
  /**
   * The engine's values when every computed cell takes the engine's result instead of the stated
   * content (no chaining through stated values). A stated value matching this is consistent with
   * the true inputs; the wrong upstream cell is flagged at its origin, so it is not flagged again.
   */
  private pure?: Map<string, ComputedCell>;

  constructor(
    readonly grid: Grid,
    readonly table: TableModel,
    readonly cells: ComputedCell[],
    readonly opts: EngineOptions,
  ) {
    for (const r of table.rows) this.rowByRow.set(r.row, r);
    for (const c of table.columns) this.colByCol.set(c.col, c);
    for (const r of table.rows) {
      if (r.parent === undefined || r.level === "indikator" || FOOTER_LEVELS.has(r.level)) continue;
      const list = this.children.get(r.parent) ?? [];
      list.push(r);
      this.children.set(r.parent, list);
    }
    for (const cc of cells) if (cc.sheet === grid.sheet) this.computedAt.set(`${cc.row}:${cc.col}`, cc);
  }

  /** The engine's value without chaining through stated values (computed on first need). */
  pureAt(r: number, c: number): ComputedCell | undefined {
    if (!this.pure) {
      this.pure = new Map();
      try {
        const pure = computeTable(this.grid, this.table, { ...this.opts, overwrite: () => true });
        for (const cc of pure.cells) this.pure.set(`${cc.row}:${cc.col}`, cc);
      } catch {
        // the alternative is optional: without it, cascaded differences are reported
      }
    }
    return this.pure.get(`${r}:${c}`);
  }

  column(role: Role, measure?: "k" | "rp"): ColumnModel | undefined {
    return this.table.columns.find((c) => c.role === role && (measure === undefined || (c.measure ?? "k") === measure));
  }

  /** Rows a total row adds up: the top-level data rows. */
  topLevel(): RowModel[] {
    return this.table.rows.filter((r) => r.parent === undefined && r.level !== "indikator" && !FOOTER_LEVELS.has(r.level));
  }

  /** Data rows whose numbers a parent or total adds up. */
  childrenOf(row: RowModel): RowModel[] {
    if (row.level === "total") return this.topLevel();
    return this.children.get(row.row) ?? [];
  }

  isRpColumn(col: ColumnModel): boolean {
    if (col.percent) return false;
    return col.measure === "rp" || RP_ROLES.has(col.role);
  }
}

// ---------------------------------------------------------------------------------------------
// Findings

interface Draft {
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

function makeFinding(ctx: { grid: Grid; table?: TableModel }, d: Draft): Finding {
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

// ---------------------------------------------------------------------------------------------
// Rule for a computed cell

function sameColumnInputs(cc: ComputedCell): boolean {
  if (cc.inputs.length === 0) return false;
  const letter = colLetter(cc.col);
  return cc.inputs.every((s) => {
    const m = /^(?:(.*)!)?\$?([A-Z]{1,3})\$?\d+$/.exec(s);
    return m !== null && m[2] === letter && (m[1] === undefined || m[1].replace(/^'|'$/g, "") === cc.sheet);
  });
}

function ruleFor(cc: ComputedCell, row: RowModel | undefined): AuditRule {
  // A label on the rata-rata or predikat row is the predikat.
  if (typeof cc.value === "string" && (row?.level === "rata-rata" || row?.level === "predikat")) return "predikat-mismatch";
  if (row?.level === "rata-rata") return "rata-rata-mismatch";
  if (row?.level === "predikat") return "predikat-mismatch";
  switch (cc.role) {
    case "kategori":
    case "kategori_efisiensi":
      return "kategori-mismatch";
    case "efisiensi":
      return "efisiensi-mismatch";
    case "capaian_anggaran":
    case "sisa_anggaran":
      return "penyerapan-mismatch";
    case "capaian_renja":
    case "capaian_renstra":
    case "capaian":
    case "tingkat_kemajuan":
      return "capaian-mismatch";
  }
  if (row?.level === "total") return "total-sum";
  if (sameColumnInputs(cc)) return "rp-sum-children";
  if (cc.role === "realisasi_renja") return "quarter-sum";
  if (cc.role === "realisasi_renstra") return "renstra-cumulative";
  return "rp-sum-children";
}

function isPercentCell(cc: ComputedCell, row: RowModel | undefined): boolean {
  return PERCENT_ROLES.has(cc.role) || row?.level === "rata-rata";
}

/** The engine's numeric value in the units of the stated cell (percent roles in percent). */
function expectedNumber(cc: ComputedCell, percent: boolean): number | undefined {
  if (typeof cc.value !== "number" || !Number.isFinite(cc.value)) return undefined;
  if (percent && cc.numberFormat && /%/.test(cc.numberFormat)) return cc.value * 100;
  return cc.value;
}

/** The stated number in the units of comparison (a "0.00%" cell shows value × 100). */
function statedNumber(st: Stated, percent: boolean): { value: number; decimals: number } | undefined {
  if (st.value === undefined) return undefined;
  let value = st.value;
  let decimals = st.decimals ?? ownDecimals(value);
  if (st.percentFormat && percent) value = value * 100;
  else if (st.percentFormat && !st.fromFormat) decimals = ownDecimals(value);
  if (!st.fromFormat) decimals = Math.min(decimals, percent ? 2 : 4);
  return { value, decimals };
}

// ---------------------------------------------------------------------------------------------
// Computed-column comparisons

function numbersAt(ctx: TableCtx, row: number, cols: (ColumnModel | undefined)[]): (number | undefined)[] {
  return cols.map((c) => (c ? readStated(ctx.grid, row, c.col, c).value : undefined));
}

/** Alternative K readings of an annual value: sum of the quarters (flow) or last reported (stock). */
function quarterAlternatives(ctx: TableCtx, cc: ComputedCell): number[] {
  const measure = cc.measure ?? ctx.colByCol.get(cc.col)?.measure ?? "k";
  const qs = ([1, 2, 3, 4] as const).map((q) =>
    ctx.table.columns.find((c) => (c.quarter === q || c.role === `realisasi_tw${q}`) && (c.measure ?? "k") === measure),
  );
  const vals = numbersAt(ctx, cc.row, qs).filter((v): v is number => v !== undefined);
  if (vals.length === 0) return [];
  return [vals.reduce((a, b) => a + b, 0), vals[vals.length - 1]];
}

function renstraAlternatives(ctx: TableCtx, cc: ComputedCell): number[] {
  const measure = cc.measure ?? ctx.colByCol.get(cc.col)?.measure ?? "k";
  const lalu = ctx.column("realisasi_renstra_lalu", measure);
  const renja = ctx.column("realisasi_renja", measure);
  const [l, r0] = numbersAt(ctx, cc.row, [lalu, renja]);
  let r = r0;
  if (r === undefined && renja) {
    const c = ctx.computedAt.get(`${cc.row}:${renja.col}`);
    if (c && typeof c.value === "number") r = c.value;
  }
  const out: number[] = [];
  if (r !== undefined) {
    out.push(r);
    if (l !== undefined) out.push(l + r);
  }
  return out;
}

/**
 * The value of input `ref` (same-sheet A1) in percent units: as stated in the cell, or as the
 * engine computed it (its ComputedCell; the stated value when the engine computes nothing there).
 */
function inputValue(ctx: TableCtx, ref: string, source: "stated" | "computed"): { value?: number; empty: boolean } {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) return { empty: false };
  const r = Number(m[2]) - 1;
  const c = ctx.table.columns.find((col) => colLetter(col.col) === m[1]);
  if (!c) return { empty: false };
  const pct = PERCENT_ROLES.has(c.role) || ctx.rowByRow.get(r)?.level === "rata-rata";
  if (source === "computed") {
    const cc = ctx.computedAt.get(`${r}:${c.col}`);
    if (cc && typeof cc.value === "number") {
      return { value: pct && cc.numberFormat && /%/.test(cc.numberFormat) ? cc.value * 100 : cc.value, empty: false };
    }
  }
  const st = readStated(ctx.grid, r, c.col, c);
  if (st.value === undefined) return { empty: ctx.grid.isEmpty(r, c.col) || st.parsed.kind === "placeholder" };
  return { value: st.percentFormat && pct ? st.value * 100 : st.value, empty: false };
}

/** The input `ref` (same-sheet A1) lies in a percentage (capaian-like) column of the table. */
function percentColumnRef(ctx: TableCtx, ref: string): boolean {
  const m = /^\$?([A-Z]{1,3})\$?\d+$/.exec(ref);
  const c = m ? ctx.table.columns.find((col) => colLetter(col.col) === m[1]) : undefined;
  return c !== undefined && (PERCENT_ROLES.has(c.role) || c.role === "efisiensi");
}

/** Efisiensi (first / second input) or mean of the inputs, from stated or computed inputs. */
function fromInputs(ctx: TableCtx, cc: ComputedCell, rule: AuditRule, source: "stated" | "computed"): number | undefined {
  // A Renja rata-rata without a capaian column is a mean of ratios (realisasi / target pairs), not
  // of its inputs: no alternative reading here (the engine's value from its own inputs is `pureAt`).
  if (rule === "rata-rata-mismatch" && cc.inputs.some((ref) => !percentColumnRef(ctx, ref))) return undefined;
  const vals: number[] = [];
  for (const ref of cc.inputs) {
    const v = inputValue(ctx, ref, source);
    if (v.value === undefined) {
      if (rule === "rata-rata-mismatch" && v.empty) continue;
      return undefined;
    }
    vals.push(v.value);
  }
  if (vals.length === 0) return undefined;
  if (rule === "efisiensi-mismatch") return vals.length === 2 && vals[1] !== 0 ? vals[0] / vals[1] : undefined;
  return vals.reduce((a, b) => a + b, 0) / vals.length;
}

/**
 * Parent rows: the engine computes their annual Rp as the sum of the children, so the row's own
 * quarters are checked here: annual Rp = TW I + … + TW IV of the same row (Rp always sums).
 */
function auditParentQuarters(ctx: TableCtx, out: Finding[]): void {
  const { grid, table } = ctx;
  const annual = ctx.column("realisasi_renja", "rp");
  if (!annual || annual.percent) return;
  const qs = ([1, 2, 3, 4] as const)
    .map((q) => table.columns.find((c) => (c.quarter === q || c.role === `realisasi_tw${q}`) && c.measure === "rp" && !c.percent))
    .filter((c): c is ColumnModel => c !== undefined);
  if (qs.length === 0) return;
  for (const row of table.rows) {
    if (ctx.childrenOf(row).length === 0) continue;
    const cc = ctx.computedAt.get(`${row.row}:${annual.col}`);
    if (cc && !sameColumnInputs(cc)) continue; // the engine already compares with the quarters
    const st = readStated(grid, row.row, annual.col, annual);
    if (st.value === undefined || isErrorCell(grid.get(row.row, annual.col))) continue;
    const parts: { label: string; ref: string; value: number }[] = [];
    let bad = false;
    qs.forEach((q, i) => {
      const v = readStated(grid, row.row, q.col, q);
      if (v.value !== undefined) parts.push({ label: `TW ${["I", "II", "III", "IV"][Number(q.role.slice(-1)) - 1] ?? i + 1}`, ref: a1(row.row, q.col), value: v.value });
      else if (!(grid.isEmpty(row.row, q.col) || v.parsed.kind === "placeholder")) bad = true;
    });
    if (bad || parts.length === 0) continue;
    const sum = parts.reduce((a, p) => a + p.value, 0);
    if (Math.abs(st.value - sum) <= 0.5 + 1e-9) continue;
    const where = a1(row.row, annual.col);
    const how = `Rp: ${parts.map((p) => p.label).join(" + ")} = ${parts.map((p) => fmtNum(p.value, "en")).join(" + ")} = ${fmtNum(sum, "en")}`;
    out.push(
      makeFinding(ctx, {
        rule: "quarter-sum",
        row: row.row,
        col: annual.col,
        stated: st.value,
        expected: roundHalfUp(sum, 2),
        how,
        inputs: parts.map((p) => p.ref),
        message: {
          id: `Realisasi tahunan Rp ${where} = ${fmtNum(st.value, "id")} tidak sama dengan jumlah realisasi triwulan baris ini (${parts.map((p) => p.ref).join(" + ")} = ${fmtNum(sum, "id")})`,
          en: `Annual realisasi Rp ${where} = ${fmtNum(st.value, "en")} differs from the sum of this row's quarters (${parts.map((p) => p.ref).join(" + ")} = ${fmtNum(sum, "en")})`,
        },
      }),
    );
  }
}

function refCol(ref: string): { r: number; c: number } | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) return undefined;
  let c = 0;
  for (const ch of m[1]) c = c * 26 + (ch.charCodeAt(0) - 64);
  return { r: Number(m[2]) - 1, c: c - 1 };
}

function ambiguousPairing(ctx: TableCtx, cc: ComputedCell): boolean {
  for (const ref of cc.inputs) {
    const p = refCol(ref);
    if (!p || p.r !== cc.row || p.c === cc.col) continue;
    const inCol = ctx.colByCol.get(p.c);
    if (!inCol) continue;
    const lo = Math.min(p.c, cc.col);
    const hi = Math.max(p.c, cc.col);
    const between = ctx.table.columns.some(
      (c) => c.col > lo && c.col < hi && c.role === inCol.role && (c.measure ?? "k") === (inCol.measure ?? "k"),
    );
    if (between) return true;
  }
  return false;
}

/**
 * When a stated capaian matches another polarity's formula than the engine used, say so:
 * R / T × 100 (positive), (T − (R − T)) / T × 100 (negative, seed), T / R × 100 (negative, ratio).
 */
function polarityHint(ctx: TableCtx, cc: ComputedCell, s: number, d: number): Message | undefined {
  if (cc.inputs.length !== 2) return undefined;
  const [R, T] = cc.inputs.map((ref) => inputValue(ctx, ref, "stated").value);
  if (R === undefined || T === undefined || T === 0 || R === 0) return undefined;
  const fraction = !!cc.numberFormat && /%/.test(cc.numberFormat);
  const k = fraction ? 1 : 100;
  const negative = /negative/i.test(cc.how);
  const ratio = /T\s*\/\s*R|T akhir \/ R/.test(cc.how) && negative;
  const candidates: { v: number; id: string; en: string }[] = [];
  if (negative) {
    candidates.push({
      v: (R / T) * k,
      id: "Nilai tertulis sama dengan R / T × 100 (rumus indikator positif), sedangkan indikator ini dibaca negatif (makin kecil makin baik); ubah polaritas baris bila keliru",
      en: "The stated value equals R / T × 100 (the positive formula) while this indicator is read as negative (lower is better); override the row's polarity if that is wrong",
    });
    if (!ratio) candidates.push({ v: (T / R) * k, id: "Nilai tertulis sama dengan T / R × 100 (rumus negatif 'rasio')", en: "The stated value equals T / R × 100 (the 'ratio' negative formula)" });
    else candidates.push({ v: ((T - (R - T)) / T) * k, id: "Nilai tertulis sama dengan (T − (R − T)) / T × 100 (rumus negatif seed)", en: "The stated value equals (T − (R − T)) / T × 100 (the seed's negative formula)" });
  } else {
    candidates.push({
      v: (T / R) * k,
      id: "Nilai tertulis sama dengan T / R × 100 (rumus indikator negatif 'rasio'), sedangkan indikator ini dibaca positif; ubah polaritas baris bila indikatornya makin kecil makin baik",
      en: "The stated value equals T / R × 100 (the 'ratio' formula for negative indicators) while this indicator is read as positive; override the row's polarity if lower is better",
    });
    candidates.push({
      v: ((T - (R - T)) / T) * k,
      id: "Nilai tertulis sama dengan (T − (R − T)) / T × 100 (rumus indikator negatif), sedangkan indikator ini dibaca positif; ubah polaritas baris bila indikatornya makin kecil makin baik",
      en: "The stated value equals (T − (R − T)) / T × 100 (the negative-indicator formula) while this indicator is read as positive; override the row's polarity if lower is better",
    });
  }
  const scaleUp = fraction ? 100 : 1;
  // A hint, not a verdict: within one unit of the last digit shown is close enough.
  for (const c of candidates) if (withinOneUnit(s, c.v * scaleUp, d)) return { id: c.id, en: c.en };
  return undefined;
}

/** Cut off (toward zero) at `d` decimals, immune to binary fractions. */
function truncate(v: number, d: number): number {
  const f = Math.pow(10, d);
  return (Math.sign(v) || 1) * (Math.floor(Math.abs(v) * f + 1e-9) / f);
}

function auditComputed(ctx: TableCtx, out: Finding[]): void {
  const { grid } = ctx;
  for (const cc of ctx.cells) {
    if (cc.sheet !== grid.sheet) continue;
    if (cc.value === null || cc.value === undefined) continue;
    if (grid.isEmpty(cc.row, cc.col)) continue;
    const cell = grid.get(cc.row, cc.col);
    if (isErrorCell(cell)) continue;
    const row = ctx.rowByRow.get(cc.row);
    const column = ctx.colByCol.get(cc.col);
    const rule = ruleFor(cc, row);
    const where = a1(cc.row, cc.col);

    if (typeof cc.value === "string") {
      auditLabel(ctx, cc, rule, row, out);
      continue;
    }
    const percent = isPercentCell(cc, row);
    const st = readStated(grid, cc.row, cc.col, column);
    const s = statedNumber(st, percent);
    const e = expectedNumber(cc, percent);
    if (!s || e === undefined) continue;

    const isRp =
      (column ? ctx.isRpColumn(column) : cc.measure === "rp") &&
      !percent &&
      cc.role !== "efisiensi" &&
      (rule === "rp-sum-children" || rule === "total-sum" || rule === "quarter-sum" || rule === "renstra-cumulative" || rule === "penyerapan-mismatch");
    let ok: boolean;
    if (isRp) ok = Math.abs(s.value - e) <= 0.5 + 1e-9;
    else ok = sameAt(s.value, e, s.decimals);
    if (ok) continue;
    // No claim when the engine paired the cell with an input column while another column of the
    // same role sits between them (e.g. a second year's Target/Realisasi/Capaian group).
    if (ambiguousPairing(ctx, cc)) continue;
    // Efisiensi and rata-rata are often computed from the ROUNDED percentages shown, and a wrong
    // input is flagged at its origin: accept the value recomputed from the stated inputs or from
    // the engine's values of the inputs.
    if (rule === "efisiensi-mismatch" || rule === "rata-rata-mismatch") {
      const alts = [fromInputs(ctx, cc, rule, "stated"), fromInputs(ctx, cc, rule, "computed")];
      if (alts.some((alt) => alt !== undefined && sameAt(s.value, alt, s.decimals))) continue;
    }

    // A computed value consistent with the engine's own upstream values (a wrong realisasi is
    // flagged at its origin, the capaian typed from the right quarters is not flagged again).
    // Sums are always checked against the children AS PRINTED: a parent that differs from its
    // stated children is an inconsistency of the report even when it is right bottom-up.
    if (rule !== "rp-sum-children" && rule !== "total-sum") {
      const pure = ctx.pureAt(cc.row, cc.col);
      const pe = pure ? expectedNumber(pure, percent) : undefined;
      if (pe !== undefined && (isRp ? Math.abs(s.value - pe) <= 0.5 + 1e-9 : sameAt(s.value, pe, s.decimals))) continue;
    }

    // K columns: a flow summed or a stock repeated are both legitimate readings.
    const measure = cc.measure ?? column?.measure ?? "k";
    if (rule === "quarter-sum" && measure === "k") {
      if (quarterAlternatives(ctx, cc).some((alt) => sameAt(s.value, alt, s.decimals))) continue;
    }
    if (rule === "renstra-cumulative" && measure === "k") {
      if (renstraAlternatives(ctx, cc).some((alt) => sameAt(s.value, alt, s.decimals))) continue;
    }

    const expDec = isRp ? 2 : Math.max(s.decimals, 2);
    const expected = roundHalfUp(e, expDec);
    const base = { row: cc.row, col: cc.col, stated: s.value, how: cc.how, inputs: cc.inputs };

    // Factor-of-100 slip.
    if (percent || cc.role === "efisiensi") {
      const times = sameAt(s.value, e * 100, s.decimals);
      const sDec = ownDecimals(s.value);
      const divided = !times && e !== 0 && sameAt(s.value, e / 100, Math.max(sDec, 2));
      if ((times || divided) && !approxEq(e, 0)) {
        const name = ROLE_NAME[cc.role] ?? { id: "Persentase", en: "Percentage" };
        const sI = fmtNum(s.value, "id");
        const sE = fmtNum(s.value, "en");
        const eI = fmtNum(expected, "id");
        const eE = fmtNum(expected, "en");
        out.push(
          makeFinding(ctx, {
            ...base,
            rule: "factor-100",
            expected,
            message: times
              ? {
                  id: `${name.id} ${where} tertulis ${sI}, seharusnya ${eI}: nilai dikalikan 100 dua kali (selisih faktor 100; ${cc.how})`,
                  en: `${name.en} ${where} states ${sE}, expected ${eE}: multiplied by 100 twice (a factor-of-100 slip; ${cc.how})`,
                }
              : {
                  id: `${name.id} ${where} tertulis ${sI}, seharusnya ${eI}: ditulis sebagai pecahan, belum dikalikan 100 (selisih faktor 100; ${cc.how})`,
                  en: `${name.en} ${where} states ${sE}, expected ${eE}: written as a fraction, not multiplied by 100 (a factor-of-100 slip; ${cc.how})`,
                },
          }),
        );
        continue;
      }
    }

    // Cut off instead of rounded half-up (62.857 written 62.85), or within one unit of the last
    // printed digit (domain.md §3: the tolerance of stated against computed; 1.1 for 1.0036):
    // reported, but as info, since reports are not always consistent in rounding. Any other
    // difference is an error.
    const cutOff = !isRp && s.decimals > 0 && approxEq(truncate(e, s.decimals), s.value);
    const ratio = rule === "capaian-mismatch" || rule === "penyerapan-mismatch" || rule === "efisiensi-mismatch" || rule === "rata-rata-mismatch";
    const slight = cutOff || (!isRp && ratio && withinOneUnit(s.value, e, s.decimals));
    const message = mismatchMessage(ctx, cc, rule, row, s.value, expected);
    if (slight) {
      out.push(
        makeFinding(ctx, {
          ...base,
          rule,
          severity: "info",
          expected,
          message: {
            id: cutOff
              ? `${message.id}; nilai dipotong, bukan dibulatkan setengah ke atas (selisih pembulatan, bukan kesalahan hitung)`
              : `${message.id}; selisihnya tidak lebih dari satu satuan angka terakhir yang tertulis (selisih pembulatan, bukan kesalahan hitung)`,
            en: cutOff
              ? `${message.en}; the value was cut off instead of rounded half-up (a rounding slip, not an arithmetic error)`
              : `${message.en}; within one unit of the last printed digit (a rounding difference, not an arithmetic error)`,
          },
        }),
      );
      continue;
    }
    const hint = rule === "capaian-mismatch" ? polarityHint(ctx, cc, s.value, s.decimals) : undefined;
    out.push(
      makeFinding(ctx, {
        ...base,
        rule,
        expected,
        message: hint ? { id: `${message.id}. ${hint.id}`, en: `${message.en}. ${hint.en}` } : message,
      }),
    );
  }
}

function mismatchMessage(ctx: TableCtx, cc: ComputedCell, rule: AuditRule, row: RowModel | undefined, s: number, e: number): Message {
  const where = a1(cc.row, cc.col);
  const sI = fmtNum(s, "id");
  const sE = fmtNum(s, "en");
  const eI = fmtNum(e, "id");
  const eE = fmtNum(e, "en");
  const range = describeInputs(cc.inputs);
  const how = cc.how;
  switch (rule) {
    case "rp-sum-children": {
      const lvl = LEVEL_NAME[row?.level ?? "program"];
      const kids = row ? ctx.childrenOf(row) : [];
      const kid = LEVEL_NAME[kids[0]?.level ?? "kegiatan"];
      const what = ctx.colByCol.get(cc.col)?.measure === "rp" || ctx.isRpColumn(ctx.colByCol.get(cc.col) ?? ({} as ColumnModel)) ? "Rp" : "K";
      return {
        id: `Jumlah ${what} ${lvl.id} (${where} = ${sI}) tidak sama dengan jumlah ${kid.id} di bawahnya (${range} = ${eI})`,
        en: `${cap(lvl.en)} ${what} (${where} = ${sE}) differs from the sum of its ${kid.en} (${range} = ${eE})`,
      };
    }
    case "total-sum":
      return {
        id: `Total (${where} = ${sI}) tidak sama dengan jumlah baris tingkat teratas (${range} = ${eI})`,
        en: `Total (${where} = ${sE}) differs from the sum of the top-level rows (${range} = ${eE})`,
      };
    case "quarter-sum":
      return {
        id: `Realisasi tahunan ${where} = ${sI} tidak sesuai realisasi triwulan, seharusnya ${eI} (${how})`,
        en: `Annual realisasi ${where} = ${sE} does not match the quarters, expected ${eE} (${how})`,
      };
    case "renstra-cumulative":
      return {
        id: `Realisasi Renstra s/d tahun ini ${where} = ${sI} tidak sama dengan realisasi s/d tahun lalu + realisasi tahun ini, seharusnya ${eI} (${how})`,
        en: `Cumulative Renstra realisasi ${where} = ${sE} differs from last year's cumulative + this year's realisasi, expected ${eE} (${how})`,
      };
    case "rata-rata-mismatch":
      return {
        id: `Rata-rata capaian ${where} tertulis ${sI}, seharusnya ${eI} (${how})`,
        en: `Average achievement ${where} states ${sE}, expected ${eE} (${how})`,
      };
    default: {
      const name = ROLE_NAME[cc.role] ?? { id: "Nilai", en: "Value" };
      const pct = isPercentCell(cc, row) ? "%" : "";
      return {
        id: `${name.id} ${where} tertulis ${sI}${pct}, seharusnya ${eI}${pct} (${how})`,
        en: `${name.en} ${where} states ${sE}${pct}, expected ${eE}${pct} (${how})`,
      };
    }
  }
}

/** Kategori / predikat: the stated label against the scale's label for the computed or stated value. */
function auditLabel(ctx: TableCtx, cc: ComputedCell, rule: AuditRule, row: RowModel | undefined, out: Finding[]): void {
  const { grid, opts } = ctx;
  const raw = grid.value(cc.row, cc.col);
  if (typeof raw !== "string" || raw.trim() === "") return;
  const expected = String(cc.value);
  if (normLabel(raw) === normLabel(expected)) return;
  const scale: Scale = cc.role === "kategori_efisiensi" || cc.role === "efisiensi" ? SCALE_PRESETS.efisiensi : opts.scale;
  // Only compare with labels of the scale: free text ("Tercapai", remarks) is not a kategori.
  const labels = new Set(scale.bands.map((b) => normLabel(b.label)));
  const isScaleLabel = labels.has(normLabel(raw));
  // The label of the STATED value the kategori was derived from (first numeric input in the row).
  let statedBasis: { cell: string; value: number; label: string } | undefined;
  for (const ref of cc.inputs) {
    const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref);
    if (!m) continue;
    const r = Number(m[2]) - 1;
    const c = ctx.table.columns.find((col) => colLetter(col.col) === m[1]);
    const st = readStated(grid, r, c?.col ?? -1, c);
    if (!c || st.value === undefined) continue;
    const pct = PERCENT_ROLES.has(c.role) || ctx.rowByRow.get(r)?.level === "rata-rata";
    const v = st.percentFormat && pct ? st.value * 100 : st.value;
    statedBasis = { cell: ref, value: v, label: categorize(v, scale) };
    break;
  }
  if (statedBasis && normLabel(statedBasis.label) === normLabel(raw)) return; // consistent with the stated capaian
  // ... or with the engine's own capaian (the stated capaian is then flagged at its origin).
  for (const ref of cc.inputs) {
    const v = inputValue(ctx, ref, "computed");
    if (v.value !== undefined && normLabel(categorize(v.value, scale)) === normLabel(raw)) return;
    break;
  }
  const conv = describeScale(scale);
  // A label of another preset: the workbook probably follows that scale.
  let other = "";
  let otherEn = "";
  if (!isScaleLabel) {
    const preset = Object.values(SCALE_PRESETS).find((p) => p.id !== scale.id && p.bands.some((b) => normLabel(b.label) === normLabel(raw)));
    if (preset) {
      other = ` "${raw.trim()}" adalah label skala ${preset.name} (${preset.id}); pilih skala itu bila tabel memakainya.`;
      otherEn = ` "${raw.trim()}" is a label of the ${preset.name} scale (${preset.id}); choose that scale if the table follows it.`;
    }
  }
  const where = a1(cc.row, cc.col);
  const what = rule === "predikat-mismatch" ? { id: "Predikat", en: "Predikat" } : ROLE_NAME[cc.role] ?? { id: "Kategori", en: "Category" };
  const basisId = statedBasis ? `; nilai tertulis ${statedBasis.cell} = ${fmtNum(statedBasis.value, "id")} → "${statedBasis.label}"` : "";
  const basisEn = statedBasis ? `; the stated value ${statedBasis.cell} = ${fmtNum(statedBasis.value, "en")} → "${statedBasis.label}"` : "";
  out.push(
    makeFinding(ctx, {
      rule,
      severity: isScaleLabel ? "error" : "warning",
      row: cc.row,
      col: cc.col,
      stated: raw,
      expected,
      how: cc.how,
      inputs: cc.inputs,
      message: {
        id: `${what.id} ${where} tertulis "${raw.trim()}", menurut skala ${scale.name} seharusnya "${expected}" (${cc.how}${basisId}).${other} ${conv.id}`,
        en: `${what.en} ${where} states "${raw.trim()}", the ${scale.name} scale gives "${expected}" (${cc.how}${basisEn}).${otherEn} ${conv.en}`,
      },
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Parent / total cells: constants and SUM ranges

/** The engine's sum for a parent cell (else the sum of the stated children), for `expected`. */
function childrenSum(ctx: TableCtx, row: RowModel, col: ColumnModel): { expected?: number } {
  const cc = ctx.computedAt.get(`${row.row}:${col.col}`);
  if (cc && typeof cc.value === "number") return { expected: cc.value };
  let sum: number | undefined;
  for (const k of ctx.childrenOf(row)) {
    const v = readStated(ctx.grid, k.row, col.col, col).value;
    if (v !== undefined) sum = (sum ?? 0) + v;
  }
  return sum === undefined ? {} : { expected: sum };
}

function auditParents(ctx: TableCtx, out: Finding[]): void {
  const { grid, table } = ctx;
  const constants: Finding[] = [];
  // Sisa is a row-wise difference, not a sum of children.
  const rpCols = table.columns.filter((c) => ctx.isRpColumn(c) && c.role !== "sisa_anggaran");
  const dataRows = table.rows.filter((r) => r.level !== "indikator" && !FOOTER_LEVELS.has(r.level));
  const descendants = (row: RowModel): Set<number> => {
    if (row.level === "total") return new Set(dataRows.map((r) => r.row));
    const set = new Set<number>();
    const walk = (r: number) => {
      for (const k of ctx.children.get(r) ?? []) {
        set.add(k.row);
        walk(k.row);
      }
    };
    walk(row.row);
    return set;
  };
  for (const row of table.rows) {
    if (row.level === "rata-rata" || row.level === "predikat" || row.level === "indikator") continue;
    const kids = ctx.childrenOf(row);
    if (kids.length === 0) continue;
    for (const col of rpCols) {
      const cell = grid.get(row.row, col.col);
      if (!cell || grid.isEmpty(row.row, col.col) || isErrorCell(cell)) continue;
      const kidVals = kids.filter((k) => readStated(grid, k.row, col.col, col).value !== undefined);
      if (!cell.f) {
        const st = readStated(grid, row.row, col.col, col);
        if (st.value === undefined || kidVals.length === 0) continue;
        const where = a1(row.row, col.col);
        const lvl = LEVEL_NAME[row.level];
        constants.push(
          makeFinding(ctx, {
            rule: "constant-total",
            row: row.row,
            col: col.col,
            stated: st.value,
            ...childrenSum(ctx, row, col),
            inputs: kids.map((k) => a1(k.row, col.col)),
            message: {
              id: `Jumlah ${lvl.id} ${where} diketik sebagai angka tetap, bukan rumus SUM atas ${kids.length} baris di bawahnya; jumlah tidak ikut berubah bila rinciannya diubah`,
              en: `The ${lvl.en} amount ${where} is typed as a constant, not a SUM over its ${kids.length} child rows; it will not follow changes in the detail`,
            },
          }),
        );
        continue;
      }
      const areas = sumRanges(cell.f);
      if (!areas) continue;
      if (areas.some((a) => a.sheet !== undefined && a.sheet !== grid.sheet)) continue;
      // Only vertical sums in this column (a row-wise SUM of quarters is another matter).
      if (!areas.every((a) => a.area.c1 === col.col && a.area.c2 === col.col)) continue;
      const covered = new Set<number>();
      const foreign: string[] = [];
      for (const a of areas) {
        const r2 = Math.min(a.area.r2, grid.rowCount - 1);
        for (let r = a.area.r1; r <= r2; r++) {
          for (let c = a.area.c1; c <= a.area.c2 && c < Math.max(grid.colCount, col.col + 1); c++) {
            if (grid.isEmpty(r, c)) continue;
            if (c !== col.col) foreign.push(a1(r, c));
            else covered.add(r);
          }
        }
      }
      const desc = descendants(row);
      const skipped: string[] = [];
      const extra: string[] = [];
      // Walk the tree: each non-empty node is covered directly, or through all its descendants.
      const nonEmpty = (r: number) => !grid.isEmpty(r, col.col);
      const check = (kidsOf: RowModel[]) => {
        for (const k of kidsOf) {
          const sub = ctx.children.get(k.row) ?? [];
          if (covered.has(k.row)) {
            // Double count: a descendant covered as well.
            const inner = descendants(k);
            for (const r of inner) if (covered.has(r) && nonEmpty(r)) extra.push(a1(r, col.col));
            continue;
          }
          if (sub.length > 0 && sub.some((s) => nonEmpty(s.row))) check(sub);
          else if (nonEmpty(k.row)) skipped.push(a1(k.row, col.col));
        }
      };
      check(kids);
      for (const r of covered) {
        if (r === row.row) extra.push(a1(r, col.col));
        else if (!desc.has(r)) {
          const rm = ctx.rowByRow.get(r);
          if (rm?.level === "indikator") continue;
          extra.push(a1(r, col.col));
        }
      }
      extra.push(...foreign);
      if (skipped.length === 0 && extra.length === 0) continue;
      const where = a1(row.row, col.col);
      const sorted = (xs: string[]) => Array.from(new Set(xs));
      const sk = sorted(skipped);
      const ex = sorted(extra);
      const partsId: string[] = [];
      const partsEn: string[] = [];
      if (sk.length) {
        partsId.push(`melewatkan ${sk.join(", ")}`);
        partsEn.push(`skips ${sk.join(", ")}`);
      }
      if (ex.length) {
        partsId.push(`ikut menjumlahkan ${ex.join(", ")} yang bukan rincian baris ini`);
        partsEn.push(`also adds ${ex.join(", ")}, which ${ex.length > 1 ? "are" : "is"} not part of this row's detail`);
      }
      out.push(
        makeFinding(ctx, {
          rule: "sum-range",
          row: row.row,
          col: col.col,
          stated: typeof cell.v === "number" ? cell.v : cell.f,
          ...childrenSum(ctx, row, col),
          how: `${cell.f} → ${describeInputs(kids.map((k) => a1(k.row, col.col)))}`,
          inputs: kids.map((k) => a1(k.row, col.col)),
          message: {
            id: `Rumus ${where} (${cell.f}) ${partsId.join(" dan ")}`,
            en: `Formula ${where} (${cell.f}) ${partsEn.join(" and ")}`,
          },
        }),
      );
    }
  }
  if (constants.length === 0) return;
  // Where other parents of the same level in the same column are SUM formulas, a typed parent
  // stands out: flag each. Where every parent of that level is typed (a copy of a printed
  // report) say so once for the table.
  const formulaLevels = new Set<string>();
  for (const row of table.rows) {
    if (ctx.childrenOf(row).length === 0) continue;
    for (const col of rpCols) if (grid.get(row.row, col.col)?.f) formulaLevels.add(`${row.level}|${col.col}`);
  }
  const grouped: Finding[] = [];
  for (const f of constants) {
    const level = ctx.rowByRow.get(f.row)?.level;
    if (formulaLevels.has(`${level}|${f.col}`)) out.push(f);
    else grouped.push(f);
  }
  if (grouped.length === 0) return;
  if (grouped.length === 1) {
    out.push(grouped[0]);
    return;
  }
  const first = grouped[0];
  const cells = grouped.map((f) => f.cell);
  const list = cells.length > 6 ? `${cells.slice(0, 6).join(", ")} …` : cells.join(", ");
  out.push({
    ...first,
    inputs: cells,
    message: {
      id: `${grouped.length} jumlah induk/total di tabel ini diketik sebagai angka tetap, bukan rumus SUM (${list}); jumlah tidak ikut berubah bila rinciannya diubah`,
      en: `${grouped.length} parent/total amounts in this table are typed as constants, not SUM formulas (${list}); they will not follow changes in the detail`,
    },
  });
}


// ---------------------------------------------------------------------------------------------
// Target / realisasi pairs: over-absorption, units, missing targets

interface Pair {
  target: ColumnModel;
  real: ColumnModel;
}

function pairs(ctx: TableCtx, measure: "k" | "rp", renstra = false): Pair[] {
  const out: Pair[] = [];
  const add = (t?: ColumnModel, r?: ColumnModel) => {
    if (t && r) out.push({ target: t, real: r });
  };
  if (measure === "k") {
    add(ctx.column("target", "k"), ctx.column("realisasi", "k"));
    add(ctx.column("target_renja", "k"), ctx.column("realisasi_renja", "k"));
  } else {
    add(ctx.column("pagu"), ctx.column("realisasi_anggaran"));
    add(ctx.column("target_renja", "rp"), ctx.column("realisasi_renja", "rp"));
  }
  if (renstra) add(ctx.column("target_renstra", measure), ctx.column("realisasi_renstra", measure));
  return out.filter((p) => !p.target.percent && !p.real.percent);
}

function unitOf(ctx: TableCtx, row: number, col: ColumnModel, st: Stated): string | undefined {
  if (col.unitCol !== undefined) {
    const t = ctx.grid.text(row, col.unitCol);
    return t === "" ? undefined : t;
  }
  return st.parsed.unit;
}

function normUnit(u: string): string {
  const t = u
    .toLowerCase()
    .replace(/\bpersen\b|\bprosen\b/g, "%")
    .trim();
  const first = t.split(/[\s/]+/)[0] ?? "";
  return first.replace(/[.,;:()]/g, "");
}

function auditPairs(ctx: TableCtx, out: Finding[]): void {
  const { grid, table } = ctx;
  const rows = table.rows.filter((r) => !FOOTER_LEVELS.has(r.level));
  for (const row of rows) {
    // Over-absorption (Rp).
    for (const p of pairs(ctx, "rp")) {
      const t = readStated(grid, row.row, p.target.col, p.target);
      const rs = readStated(grid, row.row, p.real.col, p.real);
      let rv = rs.value;
      if (rv === undefined && grid.isEmpty(row.row, p.real.col)) {
        const cc = ctx.computedAt.get(`${row.row}:${p.real.col}`);
        if (cc && typeof cc.value === "number") rv = cc.value;
      }
      if (t.value === undefined || rv === undefined) continue;
      const tv = t.value * (p.target.scale ?? 1);
      const rr = rv * (p.real.scale ?? 1);
      if (rr > tv + 0.5 && tv >= 0) {
        const w = a1(row.row, p.real.col);
        const tw = a1(row.row, p.target.col);
        out.push(
          makeFinding(ctx, {
            rule: "over-absorption",
            row: row.row,
            col: p.real.col,
            stated: rv,
            expected: t.value,
            how: `${w} ≤ ${tw}`,
            inputs: [tw],
            message: {
              id: `Realisasi anggaran ${w} = ${fmtNum(rv, "id")} melebihi pagu ${tw} = ${fmtNum(t.value, "id")}${tv > 0 ? ` (penyerapan ${fmtNum(roundHalfUp((rr / tv) * 100, 2), "id")}%)` : ""}`,
              en: `Budget realisasi ${w} = ${fmtNum(rv, "en")} exceeds the pagu ${tw} = ${fmtNum(t.value, "en")}${tv > 0 ? ` (absorption ${fmtNum(roundHalfUp((rr / tv) * 100, 2), "en")}%)` : ""}`,
            },
          }),
        );
      }
    }
    // Units and missing targets (K), missing pagu (Rp).
    for (const measure of ["k", "rp"] as const) {
      for (const p of pairs(ctx, measure, true)) {
        const rs = readStated(grid, row.row, p.real.col, p.real);
        const realPresent = rs.value !== undefined || rs.parsed.kind === "grade";
        if (!realPresent) continue;
        const tCell = grid.get(row.row, p.target.col);
        const merged = grid.mergeAt(row.row, p.target.col);
        const tRaw = merged ? grid.value(merged.r1, merged.c1) : tCell?.v ?? null;
        const t = merged ? readStated(grid, merged.r1, merged.c1, p.target) : readStated(grid, row.row, p.target.col, p.target);
        const tw = a1(row.row, p.target.col);
        const w = a1(row.row, p.real.col);
        const targetMissing = tRaw === null || (typeof tRaw === "string" && tRaw.trim() === "") || t.parsed.kind === "placeholder";
        if (targetMissing) {
          out.push(
            makeFinding(ctx, {
              rule: "target-missing",
              row: row.row,
              col: p.target.col,
              stated: tRaw,
              inputs: [w],
              message: {
                id: `Target ${tw} ${tRaw === null || String(tRaw).trim() === "" ? "kosong" : `berisi "${String(tRaw).trim()}"`} padahal realisasi ${w} = ${fmtScalar(rs.value ?? rs.parsed.raw, "id")} terisi; capaian tidak dapat dihitung`,
              en: `Target ${tw} is ${tRaw === null || String(tRaw).trim() === "" ? "empty" : `"${String(tRaw).trim()}"`} while realisasi ${w} = ${fmtScalar(rs.value ?? rs.parsed.raw, "en")} is filled; capaian cannot be computed`,
            },
          }),
          );
          continue;
        }
        if (measure !== "k") continue;
        const ut = unitOf(ctx, merged ? merged.r1 : row.row, p.target, t);
        const ur = unitOf(ctx, row.row, p.real, rs);
        if (!ut || !ur) continue;
        if (normUnit(ut) === normUnit(ur)) continue;
        out.push(
          makeFinding(ctx, {
            rule: "unit-mismatch",
            row: row.row,
            col: p.real.col,
            stated: typeof rs.parsed.raw === "string" ? rs.parsed.raw : `${rs.value} ${ur}`,
            expected: ut,
            inputs: [tw],
            message: {
              id: `Satuan realisasi ${w} ("${ur}") berbeda dengan satuan target ${tw} ("${ut}"); capaian membandingkan besaran yang berbeda`,
              en: `Realisasi ${w} is in "${ur}" but the target ${tw} is in "${ut}"; the capaian compares different quantities`,
            },
          }),
        );
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Text numbers, formula errors, header labels

function auditCells(ctx: TableCtx, out: Finding[]): void {
  const { grid, table } = ctx;
  const numCols = table.columns.filter((c) => NUMERIC_ROLES.has(c.role));
  for (const row of table.rows) {
    for (const col of numCols) {
      const cell = grid.get(row.row, col.col);
      if (!cell || cell.f || typeof cell.v !== "string" || isErrorCell(cell)) continue;
      const st = readStated(grid, row.row, col.col, col);
      if (!st.fromText || st.value === undefined) continue;
      // A K quantity written with its unit or percent sign ("400 UM", "16,24%") is the template's
      // one-cell K convention, not a number meant for SUM; computed and Rp columns are flagged.
      const kInput = (col.measure ?? "k") === "k" && !col.percent && !PERCENT_ROLES.has(col.role) && col.role !== "efisiensi" && !RP_ROLES.has(col.role);
      if (st.parsed.unit || (kInput && (st.parsed.percent || st.parsed.multiplier))) continue;
      const where = a1(row.row, col.col);
      out.push(
        makeFinding(ctx, {
          rule: "number-as-text",
          row: row.row,
          col: col.col,
          stated: cell.v,
          expected: st.value,
          message: {
            id: `${where} berisi angka yang disimpan sebagai teks ("${cell.v.trim()}", dibaca sebagai ${fmtNum(st.value, "id")}${st.parsed.unit ? ` ${st.parsed.unit}` : ""}); SUM dan rumus Excel mengabaikannya`,
            en: `${where} holds a number stored as text ("${cell.v.trim()}", read as ${fmtNum(st.value, "en")}${st.parsed.unit ? ` ${st.parsed.unit}` : ""}); Excel's SUM ignores it`,
          },
        }),
      );
    }
  }
  // Formula errors anywhere in the table's data area.
  const { area, header } = table;
  for (let r = header.lastRow + 1; r <= area.r2; r++) {
    for (let c = area.c1; c <= area.c2; c++) {
      const cell = grid.get(r, c);
      if (!isErrorCell(cell)) continue;
      const where = a1(r, c);
      const err = String(cell!.v).trim();
      out.push(
        makeFinding(ctx, {
          rule: "formula-error",
          row: r,
          col: c,
          stated: err,
          how: cell!.f,
          message: {
            id: `${where} menampilkan galat ${err}${cell!.f ? ` (rumus ${cell!.f})` : ""}${err.toUpperCase() === "#DIV/0!" ? ": pembagi (target/pagu) kosong atau nol" : ""}`,
            en: `${where} shows the error ${err}${cell!.f ? ` (formula ${cell!.f})` : ""}${err.toUpperCase() === "#DIV/0!" ? ": the divisor (target/pagu) is empty or zero" : ""}`,
          },
        }),
      );
    }
  }
  for (const lc of table.labelConflicts) {
    const where = a1(lc.row, lc.col);
    out.push(
      makeFinding(ctx, {
        rule: "header-label",
        row: lc.row,
        col: lc.col,
        stated: lc.label,
        expected: lc.expected,
        message: {
          id: `Label nomor kolom ${where} "${lc.label}" bertentangan dengan judul kolom (${lc.expected}): ${lc.reason}`,
          en: `Column-number label ${where} "${lc.label}" contradicts the header text (${lc.expected}): ${lc.reason}`,
        },
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Cross-table amounts

interface AmountEntry {
  table: TableModel;
  grid: Grid;
  row: RowModel;
  col: ColumnModel;
  kind: "pagu" | "realisasi";
  value: number;
  rupiah: number;
  code?: string;
  name: string;
}

const CROSS_LEVELS = new Set<RowLevel>(["urusan", "bidang", "program", "kegiatan", "subkegiatan"]);

function normCode(code: string): string {
  return code
    .split(/[.\s]+/)
    .filter((p) => p !== "")
    .map((p) => (/^\d+$/.test(p) ? String(Number(p)) : p.toUpperCase()))
    .join(".");
}

export function normName(label: string): string {
  return label
    .toLowerCase()
    .replace(/^\s*(?:[ivxlc]+|\d+(?:\.\d+)*|[a-z])[.)]\s+/i, "")
    .replace(/^\s*\d+(?:\.\d+)+\s*/, "")
    .replace(/[^a-z0-9\u00C0-\u024F]+/g, " ")
    .trim();
}

function amountColumns(table: TableModel): { col: ColumnModel; kind: "pagu" | "realisasi" }[] {
  const out: { col: ColumnModel; kind: "pagu" | "realisasi" }[] = [];
  for (const c of table.columns) {
    if (c.percent) continue;
    if (c.role === "pagu" || (c.role === "target_renja" && c.measure === "rp")) out.push({ col: c, kind: "pagu" });
    if (c.role === "realisasi_anggaran" || (c.role === "realisasi_renja" && c.measure === "rp")) out.push({ col: c, kind: "realisasi" });
  }
  // One column per kind (the first).
  return out.filter((x, i) => out.findIndex((y) => y.kind === x.kind) === i);
}

function auditCrossTable(book: Book, tables: TableModel[], out: Finding[]): void {
  const firstByCode = new Map<string, AmountEntry>();
  const firstByName = new Map<string, AmountEntry>();
  for (const table of tables) {
    const grid = sheetOf(book, table.sheet);
    if (!grid) continue;
    const cols = amountColumns(table);
    if (cols.length === 0) continue;
    for (const row of table.rows) {
      if (!CROSS_LEVELS.has(row.level)) continue;
      const name = normName(row.label);
      const code = row.code ? normCode(row.code) : undefined;
      if (!code && name.length < 8) continue;
      for (const { col, kind } of cols) {
        const st = readStated(grid, row.row, col.col, col);
        if (st.value === undefined) continue;
        const entry: AmountEntry = { table, grid, row, col, kind, value: st.value, rupiah: st.value * (col.scale ?? 1), code, name };
        const keys: [Map<string, AmountEntry>, string | undefined][] = [
          [firstByCode, code ? `${kind}|${code}` : undefined],
          [firstByName, name ? `${kind}|${name}` : undefined],
        ];
        let other: AmountEntry | undefined;
        const byCode = code ? firstByCode.get(`${kind}|${code}`) : undefined;
        if (byCode && byCode.table.id !== table.id) other = byCode;
        else if (!byCode) {
          const byName = firstByName.get(`${kind}|${name}`);
          // Match by name only when one of the two rows has no code (codes decide otherwise).
          if (byName && byName.table.id !== table.id && (!byName.code || !code)) other = byName;
        }
        for (const [map, key] of keys) if (key && !map.has(key)) map.set(key, entry);
        if (!other) continue;
        const tol = 0.5 * Math.max(col.scale ?? 1, other.col.scale ?? 1);
        if (Math.abs(entry.rupiah - other.rupiah) <= tol) continue;
        const where = a1(row.row, col.col);
        const there = `${other.grid.sheet === grid.sheet ? "" : `'${other.grid.sheet}'!`}${a1(other.row.row, other.col.col)}`;
        const what = kind === "pagu" ? { id: "Pagu", en: "Pagu (budget)" } : { id: "Realisasi anggaran", en: "Budget realisasi" };
        const lvl = LEVEL_NAME[row.level];
        const label = row.label.trim().slice(0, 80);
        out.push(
          makeFinding(
            { grid, table },
            {
              rule: "cross-table-amount",
              row: row.row,
              col: col.col,
              stated: entry.value,
              expected: other.value,
              inputs: [there],
              how: `${other.table.title ?? other.table.id}: ${there}`,
              message: {
                id: `${what.id} ${lvl.id} "${label}" ${where} = ${fmtNum(entry.rupiah, "id")} berbeda dengan tabel lain (${other.table.title ?? other.table.id}, ${there} = ${fmtNum(other.rupiah, "id")})`,
                en: `${what.en} of ${lvl.en} "${label}" ${where} = ${fmtNum(entry.rupiah, "en")} differs from another table (${other.table.title ?? other.table.id}, ${there} = ${fmtNum(other.rupiah, "en")})`,
              },
            },
          ),
        );
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Audit a workbook: `tables` as recognised, `computed` as produced by computeTable /
 * computeBook (matched by table id). Deterministic order: sheet order, row, column, rule.
 */
export function auditBook(book: Book, tables: TableModel[], computed: ComputedTable[], opts: EngineOptions): Finding[] {
  return withStatedCache(() => auditBookUncached(book, tables, computed, opts));
}

function auditBookUncached(book: Book, tables: TableModel[], computed: ComputedTable[], opts: EngineOptions): Finding[] {
  const out: Finding[] = [];
  const byId = new Map<string, ComputedTable>();
  for (const ct of computed) byId.set(ct.table.id, ct);
  const all: TableModel[] = [...tables];
  for (const ct of computed) if (!all.some((t) => t.id === ct.table.id)) all.push(ct.table);
  for (const table of all) {
    const grid = sheetOf(book, table.sheet);
    if (!grid) continue;
    const ctx = new TableCtx(grid, table, byId.get(table.id)?.cells ?? [], opts);
    auditComputed(ctx, out);
    auditParentQuarters(ctx, out);
    auditParents(ctx, out);
    auditPairs(ctx, out);
    auditCells(ctx, out);
  }
  auditCrossTable(book, all, out);
  return sortFindings(dedupe(out), book);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.sheet}|${f.row}|${f.col}|${f.rule}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function sortFindings(findings: Finding[], book: Book): Finding[] {
  const order = new Map(book.sheets.map((g, i) => [g.sheet, i] as const));
  return findings
    .map((f, i) => ({ f, i }))
    .sort((x, y) => {
      const a = x.f;
      const b = y.f;
      return (
        (order.get(a.sheet) ?? 1e9) - (order.get(b.sheet) ?? 1e9) ||
        a.row - b.row ||
        a.col - b.col ||
        (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
        x.i - y.i
      );
    })
    .map((x) => x.f);
}

/** Count findings by severity. */
export function countFindings(findings: Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}
