/**
 * Precision (issue 11): every error-severity finding must be true. This pass runs after every
 * other family (`reviewFindings`, called by ../index.ts) and judges the findings that rest on an
 * inferred structure or an inferred column meaning:
 *
 *  - Parent / total sums (rp-sum-children, total-sum, sum-range, constant-total) are kept only
 *    when the rows read as the detail are established by strong evidence (./structure.ts); the
 *    others are listed in one `structure-uncertain` info per table.
 *  - Computed-column findings (capaian, penyerapan, sisa, efisiensi, factor-100) are dropped for a
 *    column whose meaning is uncertain (./columnMeaning.ts, or nearly every value of the column
 *    disagrees with the engine); one `column-uncertain` info per column says so. Over-absorption
 *    beyond ten times the pagu means the columns are no pagu / realisasi pair.
 *
 * Then it adds what the formulas alone prove (./formulaSums.ts, the registry's FORMULA_RULES) and
 * drops a quarter-sum finding whose quarter cells carry such a finding (the annual value is right,
 * the quarters are wrong and flagged at their origin).
 */
import type { Book } from "../../grid";
import type { Finding } from "../../model";
import { makeFinding, TableCtx } from "../context";
import { FORMULA_RULES } from "../registry";
import type { Flagged } from "./formulaSums";
import { judgeParent, judgeTable, type TableJudge } from "./structure";
import { comparedCells, judgeColumnFinding, polarityGuess } from "./columnMeaning";

const PARENT_RULES = new Set(["rp-sum-children", "total-sum", "sum-range", "constant-total"]);
const COLUMN_RULES = new Set(["capaian-mismatch", "penyerapan-mismatch", "efisiensi-mismatch", "factor-100"]);

/**
 * Judge the findings of the other families and add the formula-only rules. `findings` are the
 * findings so far (all tables); returns the reviewed list.
 */
export function reviewFindings(book: Book, ctxs: TableCtx[], findings: Finding[]): Finding[] {
  const judges = new Map<string, TableJudge>();
  const judge = (id: string | undefined): TableJudge | undefined => {
    if (!id) return undefined;
    let j = judges.get(id);
    if (!j) {
      const ctx = ctxs.find((c) => c.table.id === id);
      if (!ctx) return undefined;
      j = judgeTable(ctx);
      judges.set(id, j);
    }
    return j;
  };
  const out: Finding[] = [];
  // Whole columns whose values nearly all disagree with the engine: the column was misread.
  const mismatchByCol = new Map<string, number>();
  for (const f of findings) {
    if (!COLUMN_RULES.has(f.rule) || f.rule === "factor-100" || f.severity !== "error" || !f.tableId) continue;
    const k = `${f.tableId}|${f.col}`;
    mismatchByCol.set(k, (mismatchByCol.get(k) ?? 0) + 1);
  }
  const dropUncertain = new Set<string>();
  for (const [k, n] of mismatchByCol) {
    const [id, c] = [k.slice(0, k.lastIndexOf("|")), Number(k.slice(k.lastIndexOf("|") + 1))];
    const j = judge(id);
    if (!j) continue;
    const total = comparedCells(j.ctx, c);
    if (n >= 5 && n >= 0.8 * total) dropUncertain.add(k);
  }

  const byCell = new Map<string, Finding>();
  for (const f of findings) if (f.rule === "rp-sum-children") byCell.set(`${f.sheet}|${f.cell}`, f);
  for (const f of findings) {
    const j = judge(f.tableId);
    if (!j) {
      out.push(f);
      continue;
    }
    if (PARENT_RULES.has(f.rule)) {
      const v = judgeParent(j, f, byCell);
      if (!v.keep) {
        if (f.rule === "constant-total") continue;
        j.uncertain.push({ cell: f.cell, why: v.why });
        continue;
      }
      if (v.severity && f.severity === "error") {
        out.push({
          ...f,
          severity: v.severity,
          message: { id: `${f.message.id} (${v.note!.id})`, en: `${f.message.en} (${v.note!.en})` },
        });
        continue;
      }
      out.push(f);
      continue;
    }
    if (f.rule === "over-absorption" && typeof f.stated === "number" && typeof f.expected === "number" && f.expected > 0 && f.stated > 10 * f.expected) {
      // Realisasi ten times the pagu: the two columns are not a pagu / realisasi pair.
      const u = j.columnUncertain.get(f.col) ?? {
        cells: [],
        why: { id: "realisasi lebih dari sepuluh kali pagu: pasangan kolomnya belum pasti", en: "realisasi over ten times the pagu: the column pairing is uncertain" },
      };
      u.cells.push(f.cell);
      j.columnUncertain.set(f.col, u);
      continue;
    }
    if (f.rule === "capaian-mismatch" && f.severity === "error") {
      const note = polarityGuess(j.ctx, f);
      if (note) {
        out.push({ ...f, severity: "warning", message: { id: `${f.message.id} (${note.id})`, en: `${f.message.en} (${note.en})` } });
        continue;
      }
    }
    if (COLUMN_RULES.has(f.rule)) {
      let why = judgeColumnFinding(j.ctx, f);
      if (!why && f.rule !== "factor-100" && dropUncertain.has(`${f.tableId}|${f.col}`)) {
        why = {
          id: "hampir semua nilai kolom ini berbeda dengan rumus yang diduga; makna kolom belum pasti",
          en: "nearly every value of this column differs from the formula assumed for it; the column's meaning is uncertain",
        };
      }
      if (why) {
        const u = j.columnUncertain.get(f.col) ?? { cells: [], why };
        u.cells.push(f.cell);
        j.columnUncertain.set(f.col, u);
        continue;
      }
    }
    out.push(f);
  }

  // Formula-only rules, then quarter sums that read a flagged quarter.
  const flagged: Flagged = new Set();
  const added: Finding[] = [];
  for (const ctx of ctxs) {
    for (const rule of FORMULA_RULES) rule(ctx, added, flagged);
  }
  const have = new Set(out.map((f) => `${f.sheet}|${f.cell}|${f.rule}`));
  const result: Finding[] = [];
  for (const f of out) {
    if (f.rule === "quarter-sum" && f.inputs && f.inputs.some((ref) => quarterFlagged(ref, flagged))) continue;
    result.push(f);
  }
  for (const f of added) {
    const k = `${f.sheet}|${f.cell}|${f.rule}`;
    if (have.has(k)) continue;
    have.add(k);
    result.push(f);
  }

  // One info per table for the sums not checked, one per column for the columns not checked.
  for (const j of judges.values()) {
    const ctx = j.ctx;
    if (j.uncertain.length) {
      const cells = Array.from(new Set(j.uncertain.map((u) => u.cell)));
      const first = j.uncertain[0];
      const p = parseCell(first.cell);
      const list = cells.length > 8 ? `${cells.slice(0, 8).join(", ")} …` : cells.join(", ");
      const f = makeFinding(ctx, {
        rule: "structure-uncertain",
        row: p.r,
        col: p.c,
        message: {
          id: `${cells.length} pemeriksaan jumlah induk/total di tabel ini tidak dilaporkan sebagai kesalahan karena struktur barisnya belum pasti (${list}); contoh: ${first.why.id}`,
          en: `${cells.length} parent/total sum check(s) in this table are not reported as errors because the row structure is uncertain (${list}); e.g. ${first.why.en}`,
        },
      });
      f.cells = cells;
      f.count = cells.length;
      result.push(f);
    }
    for (const [c, u] of j.columnUncertain) {
      u.cells = Array.from(new Set(u.cells));
      const p = parseCell(u.cells[0]);
      const col = ctx.colByCol.get(c);
      const list = u.cells.length > 8 ? `${u.cells.slice(0, 8).join(", ")} …` : u.cells.join(", ");
      const f = makeFinding(ctx, {
        rule: "column-uncertain",
        row: p.r,
        col: c,
        message: {
          id: `Kolom ${colName(u.cells[0])} ("${col?.header ?? ""}") tidak diperiksa sebagai ${col?.role ?? "kolom hitung"}: ${u.why.id} (${u.cells.length} sel: ${list})`,
          en: `Column ${colName(u.cells[0])} ("${col?.header ?? ""}") is not checked as ${col?.role ?? "a computed column"}: ${u.why.en} (${u.cells.length} cell(s): ${list})`,
        },
      });
      f.cells = u.cells;
      f.count = u.cells.length;
      result.push(f);
    }
  }
  return result;
}

function quarterFlagged(ref: string, flagged: Flagged): boolean {
  const p = parseCell(ref);
  return p.r >= 0 && flagged.has(`${p.r}:${p.c}`);
}

function parseCell(ref: string): { r: number; c: number } {
  const m = /^(?:.*!)?\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) return { r: -1, c: -1 };
  let c = 0;
  for (const ch of m[1]) c = c * 26 + (ch.charCodeAt(0) - 64);
  return { r: Number(m[2]) - 1, c: c - 1 };
}

function colName(ref: string): string {
  return ref.replace(/\d+$/, "");
}
