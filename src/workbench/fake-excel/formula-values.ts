/**
 * The value model of the workbench's formula evaluator: Excel's error values, what a host supplies
 * (cells, sheet names, extents), the evaluation result, and Excel's coercions and comparisons that
 * do not depend on syntax: comparison order, COUNTIF-style criteria with wildcards, ROUND's rule,
 * the General number format.
 */
import type { Scalar } from "../../core/grid";

export type ErrorCode = "#DIV/0!" | "#VALUE!" | "#REF!" | "#NAME?" | "#N/A" | "#NUM!" | "#NULL!";

export const ERROR_CODES: ErrorCode[] = ["#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#N/A", "#NUM!", "#NULL!"];

export class FormulaError {
  constructor(readonly code: ErrorCode) {}
}

/** A cell as the evaluator sees it. */
export interface HostCell {
  v: Scalar;
  error?: boolean;
}

export interface FormulaHost {
  /** The cell's current value (a formula cell's value is computed on demand by the host). */
  cell(sheet: string, r: number, c: number): HostCell | undefined;
  /** The sheet's canonical name, or undefined when the workbook has no such sheet. */
  sheetName(name: string): string | undefined;
  /** Rows and columns in use on the sheet; whole-column/row references are clipped to it. */
  extent?(sheet: string): { rows: number; cols: number };
}

export interface EvalResult {
  value: Scalar;
  error?: boolean;
  /** Set when the formula uses something the evaluator cannot compute (value is then null). */
  unsupported?: string;
}

export class Unsupported extends Error {}

// ---------------------------------------------------------------------------------------------
// Evaluation

export type V = Scalar | FormulaError;
export interface RangeValue {
  range: V[][];
}
export type Val = V | RangeValue;

export function isRange(v: Val): v is RangeValue {
  return v !== null && typeof v === "object" && "range" in v;
}

export function fromCell(cell: HostCell | undefined): V {
  if (!cell) return null;
  if (cell.error) {
    const code = ERROR_CODES.find((e) => e === String(cell.v).toUpperCase());
    return new FormulaError(code ?? "#VALUE!");
  }
  return cell.v;
}

/** Excel's criteria wildcards as a regular expression: * any text, ? one character, ~ escapes *, ? and ~. */
function wildcardPattern(operand: string): string {
  let out = "";
  for (let i = 0; i < operand.length; i++) {
    const ch = operand[i];
    if (ch === "~" && i + 1 < operand.length && "*?~".includes(operand[i + 1])) {
      out += "\\" + operand[++i];
    } else if (ch === "*") out += "[\\s\\S]*";
    else if (ch === "?") out += "[\\s\\S]";
    else out += ch.replace(/[.+^${}()|[\]\\*?]/g, "\\$&");
  }
  return out;
}

/** COUNTIF-style criteria: 5, "5", ">=91", "<>x", "=Program", "Prog*", "Cukup~?", "" (blank). */
export function criterion(crit: Scalar): (v: V) => boolean {
  if (typeof crit === "number" || typeof crit === "boolean") return (v) => !(v instanceof FormulaError) && v !== null && compare(v, crit) === 0 && typeof v === typeof crit;
  const text = crit === null ? "" : crit;
  const m = /^(<=|>=|<>|=|<|>)?([\s\S]*)$/.exec(text)!;
  const op = m[1] ?? "=";
  const operand = m[2];
  const asNumber = operand.trim() !== "" && Number.isFinite(Number(operand)) ? Number(operand) : undefined;
  if (op === "=" || op === "<>") {
    let test: (v: V) => boolean;
    if (operand === "") test = (v) => v === null || v === "";
    else if (asNumber !== undefined) test = (v) => typeof v === "number" && v === asNumber;
    else {
      const re = new RegExp("^" + wildcardPattern(operand) + "$", "i");
      test = (v) => typeof v === "string" && re.test(v);
    }
    return op === "=" ? (v) => !(v instanceof FormulaError) && test(v) : (v) => !(v instanceof FormulaError) && !test(v);
  }
  return (v) => {
    if (v instanceof FormulaError || v === null) return false;
    if (asNumber !== undefined) {
      if (typeof v !== "number") return false;
      return op === "<" ? v < asNumber : op === ">" ? v > asNumber : op === "<=" ? v <= asNumber : v >= asNumber;
    }
    if (typeof v !== "string") return false;
    const c = compare(v, operand);
    return op === "<" ? c < 0 : op === ">" ? c > 0 : op === "<=" ? c <= 0 : c >= 0;
  };
}

function typeRank(v: Scalar): number {
  if (typeof v === "number") return 0;
  if (typeof v === "string") return 1;
  return 2; // boolean
}

/** Excel's comparison: numbers < text < booleans; text case-insensitive; empty is 0 or "". */
export function compare(a: Scalar, b: Scalar): number {
  if (a === null && b === null) return 0;
  if (a === null) a = typeof b === "string" ? "" : typeof b === "boolean" ? false : 0;
  if (b === null) b = typeof a === "string" ? "" : typeof a === "boolean" ? false : 0;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x === y ? 0 : x < y ? -1 : 1;
}

/** ROUND/ROUNDUP/ROUNDDOWN with Excel's half-away-from-zero rule (guarding binary noise). */
export function roundExcel(x: number, digits: number, mode: "ROUND" | "ROUNDUP" | "ROUNDDOWN" = "ROUND"): number {
  const f = Math.pow(10, digits);
  const scaled = Number((Math.abs(x) * f).toPrecision(15));
  let r: number;
  if (mode === "ROUND") r = Math.floor(scaled + 0.5);
  else if (mode === "ROUNDUP") r = Math.ceil(scaled);
  else r = Math.floor(scaled);
  const out = (Math.sign(x) * r) / f;
  return out === 0 ? 0 : out;
}

/** Excel's General format, roughly: up to 15 significant digits, no trailing zeros. */
export function formatGeneral(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return String(Number(n.toPrecision(15)));
}
