/**
 * Cell-value parser (domain.md §3). PROVISIONAL minimal version: the full parser (Indonesian/US
 * separators decided per column, Rp prefixes/suffixes, "2,5 T", units, placeholders, grades) replaces
 * this body; the exported types and signatures are the contract.
 */
import type { Scalar } from "./grid";
import type { NumberStyle } from "./model";

export type ValueKind = "empty" | "number" | "placeholder" | "grade" | "text";

export interface ParsedValue {
  kind: ValueKind;
  /** The cell's raw content, unchanged. */
  raw: Scalar;
  /** The number as written, after separators, currency and multipliers (T, M, Jt): "92,95%" → 92.95. */
  value?: number;
  /** Written with a percent sign ("92,95%", "- %"). */
  percent?: boolean;
  /** Written with Rp ("Rp 31.685.169.826,-"). */
  currency?: boolean;
  /** Unit text after the number: "UM", "orang / 12 bulan", "kop". */
  unit?: string;
  /** Multiplier applied from a suffix: 1e12 for "T", 1e9 for "M", 1e6 for "Jt". */
  multiplier?: number;
  /** The number was stored as text (Excel's SUM ignores it). */
  fromText?: boolean;
  /** The separator convention used to read a text number. */
  style?: NumberStyle;
  /** A text number whose reading depended on the column's style ("1.234"). */
  ambiguous?: boolean;
  /** Letter grade (AA, A, BB, B, CC, C, D). */
  grade?: string;
  /** Placeholder text ("-", "Belum dapat diukur", "N/A" ...). */
  placeholder?: string;
  /** What the parser understood, for messages: "angka 11238069445 (format US, teks)". */
  understood: string;
}

export interface ParseOptions {
  /** The column's decimal convention; decides "1.234" and "1,234". Default: guess per value. */
  style?: NumberStyle;
}

export function parseValue(raw: Scalar, _opts: ParseOptions = {}): ParsedValue {
  if (raw === null || (typeof raw === "string" && raw.trim() === "")) return { kind: "empty", raw, understood: "kosong" };
  if (typeof raw === "number") return { kind: "number", raw, value: raw, understood: String(raw) };
  if (typeof raw === "boolean") return { kind: "text", raw, understood: String(raw) };
  const t = raw.trim();
  if (t === "-" || /^n\/?a$/i.test(t)) return { kind: "placeholder", raw, placeholder: t, understood: "placeholder" };
  const n = Number(t.replace(/,/g, ""));
  if (!Number.isNaN(n)) return { kind: "number", raw, value: n, fromText: true, understood: String(n) };
  return { kind: "text", raw, understood: "teks" };
}

/** Decide a column's decimal convention from all its values (most evidence wins; default "id"). */
export function detectNumberStyle(_raws: Scalar[]): NumberStyle {
  return "id";
}
