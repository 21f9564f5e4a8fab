/**
 * Grouping (issue 11): many findings of one kind in one table ("numbers stored as text" in 17,038
 * cells, #DIV/0! down a whole column) become one finding that lists its cells (`cells`, `count`),
 * so a report stays readable. The grouped finding sits at the first cell; its message names the
 * range the cells span and the first examples. Below GROUP_MIN findings of a kind per table each
 * cell keeps its own finding.
 */
import { a1, parseA1 } from "../grid";
import type { Finding, Message } from "../model";

/** More findings than this of one rule (and severity) in one table are grouped. */
export const GROUP_MIN = 20;

/** Rules whose repeated findings are grouped: each cell says the same thing. */
const GROUPED = new Set(["number-as-text", "formula-error", "target-missing", "unit-mismatch", "over-absorption"]);

function span(cells: string[]): string {
  let r1 = Infinity;
  let c1 = Infinity;
  let r2 = -1;
  let c2 = -1;
  for (const ref of cells) {
    const p = parseA1(ref);
    if (!p) continue;
    r1 = Math.min(r1, p.r);
    c1 = Math.min(c1, p.c);
    r2 = Math.max(r2, p.r);
    c2 = Math.max(c2, p.c);
  }
  if (r2 < 0) return cells[0] ?? "";
  return r1 === r2 && c1 === c2 ? a1(r1, c1) : `${a1(r1, c1)}:${a1(r2, c2)}`;
}

function fmtCount(n: number, lang: "id" | "en"): string {
  return n.toLocaleString(lang === "id" ? "id-ID" : "en-US");
}

function groupMessage(rule: string, cells: string[], first: Finding): Message {
  const where = span(cells);
  const nI = fmtCount(cells.length, "id");
  const nE = fmtCount(cells.length, "en");
  switch (rule) {
    case "number-as-text":
      return {
        id: `Angka yang disimpan sebagai teks di ${where}: ${nI} sel (contoh ${first.message.id}); SUM dan rumus Excel mengabaikannya`,
        en: `Numbers stored as text in ${where}: ${nE} cells (e.g. ${first.message.en}); Excel's SUM ignores them`,
      };
    case "formula-error":
      return {
        id: `Galat rumus di ${where}: ${nI} sel (contoh ${first.message.id})`,
        en: `Formula errors in ${where}: ${nE} cells (e.g. ${first.message.en})`,
      };
    default:
      return {
        id: `${nI} temuan serupa di ${where} (contoh ${first.message.id})`,
        en: `${nE} similar findings in ${where} (e.g. ${first.message.en})`,
      };
  }
}

/** Group repeated findings (see the module comment); order of the first members is kept. */
export function groupFindings(findings: Finding[]): Finding[] {
  const buckets = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!GROUPED.has(f.rule) || f.cells) continue;
    // formula-error: one group per error text (#DIV/0! apart from #REF!).
    const sub = f.rule === "formula-error" ? String(f.stated ?? "") : "";
    const k = `${f.tableId ?? f.sheet}|${f.rule}|${f.severity}|${sub}`;
    const list = buckets.get(k) ?? [];
    list.push(f);
    buckets.set(k, list);
  }
  const replaced = new Map<Finding, Finding | null>();
  for (const list of buckets.values()) {
    if (list.length <= GROUP_MIN) continue;
    const first = list[0];
    const cells = list.map((f) => f.cell);
    const g: Finding = {
      rule: first.rule,
      severity: first.severity,
      sheet: first.sheet,
      row: first.row,
      col: first.col,
      cell: first.cell,
      ...(first.tableId ? { tableId: first.tableId } : {}),
      ...(first.rule === "formula-error" && first.stated !== undefined ? { stated: first.stated } : {}),
      how: span(cells),
      cells,
      count: cells.length,
      message: groupMessage(first.rule, cells, first),
    };
    replaced.set(first, g);
    for (const f of list.slice(1)) replaced.set(f, null);
  }
  if (replaced.size === 0) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const r = replaced.get(f);
    if (r === undefined) out.push(f);
    else if (r !== null) out.push(r);
  }
  return out;
}
