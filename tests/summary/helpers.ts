/** Hand-made Grids and TableModels for the summary tests. */
import { Grid } from "../../src/core/grid";
import type { Book, Scalar } from "../../src/core/grid";
import type { ColumnModel, ComputedCell, ComputedTable, RowLevel, RowModel, TableKind, TableModel } from "../../src/core/model";

export interface RowSpec {
  level: RowLevel;
  label: string;
  indicator?: string;
  code?: string;
  polarity?: "positive" | "negative";
  /** Values by column index. */
  cells: Record<number, Scalar | { v: Scalar; f?: string; fmt?: string }>;
}

export function makeTable(
  sheet: string,
  kind: TableKind,
  columns: Omit<ColumnModel, "header">[],
  rows: RowSpec[],
  opts: { firstRow?: number; computed?: Array<Omit<ComputedCell, "sheet" | "inputs" | "how">>; grid?: Grid } = {},
): { grid: Grid; table: TableModel; computed: ComputedTable } {
  const grid = opts.grid ?? new Grid(sheet);
  const first = opts.firstRow ?? 4;
  grid.set(0, 0, { v: "EVALUASI TERHADAP HASIL RENJA" });
  columns.forEach((c) => grid.set(first - 1, c.col, { v: c.role }));
  const models: RowModel[] = [];
  let parentStack: RowModel[] = [];
  rows.forEach((spec, i) => {
    const r = first + i;
    for (const [k, cell] of Object.entries(spec.cells)) {
      const col = Number(k);
      if (cell !== null && typeof cell === "object") grid.set(r, col, { v: cell.v, f: cell.f, fmt: cell.fmt });
      else if (cell !== null) grid.set(r, col, { v: cell });
    }
    const depth = spec.level === "program" ? 1 : spec.level === "kegiatan" ? 2 : 0;
    parentStack = parentStack.filter((p) => p.depth < depth);
    const model: RowModel = {
      row: r,
      level: spec.level,
      label: spec.label,
      indicator: spec.indicator,
      code: spec.code,
      depth,
      parent: parentStack.length ? parentStack[parentStack.length - 1].row : undefined,
      polarity: spec.polarity ?? "positive",
      aggregation: "flow",
    };
    if (spec.level !== "indikator") parentStack.push(model);
    models.push(model);
  });
  const last = first + rows.length - 1;
  const lastCol = Math.max(...columns.map((c) => c.col));
  const table: TableModel = {
    id: `${sheet}!A${first}:${String.fromCharCode(65 + lastCol)}${last + 1}`,
    sheet,
    kind,
    area: { r1: first - 1, c1: 0, r2: last, c2: lastCol },
    header: { firstRow: first - 1, lastRow: first - 1 },
    columns: columns.map((c) => ({ header: c.role, ...c })),
    rows: models,
    labelConflicts: [],
    notes: [],
  };
  const cells: ComputedCell[] = (opts.computed ?? []).map((c) => ({ sheet, inputs: [], how: "test", ...c }));
  return { grid, table, computed: { table, cells } };
}

export const E81_COLUMNS: Omit<ColumnModel, "header">[] = [
  { col: 0, role: "no" },
  { col: 1, role: "kode" },
  { col: 2, role: "uraian" },
  { col: 3, role: "indikator" },
  { col: 4, role: "target_renja", measure: "k" },
  { col: 5, role: "target_renja", measure: "rp" },
  { col: 6, role: "realisasi_renja", measure: "k" },
  { col: 7, role: "realisasi_renja", measure: "rp" },
  { col: 8, role: "capaian_renja", measure: "k" },
  { col: 9, role: "capaian_renja", measure: "rp" },
];

/**
 * An E.81 matrix on sheet "E81" (rows from Excel row 5): a sasaran, two programs with kegiatan,
 * an extra indicator row, a placeholder, a label starting with "=", a number stored as text, and
 * capaian cells left empty for the engine to fill (ComputedCells).
 */
export function e81(): { book: Book; computed: ComputedTable[]; table: TableModel; grid: Grid } {
  const { grid, table, computed } = makeTable(
    "E81",
    "renja-evaluasi",
    E81_COLUMNS,
    [
      { level: "sasaran", label: "Meningkatnya pendapatan pelaku UMKM", indicator: "Pertumbuhan UMKM (%)", cells: { 2: "Meningkatnya pendapatan pelaku UMKM", 3: "Pertumbuhan UMKM (%)", 4: 7, 6: 4.4 } },
      {
        level: "program",
        label: "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH",
        code: "2.17.01",
        indicator: "Nilai SAKIP",
        cells: { 1: "2.17.01", 2: "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", 3: "Nilai SAKIP", 4: 100, 5: 12649363995, 6: 100, 7: 9440925382, 8: 100 },
      },
      { level: "indikator", label: "Persentase dokumen tepat waktu", indicator: "Persentase dokumen tepat waktu", cells: { 3: "Persentase dokumen tepat waktu", 4: 90, 6: 81 } },
      {
        level: "kegiatan",
        label: "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        code: "2.17.01.1.01",
        cells: { 1: "2.17.01.1.01", 2: "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", 3: "Jumlah dokumen", 4: "18 dokumen", 5: 17276000, 6: "18 dokumen", 7: 17098500, 8: 100, 9: { v: 0.9897, fmt: "0.00%" } },
      },
      {
        level: "kegiatan",
        label: "Administrasi Keuangan Perangkat Daerah",
        code: "2.17.01.1.02",
        cells: { 1: "2.17.01.1.02", 2: "Administrasi Keuangan Perangkat Daerah", 3: "Jumlah laporan", 4: 2, 5: 9464053120, 6: 2, 7: 6311467159 },
      },
      {
        level: "program",
        label: "=PROGRAM PEMBERDAYAAN KOPERASI",
        code: "2.17.05",
        indicator: "Persentase koperasi sehat",
        cells: { 1: "2.17.05", 2: "=PROGRAM PEMBERDAYAAN KOPERASI", 3: "Persentase koperasi sehat", 4: "-", 5: "625.000.000", 6: "Menunggu data BPS", 7: 425000000, 8: "-" },
      },
      {
        level: "kegiatan",
        label: "Pemberdayaan dan Perlindungan Koperasi",
        code: "2.17.05.1.01",
        polarity: "negative",
        cells: { 1: "2.17.05.1.01", 2: "Pemberdayaan dan Perlindungan Koperasi", 3: "Angka kredit macet", 4: 10, 5: 625000000, 6: 12, 7: 425000000 },
      },
      { level: "total", label: "Jumlah", cells: { 2: "Jumlah", 5: { v: 0, f: "SUM(F6,F10)" } } },
    ],
    {
      firstRow: 4,
      computed: [
        // sasaran capaian K (E4 empty → filled)
        { row: 4, col: 8, role: "capaian_renja", measure: "k", value: (4.4 / 7) * 100, formula: "=G5/E5*100", numberFormat: "0.00" },
        // program 1 penyerapan
        { row: 5, col: 9, role: "capaian_renja", measure: "rp", value: (9440925382 / 12649363995) * 100, formula: "=H6/F6*100", numberFormat: "0.00" },
        // extra indicator capaian
        { row: 6, col: 8, role: "capaian_renja", measure: "k", value: 90, formula: "=G7/E7*100", numberFormat: "0.00" },
        // kegiatan 2 capaian K and Rp
        { row: 8, col: 8, role: "capaian_renja", measure: "k", value: 100, formula: "=G9/E9*100", numberFormat: "0.00" },
        { row: 8, col: 9, role: "capaian_renja", measure: "rp", value: (6311467159 / 9464053120) * 100, formula: "=H9/F9*100", numberFormat: "0.00" },
        // program 2 penyerapan (pagu is text: engine value from the parsed number)
        { row: 9, col: 9, role: "capaian_renja", measure: "rp", value: 68, formula: undefined, numberFormat: "0.00" },
        // kegiatan 3 (negative indicator): (10 − (12 − 10)) / 10 × 100 = 80; penyerapan 68
        { row: 10, col: 8, role: "capaian_renja", measure: "k", value: 80, formula: "=(E11-(G11-E11))/E11*100", numberFormat: "0.00" },
        { row: 10, col: 9, role: "capaian_renja", measure: "rp", value: 68, formula: "=H11/F11*100", numberFormat: "0.00" },
      ],
    },
  );
  return { book: { name: "test.xlsx", sheets: [grid] }, computed: [computed], table, grid };
}
