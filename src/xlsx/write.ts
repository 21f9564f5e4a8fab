/**
 * WritePlan → exceljs workbook (the CLI's `fill`; tests use it to check plans with LibreOffice).
 *
 * - Formulas are written with their cached result (`expected`) so that readers that do not
 *   recalculate see the engine's value; the workbook is flagged for a full recalculation on load.
 * - A string value is always written as text (a shared string), never as a formula, even when it
 *   starts with "=", "+" or "-".
 * - Generated sheets replace an existing sheet of the same name at the same tab position (the
 *   caller decides, with isGeneratedSheet, whether that sheet may be replaced).
 * - Charts cannot be written by exceljs: they are skipped and counted.
 */
import ExcelJS from "exceljs";
import type { Area, Scalar } from "../core/grid";
import type { CellStyle, CellWrite, SheetPlan, WritePlan } from "../core/model";

export interface ApplyOptions {
  /** Write the expected values instead of formulas. */
  values?: boolean;
}

export interface ApplyResult {
  /** Cells written. */
  written: number;
  /** Charts of the plan's generated sheets that were not written (exceljs cannot write charts). */
  chartsSkipped: number;
  /** Writes aimed at a non-top-left cell of a merged area, left alone (exceljs would redirect them to the top-left cell). */
  mergedSkipped: number;
  /** `merge` areas of writes not merged because a covered cell had content or another merge. */
  mergesSkipped: number;
}

// ---------------------------------------------------------------------------------------------
// Internal hyperlinks. exceljs 4.4 writes `{ hyperlink: "#'Sheet'!A1" }` as an External
// relationship plus location="#'Sheet'!A1", which Excel and LibreOffice read as
// "#'Sheet'!A1##'Sheet'!A1" (exceljs issue #3027). Render links whose target starts with "#" the
// way Excel itself does: `<hyperlink ref location="'Sheet'!A1" display/>` without r:id. (The unused
// relationship exceljs still adds is harmless.) Only targets starting with "#" are affected.

interface HyperlinkModel {
  address: string;
  target?: string;
  tooltip?: string;
  rId?: string;
}
interface XmlStream {
  leafNode(name: string, attributes: Record<string, string | undefined>): void;
}
type HyperlinkRender = (this: unknown, xmlStream: XmlStream, model: HyperlinkModel) => void;

function patchInternalHyperlinks(): void {
  let proto: { render: HyperlinkRender; __capaianInternalLinks?: boolean } | undefined;
  try {
    proto = require("exceljs/lib/xlsx/xform/sheet/hyperlink-xform").prototype;
  } catch {
    return; // a bundled exceljs without its lib folder: leave it as it is
  }
  if (!proto || proto.__capaianInternalLinks) return;
  const original = proto.render;
  proto.render = function (this: unknown, xmlStream: XmlStream, model: HyperlinkModel) {
    if (model && typeof model.target === "string" && model.target.startsWith("#")) {
      xmlStream.leafNode("hyperlink", { ref: model.address, location: model.target.slice(1), tooltip: model.tooltip });
      return;
    }
    original.call(this, xmlStream, model);
  };
  proto.__capaianInternalLinks = true;
}
patchInternalHyperlinks();

const THIN: ExcelJS.Border = { style: "thin", color: { argb: "FF000000" } };

function argb(hex: string): string {
  const h = hex.replace(/^#/, "").toUpperCase();
  return h.length === 8 ? h : `FF${h.padStart(6, "0").slice(-6)}`;
}

/** A fresh, unshared copy of the cell's style (exceljs shares style objects between cells). */
function ownStyle(cell: ExcelJS.Cell): Partial<ExcelJS.Style> {
  const old = (cell.style ?? {}) as Partial<ExcelJS.Style>;
  const st: Partial<ExcelJS.Style> = {};
  if (old.numFmt !== undefined) st.numFmt = old.numFmt;
  if (old.font) st.font = { ...old.font };
  if (old.alignment) st.alignment = { ...old.alignment };
  if (old.border) st.border = { ...old.border };
  if (old.fill) st.fill = { ...old.fill } as ExcelJS.Fill;
  if (old.protection) st.protection = { ...old.protection };
  return st;
}

function applyStyle(st: Partial<ExcelJS.Style>, style: CellStyle): void {
  if (style.bold !== undefined || style.italic !== undefined || style.fontColor !== undefined) {
    const font: Partial<ExcelJS.Font> = { ...(st.font ?? {}) };
    if (style.bold !== undefined) font.bold = style.bold;
    if (style.italic !== undefined) font.italic = style.italic;
    if (style.fontColor !== undefined) font.color = { argb: argb(style.fontColor) };
    st.font = font;
  }
  if (style.fill !== undefined) {
    st.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(style.fill) } };
  }
  if (style.wrap !== undefined || style.hAlign !== undefined || style.vAlign !== undefined) {
    const al: Partial<ExcelJS.Alignment> = { ...(st.alignment ?? {}) };
    if (style.wrap !== undefined) al.wrapText = style.wrap;
    if (style.hAlign !== undefined) al.horizontal = style.hAlign;
    if (style.vAlign !== undefined) al.vertical = style.vAlign;
    st.alignment = al;
  }
  if (style.border) st.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
}

function cellValue(w: CellWrite, opts: ApplyOptions): ExcelJS.CellValue {
  if (w.formula !== undefined && w.formula !== "") {
    if (opts.values) return scalarValue(w.expected ?? null);
    const formula = w.formula.startsWith("=") ? w.formula.slice(1) : w.formula;
    const v: ExcelJS.CellFormulaValue = { formula, date1904: false };
    if (w.expected !== undefined && w.expected !== null) {
      (v as { result?: unknown }).result = w.expected;
    }
    return v;
  }
  return scalarValue(w.value ?? null);
}

/** A plain exceljs value: strings are shared-string text (exceljs never turns "=…" into a formula). */
function scalarValue(v: Scalar): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  return v;
}

/**
 * The hyperlink value for a link write: its text is the write's value, else the cell's current
 * text, else the expected value, else the target. Undefined when the write has no value and the
 * cell holds a number, a date or a formula (a link would turn it into text): then no link.
 */
function linkValue(w: CellWrite, link: string, cell: ExcelJS.Cell): ExcelJS.CellValue | undefined {
  let shown: Scalar | undefined = w.value;
  if (shown === undefined || shown === null) {
    const current = cell.value;
    if (typeof current === "string") shown = current;
    else if (current !== null && current !== undefined) {
      const o = current as { richText?: { text: string }[]; hyperlink?: string; text?: string };
      if (Array.isArray(o.richText)) shown = o.richText.map((t) => t.text).join("");
      else if (typeof o.hyperlink === "string" && typeof o.text === "string") shown = o.text;
      else return undefined;
    } else shown = w.expected ?? link;
  }
  const target = link.startsWith("#") ? link : `#${link}`;
  return { text: shown === null ? link : String(shown), hyperlink: target } as ExcelJS.CellHyperlinkValue;
}

function isMergedSlave(cell: ExcelJS.Cell): boolean {
  if (!cell.isMerged) return false;
  return cell.master !== cell && cell.master.address !== cell.address;
}

// ---------------------------------------------------------------------------------------------
// Shared formulas. Excel stores a column of filled-down formulas as one shared formula: the master
// cell holds the text, the others ("clones") refer to it. Overwriting the master would orphan the
// clones (exceljs refuses to save, or writes clones without a master). Before a master is
// overwritten, its clones become ordinary formulas with their own translated text.

const cloneIndex = new WeakMap<ExcelJS.Worksheet, Map<string, ExcelJS.Cell[]>>();

function clonesOf(ws: ExcelJS.Worksheet, master: string): ExcelJS.Cell[] {
  let index = cloneIndex.get(ws);
  if (!index) {
    const built = new Map<string, ExcelJS.Cell[]>();
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value as { sharedFormula?: string } | null;
        if (v && typeof v === "object" && typeof v.sharedFormula === "string") {
          const list = built.get(v.sharedFormula);
          if (list) list.push(cell);
          else built.set(v.sharedFormula, [cell]);
        }
      });
    });
    index = built;
    cloneIndex.set(ws, index);
  }
  return index.get(master) ?? [];
}

function unshareIfMaster(ws: ExcelJS.Worksheet, cell: ExcelJS.Cell): void {
  const v = cell.value as { shareType?: string; formula?: string } | null;
  if (!v || typeof v !== "object" || v.shareType !== "shared") return;
  for (const clone of clonesOf(ws, cell.address)) {
    const cv = clone.value as { sharedFormula?: string; result?: unknown } | null;
    if (!cv || typeof cv !== "object" || cv.sharedFormula !== cell.address) continue; // already rewritten
    const formula = clone.formula;
    const plain: { formula: string; result?: unknown } = { formula };
    if (cv.result !== undefined) plain.result = cv.result;
    clone.value = plain as ExcelJS.CellFormulaValue;
  }
  cloneIndex.get(ws)?.delete(cell.address);
}

function writeCell(ws: ExcelJS.Worksheet, w: CellWrite, opts: ApplyOptions): boolean {
  const cell = ws.getCell(w.row + 1, w.col + 1);
  if (isMergedSlave(cell)) return false;
  const hasFormula = w.formula !== undefined && w.formula !== "";
  const link = w.link && !(hasFormula && !opts.values) ? linkValue(w, w.link, cell) : undefined;
  if (link !== undefined || hasFormula || w.value !== undefined) unshareIfMaster(ws, cell);
  if (link !== undefined) cell.value = link;
  else if (hasFormula || w.value !== undefined) cell.value = cellValue(w, opts);
  // else: a mark (style / note) on a cell whose content stays as it is
  const clearFill = w.clear?.includes("fill") ?? false;
  if (w.clear?.includes("note")) {
    // exceljs keeps a note in two places: the cell's _comment and, for cells loaded from a file or
    // saved once, its value model. Both must go, or the note comes back on save.
    const raw = cell as unknown as { _comment?: unknown; _value?: { model?: { comment?: unknown } } };
    delete raw._comment;
    if (raw._value?.model) delete raw._value.model.comment;
  }
  if (w.numberFormat !== undefined || w.style || clearFill) {
    const st = ownStyle(cell);
    if (clearFill) st.fill = { type: "pattern", pattern: "none" };
    if (w.numberFormat !== undefined) st.numFmt = w.numberFormat;
    if (w.style) applyStyle(st, w.style);
    cell.style = st as ExcelJS.Style;
  }
  if (w.note !== undefined && w.note !== "") cell.note = w.note;
  return true;
}

/**
 * Merge `area` (a write's `merge`) unless that would lose content or collide with another merge:
 * every cell but the top-left must be empty and unmerged. An identical existing merge is kept.
 * Returns whether the area is merged afterwards.
 */
function mergeArea(ws: ExcelJS.Worksheet, given: Area): boolean {
  const area: Area = {
    r1: Math.min(given.r1, given.r2),
    c1: Math.min(given.c1, given.c2),
    r2: Math.max(given.r1, given.r2),
    c2: Math.max(given.c1, given.c2),
  };
  if (area.r1 === area.r2 && area.c1 === area.c2) return true;
  const master = ws.getCell(area.r1 + 1, area.c1 + 1);
  for (let r = area.r1; r <= area.r2; r++) {
    for (let c = area.c1; c <= area.c2; c++) {
      const cell = ws.getCell(r + 1, c + 1);
      if (cell.isMerged) {
        const existing = (ws as unknown as { _merges: Record<string, { top: number; left: number; bottom: number; right: number }> })
          ._merges[master.address];
        const same =
          existing !== undefined &&
          existing.top === area.r1 + 1 &&
          existing.left === area.c1 + 1 &&
          existing.bottom === area.r2 + 1 &&
          existing.right === area.c2 + 1;
        return same;
      }
      if (r === area.r1 && c === area.c1) continue;
      const v = cell.value;
      if (v !== null && v !== undefined && !(typeof v === "string" && v.trim() === "")) return false;
    }
  }
  try {
    ws.mergeCells(area.r1 + 1, area.c1 + 1, area.r2 + 1, area.c2 + 1);
  } catch {
    return false; // overlaps a merge elsewhere
  }
  return true;
}

/** Remove `name` if present and add a fresh sheet at the same tab position. */
function freshSheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const old = wb.getWorksheet(name);
  if (!old) return wb.addWorksheet(name);
  const orderNo = (old as unknown as { orderNo: number }).orderNo;
  wb.removeWorksheet(old.id);
  const ws = wb.addWorksheet(name);
  (ws as unknown as { orderNo: number }).orderNo = orderNo;
  return ws;
}

function writeSheet(wb: ExcelJS.Workbook, sp: SheetPlan, opts: ApplyOptions): number {
  const ws = freshSheet(wb, sp.name);
  sp.columnWidths.forEach((width, c) => {
    if (width !== undefined && width !== null && width > 0) ws.getColumn(c + 1).width = width;
  });
  let written = 0;
  for (const w of sp.cells) {
    if (writeCell(ws, { ...w, sheet: sp.name }, opts)) written++;
  }
  for (const m of sp.merges) {
    if (m.r1 === m.r2 && m.c1 === m.c2) continue;
    try {
      ws.mergeCells(m.r1 + 1, m.c1 + 1, m.r2 + 1, m.c2 + 1);
    } catch {
      // overlaps an earlier merge of the plan: the first one wins
    }
  }
  for (const w of sp.cells) if (w.merge) mergeArea(ws, w.merge);
  if (sp.freezeRows && sp.freezeRows > 0) {
    ws.views = [{ state: "frozen", xSplit: 0, ySplit: sp.freezeRows, topLeftCell: `A${sp.freezeRows + 1}` }];
  }
  if (sp.print) {
    ws.pageSetup = {
      ...ws.pageSetup,
      paperSize: sp.print.paper === "A4" ? 9 : undefined,
      orientation: sp.print.orientation,
      fitToPage: sp.print.fitToWidth,
      fitToWidth: 1,
      fitToHeight: 0,
    };
  }
  return written;
}

/**
 * Apply a plan: generated sheets first (so that writes may target them), then the writes into
 * existing sheets. Throws when a write names a sheet the workbook does not have.
 */
export function applyPlanToWorkbook(wb: ExcelJS.Workbook, plan: WritePlan, opts: ApplyOptions = {}): ApplyResult {
  let written = 0;
  let chartsSkipped = 0;
  let mergedSkipped = 0;
  let formulas = false;
  for (const sp of plan.sheets) {
    written += writeSheet(wb, sp, opts);
    chartsSkipped += sp.charts.length;
    if (!opts.values && sp.cells.some((w) => w.formula)) formulas = true;
  }
  const sheets = new Map<string, ExcelJS.Worksheet>();
  const merges: { ws: ExcelJS.Worksheet; area: Area }[] = [];
  let mergesSkipped = 0;
  for (const w of plan.writes) {
    let ws = sheets.get(w.sheet);
    if (!ws) {
      ws = wb.getWorksheet(w.sheet);
      if (!ws) throw new Error(`write plan names a sheet the workbook does not have: ${w.sheet}`);
      sheets.set(w.sheet, ws);
    }
    if (writeCell(ws, w, opts)) written++;
    else mergedSkipped++;
    if (w.formula && !opts.values) formulas = true;
    if (w.merge) merges.push({ ws, area: w.merge });
  }
  // After all writes, so that no write lands in the covered part of a new merge.
  for (const m of merges) if (!mergeArea(m.ws, m.area)) mergesSkipped++;
  if (formulas) {
    // Excel recalculates everything when the file is opened (cached results are the engine's).
    wb.calcProperties = { ...(wb.calcProperties ?? {}), fullCalcOnLoad: true };
  }
  return { written, chartsSkipped, mergedSkipped, mergesSkipped };
}

export async function workbookToBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  const data = await wb.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

export async function writeBookFile(wb: ExcelJS.Workbook, path: string): Promise<void> {
  await wb.xlsx.writeFile(path);
}
