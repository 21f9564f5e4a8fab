/**
 * Audit helpers: reading a stated cell (number, text number, percent format, decimals shown),
 * tolerant comparison, and number formatting for bilingual messages. Pure.
 */
import type { CellData, Grid, Scalar } from "../grid";
import type { ColumnModel } from "../model";
import { parseValue, type ParsedValue } from "../value";
import { roundHalfUp } from "../scale";
import { isPercentFormat } from "../domain/formats";

export interface Stated {
  cell?: CellData;
  parsed: ParsedValue;
  /** The number as stored (text numbers: as understood); undefined when not a number. */
  value?: number;
  /** Number stored as text. */
  fromText: boolean;
  /** Decimals shown: from the number format, the digits written, or the value itself. */
  decimals?: number;
  /** The number format shows the stored value multiplied by 100 ("0.00%"). */
  percentFormat: boolean;
  /** Whether the decimals came from an explicit number format. */
  fromFormat: boolean;
}

const ERROR_TEXT = /^#(?:DIV\/0!|REF!|VALUE!|N\/A|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|UNKNOWN!|BUSY!|CONNECT!|EXTERNAL!|PYTHON!)$/i;

export function isErrorCell(cell: CellData | undefined): boolean {
  if (!cell) return false;
  if (cell.error) return true;
  return typeof cell.v === "string" && cell.v.includes("#") && ERROR_TEXT.test(cell.v.trim());
}

/** Decimals a number format shows (first section), undefined for General / text formats. */
export function formatDecimals(fmt: string | undefined): number | undefined {
  if (!fmt) return undefined;
  const section = fmt.split(";")[0];
  const clean = section
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\\./g, "")
    .replace(/_./g, "")
    .replace(/\*./g, "");
  if (/^\s*general\s*$/i.test(clean) || clean.trim() === "@" || clean.trim() === "") return undefined;
  if (!/[0#?]/.test(clean)) return undefined;
  const m = /\.([0#?]+)/.exec(clean);
  return m ? m[1].length : 0;
}

export { isPercentFormat } from "../domain/formats";

/** Decimals a finite number carries (0..10). */
export function ownDecimals(n: number): number {
  for (let d = 0; d <= 10; d++) {
    if (Math.abs(roundHalfUp(n, d) - n) < Math.max(1e-9, Math.abs(n) * 1e-13)) return d;
  }
  return 10;
}

/** Decimals written in a text number ("45,11" → 2, "23.248.661.133" → 0, "92,950%" → 3). */
function textDecimals(raw: string, value: number, parsed: ParsedValue): number {
  const own = ownDecimals(value / (parsed.multiplier ?? 1));
  const sep = parsed.style === "us" ? "." : ",";
  const m = new RegExp(`\\d\\${sep}(\\d+)(?!.*\\d)`).exec(raw);
  if (m && m[1].length >= own) return m[1].length;
  return own;
}

/**
 * Per-run memo of readStated (active only inside `withStatedCache`, so edits between runs are seen):
 * per grid, per row, a slot per column and number style.
 */
let cache: Map<Grid, (Stated | undefined)[][]> | undefined;
let lastGrid: Grid | undefined;
let lastRows: (Stated | undefined)[][] | undefined;

export function withStatedCache<T>(fn: () => T): T {
  const outer = { cache, lastGrid, lastRows };
  cache = new Map();
  lastGrid = undefined;
  lastRows = undefined;
  try {
    return fn();
  } finally {
    ({ cache, lastGrid, lastRows } = outer);
  }
}

export function readStated(grid: Grid, r: number, c: number, column?: ColumnModel): Stated {
  if (!cache) return readStatedUncached(grid, r, c, column);
  let rows: (Stated | undefined)[][] | undefined;
  if (grid === lastGrid) rows = lastRows!;
  else {
    rows = cache.get(grid);
    if (!rows) cache.set(grid, (rows = []));
    lastGrid = grid;
    lastRows = rows;
  }
  const row = (rows[r] ??= []);
  // Three slots per column: no number style, "id", "us" (c may be -1: one slot before the row's start).
  const style = column?.numberStyle;
  const k = 3 * c + 3 + (style === undefined ? 0 : style === "id" ? 1 : 2);
  let st = row[k];
  if (!st) row[k] = st = readStatedUncached(grid, r, c, column);
  return st;
}

/**
 * The number a stated cell holds (`readStated(...).value`) without building a Stated: a stored
 * finite number that is no error is read straight from the grid (most cells of a report); anything
 * else (text numbers, placeholders, errors) goes through readStated and its cache.
 */
export function statedValue(grid: Grid, r: number, c: number, column?: ColumnModel): number | undefined {
  const cell = grid.get(r, c);
  if (cell === undefined) return undefined;
  const v = cell.v;
  if (typeof v === "number" && Number.isFinite(v)) return cell.error ? undefined : v;
  if (v === null) return undefined;
  return readStated(grid, r, c, column).value;
}

/** A cell holding a stored finite number that is no error: readStated's `value` is `cell.v`. */
export function isPlainNumber(cell: CellData | undefined): cell is CellData & { v: number } {
  return cell !== undefined && typeof cell.v === "number" && Number.isFinite(cell.v) && !cell.error;
}

/**
 * `readStated(...).decimals`, `.percentFormat` and `.fromFormat` of a plain number cell
 * (isPlainNumber), without building a Stated.
 */
export function plainFormat(cell: CellData): { decimals?: number; percent: boolean } | undefined {
  return cell.fmt ? factsOf(cell.fmt) : undefined;
}

/** Decimals and percent flag per number format (a workbook uses few formats). */
const formatFacts = new Map<string, { decimals?: number; percent: boolean }>();

function factsOf(fmt: string): { decimals?: number; percent: boolean } {
  let f = formatFacts.get(fmt);
  if (!f) {
    f = { decimals: formatDecimals(fmt), percent: isPercentFormat(fmt) };
    if (formatFacts.size > 10000) formatFacts.clear();
    formatFacts.set(fmt, f);
  }
  return f;
}

/** A stored finite number as parseValue reads it, its description for messages made on demand. */
class StoredNumber implements ParsedValue {
  readonly kind = "number" as const;
  readonly value: number;
  constructor(readonly raw: number) {
    this.value = raw;
  }
  get understood(): string {
    return parseValue(this.raw).understood;
  }
}

function readStatedUncached(grid: Grid, r: number, c: number, column?: ColumnModel): Stated {
  const cell = grid.get(r, c);
  const raw: Scalar = cell === undefined ? null : cell.v;
  const parsed = typeof raw === "number" && Number.isFinite(raw) ? new StoredNumber(raw) : parseValue(raw, { style: column?.numberStyle });
  const out: Stated = { cell, parsed, value: undefined, fromText: false, decimals: undefined, percentFormat: false, fromFormat: false };
  if (parsed.kind !== "number" || parsed.value === undefined || isErrorCell(cell)) return out;
  out.value = parsed.value;
  if (typeof raw === "number") {
    const facts = cell?.fmt ? factsOf(cell.fmt) : undefined;
    const fd = facts?.decimals;
    out.percentFormat = facts?.percent ?? false;
    if (fd !== undefined) {
      out.decimals = fd;
      out.fromFormat = true;
    } else out.decimals = ownDecimals(out.percentFormat ? raw * 100 : raw);
  } else {
    out.fromText = true;
    out.decimals = textDecimals(String(raw), parsed.value, parsed);
  }
  return out;
}

export function approxEq(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** stated must equal expected rounded half-up to `d` decimals (stated is itself read at `d`). */
export function sameAt(stated: number, expected: number, d: number): boolean {
  return approxEq(roundHalfUp(stated, d), roundHalfUp(expected, d));
}

/** Within one unit of the last printed digit (for values derived from rounded inputs). */
export function withinOneUnit(stated: number, expected: number, d: number): boolean {
  return Math.abs(roundHalfUp(stated, d) - roundHalfUp(expected, d)) <= Math.pow(10, -d) * (1 + 1e-9);
}

/** Number for messages: Indonesian (1.234,5) or English (1,234.5), at most `maxDec` decimals. */
export function fmtNum(n: number, lang: "id" | "en", maxDec = 4): string {
  if (!Number.isFinite(n)) return String(n);
  const r = roundHalfUp(n, maxDec);
  const neg = r < 0;
  const abs = Math.abs(r);
  const d = Math.min(ownDecimals(abs), maxDec);
  const fixed = abs.toFixed(d);
  const [intPart, frac] = fixed.split(".");
  const groupSep = lang === "id" ? "." : ",";
  const decSep = lang === "id" ? "," : ".";
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, groupSep);
  return (neg ? "-" : "") + grouped + (frac ? decSep + frac : "");
}

export function fmtScalar(v: Scalar | undefined, lang: "id" | "en", maxDec = 4): string {
  if (v === null || v === undefined) return lang === "id" ? "kosong" : "empty";
  if (typeof v === "number") return fmtNum(v, lang, maxDec);
  if (typeof v === "boolean") return String(v);
  return `"${v}"`;
}

/** Normalise a label for comparison: case, spaces, punctuation at the ends. */
export function normLabel(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u00a0\s]+/g, " ")
    .replace(/^[\s.\-:;,]+|[\s.\-:;,]+$/g, "")
    .trim();
}

/** "F9:F12" when the cells form a contiguous run in one column or row, else "F9+F11+F14". */
export function describeInputs(inputs: string[], joiner = "+"): string {
  if (inputs.length === 0) return "";
  if (inputs.length === 1) return inputs[0];
  const parsed = inputs.map((s) => /^(?:(.*)!)?\$?([A-Z]{1,3})\$?(\d+)$/.exec(s));
  if (parsed.every((m) => m !== null)) {
    const sheets = new Set(parsed.map((m) => m![1] ?? ""));
    const cols = new Set(parsed.map((m) => m![2]));
    if (sheets.size === 1 && cols.size === 1) {
      const rows = parsed.map((m) => Number(m![3]));
      const contiguous = rows.every((r, i) => i === 0 || r === rows[i - 1] + 1);
      if (contiguous) return `${inputs[0]}:${inputs[inputs.length - 1].replace(/^.*!/, "")}`;
    }
  }
  if (inputs.length > 8) return `${inputs.slice(0, 6).join(joiner)}${joiner}… (${inputs.length})`;
  return inputs.join(joiner);
}
