/**
 * WritePlan → Excel, as a sequence of named steps (a constant number of syncs plus one per
 * request-sized piece of data):
 *   findSheets        1 sync: which sheets exist, the undo stack and parts, the Excel Tables;
 *   readBeforeImage   protection, tables' ranges, spills, the before-image of every touched cell
 *                     (in pieces under the 5 MB response cap), merges already where the plan
 *                     merges, each regenerated sheet's content and layout — nothing written yet;
 *   refuseUnsafe      a protected sheet, a write into or beside an Excel Table, into a spill:
 *                     refused here, before anything is written;
 *   storeUndo         the before-image into custom XML parts, the pointer into settings (a
 *                     snapshot that cannot be kept refuses the write);
 *   buildWriteOps     (write-ops.ts) number formats, content, looks, notes, links, merges, layout,
 *                     charts — packed with the storage into requests under the 5 MB request cap;
 *   finishUndo        fingerprints of what was written, stored with the entry; recalculation
 *                     (calculation is suspended in every write request).
 * On ExcelApi 1.20 the whole operation is one Ctrl+Z step (mergeUndoGroup).
 */
import type { Area } from "../core/grid";
import type { CellWrite, Message, SheetPlan, WritePlan } from "../core/model";
import { Capabilities, capabilities, isApiSupported } from "./api-subset";
import { DEFAULT_REQUEST_BUDGET, groupBlocks } from "./blocks";
import { CapaianOfficeError, arrayFormulaError, officeCode, protectedSheetError, sheetMissingError, tableError, toOfficeError, undoStorageError } from "./errors";
import { ExistingNote, NoteApi, findNotes, noteApiOf } from "./notes";
import { DEFAULT_RESPONSE_BUDGET, ReadPiece, TaggedOp, readPieces, runOps, suspend } from "./requests";
import { Ctx, runExcel } from "./run";
import { buildWriteOps, allWritesOf } from "./write-ops";
import {
  IndexRead,
  PendingLayout,
  Snapshot,
  SnapshotArea,
  SnapshotBlock,
  SnapshotNote,
  SnapshotSheet,
  UNDO_FORMAT,
  UndoEntry,
  areaKey,
  mergeBandPieces,
  namespaceOf,
  queueCheckStore,
  queueIndexRead,
  queueLayoutSnapshot,
  readFingerprints,
  sheetKey,
  snapshotPieces,
  storeSnapshotOps,
} from "./undo";

export { charsToPoints, contentOf, styleFormat } from "./write-ops";

export interface ApplyOptions {
  /** What the operation was, shown by Undo. */
  label?: Message;
  /** Write the engine's expected values instead of formulas. */
  values?: boolean;
  /** Bytes per request (tests lower it). */
  requestBudget?: number;
  /** Response bytes per read request (tests lower it). */
  responseBudget?: number;
  /** Cells per snapshot read (kept for callers; reads are sized by response bytes). */
  cellBudget?: number;
  /** Keep a before-image for Undo (default true). Without it the write is not undoable. */
  snapshot?: boolean;
  /** Largest snapshot kept, in characters (tests lower it); a larger one refuses the write. */
  maxSnapshotChars?: number;
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

type Target = { sheet: string; r: number; c: number; rows: number; cols: number };

/** What the plan asks for, sorted out before talking to Excel. */
interface Job {
  plan: WritePlan;
  caps: Capabilities;
  options: ApplyOptions;
  keepSnapshot: boolean;
  generated: Map<string, SheetPlan>;
  writes: CellWrite[];
  writeSheets: string[];
  names: string[];
  mergeWrites: CellWrite[];
  /** Rectangles of every cell the plan touches in existing sheets (merged-over cells included). */
  touched: Target[];
  /** Rectangles of content written into existing sheets. */
  contentRects: Target[];
}

function prepare(plan: WritePlan, options: ApplyOptions): Job {
  const generated = new Map<string, SheetPlan>();
  for (const s of plan.sheets) generated.set(s.name, s);
  const writes = plan.writes.filter((w) => !generated.has(w.sheet));
  const writeSheets = [...new Set(writes.map((w) => w.sheet))];
  const mergeWrites = writes.filter((w) => w.merge);
  const mergeCells: { sheet: string; row: number; col: number }[] = [];
  for (const w of mergeWrites) {
    const m = w.merge!;
    for (let r = m.r1; r <= m.r2; r++) for (let c = m.c1; c <= m.c2; c++) mergeCells.push({ sheet: w.sheet, row: r, col: c });
  }
  const rect = (b: Target) => ({ sheet: b.sheet, r: b.r, c: b.c, rows: b.rows, cols: b.cols });
  return {
    plan,
    caps: capabilities(),
    options,
    keepSnapshot: options.snapshot !== false,
    generated,
    writes,
    writeSheets,
    names: [...new Set([...writeSheets, ...generated.keys()])],
    mergeWrites,
    touched: groupBlocks<{ sheet: string; row: number; col: number }>([...writes, ...mergeCells]).map(rect),
    contentRects: groupBlocks(writes.filter((w) => w.formula !== undefined || w.value !== undefined)).map(rect),
  };
}

// ---------------------------------------------------------------------------------------------
// Step 1: sheets, undo stack, tables

interface Found {
  sheets: Map<string, Excel.Worksheet>;
  existing: string[];
  existingGenerated: string[];
  created: string[];
  index: IndexRead;
  tables: Excel.TableCollection;
}

async function findSheets(context: Ctx, job: Job): Promise<Found> {
  const sheets = new Map<string, Excel.Worksheet>();
  for (const n of job.names) sheets.set(n, context.workbook.worksheets.getItemOrNullObject(n));
  const index = queueIndexRead(context);
  const tables = context.workbook.tables;
  tables.load("items/name");
  await context.sync();
  for (const n of job.writeSheets) if (sheets.get(n)!.isNullObject) throw sheetMissingError(n);
  const gen = [...job.generated.keys()];
  return {
    sheets,
    existing: job.names.filter((n) => !sheets.get(n)!.isNullObject),
    existingGenerated: gen.filter((n) => !sheets.get(n)!.isNullObject),
    created: gen.filter((n) => sheets.get(n)!.isNullObject),
    index,
    tables,
  };
}

// ---------------------------------------------------------------------------------------------
// Step 2: everything read before writing

interface BeforeImage {
  blocks: SnapshotBlock[];
  genBlocks: Map<string, SnapshotBlock>;
  genLayout: Map<string, ReturnType<PendingLayout["finish"]>>;
  premerged: ({ s: string } & SnapshotArea)[];
  textCells: Set<string>;
  noteApi: NoteApi;
  noteWrites: CellWrite[];
  noteCells: { sheet: string; cell: string }[];
  existingNotes: Map<string, ExistingNote>;
  oldCharts: Map<string, Excel.ChartCollection>;
  tableHits: { sheet: string; table: string; where: string }[];
  spillHits: { sheet: string; where: string }[];
  warnings: Message[];
}

function a1Area(t: Target): string {
  const start = `${colName(t.c)}${t.r + 1}`;
  const end = `${colName(t.c + t.cols - 1)}${t.r + t.rows}`;
  return start === end ? start : `${start}:${end}`;
}

function colName(c: number): string {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function parseTableAddress(address: string): { sheet: string; area: Area } | undefined {
  const i = address.lastIndexOf("!");
  const sheet = address.slice(0, i).replace(/^'|'$/g, "").replace(/''/g, "'");
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(address.slice(i + 1));
  if (!m) return undefined;
  const col = (s: string) => [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const r1 = Number(m[2]) - 1;
  const c1 = col(m[1]);
  return { sheet, area: { r1, c1, r2: m[4] ? Number(m[4]) - 1 : r1, c2: m[3] ? col(m[3]) : c1 } };
}

async function readBeforeImage(context: Ctx, job: Job, found: Found): Promise<BeforeImage> {
  const { caps, keepSnapshot } = job;
  const budget = job.options.responseBudget ?? DEFAULT_RESPONSE_BUDGET;
  const warnings: Message[] = [];
  const noteApi: NoteApi = noteApiOf(caps);
  const noteWrites = job.writes.filter((w) => w.note !== undefined || w.clear?.includes("note"));
  const genNoteWrites = [...job.generated.values()].flatMap((s) => s.cells.filter((c) => c.note !== undefined).map((c) => ({ ...c, sheet: s.name })));
  if ((noteWrites.length || genNoteWrites.length) && noteApi === "none") {
    warnings.push({
      id: "Catatan sel tidak ditulis: fitur ini memerlukan ExcelApi 1.10 (Excel 2021, Microsoft 365 atau Excel di web).",
      en: "Cell notes were not written: they need ExcelApi 1.10 (Excel 2021, Microsoft 365 or Excel on the web).",
    });
  }
  // Notes already on the touched cells (also on generated sheets being regenerated) are kept and
  // removed before a new note is added.
  const regenNoteWrites = genNoteWrites.filter((w) => found.existingGenerated.includes(w.sheet));
  const noteCells = [...noteWrites, ...regenNoteWrites].map((w) => ({ sheet: w.sheet, cell: `${colName(w.col)}${w.row + 1}` }));
  const existingNotes = await findNotes(context, noteApi, noteCells);

  const image: BeforeImage = {
    blocks: [],
    genBlocks: new Map(),
    genLayout: new Map(),
    premerged: [],
    textCells: new Set(),
    noteApi,
    noteWrites: [...noteWrites, ...genNoteWrites],
    noteCells,
    existingNotes,
    oldCharts: new Map(),
    tableHits: [],
    spillHits: [],
    warnings,
  };

  // Round A: the head (protection, used ranges and charts of regenerated sheets, tables' ranges,
  // spills), the before-image of every touched rectangle, the merges where the plan merges.
  type Got = { kind: "head" } | { kind: "block"; block: SnapshotBlock } | { kind: "merges"; sheet: string; areas: SnapshotArea[] } | { kind: "formats"; t: Target; n: string[][] };
  const genUsed = new Map<string, Excel.Range>();
  const layouts = new Map<string, PendingLayout>();
  const spillCheck = caps.mergedAreas && isApiSupported("1.12");
  const head: ReadPiece<Got> = {
    bytes: 20_000,
    queue: () => {
      for (const n of found.existing) found.sheets.get(n)!.protection.load("protected");
      for (const n of found.existingGenerated) {
        const ws = found.sheets.get(n)!;
        const used = ws.getUsedRangeOrNullObject(false);
        used.load(["rowIndex", "columnIndex", "rowCount", "columnCount"]);
        genUsed.set(n, used);
        const charts = ws.charts;
        charts.load("items");
        image.oldCharts.set(n, charts);
        if (keepSnapshot) layouts.set(n, queueLayoutSnapshot(ws));
      }
      const ranges = found.tables.items.map((t) => {
        const r = t.getRange();
        r.load("address");
        return { name: t.name, r };
      });
      const spills = spillCheck
        ? job.contentRects.map((t) => {
            const r = found.sheets.get(t.sheet)!.getRangeByIndexes(t.r, t.c, t.rows, t.cols);
            r.load("hasSpill");
            return { t, r };
          })
        : [];
      return () => {
        for (const { name, r } of ranges) {
          const at = parseTableAddress(r.address);
          if (!at) continue;
          const a = at.area;
          // inside the table, or in the column right of it / the row below it (Excel extends the table)
          for (const t of job.touched) {
            if (t.sheet.toLowerCase() !== at.sheet.toLowerCase()) continue;
            const hit = t.r <= a.r2 + 1 && t.r + t.rows - 1 >= a.r1 && t.c <= a.c2 + 1 && t.c + t.cols - 1 >= a.c1;
            if (hit) image.tableHits.push({ sheet: t.sheet, table: name, where: a1Area(t) });
          }
        }
        for (const { t, r } of spills) if (r.hasSpill !== false) image.spillHits.push({ sheet: t.sheet, where: a1Area(t) });
        return { kind: "head" } as Got;
      };
    },
  };
  const pieces: ReadPiece<Got>[] = [head];
  const asBlock = (p: ReadPiece<SnapshotBlock>): ReadPiece<Got> => ({
    bytes: p.bytes,
    queue: () => {
      const read = p.queue();
      return () => ({ kind: "block", block: read() });
    },
    split: p.split ? () => p.split!()?.map(asBlock) : undefined,
  });
  const asMerges = (sheet: string, p: ReadPiece<SnapshotArea[]>): ReadPiece<Got> => ({
    bytes: p.bytes,
    queue: () => {
      const read = p.queue();
      return () => ({ kind: "merges", sheet, areas: read() });
    },
    split: p.split ? () => p.split!()?.map((q) => asMerges(sheet, q)) : undefined,
  });
  if (keepSnapshot) {
    for (const t of job.touched) for (const p of snapshotPieces(found.sheets.get(t.sheet)!, t.sheet, t.r, t.c, t.rows, t.cols, caps, budget)) pieces.push(asBlock(p));
    if (caps.mergedAreas) {
      // merges overlapping where the plan merges: top-left cells from row 0 to the merge's last row
      const bySheet = new Map<string, number>();
      for (const w of job.mergeWrites) bySheet.set(w.sheet, Math.max(bySheet.get(w.sheet) ?? 0, w.merge!.r2));
      for (const [sheet, r2] of bySheet) for (const p of mergeBandPieces(found.sheets.get(sheet)!, 0, r2)) pieces.push(asMerges(sheet, p));
    }
  } else {
    // without a before-image, the number formats of content targets (Text cells) are still needed
    for (const t of job.contentRects) {
      pieces.push({
        bytes: t.rows * t.cols * 16,
        queue: () => {
          const r = found.sheets.get(t.sheet)!.getRangeByIndexes(t.r, t.c, t.rows, t.cols);
          r.load("numberFormat");
          return () => ({ kind: "formats", t, n: r.numberFormat as string[][] });
        },
      });
    }
  }
  const premergedAll: ({ s: string } & SnapshotArea)[] = [];
  const collect = (got: Got[]) => {
    for (const g of got) {
      if (g.kind === "block") image.blocks.push(g.block);
      else if (g.kind === "merges") for (const a of g.areas) premergedAll.push({ s: g.sheet, ...a });
      else if (g.kind === "formats") noteText(image.textCells, g.t.sheet, g.t.r, g.t.c, g.n);
    }
  };
  collect(await readPieces(context, pieces, budget));
  for (const b of image.blocks) noteText(image.textCells, b.s, b.r, b.c, b.n);
  image.premerged = premergedOf(job.mergeWrites, premergedAll);

  // The refusals that need what was just read, before anything is written.
  const locked = found.existing.filter((n) => found.sheets.get(n)!.protection.protected === true);
  if (locked.length) throw protectedSheetError(locked);

  // Round B: the content, merges and column widths of each regenerated sheet.
  if (keepSnapshot && found.existingGenerated.length) {
    const genPieces: ReadPiece<Got>[] = [];
    for (const [n, u] of genUsed) {
      const ws = found.sheets.get(n)!;
      const hasUsed = !u.isNullObject && u.rowCount > 0;
      const columns = Math.max(hasUsed ? u.columnIndex + u.columnCount : 0, job.generated.get(n)!.columnWidths.length);
      if (columns > 0) {
        genPieces.push({
          bytes: Math.min(columns, 1000) * 40,
          queue: () => {
            layouts.get(n)!.queueWidths(columns);
            return () => ({ kind: "head" }) as Got;
          },
        });
      }
      if (hasUsed) {
        for (const p of snapshotPieces(ws, n, u.rowIndex, u.columnIndex, u.rowCount, u.columnCount, caps, budget)) genPieces.push(asBlock(p));
        if (caps.mergedAreas) for (const m of mergeBandPieces(ws, u.rowIndex, u.rowIndex + u.rowCount - 1)) genPieces.push(asMerges(n, m));
      }
    }
    const genMerges = new Map<string, SnapshotArea[]>();
    const got = await readPieces(context, genPieces, budget);
    const blocksBySheet = new Map<string, SnapshotBlock[]>();
    for (const g of got) {
      if (g.kind === "block") blocksBySheet.set(g.block.s, [...(blocksBySheet.get(g.block.s) ?? []), g.block]);
      else if (g.kind === "merges") genMerges.set(g.sheet, [...(genMerges.get(g.sheet) ?? []), ...g.areas]);
    }
    for (const [n, list] of blocksBySheet) image.genBlocks.set(n, joinRows(list));
    for (const n of found.existingGenerated) {
      image.genLayout.set(n, layouts.get(n)!.finish(caps.mergedAreas ? (genMerges.get(n) ?? []) : undefined));
    }
  } else if (found.existingGenerated.length) {
    // (charts and used ranges were read with the head)
  }
  return image;
}

/** Record the cells formatted as Text. */
function noteText(set: Set<string>, sheet: string, r: number, c: number, n: string[][]): void {
  n.forEach((row, i) => row.forEach((fmt, j) => fmt === "@" && set.add(`${sheet}\t${r + i}\t${c + j}`)));
}

/** Row pieces of one rectangle (a split read) joined back into one block. */
function joinRows(list: SnapshotBlock[]): SnapshotBlock {
  if (list.length === 1) return list[0];
  const sorted = [...list].sort((a, b) => a.r - b.r || a.c - b.c);
  const first = sorted[0];
  const sameCols = sorted.every((b) => b.c === first.c && b.cols === first.cols);
  if (!sameCols) {
    // a row split into column halves: rebuild row by row
    const rows = new Map<number, SnapshotBlock[]>();
    for (const b of sorted) rows.set(b.r, [...(rows.get(b.r) ?? []), b]);
    return joinRows([...rows.values()].map((parts) => joinCols(parts)));
  }
  const out: SnapshotBlock = { s: first.s, r: first.r, c: first.c, rows: 0, cols: first.cols, v: [], f: [], n: [] };
  const e: [number, number][] = [];
  for (const b of sorted) {
    for (const [i, j] of b.e ?? []) e.push([i + out.rows, j]);
    out.v.push(...b.v);
    out.f.push(...b.f);
    out.n.push(...b.n);
    if (b.p) (out.p ??= []).push(...b.p);
    if (b.x) out.x = 1;
    out.rows += b.rows;
  }
  if (e.length) out.e = e;
  return out;
}

function joinCols(parts: SnapshotBlock[]): SnapshotBlock {
  const sorted = [...parts].sort((a, b) => a.c - b.c);
  const first = sorted[0];
  const out: SnapshotBlock = { s: first.s, r: first.r, c: first.c, rows: 1, cols: 0, v: [[]], f: [[]], n: [[]] };
  const e: [number, number][] = [];
  for (const b of sorted) {
    for (const [, j] of b.e ?? []) e.push([0, j + out.cols]);
    out.v[0].push(...b.v[0]);
    out.f[0].push(...b.f[0]);
    out.n[0].push(...b.n[0]);
    if (b.p) ((out.p ??= [[]])[0] as unknown[]).push(...b.p[0]);
    if (b.x) out.x = 1;
    out.cols += b.cols;
  }
  if (e.length) out.e = e;
  return out;
}

/** The merged areas read before writing that overlap an area the plan merges. */
function premergedOf(mergeWrites: CellWrite[], all: ({ s: string } & SnapshotArea)[]): ({ s: string } & SnapshotArea)[] {
  const out: ({ s: string } & SnapshotArea)[] = [];
  const seen = new Set<string>();
  for (const w of mergeWrites) {
    const m = w.merge!;
    for (const a of all) {
      if (a.s !== w.sheet) continue;
      const key = `${w.sheet}\t${a.r1}\t${a.c1}\t${a.r2}\t${a.c2}`;
      if (seen.has(key) || a.r1 > m.r2 || a.r2 < m.r1 || a.c1 > m.c2 || a.c2 < m.c1) continue;
      seen.add(key);
      out.push(a);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Step 3: refusals, undo storage

function refuseUnsafe(image: BeforeImage): void {
  const t = image.tableHits[0];
  if (t) throw tableError(t.sheet, t.table, t.where);
  const s = image.spillHits[0];
  if (s) throw arrayFormulaError(s.sheet, s.where);
}

function storeUndo(job: Job, found: Found, image: BeforeImage): { ops: TaggedOp[]; entry: UndoEntry; below: UndoEntry[]; id: string } | undefined {
  if (!job.keepSnapshot) return undefined;
  const notes: SnapshotNote[] = [];
  if (image.noteApi !== "none") {
    for (const c of image.noteCells) notes.push({ s: c.sheet, a: c.cell, text: image.existingNotes.get(`${c.sheet}!${c.cell}`)?.content ?? null });
  }
  const sheetSnaps: SnapshotSheet[] = [...job.generated.keys()].map((name) => {
    if (!found.existingGenerated.includes(name)) return { name, existed: false };
    const block = image.genBlocks.get(name);
    const snap: SnapshotSheet = block ? { name, existed: true, block } : { name, existed: true };
    const layout = image.genLayout.get(name);
    if (layout) snap.layout = layout;
    return snap;
  });
  const snapshot: Snapshot = {
    format: UNDO_FORMAT,
    id: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    label: job.options.label ?? { id: "Perubahan Capaian", en: "Capaian change" },
    time: new Date().toISOString(),
    noteApi: image.noteApi,
    blocks: image.blocks,
    merged: job.mergeWrites.map((w) => ({ s: w.sheet, ...w.merge! })),
    premerged: image.premerged,
    notes,
    sheets: sheetSnaps,
  };
  const stored = storeSnapshotOps(snapshot, found.index.get(), found.index.parts(), job.options.maxSnapshotChars);
  return { ops: stored.ops, entry: stored.entry, below: stored.stack, id: snapshot.id };
}

/** Deletes the parts of a snapshot whose storage failed (best effort: no orphaned data). */
async function dropParts(context: Ctx, id: string): Promise<void> {
  try {
    const parts = context.workbook.customXmlParts.getByNamespace(namespaceOf(id));
    parts.load("items/id");
    await context.sync();
    for (const p of parts.items) p.delete();
    await context.sync();
  } catch {
    // the next operation's index read finds and deletes them (orphanParts)
  }
}

// ---------------------------------------------------------------------------------------------
// Step 4: write; step 5: fingerprints, index, recalculation

async function runWrites(context: Ctx, job: Job, storage: ReturnType<typeof storeUndo>, ops: TaggedOp[]): Promise<number> {
  const budget = job.options.requestBudget ?? DEFAULT_REQUEST_BUDGET;
  const all: TaggedOp[] = [...(storage?.ops ?? []), ...ops];
  let written = false;
  let failedOnlyStorage = false;
  const hasWrite = (chunk: TaggedOp[]) => chunk.some((op) => !op.storage);
  try {
    return await runOps(context, all, budget, (ctx) => suspend(ctx, job.caps), {
      done: (chunk) => void (written ||= hasWrite(chunk)),
      failed: (chunk) => void (failedOnlyStorage = !hasWrite(chunk)),
    });
  } catch (err) {
    const where = String((err as { debugInfo?: { errorLocation?: string } })?.debugInfo?.errorLocation ?? "");
    // Excel stops a request at the failing command: a failure in undo storage (the first commands)
    // means no cell was written.
    const storageFailed = storage && !written && (failedOnlyStorage || /CustomXmlPart|Setting/.test(where));
    if (storageFailed && !(err instanceof CapaianOfficeError && err.kind === "payload")) {
      await dropParts(context, storage.id);
      throw undoStorageError("failed", [officeCode(err), where].filter(Boolean).join(" at "));
    }
    throw toOfficeError(err);
  }
}

async function finishUndo(context: Ctx, job: Job, storage: NonNullable<ReturnType<typeof storeUndo>>, newSheets: Map<string, Excel.Worksheet>, found: Found, warnings: Message[]): Promise<UndoEntry> {
  const areas = [...job.touched.map((t) => areaKey(t.sheet, t.r, t.c, t.rows, t.cols)), ...[...job.generated.keys()].map((n) => sheetKey(n))];
  try {
    const hashes = await readFingerprints(context, areas, (n) => newSheets.get(n) ?? found.sheets.get(n), job.options.responseBudget);
    const entry = queueCheckStore(context, storage.entry, { areas, hashes }, storage.below);
    context.application.calculate("Recalculate" as Excel.CalculationType);
    await context.sync();
    return entry;
  } catch {
    // The cells are written and undoable; only the check for later edits could not be kept.
    warnings.push({
      id: "Perubahan ditulis dan dapat dibatalkan, tetapi Capaian tidak dapat mencatat sidik isinya: Batalkan tidak akan memeriksa suntingan sesudahnya.",
      en: "The change was written and can be undone, but Capaian could not record its fingerprints: Undo will not check for later edits.",
    });
    try {
      context.application.calculate("Recalculate" as Excel.CalculationType);
      await context.sync();
    } catch {
      /* recalculation is also done by Excel at the next edit */
    }
    return storage.entry;
  }
}

export async function applyPlan(plan: WritePlan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const job = prepare(plan, options);
  if (job.names.length === 0) return { cellsWritten: 0, sheetsCreated: [], sheetsRegenerated: [], requests: 0, undo: null, warnings: [] };
  return runExcel(
    async (context) => {
      const found = await findSheets(context, job);
      const image = await readBeforeImage(context, job, found);
      refuseUnsafe(image);
      const storage = storeUndo(job, found, image);
      const { all, charts } = allWritesOf(job.writes, job.generated);
      const built = buildWriteOps({
        all,
        charts,
        generated: job.generated,
        created: found.created,
        valuesMode: options.values === true,
        caps: job.caps,
        budget: options.requestBudget ?? DEFAULT_REQUEST_BUDGET,
        textCells: image.textCells,
        noteApi: image.noteApi,
        noteWrites: image.noteWrites,
        existingNotes: image.existingNotes,
        oldCharts: image.oldCharts,
        sheets: found.sheets,
        activate: options.activate !== false,
      });
      const warnings = [...image.warnings, ...built.warnings];
      const requests = await runWrites(context, job, storage, built.ops);
      let undo: UndoEntry | null = null;
      if (storage) undo = await finishUndo(context, job, storage, built.newSheets, found, warnings);
      else {
        context.application.calculate("Recalculate" as Excel.CalculationType);
        await context.sync();
      }
      return { cellsWritten: built.contents, sheetsCreated: found.created, sheetsRegenerated: found.existingGenerated, requests, undo, warnings };
    },
    { write: true },
  );
}
