/**
 * The write operations of a plan, in the order Excel needs them: generated sheets created or
 * cleared, number formats BEFORE content (a formula typed into a Text-formatted cell stays text),
 * formulas and values in contiguous blocks (text guarded against re-interpretation), cleared fills,
 * cell properties, notes, links, merges, the generated sheets' layout, charts. Each operation
 * carries its estimated request size, so they can be packed into requests under the 5 MB cap.
 */
import type { Scalar } from "../core/grid";
import { a1 } from "../core/grid";
import type { CellStyle, CellWrite, Message, SheetPlan } from "../core/model";
import type { Capabilities } from "./api-subset";
import { Block, COMMAND_OVERHEAD, Op, groupBlocks, jsonBytes, matrixBytes, splitBlockRows, valueForExcel } from "./blocks";
import { ChartJob, chartJob, chartOp } from "./charts";
import { ExistingNote, NoteApi, queueAddNote } from "./notes";
import type { Ctx } from "./run";

export type Kind = "f" | "v";

export interface Content {
  sheet: string;
  row: number;
  col: number;
  kind: Kind;
  formula?: string;
  value?: Scalar;
}

/** Column width in characters → points (Calibri 11: 8.43 characters = 48 pt). */
export function charsToPoints(chars: number): number {
  return Math.round(chars * 5.7 + 5);
}

export function styleFormat(style: CellStyle): Excel.CellPropertiesFormat {
  const format: Excel.CellPropertiesFormat = {};
  const font: Excel.CellPropertiesFont = {};
  if (style.bold !== undefined) font.bold = style.bold;
  if (style.italic !== undefined) font.italic = style.italic;
  if (style.fontColor) font.color = style.fontColor;
  if (Object.keys(font).length) format.font = font;
  if (style.fill) format.fill = { color: style.fill };
  if (style.wrap !== undefined) format.wrapText = style.wrap;
  if (style.hAlign) format.horizontalAlignment = ({ left: "Left", center: "Center", right: "Right" } as const)[style.hAlign];
  if (style.vAlign) format.verticalAlignment = ({ top: "Top", middle: "Center", bottom: "Bottom" } as const)[style.vAlign];
  if (style.border) {
    const edge = { style: "Continuous" as const };
    format.borders = { top: edge, bottom: edge, left: edge, right: edge };
  }
  return format;
}

/** The content a CellWrite puts into its cell, or undefined for a style/note-only write. */
export function contentOf(w: CellWrite, valuesMode: boolean): Content | undefined {
  if (w.formula !== undefined && !valuesMode) return { sheet: w.sheet, row: w.row, col: w.col, kind: "f", formula: w.formula };
  if (w.formula !== undefined) return { sheet: w.sheet, row: w.row, col: w.col, kind: "v", value: w.expected ?? w.value ?? null };
  if (w.value !== undefined) return { sheet: w.sheet, row: w.row, col: w.col, kind: "v", value: w.value };
  return undefined;
}

/** Every cell write of the plan (generated sheets included) and the charts with their helper cells. */
export function allWritesOf(writes: CellWrite[], generated: Map<string, SheetPlan>): { all: CellWrite[]; charts: ChartJob[] } {
  const all: CellWrite[] = [...writes];
  const charts: ChartJob[] = [];
  for (const s of generated.values()) {
    all.push(...s.cells.map((c) => (c.sheet === s.name ? c : { ...c, sheet: s.name })));
    const occupied = new Set(s.cells.map((c) => c.row * 16384 + c.col));
    let helperCol = s.cells.reduce((m, c) => Math.max(m, c.col, c.merge ? c.merge.c2 : 0), -1) + 1;
    for (const spec of s.charts) {
      const job = chartJob(s, spec, occupied, helperCol);
      if (job && job.extra.length) helperCol++;
      if (!job) continue;
      all.push(...job.extra);
      for (const x of job.extra) occupied.add(x.row * 16384 + x.col);
      charts.push(job);
    }
  }
  return { all, charts };
}

function pushMatrixOps<T>(
  ops: Op<Ctx>[],
  block: Block<CellWrite>,
  opLimit: number,
  cell: (w: CellWrite | undefined) => T,
  apply: (range: Excel.Range, m: T[][]) => void,
  wsOf: (name: string) => () => Excel.Worksheet,
): void {
  const rowBytes = (row: (CellWrite | undefined)[]) => row.reduce((n, w) => n + jsonBytes(cell(w)) + 1, 3);
  for (const part of splitBlockRows(block, rowBytes, opLimit)) {
    const matrix = part.cells.map((row) => row.map(cell));
    ops.push({
      bytes: matrixBytes(matrix) + COMMAND_OVERHEAD,
      run: () => apply(wsOf(part.sheet)().getRangeByIndexes(part.r, part.c, part.rows, part.cols), matrix),
    });
  }
}

export interface WriteInputs {
  all: CellWrite[];
  charts: ChartJob[];
  generated: Map<string, SheetPlan>;
  created: string[];
  valuesMode: boolean;
  caps: Capabilities;
  budget: number;
  /** Cells formatted as Text ("@") now, "sheet\tr\tc": content written there gets General first. */
  textCells: Set<string>;
  noteApi: NoteApi;
  noteWrites: CellWrite[];
  existingNotes: Map<string, ExistingNote>;
  /** Charts on a sheet being regenerated (deleted with it). */
  oldCharts: Map<string, Excel.ChartCollection>;
  sheets: Map<string, Excel.Worksheet>;
  activate: boolean;
}

/** The write operations and what the plan could not apply on this host. */
export function buildWriteOps(x: WriteInputs): { ops: Op<Ctx>[]; contents: number; warnings: Message[]; newSheets: Map<string, Excel.Worksheet> } {
  const ops: Op<Ctx>[] = [];
  const warnings: Message[] = [];
  const newSheets = new Map<string, Excel.Worksheet>();
  const wsOf = (name: string) => (): Excel.Worksheet => newSheets.get(name) ?? x.sheets.get(name)!;

  // Generated sheets: created when missing, else cleared (never deleted).
  for (const name of x.generated.keys()) {
    if (x.created.includes(name)) {
      ops.push({ bytes: COMMAND_OVERHEAD + name.length, run: (ctx) => void newSheets.set(name, ctx.workbook.worksheets.add(name)) });
    } else {
      ops.push({
        bytes: COMMAND_OVERHEAD * 3,
        run: () => {
          const ws = x.sheets.get(name)!;
          for (const chart of x.oldCharts.get(name)?.items ?? []) chart.delete();
          const all = ws.getRange();
          all.unmerge();
          all.clear();
        },
      });
    }
  }

  const opLimit = Math.max(1000, Math.floor(x.budget / 4));
  const contents = x.all.map((w) => contentOf(w, x.valuesMode)).filter((c): c is Content => c !== undefined);

  // Number formats first: the plan's own, and General where content (not text) goes into a Text cell.
  const key = (w: { sheet: string; row: number; col: number }) => `${w.sheet}\t${w.row}\t${w.col}`;
  const formats = new Map<string, CellWrite>();
  for (const w of x.all) if (w.numberFormat !== undefined) formats.set(key(w), w);
  for (const c of contents) {
    const k = key(c);
    if (!formats.has(k) && x.textCells.has(k) && (c.kind === "f" || typeof c.value !== "string")) {
      formats.set(k, { sheet: c.sheet, row: c.row, col: c.col, numberFormat: "General", purpose: "fill" });
    }
  }
  for (const block of groupBlocks([...formats.values()])) {
    pushMatrixOps(ops, block, opLimit, (w) => w?.numberFormat ?? null, (range, m) => (range.numberFormat = m as unknown as string[][]), wsOf);
  }

  for (const block of groupBlocks(contents, (c) => c.kind)) {
    const cellOf = (c: Content | undefined): string | number | boolean | null =>
      c === undefined ? null : c.kind === "f" ? c.formula! : valueForExcel(c.value);
    const rowBytes = (row: (Content | undefined)[]) => row.reduce((n, c) => n + jsonBytes(cellOf(c)) + 1, 3);
    for (const part of splitBlockRows(block, rowBytes, opLimit)) {
      const matrix = part.cells.map((row) => row.map(cellOf));
      ops.push({
        bytes: matrixBytes(matrix) + COMMAND_OVERHEAD,
        run: () => {
          const range = wsOf(part.sheet)().getRangeByIndexes(part.r, part.c, part.rows, part.cols);
          if (part.kind === "f") range.formulas = matrix as unknown[][];
          else range.values = matrix as unknown[][];
        },
      });
    }
  }

  for (const block of groupBlocks(x.all.filter((w) => w.clear?.includes("fill")))) {
    ops.push({
      bytes: COMMAND_OVERHEAD,
      run: () => wsOf(block.sheet)().getRangeByIndexes(block.r, block.c, block.rows, block.cols).format.fill.clear(),
    });
  }
  const withStyle = x.all.filter((w) => w.style !== undefined && Object.keys(w.style).length > 0);
  if (withStyle.length && !x.caps.cellProperties) {
    warnings.push({
      id: "Warna dan huruf tebal tidak diterapkan: memerlukan ExcelApi 1.9 (Excel 2021, Microsoft 365 atau Excel di web).",
      en: "Colours and bold were not applied: they need ExcelApi 1.9 (Excel 2021, Microsoft 365 or Excel on the web).",
    });
  } else {
    for (const block of groupBlocks(withStyle)) {
      pushMatrixOps(
        ops,
        block,
        opLimit,
        (w) => ({ format: styleFormat(w!.style!) }) as Excel.SettableCellProperties,
        (range, m) => range.setCellProperties(m as Excel.SettableCellProperties[][]),
        wsOf,
      );
    }
  }

  if (x.noteApi !== "none") {
    for (const w of x.noteWrites) {
      const cell = a1(w.row, w.col);
      const existing = x.existingNotes.get(`${w.sheet}!${cell}`);
      ops.push({
        bytes: (w.note?.length ?? 0) + COMMAND_OVERHEAD * 2,
        run: (ctx) => {
          existing?.remove();
          if (w.note !== undefined) queueAddNote(ctx, x.noteApi, w.sheet, cell, w.note);
        },
      });
    }
  }
  for (const w of x.all.filter((y) => y.link)) {
    const text = w.value === undefined || w.value === null ? undefined : String(w.value);
    ops.push({
      bytes: w.link!.length + (text?.length ?? 0) + COMMAND_OVERHEAD,
      run: () => {
        const link: Excel.RangeHyperlink = { documentReference: w.link! };
        if (text !== undefined) link.textToDisplay = text;
        wsOf(w.sheet)().getRangeByIndexes(w.row, w.col, 1, 1).hyperlink = link;
      },
    });
  }
  for (const w of x.all.filter((y) => y.merge)) {
    const m = w.merge!;
    ops.push({
      bytes: COMMAND_OVERHEAD,
      run: () => wsOf(w.sheet)().getRangeByIndexes(m.r1, m.c1, m.r2 - m.r1 + 1, m.c2 - m.c1 + 1).merge(false),
    });
  }
  for (const s of x.generated.values()) {
    ops.push({
      bytes: COMMAND_OVERHEAD * (3 + s.columnWidths.length + s.merges.length),
      run: () => {
        const ws = wsOf(s.name)();
        s.columnWidths.forEach((w, c) => {
          if (w > 0) ws.getRangeByIndexes(0, c, 1, 1).format.columnWidth = charsToPoints(w);
        });
        for (const m of s.merges) ws.getRangeByIndexes(m.r1, m.c1, m.r2 - m.r1 + 1, m.c2 - m.c1 + 1).merge(false);
        if (s.freezeRows && s.freezeRows > 0) ws.freezePanes.freezeRows(s.freezeRows);
        if (x.caps.cellProperties && s.print?.orientation === "landscape") ws.pageLayout.orientation = "Landscape" as Excel.PageOrientation;
      },
    });
  }
  for (const job of x.charts) ops.push(chartOp(job, wsOf(job.sheet), x.caps));
  if (x.generated.size && x.activate) {
    const firstName = [...x.generated.keys()][0];
    ops.push({ bytes: COMMAND_OVERHEAD, run: () => wsOf(firstName)().activate() });
  }
  return { ops, contents: contents.length, warnings, newSheets };
}
