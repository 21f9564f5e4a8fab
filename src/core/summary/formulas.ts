/**
 * Formula builders for the summary sheets, each paired with the JavaScript evaluation that gives
 * the CellWrite's `expected` value. Formulas are en-US, comma-separated, with a leading "=". A formula
 * that cannot produce a number (blank input, placeholder text, zero divisor) yields "" (the engine's
 * expected value is then null), never #DIV/0!.
 */
import type { Scalar } from "../grid";
import { colLetter } from "../grid";
import type { NegativeFormula, Polarity, Scale, ScaleBand } from "../model";
import { categorize } from "../scale";
import { capaianExpr, capaianOf, capaianRule, categorizeFormula } from "../domain/formulas";

/** Column letters by column index, built once each ("A", "B" … "AA"). */
const LETTERS: string[] = [];

/**
 * The references cellRef made, by column, for the row each was made for: a reference is reused
 * while `refRow[col]` is its row (no clearing per row: emptying an array frees its backing store,
 * and every new row then allocated one again).
 */
const REF_COLS = 64;
const refRow = new Int32Array(REF_COLS).fill(-0x80000000);
const refs: string[] = new Array<string>(REF_COLS).fill("");
/** The row cellRef was called with last and its number as text. */
let lastRow = -1;
let lastRowText = "";

/**
 * "B7" for (6, 1), as `a1` of ../grid, with the column's letters built once and the references of
 * the row in hand kept (a summary row refers to its own cells several times, a source row to its
 * fields one after another).
 */
export function cellRef(row: number, col: number): string {
  const cached = col >= 0 && col < REF_COLS;
  if (cached && refRow[col] === row) return refs[col];
  if (row !== lastRow) {
    lastRow = row;
    lastRowText = String(row + 1);
  }
  let letters = LETTERS[col];
  if (letters === undefined) {
    letters = colLetter(col);
    if (col >= 0 && col < 16384) LETTERS[col] = letters;
  }
  const ref = letters + lastRowText;
  if (cached) {
    refRow[col] = row;
    refs[col] = ref;
  }
  return ref;
}

/** A string literal inside a formula. */
export function str(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** A COUNTIF/SUMIF/AVERAGEIF criterion matching exactly `text` (wildcards escaped). */
export function exactCriterion(text: string): string {
  return str("=" + text.replace(/[~*?]/g, (ch) => "~" + ch));
}

/** A number as formula text (no exponent for the magnitudes that occur here). */
export function num(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(12).replace(/0+$/, "") : s;
}

export function isNum(v: Scalar | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/*
 * The formulas written on every summary row are joined from a scratch array of their pieces (the
 * references filled in per call) rather than built by a template literal: join makes one flat
 * string, where a template literal leaves a chain of string pairs (one per piece, about twice the
 * memory) that the plan keeps until written out, and that is flattened again when written. Same text.
 */
const SHOW_PARTS = ["=IF(", "", '="","",', "", ")"];

/** `=IF(ref="","",ref)`: shows the source cell, blank stays blank (not 0). */
export function showRef(ref: string, factor = 1): string {
  if (factor === 1) {
    SHOW_PARTS[1] = ref;
    SHOW_PARTS[3] = ref;
    return SHOW_PARTS.join("");
  }
  return `=IF(ISNUMBER(${ref}),${ref}*${num(factor)},IF(${ref}="","",${ref}))`;
}

/** Expected value of `showRef` given the source's value. */
export function showRefValue(v: Scalar, factor = 1): Scalar {
  if (v === null || v === "") return null;
  if (isNum(v)) return factor === 1 ? v : v * factor;
  return v;
}

/** Guarded a / b × mult: "" unless both are numbers and b ≠ 0. */
const RATIO_PARTS = ["=IF(AND(ISNUMBER(", "", "),ISNUMBER(", "", ")),IF(", "", '=0,"",', "", "/", "", "", '),"")'];

export function ratioFormula(a: string, b: string, mult = 1): string {
  // =IF(AND(ISNUMBER(a),ISNUMBER(b)),IF(b=0,"",a/b[*mult]),"")
  const p = RATIO_PARTS;
  p[1] = a;
  p[3] = b;
  p[5] = b;
  p[7] = a;
  p[9] = b;
  p[10] = mult === 1 ? "" : "*" + num(mult);
  return p.join("");
}

export function ratioValue(a: Scalar, b: Scalar, mult = 1): number | null {
  if (!isNum(a) || !isNum(b) || b === 0) return null;
  return mult === 1 ? a / b : (a / b) * mult;
}

/** Guarded a − b. */
const DIFFERENCE_PARTS = ["=IF(AND(ISNUMBER(", "", "),ISNUMBER(", "", ")),", "", "-", "", ',"")'];

export function differenceFormula(a: string, b: string): string {
  // =IF(AND(ISNUMBER(a),ISNUMBER(b)),a-b,"")
  const p = DIFFERENCE_PARTS;
  p[1] = a;
  p[3] = b;
  p[5] = a;
  p[7] = b;
  return p.join("");
}

export function differenceValue(a: Scalar, b: Scalar): number | null {
  return isNum(a) && isNum(b) ? a - b : null;
}

/**
 * Capaian of target T and realisasi R (the catalog's formula, ../domain/formulas.ts): positive
 * R / T × 100; negative (T − (R − T)) / T × 100 ("seed") or T / R × 100 ("ratio"), guarded so a
 * blank input or a zero divisor gives "".
 */
export function capaianFormula(t: string, r: string, polarity: Polarity, negative: NegativeFormula): string {
  const c = capaianExpr(capaianRule(polarity, negative), r, t, true);
  const [a, b] = c.operands;
  return `=IF(AND(ISNUMBER(${a}),ISNUMBER(${b})),IF(${c.divisor}=0,"",${c.expr}),"")`;
}

export function capaianValue(t: Scalar, r: Scalar, polarity: Polarity, negative: NegativeFormula): number | null {
  if (!isNum(t) || !isNum(r)) return null;
  const rule = capaianRule(polarity, negative);
  if ((rule === "ratio" ? r : t) === 0) return null;
  return capaianOf(rule, r, t, true);
}

/**
 * The scale's category of the number in `ref` as the catalog's nested IF (categorize(), rounded with
 * ROUND when the scale has roundTo); "" when `ref` is not a number.
 */
export function categoryFormula(ref: string, scale: Scale): string {
  return `=IF(ISNUMBER(${ref}),${categorizeFormula(ref, scale)},"")`;
}

/**
 * categoryFormula split around its reference, per scale: a summary sheet writes the same nested IF
 * on every row with only the reference changing. The template remembers the bands it was built
 * from and is rebuilt when they differ.
 */
interface CategoryTemplate {
  roundTo: number | null;
  bands: ScaleBand[];
  mins: number[];
  labels: string[];
  parts: string[];
}

const CATEGORY_TEMPLATES = new WeakMap<Scale, CategoryTemplate>();
/** Stands for the reference while the template is built; never part of a formula. */
const HOLE = "\u0000";

function templateFits(t: CategoryTemplate, scale: Scale): boolean {
  if (t.roundTo !== scale.roundTo || t.bands !== scale.bands || t.mins.length !== scale.bands.length) return false;
  for (let i = 0; i < t.mins.length; i++) {
    const b = scale.bands[i];
    if (!Object.is(b.min, t.mins[i]) || b.label !== t.labels[i]) return false;
  }
  return true;
}

/** The same text as `categoryFormula(ref, scale)`, from a template built once per scale. */
export function categoryFormulaOf(ref: string, scale: Scale): string {
  let t = CATEGORY_TEMPLATES.get(scale);
  if (t === undefined || !templateFits(t, scale)) {
    const labels = scale.bands.map((b) => b.label);
    if (labels.some((l) => l.includes(HOLE))) return categoryFormula(ref, scale);
    t = { roundTo: scale.roundTo, bands: scale.bands, mins: scale.bands.map((b) => b.min), labels, parts: categoryFormula(HOLE, scale).split(HOLE) };
    CATEGORY_TEMPLATES.set(scale, t);
  }
  return t.parts.join(ref);
}

export function categoryValue(v: Scalar, scale: Scale): string | null {
  return isNum(v) ? categorize(v, scale) : null;
}
