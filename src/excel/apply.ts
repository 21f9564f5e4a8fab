/**
 * WritePlan → Excel. A constant number of syncs plus one per request-sized chunk of data:
 *   1. which sheets exist, the undo stack;
 *   2. protection of every target sheet and the before-image of every touched cell (one sync per
 *      ~25k cells) — a protected sheet is refused here, before anything is written; the layout of
 *      each sheet it regenerates (merges, frozen panes, column widths) rides with those requests;
 *   3. the snapshot into document settings, then the writes, packed into requests under Excel's 5 MB
 *      limit: contiguous blocks of formulas (range.formulas) and values (range.values, text guarded
 *      against formula injection), then number formats, then cell properties, notes, links, and the
 *      generated sheets' layout and charts. Calculation (and, from 1.9, screen updating) is
 *      suspended in every request.
 */
import type { Area, Scalar } from "../core/grid";
import { a1, parseAreaA1 } from "../core/grid";
import type { CellStyle, CellWrite, ChartSpec, Message, SheetPlan, WritePlan } from "../core/model";
import { capabilities } from "./api-subset";
import {
  Block,
  COMMAND_OVERHEAD,
  DEFAULT_READ_CELL_BUDGET,
  DEFAULT_REQUEST_BUDGET,
  Op,
  groupBlocks,
  jsonBytes,
  matrixBytes,
  splitBlockRows,
  stripSheet,
  valueForExcel,
} from "./blocks";
import { protectedSheetError, sheetMissingError, toOfficeError } from "./errors";
import { NoteApi, findNotes, noteApiOf, queueAddNote } from "./notes";
import { queueSettingWrite } from "./settings";
import { Ctx, runExcel } from "./run";
import {
  PendingBlock,
  PendingLayout,
  Snapshot,
  SnapshotArea,
  SnapshotNote,
  SnapshotSheet,
  UNDO_FORMAT,
  UndoEntry,
  queueBlockSnapshot,
  MAX_UNDO,
  UNDO_INDEX_KEY,
  areaKey,
  queueIndexRead,
  queueLayoutSnapshot,
  queueMergedAreas,
  readFingerprints,
  runOps,
  sheetKey,
  storeSnapshotOps,
  suspend,
} from "./undo";

export interface ApplyOptions {
  /** What the operation was, shown by Undo. */
  label?: Message;
  /** Write the engine's expected values instead of formulas. */
  values?: boolean;
  /** Bytes per request (tests lower it). */
  requestBudget?: number;
  /** Cells per snapshot read (tests lower it). */
  cellBudget?: number;
  /** Keep a before-image for Undo (default true). */
  snapshot?: boolean;
  /** Activate the first generated sheet at the end (default true when the plan has sheets). */
  activate?: boolean;
}

export interface ApplyResult {
  /** Cells whose content was written. */
  cellsWritten: number;
  sheetsCreated: string[];
  sheetsRegenerated: string[];
  /** Write requests (syncs after the reads). */
  requests: number;
  undo: UndoEntry | null;
  warnings: Message[];
}

type Kind = "f" | "v";

interface Content {
  sheet: string;
  row: number;
  col: number;
  kind: Kind;
  formula?: string;
  value?: Scalar;
}

const CHART_TYPES: Record<ChartSpec["type"], string> = { column: "ColumnClustered", bar: "BarClustered" };

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

export async function applyPlan(plan: WritePlan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const caps = capabilities();
  const budget = options.requestBudget ?? DEFAULT_REQUEST_BUDGET;
  const cellBudget = options.cellBudget ?? DEFAULT_READ_CELL_BUDGET;
  const valuesMode = options.values === true;
  const keepSnapshot = options.snapshot !== false;
  const warnings: Message[] = [];

  const generated = new Map<string, SheetPlan>();
  for (const s of plan.sheets) generated.set(s.name, s);
  const writes = plan.writes.filter((w) => !generated.has(w.sheet));
  const writeSheets = [...new Set(writes.map((w) => w.sheet))];
  const allNames = [...new Set([...writeSheets, ...generated.keys()])];
  if (allNames.length === 0) {
    return { cellsWritten: 0, sheetsCreated: [], sheetsRegenerated: [], requests: 0, undo: null, warnings };
  }

  return runExcel(async (context) => {
    // 1. Existence of every sheet, and the undo stack.
    const sheets = new Map<string, Excel.Worksheet>();
    for (const n of allNames) sheets.set(n, context.workbook.worksheets.getItemOrNullObject(n));
    const idx = queueIndexRead(context);
    await context.sync();
    for (const n of writeSheets) if (sheets.get(n)!.isNullObject) throw sheetMissingError(n);
    const existingGenerated = [...generated.keys()].filter((n) => !sheets.get(n)!.isNullObject);
    const created = [...generated.keys()].filter((n) => sheets.get(n)!.isNullObject);

    // 2. Protection and the before-image, one sync per ~cellBudget cells.
    const existingNames = allNames.filter((n) => !sheets.get(n)!.isNullObject);
    for (const n of existingNames) sheets.get(n)!.protection.load("protected");
    const noteApi: NoteApi = noteApiOf(caps);
    const noteWrites = writes.filter((w) => w.note !== undefined || w.clear?.includes("note"));
    const genNoteWrites = [...generated.values()].flatMap((s) => s.cells.filter((c) => c.note !== undefined));
    if ((noteWrites.length || genNoteWrites.length) && noteApi === "none") {
      warnings.push({
        id: "Catatan sel tidak ditulis: fitur ini memerlukan ExcelApi 1.10 (Excel 2021, Microsoft 365 atau Excel di web).",
        en: "Cell notes were not written: they need ExcelApi 1.10 (Excel 2021, Microsoft 365 or Excel on the web).",
      });
    }
    // Notes already on the touched cells (also on generated sheets being regenerated) are snapshotted
    // and removed before a new note is added.
    const regenNoteWrites = genNoteWrites.filter((w) => existingGenerated.includes(w.sheet));
    const noteCells = [...noteWrites, ...regenNoteWrites].map((w) => ({ sheet: w.sheet, cell: a1(w.row, w.col) }));
    const existingNotes = await findNotes(context, noteApi, noteCells);
    const genUsed = new Map<string, Excel.Range>();
    const genCharts = new Map<string, Excel.ChartCollection>();
    const genLayout = new Map<string, PendingLayout>();
    for (const n of existingGenerated) {
      const ws = sheets.get(n)!;
      const used = ws.getUsedRangeOrNullObject(false);
      used.load(["rowIndex", "columnIndex", "rowCount", "columnCount"]);
      genUsed.set(n, used);
      const charts = ws.charts;
      charts.load("items");
      genCharts.set(n, charts);
      // Merges and frozen panes ride with the first before-image request, column widths with the next.
      if (keepSnapshot) genLayout.set(n, queueLayoutSnapshot(ws, caps));
    }
    type Target = { sheet: string; r: number; c: number; rows: number; cols: number; gen?: boolean };
    // Cells a merge will swallow are part of the before-image too.
    const mergeWrites = writes.filter((w) => w.merge);
    // Merges already there where the operation merges: merged again on undo (ExcelApi 1.13).
    const premergedReads = new Map<string, { get: () => SnapshotArea[] }>();
    if (keepSnapshot) {
      for (const n of new Set(mergeWrites.map((w) => w.sheet))) {
        const read = queueMergedAreas(sheets.get(n)!, caps);
        if (read) premergedReads.set(n, read);
      }
    }
    const mergeCells: { sheet: string; row: number; col: number }[] = [];
    for (const w of mergeWrites) {
      const m = w.merge!;
      for (let r = m.r1; r <= m.r2; r++) for (let c = m.c1; c <= m.c2; c++) mergeCells.push({ sheet: w.sheet, row: r, col: c });
    }
    const touchedRects: Target[] = groupBlocks<{ sheet: string; row: number; col: number }>([...writes, ...mergeCells]).map((b) => ({
      sheet: b.sheet,
      r: b.r,
      c: b.c,
      rows: b.rows,
      cols: b.cols,
    }));
    const targets: Target[] = keepSnapshot ? touchedRects.slice() : [];
    const pendings: PendingBlock[] = [];
    const genPending = new Map<string, PendingBlock>();
    let first = true;
    /** Reads queued after a sync (column widths) that still need one. */
    let queued = false;
    let i = 0;
    while (first || queued || i < targets.length) {
      queued = false;
      let cells = 0;
      while (i < targets.length && (cells === 0 || cells + targets[i].rows * targets[i].cols <= cellBudget)) {
        const t = targets[i++];
        cells += t.rows * t.cols;
        const p = queueBlockSnapshot(sheets.get(t.sheet)!, t.sheet, t.r, t.c, t.rows, t.cols, caps);
        if (t.gen) genPending.set(t.sheet, p);
        else pendings.push(p);
      }
      await context.sync();
      if (first) {
        first = false;
        const locked = existingNames.filter((n) => sheets.get(n)!.protection.protected === true);
        if (locked.length) throw protectedSheetError(locked);
        if (keepSnapshot) {
          for (const [n, u] of genUsed) {
            const hasUsed = !u.isNullObject && u.rowCount > 0;
            if (hasUsed) targets.push({ sheet: n, r: u.rowIndex, c: u.columnIndex, rows: u.rowCount, cols: u.columnCount, gen: true });
            // Widths of the used columns and of every column the plan sizes.
            const columns = Math.max(hasUsed ? u.columnIndex + u.columnCount : 0, generated.get(n)!.columnWidths.length);
            if (columns > 0) {
              genLayout.get(n)!.queueWidths(columns);
              queued = true;
            }
          }
        }
      }
    }

    // 3. Snapshot (first in the queue), then the writes.
    const ops: Op<Ctx>[] = [];
    let undoEntry: UndoEntry | null = null;
    /** The stack below the new entry (after dropping the oldest beyond MAX_UNDO). */
    let stored: UndoEntry[] | null = null;
    if (keepSnapshot) {
      const notes: SnapshotNote[] = [];
      if (noteApi !== "none") {
        for (const c of noteCells) notes.push({ s: c.sheet, a: c.cell, text: existingNotes.get(`${c.sheet}!${c.cell}`)?.content ?? null });
      }
      const sheetSnaps: SnapshotSheet[] = [...generated.keys()].map((name) => {
        if (!genUsed.has(name)) return { name, existed: false };
        const p = genPending.get(name);
        const snap: SnapshotSheet = p ? { name, existed: true, block: p.finish() } : { name, existed: true };
        const layout = genLayout.get(name);
        if (layout) snap.layout = layout.finish();
        return snap;
      });
      const snapshot: Snapshot = {
        format: UNDO_FORMAT,
        id: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
        label: options.label ?? { id: "Perubahan Capaian", en: "Capaian change" },
        time: new Date().toISOString(),
        noteApi,
        blocks: pendings.map((p) => p.finish()),
        merged: mergeWrites.map((w) => ({ s: w.sheet, ...w.merge! })),
        premerged: premergedOf(mergeWrites, premergedReads),
        notes,
        sheets: sheetSnaps,
      };
      const stack = idx.get();
      const storedOps = storeSnapshotOps(snapshot, stack);
      if (storedOps) {
        ops.push(...storedOps.ops);
        undoEntry = storedOps.entry;
        stored = storedOps.stack;
      } else {
        warnings.push({
          id: "Perubahan ini terlalu besar untuk disimpan sebagai data pembatalan; tidak dapat dibatalkan dari Capaian.",
          en: "This change is too large to keep undo data for; it cannot be undone from Capaian.",
        });
      }
    }

    const newSheets = new Map<string, Excel.Worksheet>();
    const wsOf = (name: string) => (): Excel.Worksheet => newSheets.get(name) ?? sheets.get(name)!;
    for (const name of generated.keys()) {
      if (created.includes(name)) {
        ops.push({ bytes: COMMAND_OVERHEAD + name.length, run: (ctx) => void newSheets.set(name, ctx.workbook.worksheets.add(name)) });
      } else {
        ops.push({
          bytes: COMMAND_OVERHEAD * 3,
          run: () => {
            const ws = sheets.get(name)!;
            for (const chart of genCharts.get(name)?.items ?? []) chart.delete();
            const all = ws.getRange();
            all.unmerge();
            all.clear();
          },
        });
      }
    }

    // Every cell write, generated sheets included (plus reference-line helper cells for charts).
    const allWrites: CellWrite[] = [...writes];
    const chartJobs: { sheet: string; spec: ChartSpec; area: Area }[] = [];
    for (const s of generated.values()) {
      allWrites.push(...s.cells.map((c) => (c.sheet === s.name ? c : { ...c, sheet: s.name })));
      const occupied = new Set(s.cells.map((c) => c.row * 16384 + c.col));
      for (const spec of s.charts) {
        const job = chartSource(s, spec, occupied);
        if (!job) continue;
        allWrites.push(...job.extra);
        chartJobs.push({ sheet: s.name, spec, area: job.area });
      }
    }

    const opLimit = Math.max(1000, Math.floor(budget / 4));
    const contents = allWrites.map((w) => contentOf(w, valuesMode)).filter((c): c is Content => c !== undefined);
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
    const withFormat = allWrites.filter((w) => w.numberFormat !== undefined);
    for (const block of groupBlocks(withFormat)) {
      pushMatrixOps(ops, block, opLimit, (w) => w!.numberFormat!, (range, m) => (range.numberFormat = m as unknown[][]), wsOf);
    }
    for (const block of groupBlocks(allWrites.filter((w) => w.clear?.includes("fill")))) {
      ops.push({
        bytes: COMMAND_OVERHEAD,
        run: () => wsOf(block.sheet)().getRangeByIndexes(block.r, block.c, block.rows, block.cols).format.fill.clear(),
      });
    }
    const withStyle = allWrites.filter((w) => w.style !== undefined && Object.keys(w.style).length > 0);
    if (withStyle.length && !caps.cellProperties) {
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
    if (noteApi !== "none") {
      for (const w of [...noteWrites, ...genNoteWrites]) {
        const cell = a1(w.row, w.col);
        const existing = existingNotes.get(`${w.sheet}!${cell}`);
        ops.push({
          bytes: (w.note?.length ?? 0) + COMMAND_OVERHEAD * 2,
          run: (ctx) => {
            existing?.remove();
            if (w.note !== undefined) queueAddNote(ctx, noteApi, w.sheet, cell, w.note);
          },
        });
      }
    }
    for (const w of allWrites.filter((x) => x.link)) {
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
    for (const w of allWrites.filter((x) => x.merge)) {
      const m = w.merge!;
      ops.push({
        bytes: COMMAND_OVERHEAD,
        run: () => wsOf(w.sheet)().getRangeByIndexes(m.r1, m.c1, m.r2 - m.r1 + 1, m.c2 - m.c1 + 1).merge(false),
      });
    }
    for (const s of generated.values()) {
      ops.push({
        bytes: COMMAND_OVERHEAD * (3 + s.columnWidths.length + s.merges.length),
        run: () => {
          const ws = wsOf(s.name)();
          s.columnWidths.forEach((w, c) => {
            if (w > 0) ws.getRangeByIndexes(0, c, 1, 1).format.columnWidth = charsToPoints(w);
          });
          for (const m of s.merges) ws.getRangeByIndexes(m.r1, m.c1, m.r2 - m.r1 + 1, m.c2 - m.c1 + 1).merge(false);
          if (s.freezeRows && s.freezeRows > 0) ws.freezePanes.freezeRows(s.freezeRows);
          if (caps.cellProperties && s.print?.orientation === "landscape") ws.pageLayout.orientation = "Landscape" as Excel.PageOrientation;
        },
      });
    }
    for (const job of chartJobs) {
      ops.push({
        bytes: COMMAND_OVERHEAD * 4 + job.spec.title.length,
        run: () => {
          const ws = wsOf(job.sheet)();
          const a = job.area;
          const chart = ws.charts.add(
            CHART_TYPES[job.spec.type] as Excel.ChartType,
            ws.getRangeByIndexes(a.r1, a.c1, a.r2 - a.r1 + 1, a.c2 - a.c1 + 1),
            "Columns" as Excel.ChartSeriesBy,
          );
          chart.title.text = job.spec.title;
          chart.setPosition(a1(job.spec.anchor.row, job.spec.anchor.col));
        },
      });
    }
    if (generated.size && options.activate !== false) {
      const firstName = [...generated.keys()][0];
      ops.push({ bytes: COMMAND_OVERHEAD, run: () => wsOf(firstName)().activate() });
    }

    let requests: number;
    try {
      requests = await runOps(context, ops, budget, (ctx) => suspend(ctx, caps));
      // Fingerprint what was written, so Undo can tell whether the user edited it since.
      if (undoEntry) {
        const areas = [
          ...touchedRects.map((t) => areaKey(t.sheet, t.r, t.c, t.rows, t.cols)),
          ...[...generated.keys()].map((n) => sheetKey(n)),
        ];
        const hashes = await readFingerprints(context, areas, (n) => newSheets.get(n) ?? sheets.get(n), cellBudget);
        undoEntry = { ...undoEntry, check: { areas, hashes } };
        const stack = [...stored!, undoEntry].slice(-MAX_UNDO);
        queueSettingWrite(context, UNDO_INDEX_KEY, JSON.stringify(stack));
        await context.sync();
      }
    } catch (err) {
      throw toOfficeError(err);
    }
    return {
      cellsWritten: contents.length,
      sheetsCreated: created,
      sheetsRegenerated: existingGenerated,
      requests,
      undo: undoEntry,
      warnings,
    };
  });
}

/** The merged areas read before writing that overlap an area the plan merges. */
function premergedOf(mergeWrites: CellWrite[], reads: Map<string, { get: () => SnapshotArea[] }>): ({ s: string } & SnapshotArea)[] {
  const out: ({ s: string } & SnapshotArea)[] = [];
  const seen = new Set<string>();
  for (const w of mergeWrites) {
    const m = w.merge!;
    for (const a of reads.get(w.sheet)?.get() ?? []) {
      const key = `${w.sheet}\t${a.r1}\t${a.c1}\t${a.r2}\t${a.c2}`;
      if (seen.has(key) || a.r1 > m.r2 || a.r2 < m.r1 || a.c1 > m.c2 || a.c2 < m.c1) continue;
      seen.add(key);
      out.push({ s: w.sheet, ...a });
    }
  }
  return out;
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

/**
 * The source range of a chart: the bounding box of its categories and series (same sheet), with the
 * header row above when it holds the series names, plus a column of constant reference values (the
 * 100 % line) to the right when those cells are free.
 */
export function chartSource(sheet: SheetPlan, spec: ChartSpec, occupied: Set<number>): { area: Area; extra: CellWrite[] } | undefined {
  const areas = [spec.categories, ...spec.series.map((s) => s.values)]
    .map((ref) => parseAreaA1(stripSheet(ref).replace(/\$/g, "")))
    .filter((a): a is Area => a !== undefined);
  if (areas.length < 2) return undefined;
  const area: Area = {
    r1: Math.min(...areas.map((a) => a.r1)),
    c1: Math.min(...areas.map((a) => a.c1)),
    r2: Math.max(...areas.map((a) => a.r2)),
    c2: Math.max(...areas.map((a) => a.c2)),
  };
  const names = new Set(spec.series.map((s) => s.name));
  const hasHeader = area.r1 > 0 && sheet.cells.some((c) => c.row === area.r1 - 1 && c.col > area.c1 && names.has(String(c.value ?? "")));
  if (hasHeader) area.r1 -= 1;
  const extra: CellWrite[] = [];
  if (spec.referenceLine !== undefined) {
    const col = area.c2 + 1;
    let free = true;
    for (let r = area.r1; r <= area.r2; r++) if (occupied.has(r * 16384 + col)) free = false;
    if (free) {
      for (let r = area.r1; r <= area.r2; r++) {
        const header = hasHeader && r === area.r1;
        extra.push({ sheet: sheet.name, row: r, col, value: header ? `Acuan / Reference ${spec.referenceLine}` : spec.referenceLine, purpose: "summary" });
      }
      area.c2 = col;
    }
  }
  return { area, extra };
}
