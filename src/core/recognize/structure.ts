/**
 * Structure from the workbook's own evidence (issue 11): the rows a parent's SUM formulas name,
 * and the code paths of Kode columns (Kepmendagri 050 / Permendagri 90 program codes, SIPD
 * organisation and account codes, cumulative codes split over several columns).
 *
 * Pure functions over the grid; rows and columns are zero-based.
 */
import { colLetter, type Grid } from "../grid";
import type { ColumnModel } from "../model";
import { NUMERIC_ROLES } from "../model";
import { sumRanges } from "../formula";
import { keepShape } from "./shapes";

// Patterns used per row or per cell, compiled once (a regex literal in a function body builds a
// new RegExp object each time it runs).
const WS_ANY = /\s/;
const WS_RUN_G = /\s+/g;
const TRAILING_DOTS = /\.+$/;
const ACCOUNT_CODE = /^[456]\.\d{1,2}(\.\d{1,5}){1,5}$/;

/** Columns whose SUM formulas may state the hierarchy: numeric, not percentages. */
export function structureColumns(columns: ColumnModel[]): number[] {
  return columns.filter((c) => NUMERIC_ROLES.has(c.role) && !c.percent).map((c) => c.col);
}

/**
 * Row number → position in a list of rows (the last position when a row repeats), over a typed
 * array spanning the rows: the per-table lookups of tens of thousands of rows without hashing.
 */
export class RowIndex {
  private readonly lo: number;
  private readonly at: Int32Array;

  constructor(rows: readonly number[]) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let ix1 = 0; ix1 < rows.length; ix1++) {
      const r = rows[ix1];
      if (r < lo) lo = r;
      if (r > hi) hi = r;
    }
    this.lo = rows.length ? lo : 0;
    this.at = new Int32Array(rows.length ? hi - lo + 1 : 0).fill(-1);
    for (let k = 0; k < rows.length; k++) this.at[rows[k] - this.lo] = k;
  }

  get(r: number): number | undefined {
    const k = r - this.lo;
    if (k < 0 || k >= this.at.length) return undefined;
    const v = this.at[k];
    return v < 0 ? undefined : v;
  }

  has(r: number): boolean {
    return this.get(r) !== undefined;
  }
}

/**
 * The rows a cell's formula adds up when it is a SUM / "+" / SUBTOTAL(9|109) of cells of its own
 * column on this sheet; undefined for anything else (row-wise formulas, products, other sheets).
 * `inTable` limits the rows to the table's data rows; a reference outside [lo, hi] rejects it.
 */
export function sumChildren(grid: Grid, r: number, c: number, inTable: { has(r: number): boolean }, lo: number, hi: number): number[] | undefined {
  const f = grid.get(r, c)?.f;
  if (!f) return undefined;
  // Cheap filter: a same-column sum names its own column letter.
  if (!f.toUpperCase().includes(colLetter(c))) return undefined;
  const areas = sumRanges(f);
  if (!areas || areas.length === 0) return undefined;
  const out: number[] = [];
  for (const a of areas) {
    if (a.sheet !== undefined && a.sheet !== grid.sheet) return undefined;
    if (a.area.c1 !== c || a.area.c2 !== c || a.wholeColumn) return undefined;
    if (a.area.r1 < lo || a.area.r2 > hi) return undefined;
    for (let k = a.area.r1; k <= a.area.r2; k++) if (k !== r && inTable.has(k)) out.push(k);
  }
  if (out.length === 0) return undefined;
  return [...new Set(out)].sort((x, y) => x - y);
}

export interface FormulaLinks {
  /** row → the child rows most of its amount columns' SUM formulas name. */
  children: Map<number, number[]>;
  /** row → how many columns state that reading, and how many state any sum at all. */
  support: Map<number, { agree: number; total: number }>;
  /** row → rows only a minority of its columns' formulas name (a range "K40:K44" beside "R42:R44"). */
  minority: Map<number, number[]>;
}

/**
 * Per row, the children its own same-column sum formulas name (the majority reading).
 * `withFormula`, when given, holds every row with a formula in any column (others are skipped).
 */
export function formulaLinks(grid: Grid, columns: ColumnModel[], rows: number[], withFormula?: { has(r: number): boolean }): FormulaLinks {
  const cols = structureColumns(columns);
  const inTable = new RowIndex(rows);
  const lo = rows.length ? rows[0] : 0;
  const hi = rows.length ? rows[rows.length - 1] : 0;
  const children = new Map<number, number[]>();
  const support = new Map<number, { agree: number; total: number }>();
  const minority = new Map<number, number[]>();
  for (let ix2 = 0; ix2 < rows.length; ix2++) {
    const r = rows[ix2];
    if (withFormula && !withFormula.has(r)) continue;
    let votes: Map<string, { kids: number[]; n: number; first: number }> | undefined;
    let total = 0;
    for (let i = 0; i < cols.length; i++) {
      const kids = sumChildren(grid, r, cols[i], inTable, lo, hi);
      if (!kids) continue;
      total++;
      votes ??= new Map();
      const key = kids.join(",");
      const v = votes.get(key);
      if (v) v.n++;
      else votes.set(key, { kids, n: 1, first: i });
    }
    if (total === 0 || !votes) continue;
    let best: { kids: number[]; n: number; first: number } | undefined;
    for (const v of votes.values()) if (!best || v.n > best.n || (v.n === best.n && v.first < best.first)) best = v;
    children.set(r, best!.kids);
    support.set(r, { agree: best!.n, total });
    const extra = new Set<number>();
    for (const v of votes.values()) for (const k of v.kids) if (!best!.kids.includes(k)) extra.add(k);
    if (extra.size) minority.set(r, [...extra].sort((x, y) => x - y));
  }
  return { children, support, minority };
}

// ---------------------------------------------------------------------------------------------
// Codes

const DOTTED = /^\d{1,2}(\.[0-9a-z]{1,6})+$/i;

/**
 * The code path of a row from its Kode cells. Cumulative Kode columns (each cell a full code:
 * "1.02" | "1.02.2.14.0.00.01.0000" | "1.02.01.2.01.0001" | "5.1.02") give a path, outermost
 * first; codes split into segments over several cells ("1" | "02" | "01") join into one code.
 */
export function codePathOf(parts: string[]): { code: string; path: string[] } | undefined {
  const path = codePathList(parts);
  return path && { code: path[path.length - 1], path };
}

/** `codePathOf`'s path alone (its code is the last element). */
export function codePathList(parts: string[]): string[] | undefined {
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return singleCodePath(parts[0]);
  const ps = parts.map(cleanCode).filter((p) => p !== "");
  if (ps.length === 0) return undefined;
  const dotted = ps.filter((p) => DOTTED.test(p));
  // Full codes side by side (a later one extends an earlier one, or is an organisation or account
  // code) are a path; segments ("2.17" | "03" | "2.01" | "0002") join into one code.
  const extendsEarlier = (p: string, i: number): boolean =>
    i > 0 && (isAccountCode(p) || isOrganisationCode(p) || ps.slice(0, i).some((q) => p.startsWith(q + ".")));
  const cumulative = ps.length >= 2 && dotted.length >= 2 && ps.some(extendsEarlier);
  if (cumulative) {
    const path: string[] = [];
    for (const p of ps) if (path[path.length - 1] !== p) path.push(p);
    return path;
  }
  return [ps.join(".")];
}

/** The path of one Kode cell (the usual case): its code, no path to find. */
export function singleCodePath(part: string): string[] | undefined {
  const p = cleanCode(part);
  return p === "" ? undefined : [p];
}

function cleanCode(p: string): string {
  const s = mayHaveSpace(p) && WS_ANY.test(p) ? p.replace(WS_RUN_G, "") : p;
  return s.endsWith(".") ? s.replace(TRAILING_DOTS, "") : s;
}

/** False when every character is printable ASCII other than the space (no white space at all). */
function mayHaveSpace(p: string): boolean {
  for (let k = 0; k < p.length; k++) {
    const ch = p.charCodeAt(k);
    if (ch <= 32 || ch >= 127) return true;
  }
  return false;
}

/** SIPD account (rekening) codes: belanja 5.x, pendapatan 4.x, pembiayaan 6.x, three or more segments. */
export function isAccountCode(code: string): boolean {
  return ACCOUNT_CODE.test(code);
}

/** Permendagri 90 organisation (SKPD / unit) code: eight segments "1.02.2.14.0.00.01.0000". */
export function isOrganisationCode(code: string): boolean {
  return code.split(".").length >= 7 && !isAccountCode(code);
}

/**
 * Parents from code paths: the nearest row above whose code is the longest proper prefix of the
 * row's own code, not older than the row that holds the path's previous element (so "5.1.02"
 * under one sub kegiatan never hangs under another's); else the row holding the previous element.
 * Returns, per row index (into `paths`), the parent index (undefined: none).
 */
export function codeParents(paths: (string[] | undefined)[]): (number | undefined)[] {
  const last = new CodeIndex(paths.length);
  const out: (number | undefined)[] = new Array(paths.length).fill(undefined);
  // Hashes of the own code's proper prefixes (the text before each dot), in order.
  let prefixEnd: Int32Array = new Int32Array(16);
  let prefixHash: Int32Array = new Int32Array(16);
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i];
    if (!path || path.length === 0) continue;
    const own = path[path.length - 1];
    const ctxCode = path.length >= 2 ? path[path.length - 2] : undefined;
    const ctx = ctxCode !== undefined ? last.get(ctxCode, ctxCode.length, hashOf(ctxCode, ctxCode.length)) : -1;
    let parent: number | undefined;
    let dots = 0;
    let h = HASH_SEED;
    for (let k = 0; k < own.length; k++) {
      const ch = own.charCodeAt(k);
      if (ch === 46) {
        if (dots === prefixEnd.length) {
          prefixEnd = grow(prefixEnd);
          prefixHash = grow(prefixHash);
        }
        prefixEnd[dots] = k;
        prefixHash[dots] = h;
        dots++;
      }
      h = hashStep(h, ch);
    }
    // Proper prefixes of the own code, longest first: the text before each dot, last dot first.
    for (let d = dots - 1; d >= 0 && parent === undefined; d--) {
      const p = last.get(own, prefixEnd[d], prefixHash[d]);
      if (p >= 0 && p >= ctx) parent = p;
    }
    for (let k = path.length - 2; k >= 0 && parent === undefined; k--) {
      const code = path[k];
      const p = last.get(code, code.length, hashOf(code, code.length));
      if (p >= 0) parent = p;
    }
    if (parent !== undefined) out[i] = parent;
    last.set(own, i, h);
  }
  return out;
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

const HASH_SEED = 0x811c9dc5 | 0;

/** One FNV-1a step over a UTF-16 code unit. */
function hashStep(h: number, ch: number): number {
  return Math.imul(h ^ ch, 16777619);
}

/** The hash of the first `end` characters of `s`. */
function hashOf(s: string, end: number): number {
  let h = HASH_SEED;
  for (let k = 0; k < end; k++) h = hashStep(h, s.charCodeAt(k));
  return h;
}

/**
 * Code → the latest row index holding it, looked up by a prefix of a longer code without cutting
 * that prefix out as a new string (the codes of tens of thousands of rows, several lookups each).
 * Open addressing over typed arrays; keys compared by their text.
 */
class CodeIndex {
  private readonly slots: Int32Array; // entry + 1, 0 = empty
  private readonly keys: string[] = [];
  private readonly rows: number[] = [];
  private readonly mask: number;

  constructor(n: number) {
    let cap = 16;
    while (cap < 2 * n + 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** The row index stored for s[0, end) (hash `h`), or -1. */
  get(s: string, end: number, h: number): number {
    for (let at = h & this.mask; ; at = (at + 1) & this.mask) {
      const e = this.slots[at];
      if (e === 0) return -1;
      const key = this.keys[e - 1];
      if (key.length === end && s.startsWith(key)) return this.rows[e - 1];
    }
  }

  set(s: string, row: number, h: number): void {
    for (let at = h & this.mask; ; at = (at + 1) & this.mask) {
      const e = this.slots[at];
      if (e === 0) {
        this.keys.push(s);
        this.rows.push(row);
        this.slots[at] = this.keys.length;
        return;
      }
      if (this.keys[e - 1] === s) {
        this.rows[e - 1] = row;
        return;
      }
    }
  }
}

keepShape(new RowIndex([]));
keepShape(new CodeIndex(0));
