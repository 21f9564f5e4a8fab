/**
 * Summary sheets generated in place: "Ringkasan Capaian", "Efisiensi", "Realisasi Anggaran".
 *
 * Every number on them is a formula over the source table's cells (`='E81'!H12`), so a later edit of
 * the matrix flows through; percentages, ratios and categories are guarded formulas over those
 * (never #DIV/0!); each CellWrite's `expected` is the engine's value. Labels copied from the user's
 * cells are written as text values. Each sheet carries the Capaian marker (see marker.ts); a user's
 * sheet of the same name is never overwritten: the generated one takes "<name> (2)".
 */
import type { Book } from "../grid";
import type { ComputedTable, EngineOptions, SheetPlan } from "../model";
import { planEfisiensi, EFISIENSI_SHEET } from "./efisiensi";
import { resolveSheetName } from "./marker";
import { planRealisasi, REALISASI_SHEET } from "./realisasi";
import { planRingkasan, RINGKASAN_SHEET } from "./ringkasan";
import { sources } from "./source";
import type { Filled } from "./source";

export { GENERATED_MARKER, generatedPurpose, isGeneratedSheet, markerText, resolveSheetName } from "./marker";
export { RINGKASAN_SHEET, EFISIENSI_SHEET, REALISASI_SHEET };
export type { Filled };


export type SummaryOptions = EngineOptions & {
  /** Lowest row level on Ringkasan Capaian: "program" (default) or "kegiatan". */
  level?: "program" | "kegiatan";
  /**
   * What the same plan writes into the source tables (default true: every empty computed cell is
   * filled with its ComputedCell). Pass false when the plan has no fill, or the fill plan's writes
   * (`planFill(...).writes`) when it fills only some roles or forces overwrites: a summary cell over
   * a written cell references it with the write's expected value; over a cell left empty it carries
   * the engine's formula itself (references qualified by the source sheet) or its value.
   */
  filled?: Filled;
};

/**
 * The summary sheets for the recognised, computed tables of `book`. A sheet is omitted when no table
 * feeds it (no Renja / kinerja-anggaran / budget table). Tables on sheets Capaian generated are never
 * used as sources.
 */
export function planSummaries(book: Book, computed: ComputedTable[], opts: SummaryOptions): SheetPlan[] {
  const all = sources(book, computed, opts.filled ?? true);
  const out: SheetPlan[] = [];
  const taken: string[] = [];
  const add = (base: string, make: (name: string) => SheetPlan | undefined): void => {
    const name = resolveSheetName(book, base, taken);
    const plan = make(name);
    if (plan) {
      out.push(plan);
      taken.push(name);
    }
  };
  add(RINGKASAN_SHEET, (name) => planRingkasan(name, all, opts));
  add(EFISIENSI_SHEET, (name) => planEfisiensi(name, all, opts));
  add(REALISASI_SHEET, (name) => planRealisasi(name, all, opts));
  return out;
}
