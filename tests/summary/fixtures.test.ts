/**
 * Every seed-built fixture through the real pipeline (recognize → compute → planFill →
 * planSummaries): each summary formula evaluates (test evaluator) to its expected value over the
 * filled workbook, labels stay text, the marker is there, sheets exist exactly when a table feeds
 * them. LibreOffice proves a selection of them in libreoffice.test.ts.
 */
import type { Book } from "../../src/core/grid";
import { Grid } from "../../src/core/grid";
import type { ComputedTable, EngineOptions, SheetPlan, WritePlan } from "../../src/core/model";
import { computeBook } from "../../src/core/compute";
import { planFill } from "../../src/core/plan/fill";
import { recognizeBook } from "../../src/core/recognize";
import { getScale } from "../../src/core/scale";
import { isGeneratedSheet, planSummaries } from "../../src/core/summary";
import { FIXTURES, fixtureBook } from "../fixtures";
import { checkExpected } from "./evaluate";

const OPTS: EngineOptions = { scale: getScale("permendagri86"), negativeFormula: "seed" };

async function pipeline(id: string): Promise<{ book: Book; computed: ComputedTable[]; plan: WritePlan }> {
  const book = await fixtureBook(id);
  const computed = computeBook(book, recognizeBook(book).tables, OPTS);
  const plan = planFill(book, computed, { ...OPTS, fill: {} });
  plan.sheets.push(...planSummaries(book, computed, { ...OPTS, filled: plan.writes }));
  return { book, computed, plan };
}

describe.each(FIXTURES.map((f) => f.id))("fixture %s", (id) => {
  test("summaries are consistent over the filled workbook", async () => {
    const { book, computed, plan } = await pipeline(id);
    const kinds = new Set(computed.map((c) => c.table.kind));
    const names = plan.sheets.map((s) => s.name);
    // a sheet exists only when a table can feed it
    if (!kinds.has("renja-evaluasi") && !kinds.has("kinerja-anggaran")) expect(names).not.toContain("Efisiensi");
    if (!["renja-evaluasi", "kinerja-anggaran", "realisasi-anggaran"].some((k) => kinds.has(k as never))) expect(names).not.toContain("Realisasi Anggaran");
    if (computed.length === 0) expect(plan.sheets).toEqual([]);

    const { mismatches } = checkExpected(book, plan.sheets, [], plan.writes);
    expect(mismatches).toEqual([]);

    // labels are text, formulas en-US and guarded, the marker is on every sheet
    const userTexts = new Set<string>();
    for (const g of book.sheets) for (const row of g.cells) for (const c of row ?? []) if (c && typeof c.v === "string" && !c.f) userTexts.add(c.v.trim());
    for (const s of plan.sheets) {
      const grid = new Grid(s.name);
      for (const c of s.cells) {
        grid.set(c.row, c.col, { v: c.formula ? (c.expected ?? null) : (c.value ?? null), f: c.formula });
        if (c.formula) {
          expect(c.formula.startsWith("=")).toBe(true);
          expect(c.formula).not.toContain(";");
          if (c.formula.includes("/")) expect(c.formula).toMatch(/^=(IF|IFERROR)\(/);
          expect(c.expected === undefined).toBe(false);
          if (typeof c.expected === "number") expect(Number.isFinite(c.expected)).toBe(true);
        }
      }
      expect(isGeneratedSheet(grid)).toBe(true);
      expect(s.cells.every((c) => c.sheet === s.name)).toBe(true);
    }
    // no user label ever ends up inside a formula (the scales' own labels may match a user's kategori text)
    const bandLabels = new Set([...OPTS.scale.bands, ...getScale("efisiensi").bands].map((b) => b.label));
    for (const s of plan.sheets as SheetPlan[]) {
      for (const c of s.cells) {
        if (!c.formula) continue;
        for (const lit of c.formula.match(/"(?:[^"]|"")+"/g) ?? []) {
          const text = lit.slice(1, -1).replace(/""/g, '"');
          if (text.length > 12 && !bandLabels.has(text)) expect(userTexts.has(text)).toBe(false);
        }
      }
    }
  });
});
