/**
 * Small text helpers shared by the recogniser: normalisation, token tests (K / Rp / quarters /
 * column numbers), numeric-looking cells. Pure, cheap, no allocation-heavy work per cell.
 */
import type { Scalar } from "../grid";
import type { NumberStyle } from "../model";
import { numberOf } from "../value";

// Patterns used per row or per cell, compiled once (a regex literal in a function body builds a
// new RegExp object each time it runs).
const WS_RUN_G = /\s+/g;
const K_TOKEN = /^k\.?$/;
const RP_TOKEN = /^\(?\s*rp\.?\s*\)?\s*(\(?\s*(000|ribu|000\.000|juta|jt)\s*\)?)?\s*$/;
const TRAILING_DOTS_SPACES = /[.\s]+$/;
const QUARTER_PREFIX = /^(tw|trw|triwulan|tri wulan|q)\.?\s*(.*)$/;
const QUARTER_DIGIT = /^[1-4]$/;
const ROMAN_I_LOOKALIKES_G = /[l|1!]/g;
const QUARTER_IN_TEXT = /\b(triwulan|tri wulan|tw|trw)\.?\s*(iv|iii|ii|i|ill|il|lv|[1-4])\b/i;
const DOLLAR_G = /\$/g;
const NUMBER_LABEL = /^\(?\d{1,3}\)?(\s*=\s*[\d\s+\-\u2013\u2212*/x×:().%,]+)?$/i;
const LETTER_LABEL = /^\(?[a-z]\)?(\s*=\s*[a-z\s+\-\u2013*/x×:().%,0-9]+)?$/i;
const COPYRIGHT_SIGN = /^©$/;
const LEADING_NUMBER = /^\(?(\d{1,3})/;
const YEAR_TEXT = /^(19|20)\d{2}$/;
const NUMERIC_START = /^[-+(]?\s*(rp\.?\s*)?\d/i;

/** Lower case, single spaces, trimmed. */
export function norm(s: string): string {
  return s.replace(WS_RUN_G, " ").trim().toLowerCase();
}

export function cellText(v: Scalar): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return String(v);
  const s = typeof v === "string" ? v : String(v);
  return hasOddSpace(s) ? s.replace(WS_RUN_G, " ").trim() : s.trim();
}

/**
 * `/\s\s|[\t\n\r\u00a0]/.test(s)` (two white-space characters in a row, or a tab, line break or no-break
 * space) as one pass over the characters: run on every text cell the passes read.
 */
function hasOddSpace(s: string): boolean {
  let prevSpace = false;
  for (let k = 0; k < s.length; k++) {
    const ch = s.charCodeAt(k);
    // Printable ASCII other than the space: the usual character.
    if (ch > 32 && ch < 127) {
      prevSpace = false;
      continue;
    }
    if (ch === 9 || ch === 10 || ch === 13 || ch === 0xa0) return true;
    const space = isSpaceCode(ch);
    if (space && prevSpace) return true;
    prevSpace = space;
  }
  return false;
}

/** The characters `\s` matches (ECMAScript WhiteSpace and LineTerminator). */
export function isSpaceCode(ch: number): boolean {
  if (ch < 128) return ch === 32 || (ch >= 9 && ch <= 13);
  return (
    ch === 0xa0 ||
    ch === 0x1680 ||
    (ch >= 0x2000 && ch <= 0x200a) ||
    ch === 0x2028 ||
    ch === 0x2029 ||
    ch === 0x202f ||
    ch === 0x205f ||
    ch === 0x3000 ||
    ch === 0xfeff
  );
}

/** Words that mark a performance header cell. */
export const PERF_WORD =
  /\b(target|realisasi|capaian|pencapaian|pagu|anggaran|alokasi|efisiensi|triwulan|kondisi (kinerja )?(awal|akhir)|kemajuan|penyerapan|serapan)\b/i;

export type MeasureToken = { measure: "k" | "rp"; scale?: number; percent?: boolean; volume?: boolean };

/** "K", "Rp", "Rp.", "rp", "Rp. (000)", "(Rp.)", "Rp (juta)", "%", "Volume". */
export function measureToken(t: string): MeasureToken | undefined {
  const s = norm(t);
  if (K_TOKEN.test(s)) return { measure: "k" };
  if (s === "volume" || s === "vol" || s === "vol.") return { measure: "k", volume: true };
  const rp = RP_TOKEN.exec(s);
  if (rp) {
    const sc = rp[2];
    if (!sc) return { measure: "rp" };
    return { measure: "rp", scale: sc === "000" || sc === "ribu" ? 1000 : 1e6 };
  }
  if (s === "%" || s === "(%)") return { measure: "rp", percent: true };
  return undefined;
}

const ROMAN_Q: Record<string, 1 | 2 | 3 | 4> = { i: 1, ii: 2, iii: 3, iv: 4 };

/** Quarter from a label: I, II, Il, Ill, lV, 1..4, "Tw 1", "TW I", "Triwulan II", "Trw. III". */
export function quarterToken(t: string, allowBare: boolean): 1 | 2 | 3 | 4 | undefined {
  let s = norm(t).replace(TRAILING_DOTS_SPACES, "");
  const pre = QUARTER_PREFIX.exec(s);
  if (pre) s = pre[2].trim();
  else if (!allowBare) return undefined;
  if (QUARTER_DIGIT.test(s)) return Number(s) as 1 | 2 | 3 | 4;
  // OCR: l / 1 / | read for I; "lV" for IV.
  const r = s.replace(ROMAN_I_LOOKALIKES_G, "i").replace(WS_RUN_G, "");
  return ROMAN_Q[r];
}

/** Quarter mentioned inside a longer header text ("Realisasi Triwulan II", "Tw 1"). */
export function quarterInText(t: string): 1 | 2 | 3 | 4 | undefined {
  const m = QUARTER_IN_TEXT.exec(t);
  if (!m) return undefined;
  return quarterToken(m[2], true);
}

/** A column-number label: "1", "(3)", "12 = 8+9+10+11", "14 = 13/5 x 100%", "6=4/5*100". */
export function isNumberLabel(v: Scalar): boolean {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 && v < 200;
  if (typeof v !== "string") return false;
  const s = v.replace(DOLLAR_G, "").trim();
  // "6 = 3 - 4" may come with an en dash or a minus sign ("6 = 3 – 4") out of a word processor.
  return NUMBER_LABEL.test(s);
}

/**
 * A column-letter label of a letter row under the header (LKPJ forms): "a", "(c)", "k = ( j / i ) * 100".
 */
export function isLetterLabel(v: Scalar): boolean {
  if (typeof v !== "string") return false;
  // "©" is "(c)" after a word processor's autocorrect.
  return LETTER_LABEL.test(v.trim().replace(COPYRIGHT_SIGN, "(c)"));
}

export function leadingNumber(v: Scalar): number | undefined {
  if (typeof v === "number") return v;
  const m = LEADING_NUMBER.exec(String(v).trim());
  return m ? Number(m[1]) : undefined;
}

export function isYear(v: Scalar): number | undefined {
  // A number is a year exactly when its decimal text is 19xx / 20xx: an integer 1900..2099.
  if (typeof v === "number") return Number.isInteger(v) && v >= 1900 && v <= 2099 ? v : undefined;
  const s = typeof v === "string" ? v.trim() : "";
  if (YEAR_TEXT.test(s)) return Number(s);
  return undefined;
}

/** A cell that holds a number (real, or text that reads as one, possibly with a unit or %). */
export function isNumeric(v: Scalar): boolean {
  if (typeof v === "number") return true;
  if (typeof v !== "string") return false;
  const s = v.trim();
  if (s === "") return false;
  // NUMERIC_START decided by the first character where it can: a digit matches at once; only a
  // sign, "(" or the r of "Rp" can start a longer match.
  const c0 = s.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) return true;
  if (c0 !== 45 && c0 !== 43 && c0 !== 40 && c0 !== 114 && c0 !== 82) return false;
  return NUMERIC_START.test(s);
}

/** The number a cell holds, or undefined (placeholder, text, empty): value.ts's numberOf. */
export function numOf(v: Scalar, style?: NumberStyle): number | undefined {
  return numberOf(v, style);
}
