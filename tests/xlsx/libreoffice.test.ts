/**
 * The LibreOffice harness itself (tests/support/libreoffice.ts): it recalculates, it compares, it
 * reports wrong expected values; and copies written by fill's writer stay sound for another
 * engine. Every workbook of this file is recalculated in one soffice run, in the beforeAll.
 */
import ExcelJS from "exceljs";
import { compareRecalculated, filledCopy, recalculateEach, sofficeAvailable, xlsxValues } from "../support/libreoffice";
import type { RecalcResult } from "../support/libreoffice";
import type { CellWrite, WritePlan } from "../../src/core/model";
import { getScale, DEFAULT_SCALE_ID } from "../../src/core/scale";
import { parseA1 } from "../../src/core/grid";

const scale = getScale(DEFAULT_SCALE_ID);

function w(sheet: string, ref: string, formula: string, expected: CellWrite["expected"]): CellWrite {
  const p = parseA1(ref)!;
  return { sheet, row: p.r, col: p.c, formula, expected, purpose: "fill" };
}

const KATEGORI = (ref: string) =>
  `=IF(${ref}="","",IF(${ref}>=91,"Sangat Tinggi",IF(${ref}>=76,"Tinggi",IF(${ref}>=66,"Sedang",IF(${ref}>=51,"Rendah","Sangat Rendah")))))`;

function sourceWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const t = wb.addWorksheet("Tabel 3.10");
  t.getCell("A1").value = "Tabel 3.10 Realisasi Anggaran";
  const rows: [string, number, number][] = [
    ["Program A", 1000000, 923456.78],
    ["Program B", 2500000, 2400000],
    ["Program C", 0, 0],
    ["Program D", 400, 397],
  ];
  rows.forEach(([u, p, r], i) => {
    t.getCell(4 + i, 1).value = u;
    t.getCell(4 + i, 5).value = p; // E
    t.getCell(4 + i, 6).value = r; // F
  });
  const e = wb.addWorksheet("E81");
  e.getCell("B2").value = 400; // target
  e.getCell("C2").value = 397; // realisasi
  e.getCell("B3").value = 3; // negative indicator: target inflasi 3
  e.getCell("C3").value = 3.5;
  e.getCell("B4").value = 10;
  e.getCell("C4").value = 5;
  return wb;
}

function plan(): WritePlan {
  const T = "Tabel 3.10";
  return {
    writes: [
      // SUM, ratio ×100, IFERROR, ROUND on a sheet whose name needs quotes
      w(T, "E8", "=SUM(E4:E7)", 3500400),
      w(T, "F8", "=SUM(F4:F7)", 3323853.78),
      w(T, "G4", "=F4/E4*100", (923456.78 / 1000000) * 100),
      w(T, "G5", "=IFERROR(F5/E5*100,\"\")", 96),
      w(T, "G6", "=IFERROR(F6/E6*100,\"\")", ""),
      w(T, "G7", "=ROUND(F7/E7*100,2)", 99.25),
      w(T, "G8", "=ROUND(F8/E8*100,2)", 94.96),
      w(T, "H4", KATEGORI("G4"), "Sangat Tinggi"),
      w(T, "H8", KATEGORI("G8"), "Sangat Tinggi"),
      w(T, "H6", KATEGORI("G6"), ""),
      // cross-sheet reference to a quoted sheet name
      w("E81", "D2", "=C2/B2*100", 99.25),
      w("E81", "E2", "='Tabel 3.10'!F5/'Tabel 3.10'!E5*100", 96),
      w("E81", "F2", "=IF(D2>=91,\"Sangat Tinggi\",\"Lainnya\")", "Sangat Tinggi"),
      // negative indicator, seed formula (T − (R − T)) / T × 100
      w("E81", "D3", "=(B3-(C3-B3))/B3*100", ((3 - 0.5) / 3) * 100),
      w("E81", "D4", "=C4/B4*100", 50),
      w("E81", "E4", KATEGORI("D4"), "Sangat Rendah"),
      w("E81", "G2", "=IF(D2>=100,TRUE,FALSE)", false),
    ],
    sheets: [
      {
        name: "Ringkasan Capaian",
        purpose: "ringkasan",
        cells: [
          { sheet: "Ringkasan Capaian", row: 0, col: 0, value: "Ringkasan Capaian (dibuat oleh Capaian)", purpose: "summary" },
          w("Ringkasan Capaian", "B2", "=AVERAGE('E81'!D2,'E81'!D4)", 74.625),
          w("Ringkasan Capaian", "C2", KATEGORI("B2"), "Sedang"),
          w("Ringkasan Capaian", "B3", "=COUNTIF('Tabel 3.10'!H4:H8,\"Sangat Tinggi\")", 2),
        ],
        columnWidths: [30, 12, 16],
        merges: [],
        freezeRows: 1,
        print: { paper: "A4", orientation: "landscape", fitToWidth: true },
        charts: [],
      },
    ],
    skipped: [],
    scale,
  };
}

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A workbook whose formulas carry wrong cached results. */
function wrongCache(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Tabel 3.10");
  ws.getCell("A1").value = 2;
  ws.getCell("A2").value = 3;
  ws.getCell("A3").value = { formula: "SUM(A1:A2)", result: 999 } as ExcelJS.CellFormulaValue;
  ws.getCell("A4").value = { formula: 'IF(A3>=5,"Sangat Tinggi","Rendah")', result: "Rendah" } as ExcelJS.CellFormulaValue;
  ws.getCell("A5").value = { formula: "A1/0", result: 0 } as ExcelJS.CellFormulaValue;
  ws.getCell("A6").value = "=A1+A2"; // text, must stay text
  const other = wb.addWorksheet("Lain");
  other.getCell("B1").value = { formula: "'Tabel 3.10'!A3*2", result: -1 } as ExcelJS.CellFormulaValue;
  return wb;
}

function wrongPlan(): WritePlan {
  const p = plan();
  p.writes[0] = { ...p.writes[0], expected: 3500401 }; // SUM off by one
  p.writes[7] = { ...p.writes[7], expected: "Tinggi" }; // wrong category text
  p.writes[3] = { ...p.writes[3], expected: 96 + 1e-12 }; // within tolerance
  p.sheets[0].cells[1] = { ...p.sheets[0].cells[1], expected: 74.6 };
  return p;
}

/** A shared formula C1:C4 whose master C1 the plan overwrites with text. */
async function sharedFormulaSource(): Promise<Buffer> {
  const src = new ExcelJS.Workbook();
  const ws = src.addWorksheet("Tabel 3.10");
  for (let r = 1; r <= 4; r++) {
    ws.getCell(r, 1).value = r;
    ws.getCell(r, 2).value = r * 4;
  }
  ws.getCell("C1").value = { formula: "A1/B1*100", shareType: "shared", ref: "C1:C4", result: 0 } as ExcelJS.CellValue;
  for (let r = 2; r <= 4; r++) ws.getCell(r, 3).value = { sharedFormula: "C1", result: 0 } as ExcelJS.CellValue;
  return toBuffer(src);
}

const sharedPlan: WritePlan = {
  writes: [
    { sheet: "Tabel 3.10", row: 0, col: 2, value: "=teks", purpose: "fill", overwrites: 25 },
    w("Tabel 3.10", "D1", "=SUM(C1:C4)", 75),
    w("Tabel 3.10", "D2", "=C4", 25),
  ],
  sheets: [],
  skipped: [],
  scale,
};

let wrongCacheBytes: Buffer;
const recalculated = new Map<string, RecalcResult>();

beforeAll(async () => {
  wrongCacheBytes = await toBuffer(wrongCache());
  const source = await toBuffer(sourceWorkbook());
  const books: [string, Buffer][] = [
    ["wrong cache", wrongCacheBytes],
    ["plan", await filledCopy(source, plan())],
    ["wrong plan", await filledCopy(source, wrongPlan())],
    ["shared", await filledCopy(await sharedFormulaSource(), sharedPlan)],
  ];
  const results = await recalculateEach(books.map(([, b]) => b));
  books.forEach(([key], i) => {
    const r = results[i];
    if (!(r instanceof Error)) recalculated.set(key, r);
  });
}, 300000);

function values(key: string): RecalcResult {
  const r = recalculated.get(key);
  if (!r) throw new Error(`${key}: LibreOffice gave no result`);
  return r;
}

describe("LibreOffice recalculation harness", () => {
  test("soffice is installed (CI installs libreoffice-calc-nogui; a missing soffice fails)", () => {
    expect(sofficeAvailable()).toBe(true);
  });

  test("recalculates formulas whose cached result is wrong", async () => {
    // the file as written really carries the wrong results
    expect((await xlsxValues(wrongCacheBytes)).get("Tabel 3.10")!.get("A3")).toBe(999);
    const v = values("wrong cache");
    const t = v.get("Tabel 3.10")!;
    expect(t.get("A3")).toBe(5);
    expect(t.get("A4")).toBe("Sangat Tinggi");
    expect(t.get("A5")).toBe("#DIV/0!");
    expect(t.get("A6")).toBe("=A1+A2");
    expect(v.get("Lain")!.get("B1")).toBe(10);
  });

  test("a plan's formulas reproduce the engine's expected values", () => {
    expect(compareRecalculated(plan(), values("plan"))).toEqual([]);
  });

  test("wrong expected values are reported as mismatches", () => {
    expect(compareRecalculated(wrongPlan(), values("wrong plan"))).toEqual([
      { sheet: "Tabel 3.10", cell: "E8", formula: "=SUM(E4:E7)", expected: 3500401, actual: 3500400 },
      { sheet: "Tabel 3.10", cell: "H4", formula: KATEGORI("G4"), expected: "Tinggi", actual: "Sangat Tinggi" },
      { sheet: "Ringkasan Capaian", cell: "B2", formula: "=AVERAGE('E81'!D2,'E81'!D4)", expected: 74.6, actual: 74.625 },
    ]);
  });
});

describe("written workbooks stay sound for another engine", () => {
  test("shared formulas whose master was overwritten still calculate", () => {
    const v = values("shared");
    expect(compareRecalculated(sharedPlan, v)).toEqual([]);
    expect(v.get("Tabel 3.10")!.get("C1")).toBe("=teks");
    expect(v.get("Tabel 3.10")!.get("C3")).toBe(25);
  });
});
