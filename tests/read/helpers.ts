/** Test helpers: build .xlsx packages by hand (huge sheets generated streaming, small on disk). */
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import * as zlib from "zlib";

export interface RawEntry {
  name: string;
  /** Deflated bytes (method 8) or stored bytes (method 0). */
  data: Uint8Array;
  size: number;
  method: 0 | 8;
}

/** A zip from raw entries (CRC left 0: the reader does not check it). */
export function zipRaw(entries: RawEntry[], declaredSize?: (e: RawEntry) => number): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const size = declaredSize ? declaredSize(e) : e.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, Buffer.from(e.data));
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x800, 8);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt32LE(e.data.length, 20);
    cd.writeUInt32LE(size >>> 0, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + e.data.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, end]);
}

/** Deflates text produced piece by piece (never held whole). */
export async function deflatePieces(pieces: () => Generator<string>): Promise<{ data: Buffer; size: number }> {
  const d = zlib.createDeflateRaw({ level: 9, memLevel: 9 });
  const out: Buffer[] = [];
  d.on("data", (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => {
    d.on("end", resolve);
    d.on("error", reject);
  });
  let size = 0;
  for (const p of pieces()) {
    const b = Buffer.from(p, "utf8");
    size += b.length;
    if (!d.write(b)) await new Promise((r) => d.once("drain", r));
  }
  d.end();
  await done;
  return { data: Buffer.concat(out), size };
}

/**
 * A real exceljs workbook's entries with `xl/worksheets/sheet1.xml` replaced. `declaredSize`: the
 * sheet's uncompressed size as the zip directory states it (a lying directory), default the real one.
 */
export async function workbookWithSheet(sheet: { data: Uint8Array; size: number }, sheetName = "Data", declaredSize?: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet(sheetName).getCell("A1").value = 1;
  const files = unzipSync(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  const entries: RawEntry[] = [];
  for (const [name, bytes] of Object.entries(files)) {
    if (name === "xl/worksheets/sheet1.xml") entries.push({ name, data: sheet.data, size: sheet.size, method: 8 });
    else entries.push({ name, data: bytes, size: bytes.length, method: 0 });
  }
  return zipRaw(entries, (e) => (e.name === "xl/worksheets/sheet1.xml" && declaredSize !== undefined ? declaredSize : e.size));
}

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const TAIL = "</sheetData></worksheet>";

/** Sheet XML of `rows` rows, one number per row (a 1,048,576-row sheet is about 45 MiB). */
export function* manyRows(rows: number): Generator<string> {
  yield HEAD;
  let buf = "";
  for (let r = 1; r <= rows; r++) {
    buf += `<row r="${r}"><c r="A${r}"><v>${r % 97}</v></c></row>`;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = "";
    }
  }
  yield buf + TAIL;
}

/** Sheet XML padded with `mib` MiB of blank rows' worth of whitespace-free markup (a zip bomb). */
export function* padded(mib: number): Generator<string> {
  yield HEAD + '<row r="1"><c r="A1"><v>1</v></c></row>';
  const block = "<!--" + "x".repeat((1 << 20) - 7) + "-->";
  for (let i = 0; i < mib; i++) yield block;
  yield TAIL;
}
