/**
 * Undo that survives closing the task pane: before a write, the adapter snapshots every cell it will
 * touch (values, formulas, number formats, fill, bold/italic/font colour, notes or comments), the
 * merges already where it merges, whether each generated sheet existed, and the content and layout
 * (merges, column widths, frozen panes) of each one it regenerates; the snapshot is stored IN THE
 * WORKBOOK (document settings, JSON chunked over several keys, with a format stamp). `undoLast()`
 * restores it exactly with a constant number of syncs (plus one per ~3.5 MB of restored data). The
 * last MAX_UNDO operations are kept.
 */
import type { Scalar } from "../core/grid";
import { a1, parseAreaA1 } from "../core/grid";
import type { Message } from "../core/model";
import { Capabilities, capabilities } from "./api-subset";
import {
  COMMAND_OVERHEAD,
  DEFAULT_REQUEST_BUDGET,
  DEFAULT_READ_CELL_BUDGET,
  Op,
  matrixBytes,
  packChunks,
  splitAreas,
  splitString,
  stripSheet,
  textForExcel,
} from "./blocks";
import { CapaianOfficeError, noUndoError, payloadError, protectedSheetError, sheetMissingError, toOfficeError } from "./errors";
import { NoteApi, findNotes, queueAddNote } from "./notes";
import { Ctx, runExcel } from "./run";
import { parseJson, queueSettingDelete, queueSettingRead, queueSettingWrite } from "./settings";

export const UNDO_FORMAT = "capaian-undo/1";
export const UNDO_INDEX_KEY = "capaian.undo.index";
export const MAX_UNDO = 5;
/** Characters per settings key. */
export const UNDO_CHUNK_CHARS = 500_000;
/** Snapshots larger than this are not stored (the operation then reports that it cannot be undone). */
export const MAX_SNAPSHOT_CHARS = 8_000_000;

/** [fill "#RRGGBB" or null for no fill, bold, italic, font colour]. */
export type CellLook = [string | null, 0 | 1, 0 | 1, string | null];

export interface SnapshotBlock {
  /** Sheet, top-left (zero-based), size. */
  s: string;
  r: number;
  c: number;
  rows: number;
  cols: number;
  /** Constant values ("" for empty); null where the cell held a formula. */
  v: Scalar[][];
  /** Formulas; null where the cell held a constant. */
  f: (string | null)[][];
  /** Number formats. */
  n: string[][];
  /** Cells whose constant is an error literal (#N/A typed by the user): written back raw. */
  e?: [number, number][];
  /** Fill and font, when the host has cell properties (ExcelApi 1.9). */
  p?: CellLook[][];
}

export interface SnapshotNote {
  s: string;
  /** A1 address on sheet s. */
  a: string;
  /** Text before the operation, null when the cell had no note. */
  text: string | null;
}

/** A zero-based rectangle on a sheet. */
export interface SnapshotArea {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/**
 * A regenerated sheet's layout before the operation. Every field is optional: snapshots written
 * before layout was kept (same format stamp) have none, and their undo restores content only.
 */
export interface SheetLayout {
  /** Merged areas; absent when the host has no getMergedAreasOrNullObject (ExcelApi 1.13). */
  merges?: SnapshotArea[];
  /** Column widths in points of columns 0 .. w.length-1 (the used columns and those the plan sizes). */
  widths?: number[];
  /** The frozen top-left pane (rowIndex, columnIndex, rowCount, columnCount), null when nothing was frozen. */
  freeze?: [number, number, number, number] | null;
}

export interface SnapshotSheet {
  name: string;
  existed: boolean;
  /** The generated sheet's used range before it was regenerated. */
  block?: SnapshotBlock;
  /** Its merges, column widths and frozen panes before it was regenerated. */
  layout?: SheetLayout;
}

export interface Snapshot {
  format: typeof UNDO_FORMAT;
  id: string;
  label: Message;
  time: string;
  /** "note" (ExcelApi 1.18) or "comment" (1.10): which API held the notes. */
  noteApi: NoteApi;
  blocks: SnapshotBlock[];
  /** Areas the operation merged (unmerged again on undo). */
  merged?: ({ s: string } & SnapshotArea)[];
  /**
   * Merged areas that existed before the operation and overlap an area it merged (merged again on
   * undo, after the unmerge). Absent in older snapshots and on hosts without ExcelApi 1.13.
   */
  premerged?: ({ s: string } & SnapshotArea)[];
  notes: SnapshotNote[];
  sheets: SnapshotSheet[];
}

/** What the task pane shows about an undoable operation. */
export interface UndoEntry {
  format: typeof UNDO_FORMAT;
  id: string;
  label: Message;
  time: string;
  chunks: number;
  /** Cells in existing sheets that will be restored. */
  cells: number;
  notes: number;
  sheetsCreated: string[];
  sheetsRegenerated: string[];
  sheetsTouched: string[];
  /**
   * Fingerprints of what the operation left in Excel (read back after writing): the formulas of every
   * touched rectangle and of every generated sheet's used range. Undo compares them with the
   * workbook's current content so it never silently overwrites edits made after the operation.
   */
  check?: FingerprintSet;
}

export interface FingerprintSet {
  /** "sheet\tr\tc\trows\tcols" rectangles, or "sheet\t*" for a generated sheet's used range. */
  areas: string[];
  hashes: string[];
}

/** FNV-1a (32 bit) of the JSON of a formulas matrix, as hex. */
export function hashMatrix(m: unknown): string {
  const s = JSON.stringify(m ?? null);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * Reads the fingerprints of `areas` (one sync per ~cellBudget cells of rectangles; generated sheets'
 * used ranges ride along with the first request). Missing sheets fingerprint as "missing".
 */
export async function readFingerprints(context: Ctx, areas: string[], sheetOf: (name: string) => Excel.Worksheet | undefined, cellBudget = DEFAULT_READ_CELL_BUDGET): Promise<string[]> {
  const out: string[] = new Array(areas.length).fill("missing");
  const pending: { i: number; range: Excel.Range; used: boolean }[] = [];
  const rects: { i: number; ws: Excel.Worksheet; r: number; c: number; rows: number; cols: number }[] = [];
  areas.forEach((area, i) => {
    const parts = area.split("\t");
    const ws = sheetOf(parts[0]);
    if (!ws) return;
    if (parts[1] === "*") {
      const used = ws.getUsedRangeOrNullObject(false);
      used.load("formulas");
      pending.push({ i, range: used, used: true });
    } else {
      rects.push({ i, ws, r: Number(parts[1]), c: Number(parts[2]), rows: Number(parts[3]), cols: Number(parts[4]) });
    }
  });
  let k = 0;
  do {
    let cells = 0;
    while (k < rects.length && (cells === 0 || cells + rects[k].rows * rects[k].cols <= cellBudget)) {
      const x = rects[k++];
      cells += x.rows * x.cols;
      const range = x.ws.getRangeByIndexes(x.r, x.c, x.rows, x.cols);
      range.load("formulas");
      pending.push({ i: x.i, range, used: false });
    }
    await context.sync();
    for (const p of pending.splice(0)) out[p.i] = p.used && p.range.isNullObject ? "empty" : hashMatrix(p.range.formulas);
  } while (k < rects.length);
  return out;
}

export function areaKey(sheet: string, r: number, c: number, rows: number, cols: number): string {
  return [sheet, r, c, rows, cols].join("\t");
}

export function sheetKey(sheet: string): string {
  return `${sheet}\t*`;
}

export function changedSinceError(areas: string[]): CapaianOfficeError {
  const where = areas
    .slice(0, 3)
    .map((a) => {
      const [sheet, r, c, rows, cols] = a.split("\t");
      if (r === "*") return `"${sheet}"`;
      const r1 = Number(r);
      const c1 = Number(c);
      const end = a1(r1 + Number(rows) - 1, c1 + Number(cols) - 1);
      const start = a1(r1, c1);
      return `${sheet}!${start === end ? start : `${start}:${end}`}`;
    })
    .join(", ");
  return new CapaianOfficeError(
    "changed",
    {
      id: `Sel yang ditulis Capaian telah diubah sesudahnya (${where}${areas.length > 3 ? ", …" : ""}). Membatalkan akan menimpa perubahan itu. Pilih “Batalkan tetap” bila memang ingin memulihkan.`,
      en: `Cells Capaian wrote were changed afterwards (${where}${areas.length > 3 ? ", …" : ""}). Undoing would overwrite those edits. Choose “Undo anyway” if you really want to restore.`,
    },
    { detail: where },
  );
}

export function describeSnapshot(s: Snapshot, chunks: number): UndoEntry {
  const cells = s.blocks.reduce((n, b) => n + b.rows * b.cols, 0);
  return {
    format: UNDO_FORMAT,
    id: s.id,
    label: s.label,
    time: s.time,
    chunks,
    cells,
    notes: s.notes.length,
    sheetsCreated: s.sheets.filter((x) => !x.existed).map((x) => x.name),
    sheetsRegenerated: s.sheets.filter((x) => x.existed).map((x) => x.name),
    sheetsTouched: [...new Set(s.blocks.map((b) => b.s))],
  };
}

export function chunkKey(id: string, i: number): string {
  return `capaian.undo.${id}.${i}`;
}

// ---------------------------------------------------------------------------------------------
// Reading a snapshot block from Excel

export interface PendingBlock {
  finish: () => SnapshotBlock;
}

/** Queues the reads that snapshot a rectangle; call finish() after the sync. */
export function queueBlockSnapshot(ws: Excel.Worksheet, sheet: string, r: number, c: number, rows: number, cols: number, caps: Capabilities): PendingBlock {
  const range = ws.getRangeByIndexes(r, c, rows, cols);
  range.load(["values", "formulas", "numberFormat", "valueTypes"]);
  const props = caps.cellProperties
    ? range.getCellProperties({ format: { font: { bold: true, italic: true, color: true }, fill: { color: true, pattern: true } } })
    : undefined;
  return {
    finish: () => snapshotFromLoaded(sheet, r, c, rows, cols, range.values, range.formulas, range.numberFormat, range.valueTypes, props?.value),
  };
}

export function snapshotFromLoaded(
  sheet: string,
  r: number,
  c: number,
  rows: number,
  cols: number,
  values: unknown[][],
  formulas: unknown[][],
  formats: unknown[][],
  types: unknown[][] | undefined,
  props: Excel.CellProperties[][] | undefined,
): SnapshotBlock {
  const v: Scalar[][] = [];
  const f: (string | null)[][] = [];
  const n: string[][] = [];
  const e: [number, number][] = [];
  const p: CellLook[][] | undefined = props ? [] : undefined;
  for (let i = 0; i < rows; i++) {
    const vr: Scalar[] = [];
    const fr: (string | null)[] = [];
    const nr: string[] = [];
    const pr: CellLook[] = [];
    for (let j = 0; j < cols; j++) {
      const raw = values?.[i]?.[j] as unknown;
      const fo = formulas?.[i]?.[j] as unknown;
      const isFormula = typeof fo === "string" && fo.startsWith("=") && fo !== raw;
      if (isFormula) {
        vr.push(null);
        fr.push(fo as string);
      } else {
        vr.push(raw === undefined || raw === null ? "" : (raw as Scalar));
        fr.push(null);
        if (types?.[i]?.[j] === "Error") e.push([i, j]);
      }
      const fmt = formats?.[i]?.[j];
      nr.push(typeof fmt === "string" ? fmt : "General");
      if (p) {
        const cp = props?.[i]?.[j];
        const pattern = cp?.format?.fill?.pattern;
        const color = cp?.format?.fill?.color;
        const fill =
          pattern === "None" || typeof color !== "string" || (pattern === undefined && color.toUpperCase() === "#FFFFFF") ? null : color;
        pr.push([fill, cp?.format?.font?.bold ? 1 : 0, cp?.format?.font?.italic ? 1 : 0, cp?.format?.font?.color ?? null]);
      }
    }
    v.push(vr);
    f.push(fr);
    n.push(nr);
    if (p) p.push(pr);
  }
  const block: SnapshotBlock = { s: sheet, r, c, rows, cols, v, f, n };
  if (e.length) block.e = e;
  if (p) block.p = p;
  return block;
}

// ---------------------------------------------------------------------------------------------
// Reading a sheet's layout (merges, column widths, frozen panes)

/** Columns whose width is kept per regenerated sheet (generated sheets are far narrower). */
export const MAX_LAYOUT_COLUMNS = 1000;

/** Merged areas of a RangeAreas address ("S!A1:B2, S!C3:D3"), single cells left out. */
export function mergedAreasOf(address: unknown): SnapshotArea[] {
  if (typeof address !== "string" || address === "") return [];
  const out: SnapshotArea[] = [];
  for (const part of splitAreas(address)) {
    const a = parseAreaA1(stripSheet(part).replace(/\$/g, ""));
    if (a && (a.r1 !== a.r2 || a.c1 !== a.c2)) out.push({ r1: a.r1, c1: a.c1, r2: a.r2, c2: a.c2 });
  }
  return out;
}

/** Queues the read of a whole sheet's merged areas (ExcelApi 1.13; undefined below). */
export function queueMergedAreas(ws: Excel.Worksheet, caps: Capabilities): { get: () => SnapshotArea[] } | undefined {
  if (!caps.mergedAreas) return undefined;
  const areas = ws.getRange().getMergedAreasOrNullObject();
  areas.load("address");
  return { get: () => (areas.isNullObject ? [] : mergedAreasOf(areas.address)) };
}

export interface PendingLayout {
  /** Queues the column width reads of columns 0 .. count-1 (call after the first sync). */
  queueWidths: (count: number) => void;
  finish: () => SheetLayout;
}

/**
 * Queues the layout reads of a sheet that is about to be regenerated: merged areas and frozen panes
 * now, column widths once the used range is known (queueWidths). No sync of its own: the reads ride
 * with the before-image requests.
 */
export function queueLayoutSnapshot(ws: Excel.Worksheet, caps: Capabilities): PendingLayout {
  const merges = queueMergedAreas(ws, caps);
  const freeze = ws.freezePanes.getLocationOrNullObject();
  freeze.load(["rowIndex", "columnIndex", "rowCount", "columnCount"]);
  const widths: Excel.RangeFormat[] = [];
  return {
    queueWidths: (count) => {
      for (let c = 0; c < Math.min(count, MAX_LAYOUT_COLUMNS); c++) {
        const format = ws.getRangeByIndexes(0, c, 1, 1).format;
        format.load("columnWidth");
        widths.push(format);
      }
    },
    finish: () => {
      const layout: SheetLayout = {
        freeze: freeze.isNullObject ? null : [freeze.rowIndex, freeze.columnIndex, freeze.rowCount, freeze.columnCount],
      };
      if (merges) layout.merges = merges.get();
      if (widths.length) layout.widths = widths.map((f) => f.columnWidth);
      return layout;
    },
  };
}

/** Operations that put a regenerated sheet's layout back (after its content). */
export function restoreLayoutOps(layout: SheetLayout, ws: () => Excel.Worksheet): Op<Ctx>[] {
  const ops: Op<Ctx>[] = [];
  const merges = layout.merges ?? [];
  const widths = layout.widths ?? [];
  ops.push({
    bytes: COMMAND_OVERHEAD * (2 + merges.length + widths.length * 2),
    run: () => {
      const sheet = ws();
      for (const m of merges) sheet.getRangeByIndexes(m.r1, m.c1, m.r2 - m.r1 + 1, m.c2 - m.c1 + 1).merge(false);
      widths.forEach((w, c) => {
        if (typeof w === "number" && w >= 0) sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = w;
      });
      if (layout.freeze !== undefined) {
        sheet.freezePanes.unfreeze();
        const f = layout.freeze;
        if (f) {
          const [r, c, rows, cols] = f;
          if (r === 0 && c === 0 && cols >= EXCEL_COLUMNS) sheet.freezePanes.freezeRows(rows);
          else if (r === 0 && c === 0 && rows >= EXCEL_ROWS) sheet.freezePanes.freezeColumns(cols);
          else sheet.freezePanes.freezeAt(sheet.getRangeByIndexes(r, c, Math.min(rows, EXCEL_ROWS - r), Math.min(cols, EXCEL_COLUMNS - c)));
        }
      }
    },
  });
  return ops;
}

const EXCEL_ROWS = 1_048_576;
const EXCEL_COLUMNS = 16_384;

// ---------------------------------------------------------------------------------------------
// Restoring

/** Operations that put a snapshot block back: number formats, constants, formulas, then looks. */
export function restoreBlockOps(block: SnapshotBlock, ws: () => Excel.Worksheet, caps: Capabilities): Op<Ctx>[] {
  const ops: Op<Ctx>[] = [];
  // Split tall blocks so each operation stays small compared to the request budget.
  const rowsPer = Math.max(1, Math.floor(DEFAULT_READ_CELL_BUDGET / Math.max(1, block.cols)));
  const errors = new Set((block.e ?? []).map(([i, j]) => i * 16384 + j));
  for (let start = 0; start < block.rows; start += rowsPer) {
    const end = Math.min(block.rows, start + rowsPer);
    const r = block.r + start;
    const rows = end - start;
    const n = block.n.slice(start, end);
    const v = block.v.slice(start, end).map((row, ii) =>
      row.map((x, j) => {
        if (block.f[start + ii][j] !== null) return null;
        if (typeof x === "string" && !errors.has((start + ii) * 16384 + j)) {
          // A text-formatted cell ("@") keeps typed text as is once its format is restored first.
          return n[ii][j] === "@" && !/^[=+\-@']/.test(x) ? x : textForExcel(x);
        }
        return x;
      }),
    );
    const hasFormula = block.f.slice(start, end).some((row) => row.some((x) => x !== null));
    const f = block.f.slice(start, end);
    ops.push({
      bytes: matrixBytes(n) + matrixBytes(v) + (hasFormula ? matrixBytes(f) : 0) + 3 * COMMAND_OVERHEAD,
      run: () => {
        const range = ws().getRangeByIndexes(r, block.c, rows, block.cols);
        range.numberFormat = n;
        range.values = v as unknown[][];
        if (hasFormula) range.formulas = f as unknown[][];
      },
    });
    if (block.p && caps.cellProperties) {
      const looks = block.p.slice(start, end).map((row) =>
        row.map(([fill, bold, italic, color]) => {
          const format: Excel.CellPropertiesFormat = { font: { bold: bold === 1, italic: italic === 1 } };
          if (color) format.font!.color = color;
          if (fill) format.fill = { color: fill };
          return { format } as Excel.SettableCellProperties;
        }),
      );
      ops.push({
        bytes: matrixBytes(looks) + 2 * COMMAND_OVERHEAD,
        run: () => {
          const range = ws().getRangeByIndexes(r, block.c, rows, block.cols);
          range.format.fill.clear();
          range.setCellProperties(looks);
        },
      });
    }
  }
  return ops;
}

/** Runs operations packed into requests under the budget; a request over Excel's limit is retried once in halves. */
export async function runOps(context: Ctx, ops: Op<Ctx>[], budget: number, prologue?: (context: Ctx) => void): Promise<number> {
  let requests = 0;
  const runChunk = async (chunk: Op<Ctx>[]): Promise<void> => {
    prologue?.(context);
    for (const op of chunk) op.run(context);
    requests++;
    await context.sync();
  };
  for (const chunk of packChunks(ops, budget)) {
    try {
      await runChunk(chunk);
    } catch (err) {
      const code = (err as { code?: string })?.code;
      if (code !== "RequestPayloadSizeLimitExceeded") throw err;
      // Nothing of a rejected request was applied: retry it once in smaller requests.
      try {
        for (const small of packChunks(chunk, Math.max(1, Math.floor(budget / 4)))) await runChunk(small);
      } catch (err2) {
        if ((err2 as { code?: string })?.code === "RequestPayloadSizeLimitExceeded") throw payloadError();
        throw err2;
      }
    }
  }
  return requests;
}

// ---------------------------------------------------------------------------------------------
// Storage in document settings

export function queueIndexRead(context: Ctx): { get: () => UndoEntry[] } {
  const r = queueSettingRead(context, UNDO_INDEX_KEY);
  return {
    get: () => (parseJson<UndoEntry[]>(r.get()) ?? []).filter((e) => e && e.format === UNDO_FORMAT),
  };
}

/**
 * Operations that store a snapshot and push it on the stack (dropping the oldest beyond MAX_UNDO).
 * Returns null when the snapshot is too large to keep.
 */
export function storeSnapshotOps(snapshot: Snapshot, stack: UndoEntry[]): { ops: Op<Ctx>[]; entry: UndoEntry; stack: UndoEntry[] } | null {
  const json = JSON.stringify(snapshot);
  if (json.length > MAX_SNAPSHOT_CHARS) return null;
  const pieces = splitString(json, UNDO_CHUNK_CHARS);
  const entry = describeSnapshot(snapshot, pieces.length);
  const next = [...stack, entry];
  const dropped = next.length > MAX_UNDO ? next.splice(0, next.length - MAX_UNDO) : [];
  const ops: Op<Ctx>[] = pieces.map((piece, i) => ({
    bytes: piece.length + COMMAND_OVERHEAD,
    run: (context: Ctx) => queueSettingWrite(context, chunkKey(snapshot.id, i), piece),
  }));
  ops.push({
    bytes: JSON.stringify(next).length + COMMAND_OVERHEAD * (1 + dropped.length * 4),
    run: (context: Ctx) => {
      for (const d of dropped) for (let i = 0; i < d.chunks; i++) queueSettingDelete(context, chunkKey(d.id, i));
      queueSettingWrite(context, UNDO_INDEX_KEY, JSON.stringify(next));
    },
  });
  return { ops, entry, stack: next.slice(0, -1) };
}

/** The operation the next Undo would reverse, or null. */
export async function peekUndo(): Promise<UndoEntry | null> {
  return runExcel(async (context) => {
    const idx = queueIndexRead(context);
    await context.sync();
    const stack = idx.get();
    return stack.length ? stack[stack.length - 1] : null;
  });
}

export interface UndoResult {
  entry: UndoEntry;
  requests: number;
  /** Operations still undoable after this one. */
  remaining: number;
}

/** Restores the workbook to what it was before the last Capaian write. */
export async function undoLast(options: { requestBudget?: number; force?: boolean } = {}): Promise<UndoResult> {
  const caps = capabilities();
  const budget = options.requestBudget ?? DEFAULT_REQUEST_BUDGET;
  return runExcel(async (context) => {
    // 1. The stack.
    const idx = queueIndexRead(context);
    await context.sync();
    const stack = idx.get();
    const entry = stack[stack.length - 1];
    if (!entry) throw noUndoError();

    // 2. The snapshot's chunks.
    const reads = Array.from({ length: entry.chunks }, (_, i) => queueSettingRead(context, chunkKey(entry.id, i)));
    await context.sync();
    const json = reads.map((r) => r.get()).join("");
    const snapshot = parseJson<Snapshot>(json);
    if (!snapshot || snapshot.format !== UNDO_FORMAT) {
      throw new CapaianOfficeError("no-undo", {
        id: "Data pembatalan di buku kerja ini rusak atau dari versi lain; tidak dapat dibatalkan.",
        en: "The undo data in this workbook is damaged or from another version; it cannot be undone.",
      });
    }

    // 3. Which sheets exist now.
    const names = [...new Set([...snapshot.blocks.map((b) => b.s), ...snapshot.sheets.map((s) => s.name), ...snapshot.notes.map((n) => n.s)])];
    const sheets = new Map(names.map((n) => [n, context.workbook.worksheets.getItemOrNullObject(n)]));
    await context.sync();

    // 4. Protection, current notes, charts of generated sheets.
    const existing = names.filter((n) => !sheets.get(n)!.isNullObject);
    for (const n of existing) sheets.get(n)!.protection.load("protected");
    const charts = new Map<string, Excel.ChartCollection>();
    for (const s of snapshot.sheets) {
      if (!sheets.get(s.name)!.isNullObject) {
        const c = sheets.get(s.name)!.charts;
        c.load("items");
        charts.set(s.name, c);
      }
    }
    await context.sync();
    const notesNow = await findNotes(context, snapshot.noteApi, snapshot.notes.map((n) => ({ sheet: n.s, cell: n.a })));
    const locked = existing.filter((n) => sheets.get(n)!.protection.protected === true);
    if (locked.length) throw protectedSheetError(locked);
    const missing = snapshot.blocks.map((b) => b.s).filter((n) => sheets.get(n)!.isNullObject);
    if (missing.length) throw sheetMissingError(missing[0]);

    // 5. Anything changed since the operation? Then refuse unless forced.
    if (entry.check && !options.force) {
      const now = await readFingerprints(context, entry.check.areas, (n) => {
        const ws = sheets.get(n);
        return ws && !ws.isNullObject ? ws : undefined;
      });
      const changed = entry.check.areas.filter((_, i) => now[i] !== entry.check!.hashes[i]);
      if (changed.length) throw changedSinceError(changed);
    }

    // 6. Restore.
    const ops: Op<Ctx>[] = [];
    const wsOf = (n: string) => () => sheets.get(n)!;
    for (const s of snapshot.sheets) {
      const ws = sheets.get(s.name)!;
      if (ws.isNullObject) continue;
      if (!s.existed) {
        ops.push({ bytes: COMMAND_OVERHEAD, run: () => ws.delete() });
        continue;
      }
      ops.push({
        bytes: COMMAND_OVERHEAD * 3,
        run: () => {
          for (const chart of charts.get(s.name)?.items ?? []) chart.delete();
          const all = ws.getRange();
          all.unmerge();
          all.clear();
        },
      });
      if (s.block) ops.push(...restoreBlockOps(s.block, wsOf(s.name), caps));
      if (s.layout) ops.push(...restoreLayoutOps(s.layout, wsOf(s.name)));
    }
    for (const m of snapshot.merged ?? []) {
      ops.push({
        bytes: COMMAND_OVERHEAD,
        run: () => wsOf(m.s)().getRangeByIndexes(m.r1, m.c1, m.r2 - m.r1 + 1, m.c2 - m.c1 + 1).unmerge(),
      });
    }
    for (const b of snapshot.blocks) ops.push(...restoreBlockOps(b, wsOf(b.s), caps));
    // Merges that were there before (an unmerge above may have dissolved them): merged again.
    for (const m of snapshot.premerged ?? []) {
      ops.push({
        bytes: COMMAND_OVERHEAD,
        run: () => wsOf(m.s)().getRangeByIndexes(m.r1, m.c1, m.r2 - m.r1 + 1, m.c2 - m.c1 + 1).merge(false),
      });
    }
    for (const note of snapshot.notes) {
      const now = notesNow.get(`${note.s}!${note.a}`);
      ops.push({
        bytes: (note.text?.length ?? 0) + 2 * COMMAND_OVERHEAD,
        run: (ctx) => {
          now?.remove();
          if (note.text !== null) queueAddNote(ctx, snapshot.noteApi, note.s, note.a, note.text);
        },
      });
    }
    const rest = stack.slice(0, -1);
    ops.push({
      bytes: JSON.stringify(rest).length + COMMAND_OVERHEAD * (1 + entry.chunks),
      run: (ctx) => {
        for (let i = 0; i < entry.chunks; i++) queueSettingDelete(ctx, chunkKey(entry.id, i));
        queueSettingWrite(ctx, UNDO_INDEX_KEY, JSON.stringify(rest));
      },
    });
    let requests: number;
    try {
      requests = await runOps(context, ops, budget, (ctx) => suspend(ctx, caps));
    } catch (err) {
      throw toOfficeError(err);
    }
    return { entry, requests, remaining: rest.length };
  });
}

export function suspend(context: Ctx, caps: Capabilities): void {
  context.application.suspendApiCalculationUntilNextSync();
  if (caps.cellProperties) context.application.suspendScreenUpdatingUntilNextSync();
}
