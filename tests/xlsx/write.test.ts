import ExcelJS from "exceljs";
import JSZip from "jszip";
import { applyPlanToWorkbook as applyExceljs, workbookToBuffer, writeBookFile } from "../../src/xlsx/write";
import { patchWorkbook } from "../../src/xlsx/patch";
import { bookFromWorkbook, loadWorkbook, readBook } from "../../src/xlsx/read";
import type { CellWrite, SheetPlan, WritePlan } from "../../src/core/model";
import { getScale, DEFAULT_SCALE_ID } from "../../src/core/scale";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const scale = getScale(DEFAULT_SCALE_ID);

/** A small E81-like sheet, saved and reloaded so that styles are shared the way real files share them. */
async function sourceWorkbook(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("E81");
  ws.getCell("A1").value = "EVALUASI TERHADAP HASIL RENJA";
  ws.mergeCells("A1:D1");
  ws.getCell("A2").value = "Uraian";
  ws.getCell("B2").value = "Pagu";
  ws.getCell("C2").value = "Realisasi";
  ws.getCell("D2").value = "%";
  const rows: [string, number, number][] = [
    ["Kegiatan A", 100, 90],
    ["Kegiatan B", 200, 150],
    ["Kegiatan C", 300, 300],
  ];
  rows.forEach(([u, p, r], i) => {
    ws.getCell(3 + i, 1).value = u;
    ws.getCell(3 + i, 2).value = p;
    ws.getCell(3 + i, 3).value = r;
    for (let c = 2; c <= 4; c++) ws.getCell(3 + i, c).numFmt = "#,##0";
  });
  ws.getCell("A6").value = "Jumlah";
  ws.getCell("B6").numFmt = "#,##0";
  ws.getCell("C6").numFmt = "#,##0";
  const old = wb.addWorksheet("Ringkasan Capaian");
  old.getCell("A1").value = "Ringkasan Capaian (dibuat oleh Capaian)";
  old.getCell("Z99").value = "stale";
  old.mergeCells("A1:C1");
  wb.addWorksheet("Lampiran").getCell("A1").value = "keep me";
  const buf = await workbookToBuffer(wb);
  return loadWorkbook(buf);
}

function w(sheet: string, ref: string, fields: Omit<CellWrite, "sheet" | "row" | "col" | "purpose"> & { purpose?: CellWrite["purpose"] }): CellWrite {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  let c = 0;
  for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
  return { sheet, row: Number(m[2]) - 1, col: c - 1, purpose: "fill", ...fields };
}


/**
 * The writer under test. "exceljs" applies the plan to the exceljs model (the writer of non-.xlsx
 * inputs); "patch" patches the saved package (the writer of `fill` for .xlsx inputs) and loads the
 * copy back into `wb`'s place, so that every assertion below runs against both.
 */
type Mode = "exceljs" | "patch";
let MODE: Mode = "exceljs";
let lastPatched: Buffer | undefined;
const patchedBooks = new WeakMap<ExcelJS.Workbook, Buffer>();

async function applyPlanAsync(wb: ExcelJS.Workbook, p: WritePlan, opts: { values?: boolean } = {}): Promise<{ result: ReturnType<typeof applyExceljs>; wb: ExcelJS.Workbook }> {
  if (MODE === "exceljs") return { result: applyExceljs(wb, p, opts), wb };
  const r = patchWorkbook(await workbookToBuffer(wb), p, opts);
  lastPatched = Buffer.from(r.data);
  const re = await loadWorkbook(lastPatched);
  patchedBooks.set(re, lastPatched);
  return { result: { written: r.written, chartsSkipped: r.chartsSkipped, mergedSkipped: r.mergedSkipped, mergesSkipped: r.mergesSkipped }, wb: re };
}

/** The bytes of a workbook: the patched copy itself when the workbook came from one. */
async function bytesOf(wb: ExcelJS.Workbook): Promise<Buffer> {
  return patchedBooks.get(wb) ?? workbookToBuffer(wb);
}

function summarySheet(): SheetPlan {
  const name = "Ringkasan Capaian";
  return {
    name,
    purpose: "ringkasan",
    cells: [
      w(name, "A1", { value: "Ringkasan Capaian (dibuat oleh Capaian)", style: { bold: true, hAlign: "center" }, purpose: "summary" }),
      w(name, "A2", { value: "Uraian", style: { bold: true, fill: "#D9E1F2", border: true, wrap: true }, purpose: "summary" }),
      w(name, "B2", { value: "Capaian (%)", style: { bold: true, fill: "#D9E1F2", border: true }, purpose: "summary" }),
      w(name, "C2", { value: "Kategori", style: { bold: true, fill: "#D9E1F2", border: true }, purpose: "summary" }),
      w(name, "A3", { value: "Kegiatan A", link: "'E81'!A3", purpose: "summary" }),
      w(name, "B3", { formula: "='E81'!C3/'E81'!B3*100", expected: 90, numberFormat: "0.00", purpose: "summary" }),
      w(name, "C3", {
        formula: '=IF(B3>=91,"Sangat Tinggi",IF(B3>=76,"Tinggi",IF(B3>=66,"Sedang",IF(B3>=51,"Rendah","Sangat Rendah"))))',
        expected: "Tinggi",
        purpose: "summary",
      }),
      w(name, "A20", { value: "=cmd|' /C calc'!A0", purpose: "summary" }),
    ],
    columnWidths: [40, 14, 18],
    merges: [{ r1: 0, c1: 0, r2: 0, c2: 2 }],
    freezeRows: 2,
    print: { paper: "A4", orientation: "landscape", fitToWidth: true },
    charts: [
      { type: "column", title: "Capaian", categories: "A3:A3", series: [{ name: "Capaian", values: "B3:B3" }], anchor: { row: 5, col: 0 } },
    ],
  };
}

function plan(): WritePlan {
  return {
    writes: [
      w("E81", "D3", { formula: "=C3/B3*100", expected: 90, numberFormat: "0.00" }),
      w("E81", "D4", { formula: "=C4/B4*100", expected: 75, numberFormat: "0.00" }),
      w("E81", "B6", { formula: "=SUM(B3:B5)", expected: 600 }),
      w("E81", "C6", { formula: "SUM(C3:C5)", expected: 540 }),
      w("E81", "D5", { value: 100 }),
      w("E81", "E3", { value: "=1+2", purpose: "header" }),
      w("E81", "E4", { value: "+62 812", purpose: "header" }),
      w("E81", "E5", { value: "-", purpose: "header" }),
      w("E81", "E2", { value: "Kategori", style: { bold: true, italic: true, fontColor: "#C00000", wrap: true, vAlign: "middle" }, purpose: "header" }),
      // a finding mark: fill and note, content unchanged
      w("E81", "C4", { style: { fill: "#FFC7CE" }, note: "Temuan: realisasi 150 < pagu", purpose: "finding-mark" }),
      // a write into the covered part of a merge is left alone
      w("E81", "B1", { value: "should not land" }),
    ],
    sheets: [summarySheet()],
    skipped: [],
    scale,
  };
}

describe.each(["exceljs", "patch"] as Mode[])("%s writer", (mode) => {
beforeAll(() => {
  MODE = mode;
});

describe("applyPlanToWorkbook", () => {
  let wb: ExcelJS.Workbook;
  let result: ReturnType<typeof applyExceljs>;
  let reread: ExcelJS.Workbook;

  beforeAll(async () => {
    wb = await sourceWorkbook();
    ({ result, wb } = await applyPlanAsync(wb, plan(), {}));
    reread = await loadWorkbook(await bytesOf(wb));
  });

  test("result counts", () => {
    expect(result.chartsSkipped).toBe(1);
    expect(result.mergedSkipped).toBe(1);
    expect(result.mergesSkipped).toBe(0);
    expect(result.written).toBe(10 + 8);
  });

  test("formulas carry their cached result, without the leading =", () => {
    const ws = reread.getWorksheet("E81")!;
    expect(ws.getCell("D3").value).toEqual(expect.objectContaining({ formula: "C3/B3*100", result: 90 }));
    expect(ws.getCell("B6").value).toEqual(expect.objectContaining({ formula: "SUM(B3:B5)", result: 600 }));
    expect(ws.getCell("C6").value).toEqual(expect.objectContaining({ formula: "SUM(C3:C5)", result: 540 }));
    expect(ws.getCell("D3").numFmt).toBe("0.00");
  });

  test("the workbook asks Excel for a full recalculation on load", async () => {
    const zip = await JSZip.loadAsync(await bytesOf(wb));
    expect(await zip.file("xl/workbook.xml")!.async("string")).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
  });

  test("strings are text, never formulas", () => {
    const ws = reread.getWorksheet("E81")!;
    expect(ws.getCell("E3").value).toBe("=1+2");
    expect(ws.getCell("E3").formula).toBeUndefined();
    expect(ws.getCell("E4").value).toBe("+62 812");
    expect(ws.getCell("E5").value).toBe("-");
    const sum = reread.getWorksheet("Ringkasan Capaian")!;
    expect(sum.getCell("A20").value).toBe("=cmd|' /C calc'!A0");
  });

  test("styles, notes and unchanged content of marked cells", () => {
    const ws = reread.getWorksheet("E81")!;
    const e2 = ws.getCell("E2");
    expect(e2.font?.bold).toBe(true);
    expect(e2.font?.italic).toBe(true);
    expect(e2.font?.color?.argb).toBe("FFC00000");
    expect(e2.alignment?.wrapText).toBe(true);
    expect(e2.alignment?.vertical).toBe("middle");
    const c4 = ws.getCell("C4");
    expect(c4.value).toBe(150);
    expect(c4.numFmt).toBe("#,##0");
    expect((c4.fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFC7CE");
    // the style object C4 shared with its neighbours was not modified
    expect((ws.getCell("C3").fill as ExcelJS.FillPattern | undefined)?.pattern ?? "none").toBe("none");
    expect((ws.getCell("C5").fill as ExcelJS.FillPattern | undefined)?.pattern ?? "none").toBe("none");
    expect(ws.getCell("B4").numFmt).toBe("#,##0");
    const note = c4.note as unknown;
    const text = typeof note === "string" ? note : (note as { texts: { text: string }[] }).texts.map((t) => t.text).join("");
    expect(text).toBe("Temuan: realisasi 150 < pagu");
  });

  test("merged areas keep their top-left content", () => {
    const ws = reread.getWorksheet("E81")!;
    expect(ws.getCell("A1").value).toBe("EVALUASI TERHADAP HASIL RENJA");
  });

  test("generated sheet replaced in place: order, merges, widths, freeze, print", () => {
    expect(reread.worksheets.map((s) => s.name)).toEqual(["E81", "Ringkasan Capaian", "Lampiran"]);
    const ws = reread.getWorksheet("Ringkasan Capaian")!;
    expect(ws.getCell("Z99").value).toBeNull();
    expect((ws.model as unknown as { merges: string[] }).merges).toEqual(["A1:C1"]);
    expect(ws.getColumn(1).width).toBe(40);
    expect(ws.getColumn(3).width).toBe(18);
    expect(ws.views[0]).toEqual(expect.objectContaining({ state: "frozen", ySplit: 2 }));
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe("landscape");
    expect(ws.pageSetup.fitToPage).toBe(true);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.fitToHeight).toBe(0);
    expect(ws.getCell("A2").border?.top?.style).toBe("thin");
    expect(ws.getCell("A1").alignment?.horizontal).toBe("center");
    expect(ws.getCell("C3").value).toEqual(expect.objectContaining({ result: "Tinggi" }));
    expect(reread.getWorksheet("Lampiran")!.getCell("A1").value).toBe("keep me");
  });

  test("readBook sees values, formulas, formats, bold, fill, notes, merges", async () => {
    const book = await readBook(await bytesOf(wb), "out.xlsx");
    const e81 = book.sheets.find((s) => s.sheet === "E81")!;
    expect(e81.get(2, 3)).toEqual(expect.objectContaining({ v: 90, f: "=C3/B3*100", fmt: "0.00" }));
    expect(e81.get(5, 1)).toEqual(expect.objectContaining({ v: 600, f: "=SUM(B3:B5)" }));
    expect(e81.get(2, 4)).toEqual(expect.objectContaining({ v: "=1+2" }));
    expect(e81.get(2, 4)!.f).toBeUndefined();
    expect(e81.get(1, 4)!.bold).toBe(true);
    expect(e81.get(3, 2)).toEqual(expect.objectContaining({ v: 150, fill: "#FFC7CE", note: "Temuan: realisasi 150 < pagu" }));
    const sum = book.sheets.find((s) => s.sheet === "Ringkasan Capaian")!;
    expect(sum.get(2, 0)!.v).toBe("Kegiatan A"); // link text
    expect(sum.get(2, 2)!.v).toBe("Tinggi");
    expect(sum.mergeAt(0, 2)).toEqual({ r1: 0, c1: 0, r2: 0, c2: 2 });
    expect(book.sheets.map((s) => s.sheet)).toEqual(["E81", "Ringkasan Capaian", "Lampiran"]);
  });

  test("internal links are written as in-document locations", async () => {
    const zip = await JSZip.loadAsync(await bytesOf(wb));
    const wbXml = await zip.file("xl/workbook.xml")!.async("string");
    const sheets = [...wbXml.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="(rId\d+)"/g)];
    expect(sheets.map((m) => m[1])).toContain("Ringkasan Capaian");
    const all = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f))
        .map((f) => zip.file(f)!.async("string")),
    );
    const links = all.flatMap((x) => [...x.matchAll(/<hyperlink [^>]*\/>/g)].map((m) => m[0]));
    expect(links).toHaveLength(1);
    expect(links[0]).toContain('location="&apos;E81&apos;!A3"');
    expect(links[0]).not.toContain("r:id");
    expect(links[0]).not.toContain("#");
  });
});

describe("values mode", () => {
  test("writes expected values instead of formulas", async () => {
    let wb = await sourceWorkbook();
    wb = (await applyPlanAsync(wb, plan(), { values: true })).wb;
    const re = await loadWorkbook(await bytesOf(wb));
    const ws = re.getWorksheet("E81")!;
    expect(ws.getCell("D3").value).toBe(90);
    expect(ws.getCell("B6").value).toBe(600);
    expect(ws.getCell("D3").numFmt).toBe("0.00");
    expect(re.getWorksheet("Ringkasan Capaian")!.getCell("C3").value).toBe("Tinggi");
    const zip = await JSZip.loadAsync(await bytesOf(wb));
    expect(await zip.file("xl/workbook.xml")!.async("string")).not.toContain("fullCalcOnLoad");
    for (const s of re.worksheets) s.eachRow((row) => row.eachCell((c) => expect(c.formula).toBeFalsy()));
  });

  test("a formula with a null expected value leaves the cell empty", async () => {
    let wb = await sourceWorkbook();
    wb = (
      await applyPlanAsync(
        wb,
        { writes: [w("E81", "D3", { formula: "=C3/B3*100", expected: null })], sheets: [], skipped: [], scale },
        { values: true },
      )
    ).wb;
    expect(wb.getWorksheet("E81")!.getCell("D3").value).toBeNull();
  });
});

describe("edge cases", () => {
  test("a new generated sheet is appended; a plan naming a missing sheet throws", async () => {
    let wb = new ExcelJS.Workbook();
    wb.addWorksheet("Data");
    const sp = { ...summarySheet(), name: "Temuan", purpose: "temuan" as const, charts: [] };
    sp.cells = sp.cells.map((c) => ({ ...c, sheet: "Temuan" }));
    const applied = await applyPlanAsync(wb, { writes: [], sheets: [sp], skipped: [], scale });
    const r = applied.result;
    wb = applied.wb;
    expect(r.chartsSkipped).toBe(0);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["Data", "Temuan"]);
    await expect(applyPlanAsync(wb, { writes: [w("Nope", "A1", { value: 1 })], sheets: [], skipped: [], scale })).rejects.toThrow(/Nope/);
  });

  test("applying the same plan twice gives the same workbook", async () => {
    let wb = await sourceWorkbook();
    wb = (await applyPlanAsync(wb, plan())).wb;
    wb = (await applyPlanAsync(wb, plan())).wb;
    const re = await loadWorkbook(await bytesOf(wb));
    expect(re.worksheets.map((s) => s.name)).toEqual(["E81", "Ringkasan Capaian", "Lampiran"]);
    expect(re.getWorksheet("E81")!.getCell("D3").value).toEqual(expect.objectContaining({ result: 90 }));
  });

  test("writeBookFile writes a readable file", async () => {
    let wb = await sourceWorkbook();
    wb = (await applyPlanAsync(wb, plan())).wb;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capaian-write-"));
    const file = path.join(dir, "out.xlsx");
    try {
      if (MODE === "patch") fs.writeFileSync(file, await bytesOf(wb));
      else await writeBookFile(wb, file);
      const book = bookFromWorkbook(await loadWorkbook(file), file);
      expect(book.sheets[0].get(5, 1)!.v).toBe(600);
      const zip = await JSZip.loadAsync(fs.readFileSync(file));
      const xml = await zip.file("xl/worksheets/sheet2.xml")?.async("string");
      expect(xml ?? "").not.toContain('location="#');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a link on a numeric cell without a value keeps the number", async () => {
    let wb = new ExcelJS.Workbook();
    let ws = wb.addWorksheet("S");
    ws.getCell("A1").value = 5;
    ws.getCell("A2").value = "teks";
    wb = (await applyPlanAsync(wb, {
      writes: [w("S", "A1", { link: "'S'!B1" }), w("S", "A2", { link: "'S'!B2" })],
      sheets: [],
      skipped: [],
      scale,
    })).wb;
    ws = wb.getWorksheet("S")!;
    expect(ws.getCell("A1").value).toBe(5);
    if (MODE === "exceljs") {
      expect(ws.getCell("A2").value).toEqual({ text: "teks", hyperlink: "#'S'!B2" });
    } else {
      // exceljs reads only relationship (external) hyperlinks back: check the part itself
      expect(ws.getCell("A2").value).toBe("teks");
      const zip = await JSZip.loadAsync(await bytesOf(wb));
      const xml = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
      const links = [...xml.matchAll(/<hyperlink [^>]*\/>/g)].map((m) => m[0]);
      expect(links).toEqual(['<hyperlink ref="A2" location="&apos;S&apos;!B2"/>']);
    }
  });
});

describe("clear and merge", () => {
  test("clear removes a finding mark's fill and note; a fill may be set back", async () => {
    let wb = await sourceWorkbook();
    const first = plan();
    wb = (await applyPlanAsync(wb, { ...first, sheets: [] })).wb;
    const ws = wb.getWorksheet("E81")!;
    ws.getCell("B3").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FF00FF00" } };
    wb = (await applyPlanAsync(wb, {
      writes: [
        w("E81", "C4", { clear: ["fill", "note"], purpose: "finding-mark" }),
        w("E81", "B3", { clear: ["fill"], style: { fill: "#FFFF00" }, purpose: "finding-mark" }),
      ],
      sheets: [],
      skipped: [],
      scale,
    })).wb;
    const book = bookFromWorkbook(await loadWorkbook(await bytesOf(wb)), "x.xlsx");
    const e81 = book.sheets[0];
    expect(e81.get(3, 2)).toEqual({ v: 150, fmt: "#,##0" });
    expect(e81.get(2, 1)!.fill).toBe("#FFFF00");
  });

  test("a write's merge is applied after the writes, never over content", async () => {
    let wb = await sourceWorkbook();
    const ws = wb.getWorksheet("E81")!;
    ws.getCell("F10").value = "occupied";
    const applied = await applyPlanAsync(wb, {
      writes: [
        w("E81", "E1", { value: "Kategori", merge: { r1: 0, c1: 4, r2: 1, c2: 4 }, purpose: "header" }),
        w("E81", "F9", { value: "X", merge: { r1: 8, c1: 5, r2: 9, c2: 5 }, purpose: "header" }),
        // the same merge as an existing one is fine
        w("E81", "A1", { style: { bold: true }, merge: { r1: 0, c1: 0, r2: 0, c2: 3 }, purpose: "header" }),
        // overlapping an existing merge: skipped
        w("E81", "A7", { value: "Y", merge: { r1: 6, c1: 0, r2: 0, c2: 0 }, purpose: "header" }),
        w("E81", "G2", { value: "Z", merge: { r1: 1, c1: 6, r2: 1, c2: 7 }, purpose: "header" }),
      ],
      sheets: [],
      skipped: [],
      scale,
    });
    wb = applied.wb;
    const r = applied.result;
    expect(r.mergesSkipped).toBe(2);
    const book = bookFromWorkbook(await loadWorkbook(await bytesOf(wb)), "x.xlsx");
    const e81 = book.sheets[0];
    expect(e81.mergeAt(1, 4)).toEqual({ r1: 0, c1: 4, r2: 1, c2: 4 });
    expect(e81.get(0, 4)!.v).toBe("Kategori");
    expect(e81.mergeAt(9, 5)).toBeUndefined();
    expect(e81.get(9, 5)!.v).toBe("occupied");
    expect(e81.get(0, 0)!.bold).toBe(true);
    expect(e81.mergeAt(1, 7)).toEqual({ r1: 1, c1: 6, r2: 1, c2: 7 });
    expect(e81.get(6, 0)!.v).toBe("Y");
  });
});

describe("shared formulas", () => {
  async function sharedBook(): Promise<ExcelJS.Workbook> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("S");
    for (let r = 1; r <= 4; r++) {
      ws.getCell(r, 1).value = r;
      ws.getCell(r, 2).value = r * 4;
    }
    ws.getCell("C1").value = { formula: "A1/B1*100", shareType: "shared", ref: "C1:C4", result: 25 } as ExcelJS.CellValue;
    for (let r = 2; r <= 4; r++) ws.getCell(r, 3).value = { sharedFormula: "C1", result: 25 } as ExcelJS.CellValue;
    return loadWorkbook(await bytesOf(wb));
  }

  test("overwriting a shared formula's master keeps its clones as ordinary formulas", async () => {
    let wb = await sharedBook();
    expect((wb.getWorksheet("S")!.getCell("C1").value as { shareType?: string }).shareType).toBe("shared");
    wb = (await applyPlanAsync(wb, {
      writes: [w("S", "C1", { value: "-", overwrites: 25 }), w("S", "C3", { formula: "=A3/B3*100", expected: 25 })],
      sheets: [],
      skipped: [],
      scale,
    })).wb;
    const book = bookFromWorkbook(await loadWorkbook(await bytesOf(wb)), "x.xlsx");
    const s = book.sheets[0];
    expect(s.get(0, 2)!.v).toBe("-");
    expect(s.get(0, 2)!.f).toBeUndefined();
    expect(s.get(1, 2)).toEqual(expect.objectContaining({ f: "=A2/B2*100", v: 25 }));
    expect(s.get(2, 2)).toEqual(expect.objectContaining({ f: "=A3/B3*100", v: 25 }));
    expect(s.get(3, 2)).toEqual(expect.objectContaining({ f: "=A4/B4*100", v: 25 }));
  });

  test("overwriting a clone leaves the shared formula intact", async () => {
    let wb = await sharedBook();
    wb = (await applyPlanAsync(wb, { writes: [w("S", "C2", { value: 7 })], sheets: [], skipped: [], scale })).wb;
    const book = bookFromWorkbook(await loadWorkbook(await bytesOf(wb)), "x.xlsx");
    const s = book.sheets[0];
    expect(s.get(1, 2)!.v).toBe(7);
    expect(s.get(0, 2)!.f).toBe("=A1/B1*100");
    expect(s.get(3, 2)!.f).toBe("=A4/B4*100");
  });
});

});
