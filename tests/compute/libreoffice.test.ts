/**
 * The LibreOffice proof: every formula the fill plan writes, recalculated by an independent engine,
 * gives the engine's expected value.
 *
 *  1. Hand-made tables (E.81 with parents, totals, rata-rata and predikat; negative indicators
 *     under both formulas; placeholders, grades and text numbers; fraction-style percentages;
 *     Rp in thousands; two-quarter templates; scale boundaries under every preset with roundTo
 *     null and 0; added efisiensi / kategori columns), one workbook, one recalculation.
 *  2. Every seed-based fixture with tables: recognize → compute → planFill → apply → recalculate,
 *     as found (fill empty cells), forced (overwrite computed columns, add missing columns) and
 *     blanked (every computed cell emptied first).
 *
 * The plans are patched into their workbooks by fill's writer and all the copies are recalculated
 * in a beforeAll, in as few soffice runs as possible (one LibreOffice start-up per 40 workbooks
 * instead of one per case); each case keeps its own test and compares every formula it writes.
 */
import ExcelJS from "exceljs";
import { COMPUTED_ROLES, computeBook, computeTable } from "../../src/core/compute";
import { planFill } from "../../src/core/plan/fill";
import { recognizeBook } from "../../src/core/recognize";
import { bookFromWorkbook } from "../../src/xlsx/read";
import type { EngineOptions, RowModel, Scale, TableModel, WritePlan } from "../../src/core/model";
import type { FillOptions } from "../../src/core/engine";
import { Grid } from "../../src/core/grid";
import { SCALE_PRESETS, getScale } from "../../src/core/scale";
import { FIXTURES } from "../fixtures";
import { recalcAndCompareMany } from "../support/libreoffice";
import type { RecalcCheck, RecalcSource } from "../support/libreoffice";
import { book, col, makeGrid, opts, row, setCells, table, workbookFromGrids } from "./helpers";
import { renjaGrid, renjaNoCapaianTable, renjaTable } from "./renja";

jest.setTimeout(300000);

/** The whole suite's recalculation, in the beforeAll. */
const RECALC_TIMEOUT_MS = 1800000;

interface Case {
  grid: Grid;
  table: TableModel;
  opts?: Partial<EngineOptions>;
  fill?: FillOptions;
}

function handMadeCases(): Case[] {
  const cases: Case[] = [];
  // E.81 as is, and forced over wrong stated values.
  cases.push({ grid: renjaGrid(), table: renjaTable() });
  const forced = renjaGrid();
  const forcedSheet = new Grid("E81 forced");
  forced.cells.forEach((cells, r) => cells?.forEach((c, k) => c && forcedSheet.set(r, k, c)));
  setCells(forcedSheet, { R9: 400, T9: 100, S8: 1, E8: 7000, X11: 3 });
  cases.push({ grid: forcedSheet, table: { ...renjaTable(), sheet: "E81 forced", id: "E81 forced!t" }, fill: { force: true } });
  // E.81 without capaian Renja columns (seed 001): rata-rata as (R/H*100+...)/n, placeholder and
  // negative rows; in the first free K column, and forced over a stated mean under target Renja K.
  for (const [name, stated, force] of [["E81 tanpa capaian", undefined, false], ["E81 tanpa capaian paksa", 50, true]] as const) {
    const g = renjaGrid();
    const sheet = new Grid(name);
    g.cells.forEach((cells, r) => cells?.forEach((c, k) => c && sheet.set(r, k, c)));
    setCells(sheet, { H11: force ? "-" : 12, ...(stated === undefined ? {} : { H13: stated }) });
    const t = renjaNoCapaianTable();
    t.rows[1] = { ...t.rows[1], polarity: "negative" };
    cases.push({ grid: sheet, table: { ...t, sheet: name, id: `${name}!t` }, fill: force ? { force: true } : {} });
  }

  // IKU: polarity, placeholders, grades, text numbers, values above 100, fraction style.
  const ikuCols = [col("B", "indikator"), col("C", "target"), col("D", "realisasi"), col("E", "capaian"), col("F", "kategori")];
  for (const neg of ["seed", "ratio"] as const) {
    const g = makeGrid(`IKU ${neg}`, [["No", "Indikator", "Target", "Realisasi", "Capaian", "Kategori"]]);
    setCells(g, {
      C2: 10, D2: 8, C3: 10, D3: 12, C4: 7, D4: 16.24, C5: "-", D5: 5, C6: "A", D6: "A", C7: "BB", D7: "A",
      C8: "400 UM", D8: "397 UM", C9: 0, D9: 4, C10: 80, D10: 90, C11: 3.5, D11: 0.5,
    });
    const rows: RowModel[] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((r) => row(r, "sasaran", { polarity: r <= 3 || r === 11 ? "negative" : "positive" }));
    cases.push({ grid: g, table: table(g.sheet, "capaian-indikator", ikuCols, rows), opts: { negativeFormula: neg } });
  }
  const frac = makeGrid("IKU fraction", [["No", "Indikator", "Target", "Realisasi", "Capaian", "Kategori"]]);
  setCells(frac, { C2: 0.07, D2: 0.044, E2: { v: 0.6286, fmt: "0.00%" }, C3: 80, D3: 90, E3: { v: 1.125, fmt: "0.00%" }, C4: 10, D4: 9.05, C5: 200, D5: 181 });
  cases.push({ grid: frac, table: table(frac.sheet, "capaian-indikator", ikuCols, [2, 3, 4, 5].map((r) => row(r, "sasaran"))) });

  // Scale boundaries: every preset, roundTo null and 0, plus a custom scale rounded to 2 decimals.
  const values = [50.5, 65.5, 75.5, 90.5, 91, 100, 150, 54.99, 84.996, 0, 99.995, 75.4999];
  const scales: Scale[] = [];
  for (const s of Object.values(SCALE_PRESETS)) if (s.id !== "efisiensi") scales.push(s, { ...s, id: `${s.id}-r0`, roundTo: 0 });
  for (const scale of scales) {
    const g = makeGrid(`Skala ${scale.id}`, [["No", "Indikator", "Target", "Realisasi", "Capaian", "Kategori"]]);
    values.forEach((v, i) => setCells(g, { [`C${i + 2}`]: 100, [`D${i + 2}`]: v }));
    const rows = values.map((_, i) => row(i + 2, "sasaran"));
    cases.push({ grid: g, table: table(g.sheet, "capaian-indikator", ikuCols, rows), opts: { scale } });
  }

  // Kinerja-anggaran in thousands with a total row and added columns.
  const ka = makeGrid("Anggaran", [["No", "Program", "Target", "Realisasi", "% Capaian", "Pagu (000)", "Realisasi (Rp)", "% Capaian", "Sisa (000)"]]);
  setCells(ka, {
    C3: 100, D3: 100, C4: 18, D4: 18, F4: 17276, G4: 17098500, C5: 2, D5: 2, F5: 9464053.12, G5: 6311467159,
    C6: 20, D6: "Belum dapat diukur", F6: 179999.84, G6: 179851399,
  });
  cases.push({
    grid: ka,
    table: table(
      "Anggaran",
      "kinerja-anggaran",
      [col("B", "uraian"), col("C", "target"), col("D", "realisasi"), col("E", "capaian"), col("F", "pagu", "rp", { scale: 1000 }), col("G", "realisasi_anggaran", "rp"), col("H", "capaian_anggaran"), col("I", "sisa_anggaran", "rp", { scale: 1000 })],
      [row(3, "program"), row(4, "kegiatan", { parentExcel: 3 }), row(5, "kegiatan", { parentExcel: 3 }), row(6, "program"), row(7, "total")],
    ),
    fill: { addColumns: ["efisiensi", "kategori_efisiensi", "kategori"] },
  });

  // Efisiensi without a capaian column (seed 003 Tabel 4.8), negative indicator inside.
  const t48 = makeGrid("Tabel 4.8", [["No", "Program", "Target", "Realisasi", "Realisasi anggaran %", "Efisiensi", "Kategori"]]);
  setCells(t48, { C2: 0.75, D2: 0.21, E2: 99.14, C3: 3, D3: 0.14, E3: 99.6, C4: 2, D4: "-", E4: 97, C5: 3.99, D5: 8, E5: { v: 0.9912, fmt: "0.00%" } });
  cases.push({
    grid: t48,
    table: table(
      "Tabel 4.8",
      "kinerja-anggaran",
      [col("B", "uraian"), col("C", "target"), col("D", "realisasi"), col("E", "capaian_anggaran"), col("F", "efisiensi"), col("G", "kategori_efisiensi")],
      [row(2, "program"), row(3, "program", { polarity: "negative" }), row(4, "program"), row(5, "program")],
    ),
  });

  // Two quarters, Rp stock/flow mix, stated annual reproducing the stock rule.
  const two = makeGrid("Dua triwulan", [["Indikator", "T K", "T Rp", "I K", "I Rp", "II K", "II Rp", "Real K", "Real Rp", "Cap K", "Cap Rp"]]);
  setCells(two, { B2: 10, C2: 1000, D2: 3, E2: 300, F2: 4, G2: 400, B3: 24, C3: 500, D3: 24, E3: 100, F3: "-", G3: 200, B4: 90, C4: 100, D4: 80, E4: 50, F4: 85, G4: 20, H4: 85 });
  cases.push({
    grid: two,
    table: table(
      "Dua triwulan",
      "renja-evaluasi",
      [col("B", "target_renja", "k"), col("C", "target_renja", "rp"), col("D", "realisasi_tw1", "k"), col("E", "realisasi_tw1", "rp"), col("F", "realisasi_tw2", "k"), col("G", "realisasi_tw2", "rp"), col("H", "realisasi_renja", "k"), col("I", "realisasi_renja", "rp"), col("J", "capaian_renja", "k"), col("K", "capaian_renja", "rp")],
      [row(2, "kegiatan"), row(3, "kegiatan", { aggregation: "stock" }), row(4, "kegiatan")],
    ),
  });
  return cases;
}

function formulaCount(plan: WritePlan): number {
  return plan.writes.filter((w) => w.formula).length;
}

function handMadePlan(): { source: RecalcSource; plan: WritePlan } {
  const cases = handMadeCases();
  const wb = workbookFromGrids(cases.map((c) => c.grid));
  const merged: WritePlan = { writes: [], sheets: [], skipped: [], scale: getScale("permendagri86") };
  for (const c of cases) {
    const o = opts(c.opts);
    const ct = computeTable(c.grid, c.table, o);
    const p = planFill(book(c.grid), [ct], { ...o, fill: c.fill ?? {} });
    merged.writes.push(...p.writes);
  }
  return { source: wb, plan: merged };
}

type Mode = "fill" | "force+add" | "blank";
const MODES: Mode[] = ["fill", "force+add", "blank"];

/** Read through the xlsx reader (formulas with cached results, formats), as the CLI does. */
async function load(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const fresh = new ExcelJS.Workbook();
  await fresh.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  return fresh;
}

async function fixturePlan(id: string, mode: Mode): Promise<{ source: RecalcSource; plan: WritePlan; tables: number }> {
  const fixture = FIXTURES.find((f) => f.id === id)!;
  let wb = await load(fixture.build());
  let bk = bookFromWorkbook(wb, `${id}.xlsx`);
  const { tables } = recognizeBook(bk);
  const o = opts();
  let computed = computeBook(bk, tables, o);
  if (mode === "blank") {
    // The template as an officer gets it: every computed cell empty.
    for (const ct of computed) {
      const ws = wb.getWorksheet(ct.table.sheet)!;
      for (const c of ct.cells) {
        if (!COMPUTED_ROLES.has(c.role)) continue;
        const cell = ws.getCell(c.row + 1, c.col + 1);
        if (cell.isMerged && cell.master.address !== cell.address) continue;
        cell.value = null;
      }
    }
    wb = await load(wb);
    bk = bookFromWorkbook(wb, `${id}.xlsx`);
    computed = computeBook(bk, tables, o);
  }
  const fill: FillOptions = mode === "force+add" ? { force: true, addColumns: ["kategori", "efisiensi", "kategori_efisiensi"] } : {};
  return { source: wb, plan: planFill(bk, computed, { ...o, fill }), tables: tables.length };
}

const withTables = FIXTURES.filter((f) => f.tables.length > 0);

interface Prepared {
  plan: WritePlan;
  tables: number;
  check: RecalcCheck | Error;
}
const prepared = new Map<string, Prepared | Error>();

beforeAll(async () => {
  const keys: string[] = [];
  const cases: { source: RecalcSource; plan: WritePlan; tables: number }[] = [];
  const add = async (key: string, make: () => Promise<{ source: RecalcSource; plan: WritePlan; tables?: number }>) => {
    try {
      const c = await make();
      keys.push(key);
      cases.push({ ...c, tables: c.tables ?? 0 });
    } catch (err) {
      prepared.set(key, err instanceof Error ? err : new Error(String(err)));
    }
  };
  await add("hand-made", async () => handMadePlan());
  for (const f of withTables) for (const mode of MODES) await add(`${f.id} ${mode}`, () => fixturePlan(f.id, mode));
  const checks = await recalcAndCompareMany(cases);
  keys.forEach((key, i) => prepared.set(key, { plan: cases[i].plan, tables: cases[i].tables, check: checks[i] }));
}, RECALC_TIMEOUT_MS);

/** The case's plan and LibreOffice's check of it; a case that could not be prepared fails here. */
function get(key: string): { plan: WritePlan; tables: number; check: RecalcCheck } {
  const p = prepared.get(key);
  if (p === undefined) throw new Error(`${key}: not prepared`);
  if (p instanceof Error) throw p;
  if (p.check instanceof Error) throw p.check;
  return { plan: p.plan, tables: p.tables, check: p.check };
}

describe("LibreOffice recalculates the fill plan's formulas to the engine's values", () => {
  test("hand-made tables", () => {
    const { plan, check } = get("hand-made");
    const n = formulaCount(plan);
    expect(n).toBeGreaterThan(250);
    // Kategori formulas at every scale boundary are among them.
    expect(plan.writes.filter((w) => w.formula?.startsWith("=IF(ROUND(")).length).toBeGreaterThan(30);
    expect(check.mismatches).toEqual([]);
  });

  test("there are fixtures with tables", () => {
    expect(withTables.length).toBeGreaterThan(3);
  });

  /** Formulas compared per fixture and mode, checked in the last test. */
  const compared = new Map<string, number>();

  describe.each(withTables.map((f) => [f.id]))("fixture %s", (id) => {
    for (const mode of MODES) {
      test(mode, () => {
        const { plan, tables, check } = get(`${id} ${mode}`);
        expect(tables).toBeGreaterThan(0);
        compared.set(`${id} ${mode}`, formulaCount(plan));
        expect(check.mismatches).toEqual([]);
      });
    }
  });

  describe("over all fixtures", () => {
    test("a non-trivial number of formulas was compared", () => {
      const total = [...compared.values()].reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(500);
      // Filling a blanked template writes formulas in (nearly) every fixture with tables; the
      // exceptions hold every input as text ("10,47%"), where values are written instead.
      const blankWith = withTables.filter((f) => (compared.get(`${f.id} blank`) ?? 0) > 0);
      expect(blankWith.length).toBeGreaterThanOrEqual(Math.floor(withTables.length * 0.9));
    });
  });
});
