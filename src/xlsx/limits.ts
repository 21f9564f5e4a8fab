/**
 * Reading budgets: checked while a workbook is read, so that a zip bomb, a sheet with a million
 * rows or an endless special file ends with a clear message instead of exhausting memory.
 *
 * - `maxPartBytes`: the largest uncompressed size of one XML part (sheet, shared strings, styles).
 *   Checked against the zip's central directory BEFORE inflating, and again while inflating (the
 *   directory can lie).
 * - `maxTotalBytes`: the sum of the uncompressed sizes of every part read.
 * - `maxCells`: cells (with a value or a formula) in the whole workbook, counted as they stream.
 * - `maxRows`: rows holding at least one cell in one sheet (a 1,048,576-row sheet is refused even
 *   with one cell per row).
 * - `maxFileBytes`: the size of the input file itself.
 *
 * The defaults admit a 100,000-row E.81 (about 1.6 million cells, 50 MB of sheet XML; 200,000 rows
 * with content per sheet) and refuse
 * what would need gigabytes.
 */
import { InputError } from "../core/errors";

export interface ReadLimits {
  maxPartBytes: number;
  maxTotalBytes: number;
  maxCells: number;
  maxRows: number;
  maxFileBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxPartBytes: 256 * 1024 * 1024,
  maxTotalBytes: 320 * 1024 * 1024,
  maxCells: 2_500_000,
  maxRows: 200_000,
  maxFileBytes: 200 * 1024 * 1024,
};

/** Where reading stopped when a sheet went over a budget (for tests and callers; not in the message). */
export interface ReadProgress {
  sheet: string;
  /** The one-based row being read when the budget was exceeded. */
  row: number;
  /** Rows with content read in the sheet, cells read in the workbook, at that point. */
  rowsWithContent: number;
  cells: number;
}

/** A budget was exceeded: an InputError (exit 2) with a message naming the file and sheet. */
export class LimitError extends InputError {
  constructor(
    message: string,
    readonly progress?: ReadProgress,
  ) {
    super(message);
    this.name = "LimitError";
  }
}

export function mib(bytes: number): string {
  const m = bytes / (1024 * 1024);
  return m >= 10 ? `${Math.round(m)} MiB` : `${Math.round(m * 10) / 10} MiB`;
}

export function count(n: number): string {
  return n.toLocaleString("en-US");
}
