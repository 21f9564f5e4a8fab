/**
 * Reading the input file itself: only a regular file is read (a FIFO, device, socket or folder is
 * refused before any byte is read, so `/dev/zero` cannot grow without bound and a FIFO cannot block),
 * within the file-size budget. The file is opened read-only and never written.
 */
import * as fs from "fs";
import { InputError } from "../core/errors";
import { DEFAULT_LIMITS, LimitError, ReadLimits, mib } from "./limits";

function kindOf(st: fs.Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return "a folder, not a file";
  if (st.isFIFO()) return "a pipe (FIFO), not a file; save the workbook to a file first";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device, not a file";
  if (st.isSocket()) return "a socket, not a file";
  return "not a regular file";
}

function why(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "ENOTDIR":
      return "no such file (a part of the path is not a folder)";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "a folder, not a file";
    case "ELOOP":
      return "too many symbolic links";
    case "ENAMETOOLONG":
      return "the path is too long";
    default:
      return err instanceof Error ? err.message.split("\n")[0].replace(/^[A-Z]+: /, "") : String(err);
  }
}

/** Refuses what is not a readable regular file (without opening it). */
export function checkInputFile(file: string, limits: Partial<ReadLimits> = {}): fs.Stats {
  const max = limits.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${why(err)}`);
  }
  const k = kindOf(st);
  if (k) throw new InputError(`cannot read ${file}: it is ${k}`);
  if (st.size > max) throw new LimitError(`${file}: the file is ${mib(st.size)} (limit ${mib(max)}); not read. Split it into smaller workbooks`);
  return st;
}

/** The file's bytes, after the checks above (re-checked on the open descriptor). */
export function readInputFile(file: string, limits: Partial<ReadLimits> = {}): Buffer {
  const max = limits.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  checkInputFile(file, limits);
  let fd: number;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the check, opening does not block.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${why(err)}`);
  }
  try {
    const st = fs.fstatSync(fd);
    const k = kindOf(st);
    if (k) throw new InputError(`cannot read ${file}: it is ${k}`);
    if (st.size > max) throw new LimitError(`${file}: the file is ${mib(st.size)} (limit ${mib(max)}); not read`);
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = fs.readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === st.size ? buf : buf.subarray(0, off);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read ${file}: ${why(err)}`);
  } finally {
    fs.closeSync(fd);
  }
}
