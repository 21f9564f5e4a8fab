/**
 * Small builders for the en-US formulas the engine writes, and number formatting for `how` texts.
 * Formulas are built WITHOUT the leading "=" here; the caller adds it.
 */
export { categorizeFormula, formulaNumber, quoteText } from "../domain/formulas";
import { formulaNumber } from "../domain/formulas";

/** Excel's formula length limit is 8192 characters; stay well below it. */
export const MAX_FORMULA_LENGTH = 8000;

/**
 * Remove binary-fraction noise (99.25000000000001 → 99.25, 90.99999999999999 → 91): a value within
 * 1e-12 (relative) of a 9-decimal number becomes that number. Cheap: runs on every result.
 */
export function snap(v: number): number {
  if (Number.isInteger(v) || !Number.isFinite(v)) return v;
  const s = Math.round(v * 1e9) / 1e9;
  return Math.abs(s - v) <= 1e-12 * Math.abs(v) ? s : v;
}

/** A number for a `how` text: integers as is, fractions with at most 4 decimals. */
export function num(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const r = Math.round(v * 10000) / 10000;
  return r === 0 && v !== 0 ? v.toPrecision(4) : String(r);
}

/** A cell reference, scaled: "F8" or "F8*1000". */
export function term(ref: string, factor: number): string {
  return factor === 1 ? ref : `${ref}*${formulaNumber(factor)}`;
}


/** Consecutive runs of sorted row numbers: [[9,12],[14,14]]. */
export function runsOf(rows: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const r of rows) {
    const last = runs[runs.length - 1];
    if (last && r === last[1] + 1) last[1] = r;
    else runs.push([r, r]);
  }
  return runs;
}

/** "F9:F12,F14" for the rows in column letter `col` (rows zero-based, sorted). */
export function runsRef(colLetters: string, rows: number[]): string {
  return runsOf(rows)
    .map(([a, b]) => (a === b ? `${colLetters}${a + 1}` : `${colLetters}${a + 1}:${colLetters}${b + 1}`))
    .join(",");
}
