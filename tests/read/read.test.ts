import ExcelJS from "exceljs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readBook } from "../../src/xlsx/read";
import { InputError } from "../../src/core/errors";

async function sampleBuffer(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("E81");
  ws.getCell("A1").value = "Tabel 3.10";
  ws.getCell("A1").font = { bold: true };
  ws.mergeCells("B2:C3");
  ws.getCell("B2").value = "Target Renja";
  ws.getCell("B4").value = 400;
  ws.getCell("C4").value = "11,238,069,445";
  ws.getCell("D4").value = { formula: "B4*2", result: 800 };
  ws.getCell("E4").value = { error: "#REF!" } as unknown as ExcelJS.CellValue;
  ws.getCell("F4").value = { formula: "1/0", result: { error: "#DIV/0!" } } as unknown as ExcelJS.CellValue;
  ws.getCell("G4").value = { richText: [{ text: "Program " }, { text: "UMKM", font: { bold: true } }] };
  ws.getCell("B5").value = "  Kegiatan";
  ws.getCell("B5").alignment = { indent: 2 };
  ws.getCell("B5").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } };
  ws.getCell("B5").note = "catatan";
  ws.getCell("C5").value = 0.9295;
  ws.getCell("C5").numFmt = "0.00%";
  ws.getRow(6).hidden = true;
  ws.getCell("B6").value = "tersembunyi";
  ws.getColumn(8).hidden = true;
  ws.getCell("H1").value = "x";
  const buf = await wb.xlsx.writeBuffer();
  return Buffer.from(buf as ArrayBuffer);
}

describe("readBook (.xlsx → Grid)", () => {
  it("reads values, formulas with cached results, errors, styles, merges, hidden rows and columns", async () => {
    const book = await readBook(await sampleBuffer(), "sample.xlsx");
    expect(book.sheets.map((s) => s.sheet)).toEqual(["E81"]);
    const g = book.sheets[0];
    expect(g.get(0, 0)).toMatchObject({ v: "Tabel 3.10", bold: true });
    expect(g.mergeAt(2, 2)).toEqual({ r1: 1, c1: 1, r2: 2, c2: 2 });
    expect(g.mergedValue(2, 2)).toBe("Target Renja");
    expect(g.value(3, 1)).toBe(400);
    expect(g.value(3, 2)).toBe("11,238,069,445");
    expect(g.get(3, 3)).toMatchObject({ v: 800, f: "=B4*2" });
    expect(g.get(3, 4)).toMatchObject({ v: "#REF!", error: true });
    expect(g.get(3, 5)).toMatchObject({ v: "#DIV/0!", error: true, f: "=1/0" });
    expect(g.value(3, 6)).toBe("Program UMKM");
    expect(g.get(4, 1)).toMatchObject({ indent: 2, fill: "#FFFF00", note: "catatan" });
    expect(g.text(4, 1)).toBe("Kegiatan");
    expect(g.get(4, 2)).toMatchObject({ v: 0.9295, fmt: "0.00%" });
    expect(g.hiddenRows.has(5)).toBe(true);
    expect(g.value(5, 1)).toBe("tersembunyi");
    expect(g.hiddenCols.has(7)).toBe(true);
    expect(g.hiddenRows.has(4)).toBe(false);
  });

  it("says clearly when a file is not an .xlsx workbook", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capaian-read-"));
    const bad = path.join(dir, "notes.xlsx");
    fs.writeFileSync(bad, "this is not a zip");
    await expect(readBook(bad)).rejects.toThrow(InputError);
    await expect(readBook(bad)).rejects.toThrow(/not an \.xlsx workbook/);
    await expect(readBook(path.join(dir, "missing.xlsx"))).rejects.toThrow(/no such file/);
  });
});
