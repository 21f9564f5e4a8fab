/**
 * The audit's rule ids and their default severities. `AuditRule` is the closed union of these ids:
 * a misspelt rule id does not compile. The order of the functions that report them is in
 * ./registry.ts; what each rule checks is in README.md.
 */
import type { Severity } from "../model";

/** Every rule the audit can report, with its default severity. */
export const AUDIT_RULES = {
  "rp-sum-children": "error",
  "total-sum": "error",
  "quarter-sum": "error",
  "renstra-cumulative": "error",
  "capaian-mismatch": "error",
  "factor-100": "error",
  "penyerapan-mismatch": "error",
  "efisiensi-mismatch": "error",
  "kategori-mismatch": "error",
  "rata-rata-mismatch": "error",
  "predikat-mismatch": "error",
  "over-absorption": "warning",
  "unit-mismatch": "warning",
  "target-missing": "warning",
  "number-as-text": "warning",
  "constant-total": "info",
  "sum-range": "error",
  "formula-error": "error",
  "header-label": "warning",
  "cross-table-amount": "warning",
  "structure-uncertain": "info",
  "column-uncertain": "info",
} as const satisfies Record<string, Severity>;

export type AuditRule = keyof typeof AUDIT_RULES;
