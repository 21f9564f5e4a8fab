/**
 * Undo, part 2 — storage. The before-image lives in the workbook as custom XML parts (ExcelApi 1.5),
 * one namespace per operation (`urn:capaian:undo:1:<id>`), pieces of at most PART_CHARS characters;
 * document settings hold only the stack of small entries (`capaian.undo.index`: labels, counts, ids).
 * Settings are capped at 2 MB per add-in (Excel 2021 refuses a value from about 1 MB); custom XML
 * parts are not, and they stay out of the user's sheets. See src/excel/README.md for the choice.
 *
 * Snapshots stored by earlier versions (JSON chunks in settings keys `capaian.undo.<id>.<n>`) are
 * still read, undone and deleted.
 */
import { COMMAND_OVERHEAD, splitString } from "../blocks";
import { undoStorageError } from "../errors";
import type { ReadPiece, TaggedOp } from "../requests";
import type { Ctx } from "../run";
import { parseJson, queueSettingDelete, queueSettingRead, queueSettingWrite } from "../settings";
import { FingerprintSet, MAX_UNDO, Snapshot, UNDO_FORMAT, UndoEntry, describeSnapshot } from "./snapshot";

export const UNDO_INDEX_KEY = "capaian.undo.index";
/** Prefix of the namespaces of the undo parts; the operation id follows. */
export const UNDO_NAMESPACE = "urn:capaian:undo:1:";
/** Characters per custom XML part (three parts fit in one request under the 5 MB caps). */
export const PART_CHARS = 1_000_000;
/** Characters per settings key in snapshots of earlier versions. */
export const UNDO_CHUNK_CHARS = 500_000;
/** Snapshots larger than this are refused (the write is not made): 32 M characters ≈ 2.5 M cells. */
export const MAX_SNAPSHOT_CHARS = 32_000_000;

export function chunkKey(id: string, i: number): string {
  return `capaian.undo.${id}.${i}`;
}

export function namespaceOf(id: string): string {
  return `${UNDO_NAMESPACE}${id}`;
}

/** One piece of a stored operation as XML: the JSON text in CDATA ("]]>" split across sections). */
export function partXml(id: string, n: number, kind: "snapshot" | "check", text: string): string {
  const body = text.split("]]>").join("]]]]><![CDATA[>");
  return `<capaianUndo xmlns="${namespaceOf(id)}" n="${n}" kind="${kind}"><![CDATA[${body}]]></capaianUndo>`;
}

/** The piece a part holds: its order, kind and text. */
export function readPartXml(xml: string): { n: number; kind: string; text: string } | undefined {
  const head = /<capaianUndo\b[^>]*\bn="(\d+)"[^>]*\bkind="(\w+)"/.exec(xml);
  if (!head) return undefined;
  let text = "";
  const re = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) text += m[1];
  return { n: Number(head[1]), kind: head[2], text };
}

export interface StoredPart {
  id: string;
  namespace: string;
}

/** The undo stack and the undo parts in the workbook, read in one request with other reads. */
export interface IndexRead {
  get: () => UndoEntry[];
  parts: () => StoredPart[];
}

export function queueIndexRead(context: Ctx): IndexRead {
  const r = queueSettingRead(context, UNDO_INDEX_KEY);
  const parts = context.workbook.customXmlParts;
  parts.load("items/id,items/namespaceUri");
  return {
    get: () => (parseJson<UndoEntry[]>(r.get()) ?? []).filter((e) => e && e.format === UNDO_FORMAT),
    parts: () => parts.items.filter((p) => String(p.namespaceUri).startsWith(UNDO_NAMESPACE)).map((p) => ({ id: p.id, namespace: p.namespaceUri })),
  };
}

/** Operations deleting an entry's stored data (its parts, or the settings chunks of an earlier version). */
function deleteData(context: Ctx, entry: UndoEntry, parts: StoredPart[]): void {
  if (entry.parts === undefined && !entry.checkPart && !isXmlEntry(entry)) {
    for (let i = 0; i < entry.chunks; i++) queueSettingDelete(context, chunkKey(entry.id, i));
    return;
  }
  for (const p of parts) if (p.namespace === namespaceOf(entry.id)) context.workbook.customXmlParts.getItem(p.id).delete();
}

function isXmlEntry(e: UndoEntry): boolean {
  return (e as UndoEntry & { store?: string }).store === "xml";
}

/** Parts of Capaian's undo namespace that no entry of `stack` refers to (left by an interrupted write). */
export function orphanParts(stack: UndoEntry[], parts: StoredPart[]): StoredPart[] {
  const live = new Set(stack.map((e) => namespaceOf(e.id)));
  return parts.filter((p) => !live.has(p.namespace));
}

/**
 * Operations that store a snapshot and push it on the stack (dropping the oldest beyond MAX_UNDO and
 * any orphaned undo part). All of them are tagged `storage`: they run before any cell is written.
 * Throws (undo-storage) when the snapshot is too large to keep: the write is then refused.
 */
export function storeSnapshotOps(snapshot: Snapshot, stack: UndoEntry[], parts: StoredPart[], maxChars = MAX_SNAPSHOT_CHARS): { ops: TaggedOp[]; entry: UndoEntry; stack: UndoEntry[] } {
  const json = JSON.stringify(snapshot);
  if (json.length > maxChars) {
    throw undoStorageError("too-large", `${(json.length / 1e6).toFixed(1)} M > ${(maxChars / 1e6).toFixed(1)} M characters`);
  }
  const pieces = splitString(json, PART_CHARS);
  const entry = { ...describeSnapshot(snapshot, pieces.length), store: "xml" } as UndoEntry;
  const next = [...stack, entry];
  const dropped = next.length > MAX_UNDO ? next.splice(0, next.length - MAX_UNDO) : [];
  const ops: TaggedOp[] = pieces.map((piece, i) => ({
    storage: true,
    bytes: piece.length + COMMAND_OVERHEAD,
    run: (context: Ctx) => void context.workbook.customXmlParts.add(partXml(snapshot.id, i, "snapshot", piece)),
  }));
  const orphans = orphanParts([...stack, entry], parts);
  ops.push({
    storage: true,
    bytes: indexBytes(next) + COMMAND_OVERHEAD * (1 + dropped.length * 4 + orphans.length),
    run: (context: Ctx) => {
      for (const d of dropped) deleteData(context, d, parts);
      for (const o of orphans) context.workbook.customXmlParts.getItem(o.id).delete();
      queueSettingWrite(context, UNDO_INDEX_KEY, JSON.stringify(next));
    },
  });
  return { ops, entry, stack: next.slice(0, -1) };
}

function indexBytes(stack: UndoEntry[]): number {
  return JSON.stringify(stack).length;
}

/** Queues the write of an entry's fingerprints (a part of its own) and of the index holding the entry. */
export function queueCheckStore(context: Ctx, entry: UndoEntry, check: FingerprintSet, below: UndoEntry[]): UndoEntry {
  const stored: UndoEntry = { ...entry, checkPart: "1" };
  context.workbook.customXmlParts.add(partXml(entry.id, 0, "check", JSON.stringify(check)));
  queueSettingWrite(context, UNDO_INDEX_KEY, JSON.stringify([...below, stored].slice(-MAX_UNDO)));
  return { ...stored, check };
}

/** Read pieces that load an entry's snapshot (and fingerprints) from the workbook. */
export function snapshotReadPieces(context: Ctx, entry: UndoEntry, parts: StoredPart[]): ReadPiece<{ n: number; kind: string; text: string }>[] {
  if (!isXmlEntry(entry) && entry.parts === undefined) {
    // an earlier version's settings chunks
    return Array.from({ length: entry.chunks }, (_, i) => ({
      bytes: UNDO_CHUNK_CHARS,
      queue: () => {
        const r = queueSettingRead(context, chunkKey(entry.id, i));
        return () => ({ n: i, kind: "snapshot", text: String(r.get() ?? "") });
      },
    }));
  }
  return parts
    .filter((p) => p.namespace === namespaceOf(entry.id))
    .map((p) => ({
      bytes: PART_CHARS + 200,
      queue: () => {
        const xml = context.workbook.customXmlParts.getItem(p.id).getXml();
        return () => readPartXml(String(xml.value)) ?? { n: -1, kind: "?", text: "" };
      },
    }));
}

/** The snapshot and fingerprints from the pieces read. */
export function assemble(entry: UndoEntry, pieces: { n: number; kind: string; text: string }[]): { snapshot: Snapshot | undefined; check: FingerprintSet | undefined } {
  const snap = pieces.filter((p) => p.kind === "snapshot").sort((a, b) => a.n - b.n);
  const complete = snap.length === entry.chunks && snap.every((p, i) => p.n === i);
  const snapshot = complete ? parseJson<Snapshot>(snap.map((p) => p.text).join("")) : undefined;
  const checkText = pieces.find((p) => p.kind === "check")?.text;
  const check = checkText ? parseJson<FingerprintSet>(checkText) : entry.check;
  return { snapshot, check };
}

/** Queues the removal of an entry (its data and its line in the index). */
export function queueDropEntry(context: Ctx, entry: UndoEntry, rest: UndoEntry[], parts: StoredPart[]): void {
  deleteData(context, entry, parts);
  for (const o of orphanParts([...rest, entry], parts)) context.workbook.customXmlParts.getItem(o.id).delete();
  queueSettingWrite(context, UNDO_INDEX_KEY, JSON.stringify(rest));
}
