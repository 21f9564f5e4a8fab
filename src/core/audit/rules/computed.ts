/**
 * Rule family "computed mismatch": every non-empty stated cell of a computed column against the
 * engine's ComputedCell (capaian, penyerapan / sisa, efisiensi, quarter sums, Renstra cumulative,
 * parent and total sums, rata-rata), with the tolerance of the digits shown, the factor-of-100
 * slip, rounding slips reported as info, and the polarity hint. Labels (kategori / predikat) go to
 * ./label.ts; the legitimate alternative readings to ./alternatives.ts.
 */
import { a1 } from "../../grid";
import type { ColumnModel, ComputedCell, Finding, Message, RowModel } from "../../model";
import { roundHalfUp } from "../../scale";
import type { CellData } from "../../grid";
import { approxEq, describeInputs, fmtNum, isErrorCell, isPlainNumber, ownDecimals, plainFormat, readStated, sameAt, withinOneUnit, type Stated } from "../util";
import type { AuditRule } from "../ruleIds";
import { LEVEL_NAME, PERCENT_ROLES, ROLE_NAME, TableCtx, cap, makeFinding, sameColumnInputs } from "../context";
import { fromInputs, polarityHint, quarterAlternatives, renstraAlternatives } from "./alternatives";
import { auditLabel } from "./label";

export function ruleFor(cc: ComputedCell, row: RowModel | undefined): AuditRule {
  const rule = ownRule(cc, row);
  if (rule !== undefined) return rule;
  if (row?.level === "total") return "total-sum";
  if (sameColumnInputs(cc)) return "rp-sum-children";
  if (cc.role === "realisasi_renja") return "quarter-sum";
  if (cc.role === "realisasi_renstra") return "renstra-cumulative";
  return "rp-sum-children";
}

/** The rule of a cell that is no sum (labels, ratios, averages); undefined for a sum of some kind. */
function ownRule(cc: ComputedCell, row: RowModel | undefined): AuditRule | undefined {
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
  return undefined;
}

/**
 * `rpRule(ruleFor(cc, row))` without telling the sums apart (every sum rule is an Rp rule; that
 * saves reading the inputs' references).
 */
function hasRpRule(cc: ComputedCell, row: RowModel | undefined): boolean {
  const rule = ownRule(cc, row);
  return rule === undefined || rule === "penyerapan-mismatch";
}

export function isPercentCell(cc: ComputedCell, row: RowModel | undefined): boolean {
  return PERCENT_ROLES.has(cc.role) || row?.level === "rata-rata";
}

/** The engine's numeric value in the units of the stated cell (percent roles in percent). */
export function expectedNumber(cc: ComputedCell, percent: boolean): number | undefined {
  if (typeof cc.value !== "number" || !Number.isFinite(cc.value)) return undefined;
  if (percent && cc.numberFormat && /%/.test(cc.numberFormat)) return cc.value * 100;
  return cc.value;
}

/** The stated number in the units of comparison (a "0.00%" cell shows value × 100). */
export function statedNumber(st: Stated, percent: boolean): { value: number; decimals: number } | undefined {
  if (st.value === undefined) return undefined;
  let value = st.value;
  let decimals = st.decimals ?? ownDecimals(value);
  if (st.percentFormat && percent) value = value * 100;
  else if (st.percentFormat && !st.fromFormat) decimals = ownDecimals(value);
  if (!st.fromFormat) decimals = Math.min(decimals, percent ? 2 : 4);
  return { value, decimals };
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

/** Cut off (toward zero) at `d` decimals, immune to binary fractions. */
function truncate(v: number, d: number): number {
  const f = Math.pow(10, d);
  return (Math.sign(v) || 1) * (Math.floor(Math.abs(v) * f + 1e-9) / f);
}

/**
 * `statedNumber(readStated(cell), percent).decimals` of a plain number cell (isPlainNumber) without
 * building objects (its value is `plainSettled`'s `sv`); asked only when the value is not exactly
 * the engine's.
 */
function plainDecimals(cell: PlainCell, percent: boolean): number {
  const raw = cell.v;
  const f = plainFormat(cell);
  const pf = f?.percent ?? false;
  const fromFormat = f?.decimals !== undefined;
  let decimals = f?.decimals ?? ownDecimals(pf ? raw * 100 : raw);
  if (pf && !percent && !fromFormat) decimals = ownDecimals(raw);
  if (!fromFormat) decimals = Math.min(decimals, percent ? 2 : 4);
  return decimals;
}

type PlainCell = CellData & { v: number };

/** Rules whose Rp cells are compared within 0.5 (sums and absorption), not at the digits shown. */
function rpRule(rule: AuditRule): boolean {
  return rule === "rp-sum-children" || rule === "total-sum" || rule === "quarter-sum" || rule === "renstra-cumulative" || rule === "penyerapan-mismatch";
}

export function auditComputed(ctx: TableCtx, out: Finding[]): void {
  const cells = ctx.cells;
  // The loop runs once per audit: until V8 has compiled it (on-stack replacement, tens of
  // milliseconds on a busy machine) it is interpreted, and an interpreted for-of or read of a
  // number field allocates. So: an indexed loop, and the per-cell work in a small function of its
  // own, compiled after a few hundred calls.
  for (let i = 0; i < cells.length; i++) auditComputedAt(ctx, cells[i], out);
}

function auditComputedAt(ctx: TableCtx, cc: ComputedCell, out: Finding[]): void {
  const grid = ctx.grid;
  if (cc.sheet !== grid.sheet) return;
  const cell = grid.get(cc.row, cc.col);
  if (cell === undefined) return; // empty: nothing stated to compare
  if (cc.value === null || cc.value === undefined) return;
  // Most cells hold a stored number that agrees with the engine: checked here without building
  // a Stated, a rule name or any string; every other cell takes the full path below.
  if (isPlainNumber(cell) && plainSettled(ctx, cc, cell)) return;
  auditComputedCell(ctx, cc, cell, out);
}

/**
 * A stored number against the engine's number without a Stated, a rule name or any string: true
 * when it agrees, or when the engine's value is a number but no finite one (nothing to compare);
 * false for a label. The numbers are read and stay inside this function (none passed boxed).
 */
function plainSettled(ctx: TableCtx, cc: ComputedCell, cell: PlainCell): boolean {
  const value = cc.value;
  if (typeof value !== "number") return false;
  if (!Number.isFinite(value)) return true;
  const row = ctx.rowAt(cc.row);
  const percent = isPercentCell(cc, row);
  // expectedNumber, and statedNumber(readStated(cell), percent).value, written out.
  const e = percent && cc.numberFormat && cc.numberFormat.includes("%") ? value * 100 : value;
  const sv = percent && plainFormat(cell)?.percent ? cell.v * 100 : cell.v;
  if (sv === e) return true;
  const column = ctx.colByCol.get(cc.col);
  const isRp = (column ? ctx.isRpColumn(column) : cc.measure === "rp") && !percent && cc.role !== "efisiensi" && hasRpRule(cc, row);
  return isRp ? Math.abs(sv - e) <= 0.5 + 1e-9 : sameAt(sv, e, plainDecimals(cell, percent));
}

/** One computed cell on the full path: a label, a non-plain stated cell, or a disagreement. */
function auditComputedCell(ctx: TableCtx, cc: ComputedCell, cell: CellData | undefined, out: Finding[]): void {
  const { grid } = ctx;
  if (grid.isEmpty(cc.row, cc.col)) return;
  if (isErrorCell(cell)) return;
  const row = ctx.rowAt(cc.row);
  const column = ctx.colByCol.get(cc.col);
  const rule = ruleFor(cc, row);

  if (typeof cc.value === "string") {
    auditLabel(ctx, cc, rule, row, out);
    return;
  }
  const percent = isPercentCell(cc, row);
  const st = readStated(grid, cc.row, cc.col, column);
  const s = statedNumber(st, percent);
  const e = expectedNumber(cc, percent);
  if (!s || e === undefined) return;

  const isRp = (column ? ctx.isRpColumn(column) : cc.measure === "rp") && !percent && cc.role !== "efisiensi" && rpRule(rule);
  let ok: boolean;
  if (isRp) ok = Math.abs(s.value - e) <= 0.5 + 1e-9;
  else ok = sameAt(s.value, e, s.decimals);
  if (ok) return;
  const where = a1(cc.row, cc.col);
  // No claim when the engine paired the cell with an input column while another column of the
  // same role sits between them (e.g. a second year's Target/Realisasi/Capaian group).
  if (ambiguousPairing(ctx, cc)) return;
  // Efisiensi and rata-rata are often computed from the ROUNDED percentages shown, and a wrong
  // input is flagged at its origin: accept the value recomputed from the stated inputs or from
  // the engine's values of the inputs.
  if (rule === "efisiensi-mismatch" || rule === "rata-rata-mismatch") {
    const alts = [fromInputs(ctx, cc, rule, "stated"), fromInputs(ctx, cc, rule, "computed")];
    if (alts.some((alt) => alt !== undefined && sameAt(s.value, alt, s.decimals))) return;
  }

  // A computed value consistent with the engine's own upstream values (a wrong realisasi is
  // flagged at its origin, the capaian typed from the right quarters is not flagged again).
  // Sums are always checked against the children AS PRINTED: a parent that differs from its
  // stated children is an inconsistency of the report even when it is right bottom-up.
  if (rule !== "rp-sum-children" && rule !== "total-sum") {
    const pure = ctx.pureAt(cc.row, cc.col);
    const pe = pure ? expectedNumber(pure, percent) : undefined;
    if (pe !== undefined && (isRp ? Math.abs(s.value - pe) <= 0.5 + 1e-9 : sameAt(s.value, pe, s.decimals))) return;
  }

  // K columns: a flow summed or a stock repeated are both legitimate readings.
  const measure = cc.measure ?? column?.measure ?? "k";
  if (rule === "quarter-sum" && measure === "k") {
    if (quarterAlternatives(ctx, cc).some((alt) => sameAt(s.value, alt, s.decimals))) return;
  }
  if (rule === "renstra-cumulative" && measure === "k") {
    if (renstraAlternatives(ctx, cc).some((alt) => sameAt(s.value, alt, s.decimals))) return;
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
      return;
    }
  }

  // Cut off instead of rounded half-up (62.857 written 62.85), or within one unit of the last
  // printed digit (docs/domain.md §3: the tolerance of stated against computed; 1.1 for 1.0036):
  // reported, but as info, since reports are not always consistent in rounding. Any other
  // difference is an error.
  const cutOff = !isRp && s.decimals > 0 && approxEq(truncate(e, s.decimals), s.value);
  const ratio = rule === "capaian-mismatch" || rule === "penyerapan-mismatch" || rule === "efisiensi-mismatch" || rule === "rata-rata-mismatch";
  // A ratio typed by hand as a whole number (96 where 115/120 = 95.83, shown "96.00" by the
  // column's format) was rounded by the author to 0 decimals: the format's decimals do not say
  // what the author meant, so this is a rounding difference too, never an arithmetic error.
  const typedWhole =
    !isRp && ratio && !st.cell?.f && !st.fromText && Number.isInteger(s.value) && Math.abs(s.value - e) <= 0.5 + 1e-9;
  const slight = cutOff || typedWhole || (!isRp && ratio && withinOneUnit(s.value, e, s.decimals));
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
            : typedWhole
            ? `${message.id}; diketik sebagai bilangan bulat, dibulatkan ke satuan (selisih pembulatan, bukan kesalahan hitung)`
            : `${message.id}; selisihnya tidak lebih dari satu satuan angka terakhir yang tertulis (selisih pembulatan, bukan kesalahan hitung)`,
          en: cutOff
            ? `${message.en}; the value was cut off instead of rounded half-up (a rounding slip, not an arithmetic error)`
            : typedWhole
            ? `${message.en}; typed as a whole number, rounded to units (a rounding difference, not an arithmetic error)`
            : `${message.en}; within one unit of the last printed digit (a rounding difference, not an arithmetic error)`,
        },
      }),
    );
    return;
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

