/**
 * Charts of the generated sheets, built from explicit series (ExcelApi 1.7): each series named and
 * given its values range and the category range, the reference (100 %) drawn as a line series over
 * helper cells, so that Excel plots exactly what the plan means — never the bounding box of the
 * cells (which plotted every column in it, blank merged columns as empty series, the reference as
 * bars). Cells returning "" are not plotted where the host can say so (displayBlanksAs, 1.8).
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
  /** Helper cells holding the reference values (written with the sheet). */
  extra: CellWrite[];
}

function areaOf(ref: string): Area | undefined {
  return parseAreaA1(stripSheet(ref).replace(/\$/g, ""));
}

/**
 * The explicit series of a chart: the plan's series, plus a reference line over a helper column
 * (right of the sheet's cells, one per chart; when those cells are free), with a header naming it.
 */
export function chartJob(sheet: SheetPlan, spec: ChartSpec, occupied: Set<number>, helperCol?: number): ChartJob | undefined {
  const categories = areaOf(spec.categories);
  if (!categories) return undefined;
  const series: ChartJob["series"] = [];
  for (const s of spec.series) {
    const values = areaOf(s.values);
    if (values) series.push({ name: s.name, values });
  }
  if (series.length === 0) return undefined;
  const extra: CellWrite[] = [];
  if (spec.referenceLine !== undefined) {
    const all = [categories, ...series.map((s) => s.values)];
    // the first column right of the sheet's cells (given), else right of the chart's own cells
    const col = helperCol ?? Math.max(...all.map((a) => a.c2)) + 1;
    let free = true;
    for (let r = categories.r1 - 1; r <= categories.r2; r++) if (r >= 0 && occupied.has(r * 16384 + col)) free = false;
    if (free) {
      const name = `Acuan / Reference ${spec.referenceLine}`;
      if (categories.r1 > 0) extra.push({ sheet: sheet.name, row: categories.r1 - 1, col, value: name, purpose: "summary" });
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
      // "" results are text, not blanks; where the host can, gaps are not drawn as zero
      if (caps.chartBlanks) chart.displayBlanksAs = "NotPlotted" as Excel.ChartDisplayBlanksAs;
      chart.title.text = job.spec.title;
      chart.setPosition(a1(job.spec.anchor.row, job.spec.anchor.col));
    },
  };
}
