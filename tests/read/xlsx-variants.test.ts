/**
 * Valid but unusual packages, and damaged ones: parts found through relationships, string results
 * in date-formatted cells, shared formulas, overlapping merges, and messages that name the file,
 * sheet and cell.
 */
import ExcelJS from "exceljs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../src/cli/main";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { readBook, readBookWithExceljs } from "../../src/xlsx/read";
import { slideFormula } from "../../src/xlsx/sheet-reader";
import { InputError } from "../../src/core/errors";

type Files = Record<string, Uint8Array>;

async function exceljsFiles(build: (wb: ExcelJS.Workbook) => void): Promise<Files> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return unzipSync(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
}

function edit(files: Files, name: string, f: (s: string) => string): void {
  files[name] = strToU8(f(strFromU8(files[name])));
}

function rename(files: Files, from: string, to: string): void {
  files[to] = files[from];
  delete files[from];
}

const zip = (files: Files) => Buffer.from(zipSync(files));

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';

async function withSheetXml(sheetData: string, after = ""): Promise<Buffer> {
  const files = await exceljsFiles((wb) => {
    wb.addWorksheet("Data").getCell("A1").value = "x";
  });
  files["xl/worksheets/sheet1.xml"] = strToU8(`${SHEET_HEAD}${sheetData}</sheetData>${after}</worksheet>`);
  return zip(files);
}

describe("parts are found through relationships", () => {
  it("a sheet stored as xl/worksheets/catatan.xml and shared strings under another part name", async () => {
    const files = await exceljsFiles((wb) => {
      wb.addWorksheet("Ringkasan").getCell("A1").value = "Program";
      const ws = wb.addWorksheet("Catatan");
      ws.getCell("B2").value = "Kegiatan";
      ws.getCell("C2").value = 12;
    });
    rename(files, "xl/worksheets/sheet2.xml", "xl/worksheets/catatan.xml");
    edit(files, "xl/_rels/workbook.xml.rels", (s) => s.replace("worksheets/sheet2.xml", "worksheets/catatan.xml").replace('Target="sharedStrings.xml"', 'Target="/xl/teks/kata.xml"'));
    edit(files, "[Content_Types].xml", (s) => s.replace("/xl/worksheets/sheet2.xml", "/xl/worksheets/catatan.xml").replace("/xl/sharedStrings.xml", "/xl/teks/kata.xml"));
    rename(files, "xl/sharedStrings.xml", "xl/teks/kata.xml");
    const book = await readBook(zip(files), "unusual.xlsx");
    expect(book.sheets.map((s) => s.sheet)).toEqual(["Ringkasan", "Catatan"]);
    expect(book.sheets[0].value(0, 0)).toBe("Program");
    expect(book.sheets[1].value(1, 1)).toBe("Kegiatan");
    expect(book.sheets[1].value(1, 2)).toBe(12);
  });

  it("hidden and very hidden sheets carry their state", async () => {
    const files = await exceljsFiles((wb) => {
      wb.addWorksheet("Tampil").getCell("A1").value = 1;
      const h = wb.addWorksheet("Sembunyi");
      h.state = "hidden";
      h.getCell("A1").value = 2;
      const v = wb.addWorksheet("Rahasia");
      v.state = "veryHidden";
      v.getCell("A1").value = 3;
    });
    const book = await readBook(zip(files), "h.xlsx");
    expect(book.sheets.map((s) => s.hidden)).toEqual([undefined, "hidden", "veryHidden"]);
  });
});

describe("values", () => {
  it("a string formula result in a date-formatted cell reads as the string (the exceljs reader failed the whole workbook)", async () => {
    const files = await exceljsFiles((wb) => {
      const input = wb.addWorksheet("INPUT");
      input.getCell("H15").value = "Agustus 2022";
      const ws = wb.addWorksheet("Fis Keu");
      ws.getCell("F6").value = { formula: '": "&INPUT!H15', result: ": Agustus 2022" };
      ws.getCell("F6").numFmt = "mmm-yy";
      ws.getCell("F7").value = 44562;
      ws.getCell("F7").numFmt = "mmm-yy";
      ws.getCell("F8").value = { formula: "F7+31", result: 44593 };
      ws.getCell("F8").numFmt = "d-mmm-yy";
    });
    expect(strFromU8(files["xl/worksheets/sheet2.xml"])).toMatch(/t="str"/);
    const buf = zip(files);
    const g = (await readBook(buf, "banjarmasin-rfk.xlsx")).sheets[1];
    expect(g.get(5, 5)).toMatchObject({ v: ": Agustus 2022", f: '=": "&INPUT!H15', fmt: "mmm-yy" });
    expect(g.value(6, 5)).toBe("2022-01-01");
    expect(g.value(7, 5)).toBe("2022-02-01");
    await expect(readBookWithExceljs(buf, "banjarmasin-rfk.xlsx")).rejects.toThrow(/Invalid time value/);
  });

  it("shared formulas are expanded to each cell's own formula; quoted text and absolute references stay", async () => {
    const buf = await withSheetXml(
      '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c><c r="C2"><f t="shared" ref="C2:C4" si="0">A2+B2*$A$1&amp;"A2"</f><v>3</v></c></row>' +
        '<row r="3"><c r="C3"><f t="shared" si="0"/><v>7</v></c></row>' +
        '<row r="4"><c r="C4"><f t="shared" si="0"/><v>9</v></c><c r="D4" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E4" t="b"><v>1</v></c><c r="F4" t="inlineStr"><is><r><t>Rp </t></r><r><t>juta</t></r></is></c></row>',
    );
    const g = (await readBook(buf, "shared.xlsx")).sheets[0];
    expect(g.get(1, 2)).toEqual({ v: 3, f: '=A2+B2*$A$1&"A2"' });
    expect(g.get(2, 2)).toEqual({ v: 7, f: '=A3+B3*$A$1&"A2"' });
    expect(g.get(3, 2)).toEqual({ v: 9, f: '=A4+B4*$A$1&"A2"' });
    expect(g.get(3, 3)).toEqual({ v: "#DIV/0!", f: "=1/0", error: true });
    expect(g.value(3, 4)).toBe(true);
    expect(g.value(3, 5)).toBe("Rp juta");
  });

  it("slideFormula moves relative references only", () => {
    expect(slideFormula("SUM(B2:B9)-'Data 2'!C3+Sheet1!$D4+LOG10(A1)", 1, 1, 3, 2)).toBe("SUM(C4:C11)-'Data 2'!D5+Sheet1!$D6+LOG10(B3)");
    expect(slideFormula('IF(A1="B1",TAHUN2023,XFD1)', 0, 0, 1, 0)).toBe('IF(A2="B1",TAHUN2023,XFD2)');
  });

  it("overlapping merges (which Excel repairs) do not stop the workbook", async () => {
    const buf = await withSheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>Judul</t></is></c><c r="B1"><v>5</v></c></row>', '<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="B1:D2"/></mergeCells>');
    const g = (await readBook(buf, "merges.xlsx")).sheets[0];
    expect(g.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 2 }]);
    expect(g.value(0, 0)).toBe("Judul");
    expect(g.get(0, 1)).toBeUndefined();
  });

  it("CR LF in text reads as LF (XML line-end rule), as Excel shows it", async () => {
    const buf = await withSheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>Baris satu\r\nBaris dua</t></is></c></row>');
    expect((await readBook(buf, "crlf.xlsx")).sheets[0].value(0, 0)).toBe("Baris satu\nBaris dua");
  });
});

describe("messages name the file, sheet and cell", () => {
  it("damaged sheet XML", async () => {
    const buf = await withSheetXml('<row r="3"><c r="B3"><v>1</v></c><c r="C3" <v>2</v></c></row>');
    const err = await readBook(buf, "rusak.xlsx").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^cannot read rusak\.xlsx: sheet "Data", (cell|row) [A-Z]*3 is damaged \(its XML is not well formed\); open it in Excel and save it again$/);
  });

  it("a shared string the workbook does not have", async () => {
    const buf = await withSheetXml('<row r="7"><c r="D7" t="s"><v>999</v></c></row>');
    await expect(readBook(buf, "ss.xlsx")).rejects.toThrow('cannot read ss.xlsx: sheet "Data", cell D7 refers to shared string 999, which the workbook does not have');
  });

  it("a sheet whose part is missing is skipped and noted; the others are read", async () => {
    const files = await exceljsFiles((wb) => {
      wb.addWorksheet("Ada").getCell("A1").value = 1;
      wb.addWorksheet("Hilang").getCell("A1").value = 2;
    });
    delete files["xl/worksheets/sheet2.xml"];
    const book = await readBook(zip(files), "partial.xlsx");
    expect(book.sheets.map((s) => s.sheet)).toEqual(["Ada"]);
    expect(book.readNotes?.[0]).toMatch(/sheet "Hilang" is listed in the workbook but its part is missing/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "capaian-partial-")), "partial.xlsx");
    fs.writeFileSync(file, zip(files));
    let err = "";
    const code = await run(["inspect", file], () => undefined, (s) => (err += s));
    expect(code).toBe(0);
    expect(err).toContain(`capaian: ${file}: sheet "Hilang" is listed in the workbook but its part is missing; skipped`);
  });

  it("a zip without a workbook", async () => {
    const buf = zip({ "[Content_Types].xml": strToU8("<Types/>"), "xl/other.xml": strToU8("<x/>") });
    await expect(readBook(buf, "kosong.xlsx")).rejects.toThrow(/cannot read kosong\.xlsx: it is a zip archive but not an Excel workbook/);
  });
});
