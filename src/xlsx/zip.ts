/**
 * The zip container of a package, one layer for the reader and the patching writer: the central
 * directory (zip64 sizes and offsets, data descriptors), an entry's compressed bytes, and a writer
 * that copies untouched entries raw.
 *
 * Why the writer copies raw instead of unzipping and zipping again: the copy must hold every part
 * Capaian does not change byte for byte, and a package may hold hundreds of megabytes of parts
 * Capaian never looks at (pictures, pivot caches, other sheets). Only the entries that are asked for
 * are inflated (by package.ts, within the reading budgets); every other entry's compressed bytes are
 * copied as they are (same method, CRC, sizes and timestamps), so the copy costs one pass over the
 * archive and the parts' content is identical by construction. New or changed entries are deflated
 * with Node's zlib (native; the CLI and the tests are the writer's only users).
 *
 * Not supported on writing (refused with a clear error): archives of 4 GiB or more, 65,535 entries
 * or more (no zip64 output).
 */

export interface ZipEntry {
  /** Entry name as stored (no leading "/"). */
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  /** Uncompressed size as declared by the central directory. */
  size: number;
  /** Offset of the local file header. */
  localOffset: number;
  /** General purpose flags (bit 0: encrypted). */
  flags: number;
  crc: number;
  /** MS-DOS time and date of the entry (kept when the entry is copied). */
  time: number;
  date: number;
}

/** A zip that cannot be read (or written) as one: the caller words the message for the user. */
export class NotZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotZipError";
  }
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 0x100000000;

function decodeName(bytes: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder("utf-8").decode(bytes);
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  // Most writers store UTF-8 without setting bit 11; decode as UTF-8 when it is valid.
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return s;
  }
}

/** Reads the central directory (with zip64 support). Throws NotZipError when there is none. */
export function listZip(data: Uint8Array): ZipEntry[] {
  const min = Math.max(0, data.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = data.length - 22; i >= min; i--) {
    if (data[i] === 0x50 && data[i + 1] === 0x4b && data[i + 2] === 0x05 && data[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new NotZipError("no end of central directory");
  let count = u16(data, eocd + 10);
  let cdOffset = u32(data, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc >= 0 && u32(data, loc) === 0x07064b50) {
      const z64 = Number(u64(data, loc + 8));
      if (z64 + 56 <= data.length && u32(data, z64) === 0x06064b50) {
        count = Number(u64(data, z64 + 32));
        cdOffset = Number(u64(data, z64 + 48));
      }
    }
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > data.length || u32(data, p) !== 0x02014b50) throw new NotZipError("damaged central directory");
    const flags = u16(data, p + 8);
    const method = u16(data, p + 10);
    const time = u16(data, p + 12);
    const date = u16(data, p + 14);
    const crc = u32(data, p + 16);
    let compressedSize = u32(data, p + 20);
    let size = u32(data, p + 24);
    const nameLen = u16(data, p + 28);
    const extraLen = u16(data, p + 30);
    const commentLen = u16(data, p + 32);
    let localOffset = u32(data, p + 42);
    const name = decodeName(data.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0);
    // zip64 extra field: the sizes and offset that do not fit 32 bits, in this order
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = u16(data, e);
      const len = u16(data, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) { size = u64(data, q); q += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = u64(data, q); q += 8; }
        if (localOffset === 0xffffffff) { localOffset = u64(data, q); q += 8; }
      }
      e += 4 + len;
    }
    entries.push({ name, method, compressedSize, size, localOffset, flags, crc, time, date });
    p = eEnd + commentLen;
  }
  return entries;
}

/** The entry's compressed bytes (a view into `data`). NotZipError when the entry is damaged. */
export function entryData(data: Uint8Array, e: ZipEntry): Uint8Array {
  const h = e.localOffset;
  if (h + 30 > data.length || u32(data, h) !== 0x04034b50) throw new NotZipError(`damaged entry ${e.name}`);
  const start = h + 30 + u16(data, h + 26) + u16(data, h + 28);
  const end = start + e.compressedSize;
  if (end > data.length) throw new NotZipError(`truncated entry ${e.name}`);
  return data.subarray(start, end);
}

// ---------------------------------------------------------------------------------------------
// Writing

type Zlib = typeof import("zlib");
let zlibModule: Zlib | undefined;
/** Node's zlib, loaded on first write (the add-in bundles this file for reading only). */
function zlib(): Zlib {
  if (!zlibModule) zlibModule = require("zlib") as Zlib;
  return zlibModule;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  const native = (zlib() as unknown as { crc32?: (d: Uint8Array) => number }).crc32;
  if (native) return native(data) >>> 0;
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** An entry of the copy: an original entry copied raw (its compressed bytes), or new data. */
export type ZipOutputItem =
  | { name: string; raw: { entry: ZipEntry; data: Uint8Array } }
  | { name: string; data: Uint8Array };

function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: (((d.getFullYear() - 1980) & 0x7f) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

const encoder = new TextEncoder();

/**
 * Write a zip: entries copied raw keep their compressed bytes, method, CRC and timestamps; new
 * data is deflated (or stored, when deflating does not make it smaller).
 */
export function writeZip(items: ZipOutputItem[], now = new Date()): Uint8Array {
  const stamp = dosDateTime(now);
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const item of items) {
    const nameBytes = encoder.encode(item.name);
    let method: number;
    let crc: number;
    let size: number;
    let payload: Uint8Array;
    let time = stamp.time;
    let date = stamp.date;
    if ("raw" in item) {
      const e = item.raw.entry;
      method = e.method;
      crc = e.crc;
      size = e.size;
      payload = item.raw.data;
      time = e.time;
      date = e.date;
    } else {
      crc = crc32(item.data);
      size = item.data.length;
      const deflated = item.data.length > 0 ? zlib().deflateRawSync(item.data, { level: 6 }) : item.data;
      method = deflated.length < item.data.length ? 8 : 0;
      payload = method === 8 ? deflated : item.data;
    }
    if (size >= 0xffffffff || payload.length >= 0xffffffff || offset >= 0xffffffff) {
      throw new NotZipError("the copy would be 4 GiB or more (not supported)");
    }
    const flags = 0x0800; // names are UTF-8
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    const cd = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    // The fields the local header and the central directory share, 2 bytes further in the latter.
    for (const [view, at] of [[lv, 6], [cv, 8]] as const) {
      view.setUint16(at, flags, true);
      view.setUint16(at + 2, method, true);
      view.setUint16(at + 4, time, true);
      view.setUint16(at + 6, date, true);
      view.setUint32(at + 8, crc, true);
      view.setUint32(at + 12, payload.length, true);
      view.setUint32(at + 16, size, true);
      view.setUint16(at + 20, nameBytes.length, true);
    }
    local.set(nameBytes, 30);
    cv.setUint32(42, offset, true);
    cd.set(nameBytes, 46);
    chunks.push(local, payload);
    central.push(cd);
    offset += local.length + payload.length;
  }
  const cdStart = offset;
  let cdSize = 0;
  for (const c of central) cdSize += c.length;
  if (cdStart + cdSize >= 0xffffffff || items.length >= 0xffff) throw new NotZipError("the copy would be too large for a zip without zip64");
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, items.length, true);
  ev.setUint16(10, items.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, cdStart, true);
  const out = new Uint8Array(cdStart + cdSize + 22);
  let p = 0;
  for (const c of [...chunks, ...central, end]) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}
