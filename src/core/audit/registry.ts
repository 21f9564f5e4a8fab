/**
 * The audit's rule families in the order they run. Table rules see one table through its TableCtx;
 * book rules see every table of the workbook. The order matters only for duplicates (the first
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

export type TableRule = (ctx: TableCtx, out: Finding[]) => void;
export type BookRule = (book: Book, tables: TableModel[], out: Finding[]) => void;

export const TABLE_RULES: readonly TableRule[] = [auditComputed, auditParentQuarters, auditParents, auditPairs, auditCells, auditHeaderLabels];
export const BOOK_RULES: readonly BookRule[] = [auditCrossTable];
