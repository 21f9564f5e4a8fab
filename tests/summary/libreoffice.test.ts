/**
 * LibreOffice proof: the summary sheets written into the seed fixtures' workbooks, recalculated by
 * LibreOffice, give every formula's `expected` value; Efisiensi reproduces Sumenep 2023 Tabel 3.10.
 *
 * The plans are patched into the fixtures' packages by fill's writer (src/xlsx/patch.ts) and all
 * the copies are recalculated in one beforeAll, in as few soffice runs as possible.
 */
import { bookFromWorkbook, loadWorkbook } from "../../src/xlsx/read";
import { recognizeBook } from "../../src/core/recognize";
import { computeBook } from "../../src/core/compute";
import { planSummaries } from "../../src/core/summary";
import { getScale } from "../../src/core/scale";
import { a1, sheetOf } from "../../src/core/grid";
import type { Book } from "../../src/core/grid";
import type { ComputedTable, EngineOptions, SheetPlan, WritePlan } from "../../src/core/model";
import { planFill } from "../../src/core/plan/fill";
import type { FillOptions } from "../../src/core/engine";
import { FIXTURES, fixtureBuffer, getFixture } from "../fixtures";
import { recalcAndCompareMany } from "../support/libreoffice";
import type { RecalcCheck, RecalcMismatch, RecalcResult } from "../support/libreoffice";
import { checkExpected } from "./evaluate";

const OPTS: EngineOptions = { scale: getScale("permendagri86"), negativeFormula: "seed" };

async function prepare(id: string, fill: FillOptions = {}): Promise<{ source: Buffer; book: Book; computed: ComputedTable[]; plan: WritePlan }> {
  // through bytes, so the Book is what the reader sees in a real file
  const source = await fixtureBuffer(id);
  const book = bookFromWorkbook(await loadWorkbook(source), `${id}.xlsx`);
  const tables = recognizeBook(book).tables;
  const computed = computeBook(book, tables, OPTS);
  // the real pipeline: the fill plan, and the summaries told what it writes
  const plan = planFill(book, computed, { ...OPTS, fill });
  plan.sheets.push(...planSummaries(book, computed, { ...OPTS, filled: plan.writes }));
  return { source, book, computed, plan };
}

interface Run {
  book: Book;
  computed: ComputedTable[];
  plan: WritePlan;
  mismatches: RecalcMismatch[];
  values: RecalcResult;
}

/**
 * The fixtures proven by LibreOffice (about 2 s each): the seed workbooks plus the variants that
 * exercise other paths (Rp in thousands, second indicators, text numbers, IKU-only tables, sasaran
 * budgets, planted errors). Every fixture is checked with the test evaluator in fixtures.test.ts.
 */
const PROVEN = [
  "lumajang-2021-renja",
  "sumenep-2023",
  "sumenep-2023-matrix",
  "lumajang-2023-anggaran",
  "lumajang-2023-kinerja",
  "lampung-barat-2023-t4-8",
  "probolinggo-2021-anggaran",
  "variant-rp-thousands",
  "variant-second-indicator",
  "variant-text-numbers",
  "variant-two-tables",
  "variant-iku-negative-grade",
  "variant-planted-errors",
].filter((id) => FIXTURES.some((f) => f.id === id));

/** The summaries without the fill (filled: false), over the unfilled workbook. */
const UNFILLED = ["sumenep-2023-matrix", "lumajang-2021-renja"];

const runs = new Map<string, Run>();
const errors = new Map<string, Error>();

/** The case's plan and LibreOffice's values; a case that could not be prepared fails here. */
function run(key: string): Run {
  const r = runs.get(key);
  if (r) return r;
  throw errors.get(key) ?? new Error(`${key}: not prepared`);
}

beforeAll(async () => {
  const keys: string[] = [];
  const cases: { source: Buffer; book: Book; computed: ComputedTable[]; plan: WritePlan }[] = [];
  const add = async (key: string, make: () => Promise<{ source: Buffer; book: Book; computed: ComputedTable[]; plan: WritePlan }>) => {
    try {
      cases.push(await make());
      keys.push(key);
    } catch (err) {
      errors.set(key, err instanceof Error ? err : new Error(String(err)));
    }
  };
  for (const id of PROVEN) await add(id, () => prepare(id));
  for (const id of UNFILLED) {
    await add(`${id} unfilled`, async () => {
      const source = await fixtureBuffer(id);
      const book = bookFromWorkbook(await loadWorkbook(source), `${id}.xlsx`);
      const computed = computeBook(book, recognizeBook(book).tables, OPTS);
      const sheets = planSummaries(book, computed, { ...OPTS, filled: false });
      return { source, book, computed, plan: { writes: [], sheets, skipped: [], scale: OPTS.scale } };
    });
  }
  await add("sumenep-2023 forced", () => prepare("sumenep-2023", { force: true }));
  const checks: (RecalcCheck | Error)[] = await recalcAndCompareMany(cases);
  keys.forEach((key, i) => {
    const c = checks[i];
    if (c instanceof Error) errors.set(key, c);
    else runs.set(key, { ...cases[i], mismatches: c.mismatches, values: c.values });
  });
}, 900000);

describe.each(PROVEN)("summary sheets over fixture %s, recalculated by LibreOffice", (id) => {
  test("zero mismatches, a non-trivial number of formulas compared", () => {
    const { book, plan, mismatches } = run(id);
    const formulas = plan.sheets.reduce((n, s) => n + s.cells.filter((c) => c.formula && c.expected !== undefined).length, 0);
    expect(plan.sheets.length).toBeGreaterThan(0);
    expect(formulas).toBeGreaterThan(20);
    expect(checkExpected(book, plan.sheets, [], plan.writes).mismatches).toEqual([]);
    expect(mismatches).toEqual([]);
  });
});

/** The Efisiensi row whose Program/Kegiatan cell holds `name`. */
function efisiensiRow(eff: SheetPlan, name: string): number | undefined {
  return eff.cells.find((c) => c.col === 1 && typeof c.value === "string" && c.value.trim() === name.trim())?.row;
}

function checkEfisiensi(run: Run, expected: { name: string; value: number }[]): number {
  const eff = run.plan.sheets.find((s) => s.name === "Efisiensi");
  expect(eff).toBeDefined();
  if (!eff) return 0;
  let checked = 0;
  for (const k of expected) {
    const row = efisiensiRow(eff, k.name);
    expect({ name: k.name, found: row !== undefined }).toEqual({ name: k.name, found: true });
    if (row === undefined) continue;
    const cell = eff.cells.find((c) => c.row === row && c.col === 9);
    expect({ name: k.name, engine: Math.round((cell?.expected as number) * 100) / 100 }).toEqual({ name: k.name, engine: k.value });
    const lo = run.values.get("Efisiensi")?.get(a1(row, 9));
    expect({ name: k.name, libreoffice: Math.round((lo as number) * 100) / 100 }).toEqual({ name: k.name, libreoffice: k.value });
    const kategori = eff.cells.find((c) => c.row === row && c.col === 10);
    expect(kategori?.expected).toBe(k.value >= 1 ? "Efisien" : "Tidak efisien");
    expect(run.values.get("Efisiensi")?.get(a1(row, 10))).toBe(kategori?.expected);
    checked++;
  }
  return checked;
}

describe("Efisiensi reproduces Sumenep 2023 Tabel 3.10", () => {
  test("from the E.81 matrix (sumenep-2023-matrix): capaian columns empty, filled by the engine", () => {
    const fixture = getFixture("sumenep-2023-matrix");
    const known = (fixture.knownValues ?? []).filter((k) => k.sheet === "Efisiensi");
    expect(known.length).toBe(32);
    const r = run("sumenep-2023-matrix");
    expect(checkEfisiensi(r, known.map((k) => ({ name: k.cell.replace(/^<|>$/g, ""), value: k.value as number })))).toBe(32);
    // the summary references the matrix's (filled) capaian cells
    const eff = r.plan.sheets.find((s) => s.name === "Efisiensi") as SheetPlan;
    const row = efisiensiRow(eff, "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/ KOTA") as number;
    expect(eff.cells.find((c) => c.row === row && c.col === 5)?.formula).toBe(`=IF('E.81 2023'!H8="","",'E.81 2023'!H8)`);
    expect(eff.cells.find((c) => c.row === row && c.col === 8)?.formula).toBe(`=IF('E.81 2023'!I8="","",'E.81 2023'!I8)`);
  });

  test("Realisasi Anggaran total and Ringkasan rata-rata/predikat match the matrix's known footer values", () => {
    const fixture = getFixture("sumenep-2023-matrix");
    const r = run("sumenep-2023-matrix");
    const known = fixture.knownValues ?? [];
    const matrix = "E.81 2023";
    const total = known.find((k) => k.sheet === matrix && k.note.startsWith("JUMLAH")) as { value: number };
    const mean = known.find((k) => k.sheet === matrix && k.note.startsWith("Mean")) as { value: number };
    const pred = known.find((k) => k.sheet === matrix && k.value === "Sangat Tinggi") as { value: string };
    const ra = r.plan.sheets.find((s) => s.name === "Realisasi Anggaran") as SheetPlan;
    const totalRow = ra.cells.find((c) => c.col === 3 && c.value === "Jumlah (seluruh program)")?.row as number;
    const cell = (p: SheetPlan, row: number, col: number) => p.cells.find((c) => c.row === row && c.col === col);
    expect(cell(ra, totalRow, 4)?.expected).toBe(27077526494);
    expect(cell(ra, totalRow, 5)?.expected).toBe(22998136965);
    expect(Math.round((cell(ra, totalRow, 6)?.expected as number) * 100) / 100).toBe(total.value);
    expect(r.values.get("Realisasi Anggaran")?.get(a1(totalRow, 4))).toBe(27077526494);
    const rk = r.plan.sheets.find((s) => s.name === "Ringkasan Capaian") as SheetPlan;
    const meanRow = rk.cells.find((c) => c.col === 0 && c.value === "Rata-rata capaian kinerja program (%)")?.row as number;
    expect(Math.round((cell(rk, meanRow, 6)?.expected as number) * 100) / 100).toBe(mean.value);
    expect(Math.round((r.values.get("Ringkasan Capaian")?.get(a1(meanRow, 6)) as number) * 100) / 100).toBe(mean.value);
    expect(cell(rk, meanRow + 1, 6)?.expected).toBe(pred.value);
    expect(r.values.get("Ringkasan Capaian")?.get(a1(meanRow + 1, 6))).toBe(pred.value);
  });

  test("from the report table itself (sumenep-2023, Tabel 3.10 as kinerja-anggaran)", () => {
    const fixture = getFixture("sumenep-2023");
    const known = (fixture.knownValues ?? []).filter((k) => k.sheet === "Tabel 3.10" && k.cell.startsWith("I"));
    expect(known.length).toBe(32);
    const r = run("sumenep-2023");
    const source = sheetOf(r.book, "Tabel 3.10");
    const expected = known.map((k) => ({ name: source?.text(Number(k.cell.slice(1)) - 1, 1) ?? "", value: k.value as number }));
    expect(checkEfisiensi(r, expected)).toBe(32);
  });
});

describe("summaries without the fill (filled: false), recalculated by LibreOffice", () => {
  test.each(UNFILLED)("%s: zero mismatches over the unfilled workbook", (id) => {
    const { book, plan, mismatches } = run(`${id} unfilled`);
    const sheets = plan.sheets;
    expect(checkExpected(book, sheets, []).mismatches).toEqual([]);
    expect(mismatches).toEqual([]);
    if (id === "sumenep-2023-matrix") {
      const eff = sheets.find((s) => s.name === "Efisiensi") as SheetPlan;
      expect(eff.cells.filter((c) => c.formula?.startsWith("=IFERROR(")).length).toBeGreaterThan(30);
    }
  });
});

describe("summaries over a forced fill (stated values overwritten), recalculated by LibreOffice", () => {
  test("sumenep-2023: the summary follows the overwritten cells (Tabel 3.9 E14 126.49 → 79.05)", () => {
    const { plan, mismatches } = run("sumenep-2023 forced");
    const forced = plan.writes.find((w) => w.sheet === "Tabel 3.9" && w.row === 13 && w.col === 4);
    expect(forced?.overwrites).toBe(126.49);
    const rk = plan.sheets.find((s) => s.name === "Ringkasan Capaian") as SheetPlan;
    const c = rk.cells.find((w) => w.formula === `=IF('Tabel 3.9'!E14="","",'Tabel 3.9'!E14)`);
    expect(Math.round((c?.expected as number) * 100) / 100).toBe(79.05);
    expect(mismatches).toEqual([]);
  });
});
