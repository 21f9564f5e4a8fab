/**
 * Ringkasan Capaian over tables that keep the sasaran only in a column (no sasaran rows): sasaran
 * heading rows (text, "—" for capaian and predikat, not counted in the distribution) followed by
 * their programs / indicators; and IKU-only workbooks (no budget columns anywhere): no Anggaran
 * column group, no absorption chart. No seed fixture has either shape (Sumenep Tabel 3.2 keeps a
 * Sasaran column, but its rows are recognised as sasaran rows), so the grids are made by hand here,
 * checked with the test evaluator and recalculated by LibreOffice.
 */
import ExcelJS from "exceljs";
import { a1 } from "../../src/core/grid";
import type { Book, Grid } from "../../src/core/grid";
import type { CellWrite, ComputedTable, EngineOptions, SheetPlan } from "../../src/core/model";
import { getScale } from "../../src/core/scale";
import { computeBook } from "../../src/core/compute";
import { recognizeBook } from "../../src/core/recognize";
import { fixtureBook } from "../fixtures";
import { planSummaries } from "../../src/core/summary";
import { recalcAndCompare } from "../support/libreoffice";
import { checkExpected } from "./evaluate";
import { E81_COLUMNS, makeTable } from "./helpers";

const OPTS: EngineOptions = { scale: getScale("permendagri86"), negativeFormula: "seed" };
const DASH = "—";
const S1 = "Meningkatnya daya saing koperasi dan UMKM";
const S2 = "Meningkatnya stabilitas harga bahan pokok";

function at(p: SheetPlan, row: number, col: number): CellWrite | undefined {
  return p.cells.find((c) => c.row === row && c.col === col);
}
function rowOf(p: SheetPlan, col: number, text: string): number {
  const c = p.cells.find((w) => w.col === col && w.value === text);
  if (!c) throw new Error(`no "${text}" in column ${col} of ${p.name}`);
  return c.row;
}
function ringkasan(plans: SheetPlan[]): SheetPlan {
  const p = plans.find((x) => x.name === "Ringkasan Capaian");
  if (!p) throw new Error("no Ringkasan Capaian");
  return p;
}

/** An ExcelJS workbook holding the grids' values, formulas and merges (for LibreOffice). */
function workbookOf(book: Book): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  for (const g of book.sheets) {
    const ws = wb.addWorksheet(g.sheet);
    g.cells.forEach((row, r) =>
      (row ?? []).forEach((cell, c) => {
        if (!cell) return;
        const x = ws.getCell(a1(r, c));
        if (cell.f) x.value = { formula: cell.f.replace(/^=/, ""), result: cell.v ?? undefined } as ExcelJS.CellFormulaValue;
        else x.value = cell.v as ExcelJS.CellValue;
        if (cell.fmt) x.numFmt = cell.fmt;
      }),
    );
    for (const m of g.merges) ws.mergeCells(m.r1 + 1, m.c1 + 1, m.r2 + 1, m.c2 + 1);
  }
  return wb;
}

/**
 * Evaluasi Renja matrix whose sasaran sits in column K (role "sasaran") on the first program of each group and
 * is blank on the second: S1 → two programs (one with a kegiatan), S2 → one program.
 */
function renjaWithSasaranColumn(): { book: Book; computed: ComputedTable[]; grid: Grid } {
  const { grid, computed } = makeTable(
    "Evaluasi Renja",
    "renja-evaluasi",
    [...E81_COLUMNS, { col: 10, role: "sasaran" }],
    [
      { level: "program", label: "PROGRAM PEMBERDAYAAN KOPERASI", code: "2.17.05", indicator: "Persentase koperasi aktif", cells: { 1: "2.17.05", 2: "PROGRAM PEMBERDAYAAN KOPERASI", 3: "Persentase koperasi aktif", 4: 80, 5: 1000000000, 6: 76, 7: 900000000, 8: 95, 9: 90, 10: S1 } },
      { level: "kegiatan", label: "Pembinaan Koperasi", code: "2.17.05.1.01", cells: { 1: "2.17.05.1.01", 2: "Pembinaan Koperasi", 3: "Jumlah koperasi", 4: 20, 5: 400000000, 6: 18, 7: 380000000, 8: 90, 9: 95 } },
      { level: "program", label: "PROGRAM PEMBERDAYAAN USAHA MENENGAH, KECIL, DAN MIKRO", code: "2.17.07", indicator: "Persentase UMKM naik kelas", cells: { 1: "2.17.07", 2: "PROGRAM PEMBERDAYAAN USAHA MENENGAH, KECIL, DAN MIKRO", 3: "Persentase UMKM naik kelas", 4: 10, 5: 500000000, 6: 6, 7: 450000000 } },
      { level: "program", label: "PROGRAM STABILISASI HARGA BARANG KEBUTUHAN POKOK", code: "3.30.04", indicator: "Koefisien variasi harga", polarity: "negative", cells: { 1: "3.30.04", 2: "PROGRAM STABILISASI HARGA BARANG KEBUTUHAN POKOK", 3: "Koefisien variasi harga", 4: 5, 5: 300000000, 6: 4, 7: 150000000, 8: 120, 9: 50, 10: S2 } },
    ],
    {
      computed: [
        { row: 6, col: 8, role: "capaian_renja", measure: "k", value: 60, formula: "=G7/E7*100", numberFormat: "0.00" },
        { row: 6, col: 9, role: "capaian_renja", measure: "rp", value: 90, formula: "=H7/F7*100", numberFormat: "0.00" },
      ],
    },
  );
  return { book: { name: "renja-sasaran.xlsx", sheets: [grid] }, computed: [computed], grid };
}

/** IKU table of indicator rows; the Sasaran column (B) is filled on a group's first row and merged down. */
function ikuWithMergedSasaran(): { book: Book; computed: ComputedTable[]; grid: Grid } {
  const { grid, computed } = makeTable(
    "Capaian IKU",
    "capaian-indikator",
    [
      { col: 0, role: "no" },
      { col: 1, role: "sasaran" },
      { col: 2, role: "indikator" },
      { col: 3, role: "target" },
      { col: 4, role: "realisasi" },
      { col: 5, role: "capaian" },
    ],
    [
      { level: "indikator", label: "Pertumbuhan koperasi aktif (%)", cells: { 0: 1, 1: S1, 2: "Pertumbuhan koperasi aktif (%)", 3: 5, 4: 5.5, 5: 110 } },
      { level: "indikator", label: "Persentase UMKM naik kelas", cells: { 0: 2, 2: "Persentase UMKM naik kelas", 3: 10, 4: 6 } },
      { level: "indikator", label: "Koefisien variasi harga (%)", polarity: "negative", cells: { 0: 3, 1: S2, 2: "Koefisien variasi harga (%)", 3: 5, 4: "Menunggu data BPS" } },
    ],
    { computed: [{ row: 5, col: 5, role: "capaian", value: 60, formula: "=E6/D6*100", numberFormat: "0.00" }] },
  );
  grid.addMerge({ r1: 4, c1: 1, r2: 5, c2: 1 });
  return { book: { name: "iku-sasaran.xlsx", sheets: [grid] }, computed: [computed], grid };
}

describe("Ringkasan Capaian: sasaran kept only in a column", () => {
  test("Renja: sasaran heading rows (text), programs below, headings not counted", () => {
    const { book, computed } = renjaWithSasaranColumn();
    const p = ringkasan(planSummaries(book, computed, OPTS));
    const s1 = rowOf(p, 2, S1);
    const s2 = rowOf(p, 2, S2);
    for (const s of [s1, s2]) {
      expect(at(p, s, 1)?.value).toBe("Sasaran");
      expect(at(p, s, 2)?.formula).toBeUndefined();
      expect(at(p, s, 6)?.value).toBe(DASH);
      expect(at(p, s, 11)?.value).toBe(DASH);
      expect(p.cells.filter((c) => c.row === s).every((c) => !c.formula)).toBe(true);
    }
    expect(at(p, s1, 0)?.value).toBe(1);
    expect(at(p, s2, 0)?.value).toBe(2);
    // the programs of S1 (the second with a blank sasaran cell) follow S1, then S2 and its program
    expect(rowOf(p, 2, "PROGRAM PEMBERDAYAAN KOPERASI")).toBe(s1 + 1);
    expect(at(p, s1 + 1, 0)?.value).toBe("1.1");
    expect(rowOf(p, 2, "PROGRAM PEMBERDAYAAN USAHA MENENGAH, KECIL, DAN MIKRO")).toBe(s1 + 2);
    expect(at(p, s1 + 2, 0)?.value).toBe("1.2");
    expect(at(p, s1 + 2, 6)?.expected).toBe(60);
    expect(s2).toBe(s1 + 3);
    expect(rowOf(p, 2, "PROGRAM STABILISASI HARGA BARANG KEBUTUHAN POKOK")).toBe(s2 + 1);
    expect(at(p, s2 + 1, 0)?.value).toBe("2.1");

    // distribution: a Sasaran column with nothing counted (headings carry no capaian), programs as before
    const head = rowOf(p, 0, "Predikat");
    expect(at(p, head, 2)?.value).toBe("Jumlah Program");
    expect(at(p, head, 3)?.value).toBe("Jumlah");
    const belum = rowOf(p, 0, "Belum dapat dinilai");
    expect(at(p, belum, 2)?.formula).toContain(`"<>${DASH}"`);
    expect(at(p, belum, 2)?.expected).toBe(0);
    const jumlah = belum + 1;
    expect(at(p, jumlah, 2)?.expected).toBe(3);
    expect(at(p, jumlah, 3)?.expected).toBe(3);
    const mean = rowOf(p, 0, "Rata-rata capaian kinerja program (%)");
    expect(at(p, mean, 6)?.expected).toBeCloseTo((95 + 60 + 120) / 3, 10);

    expect(checkExpected(book, [p], computed).mismatches).toEqual([]);
  });

  test("IKU: sasaran merged down the column groups the indicators; no Anggaran group", () => {
    const { book, computed } = ikuWithMergedSasaran();
    const p = ringkasan(planSummaries(book, computed, OPTS));
    const s1 = rowOf(p, 2, S1);
    const s2 = rowOf(p, 2, S2);
    expect(at(p, s1 + 1, 3)?.value).toBe("Pertumbuhan koperasi aktif (%)");
    expect(at(p, s1 + 1, 0)?.value).toBe("1.1");
    expect(at(p, s1 + 2, 3)?.value).toBe("Persentase UMKM naik kelas");
    expect(at(p, s1 + 2, 0)?.value).toBe("1.2");
    expect(s2).toBe(s1 + 3);
    expect(at(p, s2 + 1, 3)?.value).toBe("Koefisien variasi harga (%)");
    // predikat sits right after Capaian (column H)
    expect(at(p, s1, 7)?.value).toBe(DASH);
    expect(at(p, s1 + 1, 7)?.expected).toBe("Sangat Tinggi");
    expect(at(p, s1 + 2, 7)?.expected).toBe("Rendah");
    expect(at(p, s2 + 1, 7)?.expected).toBeNull();
    // distribution counts indicators only: 1 Sangat Tinggi, 1 Rendah, 1 not assessable
    const belum = rowOf(p, 0, "Belum dapat dinilai");
    expect(at(p, belum, 2)?.expected).toBe(1);
    expect(at(p, belum + 1, 3)?.expected).toBe(3);
    expect(checkExpected(book, [p], computed).mismatches).toEqual([]);
  });
});

describe("Ringkasan Capaian without budget columns (IKU-only workbook)", () => {
  test("Kinerja and Predikat columns only; widths, merges and chart data follow", () => {
    const { book, computed } = ikuWithMergedSasaran();
    const plans = planSummaries(book, computed, OPTS);
    expect(plans.map((x) => x.name)).toEqual(["Ringkasan Capaian"]);
    const p = ringkasan(plans);
    const headers = p.cells.filter((c) => c.row === 6 || c.row === 7).map((c) => c.value);
    for (const t of ["Pagu (Rp)", "Realisasi (Rp)", "Penyerapan (%)", "Tingkat Efisiensi", "Anggaran"]) expect(headers).not.toContain(t);
    expect(at(p, 6, 7)?.value).toBe("Predikat");
    expect(at(p, 6, 3)?.value).toBe("Kinerja");
    expect(p.merges).toContainEqual({ r1: 6, c1: 3, r2: 6, c2: 6 });
    expect(p.merges).toContainEqual({ r1: 6, c1: 7, r2: 7, c2: 7 });
    expect(p.columnWidths).toHaveLength(8);
    expect(p.cells.every((c) => c.col <= 7)).toBe(true);
    // one chart (capaian), anchored right of the narrower table; no penyerapan data
    expect(p.charts).toHaveLength(1);
    expect(p.charts[0].title).toContain("Capaian");
    expect(p.charts[0].anchor.col).toBe(9);
    expect(p.cells.some((c) => c.value === "Penyerapan (%)")).toBe(false);
  });

  test.each(["variant-iku-negative-grade", "variant-two-tables"])("fixture %s: no Anggaran group", async (id) => {
    const book = await fixtureBook(id);
    const computed = computeBook(book, recognizeBook(book).tables, OPTS);
    const p = ringkasan(planSummaries(book, computed, OPTS));
    expect(p.columnWidths).toHaveLength(8);
    expect(p.cells.some((c) => c.value === "Pagu (Rp)" || c.value === "Tingkat Efisiensi")).toBe(false);
    expect(at(p, 6, 7)?.value).toBe("Predikat");
    expect(p.charts.length).toBeLessThanOrEqual(1);
    expect(checkExpected(book, [p], computed).mismatches).toEqual([]);
  });

  test("a workbook with budget columns keeps the Anggaran group", () => {
    const { book, computed } = renjaWithSasaranColumn();
    const p = ringkasan(planSummaries(book, computed, OPTS));
    expect(at(p, 6, 7)?.value).toBe("Anggaran");
    expect(at(p, 6, 10)?.value).toBe("Tingkat Efisiensi");
    expect(at(p, 6, 11)?.value).toBe("Predikat");
    expect(p.columnWidths).toHaveLength(12);
    expect(p.charts).toHaveLength(2);
  });
});

describe("recalculated by LibreOffice", () => {
  test.each([
    ["renja with a sasaran column", renjaWithSasaranColumn],
    ["IKU with a merged sasaran column", ikuWithMergedSasaran],
  ])("%s: zero mismatches", async (_name, make) => {
    const { book, computed } = make();
    const sheets = planSummaries(book, computed, { ...OPTS, filled: false });
    expect(checkExpected(book, sheets, []).mismatches).toEqual([]);
    const formulas = sheets.reduce((n, s) => n + s.cells.filter((c) => c.formula && c.expected !== undefined).length, 0);
    expect(formulas).toBeGreaterThan(20);
    const mismatches = await recalcAndCompare(workbookOf(book), { writes: [], sheets, skipped: [], scale: OPTS.scale });
    expect(mismatches).toEqual([]);
  });
});
