/**
 * A small en-US formula reference parser (no dependency): enough to find the cells a formula reads
 * and what a SUM-shaped formula adds up. Not a formula evaluator.
 *
 * Handles: A1 and $A$1 references, ranges (A1:B9), whole columns (F:F) and rows (3:5), sheet
 * prefixes (Data!A1, 'Renja 2023'!F9:F12, 'It''s'!A1), string literals (skipped), function names
 * that look like cells (LOG10( is a function, not a reference). Coordinates are zero-based.
 */
import type { Area } from "./grid";
import { colIndex } from "./grid";

const MAX_ROW = 1048575;
const MAX_COL = 16383;

export interface FormulaRef {
  /** Sheet name (unquoted) when the reference names one. */
  sheet?: string;
  /** Zero-based inclusive area; a single cell has r1 = r2 and c1 = c2. */
  area: Area;
  /** The reference as written, sheet prefix included ("'E81'!$F$9:F12"). */
  text: string;
  /** Whole-column reference such as F:F (rows 0..MAX). */
  wholeColumn?: boolean;
  /** Whole-row reference such as 3:5 (columns 0..MAX). */
  wholeRow?: boolean;
}

type Token =
  | { t: "ref"; ref: FormulaRef }
  | { t: "func"; name: string }
  | { t: "op"; v: string }
  | { t: "num"; v: number }
  | { t: "str" }
  | { t: "other"; v: string };

const CELL_RANGE = /\$?([A-Za-z]{1,3})\$?(\d{1,7})(?:\s*:\s*\$?([A-Za-z]{1,3})\$?(\d{1,7}))?/y;
const COL_RANGE = /\$?([A-Za-z]{1,3})\s*:\s*\$?([A-Za-z]{1,3})/y;
const ROW_RANGE = /\$?(\d{1,7})\s*:\s*\$?(\d{1,7})/y;
const NAME = /[A-Za-z_\\][A-Za-z0-9_.]*/y;
const NUMBER = /(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/y;
const UNQUOTED_SHEET = /([A-Za-z_][A-Za-z0-9_.]*)!/y;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_.$]/.test(ch);
}

function stick(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(s);
}

/** Try to read a reference (without sheet prefix) at i; `afterSheet` relaxes the left boundary. */
function readRef(s: string, i: number): { ref: Omit<FormulaRef, "text" | "sheet">; end: number } | undefined {
  let m = stick(CELL_RANGE, s, i);
  if (m) {
    const end = i + m[0].length;
    const next = s[end];
    const ok = !(next !== undefined && /[A-Za-z0-9_(.!]/.test(next));
    const c1 = colIndex(m[1]);
    const r1 = Number(m[2]) - 1;
    if (ok && c1 <= MAX_COL && r1 >= 0 && r1 <= MAX_ROW) {
      if (m[3] === undefined) return { ref: { area: { r1, c1, r2: r1, c2: c1 } }, end };
      const c2 = colIndex(m[3]);
      const r2 = Number(m[4]) - 1;
      if (c2 <= MAX_COL && r2 >= 0 && r2 <= MAX_ROW) {
        return {
          ref: { area: { r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) } },
          end,
        };
      }
    }
  }
  m = stick(COL_RANGE, s, i);
  if (m) {
    const end = i + m[0].length;
    if (!isWordChar(s[end]) && s[end] !== "(") {
      const c1 = colIndex(m[1]);
      const c2 = colIndex(m[2]);
      if (c1 <= MAX_COL && c2 <= MAX_COL) {
        return { ref: { area: { r1: 0, c1: Math.min(c1, c2), r2: MAX_ROW, c2: Math.max(c1, c2) }, wholeColumn: true }, end };
      }
    }
  }
  m = stick(ROW_RANGE, s, i);
  if (m) {
    const end = i + m[0].length;
    if (!isWordChar(s[end])) {
      const r1 = Number(m[1]) - 1;
      const r2 = Number(m[2]) - 1;
      if (r1 >= 0 && r2 >= 0) {
        return { ref: { area: { r1: Math.min(r1, r2), c1: 0, r2: Math.max(r1, r2), c2: MAX_COL }, wholeRow: true }, end };
      }
    }
  }
  return undefined;
}

function tokenize(formula: string): Token[] {
  const s = formula.startsWith("=") ? formula.slice(1) : formula;
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < s.length) {
        if (s[j] === '"') {
          if (s[j + 1] === '"') j += 2;
          else break;
        } else j++;
      }
      out.push({ t: "str" });
      i = j + 1;
      continue;
    }
    // Quoted sheet: 'Name'!ref
    if (ch === "'") {
      let j = i + 1;
      let name = "";
      while (j < s.length) {
        if (s[j] === "'") {
          if (s[j + 1] === "'") {
            name += "'";
            j += 2;
            continue;
          }
          break;
        }
        name += s[j++];
      }
      if (s[j] === "'" && s[j + 1] === "!") {
        const r = readRef(s, j + 2);
        if (r) {
          // strip a workbook prefix "[1]Sheet"
          const sheet = name.replace(/^\[[^\]]*\]/, "");
          out.push({ t: "ref", ref: { ...r.ref, sheet, text: s.slice(i, r.end) } });
          i = r.end;
          continue;
        }
      }
      out.push({ t: "other", v: s.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    const prevWord = i > 0 && isWordChar(s[i - 1]);
    if (!prevWord && /[A-Za-z_$\d.]/.test(ch)) {
      // Unquoted sheet prefix
      const sm = /[A-Za-z_]/.test(ch) ? stick(UNQUOTED_SHEET, s, i) : null;
      if (sm) {
        const r = readRef(s, i + sm[0].length);
        if (r) {
          out.push({ t: "ref", ref: { ...r.ref, sheet: sm[1], text: s.slice(i, r.end) } });
          i = r.end;
          continue;
        }
      }
      const r = readRef(s, i);
      if (r) {
        out.push({ t: "ref", ref: { ...r.ref, text: s.slice(i, r.end) } });
        i = r.end;
        continue;
      }
      const nm = stick(NUMBER, s, i);
      if (nm && /[\d.]/.test(ch)) {
        out.push({ t: "num", v: Number(nm[0]) });
        i += nm[0].length;
        continue;
      }
      const name = stick(NAME, s, i);
      if (name) {
        let j = i + name[0].length;
        while (j < s.length && /\s/.test(s[j])) j++;
        if (s[j] === "(") out.push({ t: "func", name: name[0].toUpperCase() });
        else out.push({ t: "other", v: name[0] });
        i += name[0].length;
        continue;
      }
    }
    if ("+-*/^&=<>,();:%{}".includes(ch)) {
      out.push({ t: "op", v: ch });
      i++;
      continue;
    }
    out.push({ t: "other", v: ch });
    i++;
  }
  return out;
}

/** Every cell or range reference in the formula, in order of appearance. */
export function parseRefs(formula: string): FormulaRef[] {
  const refs: FormulaRef[] = [];
  for (const tok of tokenize(formula)) if (tok.t === "ref") refs.push(tok.ref);
  return refs;
}

/**
 * For a SUM-shaped formula, the areas it adds up: `=SUM(F9:F12)`, `=SUM(F9,F11,F14)`,
 * `=F9+F11+F14`, `=SUM(F9:F12)+F15`, `=(F9+F10)`, `=+F9+F10`, `=SUBTOTAL(9,F9:F12)`. Undefined for anything else
 * (subtraction, products, constants, other functions).
 */
export function sumRanges(formula: string): FormulaRef[] | undefined {
  const toks = tokenize(formula);
  if (toks.length === 0) return undefined;
  let pos = 0;
  const areas: FormulaRef[] = [];
  const peek = (): Token | undefined => toks[pos];
  const isOp = (tok: Token | undefined, v: string): boolean => tok !== undefined && tok.t === "op" && tok.v === v;

  // term := ref | SUM '(' args ')' | '(' expr ')'
  function term(): boolean {
    const tok = peek();
    if (!tok) return false;
    if (tok.t === "ref") {
      areas.push(tok.ref);
      pos++;
      return true;
    }
    if (tok.t === "func" && (tok.name === "SUM" || tok.name === "SUBTOTAL")) {
      pos++;
      if (!isOp(peek(), "(")) return false;
      pos++;
      if (tok.name === "SUBTOTAL") {
        // SUBTOTAL(9, …) and SUBTOTAL(109, …) are sums (109 skips hidden rows).
        const fn = peek();
        if (!fn || fn.t !== "num" || (fn.v !== 9 && fn.v !== 109)) return false;
        pos++;
        if (!isOp(peek(), ",")) return false;
        pos++;
      }
      if (!sumArg()) return false;
      while (isOp(peek(), ",")) {
        pos++;
        if (!sumArg()) return false;
      }
      if (!isOp(peek(), ")")) return false;
      pos++;
      return true;
    }
    if (isOp(tok, "(")) {
      pos++;
      if (!expr()) return false;
      if (!isOp(peek(), ")")) return false;
      pos++;
      return true;
    }
    return false;
  }
  function sumArg(): boolean {
    return expr();
  }
  // expr := ['+'] term ('+' term)*
  function expr(): boolean {
    if (isOp(peek(), "+")) pos++;
    if (!term()) return false;
    while (isOp(peek(), "+")) {
      pos++;
      if (!term()) return false;
    }
    return true;
  }
  if (!expr() || pos !== toks.length) return undefined;
  return areas;
}

/** The cells of an area, row-major (bounded: whole columns/rows are clipped to `limit`). */
export function areaCells(area: Area, limit = { rows: MAX_ROW + 1, cols: MAX_COL + 1 }): { r: number; c: number }[] {
  const out: { r: number; c: number }[] = [];
  const r2 = Math.min(area.r2, limit.rows - 1);
  const c2 = Math.min(area.c2, limit.cols - 1);
  for (let r = area.r1; r <= r2; r++) for (let c = area.c1; c <= c2; c++) out.push({ r, c });
  return out;
}
