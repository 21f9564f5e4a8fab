/**
 * The column store: each column's stated content read from the grid once per table, column-wise in
 * typed arrays (no object per cell), for the scheduler's operands and the specs' number formats.
 *
 * Every cell of a column falls in one class:
 *  - EMPTY: no cell, or an empty value without a formula or an error (an empty operand, refable);
 *  - NUM: a finite number that is not an error (a numeric operand: value, percent format, formula);
 *  - OTHER: anything else (text, text numbers, placeholders, grades, errors, a formula without a
 *    cached value): read with `readCell` (./operand.ts), the general path.
 * A column is read the first time something asks for it; rows are the table's rows (row index i).
 */
import type { Grid } from "../grid";
import type { RowModel } from "../model";
import { FOOTER_LEVELS } from "../domain/levels";
import { percentFormat } from "./operand";

export const EMPTY = 0;
export const NUM = 1;
export const OTHER = 2;

/** Flags of a NUM cell. */
export const FRACTION = 1;
export const LIVE = 2;

export interface StoredColumn {
  /** EMPTY / NUM / OTHER per row index. */
  cls: Uint8Array;
  /** The number of a NUM cell. */
  value: Float64Array;
  /** FRACTION (a percent format: 0.9295 means 92.95 %) and LIVE (a formula) of a NUM cell. */
  flags: Uint8Array;
  /** The most frequent number format among the column's numbers outside footer rows (undefined: General). */
  dominant: string | undefined;
  /** Percent-formatted numbers outnumber the others (outside footer rows). */
  percent: boolean;
}

export class ColumnStore {
  private readonly columns: (StoredColumn | undefined)[];
  private footer: Uint8Array | undefined = undefined;

  constructor(
    private readonly grid: Grid,
    private readonly rows: RowModel[],
    /** Sheet column of each store column (the table's columns, sorted). */
    private readonly sheetCols: number[],
  ) {
    this.columns = new Array(sheetCols.length).fill(undefined);
  }

  column(j: number): StoredColumn {
    return (this.columns[j] ??= this.read([j])[0]);
  }

  /** Read these columns (not read yet) in one pass down the rows: each row's cells are touched once. */
  preload(js: number[]): void {
    const todo = js.filter((j) => this.columns[j] === undefined);
    if (!todo.length) return;
    this.read(todo).forEach((col, k) => (this.columns[todo[k]] = col));
  }

  private isFooter(): Uint8Array {
    if (!this.footer) {
      this.footer = new Uint8Array(this.rows.length);
      for (let i = 0; i < this.rows.length; i++) if (FOOTER_LEVELS.has(this.rows[i].level)) this.footer[i] = 1;
    }
    return this.footer;
  }

  /** One pass down the rows for store columns `js`: classes, numbers, flags, and the format counts. */
  private read(js: number[]): StoredColumn[] {
    const n = this.rows.length;
    const m = js.length;
    const sheetCols = js.map((j) => this.sheetCols[j]);
    const cls = js.map(() => new Uint8Array(n));
    const value = js.map(() => new Float64Array(n));
    const flags = js.map(() => new Uint8Array(n));
    // Number formats per column in order of first appearance, with their counts (a column has very few).
    const formats: string[][] = js.map(() => []);
    const counts: number[][] = js.map(() => []);
    const footer = this.isFooter();
    const cells = this.grid.cells;
    for (let i = 0; i < n; i++) {
      const line = cells[this.rows[i].row];
      if (line === undefined) continue; // all EMPTY
      for (let k = 0; k < m; k++) {
        const cell = line[sheetCols[k]];
        if (cell === undefined) continue; // EMPTY
        const v = cell.v;
        if (cell.error) {
          cls[k][i] = OTHER;
          continue;
        }
        if (typeof v !== "number") {
          cls[k][i] = v === null && !cell.f ? EMPTY : OTHER;
          continue;
        }
        if (Number.isFinite(v)) {
          cls[k][i] = NUM;
          value[k][i] = v;
          flags[k][i] = (cell.fmt !== undefined && percentFormat(cell.fmt) ? FRACTION : 0) | (cell.f ? LIVE : 0);
        } else cls[k][i] = OTHER;
        if (footer[i]) continue;
        const fmt = cell.fmt ?? "General";
        const fk = formats[k];
        let x = 0;
        while (x < fk.length && fk[x] !== fmt) x++;
        if (x === fk.length) {
          fk.push(fmt);
          counts[k].push(1);
        } else counts[k][x]++;
      }
    }
    return js.map((_, k) => {
      let best: string | undefined;
      let bestN = 0;
      let pct = 0;
      let plain = 0;
      const fk = formats[k];
      for (let x = 0; x < fk.length; x++) {
        const c = counts[k][x];
        if (c > bestN) [best, bestN] = [fk[x], c];
        // "General" stands for an absent format, never a percent one.
        if (fk[x] !== "General" && percentFormat(fk[x])) pct += c;
        else plain += c;
      }
      return { cls: cls[k], value: value[k], flags: flags[k], dominant: best === "General" ? undefined : best, percent: pct > plain };
    });
  }
}
