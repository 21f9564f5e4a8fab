/**
 * The engine's shared vocabulary: table models (recognition), computed cells (computation),
 * findings (audit) and write plans (filling, summaries). Every module of src/core speaks these
 * types; src/xlsx and src/excel turn a WritePlan into cells.
 *
 * All rows and columns are ZERO-BASED sheet coordinates (see grid.ts).
 */
import type { Area, Scalar } from "./grid";

// ---------------------------------------------------------------------------------------------
// Recognition

export type TableKind =
  | "renja-evaluasi"
  | "capaian-indikator"
  | "kinerja-anggaran"
  | "realisasi-anggaran"
  | "renstra"
  | "perbandingan";

export const TABLE_KINDS: TableKind[] = [
  "renja-evaluasi",
  "capaian-indikator",
  "kinerja-anggaran",
  "realisasi-anggaran",
  "renstra",
  "perbandingan",
];

/** Column roles (domain.md §7), plus a few the comparison and budget tables need. */
export type Role =
  | "no"
  | "tujuan"
  | "sasaran"
  | "kode"
  | "uraian"
  | "indikator"
  | "formulasi"
  | "satuan"
  | "target_renstra"
  | "realisasi_renstra_lalu"
  | "target_renja"
  | "realisasi_tw1"
  | "realisasi_tw2"
  | "realisasi_tw3"
  | "realisasi_tw4"
  | "realisasi_renja"
  | "capaian_renja"
  | "realisasi_renstra"
  | "capaian_renstra"
  | "target"
  | "realisasi"
  | "capaian"
  | "kategori"
  | "pagu"
  | "realisasi_anggaran"
  | "capaian_anggaran"
  | "sisa_anggaran"
  | "efisiensi"
  | "kategori_efisiensi"
  | "kondisi_awal"
  | "target_tahun"
  | "pagu_tahun"
  | "kondisi_akhir"
  | "realisasi_tahun_lalu"
  | "target_akhir_renstra"
  | "tingkat_kemajuan"
  | "penanggung_jawab"
  | "sumber_dana"
  | "sumber_data"
  | "keterangan"
  /** A column recognised as part of the table whose meaning is not one of the above. */
  | "other";

// The role sets (performance evidence, numeric roles, computed, amounts …) are derived from the
// domain catalog, ./domain/roles.ts; these two are re-exported here for recognition and audit.
export { PERF_ROLES, NUMERIC_ROLES } from "./domain/roles";

export type Measure = "k" | "rp";

export interface ColumnModel {
  /** Zero-based sheet column. */
  col: number;
  role: Role;
  /** K (kinerja, the indicator's quantity) or Rp (budget); absent for non-paired columns. */
  measure?: Measure;
  /** Quarter 1..4 for realisasi_tw* columns. */
  quarter?: 1 | 2 | 3 | 4;
  /** Year for target_tahun / pagu_tahun (Renstra matrices) and year-labelled columns. */
  year?: number;
  /**
   * When K is written as value | satuan in two cells, the value column carries `unitCol` = the
   * column of the unit text, and the unit column has role "satuan" and `unitOf` = the value column.
   */
  unitCol?: number;
  unitOf?: number;
  /** Multiply stated amounts by this to get rupiah: 1000 for "Rp. (000)", 1e6 for "(juta)". */
  scale?: number;
  /** The column holds percentages (header "%" where Rp would be, or a capaian column). */
  percent?: boolean;
  /** The header text of this column, top band to bottom, joined with " / ". */
  header: string;
  /** The label in the column-number row ("12 = 8+9+10+11"), when the table has one. */
  numberLabel?: string;
  /** Decimal convention of numbers stored as text in this column, decided from the evidence. */
  numberStyle?: NumberStyle;
}

export type NumberStyle = "id" | "us";

export type RowLevel =
  | "tujuan"
  | "sasaran"
  | "urusan"
  | "bidang"
  | "program"
  | "kegiatan"
  | "subkegiatan"
  /** An extra indicator row of the node above (empty name cell). */
  | "indikator"
  | "total"
  | "rata-rata"
  | "predikat";

export type Polarity = "positive" | "negative";
/** How K realisasi aggregates over quarters: flows sum, stocks take the last reported quarter. */
export type Aggregation = "flow" | "stock";

export interface RowModel {
  /** Zero-based sheet row. */
  row: number;
  level: RowLevel;
  /** Name of the program / kegiatan / sasaran ..., or the indicator text on an indikator row. */
  label: string;
  /** The indicator text on this row, when the table has an indikator column. */
  indicator?: string;
  /** Kode, joined with "." when split over several cells. */
  code?: string;
  /** Zero-based sheet row of the parent row, absent for top-level rows. */
  parent?: number;
  /** 0 for top-level rows. */
  depth: number;
  hidden?: boolean;
  polarity: Polarity;
  aggregation: Aggregation;
  /** Why the level was chosen (code, numbering, indent, bold, upper case, sums ...). */
  evidence?: string[];
  /**
   * How this row's link to its parent (and so its place among the parent's children) was
   * established, strongest first: the workbook's own SUM formulas, codes, level words, formatting
   * (indent, bold, caps: weak, never enough alone to call a parent's sum wrong), or the amounts
   * themselves. Absent for top-level rows without evidence. See src/core/recognize/README.md.
   */
  hierarchy?: HierarchyEvidence;
  /**
   * The rows (zero-based) this row's own same-column SUM / "+" formulas add up, when the workbook
   * states them (the reading most amount columns agree on). On a total row: the rows it totals.
   */
  formulaChildren?: number[];
  /** The codes of the row's ancestors and its own, outermost first (Kepmendagri / SIPD codes). */
  codePath?: string[];
  /** A SIPD account line (rekening "5.1.02.01.01.0001", belanja detail under a sub kegiatan). */
  account?: boolean;
}

/** How a row's parent was established (RowModel.hierarchy), strongest first. */
export type HierarchyEvidence = "formula" | "code" | "word" | "format" | "sum";

/** A label in the number row that contradicts the header text (an audit finding). */
export interface LabelConflict {
  col: number;
  row: number;
  label: string;
  /** What the header text means the column is. */
  expected: string;
  reason: string;
}

export interface TableModel {
  /** Stable id: `${sheet}!${A1 range}`. */
  id: string;
  sheet: string;
  kind: TableKind;
  /** Title text found above the table, if any ("Tabel 3.10 ..."). */
  title?: string;
  /** Whole table: header band through the last data/footer row, first to last table column. */
  area: Area;
  header: { firstRow: number; lastRow: number; numberRow?: number };
  columns: ColumnModel[];
  /** Data rows in sheet order, including total / rata-rata / predikat rows. */
  rows: RowModel[];
  labelConflicts: LabelConflict[];
  /** Free-text remarks of the recogniser (ambiguities, assumptions). */
  notes: string[];
}

export interface RecognitionResult {
  tables: TableModel[];
  /** Sheets in which no table was recognised, with the reason. */
  unrecognized: { sheet: string; reason: string }[];
}

// ---------------------------------------------------------------------------------------------
// Scales (domain.md §5)

export interface ScaleBand {
  /** Lower bound: a value belongs to the highest band whose bound it reaches (value >= min). */
  min: number;
  label: string;
}

export interface Scale {
  id: string;
  name: string;
  /** Bands in descending order of `min`; the last one is the catch-all (min = -Infinity). */
  bands: ScaleBand[];
  /**
   * Decimals to round the value to (half-up) before comparing with the bounds; null compares the
   * unrounded value. Stated in every output together with the bands.
   */
  roundTo: number | null;
}

// ---------------------------------------------------------------------------------------------
// Options shared by compute, audit, planning

export type NegativeFormula = "seed" | "ratio";

export interface EngineOptions {
  scale: Scale;
  /** "seed": (T − (R − T)) / T × 100 (default); "ratio": T / R × 100. */
  negativeFormula: NegativeFormula;
  /** Per-row polarity overrides, keyed `${tableId}#${row}` (zero-based row). */
  polarity?: Record<string, Polarity>;
  /** Per-row aggregation overrides, keyed `${tableId}#${row}`. */
  aggregation?: Record<string, Aggregation>;
  /** Column role corrections, keyed `${tableId}#${col}`. Applied by recognition's caller. */
  roles?: Record<string, { role: Role; measure?: Measure }>;
}

// ---------------------------------------------------------------------------------------------
// Computation

export interface ComputedCell {
  sheet: string;
  row: number;
  col: number;
  role: Role;
  measure?: Measure;
  /** The engine's value; null when not computable (placeholder input, missing target, grade ...). */
  value: number | string | null;
  /** en-US formula with leading "=" reproducing `value`, present only when every input is a numeric cell. */
  formula?: string;
  /**
   * A1 references (same sheet unless qualified) of the cells the value came from. Built on first
   * read too, like `how`.
   */
  inputs: string[];
  /**
   * How it was computed, e.g. "R / T × 100 = 397 / 400 × 100". The engine's cells build it on
   * first read (a getter, ./compute/cell.ts): copy them with JSON, not with an object spread.
   */
  how: string;
  /** Note for the user (placeholder met, officer's judgement needed ...). Bilingual. */
  note?: Message;
  numberFormat?: string;
}

export interface ComputedTable {
  table: TableModel;
  cells: ComputedCell[];
}

// ---------------------------------------------------------------------------------------------
// Audit

export type Severity = "error" | "warning" | "info";

export interface Message {
  /** Bahasa Indonesia. */
  id: string;
  en: string;
}

export interface Finding {
  /** Stable rule id, e.g. "rp-sum-children". */
  rule: string;
  severity: Severity;
  sheet: string;
  row: number;
  col: number;
  /** A1 address of the cell (convenience, equals a1(row, col)). */
  cell: string;
  tableId?: string;
  stated?: Scalar;
  expected?: Scalar;
  /** How the expected value was computed, e.g. "SUM(F18:F20) = 123". */
  how?: string;
  /** Cells the expected value came from (A1, same sheet unless qualified). */
  inputs?: string[];
  /**
   * A grouped finding (many cells, one kind: numbers stored as text, #DIV/0! down a column, sums
   * not checked): every cell it stands for, A1 on `sheet`, `cell` being the first.
   */
  cells?: string[];
  /** Number of cells of a grouped finding (cells.length). */
  count?: number;
  message: Message;
}

// ---------------------------------------------------------------------------------------------
// Write plans

export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  /** "#RRGGBB" */
  fill?: string;
  fontColor?: string;
  wrap?: boolean;
  hAlign?: "left" | "center" | "right";
  vAlign?: "top" | "middle" | "bottom";
  border?: boolean;
}

export type WritePurpose = "fill" | "header" | "summary" | "finding-mark" | "findings-sheet";

export interface CellWrite {
  sheet: string;
  row: number;
  col: number;
  /** en-US formula with leading "=". Takes precedence over `value`. */
  formula?: string;
  /**
   * Value to write when there is no formula. A string is ALWAYS written as text (never
   * interpreted as a formula, even when it starts with "=", "+" or "-").
   */
  value?: Scalar;
  /** The engine's expected result (the cached value written with a formula). */
  expected?: Scalar;
  numberFormat?: string;
  /** Note to attach to the cell. */
  note?: string;
  style?: CellStyle;
  /** Internal hyperlink target, e.g. "'E81'!F20". */
  link?: string;
  purpose: WritePurpose;
  /** Content the cell had before, when the user forced an overwrite. */
  overwrites?: Scalar;
  /**
   * Format-only removal: clear the cell's fill and/or note (used to remove finding marks). Applied
   * before `style` and `note`, so a write may clear the fill and set an older one back.
   */
  clear?: ("fill" | "note")[];
  /**
   * Merge this area after writing; the write's cell is its top-left cell. Used for the header cell
   * of a column the fill adds beside a table whose neighbouring header is merged over several rows.
   */
  merge?: Area;
}

export interface ChartSpec {
  type: "column" | "bar";
  title: string;
  /** A1 range on the generated sheet holding the category labels. */
  categories: string;
  series: { name: string; values: string }[];
  /** Draw a horizontal reference line at this value (e.g. 100 %). */
  referenceLine?: number;
  /** Top-left cell where the chart is placed (zero-based, on the generated sheet). */
  anchor: { row: number; col: number };
}

export type GeneratedSheetPurpose = "ringkasan" | "efisiensi" | "realisasi-anggaran" | "temuan";

export interface SheetPlan {
  name: string;
  purpose: GeneratedSheetPurpose;
  /** Cells of the generated sheet (their `sheet` equals `name`). */
  cells: CellWrite[];
  /** Column widths in characters, index = column. */
  columnWidths: number[];
  merges: Area[];
  /** Rows frozen at the top (header). */
  freezeRows?: number;
  /** Print setup: A4 landscape, fit to width. */
  print: { paper: "A4"; orientation: "landscape"; fitToWidth: boolean };
  charts: ChartSpec[];
}

export interface SkippedWrite {
  sheet: string;
  row: number;
  col: number;
  /** What the cell holds now and was left alone. */
  existing: Scalar;
  reason: Message;
}

export interface WritePlan {
  /** Writes into existing sheets (fill, added columns' headers, finding marks). */
  writes: CellWrite[];
  /** Sheets to (re)generate. */
  sheets: SheetPlan[];
  /** Non-empty cells the plan did not overwrite. */
  skipped: SkippedWrite[];
  /** The scale used, stated in outputs. */
  scale: Scale;
}

export function emptyPlan(scale: Scale): WritePlan {
  return { writes: [], sheets: [], skipped: [], scale };
}
