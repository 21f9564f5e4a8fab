/**
 * The whole pipeline in one call: recognize → compute → audit → plan. Used by the CLI and the
 * task pane. PROVISIONAL: wired up as the modules land; the signature is the contract.
 */
import type { Book } from "./grid";
import type {
  ComputedTable,
  EngineOptions,
  Finding,
  RecognitionResult,
  Role,
  WritePlan,
} from "./model";
import { emptyPlan } from "./model";
import { getScale, DEFAULT_SCALE_ID } from "./scale";

export interface FillOptions {
  /** Overwrite non-empty cells of computed columns. */
  force?: boolean;
  /** Write values only, no formulas. */
  values?: boolean;
  /** Only these computed roles (default: all the table has). */
  roles?: Role[];
  /** Add missing columns beside the table: "kategori", "efisiensi", "kategori_efisiensi". */
  addColumns?: Role[];
}

export interface AnalyzeOptions extends EngineOptions {
  fill?: FillOptions | false;
  /** Put findings into the workbook: Temuan sheet plus highlight and note on each flagged cell. */
  findings?: boolean;
  /** Generate Ringkasan Capaian, Efisiensi and Realisasi Anggaran sheets. */
  summary?: boolean;
  /** Only these sheets (default: all). */
  sheets?: string[];
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

export function analyze(_book: Book, partial: Partial<AnalyzeOptions> = {}): Analysis {
  const opts = defaultOptions(partial);
  return { recognition: { tables: [], unrecognized: [] }, computed: [], findings: [], plan: emptyPlan(opts.scale) };
}
