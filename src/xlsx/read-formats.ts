/**
 * What a file is, by its content (magic bytes and the first characters), never by its extension;
 * and the other spreadsheet formats (.xls BIFF8, .xlsb, .ods, .fods, .csv, the HTML-table ".xls"
 * that web planning apps export, SpreadsheetML 2003) converted to an .xlsx package with SheetJS
 * (@e965/xlsx 0.20.3, the maintained SheetJS build published on npm). The converted package is then
 * read by the same streaming reader as any .xlsx, and `fill` can patch it as its copy.
 *
 * SheetJS Community Edition keeps values, formulas, merges, hidden sheets and number formats; it
 * does not carry fonts, fills or indents across formats.
 */
import type * as SheetJS from "@e965/xlsx";

/** SheetJS, loaded only for files that need it (it costs start-up time an .xlsx never needs). */
function sheetjs(): typeof SheetJS {
  return require("@e965/xlsx") as typeof SheetJS;
}
import { InputError } from "../core/errors";
import { listZip, NotZipError } from "./package";

export type FileKind =
  | "xlsx" // zip with a workbook part (xlsx, xlsm, xltx)
  | "xlsb"
  | "ods"
  | "zip-other"
  | "xls" // OLE compound file with a Workbook / Book stream
  | "encrypted" // OLE compound file with EncryptionInfo / EncryptedPackage (password-protected OOXML)
  | "ole-other"
  | "biff" // bare BIFF stream (old Excel 2–4)
  | "fods"
  | "xml2003"
  | "html"
  | "csv"
  | "text" // text with no delimiter: not a table
  | "pdf"
  | "empty"
  | "binary";

export interface Detected {
  kind: FileKind;
  /** For messages: what the file seems to be. */
  what: string;
}

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(b: Uint8Array, sig: number[]): boolean {
  if (b.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig[i]) return false;
  return true;
}

function headText(b: Uint8Array, n = 4096): string {
  const slice = b.subarray(0, Math.min(b.length, n));
  if (slice.length >= 2 && slice[0] === 0xff && slice[1] === 0xfe) return new TextDecoder("utf-16le").decode(slice.subarray(2));
  if (slice.length >= 2 && slice[0] === 0xfe && slice[1] === 0xff) return new TextDecoder("utf-16be").decode(slice.subarray(2));
  return new TextDecoder("utf-8").decode(slice).replace(/^\uFEFF/, "");
}

function looksText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 8192);
  if (n >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return true;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) return false;
    if (c < 9 || (c > 13 && c < 32)) control++;
  }
  return control <= n / 100;
}

export function detect(bytes: Uint8Array): Detected {
  if (bytes.length === 0) return { kind: "empty", what: "an empty file" };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    let names: string[];
    try {
      names = listZip(bytes).map((e) => e.name.replace(/^\//, "").toLowerCase());
    } catch (err) {
      if (err instanceof NotZipError) return { kind: "zip-other", what: "a damaged or truncated zip archive" };
      throw err;
    }
    const has = (n: string) => names.includes(n);
    if (names.some((n) => n.endsWith(".bin") && n.startsWith("xl/workbook"))) return { kind: "xlsb", what: "an Excel binary workbook (.xlsb)" };
    if (has("[content_types].xml") && (has("_rels/.rels") || names.some((n) => n.startsWith("xl/")))) {
      if (names.some((n) => n.startsWith("word/"))) return { kind: "zip-other", what: "a Word document (.docx)" };
      if (names.some((n) => n.startsWith("ppt/"))) return { kind: "zip-other", what: "a PowerPoint presentation (.pptx)" };
      return { kind: "xlsx", what: "an Excel workbook (.xlsx)" };
    }
    if (has("mimetype") || has("content.xml")) {
      const head = headText(bytes, 200);
      if (/opendocument\.spreadsheet/.test(head) || (has("content.xml") && !/opendocument\.(text|presentation|graphics)/.test(head))) {
        return { kind: "ods", what: "an OpenDocument spreadsheet (.ods)" };
      }
      return { kind: "zip-other", what: "an OpenDocument file that is not a spreadsheet" };
    }
    return { kind: "zip-other", what: "a zip archive that is not a spreadsheet" };
  }
  if (startsWith(bytes, CFB_MAGIC)) {
    let names: string[] = [];
    try {
      const cfb = sheetjs().CFB.read(bytes, { type: "array" } as never) as { FullPaths: string[] };
      names = cfb.FullPaths.map((p) => p.replace(/\/$/, "").split("/").pop()!.toLowerCase());
    } catch {
      return { kind: "ole-other", what: "a damaged Office (OLE) file" };
    }
    if (names.includes("encryptioninfo") || names.includes("encryptedpackage")) return { kind: "encrypted", what: "a password-protected Excel workbook" };
    if (names.includes("workbook") || names.includes("book")) return { kind: "xls", what: "an Excel 97–2003 workbook (.xls)" };
    if (names.includes("worddocument")) return { kind: "ole-other", what: "a Word 97–2003 document (.doc)" };
    if (names.includes("powerpoint document")) return { kind: "ole-other", what: "a PowerPoint 97–2003 presentation (.ppt)" };
    return { kind: "ole-other", what: "an Office (OLE) file that is not an Excel workbook" };
  }
  if (bytes.length >= 4 && bytes[0] === 0x09 && (bytes[1] === 0x00 || bytes[1] === 0x02 || bytes[1] === 0x04 || bytes[1] === 0x08) && bytes[3] === 0x00) {
    return { kind: "biff", what: "an old Excel workbook (BIFF)" };
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return { kind: "pdf", what: "a PDF document" };
  if (!looksText(bytes)) return { kind: "binary", what: "a binary file that is not a spreadsheet" };
  const head = headText(bytes).trimStart();
  const lower = head.slice(0, 4096).toLowerCase();
  if (lower.startsWith("<?xml") || lower.startsWith("<office:document") || lower.startsWith("<workbook")) {
    if (/office:document/.test(lower) && /opendocument\.spreadsheet|office:spreadsheet|<office:body/.test(lower)) return { kind: "fods", what: "a flat OpenDocument spreadsheet (.fods)" };
    if (/urn:schemas-microsoft-com:office:spreadsheet/.test(lower)) return { kind: "xml2003", what: "an Excel 2003 XML spreadsheet" };
    if (/<html|<table/.test(lower)) return { kind: "html", what: "a web page (HTML table) saved with an Excel name" };
    if (/office:document/.test(lower)) return { kind: "fods", what: "a flat OpenDocument file (.fods)" };
    return { kind: "binary", what: "an XML file that is not a spreadsheet" };
  }
  if (/^(<!doctype html|<html|<table|<head|<body|<meta|<style|<div|<!--)/.test(lower) || /<table[\s>]/.test(lower)) {
    return { kind: "html", what: "a web page (HTML table) saved with an Excel name" };
  }
  const lines = head.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (!/[,;\t|]/.test(head) && lines.length < 2) return { kind: "text", what: "a text file without a table (no commas, semicolons or tabs)" };
  return { kind: "csv", what: "a text file (CSV)" };
}

const PASSWORD = (file: string) =>
  new InputError(`cannot read ${file}: it is password-protected: open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password), save, try again`);

/** Converts a non-.xlsx spreadsheet to an .xlsx package (bytes). Throws InputError with advice. */
export function convertToXlsx(bytes: Uint8Array, file: string, d: Detected = detect(bytes)): Uint8Array {
  if (d.kind === "encrypted") throw PASSWORD(file);
  let wb: SheetJS.WorkBook;
  try {
    const opts: SheetJS.ParsingOptions = { type: "array", cellFormula: true, cellNF: true, cellDates: false, cellStyles: false, WTF: false };
    if (d.kind === "csv") {
      // Text: let SheetJS decode (UTF-8 with or without BOM, UTF-16) and keep cells as written.
      opts.raw = false;
    }
    wb = sheetjs().read(bytes, opts);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (/password|encrypt/i.test(why)) throw PASSWORD(file);
    throw new InputError(`cannot read ${file}: it seems to be ${d.what}, but it is damaged or uses features the reader does not know; open it in Excel or LibreOffice and save it as .xlsx`);
  }
  if (!wb.SheetNames || wb.SheetNames.length === 0) throw new InputError(`cannot read ${file}: ${d.what} with no sheets`);
  // Formulas SheetJS could not translate come back as undefined; values stay.
  try {
    const out = sheetjs().write(wb, { type: "array", bookType: "xlsx", compression: true }) as ArrayBuffer;
    return new Uint8Array(out);
  } catch {
    throw new InputError(`cannot read ${file}: it seems to be ${d.what}, but it could not be converted; open it in Excel or LibreOffice and save it as .xlsx`);
  }
}

/** The format name kept in Book.sourceFormat. */
export function formatName(kind: FileKind): string {
  switch (kind) {
    case "biff":
      return "xls";
    default:
      return kind;
  }
}

/** The message for a file that is not a spreadsheet at all. */
export function notSpreadsheet(file: string, d: Detected): InputError {
  switch (d.kind) {
    case "empty":
      return new InputError(`cannot read ${file}: the file is empty (0 bytes); copy the workbook again from its source`);
    case "pdf":
      return new InputError(`cannot read ${file}: it is a PDF document, not a spreadsheet; export the table from its source application as .xlsx`);
    case "encrypted":
      return PASSWORD(file);
    default:
      return new InputError(`cannot read ${file}: not an .xlsx workbook (nor .xls, .ods or .csv): it seems to be ${d.what}; open it in Excel and save it as .xlsx`);
  }
}
