/**
 * .xlsx ⇄ MemWorkbook with exceljs (works in the browser and in Node): values, formulas with their
 * cached results, number formats, bold/italic/font colour, solid fills, indent, notes, hyperlinks,
 * merges, hidden rows and columns, column widths, frozen rows, sheet protection, page orientation.
 * Add-in settings are kept in memory only (Excel stores them in a part exceljs cannot write).
 */
import ExcelJS from "exceljs";
import type { Scalar } from "../../core/grid";
import { parseAreaA1 } from "../../core/grid";
import { MemWorkbook, type MemCell } from "./workbook";

/** Excel column width unit (characters) → points, as the Excel API reports it (8.43 ch = 48 pt). */
const POINTS_PER_CHAR = 48 / 8.43;

function argbToHex(argb: unknown): string | undefined {
  if (typeof argb !== "string") return undefined;
  const hex = argb.length === 8 ? argb.slice(2) : argb.length === 6 ? argb : undefined;
  return hex && /^[0-9a-f]{6}$/i.test(hex) ? `#${hex.toUpperCase()}` : undefined;
}

function hexToArgb(hex: string): string {
  return `FF${hex.replace(/^#/, "").toUpperCase()}`;
}

function excelSerial(d: Date): number {
  return (d.getTime() - Date.UTC(1899, 11, 30)) / 86400000;
}

function scalarOf(v: unknown): { v: Scalar; error?: boolean } {
  if (v === null || v === undefined) return { v: null };
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return { v };
  if (v instanceof Date) return { v: excelSerial(v) };
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return { v: (o.richText as { text: string }[]).map((t) => t.text).join("") };
    if (typeof o.error === "string") return { v: o.error, error: true };
    if (typeof o.text === "string") return { v: o.text };
  }
  return { v: String(v) };
}

function noteText(note: unknown): string | undefined {
  if (!note) return undefined;
  if (typeof note === "string") return note;
  const texts = (note as { texts?: { text: string }[] }).texts;
  return texts ? texts.map((t) => t.text).join("") : undefined;
}

/** Read an .xlsx (ArrayBuffer / Buffer) into a MemWorkbook. Throws when it is not an .xlsx. */
export async function memFromXlsx(data: ArrayBuffer | Uint8Array, name = "workbook.xlsx"): Promise<MemWorkbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as ArrayBuffer);
  return memFromExcelJs(wb, name);
}

export function memFromExcelJs(wb: ExcelJS.Workbook, name = "workbook.xlsx"): MemWorkbook {
  const mem = new MemWorkbook(name);
  for (const ws of wb.worksheets) {
    const sheet = mem.addSheet(ws.name);
    const prot = (ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection;
    sheet.protected = !!prot?.sheet;
    const view = ws.views?.[0] as { state?: string; ySplit?: number } | undefined;
    if (view?.state === "frozen" && view.ySplit) sheet.freezeRows = view.ySplit;
    if (ws.pageSetup?.orientation === "landscape") sheet.orientation = "Landscape";
    const merges = (ws.model as unknown as { merges?: string[] }).merges ?? [];
    for (const m of merges) {
      const area = parseAreaA1(m);
      if (area) sheet.merges.push(area);
    }
    const colCount = ws.columnCount;
    for (let c = 1; c <= colCount; c++) {
      const col = ws.getColumn(c);
      if (col.hidden) sheet.hiddenCols.add(c - 1);
      if (col.width) sheet.colWidths.set(c - 1, Math.round(col.width * POINTS_PER_CHAR * 100) / 100);
    }
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      if (row.hidden) sheet.hiddenRows.add(r - 1);
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        const raw = cell.value as unknown;
        const out: MemCell = { v: null };
        if (raw !== null && typeof raw === "object" && !(raw instanceof Date) && ("formula" in (raw as object) || "sharedFormula" in (raw as object))) {
          const f = cell.formula;
          if (f) out.f = "=" + f;
          const res = scalarOf((raw as { result?: unknown }).result);
          out.v = res.v;
          if (res.error) out.error = true;
          out.calc = "cached";
        } else {
          const res = scalarOf(raw);
          out.v = res.v === "" ? null : res.v;
          if (res.error) out.error = true;
          if (raw && typeof raw === "object" && typeof (raw as { hyperlink?: unknown }).hyperlink === "string") {
            const h = (raw as { hyperlink: string }).hyperlink;
            out.link = h.startsWith("#") ? h.slice(1) : h;
            out.linkText = typeof out.v === "string" ? out.v : undefined;
          }
        }
        const fmt = cell.numFmt;
        if (fmt && fmt !== "General") out.fmt = fmt;
        const font = cell.font;
        if (font?.bold) out.bold = true;
        if (font?.italic) out.italic = true;
        const color = argbToHex(font?.color?.argb);
        if (color && color !== "#000000") out.color = color;
        const fill = cell.fill as { type?: string; pattern?: string; fgColor?: { argb?: string } } | undefined;
        if (fill?.type === "pattern" && fill.pattern === "solid") {
          const hex = argbToHex(fill.fgColor?.argb);
          if (hex && hex !== "#FFFFFF") out.fill = hex;
        }
        const al = cell.alignment;
        if (al?.indent) out.indent = al.indent;
        if (al?.wrapText) out.wrap = true;
        if (al?.horizontal) out.hAlign = al.horizontal[0].toUpperCase() + al.horizontal.slice(1);
        const note = noteText(cell.note);
        if (note !== undefined) {
          out.note = note;
          out.noteKind = "note";
        }
        const keys = Object.keys(out);
        if (keys.length === 1 && out.v === null) return;
        sheet.rows.set(r - 1, sheet.rows.get(r - 1) ?? new Map());
        sheet.rows.get(r - 1)!.set(c - 1, out);
      });
    });
  }
  if (mem.sheets.length === 0) mem.addSheet("Sheet1");
  const active = (wb.views?.[0] as { activeTab?: number } | undefined)?.activeTab ?? 0;
  mem.activeSheet = (mem.sheets[active] ?? mem.sheets[0]).name;
  mem.calculateMissing();
  return mem;
}

/** Write a MemWorkbook to an exceljs workbook (formulas keep their computed value as result). */
export async function memToExcelJs(mem: MemWorkbook): Promise<ExcelJS.Workbook> {
  mem.ensureCalculated();
  const wb = new ExcelJS.Workbook();
  wb.creator = "Capaian workbench";
  for (const sheet of mem.sheets) {
    const ws = wb.addWorksheet(sheet.name, {
      views: sheet.freezeRows ? [{ state: "frozen", ySplit: sheet.freezeRows, xSplit: 0 }] : undefined,
    });
    if (sheet.orientation === "Landscape") ws.pageSetup.orientation = "landscape";
    for (const [c, pts] of sheet.colWidths) ws.getColumn(c + 1).width = Math.round((pts / POINTS_PER_CHAR) * 100) / 100;
    for (const c of sheet.hiddenCols) ws.getColumn(c + 1).hidden = true;
    for (const m of sheet.merges) ws.mergeCells(m.r1 + 1, m.c1 + 1, m.r2 + 1, m.c2 + 1);
    for (const [r, c, cell] of sheet.cells()) {
      const m = sheet.mergeAt(r, c);
      if (m && (m.r1 !== r || m.c1 !== c)) continue;
      const x = ws.getCell(r + 1, c + 1);
      if (cell.f) {
        const result = cell.error ? { error: String(cell.v) } : cell.v === null ? undefined : cell.v;
        x.value = { formula: cell.f.replace(/^=/, ""), result } as ExcelJS.CellFormulaValue;
      } else if (cell.link) {
        const internal = /!/.test(cell.link) && !/^[a-z]+:/i.test(cell.link);
        x.value = { text: cell.v === null ? cell.link : String(cell.v), hyperlink: internal ? `#${cell.link}` : cell.link } as ExcelJS.CellHyperlinkValue;
      } else if (cell.error) {
        x.value = { error: String(cell.v) } as ExcelJS.CellErrorValue;
      } else {
        x.value = cell.v;
      }
      if (cell.fmt) x.numFmt = cell.fmt;
      if (cell.bold || cell.italic || cell.color) {
        x.font = { bold: cell.bold || undefined, italic: cell.italic || undefined, color: cell.color ? { argb: hexToArgb(cell.color) } : undefined };
      }
      if (cell.fill) x.fill = { type: "pattern", pattern: "solid", fgColor: { argb: hexToArgb(cell.fill) } };
      if (cell.indent || cell.wrap || cell.hAlign) {
        const horizontal = cell.hAlign && cell.hAlign !== "General" ? (cell.hAlign[0].toLowerCase() + cell.hAlign.slice(1)) : undefined;
        x.alignment = {
          indent: cell.indent || undefined,
          wrapText: cell.wrap || undefined,
          horizontal: horizontal as ExcelJS.Alignment["horizontal"],
        };
      }
      if (cell.note !== undefined) x.note = cell.note;
    }
    for (const r of sheet.hiddenRows) ws.getRow(r + 1).hidden = true;
    if (sheet.protected) await ws.protect("", {});
  }
  const active = mem.sheets.findIndex((s) => s.name === mem.activeSheet);
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: Math.max(0, active), visibility: "visible" }];
  return wb;
}

/** The workbook as .xlsx bytes. */
export async function memToXlsx(mem: MemWorkbook): Promise<ArrayBuffer> {
  const wb = await memToExcelJs(mem);
  const buf = await wb.xlsx.writeBuffer();
  return buf as ArrayBuffer;
}
