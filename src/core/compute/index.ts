/**
 * Computation (docs/domain.md §4): for every cell of every computed column of a
 * recognised table, the engine's value, a live en-US formula when every input is a numeric cell,
 * the inputs, how it was computed, a note where it matters, and a number format.
 *
 * What is computed (the definitions are in the domain catalog, ../domain/definitions.ts)
 *  - realisasi_renja K/Rp from the quarters (Rp and K of flows: SUM; K of stocks: last reported
 *    quarter), capaian_renja, realisasi_renstra, capaian_renstra, capaian (IKU), capaian_anggaran,
 *    sisa_anggaran, efisiensi, kategori, kategori_efisiensi, tingkat_kemajuan;
 *  - amounts (Rp) of parent rows = sum of their children; total rows = sum of the top-level rows;
 *    parent percentages are ratios of their own (summed) amounts, K is never summed;
 *  - "Rata-rata capaian kinerja" rows (mean of the program-level, else leaf, capaian) and
 *    "Predikat kinerja" rows (the scale's label of that mean);
 *  - through roles the table has no column for: a missing annual realisasi Renja or realisasi
 *    Renstra s/d becomes an inline sub-expression of the formulas that need it.
 *
 * Chained cells: a computation reads its inputs as the sheet will hold them after filling. A
 * non-empty cell keeps its stated content (the fill never overwrites it), so a capaian is computed
 * from the stated realisasi when there is one (the audit flags a wrong realisasi once, at its
 * origin); an empty computed cell contributes the engine's own result, and the formula references
 * the cell, which the fill plan writes. `ComputeOptions.overwrite` (used by planFill when forcing)
 * makes chosen roles use the engine's result even where the cell is not empty.
 *
 * Linear: every cell is computed once (memoised); inputs are read once per column from the grid.
 * A cell's `how` text is built only when read (./cell.ts).
 *
 * Layout: ./scheduler.ts (tasks, memo, cycle guard, operands), ./cell.ts (the computed cell, `how`
 * on demand), ./specs.ts (what each column computes), ./families/*.ts (one file per formula
 * family), ./context.ts (shared types), ./operand.ts (reading a cell), ./store.ts (each column's
 * stated content, read once into typed arrays), ./formulas.ts (formula text helpers).
 */
import type { Book, Grid } from "../grid";
import { sheetOf } from "../grid";
import type { ComputedCell, ComputedTable, TableModel } from "../model";
import type { ComputeOptions } from "./context";
import { TableComputer } from "./scheduler";

export { categorizeFormula, snap } from "./formulas";
export type { Operand } from "./operand";
export { readCell } from "./operand";
export type { ComputeOptions } from "./context";
export { measureOf } from "./specs";
/** Roles whose columns the engine computes (fills); parent sums of input amounts are extra. */
export { COMPUTED_ROLES, AMOUNT_ROLES } from "../domain/roles";

/** Every computed cell of one table (see the module comment). */
export function computeTable(grid: Grid, table: TableModel, opts: ComputeOptions): ComputedTable {
  const computer = new TableComputer(grid, table, opts);
  const cells = computer.compute();
  if (!computer.sawCycle) return { table, cells };
  // A cycle (an inconsistent hierarchy, rare): a cell that read a "circular" cell in progress would
  // read that cell's final result if its family ran again for its `how` (./cell.ts), so this table
  // is computed once more with every `how` built in the pass.
  return { table, cells: new TableComputer(grid, table, opts, true).compute() };
}

/**
 * One table's cells computed on demand: each call computes only the asked cell and what it reads
 * (memoised across calls). Evaluation order matters only on an inconsistent (circular) hierarchy:
 * once a cycle is met, this falls back to the whole table computed in sheet order, so every answer
 * equals `computeTable`'s (answers given before were cycle-free, hence order-independent).
 */
export function cellComputer(grid: Grid, table: TableModel, opts: ComputeOptions): (row: number, col: number) => ComputedCell | undefined {
  const lazy = new TableComputer(grid, table, opts);
  let whole: Map<number, ComputedCell> | undefined;
  return (row, col) => {
    if (!whole) {
      const cell = lazy.cellAt(row, col);
      if (!lazy.sawCycle) return cell;
      whole = new Map();
      for (const cc of computeTable(grid, table, opts).cells) whole.set(cc.row * 16384 + cc.col, cc);
    }
    return whole.get(row * 16384 + col);
  };
}

/**
 * One empty TableComputer (with its ColumnStore and CellArrays) and one EngineCell, kept for the
 * life of the module. V8 forgets the shape ("map") of a class's objects once a full garbage
 * collection finds none left; the next computation then makes new shapes, and the compiled
 * scheduler and formula families that read the old ones are thrown away and compiled again (in a
 * loop of recognize, compute and audit over the same 300-row table, computing took five times as
 * long once the previous table's objects were collected). The same as the audit's SHAPES
 * (../audit/context.ts): a batch of workbooks and the add-in's re-checks keep their compiled code.
 */
export const COMPUTE_SHAPES = TableComputer.shapeKeeper();

export function computeBook(book: Book, tables: TableModel[], opts: ComputeOptions): ComputedTable[] {
  const out: ComputedTable[] = [];
  for (const table of tables) {
    const grid = sheetOf(book, table.sheet);
    if (!grid) continue;
    out.push(computeTable(grid, table, opts));
  }
  return out;
}
