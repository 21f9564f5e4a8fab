/**
 * Cell notes: the notes API (ExcelApi 1.18) when the host has it, else threaded comments (1.10), else
 * none. Looking up what the touched cells hold costs one sync for notes and two for comments (the
 * comment collection has no per-cell null-object lookup: load the collection, then the locations),
 * whatever the number of cells.
 */
import type { Capabilities } from "./api-subset";
import type { Ctx } from "./run";

export type NoteApi = "note" | "comment" | "none";

export function noteApiOf(caps: Capabilities): NoteApi {
  return caps.notes ? "note" : caps.comments ? "comment" : "none";
}

/** The address the note APIs take: 'Sheet'!A1. */
export function noteAddress(sheet: string, cell: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${cell}`;
}

/** "'My Sheet'!$F$20" / "Sheet1!F20" → "My Sheet!F20" (a map key). */
export function noteKey(address: string): string {
  const i = address.lastIndexOf("!");
  let sheet = address.slice(0, i);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return `${sheet}!${address.slice(i + 1).replace(/\$/g, "").split(":")[0].toUpperCase()}`;
}

export interface ExistingNote {
  content: string;
  remove: () => void;
}

/** What notes the given cells hold now (key: noteKey). Runs its own syncs; none when `cells` is empty. */
export async function findNotes(context: Ctx, api: NoteApi, cells: { sheet: string; cell: string }[]): Promise<Map<string, ExistingNote>> {
  const out = new Map<string, ExistingNote>();
  if (cells.length === 0 || api === "none") return out;
  if (api === "note") {
    const items = cells.map((c) => {
      const item = context.workbook.notes.getItemOrNullObject(noteAddress(c.sheet, c.cell));
      item.load("content");
      return { c, item };
    });
    await context.sync();
    for (const { c, item } of items) {
      if (!item.isNullObject) out.set(`${c.sheet}!${c.cell}`, { content: String(item.content ?? ""), remove: () => item.delete() });
    }
    return out;
  }
  const comments = context.workbook.comments;
  comments.load("items/content");
  await context.sync();
  const located = comments.items.map((item) => {
    const loc = item.getLocation();
    loc.load("address");
    return { item, loc };
  });
  if (located.length === 0) return out;
  await context.sync();
  const wanted = new Set(cells.map((c) => `${c.sheet}!${c.cell}`));
  for (const { item, loc } of located) {
    const key = noteKey(loc.address);
    if (wanted.has(key)) out.set(key, { content: String(item.content ?? ""), remove: () => item.delete() });
  }
  return out;
}

export function queueAddNote(context: Ctx, api: NoteApi, sheet: string, cell: string, text: string): void {
  if (api === "note") context.workbook.notes.add(noteAddress(sheet, cell), text);
  else if (api === "comment") context.workbook.comments.add(noteAddress(sheet, cell), text);
}
