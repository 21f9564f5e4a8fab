/**
 * Finding lists: duplicates removed (one finding per sheet, cell and rule), deterministic order
 * (sheet order, row, column, rule) and counts by severity.
 */
import type { Book } from "../grid";
import type { Finding, Severity } from "../model";

/** One finding per sheet, cell and rule (the first reported). */
export function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.sheet}|${f.row}|${f.col}|${f.rule}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function sortFindings(findings: Finding[], book: Book): Finding[] {
  const order = new Map(book.sheets.map((g, i) => [g.sheet, i] as const));
  return findings
    .map((f, i) => ({ f, i }))
    .sort((x, y) => {
      const a = x.f;
      const b = y.f;
      return (
        (order.get(a.sheet) ?? 1e9) - (order.get(b.sheet) ?? 1e9) ||
        a.row - b.row ||
        a.col - b.col ||
        (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
        x.i - y.i
      );
    })
    .map((x) => x.f);
}

/** Count findings by severity. */
export function countFindings(findings: Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}
