/**
 * The seed fixtures' known values (correct results stated by the fixture author from the seed
 * reports) against the engine: recognize → compute, then the ComputedCell at each known cell.
 */
import { computeBook } from "../../src/core/compute";
import { recognizeBook } from "../../src/core/recognize";
import { colIndex } from "../../src/core/grid";
import type { ComputedCell } from "../../src/core/model";
import { FIXTURES, fixtureBook } from "../fixtures";
import { opts } from "./helpers";

const withKnown = FIXTURES.filter((f) => (f.knownValues ?? []).some((k) => /^[A-Z]+\d+$/.test(k.cell)));

/** Half a unit of the last digit the known value is written with. */
function tolerance(v: number): number {
  const s = String(v);
  const d = s.includes(".") ? s.length - s.indexOf(".") - 1 : 0;
  return 0.5 * 10 ** -d + 1e-9;
}

test("fixtures with known values exist", () => {
  expect(withKnown.length).toBeGreaterThan(0);
});

describe.each(withKnown.map((f) => [f.id]))("fixture %s", (id) => {
  test("every known computed value is reproduced", async () => {
    const fixture = FIXTURES.find((f) => f.id === id)!;
    const bk = await fixtureBook(id);
    const { tables } = recognizeBook(bk);
    const computed = computeBook(bk, tables, opts());
    const at = new Map<string, ComputedCell>();
    for (const ct of computed) for (const c of ct.cells) at.set(`${c.sheet}!${c.row}:${c.col}`, c);
    const results: string[] = [];
    let checked = 0;
    for (const k of fixture.knownValues ?? []) {
      const m = /^([A-Z]+)(\d+)$/.exec(k.cell);
      if (!m) continue;
      const cc = at.get(`${k.sheet}!${Number(m[2]) - 1}:${colIndex(m[1])}`);
      if (!cc) continue; // an input cell, or one the engine does not compute
      checked++;
      const ok = typeof k.value === "number" ? typeof cc.value === "number" && Math.abs(cc.value - k.value) <= tolerance(k.value) : cc.value === k.value;
      if (!ok) results.push(`${k.sheet}!${k.cell}: engine ${cc.value} (${cc.how}), known ${k.value} (${k.note})`);
    }
    expect(results).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});

/** Rules whose `expected` is a recomputation of the cell (others state the parsed text, another table ...). */
const RECOMPUTED = new Set([
  "rp-sum-children",
  "total-sum",
  "quarter-sum",
  "renstra-cumulative",
  "capaian-mismatch",
  "factor-100",
  "penyerapan-mismatch",
  "efisiensi-mismatch",
  "kategori-mismatch",
  "rata-rata-mismatch",
  "predikat-mismatch",
]);

const withErrors = FIXTURES.filter((f) => f.knownErrors.some((k) => RECOMPUTED.has(k.rule)));

describe.each(withErrors.map((f) => [f.id]))("fixture %s, known errors", (id) => {
  test("the engine's value at each flagged computed cell is the fixture's expected value", async () => {
    const fixture = FIXTURES.find((f) => f.id === id)!;
    const bk = await fixtureBook(id);
    const { tables } = recognizeBook(bk);
    const computed = computeBook(bk, tables, opts());
    const at = new Map<string, ComputedCell>();
    for (const ct of computed) for (const c of ct.cells) at.set(`${c.sheet}!${c.row}:${c.col}`, c);
    const results: string[] = [];
    for (const k of fixture.knownErrors) {
      const m = /^([A-Z]+)(\d+)$/.exec(k.cell);
      if (!m || !RECOMPUTED.has(k.rule)) continue;
      const r = Number(m[2]) - 1;
      const cc = at.get(`${k.sheet}!${r}:${colIndex(m[1])}`);
      if (!cc || cc.value === null) continue;
      // A parent's annual Rp is the sum of its children here; its own quarters are the audit's check.
      if (k.rule === "quarter-sum" && cc.how.startsWith("sum of children")) continue;
      // Fraction-style columns hold 0.8095 for 80.95 %.
      const v = typeof cc.value === "number" && cc.numberFormat?.includes("%") && k.rule !== "kategori-mismatch" ? [cc.value, cc.value * 100] : [cc.value];
      const ok = v.some((x) => (typeof k.expected === "number" ? typeof x === "number" && Math.abs(x - k.expected) <= tolerance(k.expected) : x === k.expected));
      if (!ok) results.push(`${k.sheet}!${k.cell} [${k.rule}]: engine ${cc.value} (${cc.how}), expected ${k.expected} (${k.note})`);
    }
    expect(results).toEqual([]);
  });
});
