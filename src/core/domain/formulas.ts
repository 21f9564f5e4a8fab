/**
 * The formulas of the domain catalog as spreadsheet text and as arithmetic, written once: the
 * capaian of a realisasi against a target under each polarity convention, and the scale's category
 * as a nested IF. Compute (cells of the table) and the summaries (Ringkasan sheets) build their
 * formulas from these. Formulas are en-US, without the leading "=".
 */
import type { NegativeFormula, Polarity, Scale } from "../model";

/** Which capaian formula applies: positive R / T, negative "seed" (T − (R − T)) / T, negative "ratio" T / R. */
export type CapaianRule = "positive" | "seed" | "ratio";

export function capaianRule(polarity: Polarity, negative: NegativeFormula): CapaianRule {
  if (polarity !== "negative") return "positive";
  return negative === "ratio" ? "ratio" : "seed";
}

/**
 * The capaian as a formula over the expressions `r` (realisasi) and `t` (target), times 100 unless
 * the column stores fractions. `divisor` is the operand that must not be 0; `operands` the order in
 * which a guard tests them.
 */
export function capaianExpr(rule: CapaianRule, r: string, t: string, times100: boolean): { expr: string; divisor: string; operands: [string, string] } {
  const times = times100 ? "*100" : "";
  switch (rule) {
    case "ratio":
      return { expr: `${t}/${r}${times}`, divisor: r, operands: [t, r] };
    case "seed":
      return { expr: `(${t}-(${r}-${t}))/${t}${times}`, divisor: t, operands: [t, r] };
    default:
      return { expr: `${r}/${t}${times}`, divisor: t, operands: [r, t] };
  }
}

/** The capaian's value (the same arithmetic as capaianExpr, in the same order of operations). */
export function capaianOf(rule: CapaianRule, r: number, t: number, times100: boolean): number {
  switch (rule) {
    case "ratio":
      return times100 ? (t / r) * 100 : t / r;
    case "seed":
      return times100 ? ((t - (r - t)) / t) * 100 : (t - (r - t)) / t;
    default:
      return times100 ? (r / t) * 100 : r / t;
  }
}

/** The capaian formula in words, for `how` texts and documentation. */
export const CAPAIAN_WORDS: Readonly<Record<CapaianRule, string>> = {
  positive: "R / T × 100",
  seed: "(T − (R − T)) / T × 100",
  ratio: "T / R × 100",
};

/** A number as formula text (JS prints large and tiny numbers with an exponent, which Excel reads). */
export function formulaNumber(v: number): string {
  return String(v);
}

/** A string literal inside a formula. */
export function quoteText(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * Nested IF reproducing `categorize(value, scale)` exactly: the highest band whose lower bound the
 * (rounded, when roundTo is not null) value reaches; the last band is the catch-all.
 * `x` is the expression of the value in the scale's units (e.g. "H8" or "H8*100").
 */
export function categorizeFormula(x: string, scale: Scale): string {
  const v = scale.roundTo === null ? x : `ROUND(${x},${scale.roundTo})`;
  const bands = scale.bands;
  let expr = quoteText(bands[bands.length - 1].label);
  for (let i = bands.length - 2; i >= 0; i--) {
    const b = bands[i];
    if (!Number.isFinite(b.min)) continue; // a catch-all before the end is never reached
    expr = `IF(${v}>=${formulaNumber(b.min)},${quoteText(b.label)},${expr})`;
  }
  return expr;
}
