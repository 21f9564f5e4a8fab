/**
 * Undo, part 3 — restore: `undoLast()` reads the last operation's snapshot from the workbook and
 * puts every cell, look, note, merge and regenerated sheet back, refusing when the user edited what
 * Capaian wrote (unless forced). Notes are restored through the API the HOST has now (a snapshot
 * made where notes exist, ExcelApi 1.18, may be undone on Excel 2021 or 2024, where they do not).
 */
import { a1 } from "../../core/grid";
import type { Message } from "../../core/model";
import { Capabilities, capabilities } from "../api-subset";
import { COMMAND_OVERHEAD, DEFAULT_READ_CELL_BUDGET, DEFAULT_REQUEST_BUDGET, Op, matrixBytes, textForExcel } from "../blocks";
import { CapaianOfficeError, noUndoError, protectedSheetError, sheetMissingError, toOfficeError } from "../errors";
import { NoteApi, findNotes, noteApiOf, queueAddNote } from "../notes";
import { readPieces, runOps, suspend } from "../requests";
import { Ctx, runExcel } from "../run";
import { SheetLayout, Snapshot, SnapshotBlock, UNDO_FORMAT, UndoEntry, propsOfLook, readFingerprints } from "./snapshot";
import { assemble, queueDropEntry, queueIndexRead, snapshotReadPieces } from "./storage";

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
// Restoring cells

/** Cells per restore operation when their looks are restored too (about 2 MB of cell properties). */
export const RESTORE_LOOK_CELLS = 6_000;

/** Operations that put a snapshot block back: number formats, constants, formulas, then looks. */
export function restoreBlockOps(block: SnapshotBlock, ws: () => Excel.Worksheet, caps: Capabilities): Op<Ctx>[] {
  const ops: Op<Ctx>[] = [];
  // Split tall blocks so each operation stays small compared to the request budget.
  // (cell properties weigh ~300 bytes a cell in a request: fewer cells per operation when restoring them)
  const rowsPer = Math.max(1, Math.floor((block.p ? RESTORE_LOOK_CELLS : DEFAULT_READ_CELL_BUDGET) / Math.max(1, block.cols)));
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
      const extended = block.x === 1;
      const looks = block.p.slice(start, end).map((row) => row.map((look) => propsOfLook(look, extended)));
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
  /** What could not be restored on this host (notes without the notes API). */
  warnings: Message[];
}

/** Which note API restores a snapshot's notes on this host, and what to tell when none can. */
export function restoreNoteApi(snapshotApi: NoteApi, caps: Capabilities): { api: NoteApi; warning?: Message } {
  if (snapshotApi === "none") return { api: "none" };
  const host = noteApiOf(caps);
  if (host === snapshotApi) return { api: host };
  if (snapshotApi === "note") {
    return {
      api: "none",
      warning: {
        id: "Catatan sel yang ditulis Capaian tidak dapat dipulihkan di Excel ini (perlu ExcelApi 1.18: Microsoft 365 atau Excel di web); isi dan format sel sudah dipulihkan. Hapus catatannya secara manual bila perlu.",
        en: "The cell notes Capaian wrote cannot be restored in this Excel (they need ExcelApi 1.18: Microsoft 365 or Excel on the web); cell contents and formats were restored. Delete those notes by hand if needed.",
      },
    };
  }
  // comments (1.10) made here, host has notes too (1.18): comments still exist on 1.18
  return caps.comments ? { api: "comment" } : { api: "none", warning: { id: "Komentar sel tidak dapat dipulihkan di Excel ini (perlu ExcelApi 1.10).", en: "Cell comments cannot be restored in this Excel (they need ExcelApi 1.10)." } };
}

/** Restores the workbook to what it was before the last Capaian write. */
export async function undoLast(options: { requestBudget?: number; force?: boolean } = {}): Promise<UndoResult> {
  const caps = capabilities();
  const budget = options.requestBudget ?? DEFAULT_REQUEST_BUDGET;
  return runExcel(async (context) => {
    // 1. The stack and the stored parts.
    const idx = queueIndexRead(context);
    await context.sync();
    const stack = idx.get();
    const parts = idx.parts();
    const entry = stack[stack.length - 1];
    if (!entry) throw noUndoError();

    // 2. The snapshot (and its fingerprints), in requests under the response cap.
    const { snapshot, check } = assemble(entry, await readPieces(context, snapshotReadPieces(context, entry, parts)));
    if (!snapshot || snapshot.format !== UNDO_FORMAT) {
      throw new CapaianOfficeError("no-undo", {
        id: "Data pembatalan di buku kerja ini rusak atau dari versi lain; tidak dapat dibatalkan.",
        en: "The undo data in this workbook is damaged or from another version; it cannot be undone.",
      });
    }
    const warnings: Message[] = [];
    const notes = restoreNoteApi(snapshot.noteApi, caps);
    if (notes.warning && snapshot.notes.length) warnings.push(notes.warning);

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
    const notesNow = await findNotes(context, notes.api, snapshot.notes.map((n) => ({ sheet: n.s, cell: n.a })));
    const locked = existing.filter((n) => sheets.get(n)!.protection.protected === true);
    if (locked.length) throw protectedSheetError(locked);
    const missing = snapshot.blocks.map((b) => b.s).filter((n) => sheets.get(n)!.isNullObject);
    if (missing.length) throw sheetMissingError(missing[0]);

    // 5. Anything changed since the operation? Then refuse unless forced.
    if (check && !options.force) {
      const now = await readFingerprints(context, check.areas, (n) => {
        const ws = sheets.get(n);
        return ws && !ws.isNullObject ? ws : undefined;
      });
      const changed = check.areas.filter((_, i) => now[i] !== check.hashes[i]);
      if (changed.length) throw changedSinceError(changed);
    }

    // 6. Restore: layout before content (merging clears the cells a merge covers), then recalculate.
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
      if (s.layout) ops.push(...restoreLayoutOps(s.layout, wsOf(s.name)));
      if (s.block) ops.push(...restoreBlockOps(s.block, wsOf(s.name), caps));
    }
    for (const m of snapshot.merged ?? []) {
      ops.push({
        bytes: COMMAND_OVERHEAD,
        run: () => wsOf(m.s)().getRangeByIndexes(m.r1, m.c1, m.r2 - m.r1 + 1, m.c2 - m.c1 + 1).unmerge(),
      });
    }
    // Merges that were there before (an unmerge above may have dissolved them): merged again, then content.
    for (const m of snapshot.premerged ?? []) {
      ops.push({
        bytes: COMMAND_OVERHEAD,
        run: () => wsOf(m.s)().getRangeByIndexes(m.r1, m.c1, m.r2 - m.r1 + 1, m.c2 - m.c1 + 1).merge(false),
      });
    }
    for (const b of snapshot.blocks) ops.push(...restoreBlockOps(b, wsOf(b.s), caps));
    if (notes.api !== "none") {
      for (const note of snapshot.notes) {
        const now = notesNow.get(`${note.s}!${note.a}`);
        ops.push({
          bytes: (note.text?.length ?? 0) + 2 * COMMAND_OVERHEAD,
          run: (ctx) => {
            now?.remove();
            if (note.text !== null) queueAddNote(ctx, notes.api, note.s, note.a, note.text);
          },
        });
      }
    }
    const rest = stack.slice(0, -1);
    ops.push({
      bytes: JSON.stringify(rest).length + COMMAND_OVERHEAD * (2 + entry.chunks),
      run: (ctx) => {
        queueDropEntry(ctx, entry, rest, parts);
        // calculation was suspended while restoring: recalculate what depends on the restored cells
        ctx.application.calculate("Recalculate" as Excel.CalculationType);
      },
    });
    let requests: number;
    try {
      requests = await runOps(context, ops, budget, (ctx) => suspend(ctx, caps));
    } catch (err) {
      throw toOfficeError(err);
    }
    return { entry, requests, remaining: rest.length, warnings };
  }, { write: true });
}

export type { SnapshotBlock, SheetLayout, Snapshot };
