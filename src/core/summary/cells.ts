/** Writing an Entry's fields into a summary row: references, guarded ratios, categories. */
import type { Scalar } from "../grid";
import type { CellStyle, EngineOptions, RowLevel, Scale } from "../model";
import type { Entry, Field, SourceCell } from "./source";
import { FMT_PCT, FMT_RATIO, FMT_RP, SheetBuilder, STYLE } from "./sheet";
import {
  capaianFormula,
  capaianValue,
  categoryFormulaOf,
  categoryValue,
  cellRef,
  differenceFormula,
  differenceValue,
  ratioFormula,
  ratioValue,
  showRef,
  showRefValue,
} from "./formulas";

function usableFmt(fmt: string | undefined): string | undefined {
  return fmt && fmt !== "General" && fmt !== "@" ? fmt : undefined;
}

const DEFAULT_FMT: Record<Field, string | undefined> = {
  target: undefined,
  realisasi: undefined,
  capaian: FMT_PCT,
  pagu: FMT_RP,
  realisasiAnggaran: FMT_RP,
  penyerapan: FMT_PCT,
};

/** Writes the source cell of `field` at (row, col); returns the summary cell's expected value. */
export function writeSource(sb: SheetBuilder, row: number, col: number, field: Field, src: SourceCell | undefined, style: CellStyle): Scalar {
  if (!src) {
    sb.blank(row, col, style);
    return null;
  }
  const fmt = usableFmt(src.fmt) ?? DEFAULT_FMT[field];
  if (src.mode === "value") {
    sb.value(row, col, src.value, style, fmt, src.note);
    return src.value;
  }
  const expected = showRefValue(src.value);
  if (src.mode === "expr" && src.expr) {
    const body = src.factor === 1 ? src.expr : `(${src.expr})*${src.factor}`;
    sb.formula(row, col, `=IFERROR(${body},"")`, expected, style, fmt, src.note);
    return expected;
  }
  sb.formula(row, col, (src.show ??= showRef(src.ref, src.factor)), expected, style, fmt);
  return expected;
}

/** Column positions of the performance fields on a summary sheet. */
export interface PerfColumns {
  target: number;
  realisasi: number;
  capaian: number;
  pagu?: number;
  realisasiAnggaran?: number;
  penyerapan?: number;
  efisiensi?: number;
}

export interface PerfValues {
  target: Scalar;
  realisasi: Scalar;
  capaian: Scalar;
  pagu: Scalar;
  realisasiAnggaran: Scalar;
  penyerapan: Scalar;
  efisiensi: Scalar;
}

/**
 * Target, realisasi, capaian K, pagu, realisasi anggaran, penyerapan and efisiensi of one entry.
 * Capaian and penyerapan reference the source's own columns when the table has them (stated or
 * filled by the engine); otherwise they are computed on the summary from its target/realisasi
 * (pagu/realisasi) cells. Efisiensi = capaian kinerja (%) / penyerapan (%), a ratio (seeds 002, 003).
 */
export function writePerformance(sb: SheetBuilder, row: number, e: Entry, cols: PerfColumns, opts: EngineOptions, bold = false): PerfValues {
  const num = bold ? STYLE.numberBold : STYLE.number;
  const f = e.fields;
  const out: PerfValues = { target: null, realisasi: null, capaian: null, pagu: null, realisasiAnggaran: null, penyerapan: null, efisiensi: null };
  out.target = writeSource(sb, row, cols.target, "target", f.target, num);
  out.realisasi = writeSource(sb, row, cols.realisasi, "realisasi", f.realisasi, num);
  if (f.capaian && !(f.capaian.unfilled && f.target && f.realisasi)) {
    out.capaian = writeSource(sb, row, cols.capaian, "capaian", f.capaian, num);
  } else if (f.target && f.realisasi) {
    const t = cellRef(row, cols.target);
    const r = cellRef(row, cols.realisasi);
    out.capaian = capaianValue(out.target, out.realisasi, e.polarity, opts.negativeFormula);
    sb.formula(row, cols.capaian, capaianFormula(t, r, e.polarity, opts.negativeFormula), out.capaian, num, FMT_PCT);
  } else {
    sb.blank(row, cols.capaian, num);
  }
  if (cols.pagu !== undefined) out.pagu = writeSource(sb, row, cols.pagu, "pagu", f.pagu, num);
  if (cols.realisasiAnggaran !== undefined) out.realisasiAnggaran = writeSource(sb, row, cols.realisasiAnggaran, "realisasiAnggaran", f.realisasiAnggaran, num);
  if (cols.penyerapan !== undefined) {
    out.penyerapan = writePenyerapan(sb, row, cols.penyerapan, e, cols.pagu, cols.realisasiAnggaran, out.pagu, out.realisasiAnggaran, num);
  }
  if (cols.efisiensi !== undefined && cols.penyerapan !== undefined) {
    out.efisiensi = ratioValue(out.capaian, out.penyerapan);
    sb.formula(row, cols.efisiensi, ratioFormula(cellRef(row, cols.capaian), cellRef(row, cols.penyerapan)), out.efisiensi, num, FMT_RATIO);
  }
  return out;
}

/** Penyerapan: the source's capaian-anggaran cell, else RA / P × 100 over the summary's cells. */
export function writePenyerapan(
  sb: SheetBuilder,
  row: number,
  col: number,
  e: Entry,
  paguCol: number | undefined,
  raCol: number | undefined,
  pagu: Scalar,
  ra: Scalar,
  style: CellStyle,
): Scalar {
  const f = e.fields;
  if (f.penyerapan && !(f.penyerapan.unfilled && f.pagu && f.realisasiAnggaran)) return writeSource(sb, row, col, "penyerapan", f.penyerapan, style);
  if (f.pagu && f.realisasiAnggaran && paguCol !== undefined && raCol !== undefined) {
    const v = ratioValue(ra, pagu, 100);
    sb.formula(row, col, ratioFormula(cellRef(row, raCol), cellRef(row, paguCol), 100), v, style, FMT_PCT);
    return v;
  }
  sb.blank(row, col, style);
  return null;
}

export function writeCategory(sb: SheetBuilder, row: number, col: number, ofCol: number, of: Scalar, scale: Scale, style: CellStyle = STYLE.center): Scalar {
  const v = categoryValue(of, scale);
  sb.formula(row, col, categoryFormulaOf(cellRef(row, ofCol), scale), v, style);
  return v;
}

export function writeSisa(sb: SheetBuilder, row: number, col: number, paguCol: number, raCol: number, pagu: Scalar, ra: Scalar, style: CellStyle): Scalar {
  const v = differenceValue(pagu, ra);
  sb.formula(row, col, differenceFormula(cellRef(row, paguCol), cellRef(row, raCol)), v, style, FMT_RP);
  return v;
}

const RANK: RowLevel[] = ["tujuan", "sasaran", "urusan", "bidang", "program", "kegiatan", "subkegiatan", "indikator"];

/**
 * Hierarchical numbers for the entries' first rows: 1, 2 … for the top level present, "1.1", "1.2"
 * below; extra indicator rows get none. With `topOnly`, deeper rows get none either (as the seeds'
 * efficiency tables: programs numbered, kegiatan not).
 */
export function numbering(entries: Entry[], topOnly = false): Array<number | string | null> {
  const path: { rank: number; count: number }[] = [];
  let lastTable: unknown;
  return entries.map((e) => {
    if (e.table !== lastTable) {
      path.length = 0;
      lastTable = e.table;
    }
    if (!e.first) return null;
    const rank = RANK.indexOf(e.level);
    while (path.length && path[path.length - 1].rank > rank) path.pop();
    if (path.length && path[path.length - 1].rank === rank) path[path.length - 1].count++;
    else path.push({ rank, count: 1 });
    if (path.length === 1) return path[0].count;
    if (topOnly) return null;
    return path.map((p) => p.count).join(".");
  });
}
