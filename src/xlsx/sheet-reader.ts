/**
 * One worksheet part → Grid, streamed: the part is inflated piece by piece and parsed with saxes,
 * each cell going straight into the Grid (no intermediate object model). Cells and rows are
 * counted against the budgets as they arrive.
 *
 * Value rules (kept equal to what the exceljs-based reader gave, see tests/read/compare.test.ts):
 * - shared / inline / rich text → the plain text; numbers as numbers; booleans; errors as their
 *   text with `error: true`;
 * - a number (or a formula's numeric result) in a date-formatted cell → "YYYY-MM-DD";
 *   a string result (`t="str"`) in a date-formatted cell stays the string;
 * - a shared formula is expanded to each cell's own formula (relative references moved);
 * - cells covered by a merged area other than its top-left cell are dropped (Excel shows only the
 *   top-left value).
 */
import { InputError } from "../core/errors";
import { CellData, Grid, Scalar, a1, colIndex, colLetter, parseAreaA1, Area } from "../core/grid";
import { serialToIsoDate } from "./formats";
import { LimitError, count, mib } from "./limits";
import { CellStyleInfo, styleAt } from "./read-styles";
import { XlsxPackage, XmlError, parseXml } from "./package";
import { RawTag, XmlScanner, decodeAttr } from "./xml-scan";

export interface ReadContext {
  pkg: XlsxPackage;
  file: string;
  sharedStrings: string[];
  styles: CellStyleInfo[];
  date1904: boolean;
  /** Cells read so far in the workbook. */
  cells: number;
}

// ---------------------------------------------------------------------------------------------
// Shared strings and comments

/** sharedStrings.xml → plain strings (rich-text runs joined; phonetic runs skipped). */
export function parseSharedStrings(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  let cur: string | undefined;
  let inT = false;
  let phonetic = 0;
  parseXml(text, {
    open(name) {
      if (name === "si") cur = "";
      else if (name === "t") inT = phonetic === 0;
      else if (name === "rPh") phonetic++;
    },
    text(t) {
      if (inT && cur !== undefined) cur += t;
    },
    close(name) {
      if (name === "t") inT = false;
      else if (name === "rPh") phonetic--;
      else if (name === "si") {
        out.push(cur ?? "");
        cur = undefined;
      }
    },
  });
  return out;
}

/** comments part → cell ref → note text. */
export function parseComments(text: string | undefined): Map<string, string> {
  const notes = new Map<string, string>();
  if (!text) return notes;
  let ref: string | undefined;
  let cur = "";
  let inT = false;
  let phonetic = 0;
  parseXml(text, {
    open(name, a) {
      if (name === "comment") {
        ref = (a.ref ?? "").toUpperCase();
        cur = "";
      } else if (name === "t") inT = phonetic === 0;
      else if (name === "rPh") phonetic++;
    },
    text(t) {
      if (inT && ref !== undefined) cur += t;
    },
    close(name) {
      if (name === "t") inT = false;
      else if (name === "rPh") phonetic--;
      else if (name === "comment" && ref !== undefined) {
        if (cur) notes.set(ref, cur);
        ref = undefined;
      }
    },
  });
  return notes;
}

// ---------------------------------------------------------------------------------------------
// Shared formulas

const CANDIDATE = /(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi;
const CELL_REF = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i;

function slideSegment(text: string, dr: number, dc: number): string {
  return text.replace(CANDIDATE, (match: string, sheet: string | undefined, _s: string, addr: string, paren: string | undefined) => {
    if (paren) return match;
    const m = CELL_REF.exec(addr);
    if (!m) return match;
    const colStr = m[2].toUpperCase();
    if (colStr.length > 3 || (colStr.length === 3 && colStr > "XFD")) return match; // a name
    let c = colIndex(colStr);
    let r = parseInt(m[4], 10) - 1;
    if (!m[1]) c += dc;
    if (!m[3]) r += dr;
    if (c < 0 || r < 0) return match;
    return (sheet ?? "") + (m[1] ?? "") + colLetter(c) + (m[3] ?? "") + (r + 1);
  });
}

/**
 * The master's formula moved from (r0, c0) to (r, c): relative references shift, absolute ones
 * stay; text in double quotes and quoted sheet names are left untouched.
 */
export function slideFormula(formula: string, r0: number, c0: number, r: number, c: number): string {
  const dr = r - r0;
  const dc = c - c0;
  if (dr === 0 && dc === 0) return formula;
  let out = "";
  let last = 0;
  const quoted = /"(?:[^"]|"")*"|'(?:[^']|'')*'/g;
  let m: RegExpExecArray | null;
  while ((m = quoted.exec(formula))) {
    out += slideSegment(formula.slice(last, m.index), dr, dc) + m[0];
    last = m.index + m[0].length;
  }
  return out + slideSegment(formula.slice(last), dr, dc);
}

// ---------------------------------------------------------------------------------------------
// The sheet

/** Row and column of the last `parseRefAt` (zero-based; no object per cell). */
let refRow = 0;
let refCol = 0;

/** A cell reference ("B12", "$B$12") read in place from src[i, end); false when it is not one. */
function parseRefAt(src: string, i: number, end: number): boolean {
  let c = 0;
  while (i < end) {
    const ch = src.charCodeAt(i);
    if (ch >= 65 && ch <= 90) c = c * 26 + (ch - 64);
    else if (ch >= 97 && ch <= 122) c = c * 26 + (ch - 96);
    else if (ch !== 36) break;
    i++;
  }
  let r = 0;
  for (; i < end; i++) {
    const ch = src.charCodeAt(i);
    if (ch >= 48 && ch <= 57) r = r * 10 + (ch - 48);
    else if (ch !== 36) return false;
  }
  if (c === 0 || r === 0) return false;
  refRow = r - 1;
  refCol = c - 1;
  return true;
}

/** A cell reference as a fresh object (for the rare callers outside the hot loop). */
function parseRef(ref: string): { r: number; c: number } | undefined {
  return parseRefAt(ref, 0, ref.length) ? { r: refRow, c: refCol } : undefined;
}

/** A whole number of at most 9 digits read in place (a style index), else parseInt of the decoded text. */
function intAt(tag: RawTag, at: number): number {
  const src = tag.src;
  const end = tag.valueEnd;
  if (end > at && end - at <= 9) {
    let n = 0;
    for (let i = at; i < end; i++) {
      const ch = src.charCodeAt(i);
      if (ch < 48 || ch > 57) return parseInt(decodeAttr(src.slice(at, end)), 10);
      n = n * 10 + (ch - 48);
    }
    return n;
  }
  return parseInt(decodeAttr(src.slice(at, end)), 10);
}

export interface SheetSource {
  name: string;
  part: string;
}

export function readSheet(ctx: ReadContext, src: SheetSource, notes: Map<string, string>): Grid {
  const { pkg, file, sharedStrings, styles, date1904 } = ctx;
  const limits = pkg.limits;
  const grid = new Grid(src.name);
  const entry = pkg.entry(src.part);
  const partSize = entry ? entry.size : 0;
  const sheetLabel = `sheet "${src.name}"`;

  // Row / cell state
  let rowIdx = -1;
  let rowHasCells = false;
  let rowsWithCells = 0;
  let col = -1;
  let maxCellCol = -1;
  let dimension = "";
  // current cell
  let inCell = false;
  let cr = 0;
  let cc = 0;
  let ct: string | undefined;
  let cs = 0;
  let vText: string | undefined;
  let fText: string | undefined;
  let fShared: { si: string; master: boolean } | undefined;
  let isText: string | undefined;
  let capture: "v" | "f" | "t" | undefined;
  let inIs = false;
  let phonetic = 0;
  let sheetDataDone = false;
  const masters = new Map<string, { f: string; r: number; c: number }>();
  const hiddenColRanges: [number, number][] = [];
  const merges: Area[] = [];

  const tooBig = (what: string): never => {
    const size = `${dimension ? `dimension ${dimension}, ` : ""}${mib(partSize)} of sheet XML`;
    throw new LimitError(`${file}: ${sheetLabel} is too large to read: ${what} (${size}). Split it into smaller workbooks, or delete unused rows`, {
      sheet: src.name,
      row: Math.max(rowIdx, cr) + 1,
      rowsWithContent: rowsWithCells,
      cells: ctx.cells,
    });
  };

  const finishCell = () => {
    inCell = false;
    const hasF = fText !== undefined || fShared !== undefined;
    if (!hasF && !vText && !isText) return; // style-only or empty cell
    const style = cs ? styleAt(styles, cs) : undefined;
    let v: Scalar = null;
    let f: string | undefined;
    let isError = false;
    let formula: string | undefined;
    if (fShared) {
      if (fShared.master || fText) {
        formula = fText;
        if (fShared.master && fText) masters.set(fShared.si, { f: fText, r: cr, c: cc });
      } else {
        const m = masters.get(fShared.si);
        if (m) formula = slideFormula(m.f, m.r, m.c, cr, cc);
      }
    } else formula = fText;
    if (hasF) {
      if (formula) f = "=" + formula;
      if (vText !== undefined && vText !== "") {
        switch (ct) {
          case "str":
          case "inlineStr":
            v = vText;
            break;
          case "b":
            v = parseInt(vText, 10) !== 0;
            break;
          case "e":
            v = vText;
            isError = true;
            break;
          default: {
            const n = parseFloat(vText);
            v = n;
            if (style?.isDate) v = serialToIsoDate(n, date1904) ?? n;
          }
        }
      }
    } else {
      switch (ct) {
        case "s": {
          const i = parseInt(vText ?? "", 10);
          const s = sharedStrings[i];
          if (s === undefined) throw new InputError(`cannot read ${file}: ${sheetLabel}, cell ${a1(cr, cc)} refers to shared string ${vText ?? ""}, which the workbook does not have`);
          v = s;
          break;
        }
        case "str":
          v = vText ?? "";
          break;
        case "inlineStr":
          v = isText ?? vText ?? "";
          break;
        case "b":
          v = parseInt(vText ?? "0", 10) !== 0;
          break;
        case "e":
          v = vText ?? "";
          isError = true;
          break;
        case "d":
          v = vText ? (/^\d{4}-\d{2}-\d{2}/.test(vText) ? vText.slice(0, 10) : vText) : null;
          break;
        default: {
          if (!vText) {
            v = isText ?? null;
            break;
          }
          const n = parseFloat(vText);
          if (Number.isNaN(n)) v = vText;
          else {
            v = n;
            if (style?.isDate) v = serialToIsoDate(n, date1904) ?? n;
          }
        }
      }
    }
    // The object is built in one literal for the usual shapes (fewer hidden-class transitions and
    // no out-of-object property store per cell); property order as ever: v, f, error, fmt, bold …
    const fmt = style && style.fmt && style.fmt !== "General" ? style.fmt : undefined;
    let data: CellData;
    if (!isError && (!style || (!style.bold && !style.italic && !style.indent && !style.fill))) {
      if (f === undefined) data = fmt === undefined ? { v } : { v, fmt };
      else data = fmt === undefined ? { v, f } : { v, f, fmt };
    } else {
      data = { v };
      if (f !== undefined) data.f = f;
      if (isError) data.error = true;
      if (fmt !== undefined) data.fmt = fmt;
      if (style) {
        if (style.bold) data.bold = true;
        if (style.italic) data.italic = true;
        if (style.indent) data.indent = style.indent;
        if (style.fill) data.fill = style.fill;
      }
    }
    if (++ctx.cells > limits.maxCells) tooBig(`more than ${count(limits.maxCells)} cells in the workbook`);
    if (!rowHasCells) {
      rowHasCells = true;
      if (++rowsWithCells > limits.maxRows) tooBig(`more than ${count(limits.maxRows)} rows with content`);
    }
    grid.set(cr, cc, data);
  };

  const parser = new XmlScanner({
    wantsText: () => capture !== undefined,
    openTag(name, a) {
      // Every start tag's attributes are checked as the object-building path did (a damaged one is
      // an XmlError), whether or not the reader needs them.
      a.check();
      switch (name) {
        case "row": {
          const ra = a.get("r");
          const r = ra !== undefined ? parseInt(ra, 10) - 1 : rowIdx + 1;
          rowIdx = Number.isFinite(r) && r >= 0 ? r : rowIdx + 1;
          col = -1;
          rowHasCells = false;
          const hidden = a.get("hidden");
          if (hidden === "1" || hidden === "true") grid.hiddenRows.add(rowIdx);
          break;
        }
        case "c": {
          if (sheetDataDone) break;
          inCell = true;
          const ra = a.find("r");
          // In place for the usual "B12"; a reference written with entities is decoded first.
          let ok = ra >= 0 && parseRefAt(a.src, ra, a.valueEnd);
          if (!ok && ra >= 0) {
            const decoded = decodeAttr(a.src.slice(ra, a.valueEnd));
            ok = parseRefAt(decoded, 0, decoded.length);
          }
          if (ok) {
            cr = refRow;
            cc = refCol;
            if (rowIdx < 0) rowIdx = refRow;
          } else {
            cr = rowIdx < 0 ? 0 : rowIdx;
            cc = col + 1;
          }
          col = cc;
          if (cc > maxCellCol) maxCellCol = cc;
          ct = a.get("t");
          const sa = a.find("s");
          cs = sa >= 0 ? intAt(a, sa) || 0 : 0;
          vText = undefined;
          fText = undefined;
          fShared = undefined;
          isText = undefined;
          inIs = false;
          break;
        }
        case "v":
          if (inCell) {
            capture = "v";
            vText = "";
          }
          break;
        case "f":
          if (inCell) {
            capture = "f";
            if (a.get("t") === "shared") {
              const si = a.get("si");
              if (si !== undefined) fShared = { si, master: a.get("ref") !== undefined };
            }
          }
          break;
        case "is":
          if (inCell) {
            inIs = true;
            isText = "";
          }
          break;
        case "t":
          if (inIs && phonetic === 0) capture = "t";
          break;
        case "rPh":
          phonetic++;
          break;
        case "col": {
          const hidden = a.get("hidden");
          if (hidden === "1" || hidden === "true") {
            const min = a.get("min") ?? "";
            const lo = parseInt(min, 10) - 1;
            const hi = parseInt(a.get("max") ?? min, 10) - 1;
            if (lo >= 0 && hi >= lo) hiddenColRanges.push([lo, Math.min(hi, 16383)]);
          }
          break;
        }
        case "mergeCell": {
          const ref = a.get("ref");
          const area = ref ? parseAreaA1(ref) : undefined;
          if (area) merges.push(area);
          break;
        }
        case "sheetProtection": {
          const sheet = a.get("sheet");
          if (sheet === "1" || sheet === "true") grid.protected = true;
          break;
        }
        case "dimension":
          dimension = a.get("ref") ?? "";
          break;
      }
    },
    text(t) {
      switch (capture) {
        case "v":
          vText += t;
          break;
        case "f":
          fText = (fText ?? "") + t;
          break;
        case "t":
          isText += t;
          break;
      }
    },
    close(name) {
      switch (name) {
        case "v":
        case "f":
        case "t":
          capture = undefined;
          break;
        case "is":
          inIs = false;
          break;
        case "rPh":
          phonetic--;
          break;
        case "c":
          if (inCell) finishCell();
          break;
        case "sheetData":
          sheetDataDone = true;
          break;
      }
    },
  });

  try {
    const found = pkg.streamText(src.part, sheetLabel, (text) => parser.write(text));
    if (!found) throw new InputError(`cannot read ${file}: ${sheetLabel} is listed in the workbook but its part ${src.part} is missing`);
    parser.close();
  } catch (err) {
    if (err instanceof InputError) throw err;
    const where = inCell ? `, cell ${a1(cr, cc)}` : rowIdx >= 0 ? `, row ${rowIdx + 1}` : "";
    if (err instanceof XmlError) throw new InputError(`cannot read ${file}: ${sheetLabel}${where} is damaged (its XML is not well formed); open it in Excel and save it again`);
    if (err instanceof RangeError) tooBig("it does not fit in memory");
    throw new InputError(`cannot read ${file}: ${sheetLabel}${where}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }

  // Merged areas: the top-left cell keeps the value, the others are dropped (as Excel shows).
  // An area overlapping an earlier one is skipped (Excel repairs such files the same way).
  const taken = new Set<number>();
  for (const m of merges) {
    let overlaps = false;
    for (let r = m.r1; r <= m.r2 && !overlaps; r++) for (let c = m.c1; c <= m.c2; c++) if (taken.has(r * 16384 + c)) { overlaps = true; break; }
    if (overlaps) continue;
    const cells = (m.r2 - m.r1 + 1) * (m.c2 - m.c1 + 1);
    if (cells > 1_000_000) continue; // a whole-sheet merge: nothing to show, refuse to index it
    for (let r = m.r1; r <= m.r2; r++) {
      const row = grid.cells[r];
      for (let c = m.c1; c <= m.c2; c++) {
        taken.add(r * 16384 + c);
        if (row && (r !== m.r1 || c !== m.c1) && row[c] !== undefined) row[c] = undefined;
      }
    }
    grid.addMerge(m);
  }

  // Hidden columns, as far as the sheet has cells.
  for (const [lo, hi] of hiddenColRanges) {
    for (let c = lo; c <= Math.min(hi, maxCellCol); c++) grid.hiddenCols.add(c);
  }

  // Notes on cells that hold something.
  for (const [ref, text] of notes) {
    const p = parseRef(ref);
    if (!p) continue;
    const cell = grid.get(p.r, p.c);
    if (cell) cell.note = text;
  }
  return grid;
}

