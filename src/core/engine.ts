/**
 * The whole pipeline in one call: recognize → compute → audit → plan (fill, findings, summaries).
 * Used by the command line and the task pane, so both give the same answers.
 */
import type { Book, Grid } from "./grid";
import type {
  ComputedTable,
  EngineOptions,
  Finding,
  Measure,
  RecognitionResult,
  Role,
  TableModel,
  WritePlan,
} from "./model";
import { emptyPlan } from "./model";
import { getScale, DEFAULT_SCALE_ID } from "./scale";
import { applyRoleOverrides, recognizeBook } from "./recognize";
import { computeBook } from "./compute";
import { auditBook } from "./audit";
import { FINDINGS_SHEET, planFindings } from "./audit/plan";
import { type FillOptions, planFill } from "./plan/fill";
import { isGeneratedSheet, markerText, planSummaries, resolveSheetName } from "./summary";

export type { FillOptions } from "./plan/fill";

export interface AnalyzeOptions extends EngineOptions {
  fill?: FillOptions | false;
  /** Put findings into the workbook: Temuan sheet plus highlight and note on each flagged cell. */
  findings?: boolean;
  /** Generate Ringkasan Capaian, Efisiensi and Realisasi Anggaran sheets. */
  summary?: boolean;
  /** Lowest level of the Ringkasan Capaian sheet. */
  summaryLevel?: "program" | "kegiatan";
  /** Only these sheets (default: all). */
  sheets?: string[];
  /**
   * Analyse hidden sheets too (default false: a hidden sheet is reported as not analysed). Hidden
   * sheets are never written, even when analysed: their fill and finding-mark writes are dropped.
   */
  includeHidden?: boolean;
}

export interface Analysis {
  recognition: RecognitionResult;
  computed: ComputedTable[];
  findings: Finding[];
  plan: WritePlan;
}

export function defaultOptions(partial: Partial<AnalyzeOptions> = {}): AnalyzeOptions {
  return { scale: getScale(DEFAULT_SCALE_ID), negativeFormula: "seed", ...partial };
}

/** Sheets Capaian wrote itself (summaries, Temuan) are outputs, never inputs. */
export function isCapaianSheet(grid: Grid): boolean {
  return isGeneratedSheet(grid);
}

/** Apply the user's column-role corrections (keyed `${tableId}#${col}`) to the recognised tables. */
export function applyCorrections(tables: TableModel[], roles: EngineOptions["roles"]): TableModel[] {
  if (!roles || Object.keys(roles).length === 0) return tables;
  return tables.map((t) => {
    const byCol: Record<number, { role: Role; measure?: Measure }> = {};
    let any = false;
    for (const c of t.columns) {
      const o = roles[`${t.id}#${c.col}`];
      if (o) {
        byCol[c.col] = o;
        any = true;
      }
    }
    return any ? applyRoleOverrides(t, byCol) : t;
  });
}

export function analyze(book: Book, partial: Partial<AnalyzeOptions> = {}): Analysis {
  const opts = defaultOptions(partial);
  const wanted = opts.sheets ? new Set(opts.sheets) : undefined;
  const skippedHidden = opts.includeHidden ? [] : book.sheets.filter((g) => g.hidden && (!wanted || wanted.has(g.sheet)) && !isCapaianSheet(g));
  const inputs: Book = {
    name: book.name,
    sheets: book.sheets.filter((g) => (!wanted || wanted.has(g.sheet)) && !isCapaianSheet(g) && (opts.includeHidden || !g.hidden)),
  };
  const recognized = recognizeBook(inputs);
  for (const g of skippedHidden)
    recognized.unrecognized.push({ sheet: g.sheet, reason: "hidden sheet: not analysed (ask for hidden sheets to include it)" });
  const recognition: RecognitionResult = { ...recognized, tables: applyCorrections(recognized.tables, opts.roles) };
  const computed = computeBook(book, recognition.tables, opts);
  const findings = auditBook(book, recognition.tables, computed, opts);

  const plan = opts.fill ? planFill(book, computed, { ...opts, fill: opts.fill }) : emptyPlan(opts.scale);
  plan.scale = opts.scale;
  if (opts.summary) {
    // Summary cells reference the source; tell the planner which empty source cells this plan fills.
    plan.sheets.push(...planSummaries(book, computed, { ...opts, level: opts.summaryLevel, filled: opts.fill ? plan.writes : false }));
  }
  if (opts.findings) {
    const { sheet, marks } = planFindings(findings, book, { scale: opts.scale });
    const taken = plan.sheets.map((s) => s.name);
    const name = resolveSheetName(book, FINDINGS_SHEET, taken);
    renameSheetPlan(sheet, name);
    addMarker(sheet);
    plan.sheets.push(sheet);
    plan.writes.push(...marks);
  }
  // Hidden sheets are never written to.
  const hidden = new Set(book.sheets.filter((g) => g.hidden).map((g) => g.sheet));
  if (hidden.size) plan.writes = plan.writes.filter((w) => !hidden.has(w.sheet));
  return { recognition, computed, findings, plan };
}

function renameSheetPlan(sheet: { name: string; cells: { sheet: string }[] }, name: string): void {
  if (sheet.name === name) return;
  sheet.name = name;
  for (const c of sheet.cells) c.sheet = name;
}

/** Make sure a generated sheet carries Capaian's marker so that a re-run may replace it. */
function addMarker(sheet: WritePlan["sheets"][number]): void {
  if (sheet.cells.some((c) => typeof c.value === "string" && c.value.includes("[capaian:generated:"))) return;
  const last = sheet.cells.reduce((m, c) => Math.max(m, c.row), -1);
  sheet.cells.push({
    sheet: sheet.name,
    row: last + 2,
    col: 0,
    value: markerText(sheet.purpose),
    style: { italic: true, fontColor: "#808080" },
    purpose: "summary",
  });
}
