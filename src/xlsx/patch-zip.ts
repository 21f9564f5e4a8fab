/**
 * A zip archive read lazily and written back with the untouched entries copied raw.
 *
 * Why not unzip everything and zip it again: the copy must hold every part Capaian does not change
 * byte for byte, and a package may hold hundreds of megabytes of parts Capaian never looks at
 * (pictures, pivot caches, other sheets). Here only the entries that are asked for are inflated;
 * every other entry's compressed bytes are copied as they are (same method, CRC and sizes), so the
 * copy costs one pass over the archive and the parts' content is identical by construction.
 *
 * Node's zlib does the (de)compression (native, several times faster than a JS inflater on the
 * multi-megabyte sheets of real workbooks); the CLI and the tests are its only users.
 *
 * Supported: stored (0) and deflated (8) entries, data descriptors, zip64 sizes and offsets on
 * reading. Not supported (refused with a clear error): encrypted entries, multi-disk archives,
 * output entries or archives of 4 GiB or more.
 */
import * as zlib from "zlib";

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipError";
  }
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  time: number;
  date: number;
  /** Offset of the entry's compressed data in the archive. */
  dataOffset: number;
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

const nativeCrc = (zlib as unknown as { crc32?: (d: Uint8Array) => number }).crc32;

export function crc32(data: Uint8Array): number {
  if (nativeCrc) return nativeCrc(data) >>> 0;
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const decoder = new TextDecoder("utf-8");
const encoder = new TextEncoder();

export class ZipArchive {
  private readonly data: Uint8Array;
  private readonly view: DataView;
  private readonly entries = new Map<string, Entry>();
  private readonly lower = new Map<string, string>();
  /** Entry names in archive order. */
  readonly names: string[] = [];

  constructor(data: Uint8Array) {
    this.data = data;
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.readDirectory();
  }

  private u16(o: number): number {
    return this.view.getUint16(o, true);
  }
  private u32(o: number): number {
    return this.view.getUint32(o, true);
  }
  private u64(o: number): number {
    return this.view.getUint32(o, true) + this.view.getUint32(o + 4, true) * 0x100000000;
  }

  private readDirectory(): void {
    const d = this.data;
    if (d.length < 22) throw new ZipError("not a zip archive (too short)");
    let eocd = -1;
    for (let i = d.length - 22; i >= Math.max(0, d.length - 22 - 0xffff); i--) {
      if (d[i] === 0x50 && d[i + 1] === 0x4b && d[i + 2] === 0x05 && d[i + 3] === 0x06) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipError("not a zip archive (no end of central directory)");
    if (this.u16(eocd + 4) !== 0 || this.u16(eocd + 6) !== 0) throw new ZipError("multi-disk zip archives are not supported");
    let count = this.u16(eocd + 10);
    let cdOffset = this.u32(eocd + 16);
    if (cdOffset === 0xffffffff || count === 0xffff) {
      const loc = eocd - 20;
      if (loc >= 0 && this.u32(loc) === 0x07064b50) {
        const z64 = this.u64(loc + 8);
        if (this.u32(z64) !== 0x06064b50) throw new ZipError("broken zip64 end of central directory");
        count = this.u64(z64 + 32);
        cdOffset = this.u64(z64 + 48);
      }
    }
    let p = cdOffset;
    for (let i = 0; i < count; i++) {
      if (p + 46 > d.length || this.u32(p) !== 0x02014b50) throw new ZipError("broken zip central directory");
      const flags = this.u16(p + 8);
      const method = this.u16(p + 10);
      const time = this.u16(p + 12);
      const date = this.u16(p + 14);
      const crc = this.u32(p + 16);
      let compressedSize = this.u32(p + 20);
      let size = this.u32(p + 24);
      const nameLen = this.u16(p + 28);
      const extraLen = this.u16(p + 30);
      const commentLen = this.u16(p + 32);
      let localOffset = this.u32(p + 42);
      const name = decoder.decode(d.subarray(p + 46, p + 46 + nameLen));
      // zip64 extra field: the sizes and offset that do not fit 32 bits, in this order.
      let e = p + 46 + nameLen;
      const eEnd = e + extraLen;
      while (e + 4 <= eEnd) {
        const id = this.u16(e);
        const len = this.u16(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (size === 0xffffffff) { size = this.u64(q); q += 8; }
          if (compressedSize === 0xffffffff) { compressedSize = this.u64(q); q += 8; }
          if (localOffset === 0xffffffff) { localOffset = this.u64(q); q += 8; }
        }
        e += 4 + len;
      }
      if (this.u32(localOffset) !== 0x04034b50) throw new ZipError(`broken zip entry ${name}`);
      const dataOffset = localOffset + 30 + this.u16(localOffset + 26) + this.u16(localOffset + 28);
      if (dataOffset + compressedSize > d.length) throw new ZipError(`truncated zip entry ${name}`);
      if (!this.entries.has(name)) {
        this.entries.set(name, { name, method, flags, crc, compressedSize, size, time, date, dataOffset });
        this.lower.set(name.toLowerCase(), name);
        this.names.push(name);
      }
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  /** The entry's name as stored, looked up case-insensitively (OPC part names are). */
  find(name: string): string | undefined {
    const n = name.replace(/^\//, "");
    return this.entries.has(n) ? n : this.lower.get(n.toLowerCase());
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }

  /** Uncompressed size as declared by the central directory. */
  size(name: string): number | undefined {
    const n = this.find(name);
    return n === undefined ? undefined : this.entries.get(n)!.size;
  }

  read(name: string): Uint8Array | undefined {
    const n = this.find(name);
    if (n === undefined) return undefined;
    const e = this.entries.get(n)!;
    if (e.flags & 1) throw new ZipError(`encrypted zip entry ${n}`);
    const raw = this.data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    if (e.method === 0) return raw;
    if (e.method === 8) {
      let out: Uint8Array;
      try {
        // the declared size bounds the output: a lying entry cannot expand without limit
        out = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
      } catch (err) {
        throw new ZipError(`zip entry ${n} cannot be inflated (${(err as Error).message})`);
      }
      if (out.length !== e.size) throw new ZipError(`zip entry ${n} is damaged (size ${out.length}, declared ${e.size})`);
      return out;
    }
    throw new ZipError(`zip entry ${n} uses compression method ${e.method}`);
  }

  text(name: string): string | undefined {
    const b = this.read(name);
    return b === undefined ? undefined : decoder.decode(b);
  }

  /** The raw entry, for copying. */
  entry(name: string): Entry | undefined {
    const n = this.find(name);
    return n === undefined ? undefined : this.entries.get(n);
  }

  rawData(e: Entry): Uint8Array {
    return this.data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
  }
}

export type ZipOutputItem =
  | { name: string; copyFrom: ZipArchive }
  | { name: string; data: Uint8Array };

function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: (((d.getFullYear() - 1980) & 0x7f) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/**
 * Write a zip: entries copied from an archive keep their compressed bytes, CRC and timestamps;
 * new data is deflated.
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
    if ("copyFrom" in item) {
      const e = item.copyFrom.entry(item.name);
      if (!e) throw new ZipError(`no entry ${item.name} to copy`);
      method = e.method;
      crc = e.crc;
      size = e.size;
      payload = item.copyFrom.rawData(e);
      time = e.time;
      date = e.date;
    } else {
      crc = crc32(item.data);
      size = item.data.length;
      const deflated = item.data.length > 0 ? zlib.deflateRawSync(item.data, { level: 6 }) : item.data;
      if (deflated.length < item.data.length) {
        method = 8;
        payload = deflated;
      } else {
        method = 0;
        payload = item.data;
      }
    }
    if (size >= 0xffffffff || payload.length >= 0xffffffff || offset >= 0xffffffff) {
      throw new ZipError("the copy would be 4 GiB or more (not supported)");
    }
    const flags = 0x0800; // names are UTF-8
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, time, true);
    lv.setUint16(12, date, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, payload.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, nameBytes.length, true);
    lv.setUint16(28, 0, true);
    local.set(nameBytes, 30);
    const cd = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, time, true);
    cv.setUint16(14, date, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, payload.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    cd.set(nameBytes, 46);
    chunks.push(local, payload);
    central.push(cd);
    offset += local.length + payload.length;
  }
  const cdStart = offset;
  let cdSize = 0;
  for (const c of central) cdSize += c.length;
  if (cdStart + cdSize >= 0xffffffff || items.length >= 0xffff) throw new ZipError("the copy would be too large for a zip without zip64");
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, items.length, true);
  ev.setUint16(10, items.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, cdStart, true);
  const out = new Uint8Array(cdStart + cdSize + 22);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  for (const c of central) {
    out.set(c, p);
    p += c.length;
  }
  out.set(end, p);
  return out;
}
