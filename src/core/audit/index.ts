/**
 * The audit (docs/domain.md §6): compares every non-empty stated cell of a computed column with the
 * engine's value (ComputedCell, produced by src/core/compute) and adds the rules that need no
 * computation (text numbers, formula errors, SUM ranges, constants, units, missing targets,
 * over-absorption, header labels, amounts that differ between tables).
 *
 * Expected values are taken from ComputedCell; nothing here recomputes capaian / sums, except the
 * two alternatives a K column allows (flow vs stock) so that a stock repeated each quarter is not
 * called a quarter-sum error, and the scale's label for the STATED capaian (kategori rule).
 *
 * Output order is deterministic: sheet order, row, column, rule.
 *
 * Layout: ./context.ts (TableCtx, makeFinding), ./ruleIds.ts (AUDIT_RULES, the AuditRule union),
 * ./registry.ts (the rule families in run order), ./rules/*.ts (one file per family),
 * ./findings.ts (dedupe, sort, count), ./util.ts (reading stated cells), ./plan.ts (Temuan sheet).
 */
import type { Book } from "../grid";
import { sheetOf } from "../grid";
import type { ComputedTable, EngineOptions, Finding, TableModel } from "../model";
import { withStatedCache } from "./util";
import { TableCtx } from "./context";
import { BOOK_RULES, TABLE_RULES } from "./registry";
import { dedupe, sortFindings } from "./findings";
import { reviewFindings } from "./rules/precision";
import { groupFindings } from "./group";

export { isErrorCell } from "./util";
export { AUDIT_RULES, type AuditRule } from "./ruleIds";
export { normName } from "./rules/crossTable";
export { countFindings, sortFindings } from "./findings";

/**
 * Audit a workbook: `tables` as recognised, `computed` as produced by computeTable /
 * computeBook (matched by table id). Deterministic order: sheet order, row, column, rule.
 */
export function auditBook(book: Book, tables: TableModel[], computed: ComputedTable[], opts: EngineOptions): Finding[] {
  return withStatedCache(() => auditBookUncached(book, tables, computed, opts));
}

function auditBookUncached(book: Book, tables: TableModel[], computed: ComputedTable[], opts: EngineOptions): Finding[] {
  const out: Finding[] = [];
  const ctxs: TableCtx[] = [];
  const byId = new Map<string, ComputedTable>();
  for (const ct of computed) byId.set(ct.table.id, ct);
  const all: TableModel[] = [...tables];
  for (const ct of computed) if (!all.some((t) => t.id === ct.table.id)) all.push(ct.table);
  for (const table of all) {
    const grid = sheetOf(book, table.sheet);
    if (!grid) continue;
    const ctx = new TableCtx(grid, table, byId.get(table.id)?.cells ?? [], opts);
    ctxs.push(ctx);
    for (const rule of TABLE_RULES) rule(ctx, out);
  }
  for (const rule of BOOK_RULES) rule(book, all, out);
  // Precision review (structure and column evidence), then grouping of repeated findings.
  return sortFindings(groupFindings(reviewFindings(book, ctxs, dedupe(out))), book);
}
