/**
 * The streaming reader gives the same Grid as the earlier exceljs-based reader on every fixture
 * and every sample workbook. Legitimate differences (documented in src/xlsx/README.md, "Reader"):
 * - `hidden` (sheet state) and `sourceFormat` are new: the exceljs reader did not record them.
 * - A formula whose cached result is 0, false or "" reads as that value; exceljs dropped falsy
 *   results (its FormulaValue._copyModel copies only truthy fields), so it gave null.
 * - Others that no fixture has (see src/xlsx/READER.md): `<b val="0"/>` is not bold, a string result
 *   in a date-formatted cell is the string, overlapping merges, t="d" cells.
 */
import * as fs from "fs";
import * as path from "path";
import type { Book, Grid } from "../../src/core/grid";
import { readBook, readBookWithExceljs } from "../../src/xlsx/read";
import { FIXTURES, fixtureBuffer } from "../fixtures";

function plain(g: Grid) {
  const cells: Record<string, unknown> = {};
  g.cells.forEach((row, r) => row?.forEach((c, cc) => {
    if (c !== undefined) cells[`${r},${cc}`] = c;
  }));
  return {
    sheet: g.sheet,
    cells,
    merges: [...g.merges].sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1),
    hiddenRows: [...g.hiddenRows].sort((a, b) => a - b),
    hiddenCols: [...g.hiddenCols].sort((a, b) => a - b),
    protected: g.protected,
    rowCount: g.rowCount,
    colCount: g.colCount,
  };
}

/** The streaming reader's Grid with exceljs's one known loss applied (falsy formula results → null). */
function asExceljs(g: Grid) {
  const p = plain(g);
  for (const c of Object.values(p.cells) as { f?: string; v: unknown }[]) {
    if (c.f && (c.v === 0 || c.v === false || c.v === "")) c.v = null;
  }
  return p;
}

function expectSame(streamed: Book, reference: Book) {
  expect(streamed.sheets.map((s) => s.sheet)).toEqual(reference.sheets.map((s) => s.sheet));
  for (let i = 0; i < streamed.sheets.length; i++) expect(asExceljs(streamed.sheets[i])).toEqual(plain(reference.sheets[i]));
}

it("keeps a formula's cached 0 / false result (exceljs read it as empty)", async () => {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("S");
  ws.getCell("A1").value = 5;
  ws.getCell("B1").value = { formula: "A1-A1", result: 0 };
  ws.getCell("C1").value = { formula: "A1>9", result: false };
  const buf = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const g = (await readBook(buf, "z.xlsx")).sheets[0];
  expect(g.get(0, 1)).toEqual({ v: 0, f: "=A1-A1" });
  expect(g.get(0, 2)).toEqual({ v: false, f: "=A1>9" });
  expect((await readBookWithExceljs(buf, "z.xlsx")).sheets[0].get(0, 1)).toEqual({ v: null, f: "=A1-A1" });
});

describe("streaming reader = exceljs reader", () => {
  for (const f of FIXTURES) {
    it(`fixture ${f.id}`, async () => {
      const buf = await fixtureBuffer(f.id);
      expectSame(await readBook(buf, f.id), await readBookWithExceljs(buf, f.id));
    });
  }
  const samples = path.join(__dirname, "../../samples");
  for (const file of fs.existsSync(samples) ? fs.readdirSync(samples).filter((n) => n.endsWith(".xlsx")) : []) {
    it(`sample ${file}`, async () => {
      const buf = fs.readFileSync(path.join(samples, file));
      expectSame(await readBook(buf, file), await readBookWithExceljs(buf, file));
    });
  }
});
