/**
 * Layout recognition (domain.md §2): finds every performance table of the six kinds in every
 * sheet, reads column roles from the header text, data rows with their hierarchy, polarity and
 * aggregation. One pass over the rows of a sheet; each table's rows are read once.
 */
import type { Book, Grid } from "../grid";
import type { ColumnModel, Measure, RecognitionResult, Role, TableModel } from "../model";
import { isHeaderStart, readBand, readHeaderColumns, rowCells, type Band } from "./header";
import { PERF_ROLES } from "./roles";
import { kindOf } from "./columns";
import { buildTable } from "./table";

export { polarityOf, aggregationOf } from "./polarity";
export { kindOf } from "./columns";

export const NO_HEADER_REASON = "no header row with performance columns (Target/Realisasi/Pagu...) found";

export function recognizeBook(book: Book): RecognitionResult {
  const result: RecognitionResult = { tables: [], unrecognized: [] };
  for (const grid of book.sheets) {
    const { tables, reason } = recognizeSheet(grid);
    result.tables.push(...tables);
    if (tables.length === 0) result.unrecognized.push({ sheet: grid.sheet, reason: reason ?? NO_HEADER_REASON });
  }
  return result;
}

export function recognizeSheet(grid: Grid): { tables: TableModel[]; reason?: string } {
  const tables: TableModel[] = [];
  const rejections: string[] = [];
  let r = 0;
  let prevEnd = -1;
  while (r < grid.rowCount) {
    const rc = rowCells(grid, r);
    if (!isHeaderStart(rc, () => (r + 1 < grid.rowCount ? rowCells(grid, r + 1) : undefined))) {
      r++;
      continue;
    }
    const band = readBand(grid, r);
    const runs = readHeaderColumns(grid, band);
    let consumedTo = -1;
    for (const run of runs) {
      const res = buildTable(grid, band, run, prevEnd);
      if (typeof res === "string") {
        rejections.push(res);
        continue;
      }
      tables.push(res);
      consumedTo = Math.max(consumedTo, res.area.r2);
    }
    if (consumedTo >= 0) {
      prevEnd = consumedTo;
      r = consumedTo + 1;
    } else r++;
  }
  if (tables.length) return { tables };
  return { tables, reason: rejections.length ? rejections[0] : NO_HEADER_REASON };
}

/** Optional helper: apply user role corrections keyed by zero-based column. */
export function applyRoleOverrides(table: TableModel, overrides: Record<number, { role: Role; measure?: Measure }>): TableModel {
  const columns = table.columns.map((c) => {
    const o = overrides[c.col];
    if (!o) return c;
    const n: ColumnModel = { ...c, role: o.role };
    if (o.measure) n.measure = o.measure;
    else delete n.measure;
    const q = /^realisasi_tw([1-4])$/.exec(o.role);
    if (q) n.quarter = Number(q[1]) as 1 | 2 | 3 | 4;
    else delete n.quarter;
    return n;
  });
  // The kind follows the corrected roles when they still make a known layout.
  const roles = new Set(columns.filter((c) => PERF_ROLES.has(c.role)).map((c) => c.role));
  const years = new Set(columns.filter((c) => c.year !== undefined && ["target", "realisasi", "capaian"].includes(c.role)).map((c) => c.year));
  const kind = kindOf(roles, years.size >= 2) ?? table.kind;
  return { ...table, kind, columns };
}

export type { Band };
