/**
 * The audit's rule families in the order they run. Table rules see one table through its TableCtx;
 * book rules see every table of the workbook; the formula rules run inside the precision review,
 * which ../index.ts calls last. The order matters only for duplicates (the first
 * finding of a cell and rule is kept) and for findings that sort equal.
 */
import type { Book } from "../grid";
import type { Finding, TableModel } from "../model";
import type { TableCtx } from "./context";
import { auditComputed } from "./rules/computed";
import { auditParentQuarters, auditParents } from "./rules/parents";
import { auditPairs } from "./rules/pairs";
import { auditCells } from "./rules/cells";
import { auditHeaderLabels } from "./rules/headerLabels";
import { auditCrossTable } from "./rules/crossTable";
import { auditCodedSums, auditDoubleCounts, auditRowConsensus, type Flagged } from "./rules/formulaSums";

export type TableRule = (ctx: TableCtx, out: Finding[]) => void;
export type BookRule = (book: Book, tables: TableModel[], out: Finding[]) => void;

export const TABLE_RULES: readonly TableRule[] = [auditComputed, auditParentQuarters, auditParents, auditPairs, auditCells, auditHeaderLabels];
export const BOOK_RULES: readonly BookRule[] = [auditCrossTable];

/**
 * Formula-only rules, run by the precision review (./rules/precision.ts) after it has judged the
 * other families' findings; each adds the cells it flags to `flagged` (quarter sums reading them
 * are not reported).
 */
export type FormulaRule = (ctx: TableCtx, out: Finding[], flagged: Flagged) => void;
export const FORMULA_RULES: readonly FormulaRule[] = [auditCodedSums, auditDoubleCounts, auditRowConsensus];
