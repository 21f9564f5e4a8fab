/**
 * Charts: the series Excel makes of a source range (autoSeries), explicit series (add, setValues,
 * setXAxisValues, chartType), title, position, displayBlanksAs.
 */
import type { Area } from "../../../core/grid";
import type { MemCell, MemSeries, MemSheet } from "../workbook";
import { sheetAddress } from "./addresses";
import { ClientObject, itemPaths } from "./client-object";
import { assertWritable, itemNotFound } from "./common";
import type { FakeRequestContext } from "./context";
import { FakeRange } from "./range";

type ChartRef = MemSheet["charts"][number];

/**
 * The series Excel makes of a source range (seriesBy "Columns"; "Rows" is the transpose): the first
 * row holds the series names when none of its value cells is a number, the first column the
 * categories when none of its body cells is a number; every other column is a series, a blank one
 * (an empty merged column) included.
 */
export function autoSeries(sheet: MemSheet, area: Area, seriesBy: string): MemSeries[] {
  const byRows = /rows/i.test(seriesBy);
  const at = (i: number, j: number) => (byRows ? sheet.get(area.r1 + j, area.c1 + i) : sheet.get(area.r1 + i, area.c1 + j));
  const nRows = byRows ? area.c2 - area.c1 + 1 : area.r2 - area.r1 + 1;
  const nCols = byRows ? area.r2 - area.r1 + 1 : area.c2 - area.c1 + 1;
  const isNum = (cell: MemCell | undefined) => typeof cell?.v === "number";
  const isText = (cell: MemCell | undefined) => typeof cell?.v === "string" && cell.v !== "";
  let cats = nCols > 1;
  for (let i = 1; i < nRows && cats; i++) if (isNum(at(i, 0))) cats = false;
  let header = nRows > 1;
  let named = false;
  for (let j = cats ? 1 : 0; j < nCols && header; j++) {
    if (isNum(at(0, j))) header = false;
    if (isText(at(0, j))) named = true;
  }
  header = header && named;
  const r0 = header ? 1 : 0;
  const addr = (i1: number, j1: number, i2: number, j2: number) =>
    byRows
      ? sheetAddress(sheet.name, { r1: area.r1 + j1, c1: area.c1 + i1, r2: area.r1 + j2, c2: area.c1 + i2 })
      : sheetAddress(sheet.name, { r1: area.r1 + i1, c1: area.c1 + j1, r2: area.r1 + i2, c2: area.c1 + j2 });
  const out: MemSeries[] = [];
  for (let j = cats ? 1 : 0; j < nCols; j++) {
    const name = header ? at(0, j)?.v : undefined;
    const series: MemSeries = { name: name === null || name === undefined || name === "" ? `Series${out.length + 1}` : String(name), values: addr(r0, j, nRows - 1, j) };
    if (cats) series.categories = addr(r0, 0, nRows - 1, 0);
    out.push(series);
  }
  return out;
}

export class FakeChartSeries extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly getSeries: () => MemSeries,
    private readonly getChart: () => ChartRef,
  ) {
    super(context, "ChartSeries", ["name", "chartType"]);
  }
  protected fetch(name: string): unknown {
    const x = this.getSeries();
    return name === "name" ? x.name : (x.type ?? this.getChart().type);
  }
  get name(): string {
    return this.read("name");
  }
  set name(v: string) {
    this.assign("name", v, () => void (this.getSeries().name = String(v)), "sheets");
  }
  get chartType(): string {
    return this.read("chartType");
  }
  set chartType(v: string) {
    this.context.requires("1.7", "ChartSeries.chartType");
    this.assign("chartType", v, () => void (this.getSeries().type = String(v)), "sheets");
  }
  setValues(sourceData: FakeRange): void {
    this.context.requires("1.7", "ChartSeries.setValues");
    this.context.enqueue(() => void (this.getSeries().values = sourceData.describe()), "ChartSeries.setValues", "sheets");
  }
  setXAxisValues(sourceData: FakeRange): void {
    this.context.requires("1.7", "ChartSeries.setXAxisValues");
    this.context.enqueue(() => void (this.getSeries().categories = sourceData.describe()), "ChartSeries.setXAxisValues", "sheets");
  }
  delete(): void {
    this.context.requires("1.7", "ChartSeries.delete");
    this.context.enqueue(() => {
      const ch = this.getChart();
      ch.series = ch.series.filter((x) => x !== this.getSeries());
    }, "ChartSeries.delete", "sheets");
  }
}

export class FakeChartSeriesCollection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly getChart: () => ChartRef,
  ) {
    super(context, "ChartSeriesCollection", ["count", "items"]);
  }
  protected fetch(name: string): unknown {
    const ch = this.getChart();
    if (name === "count") return ch.series.length;
    return ch.series.map((x) => {
      const item = new FakeChartSeries(this.context, () => x, () => ch);
      item.stageNow(["name", "chartType"]);
      return item;
    });
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(paths: string[]): void {
    const names = itemPaths(paths);
    if (names.length === 0 && paths.includes("count")) this.stageNow(["count"]);
    else this.stageNow(["items"]);
  }
  get count(): number {
    return this.read("count");
  }
  get items(): FakeChartSeries[] {
    return this.read("items");
  }
  getItemAt(index: number): FakeChartSeries {
    let x: MemSeries | undefined;
    const get = () => {
      if (!x) x = this.getChart().series[index];
      if (!x) throw itemNotFound("ChartSeriesCollection.getItemAt");
      return x;
    };
    return new FakeChartSeries(this.context, get, this.getChart);
  }
  add(name?: string, index?: number): FakeChartSeries {
    this.context.requires("1.7", "ChartSeriesCollection.add");
    const created: MemSeries = { name: name ?? "" };
    this.context.enqueue(() => {
      const ch = this.getChart();
      if (!created.name) created.name = `Series${ch.series.length + 1}`;
      if (index === undefined || index >= ch.series.length) ch.series.push(created);
      else ch.series.splice(Math.max(0, index), 0, created);
    }, "ChartSeriesCollection.add", "sheets");
    return new FakeChartSeries(this.context, () => created, this.getChart);
  }
}

export class FakeChart extends ClientObject {
  readonly title: { text: string };
  readonly series: FakeChartSeriesCollection;
  private chart?: ChartRef;
  constructor(
    context: FakeRequestContext,
    private readonly getChart: () => ChartRef,
  ) {
    super(context, "Chart", ["name", "displayBlanksAs"]);
    let text = "";
    const resolve = () => this.resolveChart();
    this.series = new FakeChartSeriesCollection(context, resolve);
    this.title = {
      get text() {
        return text;
      },
      set text(v: string) {
        text = v;
        context.enqueue(() => {
          resolve().title = v;
        }, "ChartTitle.text", "sheets");
      },
    };
  }
  protected override navigation(): Record<string, ClientObject> {
    return { series: this.series };
  }
  /** @internal */
  resolveChart(): ChartRef {
    if (!this.chart) this.chart = this.getChart();
    return this.chart;
  }
  protected fetch(name: string): unknown {
    const ch = this.resolveChart();
    return name === "name" ? ch.name : (ch.displayBlanksAs ?? "Zero");
  }
  get name(): string {
    return this.read("name");
  }
  get displayBlanksAs(): string {
    return this.read("displayBlanksAs");
  }
  set displayBlanksAs(v: string) {
    this.context.requires("1.8", "Chart.displayBlanksAs");
    this.assign("displayBlanksAs", v, () => void (this.resolveChart().displayBlanksAs = String(v)), "sheets");
  }
  setPosition(startCell: string | FakeRange, endCell?: string | FakeRange): void {
    const addr = (x: string | FakeRange | undefined) => (x === undefined ? undefined : typeof x === "string" ? x : x.describe());
    this.context.enqueue(() => {
      this.resolveChart().position = { start: addr(startCell)!, end: addr(endCell) };
    }, "Chart.setPosition", "sheets");
  }
  delete(): void {
    this.context.enqueue(() => {
      const c = this.resolveChart();
      for (const s of this.context.mem.sheets) s.charts = s.charts.filter((x) => x !== c);
    }, "Chart.delete", "sheets");
  }
}

export class FakeChartCollection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly sheet: (loc: string) => MemSheet,
  ) {
    super(context, "ChartCollection", ["count", "items"]);
  }
  protected fetch(name: string): unknown {
    const s = this.sheet("ChartCollection.load");
    if (name === "count") return s.charts.length;
    return s.charts.map((c) => {
      const ch = new FakeChart(this.context, () => c);
      ch.stageNow(["name"]);
      return ch;
    });
  }
  get count(): number {
    return this.read("count");
  }
  get items(): FakeChart[] {
    return this.read("items");
  }
  add(type: string, sourceData: FakeRange, seriesBy: string = "Auto"): FakeChart {
    let created: ChartRef | undefined;
    this.context.enqueue(
      () => {
        const s = this.sheet("ChartCollection.add");
        assertWritable(s, "ChartCollection.add");
        const { sheet: src, area } = sourceData.target("ChartCollection.add");
        created = {
          name: `Chart ${s.charts.length + 1}`,
          type: String(type),
          source: sourceData.describe(),
          seriesBy: String(seriesBy),
          series: autoSeries(src, area, String(seriesBy)),
        };
        s.charts.push(created);
      },
      "ChartCollection.add",
      "sheets",
    );
    return new FakeChart(this.context, () => {
      if (!created) throw itemNotFound("Chart");
      return created;
    });
  }
}
