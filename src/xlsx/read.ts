/**
 * Reading a workbook file into engine Grids.
 *
 * `readBook` is the reader: the file's format is detected by content; .xlsx / .xlsm go through the
 * streaming package reader (read-xlsx.ts, sheet-reader.ts: fflate + saxes, cells straight into the
 * Grid, budgets checked while reading); .xls, .xlsb, .ods, .fods, .csv, HTML-table and 2003-XML
 * files are first converted to an .xlsx package with SheetJS (read-formats.ts) and then read the
 * same way. `book.sourceFormat` says what the file was.
 *
 * `loadWorkbook` / `bookFromWorkbook` are the earlier exceljs path, kept for the exceljs-based
 * writer (write.ts) and as the reference the streaming reader is compared with
 * (tests/read/compare.test.ts).
 */
import * as path from "path";
import type ExcelJS from "exceljs";

/** exceljs, loaded only when the exceljs path is used (it costs start-up time the CLI does not need). */
function exceljs(): typeof ExcelJS {
  const m = require("exceljs") as typeof ExcelJS & { default?: typeof ExcelJS };
  return m.default ?? m;
}
import { Book, CellData, Grid, Scalar, parseAreaA1 } from "../core/grid";
import { InputError } from "../core/errors";
import { LimitError, ReadLimits } from "./limits";
import { NotZipError } from "./package";
import { readInputFile } from "./read-file";
import { Detected, convertToXlsx, detect, formatName, notSpreadsheet } from "./read-formats";
import { XlsxReadResult, readXlsxBytes } from "./read-xlsx";

export interface ReadOptions {
  limits?: Partial<ReadLimits>;
}

export interface ReadResult extends XlsxReadResult {
  /** What the input was, by content. */
  detected: Detected;
  /**
   * The .xlsx package the book was read from: the input's own bytes for .xlsx / .xlsm, or the
   * SheetJS conversion for other formats (what `fill` should patch and write as its copy).
   */
  xlsxBytes: Uint8Array;
}

function toBytes(source: Buffer | ArrayBuffer | Uint8Array): Uint8Array {
  if (source instanceof Uint8Array) return source;
  return new Uint8Array(source);
}

/** Reads a workbook (path or bytes) with everything the writer needs: package, parts, format. */
export function readWorkbookFile(source: string | Buffer | ArrayBuffer | Uint8Array, name?: string, options: ReadOptions = {}): ReadResult {
  const file = name ?? (typeof source === "string" ? source : "workbook.xlsx");
  const bytes = typeof source === "string" ? readInputFile(source, options.limits) : toBytes(source);
  const detected = detect(bytes);
  if (detected.kind === "csv") {
    // Text is read as a table only under a name that says so (.csv, .tsv, .txt, or the .xls that web
    // apps give their text exports) or no extension. Under a zip format's name (.xlsx, .ods) it is
    // not what it claims (a letter, an error page); under another (.md, .json) it is not a table.
    const ext = /\.([A-Za-z0-9]{1,5})$/.exec(path.basename(file))?.[1]?.toLowerCase();
    if (ext && !["csv", "tsv", "txt", "tab", "prn", "xls"].includes(ext)) {
      const claim = ["xlsx", "xlsm", "xltx", "xltm", "xlsb", "ods"].includes(ext) ? `not an .${ext} workbook: ` : "";
      throw new InputError(`cannot read ${file}: ${claim}it is a text file; if it is a table saved as CSV, rename it to .csv`);
    }
  }
  let xlsxBytes = bytes;
  switch (detected.kind) {
    case "xlsx":
      break;
    case "xls":
    case "biff":
    case "xlsb":
    case "ods":
    case "fods":
    case "xml2003":
    case "html":
    case "csv":
    case "encrypted":
      xlsxBytes = convertToXlsx(bytes, file, detected);
      break;
    default:
      throw notSpreadsheet(file, detected);
  }
  let result: XlsxReadResult;
  try {
    result = readXlsxBytes(xlsxBytes, file, options.limits);
  } catch (err) {
    if (err instanceof InputError) throw err;
    if (err instanceof NotZipError) throw new InputError(`cannot read ${file}: it seems to be ${detected.what}, but the zip is damaged or truncated; copy it again from its source, or open it in Excel and save it again`);
    if (err instanceof RangeError) throw new LimitError(`${file}: the workbook is too large to read in memory; split it into smaller workbooks`);
    // Never internal text in a message: say what the file seems to be and what to do.
    throw new InputError(`cannot read ${file}: it seems to be ${detected.what}, but its contents are damaged; open it in Excel and save it again`);
  }
  if (detected.kind !== "xlsx") result.book.sourceFormat = formatName(detected.kind);
  return { ...result, detected, xlsxBytes };
}

export async function readBook(source: string | Buffer | ArrayBuffer | Uint8Array, name?: string, options: ReadOptions = {}): Promise<Book> {
  return readWorkbookFile(source, name, options).book;
}

export async function loadWorkbook(source: string | Buffer | ArrayBuffer): Promise<ExcelJS.Workbook> {
  const wb = new (exceljs().Workbook)();
  try {
    if (typeof source === "string") await wb.xlsx.readFile(source);
    else await wb.xlsx.load(source as ArrayBuffer);
  } catch (err) {
    const what = typeof source === "string" ? source : "the workbook";
    const why = err instanceof Error ? err.message : String(err);
    if (/ENOENT|File not found/.test(why)) throw new InputError(`cannot read ${what}: no such file`);
    if (/EISDIR|EACCES/.test(why)) throw new InputError(`cannot read ${what}: ${why.split("\n")[0]}`);
    throw new InputError(`cannot read ${what}: not an .xlsx workbook (${why.split("\n")[0]})`);
  }
  return wb;
}

/** The earlier exceljs-based reader (reference for the comparison test). */
export async function readBookWithExceljs(source: string | Buffer | ArrayBuffer, name?: string): Promise<Book> {
  const wb = await loadWorkbook(source);
  return bookFromWorkbook(wb, name ?? (typeof source === "string" ? source : "workbook.xlsx"));
}

export function bookFromWorkbook(wb: ExcelJS.Workbook, name: string): Book {
  return { name, sheets: wb.worksheets.map(gridFromWorksheet) };
}

function richText(v: { richText: { text: string }[] }): string {
  return v.richText.map((t) => t.text).join("");
}

function plainScalar(v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return richText(o as { richText: { text: string }[] });
    if (typeof o.text === "string") return o.text; // hyperlink
    if (typeof o.error === "string") return o.error;
  }
  return String(v);
}

function noteText(note: unknown): string | undefined {
  if (!note) return undefined;
  if (typeof note === "string") return note;
  const texts = (note as { texts?: { text: string }[] }).texts;
  return texts ? texts.map((t) => t.text).join("") : undefined;
}

export function gridFromWorksheet(ws: ExcelJS.Worksheet): Grid {
  const grid = new Grid(ws.name);
  const rowCount = ws.rowCount;
  for (let r = 1; r <= rowCount; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    if (row.hidden) grid.hiddenRows.add(r - 1);
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cell.type === exceljs().ValueType.Merge) return; // value lives in the master cell
      const raw = cell.value as unknown;
      const data: CellData = { v: null };
      let isError = false;
      if (raw !== null && typeof raw === "object" && !(raw instanceof Date)) {
        const o = raw as Record<string, unknown>;
        if ("formula" in o || "sharedFormula" in o) {
          const f = cell.formula;
          if (f) data.f = "=" + f;
          const result = o.result as unknown;
          if (result && typeof result === "object" && typeof (result as { error?: unknown }).error === "string") {
            isError = true;
          }
          data.v = plainScalar(result);
        } else {
          if (typeof o.error === "string") isError = true;
          data.v = plainScalar(raw);
        }
      } else {
        data.v = plainScalar(raw);
      }
      if (isError) data.error = true;
      const fmt = cell.numFmt;
      if (fmt && fmt !== "General") data.fmt = fmt;
      if (cell.font?.bold) data.bold = true;
      if (cell.font?.italic) data.italic = true;
      const indent = cell.alignment?.indent;
      if (indent) data.indent = indent;
      const fill = cell.fill as ExcelJS.FillPattern | undefined;
      if (fill && fill.type === "pattern" && fill.pattern === "solid" && fill.fgColor?.argb) {
        data.fill = "#" + fill.fgColor.argb.slice(-6).toUpperCase();
      }
      const note = noteText(cell.note);
      if (note) data.note = note;
      grid.set(r - 1, c - 1, data);
    });
  }
  const colCount = ws.columnCount;
  for (let c = 1; c <= colCount; c++) {
    if (ws.getColumn(c).hidden) grid.hiddenCols.add(c - 1);
  }
  const merges = (ws.model as unknown as { merges?: string[] }).merges ?? [];
  for (const m of merges) {
    const area = parseAreaA1(m);
    if (area) grid.addMerge(area);
  }
  if ((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet) grid.protected = true;
  return grid;
}
