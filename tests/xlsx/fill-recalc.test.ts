/**
 * End to end through the writer: every fixture analysed with fill + findings + summaries, the plan
 * patched into the fixture's package by src/xlsx/patch.ts (fill's writer), recalculated by LibreOffice (all fixtures in one soffice run),
 * compared with the engine's values; the values-only output read back equals the recalculated
 * formulas; a second run over the output replaces the generated sheets instead of adding new ones.
 */
import type ExcelJS from "exceljs";
import { analyze } from "../../src/core/engine";
import { bookFromWorkbook, loadWorkbook } from "../../src/xlsx/read";
import { patchWorkbook } from "../../src/xlsx/patch";
import { a1 } from "../../src/core/grid";
import type { CellWrite, WritePlan } from "../../src/core/model";
import { FIXTURES, fixtureBuffer } from "../fixtures";
import { compareRecalculated, recalculateMany } from "../support/libreoffice";
import type { RecalcResult } from "../support/libreoffice";

const OPTS = { fill: {}, findings: true, summary: true } as const;

function formulaWrites(plan: WritePlan): CellWrite[] {
  const out = plan.writes.filter((w) => w.formula);
  for (const s of plan.sheets) for (const c of s.cells) if (c.formula) out.push({ ...c, sheet: s.name });
  return out;
}

interface Case {
  source: Buffer;
  plan: WritePlan;
  recalculated: RecalcResult;
}

const ids = FIXTURES.map((f) => f.id);
const cases = new Map<string, Case>();

/**
 * corpus-audit-sipd as the real SIPD export has it: the Total columns are the workbook's own
 * formulas J = F+H, K = G+I over the text zeros "0,00" of the Modal columns H, I (the fixture types
 * them, so that its other checks see numbers). "0,00" is a number only in the Indonesian locale.
 */
async function sipdTextZeroTotals(): Promise<Buffer> {
  const wb = await loadWorkbook(await fixtureBuffer("corpus-audit-sipd"));
  for (const ws of wb.worksheets) {
    for (let r = 8; r <= ws.rowCount; r++) {
      const k = ws.getCell(r, 11).value;
      if (typeof k !== "number" || !ws.getCell(r, 5).value) continue;
      ws.getCell(r, 10).value = { formula: `F${r}+H${r}`, result: ws.getCell(r, 10).value } as ExcelJS.CellFormulaValue;
      ws.getCell(r, 11).value = { formula: `G${r}+I${r}`, result: k } as ExcelJS.CellFormulaValue;
    }
  }
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

let textZeros: { original: RecalcResult; copy: RecalcResult; plan: WritePlan } | undefined;

beforeAll(async () => {
  const prepared: { id: string; source: Buffer; plan: WritePlan; filled: Buffer }[] = [];
  for (const id of ids) {
    const source = await fixtureBuffer(id);
    const wb = await loadWorkbook(source);
    const { plan } = analyze(bookFromWorkbook(wb, `${id}.xlsx`), OPTS);
    prepared.push({ id, source, plan, filled: Buffer.from(patchWorkbook(source, plan).data) });
  }
  const sipd = await sipdTextZeroTotals();
  const sipdPlan = analyze(bookFromWorkbook(await loadWorkbook(sipd), "sipd.xlsx"), OPTS).plan;
  const books = [...prepared.map((p) => p.filled), sipd, Buffer.from(patchWorkbook(sipd, sipdPlan).data)];
  const results = await recalculateMany(books);
  prepared.forEach((p, i) => cases.set(p.id, { source: p.source, plan: p.plan, recalculated: results[i] }));
  textZeros = { original: results[prepared.length], copy: results[prepared.length + 1], plan: sipdPlan };
}, 600000);

describe.each(ids)("fixture %s: fill + findings + summaries through the writer", (id) => {
  test("LibreOffice reproduces every formula's expected value", () => {
    const { plan, recalculated } = cases.get(id)!;
    expect(compareRecalculated(plan, recalculated)).toEqual([]);
  });

  test("values mode writes no formula and the values LibreOffice calculates", async () => {
    const { source, plan, recalculated } = cases.get(id)!;
    const book = bookFromWorkbook(await loadWorkbook(Buffer.from(patchWorkbook(source, plan, { values: true }).data)), `${id}.values.xlsx`);
    for (const w of formulaWrites(plan)) {
      if (w.expected === undefined) continue;
      const cell = book.sheets.find((s) => s.sheet === w.sheet)?.get(w.row, w.col);
      const where = `${w.sheet}!${a1(w.row, w.col)}`;
      expect({ where, f: cell?.f }).toEqual({ where, f: undefined });
      const lo = recalculated.get(w.sheet)?.get(a1(w.row, w.col));
      const v = cell?.v ?? null;
      if (typeof lo === "number" && typeof v === "number") {
        expect(Math.abs(lo - v)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(lo)));
      } else {
        expect({ where, v: v === "" ? null : v }).toEqual({ where, v: lo === "" || lo === undefined ? null : lo });
      }
    }
  });

  test("a second run over the output replaces the generated sheets", async () => {
    const source = await fixtureBuffer(id);
    const wb = await loadWorkbook(source);
    const first = analyze(bookFromWorkbook(wb, `${id}.xlsx`), OPTS).plan;
    const onceBytes = Buffer.from(patchWorkbook(source, first).data);
    const once = await loadWorkbook(onceBytes);
    const namesOnce = once.worksheets.map((s) => s.name);
    const second = analyze(bookFromWorkbook(once, `${id}.out.xlsx`), OPTS).plan;
    const twice = await loadWorkbook(Buffer.from(patchWorkbook(onceBytes, second).data));
    expect(twice.worksheets.map((s) => s.name)).toEqual(namesOnce);
  });
});

test("the fixtures give LibreOffice a substantial number of formulas to check", () => {
  let n = 0;
  for (const c of cases.values()) n += formulaWrites(c.plan).filter((w) => w.expected !== undefined).length;
  expect(n).toBeGreaterThan(1000);
});

test("text zeros read by the workbook's own formulas: every cell of the copy recalculates as in the original", () => {
  const { original, copy, plan } = textZeros!;
  // LibreOffice (like Excel outside the Indonesian locale) gives #VALUE! for "0,00" + 1: in the
  // input itself, before Capaian writes anything.
  expect(original.get("DINKES INDUK")?.get("K8")).toBe("#VALUE!");
  expect(original.get("DINKES INDUK")?.get("L8")).toBe("#VALUE!");
  let compared = 0;
  for (const [sheet, cells] of original) {
    for (const [ref, v] of cells) {
      expect({ sheet, ref, v: copy.get(sheet)?.get(ref) }).toEqual({ sheet, ref, v });
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(300);
  // Capaian's own formulas that read such a cell get its #VALUE! too (the engine's expected value
  // is the cached one): a known limit of the engine, see the note in src/xlsx/README.md.
  const broken = compareRecalculated(plan, copy);
  for (const m of broken) expect(m.actual === "#VALUE!" || m.actual === "").toBe(true);
});
