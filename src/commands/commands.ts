/**
 * Ribbon commands (FunctionFile). "Check sheet" checks the active sheet's arithmetic without changing
 * the workbook: it selects the first error (or the first finding) so the user sees where to look,
 * remembers the counts for the task pane (in memory and localStorage, tagged with the document; never
 * in the workbook, which a read-only check must not mark as changed: last-check.ts), and completes
 * the event. No dialog.
 *
 * This bundle is loaded by commands.html through the ES5 boot script (src/taskpane/boot.js). On
 * hosts that show add-ins with Internet Explorer 11 or the old Edge (EdgeHTML) it is never loaded:
 * the boot script defines checkSheet itself, shows the "which Excel runs Capaian" message in a
 * dialog and completes the event (docs/ADDIN.md, "Which Excel runs it").
 */
import { analyze } from "../core/engine";
import type { Finding } from "../core/model";
import { engineOptionsOf, loadCorrections, readBook, selectCell } from "../excel";
import { documentKey, LastCheck, saveLastCheck } from "./last-check";

export interface CheckSheetDeps {
  read: typeof readBook;
  corrections: typeof loadCorrections;
  select: typeof selectCell;
  save: (c: LastCheck) => void;
  now: () => Date;
}

const defaults: CheckSheetDeps = { read: readBook, corrections: loadCorrections, select: selectCell, save: saveLastCheck, now: () => new Date() };

/** The work of the ribbon button; resolves to what was remembered (null when the check failed). */
export async function runCheckSheet(deps: CheckSheetDeps = defaults): Promise<LastCheck | null> {
  try {
    const book = await deps.read({ scope: "active" });
    const corrections = await deps.corrections();
    const a = analyze(book, { ...engineOptionsOf(corrections), fill: false });
    const errors = a.findings.filter((f) => f.severity === "error");
    const first: Finding | undefined = errors[0] ?? a.findings[0];
    const result: LastCheck = {
      sheet: book.sheets[0]?.sheet ?? "",
      findings: a.findings.length,
      errors: errors.length,
      time: deps.now().toISOString(),
      document: documentKey(),
    };
    deps.save(result);
    if (first) await deps.select(first.sheet, first.cell);
    return result;
  } catch {
    // Nothing to show without a dialog; the task pane's Check explains errors in words.
    return null;
  }
}

export async function checkSheet(event: Office.AddinCommands.Event): Promise<void> {
  try {
    await runCheckSheet();
  } finally {
    event.completed();
  }
}

declare const window: Window & { checkSheet?: typeof checkSheet };

if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
  void Office.onReady(() => {
    // Newer hosts map the manifest's FunctionName with Office.actions; older ones look up a global.
    const actions = (Office as unknown as { actions?: { associate?: (name: string, fn: unknown) => void } }).actions;
    actions?.associate?.("checkSheet", checkSheet);
  });
}
if (typeof window !== "undefined") window.checkSheet = checkSheet;
