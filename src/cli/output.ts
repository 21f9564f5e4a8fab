/**
 * Where `fill` writes its copy, and how. The input is never written:
 *
 * - input and output are compared by identity (device + inode of what the paths resolve to, and
 *   real paths), not by spelling: `-o` a symlink or hard link to the input, the input given through
 *   a symlink with `-o` its real path, `./x.xlsx` vs `x.xlsx` — all refused before anything is read;
 * - an existing output is replaced only with `--replace` (`--force` is about cells, not files);
 *   a folder, device or FIFO at the output path is refused;
 * - missing folders are created;
 * - the copy is written to a temporary file in the target folder and renamed into place, so that a
 *   crash or a full disk never leaves a half-written workbook at the output path, and a symlink at
 *   the output path is replaced (never written through). Identity is checked again just before the
 *   rename.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../core/errors";
import type { WritePlan } from "../core/model";
import { openPackage, patchWorkbook, workbookInfo } from "../xlsx/patch";
import { CT } from "../xlsx/patch-package";

export interface OutputOptions {
  /** Replace an existing file at the output path. */
  replace: boolean;
}

function statOrUndefined(p: string, follow: boolean): fs.Stats | undefined {
  try {
    return follow ? fs.statSync(p) : fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

function realOrResolved(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    // not existing (yet): resolve its folder as far as it exists
    const dir = path.dirname(path.resolve(p));
    if (dir === path.resolve(p)) return dir;
    return path.join(realOrResolved(dir), path.basename(p));
  }
}

function sameFile(a: fs.Stats, b: fs.Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

const REFUSE_SAME = "the output is the input file itself (same file through a link or another path); the input is never modified: choose another output";

/**
 * Refuse an output path that is the input (by identity), that exists without `replace`, or that
 * is not a regular file. Throws InputError; returns nothing when the path may be written.
 */
export function checkOutputPath(input: string, out: string, opts: OutputOptions): void {
  const inStat = statOrUndefined(input, true);
  const outStat = statOrUndefined(out, true); // what -o points to, through symlinks
  const outLink = statOrUndefined(out, false);
  if (inStat && outStat && sameFile(inStat, outStat)) throw new InputError(`${out}: ${REFUSE_SAME}`);
  if (realOrResolved(input) === realOrResolved(out)) throw new InputError(`${out}: ${REFUSE_SAME}`);
  if (outStat && outStat.isDirectory()) throw new InputError(`${out}: is a folder; give a file name for the copy`);
  if (outStat && !outStat.isFile()) throw new InputError(`${out}: is not a regular file (a device, pipe or socket); choose another output`);
  if (outLink && !opts.replace) {
    throw new InputError(`${out} already exists; nothing written. Add --replace to replace it, or choose another output`);
  }
}

/**
 * Write `data` to `out` through a temporary file in the target folder, renamed into place.
 * Creates missing folders. Checks the output path again (the input may not have become it).
 */
export function writeOutputFile(input: string, out: string, data: Uint8Array, opts: OutputOptions): void {
  checkOutputPath(input, out, opts);
  const dir = path.dirname(path.resolve(out));
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`cannot create the folder ${path.dirname(out)}: ${(err as Error).message.split("\n")[0]}`);
  }
  const tmp = path.join(dir, `.${path.basename(out)}.capaian-${process.pid}-${crypto.randomBytes(4).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, "wx", 0o666);
    let off = 0;
    while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    checkOutputPath(input, out, opts);
    fs.renameSync(tmp, out);
  } catch (err) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing to remove
    }
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot write ${out}: ${(err as Error).message.split("\n")[0]}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The copy itself

export interface FillCopyRequest {
  /** The input path (for identity checks and messages). */
  input: string;
  out: string;
  plan: WritePlan;
  values: boolean;
  replace: boolean;
  /**
   * The .xlsx package the plan was made from: the input's bytes, or the SheetJS conversion of a
   * non-.xlsx input (read.ts `readWorkbookFile(...).xlsxBytes`). Read from `input` when absent.
   */
  xlsxBytes?: Uint8Array;
  /** The input's format when it was not .xlsx (Book.sourceFormat), for the message. */
  sourceFormat?: string;
}

export interface FillCopyResult {
  chartsSkipped: number;
  written: number;
  /** Extra lines for the fill report (format conversion). */
  notes: string[];
}

const EXPECTED_EXT: Record<string, string> = {
  [CT.macroWorkbook]: ".xlsm",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": ".xlsx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": ".xltx",
  "application/vnd.ms-excel.template.macroEnabled.main+xml": ".xltm",
};

/**
 * Patch the plan into a copy of the input package and write it to `out` (see writeOutputFile).
 * Nothing is written when the plan runs into protection (InputError naming the sheet) or the
 * output name's extension would make Excel refuse the file.
 */
export function writeFillCopy(req: FillCopyRequest): FillCopyResult {
  checkOutputPath(req.input, req.out, { replace: req.replace });
  const sourceFormat = req.sourceFormat;
  let bytes = req.xlsxBytes;
  if (!bytes) {
    try {
      bytes = fs.readFileSync(req.input);
    } catch (err) {
      throw new InputError(`cannot read ${req.input}: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  const pkg = openPackage(bytes);
  const info = workbookInfo(pkg);
  const type = pkg.contentType(info.part) ?? "";
  const want = sourceFormat ? ".xlsx" : EXPECTED_EXT[type];
  const ext = path.extname(req.out).toLowerCase();
  if (want && ext !== want && (want === ".xlsm" || ext === ".xlsm" || ext === ".xls" || ext === ".xlsb" || ext === ".ods" || ext === ".csv")) {
    const why = want === ".xlsm" ? "the workbook holds macros (VBA), kept in the copy" : sourceFormat ? `the copy of a .${sourceFormat} input is an .xlsx workbook` : "the copy is an .xlsx workbook";
    throw new InputError(`${req.out}: ${why}; Excel opens it only under a ${want} name. Nothing written: name the output ${path.basename(req.out, path.extname(req.out))}${want}`);
  }
  const r = patchWorkbook(bytes, req.plan, { values: req.values });
  writeOutputFile(req.input, req.out, r.data, { replace: req.replace });
  const notes: string[] = [];
  if (sourceFormat) {
    notes.push(`  the input is .${sourceFormat}: the copy is a new .xlsx workbook with its values, formulas, merges and number formats (fonts, fills and other formatting of the original are not carried)`);
  }
  return { chartsSkipped: r.chartsSkipped, written: r.written, notes };
}
