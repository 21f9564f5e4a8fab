/**
 * Pure helpers of the adapter: grouping cell writes into rectangular blocks, text that Excel must not
 * reinterpret, payload estimates and packing of queued operations into requests under the 5 MB limit.
 */
import type { Scalar } from "../core/grid";

/** Excel on the web caps a request at 5 MB; stay well below it (JSON overhead, UTF-16, headers). */
export const DEFAULT_REQUEST_BUDGET = 3_500_000;
/** Cells per read block: values, formulas, formats and cell properties of ~25k cells stay under 5 MB. */
export const DEFAULT_READ_CELL_BUDGET = 25_000;
/** Rows per read block at most. */
export const MAX_READ_ROWS = 10_000;
/** Fixed overhead counted for one queued command (object path, method name, ids). */
export const COMMAND_OVERHEAD = 160;

export interface Positioned {
  sheet: string;
  row: number;
  col: number;
}

/** A rectangle of items on one sheet; `cells[i][j]` is the item at (r + i, c + j) or undefined. */
export interface Block<T> {
  sheet: string;
  r: number;
  c: number;
  rows: number;
  cols: number;
  kind: string;
  cells: (T | undefined)[][];
}

/**
 * Groups items into rectangular blocks per sheet: horizontal runs of adjacent cells of the same kind,
 * stacked vertically while consecutive rows have a run over the same columns. The last item for a
 * cell wins. Linear in the number of items (after sorting).
 */
export function groupBlocks<T extends Positioned>(items: T[], kindOf: (t: T) => string = () => ""): Block<T>[] {
  const bySheet = new Map<string, Map<number, T>>();
  for (const it of items) {
    let m = bySheet.get(it.sheet);
    if (!m) {
      m = new Map();
      bySheet.set(it.sheet, m);
    }
    m.set(it.row * 16384 + it.col, it);
  }
  const out: Block<T>[] = [];
  for (const [sheet, m] of bySheet) {
    const sorted = [...m.values()].sort((a, b) => a.row - b.row || a.col - b.col);
    const open = new Map<string, { r: number; c: number; rows: number; cols: number; kind: string; runs: T[][] }>();
    const rects: { r: number; c: number; rows: number; cols: number; kind: string; runs: T[][] }[] = [];
    let i = 0;
    while (i < sorted.length) {
      const first = sorted[i];
      const kind = kindOf(first);
      const run: T[] = [first];
      let j = i + 1;
      while (
        j < sorted.length &&
        sorted[j].row === first.row &&
        sorted[j].col === run[run.length - 1].col + 1 &&
        kindOf(sorted[j]) === kind
      ) {
        run.push(sorted[j]);
        j++;
      }
      i = j;
      const key = `${first.col}:${run.length}:${kind}`;
      const rect = open.get(key);
      if (rect && rect.r + rect.rows === first.row) {
        rect.rows++;
        rect.runs.push(run);
      } else {
        const created = { r: first.row, c: first.col, rows: 1, cols: run.length, kind, runs: [run] };
        open.set(key, created);
        rects.push(created);
      }
    }
    for (const rect of rects) {
      out.push({
        sheet,
        r: rect.r,
        c: rect.c,
        rows: rect.rows,
        cols: rect.cols,
        kind: rect.kind,
        cells: rect.runs.map((run) => run.slice()),
      });
    }
  }
  return out;
}

/** Splits a block into row slices whose estimated size stays under maxBytes (at least one row each). */
export function splitBlockRows<T>(block: Block<T>, rowBytes: (row: (T | undefined)[]) => number, maxBytes: number): Block<T>[] {
  const out: Block<T>[] = [];
  let start = 0;
  let acc = 0;
  for (let i = 0; i < block.rows; i++) {
    const b = rowBytes(block.cells[i]);
    if (i > start && acc + b > maxBytes) {
      out.push(sliceRows(block, start, i));
      start = i;
      acc = 0;
    }
    acc += b;
  }
  if (start < block.rows) out.push(sliceRows(block, start, block.rows));
  return out;
}

function sliceRows<T>(block: Block<T>, from: number, to: number): Block<T> {
  return { ...block, r: block.r + from, rows: to - from, cells: block.cells.slice(from, to) };
}

/** Bytes of a value in a JSON request. */
export function jsonBytes(v: unknown): number {
  if (v === null || v === undefined) return 4;
  if (typeof v === "number") return String(v).length;
  if (typeof v === "boolean") return v ? 4 : 5;
  if (typeof v === "string") return v.length + 2 + (v.match(/["\\\n\r\t]/g)?.length ?? 0);
  return JSON.stringify(v).length;
}

/** Size of a 2-D array in a JSON request. */
export function matrixBytes(m: unknown[][]): number {
  let n = 2;
  for (const row of m) {
    n += 3;
    for (const v of row) n += jsonBytes(v) + 1;
  }
  return n;
}

const COERCIBLE = [
  /^[=+\-@'#]/, // formulas, operators, quote prefix, error literals
  /^\s*[-+]?\(?\s*(rp\.?|\$|€|£|¥)?\s*[\d.,]/i, // numbers, dates, times, percents, currency, (1,234)
  /^\s*(true|false)\s*$/i,
  /^\s*(jan|feb|mar|apr|may|mei|jun|jul|aug|agu|sep|oct|okt|nov|dec|des)[a-z]*[\s\-/.,]*\d/i, // "Jan-21"
];

/** True when Excel would not keep the string as the same text if written through `values`. */
export function needsTextPrefix(s: string): boolean {
  if (s === "") return false;
  return COERCIBLE.some((re) => re.test(s));
}

/**
 * The string to put in `range.values` so that Excel stores exactly `s` as text: a leading apostrophe
 * (Excel's quote prefix, not part of the value) when Excel would otherwise read it as a formula,
 * number, date, boolean or error.
 */
export function textForExcel(s: string): string {
  return needsTextPrefix(s) ? `'${s}` : s;
}

/** A scalar as written through `range.values`: strings guarded, null → "" (clears the cell). */
export function valueForExcel(v: Scalar | undefined): string | number | boolean {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return textForExcel(v);
  if (typeof v === "number" && !Number.isFinite(v)) return "";
  return v;
}

/** One queued operation with its estimated request size. */
export interface Op<C = unknown> {
  bytes: number;
  run: (context: C) => void;
}

/** Packs operations, in order, into requests of at most `budget` bytes (an oversize op goes alone). */
export function packChunks<C>(ops: Op<C>[], budget: number): Op<C>[][] {
  const chunks: Op<C>[][] = [];
  let cur: Op<C>[] = [];
  let size = 0;
  for (const op of ops) {
    if (cur.length > 0 && size + op.bytes > budget) {
      chunks.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(op);
    size += op.bytes;
  }
  if (cur.length > 0) chunks.push(cur);
  return chunks;
}

/** Splits a string into pieces of at most `size` characters. */
export function splitString(s: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out.length ? out : [""];
}

/** "Sheet 1!A1:C3" / "'Sheet 1'!A1" → the part after the sheet name. */
export function stripSheet(address: string): string {
  const i = address.lastIndexOf("!");
  return i < 0 ? address : address.slice(i + 1);
}

/** Splits a RangeAreas address ("S!A1:B2, S!C3:D3", sheet names possibly quoted) into areas. */
export function splitAreas(address: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < address.length; i++) {
    const ch = address[i];
    if (ch === "'") {
      if (quoted && address[i + 1] === "'") {
        cur += "''";
        i++;
        continue;
      }
      quoted = !quoted;
      cur += ch;
    } else if (ch === "," && !quoted) {
      if (cur.trim()) out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
