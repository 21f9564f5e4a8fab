/**
 * The ribbon's "Check sheet" result, handed to the task pane WITHOUT touching the workbook.
 *
 * Why not document settings: the check is read-only. A setting written by it would mark the workbook
 * changed (Excel asks "Save changes?" after a check, an AutoSave file gets a new version, a
 * read-only file cannot take it), which an officer rightly reads as "the check changed my file".
 *
 * Where it is kept instead, each record tagged with the document it is about:
 *  - the window's memory (`globalThis`), which the ribbon command and the task pane share when the
 *    host runs both in one runtime, whatever the browser storage does (blocked, partitioned, full);
 *  - the browser's localStorage, shared by separate runtimes of the same origin on most hosts.
 * localStorage is per origin, not per workbook: a record is shown only for the document it was
 * made on (Office.context.document.url), never for another open workbook. When neither is visible
 * to the pane (a host that isolates the command's storage), the pane shows no ribbon result —
 * nothing false — and its own Check gives the full list in one click.
 */
export interface LastCheck {
  sheet: string;
  findings: number;
  errors: number;
  time: string;
  /** The document the check was made on (its URL; "" for a workbook never saved). */
  document?: string;
}

export const LAST_CHECK_STORAGE_KEY = "capaian.lastCheck";
/** Records kept (one per document, newest first). */
export const MAX_LAST_CHECKS = 20;

const MEMORY_KEY = "__capaianLastChecks";

/** The identity of the open document, as both runtimes see it. */
export function documentKey(): string {
  try {
    const office = (globalThis as { Office?: { context?: { document?: { url?: unknown } } } }).Office;
    const url = office?.context?.document?.url;
    return typeof url === "string" ? url : "";
  } catch {
    return "";
  }
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

function valid(v: unknown): v is LastCheck {
  const c = v as LastCheck | null;
  return !!c && typeof c === "object" && typeof c.findings === "number" && typeof c.time === "string" && typeof c.document === "string";
}

function memory(): LastCheck[] {
  const g = globalThis as Record<string, unknown>;
  const list = g[MEMORY_KEY];
  if (Array.isArray(list)) return list as LastCheck[];
  const fresh: LastCheck[] = [];
  g[MEMORY_KEY] = fresh;
  return fresh;
}

function stored(): LastCheck[] {
  try {
    const raw = storage()?.getItem(LAST_CHECK_STORAGE_KEY);
    if (!raw) return [];
    const v = JSON.parse(raw) as unknown;
    // an earlier version stored one record without its document: it cannot be attributed, so it is ignored
    return Array.isArray(v) ? v.filter(valid) : [];
  } catch {
    return [];
  }
}

function withNewest(list: LastCheck[], check: LastCheck): LastCheck[] {
  return [check, ...list.filter((c) => c.document !== check.document)].slice(0, MAX_LAST_CHECKS);
}

/** Remembers a check of the current document (memory and localStorage; never the workbook). */
export function saveLastCheck(check: LastCheck): void {
  const record: LastCheck = { ...check, document: check.document ?? documentKey() };
  const mem = memory();
  mem.splice(0, mem.length, ...withNewest(mem, record));
  try {
    storage()?.setItem(LAST_CHECK_STORAGE_KEY, JSON.stringify(withNewest(stored(), record)));
  } catch {
    // storage full or blocked: the memory copy still serves a pane in the same runtime
  }
}

/** The newest ribbon check of the current document, or null (never another document's). */
export function loadLastCheck(): LastCheck | null {
  const doc = documentKey();
  const found = [...memory(), ...stored()].filter((c) => valid(c) && c.document === doc);
  if (found.length === 0) return null;
  return found.reduce((a, b) => (b.time > a.time ? b : a));
}
