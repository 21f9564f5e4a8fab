/** Undo stored in the workbook: snapshot (what is kept), storage (where), restore (how it comes back). */
export * from "./snapshot";
export * from "./storage";
export { changedSinceError, restoreLayoutOps, restoreBlockOps, peekUndo, undoLast, restoreNoteApi } from "./restore";
export type { UndoResult } from "./restore";
