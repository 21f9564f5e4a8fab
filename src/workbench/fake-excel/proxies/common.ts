/**
 * What every proxy of the stand-in shares: the run and host options (API version, request and
 * response limits, settings caps), Excel's sheet bounds, and the errors commands throw
 * (ItemNotFound, InvalidArgument, AccessDenied on a protected sheet).
 */
import { FakeOfficeError, officeError, PROTECTED_MESSAGE } from "../errors";
import type { MemSheet } from "../workbook";

export type Op = () => void;

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

export interface RunOptions {
  delayForCellEdit?: boolean;
  /** ExcelApi 1.20: the batch's syncs form one Ctrl+Z step. */
  mergeUndoGroup?: boolean;
}

export interface FakeExcelOptions {
  /** Milliseconds each sync waits, to make busy states visible in the workbench (default 0). */
  latencyMs?: number;
  /**
   * Highest ExcelApi requirement set of the simulated host. A command from a newer set fails at
   * sync with ApiNotFound, as on an older Excel. Default: everything.
   */
  apiVersion?: string;
  /** Request payload limit in bytes (Excel on the web: 5 MB); a larger sync fails, nothing applied. */
  payloadLimit?: number;
  /**
   * Response payload limit in bytes (Excel on the web: 5 MB): a sync whose loads return more fails
   * with ResponsePayloadSizeLimitExceeded (its commands were applied; nothing loaded is readable).
   */
  responseLimit?: number;
  /** Total size of an add-in's settings (Microsoft: 2 MB); a write beyond it fails with InvalidArgument. */
  settingsLimit?: number;
  /** Size of one setting value beyond which add() fails with InvalidArgument (Excel 2021: about 1 MB). */
  settingValueLimit?: number;
}

export const DEFAULT_PAYLOAD_LIMIT = 5 * 1024 * 1024;
export const DEFAULT_RESPONSE_LIMIT = 5 * 1024 * 1024;
export const DEFAULT_SETTINGS_LIMIT = 2 * 1024 * 1024;
/** getMergedAreasOrNullObject fails when the range holds more merged areas than this. */
export const MAX_MERGED_AREAS = 512;
/** Width in points of a column nobody sized (Calibri 11: 8.43 characters). */
export const STANDARD_WIDTH = 48;
/** Approximate bytes of one command in a request, besides its data. */
export const COMMAND_BYTES = 100;

export function versionAtMost(v: string, max: string): boolean {
  const a = v.split(".").map(Number);
  const b = max.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return true;
}

export function jsonBytes(v: unknown): number {
  try {
    return JSON.stringify(v ?? null).length;
  } catch {
    return 0;
  }
}

export function itemNotFound(location: string): FakeOfficeError {
  return officeError("ItemNotFound", "The requested resource doesn't exist.", location);
}

export function invalidArgument(location: string, detail?: string): FakeOfficeError {
  return officeError("InvalidArgument", detail ?? "The argument is invalid or missing or has an incorrect format.", location);
}

export function assertWritable(sheet: MemSheet, location: string): void {
  if (sheet.protected) throw officeError("AccessDenied", PROTECTED_MESSAGE, location);
}
