/** A small builder for SheetPlans: cells, merges, widths, the standard styles and the marker. */
import type { Area, Scalar } from "../grid";
import type { CellStyle, CellWrite, ChartSpec, GeneratedSheetPurpose, SheetPlan } from "../model";
import { markerText } from "./marker";

export const HEADER_FILL = "#D9E1F2";
export const TOTAL_FILL = "#F2F2F2";

export const STYLE = {
  title: { bold: true } as CellStyle,
  header: { bold: true, fill: HEADER_FILL, border: true, wrap: true, hAlign: "center", vAlign: "middle" } as CellStyle,
  text: { border: true, wrap: true, vAlign: "top" } as CellStyle,
  textBold: { border: true, wrap: true, vAlign: "top", bold: true } as CellStyle,
  number: { border: true, vAlign: "top" } as CellStyle,
  numberBold: { border: true, vAlign: "top", bold: true } as CellStyle,
  center: { border: true, vAlign: "top", hAlign: "center" } as CellStyle,
  total: { border: true, bold: true, fill: TOTAL_FILL } as CellStyle,
  note: { italic: true } as CellStyle,
};

export const FMT_RP = "#,##0";
export const FMT_PCT = "0.00";
export const FMT_RATIO = "0.00";

export class SheetBuilder {
  readonly merges: Area[] = [];
  readonly widths: number[] = [];
  readonly charts: ChartSpec[] = [];
  freezeRows?: number;
  /**
   * The writes, one per cell, in the order they were first put: the first `count` entries of an
   * array made `capacity` long up front (a sheet of 40,000 cells grown by push reallocates it a
   * couple of dozen times), cut to `count` by build.
   */
  private readonly cells: CellWrite[];
  private count = 0;
  /**
   * Position in `cells` of the write at (row, col), by row then column; built only once a write
   * comes out of sheet order. Until then `cells` is in sheet order (the usual case: sheets are
   * built top to bottom, left to right) and a write to a cell already written is found by binary
   * search.
   */
  private at?: (number[] | undefined)[];
  private lastRow = -1;
  private lastCol = -1;

  /** `capacity`: about how many cells the sheet will have (a hint; more or fewer are fine). */
  constructor(
    readonly name: string,
    readonly purpose: GeneratedSheetPurpose,
    capacity = 0,
  ) {
    this.cells = capacity > 0 ? new Array<CellWrite>(capacity) : [];
  }

  /** Appends `w` after the `count` writes so far. */
  private append(w: CellWrite): void {
    this.cells[this.count++] = w;
  }

  /** A later write to the same cell replaces the earlier one (in place). */
  private put(row: number, col: number, w: CellWrite): CellWrite {
    if (this.at === undefined) {
      if (row > this.lastRow || (row === this.lastRow && col > this.lastCol)) {
        this.lastRow = row;
        this.lastCol = col;
        this.append(w);
        return w;
      }
      const k = this.find(row, col);
      if (k >= 0) {
        this.cells[k] = w;
        return w;
      }
      this.at = this.index();
    }
    let cols = this.at[row];
    if (cols === undefined) {
      cols = [];
      this.at[row] = cols;
    }
    const k = cols[col];
    if (k !== undefined) {
      this.cells[k] = w;
      return w;
    }
    cols[col] = this.count;
    this.append(w);
    return w;
  }

  /** Position of the write at (row, col) in `cells` while it is in sheet order, or -1. */
  private find(row: number, col: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = this.cells[mid];
      const d = m.row - row || m.col - col;
      if (d === 0) return mid;
      if (d < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The (row, col) → position index of `cells`. */
  private index(): (number[] | undefined)[] {
    const at: (number[] | undefined)[] = [];
    for (let k = 0; k < this.count; k++) {
      const { row, col } = this.cells[k];
      (at[row] ??= [])[col] = k;
    }
    return at;
  }

  /**
   * A value cell (text is always written as text, never as a formula). Properties in this order:
   * sheet, row, col, value, expected, purpose, style?, numberFormat?, note? (the usual shapes as
   * literals: one allocation each).
   */
  value(row: number, col: number, value: Scalar, style?: CellStyle, numberFormat?: string, note?: string): CellWrite {
    const sheet = this.name;
    if (!note) {
      if (style) {
        if (numberFormat) return this.put(row, col, { sheet, row, col, value, expected: value, purpose: "summary", style, numberFormat });
        return this.put(row, col, { sheet, row, col, value, expected: value, purpose: "summary", style });
      }
      if (!numberFormat) return this.put(row, col, { sheet, row, col, value, expected: value, purpose: "summary" });
    }
    const w: CellWrite = { sheet, row, col, value, expected: value, purpose: "summary" };
    if (style) w.style = style;
    if (numberFormat) w.numberFormat = numberFormat;
    if (note) w.note = note;
    return this.put(row, col, w);
  }

  /** A formula cell; properties as `value`'s with `formula` in place of `value`. */
  formula(row: number, col: number, formula: string, expected: Scalar, style?: CellStyle, numberFormat?: string, note?: string): CellWrite {
    const sheet = this.name;
    if (style) {
      if (!note) {
        if (numberFormat) return this.put(row, col, { sheet, row, col, formula, expected, purpose: "summary", style, numberFormat });
        return this.put(row, col, { sheet, row, col, formula, expected, purpose: "summary", style });
      }
      if (numberFormat) return this.put(row, col, { sheet, row, col, formula, expected, purpose: "summary", style, numberFormat, note });
    }
    const w: CellWrite = { sheet, row, col, formula, expected, purpose: "summary" };
    if (style) w.style = style;
    if (numberFormat) w.numberFormat = numberFormat;
    if (note) w.note = note;
    return this.put(row, col, w);
  }

  /** Border-only empty cells so the table's grid is continuous. */
  blank(row: number, col: number, style: CellStyle): void {
    this.value(row, col, null, style);
  }

  merge(r1: number, c1: number, r2: number, c2: number): void {
    if (r1 === r2 && c1 === c2) return;
    this.merges.push({ r1, c1, r2, c2 });
  }

  width(col: number, chars: number): void {
    this.widths[col] = chars;
  }

  build(markerRow: number): SheetPlan {
    this.value(markerRow, 0, markerText(this.purpose), STYLE.note);
    const columnWidths: number[] = [];
    for (let c = 0; c < this.widths.length; c++) columnWidths.push(this.widths[c] ?? 10);
    // sheet order (row, then column): as put, or walked by row and column
    let cells = this.cells;
    cells.length = this.count;
    const at = this.at;
    if (at !== undefined) {
      cells = [];
      for (let r = 0; r < at.length; r++) {
        const cols = at[r];
        if (cols === undefined) continue;
        for (let c = 0; c < cols.length; c++) {
          const k = cols[c];
          if (k !== undefined) cells.push(this.cells[k]);
        }
      }
    }
    return {
      name: this.name,
      purpose: this.purpose,
      cells,
      columnWidths,
      merges: this.merges,
      freezeRows: this.freezeRows,
      print: { paper: "A4", orientation: "landscape", fitToWidth: true },
      charts: this.charts,
    };
  }
}

/**
 * A two-row header: each column either spans both rows (`group` undefined) or sits under a group
 * title merged across its columns. Returns nothing; writes cells and merges.
 */
export function twoRowHeader(sb: SheetBuilder, row: number, cols: { title: string; group?: string }[]): void {
  // The top row first, then the bottom row (the builder keeps writes in sheet order without sorting);
  // merges in column order.
  let c = 0;
  while (c < cols.length) {
    const col = cols[c];
    if (!col.group) {
      sb.value(row, c, col.title, STYLE.header);
      sb.merge(row, c, row + 1, c);
      c++;
      continue;
    }
    let end = c;
    while (end + 1 < cols.length && cols[end + 1].group === col.group) end++;
    sb.value(row, c, col.group, STYLE.header);
    for (let k = c + 1; k <= end; k++) sb.value(row, k, null, STYLE.header);
    sb.merge(row, c, row, end);
    c = end + 1;
  }
  for (let k = 0; k < cols.length; k++) sb.value(row + 1, k, cols[k].group ? cols[k].title : null, STYLE.header);
}
