/** A small builder for SheetPlans: cells, merges, widths, the standard styles and the marker. */
import type { Area, Scalar } from "../grid";
import { CellMap } from "../grid";
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
  readonly cells: CellWrite[] = [];
  readonly merges: Area[] = [];
  readonly widths: number[] = [];
  readonly charts: ChartSpec[] = [];
  freezeRows?: number;
  /** Position in `cells` of the write at (row, col). */
  private index = new CellMap<number>();

  constructor(
    readonly name: string,
    readonly purpose: GeneratedSheetPurpose,
  ) {}

  /**
   * Add a write; a later write to the same cell replaces the earlier one in place (one write per
   * cell, so the order `build` sorts into does not depend on where it sits).
   */
  private put(w: CellWrite): CellWrite {
    const at = this.index.get(w.row, w.col);
    if (at !== undefined) this.cells[at] = w;
    else {
      this.index.set(w.row, w.col, this.cells.length);
      this.cells.push(w);
    }
    return w;
  }

  /** A value cell (text is always written as text, never as a formula). */
  value(row: number, col: number, value: Scalar, style?: CellStyle, numberFormat?: string, note?: string): CellWrite {
    const w: CellWrite = { sheet: this.name, row, col, value, expected: value, purpose: "summary" };
    if (style) w.style = style;
    if (numberFormat) w.numberFormat = numberFormat;
    if (note) w.note = note;
    return this.put(w);
  }

  formula(row: number, col: number, formula: string, expected: Scalar, style?: CellStyle, numberFormat?: string, note?: string): CellWrite {
    const w: CellWrite = { sheet: this.name, row, col, formula, expected, purpose: "summary" };
    if (style) w.style = style;
    if (numberFormat) w.numberFormat = numberFormat;
    if (note) w.note = note;
    return this.put(w);
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
    return {
      name: this.name,
      purpose: this.purpose,
      cells: this.cells.slice().sort((a, b) => a.row - b.row || a.col - b.col),
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
  let c = 0;
  while (c < cols.length) {
    const col = cols[c];
    if (!col.group) {
      sb.value(row, c, col.title, STYLE.header);
      sb.value(row + 1, c, null, STYLE.header);
      sb.merge(row, c, row + 1, c);
      c++;
      continue;
    }
    let end = c;
    while (end + 1 < cols.length && cols[end + 1].group === col.group) end++;
    sb.value(row, c, col.group, STYLE.header);
    for (let k = c + 1; k <= end; k++) sb.value(row, k, null, STYLE.header);
    sb.merge(row, c, row, end);
    for (let k = c; k <= end; k++) sb.value(row + 1, k, cols[k].title, STYLE.header);
    c = end + 1;
  }
}
