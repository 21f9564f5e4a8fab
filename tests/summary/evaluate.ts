/**
 * Checks every summary CellWrite's `expected` with the project's ONE formula evaluator, the
 * workbench's (src/workbench/fake-excel/formula.ts): this file only supplies the cells — summary
 * cells from the plans (evaluated on demand), source cells from the Book, overlaid by the fill
 * plan's writes (their expected value) and by computed values for empty source cells.
 */
import type { Book, Scalar } from "../../src/core/grid";
import { sheetOf } from "../../src/core/grid";
import type { CellWrite, ComputedTable, SheetPlan } from "../../src/core/model";
import { evaluateFormula, type FormulaHost, type HostCell } from "../../src/workbench/fake-excel/formula";

class PlanHost implements FormulaHost {
  private plans = new Map<string, Map<number, { formula?: string; value?: Scalar }>>();
  private cache = new Map<string, HostCell>();
  private busy = new Set<string>();
  private computed = new Map<string, Scalar>();
  private writes = new Map<string, Scalar>();
  /** Formulas the evaluator could not compute (reported as mismatches). */
  readonly unsupported: string[] = [];

  constructor(
    private book: Book,
    plans: SheetPlan[],
    computed: ComputedTable[],
    writes: CellWrite[],
  ) {
    for (const w of writes) {
      if (w.formula) this.writes.set(`${w.sheet}!${w.row}:${w.col}`, w.expected ?? "");
      else if (w.value !== undefined) this.writes.set(`${w.sheet}!${w.row}:${w.col}`, w.value);
    }
    for (const p of plans) {
      const m = new Map<number, { formula?: string; value?: Scalar }>();
      for (const c of p.cells) m.set(c.row * 16384 + c.col, { formula: c.formula, value: c.value ?? null });
      this.plans.set(p.name, m);
    }
    for (const ct of computed) for (const c of ct.cells) this.computed.set(`${c.sheet}!${c.row}:${c.col}`, c.value);
  }

  sheetName(name: string): string | undefined {
    const n = name.toLowerCase();
    for (const p of this.plans.keys()) if (p.toLowerCase() === n) return p;
    return this.book.sheets.find((g) => g.sheet.toLowerCase() === n)?.sheet;
  }

  extent(sheet: string): { rows: number; cols: number } {
    const plan = this.plans.get(sheet);
    if (plan) {
      let rows = 1;
      let cols = 1;
      for (const k of plan.keys()) {
        rows = Math.max(rows, Math.floor(k / 16384) + 1);
        cols = Math.max(cols, (k % 16384) + 1);
      }
      return { rows, cols };
    }
    const g = sheetOf(this.book, sheet);
    return g ? { rows: Math.max(1, g.rowCount), cols: Math.max(1, g.colCount) } : { rows: 1, cols: 1 };
  }

  cell(sheet: string, r: number, c: number): HostCell | undefined {
    const k = `${sheet}!${r}:${c}`;
    const plan = this.plans.get(sheet);
    if (plan) {
      const w = plan.get(r * 16384 + c);
      if (!w) return undefined;
      if (!w.formula) return w.value === null || w.value === undefined ? undefined : { v: w.value };
      const hit = this.cache.get(k);
      if (hit) return hit;
      if (this.busy.has(k)) return { v: 0 };
      this.busy.add(k);
      const cell = this.evaluate(w.formula, sheet);
      this.busy.delete(k);
      this.cache.set(k, cell);
      return cell;
    }
    if (this.writes.has(k)) {
      const v = this.writes.get(k);
      return v === null || v === undefined ? undefined : { v };
    }
    const grid = sheetOf(this.book, sheet);
    if (!grid) return undefined;
    if (grid.isEmpty(r, c)) {
      if (this.computed.has(k)) {
        const v = this.computed.get(k);
        return { v: v === null || v === undefined ? "" : v }; // a filled formula returning ""
      }
      return undefined;
    }
    const cell = grid.get(r, c);
    if (!cell) return undefined;
    return cell.error ? { v: cell.v, error: true } : { v: cell.v };
  }

  evaluate(formula: string, sheet: string): HostCell {
    const res = evaluateFormula(formula, sheet, this);
    if (res.unsupported !== undefined) this.unsupported.push(`${sheet} ${formula}: ${res.unsupported}`);
    return { v: res.value, error: res.error };
  }
}

export function checkExpected(book: Book, plans: SheetPlan[], computed: ComputedTable[] = [], writes: CellWrite[] = []): { count: number; mismatches: string[] } {
  const host = new PlanHost(book, plans, computed, writes);
  const mismatches: string[] = [];
  let count = 0;
  for (const p of plans) {
    for (const w of p.cells) {
      if (!w.formula) continue;
      count++;
      const res = host.cell(p.name, w.row, w.col);
      let got: Scalar = res ? res.v : null;
      if (got === "") got = null;
      const exp = w.expected ?? null;
      const same = typeof got === "number" && typeof exp === "number" ? Math.abs(got - exp) <= 1e-9 * Math.max(1, Math.abs(exp)) : got === exp;
      if (!same) mismatches.push(`${p.name}!${w.row},${w.col} ${w.formula}: got ${JSON.stringify(got)} expected ${JSON.stringify(exp)}`);
    }
  }
  for (const u of host.unsupported) mismatches.push(`not evaluated: ${u}`);
  return { count, mismatches };
}
