/**
 * Charts of the generated sheets, built from explicit series (ExcelApi 1.7): each series named and
 * given its values range and the category range, the reference (100 %) drawn as a line series over
 * helper cells, so that Excel plots exactly what the plan means — never the bounding box of the
 * cells (which plotted every column in it, blank merged columns as empty series, the reference as
 * bars).
 *
 * Missing values: the summary's chart data are formulas returning "" when a value is missing, and a
 * chart plots text as 0 (a zero-height bar that reads "0 %", displayBlanksAs does not apply to
 * text). A series over such formulas is therefore plotted from a helper column right of the sheet's
 * cells, `=IF(ISNUMBER(D5),D5,NA())` per row: #N/A is the one value Excel's charts leave out, and
 * the visible data table keeps its blanks. Helper columns are labelled; one per series and one for
 * the reference line, each in the first column right of the sheet's cells that is free.
 */
import type { Area } from "../core/grid";
import { a1, parseAreaA1 } from "../core/grid";
import type { CellWrite, ChartSpec, SheetPlan } from "../core/model";
import type { Capabilities } from "./api-subset";
import { COMMAND_OVERHEAD, Op, stripSheet } from "./blocks";
import type { Ctx } from "./run";

const CHART_TYPES: Record<ChartSpec["type"], string> = { column: "ColumnClustered", bar: "BarClustered" };

/** A chart to draw: its series as zero-based areas on the generated sheet. */
export interface ChartJob {
  sheet: string;
  spec: ChartSpec;
  categories: Area;
  series: { name: string; values: Area; line?: boolean }[];
  /** Helper cells: the reference values and the #N/A-guarded copies of formula series (written with the sheet). */
  extra: CellWrite[];
}

function areaOf(ref: string): Area | undefined {
  return parseAreaA1(stripSheet(ref).replace(/\$/g, ""));
}

/** Columns searched right of the given helper column for a free one. */
const HELPER_SEARCH = 64;

/** The first column from `from` whose cells in rows r1..r2 are free (and marks them taken). */
function freeColumn(occupied: Set<number>, from: number, r1: number, r2: number): number | undefined {
  for (let col = from; col < from + HELPER_SEARCH; col++) {
    let free = true;
    for (let r = Math.max(0, r1); r <= r2 && free; r++) if (occupied.has(r * 16384 + col)) free = false;
    if (!free) continue;
    for (let r = Math.max(0, r1); r <= r2; r++) occupied.add(r * 16384 + col);
    return col;
  }
  return undefined;
}

/** The cells of a one-column series when some are formulas that can return "" (a missing value). */
function formulaValues(sheet: SheetPlan, values: Area): CellWrite[] | undefined {
  if (values.c1 !== values.c2) return undefined;
  const inArea = sheet.cells.filter((c) => c.row >= values.r1 && c.row <= values.r2 && c.col === values.c1);
  return inArea.some((c) => c.formula?.includes('""')) ? inArea : undefined;
}

/**
 * The explicit series of a chart: the plan's series (over a #N/A helper column when they are
 * formulas), plus a reference line over a helper column, each helper with a header naming it.
 * `helperCol`: the first column right of the sheet's cells; `occupied`: the sheet's cells (not changed).
 */
export function chartJob(sheet: SheetPlan, spec: ChartSpec, occupied: Set<number>, helperCol?: number): ChartJob | undefined {
  const categories = areaOf(spec.categories);
  if (!categories) return undefined;
  const planned: { name: string; values: Area }[] = [];
  for (const s of spec.series) {
    const values = areaOf(s.values);
    if (values) planned.push({ name: s.name, values });
  }
  if (planned.length === 0) return undefined;
  const all = [categories, ...planned.map((s) => s.values)];
  // the first column right of the sheet's cells (given), else right of the chart's own cells
  const start = helperCol ?? Math.max(...all.map((a) => a.c2)) + 1;
  const taken = new Set(occupied);
  const top = categories.r1 - 1;
  const extra: CellWrite[] = [];
  const header = (col: number, name: string) => {
    if (top >= 0) extra.push({ sheet: sheet.name, row: top, col, value: name, purpose: "summary" });
  };
  const series: ChartJob["series"] = [];
  for (const s of planned) {
    const source = formulaValues(sheet, s.values);
    const col = source ? freeColumn(taken, start, Math.min(top, s.values.r1), s.values.r2) : undefined;
    if (!source || col === undefined) {
      series.push(s);
      continue;
    }
    header(col, s.name);
    for (let r = s.values.r1; r <= s.values.r2; r++) {
      const ref = a1(r, s.values.c1);
      const from = source.find((c) => c.row === r);
      const expected = from?.formula !== undefined ? from.expected : from?.value;
      extra.push({
        sheet: sheet.name,
        row: r,
        col,
        formula: `=IF(ISNUMBER(${ref}),${ref},NA())`,
        // #N/A where the source is missing; in values mode a blank, which displayBlanksAs leaves out
        expected: typeof expected === "number" ? expected : null,
        numberFormat: from?.numberFormat,
        purpose: "summary",
      });
    }
    series.push({ name: s.name, values: { r1: s.values.r1, c1: col, r2: s.values.r2, c2: col } });
  }
  if (spec.referenceLine !== undefined) {
    const col = freeColumn(taken, start, top, categories.r2);
    if (col !== undefined) {
      const name = `Acuan / Reference ${spec.referenceLine}`;
      header(col, name);
      for (let r = categories.r1; r <= categories.r2; r++) extra.push({ sheet: sheet.name, row: r, col, value: spec.referenceLine, purpose: "summary" });
      series.push({ name, values: { r1: categories.r1, c1: col, r2: categories.r2, c2: col }, line: true });
    }
  }
  return { sheet: sheet.name, spec, categories, series, extra };
}

function rangeOf(ws: Excel.Worksheet, a: Area): Excel.Range {
  return ws.getRangeByIndexes(a.r1, a.c1, a.r2 - a.r1 + 1, a.c2 - a.c1 + 1);
}

/** The operation that draws a chart from its explicit series. */
export function chartOp(job: ChartJob, wsOf: () => Excel.Worksheet, caps: Capabilities): Op<Ctx> {
  return {
    bytes: COMMAND_OVERHEAD * (4 + job.series.length * 4) + job.spec.title.length,
    run: () => {
      const ws = wsOf();
      const [first, ...rest] = job.series;
      // Created over the first series' values only (one column of numbers: one series), then set explicitly.
      const chart = ws.charts.add(CHART_TYPES[job.spec.type] as Excel.ChartType, rangeOf(ws, first.values), "Columns" as Excel.ChartSeriesBy);
      const s0 = chart.series.getItemAt(0);
      s0.name = first.name;
      s0.setValues(rangeOf(ws, first.values));
      s0.setXAxisValues(rangeOf(ws, job.categories));
      for (const s of rest) {
        const x = chart.series.add(s.name);
        x.setValues(rangeOf(ws, s.values));
        x.setXAxisValues(rangeOf(ws, job.categories));
        if (s.line) x.chartType = "Line" as Excel.ChartType;
      }
      // truly empty cells are gaps too where the host can say so (formula results go through NA() helpers)
      if (caps.chartBlanks) chart.displayBlanksAs = "NotPlotted" as Excel.ChartDisplayBlanksAs;
      chart.title.text = job.spec.title;
      chart.setPosition(a1(job.spec.anchor.row, job.spec.anchor.col));
    },
  };
}
