/**
 * The ribbon's "Check sheet" result, kept in the browser's localStorage (shared by the command and
 * the task pane, which are served from the same origin) so the check changes nothing in the workbook.
 */
export interface LastCheck {
  sheet: string;
  findings: number;
  errors: number;
  time: string;
}

export const LAST_CHECK_STORAGE_KEY = "capaian.lastCheck";

function storage(): Storage | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export function saveLastCheck(check: LastCheck): void {
  try {
    storage()?.setItem(LAST_CHECK_STORAGE_KEY, JSON.stringify(check));
  } catch {
    // storage full or blocked: the result is only informative
  }
}

export function loadLastCheck(): LastCheck | null {
  try {
    const raw = storage()?.getItem(LAST_CHECK_STORAGE_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as LastCheck;
    return typeof v?.findings === "number" && typeof v?.time === "string" ? v : null;
  } catch {
    return null;
  }
}
