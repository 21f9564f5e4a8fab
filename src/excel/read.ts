/**
 * Excel → engine Grids. Per sheet: one request for the used range's address and the protection flag,
 * then the cells in blocks (values, formulas, number formats, value types, and — ExcelApi 1.9 — bold,
 * italic, indent, fill, hidden rows and columns; merged areas with 1.13) with ONE sync per block. A
 * block holds at most MAX_READ_ROWS rows and about DEFAULT_READ_CELL_BUDGET cells (the 5 MB response
 * limit of Excel on the web), so the number of syncs grows with the size of the data in blocks, never
 * with the number of rows inside a block. A block Excel cannot answer (ResponsePayloadSizeLimitExceeded,
 * long texts) is split and asked again; merged areas are read in row bands (the API fails past 512
 * merged areas in one range). Grids are sheet-absolute and zero-based.
 */
import { Book, CellData, Grid } from "../core/grid";
import { Capabilities, capabilities } from "./api-subset";
import { DEFAULT_READ_CELL_BUDGET, MAX_READ_ROWS } from "./blocks";
import { MAX_SHEET_CELLS, tooLargeError } from "./errors";
import { ReadPiece, readPieces } from "./requests";
import { Ctx, runExcel } from "./run";
import { mergeBandPieces } from "./undo/snapshot";

export type Scope = "active" | "workbook";

export interface ReadOptions {
  /** Active sheet (default) or every sheet; `sheets` overrides both. */
  scope?: Scope;
  sheets?: string[];
  /** Cells per read block (tests lower it). */
  cellBudget?: number;
  /** Book name for messages. */
  name?: string;
}

interface SheetHead {
  ws: Excel.Worksheet;
  used: Excel.Range;
  grid: Grid;
}

interface BlockRead {
  head: SheetHead;
  range: Excel.Range;
  props?: OfficeExtension.ClientResult<Excel.CellProperties[][]>;
  rowProps?: OfficeExtension.ClientResult<Excel.RowProperties[]>;
  colProps?: OfficeExtension.ClientResult<Excel.ColumnProperties[]>;
}

/** Reads one worksheet (used range only) into a Grid. */
export async function readSheet(context: Ctx, worksheet: Excel.Worksheet, opts: { cellBudget?: number } = {}): Promise<Grid> {
  const [grid] = await readSheets(context, [worksheet], capabilities(), opts.cellBudget);
  return grid;
}

/** Reads the sheets in scope into a Book (its own Excel.run). */
export async function readBook(options: ReadOptions = {}): Promise<Book> {
  return runExcel(async (context) => {
    const sheets = await sheetsInScope(context, options);
    const grids = await readSheets(context, sheets, capabilities(), options.cellBudget);
    return { name: options.name ?? "Excel", sheets: grids };
  });
}

/** Worksheet objects for the scope: the active one, every one, or the named ones (in tab order). */
export async function sheetsInScope(context: Ctx, options: ReadOptions): Promise<Excel.Worksheet[]> {
  const worksheets = context.workbook.worksheets;
  if (options.sheets && options.sheets.length > 0) return options.sheets.map((n) => worksheets.getItem(n));
  if ((options.scope ?? "active") === "active") return [worksheets.getActiveWorksheet()];
  worksheets.load("items/name");
  await context.sync();
  return worksheets.items.slice();
}

/**
 * The reading engine: one sync for the heads of all sheets, then blocks packed into requests of at
 * most `cellBudget` cells (one block per request when a block alone is that large).
 */
export async function readSheets(context: Ctx, sheets: Excel.Worksheet[], caps: Capabilities, cellBudget = DEFAULT_READ_CELL_BUDGET): Promise<Grid[]> {
  const heads: SheetHead[] = sheets.map((ws) => {
    ws.load("name");
    ws.protection.load("protected");
    const used = ws.getUsedRangeOrNullObject(true);
    used.load(["address", "rowIndex", "columnIndex", "rowCount", "columnCount"]);
    return { ws, used, grid: new Grid("") };
  });
  await context.sync();

  type Plan = { head: SheetHead; r: number; c: number; rows: number; cols: number; first: boolean };
  const plans: Plan[] = [];
  for (const head of heads) {
    const grid = new Grid(head.ws.name);
    grid.protected = head.ws.protection.protected === true;
    head.grid = grid;
    if (head.used.isNullObject) continue;
    const { rowIndex, columnIndex, rowCount, columnCount } = head.used;
    if (rowCount * columnCount > MAX_SHEET_CELLS) throw tooLargeError(head.ws.name, head.used.address, rowCount * columnCount);
    const rowsPerBlock = Math.max(1, Math.min(MAX_READ_ROWS, Math.floor(cellBudget / Math.max(1, columnCount))));
    for (let r = 0; r < rowCount; r += rowsPerBlock) {
      plans.push({ head, r: rowIndex + r, c: columnIndex, rows: Math.min(rowsPerBlock, rowCount - r), cols: columnCount, first: r === 0 });
    }
  }

  // Blocks (and merged areas in row bands: the API fails past 512 merged areas in a range) packed
  // into requests by the size of what they return; a request Excel cannot answer is asked again in
  // smaller pieces.
  const pieces: ReadPiece<void>[] = [];
  const piece = (p: Plan): ReadPiece<void> => ({
    bytes: p.rows * p.cols * SCAN_CELL_BYTES,
    queue: () => {
      const b = queueBlock(p.head, p.r, p.c, p.rows, p.cols, p.first, caps);
      return () => mapBlock(b);
    },
    split:
      p.rows > 1
        ? () => {
            const h = Math.floor(p.rows / 2);
            return [piece({ ...p, rows: h }), piece({ ...p, r: p.r + h, rows: p.rows - h, first: false })];
          }
        : undefined,
  });
  for (const p of plans) {
    pieces.push(piece(p));
    if (p.first && caps.mergedAreas) {
      const { rowIndex, rowCount } = p.head.used;
      for (const m of mergeBandPieces(p.head.ws, rowIndex, rowIndex + rowCount - 1)) {
        pieces.push({
          bytes: m.bytes,
          queue: () => {
            const read = m.queue();
            return () => addMerges(p.head.grid, read());
          },
          split: m.split ? () => m.split!()?.map((q) => ({ bytes: q.bytes, queue: () => { const read = q.queue(); return () => addMerges(p.head.grid, read()); } })) : undefined,
        });
      }
    }
  }
  await readPieces(context, pieces, cellBudget * SCAN_CELL_BYTES);
  return heads.map((h) => h.grid);
}

/** Estimated response bytes per cell of a scan (values, formulas, formats, types, bold/italic/fill/indent). */
const SCAN_CELL_BYTES = 140;

function addMerges(grid: Grid, areas: { r1: number; c1: number; r2: number; c2: number }[]): void {
  for (const a of areas) grid.addMerge(a);
}

function queueBlock(head: SheetHead, r: number, c: number, rows: number, cols: number, first: boolean, caps: Capabilities): BlockRead {
  const range = head.ws.getRangeByIndexes(r, c, rows, cols);
  range.load(["rowIndex", "columnIndex", "values", "formulas", "numberFormat", "valueTypes"]);
  const b: BlockRead = { head, range };
  if (caps.cellProperties) {
    b.props = range.getCellProperties({
      format: { font: { bold: true, italic: true }, fill: { color: true, pattern: true }, indentLevel: true },
    });
    b.rowProps = range.getRowProperties({ rowHidden: true, rowIndex: true });
    if (first) b.colProps = range.getColumnProperties({ columnHidden: true, columnIndex: true });
  }
  return b;
}

/** True for a fill that is really there (not "no fill", not the default white). */
export function realFill(color: unknown, pattern: unknown): string | undefined {
  if (pattern === "None") return undefined;
  if (typeof color !== "string" || color === "") return undefined;
  const c = color.toUpperCase();
  if (pattern === undefined && c === "#FFFFFF") return undefined;
  return c;
}

function mapBlock(b: BlockRead): void {
  const grid = b.head.grid;
  const { range } = b;
  const r0 = range.rowIndex;
  const c0 = range.columnIndex;
  const values = range.values;
  const formulas = range.formulas;
  const formats = range.numberFormat;
  const types = range.valueTypes;
  const props = b.props?.value;
  for (let i = 0; i < values.length; i++) {
    const vrow = values[i];
    for (let j = 0; j < vrow.length; j++) {
      const raw = vrow[j] as unknown;
      const fo = formulas?.[i]?.[j] as unknown;
      const type = types?.[i]?.[j];
      const isFormula = typeof fo === "string" && fo.startsWith("=") && fo !== raw;
      const empty = (raw === "" || raw === null || raw === undefined) && !isFormula;
      const p = props?.[i]?.[j];
      const fill = p ? realFill(p.format?.fill?.color, p.format?.fill?.pattern) : undefined;
      const bold = p?.format?.font?.bold === true;
      if (empty && !fill && !bold) continue;
      const cell: CellData = { v: null };
      if (type === "Error") {
        cell.v = String(raw);
        cell.error = true;
      } else if (typeof raw === "number" || typeof raw === "boolean") cell.v = raw;
      else if (typeof raw === "string") cell.v = raw === "" ? null : raw;
      if (isFormula) cell.f = fo as string;
      const fmt = formats?.[i]?.[j] as unknown;
      if (typeof fmt === "string" && fmt !== "" && fmt !== "General") cell.fmt = fmt;
      if (bold) cell.bold = true;
      if (p?.format?.font?.italic === true) cell.italic = true;
      const indent = p?.format?.indentLevel;
      if (typeof indent === "number" && indent > 0) cell.indent = indent;
      if (fill) cell.fill = fill;
      grid.set(r0 + i, c0 + j, cell);
    }
  }
  for (const rp of b.rowProps?.value ?? []) if (rp.rowHidden === true && typeof rp.rowIndex === "number") grid.hiddenRows.add(rp.rowIndex);
  for (const cp of b.colProps?.value ?? []) if (cp.columnHidden === true && typeof cp.columnIndex === "number") grid.hiddenCols.add(cp.columnIndex);
}
