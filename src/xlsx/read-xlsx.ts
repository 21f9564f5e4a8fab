/**
 * .xlsx / .xlsm package → Book with the streaming sheet reader. Parts are found through the
 * package's relationships: the workbook from `_rels/.rels`, sheets, shared strings and styles from
 * the workbook's relationships, comments from each sheet's.
 */
import { InputError } from "../core/errors";
import { Book, Grid } from "../core/grid";
import { ReadLimits } from "./limits";
import { WorkbookInfo, XlsxPackage, XmlError, openPackage } from "./package";
import { parseStyles } from "./read-styles";
import { ReadContext, parseComments, parseSharedStrings, readSheet } from "./sheet-reader";

export interface XlsxReadResult {
  book: Book;
  pkg: XlsxPackage;
  workbook: WorkbookInfo;
  /** Sheet name → its worksheet part (only sheets read into the book). */
  sheetParts: Map<string, string>;
}

function wrapXml<T>(file: string, what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof InputError) throw err;
    if (err instanceof XmlError) throw new InputError(`cannot read ${file}: ${what} is damaged (its XML is not well formed); open it in Excel and save it again`);
    throw err;
  }
}

/** Reads an opened package. `file` names it in messages. */
export function readXlsxPackage(pkg: XlsxPackage, file: string): XlsxReadResult {
  const workbook = wrapXml(file, "the workbook part", () => pkg.workbook());
  if (!workbook) {
    throw new InputError(`cannot read ${file}: it is a zip archive but not an Excel workbook (no workbook part); open it in Excel and save it as .xlsx`);
  }
  const notes: string[] = [];
  const ssRel = pkg.relOfKind(workbook.part, "sharedStrings");
  const sharedStrings = ssRel?.part ? wrapXml(file, "the shared strings part", () => parseSharedStrings(pkg.text(ssRel.part!, "the shared strings part"))) : [];
  const stRel = pkg.relOfKind(workbook.part, "styles");
  const styles = stRel?.part ? wrapXml(file, "the styles part", () => parseStyles(pkg.text(stRel.part!, "the styles part"))) : [];
  const ctx: ReadContext = { pkg, file, sharedStrings, styles, date1904: workbook.date1904, cells: 0 };
  const sheets: Grid[] = [];
  const sheetParts = new Map<string, string>();
  for (const s of workbook.sheets) {
    if (s.kind !== "worksheet") continue; // chart sheets, dialog / macro sheets hold no table
    if (!s.part || !pkg.has(s.part)) {
      notes.push(`sheet "${s.name}" is listed in the workbook but its part is missing; skipped`);
      continue;
    }
    const cRel = pkg.relOfKind(s.part, "comments");
    const comments = cRel?.part ? wrapXml(file, `the notes of sheet "${s.name}"`, () => parseComments(pkg.text(cRel.part!, `the notes of sheet "${s.name}"`))) : new Map<string, string>();
    const grid = readSheet(ctx, { name: s.name, part: s.part }, comments);
    if (s.state !== "visible") grid.hidden = s.state;
    sheets.push(grid);
    sheetParts.set(s.name, s.part);
  }
  const ext = /\.xlsm$/i.test(file) || /macroEnabled/i.test(pkg.contentType(workbook.part) ?? "") ? "xlsm" : "xlsx";
  const book: Book = { name: file, sheets, sourceFormat: ext };
  if (notes.length) book.readNotes = notes;
  return { book, pkg, workbook, sheetParts };
}

export function readXlsxBytes(bytes: Uint8Array, file: string, limits?: Partial<ReadLimits>): XlsxReadResult {
  return readXlsxPackage(openPackage(bytes, { file, limits }), file);
}
