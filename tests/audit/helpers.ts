/** Small builders for hand-made audit cases: grids, table models, computed cells. */
import { Grid, a1, type CellData, type Scalar } from "../../src/core/grid";
import type {
  ColumnModel,
  ComputedCell,
  EngineOptions,
  Finding,
  Measure,
  Role,
  RowLevel,
  RowModel,
  TableKind,
  TableModel,
} from "../../src/core/model";
import { getScale } from "../../src/core/scale";

export type CellInput = Scalar | CellData | undefined;

export function isCellData(x: CellInput): x is CellData {
  return typeof x === "object" && x !== null && "v" in x;
}

/** A grid from rows of values or CellData; undefined leaves the cell empty. */
export function makeGrid(sheet: string, rows: CellInput[][]): Grid {
  const g = new Grid(sheet);
  rows.forEach((row, r) =>
    row.forEach((x, c) => {
      if (x === undefined || x === null) return;
      g.set(r, c, isCellData(x) ? x : { v: x });
    }),
  );
  return g;
}

export function col(c: number, role: Role, extra: Partial<ColumnModel> = {}): ColumnModel {
  return { col: c, role, header: role, ...extra };
}

export function row(r: number, level: RowLevel, label: string, extra: Partial<RowModel> = {}): RowModel {
  return { row: r, level, label, depth: extra.parent === undefined ? 0 : 1, polarity: "positive", aggregation: "flow", ...extra };
}

export function table(sheet: string, kind: TableKind, lastRow: number, lastCol: number, columns: ColumnModel[], rows: RowModel[], extra: Partial<TableModel> = {}): TableModel {
  return {
    id: `${sheet}!A1:${a1(lastRow, lastCol)}`,
    sheet,
    kind,
    area: { r1: 0, c1: 0, r2: lastRow, c2: lastCol },
    header: { firstRow: 0, lastRow: 0 },
    columns,
    rows,
    labelConflicts: [],
    notes: [],
    ...extra,
  };
}

export function cc(sheet: string, r: number, c: number, role: Role, value: number | string | null, inputs: string[], how: string, measure?: Measure): ComputedCell {
  const out: ComputedCell = { sheet, row: r, col: c, role, value, inputs, how };
  if (measure) out.measure = measure;
  return out;
}

/** A computed sum of rows `rows` in column c. */
export function sumCell(grid: Grid, r: number, c: number, role: Role, rows: number[], measure?: Measure): ComputedCell {
  const vals = rows.map((rr) => Number(grid.value(rr, c)));
  const total = vals.reduce((a, b) => a + b, 0);
  const inputs = rows.map((rr) => a1(rr, c));
  return cc(grid.sheet, r, c, role, total, inputs, `SUM(${inputs.join(",")}) = ${total}`, measure);
}

export const OPTS: EngineOptions = { scale: getScale("permendagri86"), negativeFormula: "seed" };

export function rules(findings: Finding[]): string[] {
  return findings.map((f) => `${f.cell}:${f.rule}`);
}

export function errorsOf(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity === "error");
}
