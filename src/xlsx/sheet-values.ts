/**
 * Cell values read in place from the sheet XML text, without slicing a string out per cell: a
 * whole number (shared-string or style index), a plain decimal number, the `t` attribute as a
 * small code. Each gives exactly what decoding the text and parsing it (parseInt / parseFloat) would;
 * what they do not take (entities, exponents, long digit runs) the sheet reader decodes and parses
 * as ever.
 */
import { decodeAttr } from "./xml-scan";

/** A whole number of at most 9 digits read in place (a style index), else parseInt of the decoded text. */
export function intAt(src: string, at: number, end: number): number {
  if (end > at && end - at <= 9) {
    let n = 0;
    for (let i = at; i < end; i++) {
      const ch = src.charCodeAt(i);
      if (ch < 48 || ch > 57) return parseInt(decodeAttr(src.slice(at, end)), 10);
      n = n * 10 + (ch - 48);
    }
    return n;
  }
  return parseInt(decodeAttr(src.slice(at, end)), 10);
}

/**
 * A whole number of 1 to 9 plain digits read in place from src[at, end) (a shared-string index),
 * or -1 when the text is anything else (then the caller decodes it and uses parseInt as ever).
 */
export function digitsAt(src: string, at: number, end: number): number {
  if (end <= at || end - at > 9) return -1;
  let n = 0;
  for (let i = at; i < end; i++) {
    const ch = src.charCodeAt(i);
    if (ch < 48 || ch > 57) return -1;
    n = n * 10 + (ch - 48);
  }
  return n;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A plain decimal number read in place from src[at, end): an optional "-", digits, an optional "."
 * and digits, at most 15 digits in all; NaN for anything else (an exponent, "+", spaces, entities,
 * more digits), which the caller hands to parseFloat as ever. Exactly parseFloat's value: the
 * digits form an integer below 2^53 and 10^k (k <= 15) is exact, so the one division is the
 * correctly rounded decimal.
 */
export function plainNumberAt(src: string, at: number, end: number): number {
  let i = at;
  const neg = i < end && src.charCodeAt(i) === 45;
  if (neg) i++;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < end; i++) {
    const ch = src.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      m = m * 10 + (ch - 48);
      digits++;
    } else if (ch === 46 && frac < 0) frac = digits;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const n = frac < 0 ? m : m / POW10[digits - frac];
  return neg ? -n : n;
}

// A cell's `t` attribute as a small code (compared without building the string).
export const T_NUMBER = 0; // absent, "n" or anything not listed: a number
export const T_SHARED = 1; // "s"
export const T_STR = 2; // "str"
export const T_INLINE = 3; // "inlineStr"
export const T_BOOL = 4; // "b"
export const T_ERROR = 5; // "e"
export const T_DATE = 6; // "d"

export function typeCodeOf(t: string): number {
  switch (t) {
    case "s": return T_SHARED;
    case "str": return T_STR;
    case "inlineStr": return T_INLINE;
    case "b": return T_BOOL;
    case "e": return T_ERROR;
    case "d": return T_DATE;
    default: return T_NUMBER;
  }
}

/** The code of the raw attribute value src[at, end): one-letter values in place, others decoded. */
export function typeCodeAt(src: string, at: number, end: number): number {
  if (end - at === 1) {
    switch (src.charCodeAt(at)) {
      case 115: return T_SHARED; // s
      case 98: return T_BOOL; // b
      case 101: return T_ERROR; // e
      case 100: return T_DATE; // d
      default: return typeCodeOf(src.slice(at, end));
    }
  }
  return typeCodeOf(decodeAttr(src.slice(at, end)));
}
