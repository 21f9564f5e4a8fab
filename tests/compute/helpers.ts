/** Hand-made grids and table models for the computation and fill-plan tests. */
import ExcelJS from "exceljs";
import { Book, CellData, Grid, Scalar, colIndex } from "../../src/core/grid";
import type { ColumnModel, EngineOptions, Measure, Role, RowLevel, RowModel, TableKind, TableModel } from "../../src/core/model";
import { getScale } from "../../src/core/scale";

export type Cell = Scalar | CellData | undefined;

/** A grid from rows of cells; row 0 of `rows` is sheet row `startRow` (zero-based). */
export function makeGrid(sheet: string, rows: Cell[][], startRow = 0): Grid {
  const g = new Grid(sheet);
  rows.forEach((cells, i) => {
    cells.forEach((v, c) => {
      if (v === undefined || v === null) return;
      g.set(startRow + i, c, typeof v === "object" ? v : { v });
    });
  });
  return g;
}

/** Set cells by A1: { F8: 12, G8: { v: 3, f: "=1+2" } }. */
export function setCells(g: Grid, cells: Record<string, Cell>): Grid {
  for (const [ref, v] of Object.entries(cells)) {
    const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
    const r = Number(m[2]) - 1;
    const c = colIndex(m[1]);
    if (v === undefined || v === null) continue;
    g.set(r, c, typeof v === "object" ? v : { v });
  }
  return g;
}

export function col(letter: string, role: Role, measure?: Measure, extra: Partial<ColumnModel> = {}): ColumnModel {
  const c: ColumnModel = { col: colIndex(letter), role, header: role, ...extra };
  if (measure) c.measure = measure;
  if (role.startsWith("realisasi_tw")) c.quarter = Number(role.slice(-1)) as 1 | 2 | 3 | 4;
  return c;
}

/** A row at Excel row `excelRow` (one-based, as in A1). */
export function row(excelRow: number, level: RowLevel, extra: Partial<RowModel> & { parentExcel?: number } = {}): RowModel {
  const { parentExcel, ...rest } = extra;
  const r: RowModel = {
    row: excelRow - 1,
    level,
    label: `${level} ${excelRow}`,
    depth: parentExcel ? 1 : 0,
    polarity: "positive",
    aggregation: "flow",
    ...rest,
  };
  if (parentExcel !== undefined) r.parent = parentExcel - 1;
  return r;
}

export function table(
  sheet: string,
  kind: TableKind,
  columns: ColumnModel[],
  rows: RowModel[],
  header: { firstRow: number; lastRow: number; numberRow?: number } = { firstRow: 0, lastRow: 0 },
): TableModel {
  const lastRow = Math.max(header.lastRow, ...rows.map((r) => r.row));
  return {
    id: `${sheet}!table`,
    sheet,
    kind,
    area: { r1: header.firstRow, c1: 0, r2: lastRow, c2: Math.max(...columns.map((c) => c.col)) },
    header,
    columns,
    rows,
    labelConflicts: [],
    notes: [],
  };
}

export function opts(partial: Partial<EngineOptions> = {}): EngineOptions {
  return { scale: getScale("permendagri86"), negativeFormula: "seed", ...partial };
}

export function book(...grids: Grid[]): Book {
  return { name: "test.xlsx", sheets: grids };
}

/** An exceljs workbook holding the grids' values, formulas (with cached results) and formats. */
export function workbookFromGrids(grids: Grid[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  for (const g of grids) {
    const ws = wb.addWorksheet(g.sheet);
    g.cells.forEach((cells, r) => {
      cells?.forEach((cell, c) => {
        if (!cell) return;
        const xc = ws.getCell(r + 1, c + 1);
        if (cell.f) xc.value = { formula: cell.f.slice(1), result: cell.v as number } as ExcelJS.CellFormulaValue;
        else xc.value = cell.v as ExcelJS.CellValue;
        if (cell.fmt) xc.numFmt = cell.fmt;
      });
    });
    for (const m of g.merges) ws.mergeCells(m.r1 + 1, m.c1 + 1, m.r2 + 1, m.c2 + 1);
  }
  return wb;
}
