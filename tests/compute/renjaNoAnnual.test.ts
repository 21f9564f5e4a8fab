/**
 * Chaining through a role the table has no column for: an E.81 without the annual "Realisasi
 * Renja" column gets Tingkat capaian Renja, Realisasi Renstra s/d and Tingkat capaian Renstra as
 * formulas over the quarters (an inline sub-expression), and LibreOffice agrees with every one.
 */
import ExcelJS from "exceljs";
import { computeBook } from "../../src/core/compute";
import { planFill } from "../../src/core/plan/fill";
import { recognizeBook } from "../../src/core/recognize";
import { bookFromWorkbook } from "../../src/xlsx/read";
import { a1 } from "../../src/core/grid";
import { getFixture } from "../fixtures";
import { RENJA_NO_ANNUAL_SHEET } from "../fixtures/renjaNoAnnual";
import { recalcAndCompare } from "../support/libreoffice";
import { opts } from "./helpers";

jest.setTimeout(300000);

async function load(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await getFixture("renja-no-annual").build().xlsx.writeBuffer()) as ArrayBuffer);
  return wb;
}

describe("E.81 without the annual Realisasi Renja column", () => {
  test("recognised without a realisasi_renja column", async () => {
    const bk = bookFromWorkbook(await load(), "renja-no-annual.xlsx");
    const { tables } = recognizeBook(bk);
    expect(tables).toHaveLength(1);
    expect(tables[0].columns.some((c) => c.role === "realisasi_renja")).toBe(false);
  });

  test("capaian Renja, realisasi and capaian Renstra are formulas through the quarters", async () => {
    const bk = bookFromWorkbook(await load(), "renja-no-annual.xlsx");
    const { tables } = recognizeBook(bk);
    const [ct] = computeBook(bk, tables, opts());
    const at = (cell: string) => ct.cells.find((c) => a1(c.row, c.col) === cell);
    // No cell of a role the table has no column for is listed.
    expect(ct.cells.every((c) => c.col >= 0 && tables[0].columns.some((k) => k.col === c.col))).toBe(true);
    for (let r = 6; r <= 8; r++) {
      for (const col of ["R", "S", "T", "U", "V", "W"]) {
        const cc = at(`${col}${r}`);
        expect(cc).toBeDefined();
        expect(typeof cc!.value).toBe("number");
        expect(cc!.formula).toBeDefined();
      }
    }
    // Rp: s/d tahun lalu + the quarters' sum, inline.
    expect(at("U6")!.formula).toBe("=G6+(SUM(K6,M6,O6,Q6))");
    expect(at("U6")!.value).toBe(76722250);
    expect(at("U6")!.inputs).toEqual(["G6", "K6", "M6", "O6", "Q6"]);
    expect(at("S7")!.value).toBeCloseTo(98.2707, 3);
    expect(at("W8")!.value).toBeCloseTo(93.3153, 3);
    // The capaian Renstra reads the realisasi Renstra cell, which the fill writes.
    expect(at("W8")!.formula).toBe("=U8/E8*100");
    expect(at("S6")!.formula).toBe("=(SUM(K6,M6,O6,Q6))/I6*100");
  });

  test("LibreOffice recalculates every written formula to the engine's value", async () => {
    const wb = await load();
    const bk = bookFromWorkbook(wb, "renja-no-annual.xlsx");
    const { tables } = recognizeBook(bk);
    const o = opts();
    const computed = computeBook(bk, tables, o);
    const plan = planFill(bk, computed, { ...o, fill: {} });
    const formulas = plan.writes.filter((w) => w.sheet === RENJA_NO_ANNUAL_SHEET && w.formula !== undefined);
    expect(formulas.length).toBeGreaterThanOrEqual(18);
    expect(await recalcAndCompare(wb, plan)).toEqual([]);
  });
});
