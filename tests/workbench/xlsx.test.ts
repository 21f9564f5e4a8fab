/**
 * .xlsx ⇄ in-memory workbook: a seed-built workbook survives the round trip (values, formulas,
 * styles, merges, hidden rows, notes, protection), and what the workbench downloads is what the
 * engine's .xlsx reader reads.
 */
import ExcelJS from "exceljs";
import { fixtureBuffer } from "../fixtures";
import { readBook } from "../../src/xlsx/read";
import { memFromXlsx, memToXlsx, formatValue } from "../../src/workbench/fake-excel";
import { a1 } from "../../src/core/grid";
import type { Book } from "../../src/core/grid";

function flat(book: Book): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const g of book.sheets) {
    g.cells.forEach((row, r) =>
      row?.forEach((cell, c) => {
        if (!cell || ((cell.v === null || cell.v === "") && !cell.f)) return;
        out[`${g.sheet}!${a1(r, c)}`] = [cell.v, cell.f, !!cell.bold, cell.fill, cell.indent ?? 0, cell.note, cell.fmt];
      }),
    );
  }
  return out;
}

describe("xlsx bridge", () => {
  test.each(["lumajang-2021-renja", "sumenep-2023-matrix"])("%s round-trips through the workbench unchanged for the engine", async (id) => {
    const bytes = await fixtureBuffer(id);
    const mem = await memFromXlsx(bytes, id);
    const out = Buffer.from(await memToXlsx(mem));
    const a = await readBook(bytes, id);
    const b = await readBook(out, id);
    expect(flat(b)).toEqual(flat(a));
    for (let i = 0; i < a.sheets.length; i++) {
      expect([...b.sheets[i].hiddenRows]).toEqual([...a.sheets[i].hiddenRows]);
      expect(b.sheets[i].merges.length).toBe(a.sheets[i].merges.length);
    }
  });

  test("formulas keep their cached value on open and are evaluated when missing; protection survives", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Data");
    ws.getCell("A1").value = 2;
    ws.getCell("A2").value = 3;
    ws.getCell("A3").value = { formula: "SUM(A1:A2)", result: 99 } as ExcelJS.CellFormulaValue; // stale cache, kept
    ws.getCell("A4").value = { formula: "A1*A2" } as ExcelJS.CellFormulaValue; // no cache: evaluated
    ws.getCell("B1").value = "isi";
    ws.getCell("B1").note = "catatan"; // exceljs drops notes of empty cells on read
    await ws.protect("", {});
    const mem = await memFromXlsx(await wb.xlsx.writeBuffer());
    const s = mem.sheet("Data")!;
    expect(s.get(2, 0)).toMatchObject({ v: 99, calc: "cached" });
    expect(s.get(3, 0)).toMatchObject({ v: 6, calc: "evaluated" });
    expect(s.get(0, 1)?.note).toBe("catatan");
    expect(s.protected).toBe(true);
    const back = await memFromXlsx(await memToXlsx(mem));
    expect(back.sheet("Data")!.protected).toBe(true);
    expect(back.sheet("Data")!.get(3, 0)).toMatchObject({ f: "=A1*A2", v: 6 });
  });

  test("number formats render like Excel for the formats the add-in uses", () => {
    expect(formatValue(11238069445, "#,##0")).toBe("11,238,069,445");
    expect(formatValue(0.9295, "0.00%")).toBe("92.95%");
    expect(formatValue(99.2512, "0.00")).toBe("99.25");
    expect(formatValue(-1234.5, "#,##0.00")).toBe("-1,234.50");
    expect(formatValue(1.5, '0.00" %"')).toBe("1.50 %");
    expect(formatValue(50.9663, "0")).toBe("51");
    expect(formatValue(3, "General")).toBe("3");
    expect(formatValue("teks", "0.00")).toBe("teks");
    expect(formatValue(13.44, 'General" %"')).toBe("13.44 %");
    expect(formatValue(397, 'General" UM"')).toBe("397 UM");
  });
});
