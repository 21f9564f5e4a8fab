/**
 * A read-mostly spreadsheet view of the in-memory workbook: what the add-in wrote, as Excel would
 * show it. Values under their number formats, the formula in the cell's tooltip and in the formula
 * bar, fills and fonts, notes (red corner marker + tooltip), merges, hidden rows left out, frozen
 * rows sticky, the selected cell outlined, sheet tabs, charts drawn below the grid.
 *
 * Test hooks: every cell <td> has data-cell="B7" and data-sheet; a filled cell has data-fill, a
 * formula cell data-formula, a noted cell data-note, the selected cell data-selected="true"; the
 * tabs are [data-testid=sheet-tab][data-sheet]; the formula bar is [data-testid=formula-bar].
 */
import * as React from "react";
import type { Area } from "../core/grid";
import { a1, colLetter } from "../core/grid";
import { formatValue, parseAddress, type MemCell, type MemSheet, type MemWorkbook, type MemChart } from "./fake-excel";

const MAX_ROWS = 2000;
const MAX_COLS = 120;
const DEFAULT_COL_PX = 64;

function useRevision(wb: MemWorkbook): number {
  const [rev, setRev] = React.useState(wb.revision);
  React.useEffect(() => {
    setRev(wb.revision);
    return wb.subscribe(() => setRev(wb.revision));
  }, [wb]);
  return rev;
}

function cellTitle(cell: MemCell | undefined): string | undefined {
  if (!cell) return undefined;
  const parts: string[] = [];
  if (cell.f) {
    parts.push(cell.f);
    if (cell.calc === "cached") {
      parts.push(
        cell.v === null
          ? "(tidak dihitung oleh workbench / not calculated by the workbench)"
          : "(nilai tersimpan, tidak dihitung ulang / cached value, not recalculated)",
      );
    }
  }
  if (cell.link) parts.push(`→ ${cell.link}`);
  if (cell.note !== undefined) parts.push(`${cell.noteKind === "comment" ? "Komentar / Comment" : "Catatan / Note"}: ${cell.note}`);
  return parts.length ? parts.join("\n") : undefined;
}

function displayText(cell: MemCell | undefined): string {
  if (!cell) return "";
  if (cell.f && cell.v === null && cell.calc === "cached") return cell.f;
  return formatValue(cell.v, cell.fmt);
}

function inArea(a: Area | undefined, r: number, c: number): boolean {
  return !!a && r >= a.r1 && r <= a.r2 && c >= a.c1 && c <= a.c2;
}

export interface GridViewProps {
  workbook: MemWorkbook;
}

export function GridView({ workbook }: GridViewProps): React.ReactElement {
  useRevision(workbook);
  const sheet = workbook.sheet(workbook.activeSheet) ?? workbook.sheets[0];
  const selection = workbook.selection && sheet && workbook.selection.sheet.toLowerCase() === sheet.name.toLowerCase() ? workbook.selection.area : undefined;
  const scroller = React.useRef<HTMLDivElement>(null);
  const selKey = selection && sheet ? `${sheet.name}!${a1(selection.r1, selection.c1)}` : "";

  const shownSheet = workbook.sheet(workbook.activeSheet)?.name ?? "";
  React.useEffect(() => {
    scroller.current?.scrollTo?.(0, 0);
  }, [shownSheet, workbook]);

  React.useEffect(() => {
    if (!selKey || !scroller.current) return;
    const el = scroller.current.querySelector<HTMLElement>('td[data-selected="true"]');
    el?.scrollIntoView?.({ block: "center", inline: "nearest" });
  }, [selKey]);

  if (!sheet) return <div className="wb-grid-empty">Buku kerja kosong / Empty workbook</div>;

  const select = (r: number, c: number) => {
    workbook.selection = { sheet: sheet.name, area: { r1: r, c1: c, r2: r, c2: c } };
    workbook.notify("selection");
  };
  const activate = (name: string) => {
    workbook.activeSheet = name;
    workbook.notify("selection");
  };

  const used = sheet.usedArea(false);
  const rows = Math.min(MAX_ROWS, Math.max((used?.r2 ?? 0) + 3, 30));
  const cols = Math.min(MAX_COLS, Math.max((used?.c2 ?? 0) + 2, 10));
  const selCell = selection ? sheet.get(selection.r1, selection.c1) : undefined;

  return (
    <div className="wb-grid-wrap">
      <div className="wb-formula-bar" data-testid="formula-bar">
        <span className="wb-namebox" data-testid="name-box">
          {selection ? a1(selection.r1, selection.c1) : ""}
        </span>
        <span className="wb-fx">fx</span>
        <span className="wb-formula-text" data-testid="formula-text">
          {selCell ? (selCell.f ?? formatValue(selCell.v, undefined)) : ""}
        </span>
        <span className="wb-sheet-flags">
          {sheet.protected ? (
            <span className="wb-badge wb-badge-lock" data-testid="protected-badge" title="Lembar diproteksi / Sheet is protected">
              Terproteksi / Protected
            </span>
          ) : null}
        </span>
      </div>
      <div className="wb-grid-scroll" ref={scroller} data-testid="grid" data-sheet={sheet.name}>
        <SheetTable sheet={sheet} rows={rows} cols={cols} selection={selection} onSelect={select} />
        <Charts workbook={workbook} sheet={sheet} />
      </div>
      <div className="wb-tabs" role="tablist">
        {workbook.sheets.map((s) => (
          <button
            key={s.name}
            role="tab"
            type="button"
            className={"wb-tab" + (s === sheet ? " wb-tab-active" : "")}
            aria-selected={s === sheet}
            data-testid="sheet-tab"
            data-sheet={s.name}
            onClick={() => activate(s.name)}
            title={s.protected ? `${s.name} (terproteksi / protected)` : s.name}
          >
            {s.protected ? "[P] " : ""}
            {s.name}
          </button>
        ))}
      </div>
    </div>
  );
}

interface SheetTableProps {
  sheet: MemSheet;
  rows: number;
  cols: number;
  selection?: Area;
  onSelect(r: number, c: number): void;
}

function SheetTable({ sheet, rows, cols, selection, onSelect }: SheetTableProps): React.ReactElement {
  const covered = new Set<number>();
  for (const m of sheet.merges) {
    for (let r = m.r1; r <= m.r2; r++) for (let c = m.c1; c <= m.c2; c++) if (r !== m.r1 || c !== m.c1) covered.add(r * 16384 + c);
  }
  const masters = new Map<number, Area>();
  for (const m of sheet.merges) masters.set(m.r1 * 16384 + m.c1, m);
  const colPx = (c: number) => Math.round(((sheet.colWidths.get(c) ?? DEFAULT_COL_PX * 0.75) * 4) / 3);

  const body: React.ReactElement[] = [];
  for (let r = 0; r < rows; r++) {
    if (sheet.hiddenRows.has(r)) continue;
    const tds: React.ReactElement[] = [];
    for (let c = 0; c < cols; c++) {
      if (sheet.hiddenCols.has(c)) continue;
      const key = r * 16384 + c;
      if (covered.has(key)) continue;
      const m = masters.get(key);
      const cell = sheet.get(r, c);
      const selected = !!selection && selection.r1 === r && selection.c1 === c;
      const inSel = inArea(selection, r, c);
      const style: React.CSSProperties = {};
      if (cell?.fill) style.background = cell.fill;
      if (cell?.bold) style.fontWeight = 700;
      if (cell?.italic) style.fontStyle = "italic";
      if (cell?.color) style.color = cell.color;
      if (cell?.indent) style.paddingLeft = 4 + cell.indent * 10;
      const numeric = typeof cell?.v === "number";
      const align = cell?.hAlign && cell.hAlign !== "General" ? cell.hAlign.toLowerCase() : numeric ? "right" : undefined;
      if (align) style.textAlign = align as React.CSSProperties["textAlign"];
      const classes = ["wb-cell"];
      if (cell?.wrap) classes.push("wb-wrap");
      if (cell?.note !== undefined) classes.push("wb-noted");
      if (cell?.f) classes.push("wb-formula");
      if (cell?.f && cell.calc === "cached" && cell.v === null) classes.push("wb-uncalculated");
      if (cell?.error) classes.push("wb-error");
      if (cell?.link) classes.push("wb-link");
      if (inSel) classes.push("wb-in-selection");
      if (selected) classes.push("wb-selected");
      if (r < sheet.freezeRows) classes.push("wb-frozen");
      const text = displayText(cell);
      // Excel lets unwrapped text run into empty cells to its right
      if (typeof cell?.v === "string" && !cell.wrap && !m && text !== "" && sheet.get(r, c + 1) === undefined && !masters.has(key + 1)) {
        classes.push("wb-overflow");
      }
      tds.push(
        <td
          key={c}
          className={classes.join(" ")}
          style={style}
          rowSpan={m ? visibleSpan(sheet, m.r1, m.r2) : undefined}
          colSpan={m ? m.c2 - m.c1 + 1 : undefined}
          title={cellTitle(cell)}
          data-cell={a1(r, c)}
          data-sheet={sheet.name}
          data-value={cell && cell.v !== null ? String(cell.v) : undefined}
          data-formula={cell?.f}
          data-fill={cell?.fill}
          data-note={cell?.note}
          data-bold={cell?.bold ? "true" : undefined}
          data-selected={selected ? "true" : undefined}
          onClick={() => onSelect(r, c)}
        >
          {text}
        </td>,
      );
    }
    const hiddenAbove = r > 0 && sheet.hiddenRows.has(r - 1);
    body.push(
      <tr key={r} className={r < sheet.freezeRows ? "wb-frozen-row" : undefined}>
        <th className={"wb-rowhead" + (hiddenAbove ? " wb-hidden-above" : "")} title={hiddenAbove ? "Baris tersembunyi di atas / hidden rows above" : undefined}>
          {r + 1}
        </th>
        {tds}
      </tr>,
    );
  }
  const heads: React.ReactElement[] = [];
  for (let c = 0; c < cols; c++) {
    if (sheet.hiddenCols.has(c)) continue;
    heads.push(
      <th key={c} className="wb-colhead" style={{ width: colPx(c), minWidth: colPx(c), maxWidth: colPx(c) }}>
        {colLetter(c)}
      </th>,
    );
  }
  return (
    <table className="wb-table" data-testid="sheet-table">
      <thead>
        <tr>
          <th className="wb-corner" />
          {heads}
        </tr>
      </thead>
      <tbody>{body}</tbody>
    </table>
  );
}

function visibleSpan(sheet: MemSheet, r1: number, r2: number): number {
  let n = 0;
  for (let r = r1; r <= r2; r++) if (!sheet.hiddenRows.has(r)) n++;
  return Math.max(1, n);
}

// ---------------------------------------------------------------------------------------------
// Charts: a plain SVG rendering of what worksheet.charts.add asked for

/** The values of a series' range (one row or one column) on its sheet. */
function seriesCells(workbook: MemWorkbook, address: string | undefined): (string | number | null)[] | undefined {
  if (!address) return undefined;
  const bang = address.lastIndexOf("!");
  const s = workbook.sheet(address.slice(0, bang).replace(/^'|'$/g, "").replace(/''/g, "'"));
  const area = parseAddress(address.slice(bang + 1));
  if (!s || !area) return undefined;
  const out: (string | number | null)[] = [];
  for (let r = area.r1; r <= area.r2; r++) {
    for (let c = area.c1; c <= area.c2; c++) {
      const cell = s.get(r, c);
      const v = cell?.v;
      // #N/A is the value Excel's charts leave out; other text (a formula's "") is plotted as 0
      if (cell?.error && v === "#N/A") out.push(null);
      else out.push(typeof v === "number" ? v : formatValue(v ?? null, undefined));
    }
  }
  return out;
}

function chartData(workbook: MemWorkbook, chart: MemChart): { categories: string[]; series: { name: string; values: (number | null)[]; line?: boolean }[] } | undefined {
  // What Excel plots: the chart's series (explicit, or derived from the source when it was added)
  if (chart.series?.length) {
    const first = chart.series[0];
    const cats = seriesCells(workbook, first.categories);
    const series = chart.series.map((x) => ({
      name: x.name,
      values: (seriesCells(workbook, x.values) ?? []).map((v) => (v === null || typeof v === "number" ? v : 0)),
      line: /^line/i.test(x.type ?? ""),
    }));
    const n = Math.max(0, ...series.map((x) => x.values.length));
    return { categories: cats ? cats.map((c) => (c === null ? "#N/A" : String(c))) : Array.from({ length: n }, (_, i) => String(i + 1)), series };
  }
  const bang = chart.source.lastIndexOf("!");
  const sheetName = chart.source.slice(0, bang).replace(/^'|'$/g, "").replace(/''/g, "'");
  const s = workbook.sheet(sheetName);
  const area = parseAddress(chart.source.slice(bang + 1));
  if (!s || !area) return undefined;
  const byRows = /rows/i.test(chart.seriesBy);
  const text = (r: number, c: number) => formatValue(s.get(r, c)?.v ?? null, undefined);
  const num = (r: number, c: number) => {
    const v = s.get(r, c)?.v;
    return typeof v === "number" ? v : 0;
  };
  const categories: string[] = [];
  const series: { name: string; values: number[] }[] = [];
  if (!byRows) {
    for (let r = area.r1 + 1; r <= area.r2; r++) categories.push(text(r, area.c1));
    for (let c = area.c1 + 1; c <= area.c2; c++) {
      const values: number[] = [];
      for (let r = area.r1 + 1; r <= area.r2; r++) values.push(num(r, c));
      series.push({ name: text(area.r1, c), values });
    }
  } else {
    for (let c = area.c1 + 1; c <= area.c2; c++) categories.push(text(area.r1, c));
    for (let r = area.r1 + 1; r <= area.r2; r++) {
      const values: number[] = [];
      for (let c = area.c1 + 1; c <= area.c2; c++) values.push(num(r, c));
      series.push({ name: text(r, area.c1), values });
    }
  }
  return { categories, series };
}

const PALETTE = ["#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47"];

function Charts({ workbook, sheet }: { workbook: MemWorkbook; sheet: MemSheet }): React.ReactElement | null {
  if (sheet.charts.length === 0) return null;
  return (
    <div className="wb-charts">
      {sheet.charts.map((chart, i) => {
        const data = chartData(workbook, chart);
        return (
          <figure key={i} className="wb-chart" data-testid="chart" data-chart-type={chart.type} data-series={(chart.series ?? []).map((x) => `${x.name}${x.type ? ` [${x.type}]` : ""}`).join(" | ")}>
            <figcaption>
              {chart.title ?? chart.name} <small>({chart.type}, {chart.source}{chart.position ? `, @${chart.position.start}` : ""})</small>
            </figcaption>
            {data ? <Bars data={data} horizontal={/^bar/i.test(chart.type)} /> : <em>sumber tidak valid / invalid source</em>}
          </figure>
        );
      })}
    </div>
  );
}

function Bars({ data, horizontal }: { data: NonNullable<ReturnType<typeof chartData>>; horizontal: boolean }): React.ReactElement {
  const W = 520;
  const H = 220;
  const pad = 28;
  const all = data.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(1, ...all);
  const n = Math.max(1, data.categories.length);
  const k = Math.max(1, data.series.filter((s) => !s.line).length);
  const band = ((horizontal ? H : W) - 2 * pad) / n;
  const bar = (band * 0.8) / k;
  const rects: React.ReactElement[] = [];
  const lines: React.ReactElement[] = [];
  const bars = data.series.filter((s) => !s.line);
  data.series
    .filter((s) => s.line)
    .forEach((s, li) => {
      const pts = s.values.flatMap((v, ci) => {
        if (v === null) return [];
        const along = pad + ci * band + band / 2;
        const len = (Math.max(0, v) / max) * ((horizontal ? W : H) - 2 * pad);
        return horizontal ? `${pad + len},${along}` : `${along},${H - pad - len}`;
      });
      lines.push(
        <polyline key={`line-${li}`} points={pts.join(" ")} fill="none" stroke="#C00000" strokeWidth={2} strokeDasharray="6 3">
          <title>{s.name}</title>
        </polyline>,
      );
    });
  bars.forEach((s, si) =>
    s.values.forEach((v, ci) => {
      if (v === null) return; // not plotted (#N/A)
      const len = (Math.max(0, v) / max) * ((horizontal ? W : H) - 2 * pad);
      const off = pad + ci * band + band * 0.1 + si * bar;
      rects.push(
        horizontal ? (
          <rect key={`${si}-${ci}`} x={pad} y={off} width={len} height={bar} fill={PALETTE[si % PALETTE.length]}>
            <title>{`${data.categories[ci]} — ${s.name}: ${v}`}</title>
          </rect>
        ) : (
          <rect key={`${si}-${ci}`} x={off} y={H - pad - len} width={bar} height={len} fill={PALETTE[si % PALETTE.length]}>
            <title>{`${data.categories[ci]} — ${s.name}: ${v}`}</title>
          </rect>
        ),
      );
    }),
  );
  return (
    <svg width={W} height={H} role="img" aria-label="chart">
      <line x1={pad} y1={H - pad} x2={W - pad} y2={H - pad} stroke="#999" />
      <line x1={pad} y1={pad} x2={pad} y2={H - pad} stroke="#999" />
      {rects}
      {lines}
      {data.series.map((s, si) => (
        <text key={si} x={pad + si * 130} y={14} fontSize={11} fill={PALETTE[si % PALETTE.length]}>
          ■ {s.name.slice(0, 18)}
        </text>
      ))}
    </svg>
  );
}

