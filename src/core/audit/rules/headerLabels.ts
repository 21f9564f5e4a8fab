/**
 * Rule family "header labels" (header-label): a column-number label under the header that
 * contradicts the header text, as recognition found it (table.labelConflicts).
 */
import { a1 } from "../../grid";
import type { Finding } from "../../model";
import { TableCtx, makeFinding } from "../context";

export function auditHeaderLabels(ctx: TableCtx, out: Finding[]): void {
  const { table } = ctx;
  for (const lc of table.labelConflicts) {
    const where = a1(lc.row, lc.col);
    out.push(
      makeFinding(ctx, {
        rule: "header-label",
        row: lc.row,
        col: lc.col,
        stated: lc.label,
        expected: lc.expected,
        message: {
          id: `Label nomor kolom ${where} "${lc.label}" bertentangan dengan judul kolom (${lc.expected}): ${lc.reason}`,
          en: `Column-number label ${where} "${lc.label}" contradicts the header text (${lc.expected}): ${lc.reason}`,
        },
      }),
    );
  }
}
