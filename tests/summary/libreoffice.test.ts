/**
 * LibreOffice proof: the summary sheets written into the seed fixtures' workbooks, recalculated by
 * LibreOffice, give every formula's `expected` value; Efisiensi reproduces Sumenep 2023 Tabel 3.10.
 */
import type ExcelJS from "exceljs";
import { bookFromWorkbook, loadWorkbook } from "../../src/xlsx/read";
import { recognizeBook } from "../../src/core/recognize";
import { computeBook } from "../../src/core/compute";
import { planSummaries } from "../../src/core/summary";
import { getScale } from "../../src/core/scale";
import { a1, sheetOf } from "../../src/core/grid";
import type { Book } from "../../src/core/grid";
import type { CellWrite, ComputedTable, EngineOptions, WritePlan } from "../../src/core/model";
import { FIXTURES, fixtureBuffer, getFixture } from "../fixtures";
import { recalcAndCompare, recalculate } from "../support/libreoffice";
import { workbookToBuffer } from "../../src/xlsx/write";
import { checkExpected } from "./evaluate";

const OPTS: EngineOptions = { scale: getScale("permendagri86"), negativeFormula: "seed" };

/**
 * What the fill will write: each ComputedCell of a cell that is empty in the source, as its formula
 * (or value) with the engine's value. Stands in for planFill so that the summaries' references to
 * filled cells are recalculated over the filled workbook.
 */
function fillWrites(book: Book, computed: ComputedTable[]): CellWrite[] {
  const out: CellWrite[] = [];
  for (const ct of computed) {
    const grid = sheetOf(book, ct.table.sheet);
    if (!grid) continue;
    for (const c of ct.cells) {
      if (c.sheet !== ct.table.sheet || !grid.isEmpty(c.row, c.col)) continue;
      if (c.formula) out.push({ sheet: c.sheet, row: c.row, col: c.col, formula: c.formula, expected: c.value, purpose: "fill" });
      else if (c.value !== null) out.push({ sheet: c.sheet, row: c.row, col: c.col, value: c.value, expected: c.value, purpose: "fill" });
    }
  }
  return out;
}

async function prepare(id: string): Promise<{ wb: ExcelJS.Workbook; book: Book; computed: ComputedTable[]; plan: WritePlan }> {
  // through bytes, so the Book is what the reader sees in a real file
  const wb = await loadWorkbook(await fixtureBuffer(id));
  const book = bookFromWorkbook(wb, `${id}.xlsx`);
  const tables = recognizeBook(book).tables;
  const computed = computeBook(book, tables, OPTS);
  const sheets = planSummaries(book, computed, OPTS);
  const plan: WritePlan = { writes: fillWrites(book, computed), sheets, skipped: [], scale: OPTS.scale };
  return { wb, book, computed, plan };
}

describe.each(FIXTURES.map((f) => f.id))("summary sheets over fixture %s, recalculated by LibreOffice", (id) => {
  test("zero mismatches, a non-trivial number of formulas compared", async () => {
    const { wb, book, computed, plan } = await prepare(id);
    const formulas = plan.sheets.reduce((n, s) => n + s.cells.filter((c) => c.formula && c.expected !== undefined).length, 0);
    expect(plan.sheets.length).toBeGreaterThan(0);
    expect(formulas).toBeGreaterThan(50);
    expect(checkExpected(book, plan.sheets, computed).mismatches).toEqual([]);
    const mismatches = await recalcAndCompare(wb, plan);
    expect(mismatches).toEqual([]);
  });
});

describe("Efisiensi reproduces Sumenep 2023 Tabel 3.10", () => {
  test("every program's and kegiatan's tingkat efisiensi (2 decimals), in LibreOffice too", async () => {
    const fixture = getFixture("sumenep-2023");
    const { wb, plan } = await prepare("sumenep-2023");
    const eff = plan.sheets.find((s) => s.name === "Efisiensi");
    expect(eff).toBeDefined();
    if (!eff) return;
    const efisiensi = fixture.knownValues?.filter((k) => k.sheet === "Tabel 3.10" && k.cell.startsWith("I")) ?? [];
    expect(efisiensi.length).toBeGreaterThanOrEqual(30);
    // the source's name cell (column B of Tabel 3.10) identifies each summary row
    const source = sheetOf(bookFromWorkbook(getFixture("sumenep-2023").build(), "x"), "Tabel 3.10");
    const recalculated = await recalculate(await (async () => {
      await recalcAndCompare(wb, plan); // applies the plan
      return workbookToBuffer(wb);
    })());
    let checked = 0;
    for (const k of efisiensi) {
      const row = Number(k.cell.slice(1)) - 1;
      const name = source?.text(row, 1);
      const w = eff.cells.find((c) => c.col === 1 && c.value === name);
      expect(w).toBeDefined();
      if (!w) continue;
      const cell = eff.cells.find((c) => c.row === w.row && c.col === 9);
      expect(Math.round((cell?.expected as number) * 100) / 100).toBeCloseTo(k.value as number, 10);
      const lo = recalculated.get("Efisiensi")?.get(a1(w.row, 9));
      expect(Math.round((lo as number) * 100) / 100).toBeCloseTo(k.value as number, 10);
      const kategori = eff.cells.find((c) => c.row === w.row && c.col === 10);
      expect(kategori?.expected).toBe((k.value as number) >= 1 ? "Efisien" : "Tidak efisien");
      checked++;
    }
    expect(checked).toBe(efisiensi.length);
  });
});
