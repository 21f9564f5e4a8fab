/**
 * The office-js adapter's single entry point: the task pane and the ribbon command import from here
 * only. See api-subset.ts for the exact Excel API it uses, README.md for its design.
 */
export { readSheet, readSheets, readBook, sheetsInScope } from "./read";
export type { ReadOptions, Scope } from "./read";
export { applyPlan, contentOf, styleFormat, charsToPoints } from "./apply";
export type { ApplyOptions, ApplyResult } from "./apply";
export { chartJob } from "./charts";
export type { ChartJob } from "./charts";
export { undoLast, peekUndo, MAX_UNDO, UNDO_FORMAT, UNDO_INDEX_KEY, UNDO_NAMESPACE } from "./undo";
export type { Snapshot, UndoEntry, UndoResult } from "./undo";
export { CapaianOfficeError, toOfficeError } from "./errors";
export type { OfficeErrorKind } from "./errors";
export {
  loadCorrections,
  saveCorrections,
  emptyCorrections,
  engineOptionsOf,
  scaleOf,
  storeScale,
  restoreScale,
  CORRECTIONS_KEY,
} from "./settings";
export type { Corrections, StoredScale } from "./settings";
export { capabilities, isApiSupported, FLOOR_API, FEATURE_SETS, officeVersionsFor } from "./api-subset";
export type { Capabilities } from "./api-subset";
export { selectCell, activeSheetName } from "./select";
export { runExcel, hasExcel } from "./run";
