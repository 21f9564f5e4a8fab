/**
 * A small en-US Excel formula evaluator for the workbench's stand-in Excel. It covers what the
 * add-in writes (arithmetic, comparisons, &, %, SUM, AVERAGE, IF, IFERROR, ROUND, OR, AND and a few
 * companions) over cell and range references, including references to other sheets. Anything it
 * does not know (an unknown function, a defined name) yields `unsupported`, and the caller keeps
 * the cell's cached value instead of inventing one.
 *
 * The pieces: ./formula-values.ts (errors, host interface, coercions, criteria, rounding),
 * ./formula-syntax.ts (tokenizer and parser), ./formula-evaluator.ts (evaluation and functions).
 */
import { Evaluator } from "./formula-evaluator";
import { parseFormula, tokenize, type Token } from "./formula-syntax";
import { FormulaError, Unsupported, type EvalResult, type FormulaHost } from "./formula-values";

export { FormulaError, roundExcel, formatGeneral } from "./formula-values";
export type { ErrorCode, HostCell, FormulaHost, EvalResult } from "./formula-values";

/**
 * Evaluate `formula` (with or without the leading "=") as if it sat on `sheet`. Never throws:
 * Excel errors come back as `{ value: "#DIV/0!", error: true }`, unsupported syntax as
 * `{ value: null, unsupported: reason }`.
 */
export function evaluateFormula(formula: string, sheet: string, host: FormulaHost): EvalResult {
  try {
    const ev = new Evaluator(host, sheet);
    const v = ev.scalar(ev.eval(parseFormula(formula)));
    if (v instanceof FormulaError) return { value: v.code, error: true };
    if (typeof v === "number" && !Number.isFinite(v)) return { value: "#NUM!", error: true };
    // a formula never yields "empty": a reference to a blank cell shows 0
    return { value: v === null ? 0 : v };
  } catch (e) {
    if (e instanceof Unsupported) return { value: null, unsupported: e.message };
    if (e instanceof RangeError) return { value: null, unsupported: "too deep" };
    throw e;
  }
}

/** The sheet-qualified cells and ranges a formula refers to (for dependency display and tests). */
export function formulaRefs(formula: string): { sheet?: string; r1: number; c1: number; r2: number; c2: number }[] {
  try {
    return tokenize(formula.replace(/^=/, ""))
      .filter((t): t is Extract<Token, { t: "ref" }> => t.t === "ref")
      .map(({ sheet, r1, c1, r2, c2 }) => ({ sheet, r1, c1, r2, c2 }));
  } catch {
    return [];
  }
}
