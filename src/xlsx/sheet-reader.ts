/**
 * One worksheet part → Grid: the part is inflated and decoded (in one piece up to 32 MiB, else in
 * 4 MiB pieces), tokenized by xml-scan.ts, the rows read in place by this file's own loop, each
 * cell going straight into the Grid (no intermediate object model). Cells and rows are counted
 * against the budgets as they arrive.
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
import { CellData, Grid, Scalar, a1, parseAreaA1, Area } from "../core/grid";
import { serialToIsoDate } from "./formats";
import { LimitError, count, mib } from "./limits";
import { CellStyleInfo, styleAt } from "./read-styles";
import { XlsxPackage, XmlError } from "./package";
import { slideFormula } from "./sheet-parts";
import { T_BOOL, T_DATE, T_ERROR, T_INLINE, T_NUMBER, T_SHARED, T_STR, digitsAt, intAt, plainNumberAt, typeCodeAt } from "./sheet-values";
import { RawTag, XmlScanner, decodeAttr, decodeText, nameEnd, startTagEnd } from "./xml-scan";

export { parseComments, parseSharedStrings, slideFormula } from "./sheet-parts";

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
  let ct = T_NUMBER;
  let cs = 0;
  // The <v> text: a string, or while `vRaw` holds, the raw (undecoded) range vSrc[vStart, vEnd)
  // of its one piece of text: most values are parsed in place, never sliced out.
  let vText: string | undefined;
  let vRaw = false;
  let vSrc = "";
  let vStart = 0;
  let vEnd = 0;
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

  /** The <v> text as a string (decoded from its raw range on first use). */
  const valueText = (): string | undefined => {
    if (vRaw) {
      vRaw = false;
      vText = decodeText(vSrc.slice(vStart, vEnd));
      vSrc = "";
    }
    return vText;
  };

  const finishCell = () => {
    inCell = false;
    const hasF = fText !== undefined || fShared !== undefined;
    if (!hasF && !vRaw && !vText && !isText) return; // style-only or empty cell
    const style = cs ? styleAt(styles, cs) : undefined;
    let v: Scalar = null;
    // The usual cells, read in place: a shared string by its index, a plain number.
    if (vRaw && !hasF && isText === undefined) {
      if (ct === T_SHARED) {
        const i = digitsAt(vSrc, vStart, vEnd);
        const str = i >= 0 ? sharedStrings[i] : undefined;
        if (str !== undefined) {
          vRaw = false;
          vSrc = "";
          v = str;
          return addCell(v, undefined, false, style);
        }
      } else if (ct === T_NUMBER) {
        const n = plainNumberAt(vSrc, vStart, vEnd);
        if (n === n) {
          vRaw = false;
          vSrc = "";
          v = style?.isDate ? serialToIsoDate(n, date1904) ?? n : n;
          return addCell(v, undefined, false, style);
        }
      }
    }
    valueText();
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
          case T_STR:
          case T_INLINE:
            v = vText;
            break;
          case T_BOOL:
            v = parseInt(vText, 10) !== 0;
            break;
          case T_ERROR:
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
        case T_SHARED: {
          const i = parseInt(vText ?? "", 10);
          const s = sharedStrings[i];
          if (s === undefined) throw new InputError(`cannot read ${file}: ${sheetLabel}, cell ${a1(cr, cc)} refers to shared string ${vText ?? ""}, which the workbook does not have`);
          v = s;
          break;
        }
        case T_STR:
          v = vText ?? "";
          break;
        case T_INLINE:
          v = isText ?? vText ?? "";
          break;
        case T_BOOL:
          v = parseInt(vText ?? "0", 10) !== 0;
          break;
        case T_ERROR:
          v = vText ?? "";
          isError = true;
          break;
        case T_DATE:
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
    addCell(v, f, isError, style);
  };

  /** The cell's object into the Grid, counted against the budgets. */
  const addCell = (v: Scalar, f: string | undefined, isError: boolean, style: CellStyleInfo | undefined): void => {
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

  // ------------------------------------------------------------------ what each token does
  // The tokenizer (XmlScanner) calls these for every token; `rowCells` below calls the same for the
  // rows it reads itself, so both paths give the same Grid.

  function openRow(a: RawTag): void {
    a.locate("r", "hidden", "\u0000");
    let r: number;
    if (a.at0 < 0) r = rowIdx + 1;
    else {
      r = digitsAt(a.src, a.at0, a.end0);
      r = r >= 0 ? r - 1 : parseInt(decodeAttr(a.src.slice(a.at0, a.end0)), 10) - 1;
    }
    rowIdx = Number.isFinite(r) && r >= 0 ? r : rowIdx + 1;
    col = -1;
    rowHasCells = false;
    if (a.at1 >= 0) {
      const hidden = decodeAttr(a.src.slice(a.at1, a.end1));
      if (hidden === "1" || hidden === "true") grid.hiddenRows.add(rowIdx);
    }
  }

  function openCell(a: RawTag): void {
    a.locate("r", "t", "s");
    if (sheetDataDone) return;
    inCell = true;
    const ra = a.at0;
    // In place for the usual "B12"; a reference written with entities is decoded first.
    let ok = ra >= 0 && parseRefAt(a.src, ra, a.end0);
    if (!ok && ra >= 0) {
      const decoded = decodeAttr(a.src.slice(ra, a.end0));
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
    ct = a.at1 < 0 ? T_NUMBER : typeCodeAt(a.src, a.at1, a.end1);
    cs = a.at2 >= 0 ? intAt(a.src, a.at2, a.end2) || 0 : 0;
    vText = undefined;
    vRaw = false;
    vSrc = "";
    fText = undefined;
    fShared = undefined;
    isText = undefined;
    inIs = false;
  }

  function openValue(): void {
    if (inCell) {
      capture = "v";
      vText = "";
      vRaw = false;
      vSrc = "";
    }
  }

  function openFormula(a: RawTag): void {
    if (inCell) {
      capture = "f";
      if (a.get("t") === "shared") {
        const si = a.get("si");
        if (si !== undefined) fShared = { si, master: a.get("ref") !== undefined };
      }
    }
  }

  /** Start tags other than rows, cells, values and formulas (attributes already checked). */
  function openOther(name: string, a: RawTag): void {
    switch (name) {
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
  }

  /** Character data, raw (see XmlHandlers.rawText): kept only inside <v>, <f> and inline <t>. */
  function rawText(src: string, start: number, end: number): void {
    switch (capture) {
      case "v":
        if (!vRaw && vText === "") {
          vRaw = true;
          vSrc = src;
          vStart = start;
          vEnd = end;
        } else {
          valueText();
          vText += decodeText(src.slice(start, end));
        }
        break;
      case "f":
        fText = (fText ?? "") + decodeText(src.slice(start, end));
        break;
      case "t":
        isText += decodeText(src.slice(start, end));
        break;
    }
  }

  function close(name: string): void {
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
  }

  // ------------------------------------------------------------------ rows read in place
  const own = new RawTag();

  /**
   * The rows' own loop: from just after a `<row …>` start tag, reads the usual tokens of a sheet's
   * rows — `<row>`, `<c>`, `<v>`, `<f>` start tags (no namespace prefix), their end tags written
   * plainly (`</c>`), and text — calling the same functions as the tokenizer would, token by
   * token, without its per-token dispatch. At anything else (another element, a comment, a
   * prefix, `</sheetData>`, a token cut off at the end of the text) it returns that token's
   * position and the tokenizer goes on from there, until the next `<row>` comes back here.
   */
  function rowCells(s: string, i: number): number {
    for (;;) {
      const lt = s.indexOf("<", i);
      if (lt < 0) return i;
      if (lt > i && capture !== undefined) rawText(s, i, lt);
      i = lt;
      const c1 = s.charCodeAt(i + 1);
      if (c1 === 47 /* / */) {
        if (s.charCodeAt(i + 3) === 62 /* > */) {
          const c2 = s.charCodeAt(i + 2);
          if (c2 === 99 /* c */) {
            if (inCell) finishCell();
          } else if (c2 === 118 /* v */ || c2 === 102 /* f */) capture = undefined;
          else return i;
          i += 4;
          continue;
        }
        if (s.startsWith("</row>", i)) {
          i += 6;
          continue;
        }
        return i;
      }
      if (c1 !== 99 && c1 !== 118 && c1 !== 102 && c1 !== 114) return i; // c v f r
      const gt = startTagEnd(s, i);
      if (gt < 0) return i;
      const selfClosing = s.charCodeAt(gt - 1) === 47;
      const end = selfClosing ? gt - 1 : gt;
      const j = nameEnd(s, i + 1, end);
      const len = j - i - 1;
      own.src = s;
      own.start = j;
      own.end = end;
      if (len === 1 && c1 === 99) {
        openCell(own);
        if (selfClosing && inCell) finishCell();
      } else if (len === 1 && c1 === 118) {
        own.check();
        openValue();
        if (selfClosing) capture = undefined;
      } else if (len === 1 && c1 === 102) {
        own.check();
        openFormula(own);
        if (selfClosing) capture = undefined;
      } else if (len === 3 && c1 === 114 && s.charCodeAt(i + 2) === 111 && s.charCodeAt(i + 3) === 119) {
        openRow(own);
      } else {
        own.src = "";
        return i;
      }
      own.src = "";
      i = gt + 1;
    }
  }

  const parser = new XmlScanner({
    wantsText: () => capture !== undefined,
    openTag(name, a) {
      // Every start tag's attributes are checked as the object-building path did (a damaged one is
      // an XmlError), whether or not the reader needs them: `check`, or for rows and cells the one
      // pass of `locate` that also finds the attributes read.
      switch (name) {
        case "row":
          openRow(a);
          // The row's content is read by rowCells, which says where the tokenizer goes on.
          return a.selfClosing ? undefined : rowCells(a.src, a.end + 1);
        case "c":
          openCell(a);
          break;
        case "v":
          a.check();
          openValue();
          break;
        case "f":
          a.check();
          openFormula(a);
          break;
        default:
          a.check();
          openOther(name, a);
      }
      return undefined;
    },
    rawText,
    text(t) {
      switch (capture) {
        case "v":
          valueText();
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
    close,
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

