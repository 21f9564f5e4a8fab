/**
 * What the task pane asks of Excel and the engine, behind one small interface so components can be
 * tested with a fake. `createOfficeServices()` implements it over src/excel (the adapter) and
 * `analyze()` (src/core/engine).
 */
import type { Book } from "../core/grid";
import { analyze } from "../core/engine";
import type { AnalyzeOptions } from "../core/engine";
import type { Finding, Message, Role, TableModel } from "../core/model";
import {
  FLOOR_API,
  activeSheetName,
  applyPlan,
  capabilities,
  engineOptionsOf,
  hasExcel,
  isApiSupported,
  loadCorrections,
  peekUndo,
  readBook,
  saveCorrections,
  selectCell,
  undoLast,
} from "../excel";
import type { ApplyResult, Corrections, Scope, UndoEntry, UndoResult } from "../excel";
import { loadLastCheck } from "../commands/last-check";
import type { LastCheck } from "../commands/last-check";

export type { Scope, Corrections, UndoEntry, UndoResult } from "../excel";
export type { LastCheck } from "../commands/last-check";

export interface HostInfo {
  /** Running inside Excel (the Excel JavaScript API is loaded). */
  inExcel: boolean;
  /** ExcelApi 1.7 (the floor) is there. */
  supported: boolean;
  /** Below ExcelApi 1.9: styles and hidden rows are neither read nor written. */
  limited: boolean;
}

export interface ScanResult {
  tables: TableModel[];
  unrecognized: { sheet: string; reason: string }[];
  sheets: string[];
}

export interface FillRequest {
  /** Values instead of formulas. */
  values: boolean;
  /** Only these computed roles; undefined = all. */
  roles?: Role[];
  addColumns: Role[];
  force: boolean;
}

export interface WriteOutcome {
  cellsWritten: number;
  sheetsCreated: string[];
  sheetsRegenerated: string[];
  /** Non-empty cells the plan left alone. */
  skipped: number;
  warnings: Message[];
  undo: UndoEntry | null;
}

export interface CheckOutcome {
  findings: Finding[];
  /** When findings were marked in the workbook. */
  marked?: WriteOutcome;
}

export interface CapaianServices {
  host(): HostInfo;
  loadCorrections(): Promise<Corrections>;
  saveCorrections(c: Corrections): Promise<void>;
  scan(scope: Scope, c: Corrections): Promise<ScanResult>;
  fill(scope: Scope, c: Corrections, request: FillRequest): Promise<WriteOutcome>;
  check(scope: Scope, c: Corrections, opts: { mark: boolean }): Promise<CheckOutcome>;
  summaries(scope: Scope, c: Corrections): Promise<WriteOutcome>;
  peekUndo(): Promise<UndoEntry | null>;
  /** Undo the last change; `force` restores even over edits made since (after a "changed" refusal). */
  undo(force?: boolean): Promise<UndoResult>;
  selectCell(sheet: string, cell: string): Promise<void>;
  lastCheck(): Promise<LastCheck | null>;
}

const LABELS = {
  fill: { id: "Isi kolom hitungan", en: "Fill computed columns" },
  marks: { id: "Tandai temuan", en: "Mark findings" },
  summary: { id: "Buat lembar ringkasan", en: "Build summary sheets" },
} satisfies Record<string, Message>;

function outcome(res: ApplyResult, skipped: number): WriteOutcome {
  return {
    cellsWritten: res.cellsWritten,
    sheetsCreated: res.sheetsCreated,
    sheetsRegenerated: res.sheetsRegenerated,
    skipped,
    warnings: res.warnings,
    undo: res.undo,
  };
}

/**
 * The book to analyse. Operations that generate sheets read the whole workbook (so the engine sees
 * every existing sheet name and marker and never picks a user's sheet), restricted to the active
 * sheet through `sheets` when the scope is the active sheet.
 */
async function bookFor(scope: Scope, generatesSheets: boolean): Promise<{ book: Book; sheets?: string[] }> {
  if (scope === "workbook") return { book: await readBook({ scope: "workbook" }) };
  if (!generatesSheets) {
    const book = await readBook({ scope: "active" });
    return { book, sheets: book.sheets.map((s) => s.sheet) };
  }
  const active = await activeSheetName();
  return { book: await readBook({ scope: "workbook" }), sheets: [active] };
}

function options(c: Corrections, sheets: string[] | undefined, extra: Partial<AnalyzeOptions>): Partial<AnalyzeOptions> {
  return { ...engineOptionsOf(c), ...(sheets ? { sheets } : {}), ...extra };
}

export function createOfficeServices(): CapaianServices {
  return {
    host: () => {
      const inExcel = hasExcel();
      return { inExcel, supported: inExcel && isApiSupported(FLOOR_API), limited: !capabilities().cellProperties };
    },
    loadCorrections,
    saveCorrections,
    async scan(scope, c) {
      const { book, sheets } = await bookFor(scope, false);
      const a = analyze(book, options(c, sheets, { fill: false }));
      return { tables: a.recognition.tables, unrecognized: a.recognition.unrecognized, sheets: book.sheets.map((s) => s.sheet) };
    },
    async fill(scope, c, request) {
      const { book, sheets } = await bookFor(scope, false);
      const a = analyze(
        book,
        options(c, sheets, {
          fill: { force: request.force, values: request.values, roles: request.roles, addColumns: request.addColumns },
        }),
      );
      const res = await applyPlan(a.plan, { values: request.values, label: LABELS.fill });
      return outcome(res, a.plan.skipped.length);
    },
    async check(scope, c, opts) {
      const { book, sheets } = await bookFor(scope, opts.mark);
      const a = analyze(book, options(c, sheets, { fill: false, findings: opts.mark }));
      if (!opts.mark) return { findings: a.findings };
      const res = await applyPlan(a.plan, { label: LABELS.marks, activate: false });
      return { findings: a.findings, marked: outcome(res, a.plan.skipped.length) };
    },
    async summaries(scope, c) {
      const { book, sheets } = await bookFor(scope, true);
      const a = analyze(book, options(c, sheets, { fill: false, summary: true }));
      const res = await applyPlan(a.plan, { label: LABELS.summary });
      return outcome(res, a.plan.skipped.length);
    },
    peekUndo,
    undo: (force?: boolean) => undoLast({ force: force === true }),
    selectCell,
    lastCheck: async () => loadLastCheck(),
  };
}
