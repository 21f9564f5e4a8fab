/**
 * Formula-only rules (sum-range errors that need no inferred structure), run by the precision
 * review (./precision.ts) after every other family:
 *
 *  - a SUM whose nested same-column SUMs reach the same row twice (R11 = R12 + R91 + R96 while R12
 *    already adds R91 and R96) is a double count, with the exact expected value;
 *  - in a row whose amount columns mostly sum the same rows, a column that adds (or leaves out) a
 *    row the others deliberately leave out (or add) is flagged;
 *  - a SUM on a Kepmendagri-coded row that skips a coded child with an amount, or adds a coded row
 *    that is not its descendant, is flagged.
 *
 * Also the formula structure of a column (`sumFormulaAt`: the rows a same-column SUM names), which
 * the structure judgement (./structure.ts) reads too.
 */
import type { Grid } from "../../grid";
import { a1 } from "../../grid";
import type { ColumnModel, Finding, Message, RowModel } from "../../model";
import { sumRanges } from "../../formula";
import { FOOTER_LEVELS, makeFinding, rangeMessageParts, TableCtx } from "../context";
import { fmtNum, isErrorCell, statedValue } from "../util";

// ---------------------------------------------------------------------------------------------
// Formula structure of a column

export interface SumFormula {
  text: string;
  /** Rows added, in order, repeats kept (SUM(K14+K14) adds K14 twice). */
  rows: number[];
  subtotal: boolean;
}

const sumCache = new WeakMap<Grid, Map<number, SumFormula | null>>();

/** The same-column SUM-shaped formula of a cell: the rows it adds (undefined for anything else). */
export function sumFormulaAt(grid: Grid, r: number, c: number): SumFormula | undefined {
  if (!grid.get(r, c)?.f) return undefined;
  let m = sumCache.get(grid);
  if (!m) sumCache.set(grid, (m = new Map()));
  const k = r * 16384 + c;
  const hit = m.get(k);
  if (hit !== undefined) return hit ?? undefined;
  const found = computeSumFormula(grid, r, c);
  m.set(k, found ?? null);
  return found;
}

function computeSumFormula(grid: Grid, r: number, c: number): SumFormula | undefined {
  const cell = grid.get(r, c);
  if (!cell?.f) return undefined;
  const areas = sumRanges(cell.f);
  if (!areas || areas.length === 0) return undefined;
  if (areas.some((a) => (a.sheet !== undefined && a.sheet !== grid.sheet) || a.wholeColumn || a.wholeRow || a.area.c1 !== c || a.area.c2 !== c)) return undefined;
  const rows: number[] = [];
  for (const a of areas) for (let k = a.area.r1; k <= Math.min(a.area.r2, grid.rowCount - 1); k++) rows.push(k);
  return { text: cell.f, rows, subtotal: /^=\s*\+?\s*SUBTOTAL\s*\(/i.test(cell.f) };
}

export function amount(grid: Grid, r: number, c: number, col?: ColumnModel): number {
  return statedValue(grid, r, c, col) ?? 0;
}

export function amountColumns(ctx: TableCtx): ColumnModel[] {
  return ctx.table.columns.filter((c) => ctx.isRpColumn(c));
}

function dataRows(ctx: TableCtx): number[] {
  const out: number[] = [];
  for (let r = ctx.table.header.lastRow + 1; r <= ctx.table.area.r2; r++) out.push(r);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Formula-only rules: double counts through nested SUMs, a column out of step with its row

/**
 * Cells (`${row}:${col}`) where a formula rule found a double count or an odd range: quarter sums
 * reading them are not reported again.
 */
export type Flagged = Set<string>;

/** A sum-range finding of a formula rule at `at` (row, col, stated, expected); its cell is flagged. */
function formulaFinding(ctx: TableCtx, flagged: Flagged, at: SumAt, how: string, inputs: string[], message: Message): Finding {
  flagged.add(`${at.row}:${at.col}`);
  return makeFinding(ctx, { rule: "sum-range", row: at.row, col: at.col, stated: at.stated, expected: at.expected, how, inputs, message });
}

interface SumAt {
  row: number;
  col: number;
  stated: number;
  expected: number;
}

export function auditDoubleCounts(ctx: TableCtx, out: Finding[], flagged: Flagged): void {
  const { grid } = ctx;
  const rows = dataRows(ctx);
  const cols = amountColumns(ctx);
  for (let j = 0; j < cols.length; j++) {
    const col = cols[j];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (!ctx.hasFormula(r, col.col)) continue;
      const top = sumFormulaAt(grid, r, col.col);
      if (top) doubleCountAt(ctx, out, flagged, col, r, top);
    }
  }
}

/**
 * The double-count check of one SUM (`top`, at row r of column `col`). A function of its own: a
 * loop body that holds closures allocates their context on every iteration, formula or not.
 */
function doubleCountAt(ctx: TableCtx, out: Finding[], flagged: Flagged, col: ColumnModel, r: number, top: SumFormula): void {
  const { grid } = ctx;
  const c = col.col;
  const seen = new Set<number>();
  /** duplicated row → the row of the top formula through which it was reached first. */
  const via = new Map<number, number>();
  const dups: { row: number; through: number }[] = [];
  const path = new Set<number>([r]);
  const visit = (k: number, through: number, depth: number): void => {
    if (path.has(k) || grid.isEmpty(k, c) || isErrorCell(grid.get(k, c))) return;
    const inner = sumFormulaAt(grid, k, c);
    // SUBTOTAL ignores the SUBTOTAL cells inside its range.
    if (top.subtotal && inner?.subtotal) return;
    if (seen.has(k)) {
      dups.push({ row: k, through: via.get(k) ?? k });
      return;
    }
    seen.add(k);
    via.set(k, through);
    if (!inner || depth > 40) return;
    path.add(k);
    for (const j of inner.rows) visit(j, through, depth + 1);
    path.delete(k);
  };
  for (const k of top.rows) visit(k, k, 0);
  if (dups.length === 0) return;
  const extra = dups.reduce((a, d) => a + amount(grid, d.row, c, col), 0);
  if (Math.abs(extra) <= 0.5) return;
  const stated = statedValue(grid, r, c, col);
  if (stated === undefined) return;
  const where = a1(r, c);
  const twice = Array.from(new Set(dups.map((d) => a1(d.row, c))));
  const throughCells = Array.from(new Set(dups.filter((d) => d.through !== d.row).map((d) => d.through)));
  const viaText = throughCells.map((t) => `${a1(t, c)} (${grid.get(t, c)?.f ?? ""})`).join(", ");
  const expected = Math.round((stated - extra) * 100) / 100;
  const message: Message = {
    id: `Rumus ${where} (${top.text}) menjumlahkan ${twice.join(", ")} dua kali${viaText ? `: ${viaText} sudah memuatnya` : ""}; tanpa hitungan ganda ${where} = ${fmtNum(expected, "id")}`,
    en: `Formula ${where} (${top.text}) counts ${twice.join(", ")} twice${viaText ? `: ${viaText} already ${throughCells.length > 1 ? "include" : "includes"} ${twice.length > 1 ? "them" : "it"}` : ""}; without the double count ${where} = ${fmtNum(expected, "en")}`,
  };
  out.push(formulaFinding(ctx, flagged, { row: r, col: c, stated, expected }, `${top.text}: ${twice.join(", ")} ${twice.length > 1 ? "are" : "is"} added twice (${fmtNum(extra, "en")})`, twice, message));
}

export function auditRowConsensus(ctx: TableCtx, out: Finding[], flagged: Flagged): void {
  const { grid } = ctx;
  const cols = amountColumns(ctx);
  if (cols.length < 3) return;
  const rows = dataRows(ctx);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    let n = 0;
    for (let j = 0; j < cols.length; j++) if (ctx.hasFormula(r, cols[j].col) && sumFormulaAt(grid, r, cols[j].col)) n++;
    if (n >= 3) rowConsensusAt(ctx, out, flagged, cols, r);
  }
}

/** The row-consensus check of row r, whose amount columns hold at least three SUMs (see doubleCountAt). */
function rowConsensusAt(ctx: TableCtx, out: Finding[], flagged: Flagged, cols: ColumnModel[], r: number): void {
  const { grid } = ctx;
  const sigs: { col: ColumnModel; rows: Set<number>; f: SumFormula }[] = [];
  for (const col of cols) {
    const f = sumFormulaAt(grid, r, col.col);
    if (f) sigs.push({ col, rows: new Set(f.rows), f });
  }
  if (sigs.length < 3) return;
  const groups = new Map<string, typeof sigs>();
  for (const s of sigs) {
    const key = [...s.rows].sort((a, b) => a - b).join(",");
    const g = groups.get(key) ?? [];
    g.push(s);
    groups.set(key, g);
  }
  if (groups.size < 2) return;
  const ranked = [...groups.values()].sort((a, b) => b.length - a.length);
  const major = ranked[0];
  if (major.length < 2 || major.length === ranked[1].length) return;
  const majorRows = major[0].rows;
  /** Most majority columns hold a non-zero amount at row k. */
  const majorityNonZero = (k: number) => major.filter((m) => amount(grid, k, m.col.col, m.col) !== 0).length * 2 >= major.length;
  for (const g of ranked.slice(1)) {
    for (const s of g) {
      const c = s.col.col;
      const extra = [...s.rows].filter((k) => !majorRows.has(k) && amount(grid, k, c, s.col) !== 0 && majorityNonZero(k));
      const missing = [...majorRows].filter((k) => !s.rows.has(k) && amount(grid, k, c, s.col) !== 0 && majorityNonZero(k));
      if (extra.length === 0 && missing.length === 0) continue;
      const stated = statedValue(grid, r, c, s.col);
      if (stated === undefined) continue;
      const delta = extra.reduce((a, k) => a + amount(grid, k, c, s.col), 0) - missing.reduce((a, k) => a + amount(grid, k, c, s.col), 0);
      if (Math.abs(delta) <= 0.5) continue;
      const expected = Math.round((stated - delta) * 100) / 100;
      const where = a1(r, c);
      const others = major.map((m) => a1(r, m.col.col));
      const model = major[0].f.text;
      const ex = extra.map((k) => a1(k, c));
      const mi = missing.map((k) => a1(k, c));
      const partsId: string[] = [];
      const partsEn: string[] = [];
      if (ex.length) {
        partsId.push(`ikut menjumlahkan ${ex.join(", ")}`);
        partsEn.push(`also adds ${ex.join(", ")}`);
      }
      if (mi.length) {
        partsId.push(`melewatkan ${mi.join(", ")}`);
        partsEn.push(`leaves out ${mi.join(", ")}`);
      }
      const message: Message = {
        id: `Rumus ${where} (${s.f.text}) ${partsId.join(" dan ")}, berbeda dengan rumus kolom lain pada baris yang sama (${others.join(", ")}: ${model}); seharusnya ${where} = ${fmtNum(expected, "id")}`,
        en: `Formula ${where} (${s.f.text}) ${partsEn.join(" and ")}, unlike the other amount columns of the same row (${others.join(", ")}: ${model}); expected ${where} = ${fmtNum(expected, "en")}`,
      };
      out.push(formulaFinding(ctx, flagged, { row: r, col: c, stated, expected }, `${s.f.text} ↔ ${others.join(", ")} (${model})`, [...ex, ...mi], message));
    }
  }
}

/**
 * Kepmendagri codes state the tree on their own (2.17.01.1.06 → 2.17.01.1.06.0007): a SUM on a
 * coded row that leaves out a coded child with an amount, or adds a coded row that is not its
 * descendant (or a descendant of a row it already adds), is wrong whatever the recogniser made of
 * the rows.
 */
export function auditCodedSums(ctx: TableCtx, out: Finding[], flagged: Flagged): void {
  const { grid, table } = ctx;
  const cols = amountColumns(ctx);
  const candidates = table.rows.filter((r) => r.code && !r.account && r.level !== "indikator" && !FOOTER_LEVELS.has(r.level));
  // Only a coded row's own SUM is judged: without one there is nothing to check.
  if (!anySum(ctx, candidates, cols)) return;
  const coded: { r: RowModel; s: string[]; k: string }[] = [];
  for (const r of candidates) {
    const s = segments(r.code!);
    if (s.length >= 2) coded.push({ r, s, k: s.join(".") });
  }
  if (coded.length < 3) return;
  const count = new Map<string, number>();
  for (const { k } of coded) count.set(k, (count.get(k) ?? 0) + 1);
  const byKey = new Map<string, RowModel>();
  const segs = new Map<RowModel, string[]>();
  for (const { r, s, k } of coded) {
    if (count.get(k) === 1) {
      byKey.set(k, r);
      segs.set(r, s);
    }
  }
  const keyOf = new Map<number, string[]>();
  for (const r of byKey.values()) keyOf.set(r.row, segs.get(r)!);
  /** Uniquely coded row → the uniquely coded rows whose codes are proper prefixes of its code, shortest first. */
  const ancestors = new Map<number, number[]>();
  for (const [row, s] of keyOf) {
    const list: number[] = [];
    let prefix = "";
    for (let n = 1; n < s.length; n++) {
      prefix = n === 1 ? s[0] : `${prefix}.${s[n - 1]}`;
      const p = byKey.get(prefix);
      if (p) list.push(p.row);
    }
    ancestors.set(row, list);
  }
  const isDesc = (r: number, p: number): boolean => ancestors.get(r)?.includes(p) ?? false;
  // A coded row's parent: the uniquely coded row with the longest code its code extends.
  const kidsOf = new Map<number, RowModel[]>();
  for (const r of byKey.values()) {
    const up = ancestors.get(r.row)!;
    if (up.length === 0) continue;
    const p = up[up.length - 1];
    const list = kidsOf.get(p) ?? [];
    list.push(r);
    kidsOf.set(p, list);
  }
  for (const col of cols) {
    const c = col.col;
    for (const [prow, kids] of kidsOf) {
      const f = sumFormulaAt(grid, prow, c);
      if (!f) continue;
      const covered = [...new Set(f.rows)].filter((k) => !grid.isEmpty(k, c));
      const cov = new Set(covered);
      /** Rows some covered row descends from. */
      const above = new Set<number>();
      for (const x of covered) for (const a of ancestors.get(x) ?? []) above.add(a);
      const skipped = kids.filter((k) => !cov.has(k.row) && !above.has(k.row) && amount(grid, k.row, c, col) !== 0);
      const extra = covered.filter(
        (x) => x !== prow && keyOf.has(x) && amount(grid, x, c, col) !== 0 && (!isDesc(x, prow) || ancestors.get(x)!.some((y) => cov.has(y))),
      );
      if (skipped.length === 0 && extra.length === 0) continue;
      const stated = statedValue(grid, prow, c, col);
      if (stated === undefined) continue;
      const delta = skipped.reduce((a, k) => a + amount(grid, k.row, c, col), 0) - extra.reduce((a, x) => a + amount(grid, x, c, col), 0);
      if (Math.abs(delta) <= 0.5) continue;
      const expected = Math.round((stated + delta) * 100) / 100;
      const where = a1(prow, c);
      const sk = skipped.map((k) => a1(k.row, c));
      const ex = extra.map((x) => a1(x, c));
      const parts = rangeMessageParts(sk, ex);
      const message: Message = {
        id: `Rumus ${where} (${f.text}) ${parts.id.join(" dan ")} menurut kodenya; seharusnya ${where} = ${fmtNum(expected, "id")}`,
        en: `Formula ${where} (${f.text}) ${parts.en.join(" and ")} by its codes; expected ${where} = ${fmtNum(expected, "en")}`,
      };
      out.push(formulaFinding(ctx, flagged, { row: prow, col: c, stated, expected }, `${f.text} → ${kids.map((k) => a1(k.row, c)).join("+")} (by code)`, kids.map((k) => a1(k.row, c)), message));
    }
  }
}

/** Some row of `rows` holds a same-column SUM in one of `cols` (plain loops: no closure per row). */
function anySum(ctx: TableCtx, rows: readonly RowModel[], cols: readonly ColumnModel[]): boolean {
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < cols.length; j++) {
      const r = rows[i].row;
      const c = cols[j].col;
      if (ctx.hasFormula(r, c) && sumFormulaAt(ctx.grid, r, c) !== undefined) return true;
    }
  }
  return false;
}

/** Kepmendagri code segments, leading zeros dropped ("2.17.01" → 2, 17, 1). */
export function segments(code: string): string[] {
  return code
    .split(/[.\s]+/)
    .filter((p) => p !== "")
    .map((p) => (/^\d+$/.test(p) ? String(Number(p)) : p.toUpperCase()));
}
