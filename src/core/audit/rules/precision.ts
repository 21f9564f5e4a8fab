/**
 * Precision (issue 11): every error-severity finding must be true. This family runs after the
 * others and judges the findings that rest on an inferred structure or an inferred column meaning:
 *
 *  - Parent / total sums (rp-sum-children, total-sum, sum-range, constant-total) are errors only
 *    when the rows read as the detail are established by strong evidence: the workbook's own SUM
 *    formulas, codes, or level words that the table's numbers confirm. On formatting alone they are
 *    at most a warning. A finding whose expected value is an exact multiple (2×, 3×, 5× …) of the
 *    stated total, whose detail rows nest inside each other (codes 5.1.02 and 5.1.02.01 side by
 *    side) or lie below the total (reconciliation rows), says the structure was misread: it is
 *    dropped and listed in one `structure-uncertain` info per table.
 *  - A parent whose own SUM formula names other rows than the inferred children is judged by its
 *    formula (the author's statement of structure), not by the inferred children.
 *  - Computed-column findings (capaian, penyerapan, sisa, efisiensi, factor-100) are dropped for a
 *    column whose meaning is uncertain: header words that name another quantity (bobot,
 *    tertimbang, deviasi, % AKAS, selisih), a stated cell whose own formula reads none of the
 *    engine's inputs (`=J12-G12` in a column read as absorption), or a column where nearly every
 *    value disagrees with the engine. One `column-uncertain` info per column says so.
 *
 * And it adds what the formulas alone prove (no inferred structure needed):
 *  - a SUM whose nested SUMs reach the same row twice (R11 = R12 + R91 + R96 while R12 already
 *    adds R91 and R96) is a double count, with the exact expected value;
 *  - in a row whose amount columns mostly sum the same rows, a column that adds (or leaves out) a
 *    row the others deliberately leave out (or add) is flagged;
 *  - a quarter-sum finding whose quarter cells carry such a double count is not reported (the
 *    annual value is right, the quarters are wrong and flagged at their origin).
 */
import type { Book, Grid } from "../../grid";
import { a1, sheetOf } from "../../grid";
import type { ColumnModel, Finding, HierarchyEvidence, Message, RowModel } from "../../model";
import { parseRefs, sumRanges } from "../../formula";
import { FOOTER_LEVELS, inputValue, makeFinding, TableCtx } from "../context";
import { fmtNum, isErrorCell, readStated } from "../util";

const PARENT_RULES = new Set(["rp-sum-children", "total-sum", "sum-range", "constant-total"]);
const COLUMN_RULES = new Set(["capaian-mismatch", "penyerapan-mismatch", "efisiensi-mismatch", "factor-100"]);
/** Header words of columns that are not the absorption / achievement they sit beside. */
const OTHER_QUANTITY = /\b(bobot|tertimbang|deviasi|akas|selisih|rata-?rata tertimbang)\b/i;

// ---------------------------------------------------------------------------------------------
// Formula structure of a column

interface SumFormula {
  text: string;
  /** Rows added, in order, repeats kept (SUM(K14+K14) adds K14 twice). */
  rows: number[];
  subtotal: boolean;
}

const sumCache = new WeakMap<Grid, Map<number, SumFormula | null>>();

/** The same-column SUM-shaped formula of a cell: the rows it adds (undefined for anything else). */
export function sumFormulaAt(grid: Grid, r: number, c: number): SumFormula | undefined {
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

function amount(grid: Grid, r: number, c: number, col?: ColumnModel): number {
  return readStated(grid, r, c, col).value ?? 0;
}

function amountColumns(ctx: TableCtx): ColumnModel[] {
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
type Flagged = Set<string>;

function auditDoubleCounts(ctx: TableCtx, out: Finding[], flagged: Flagged): void {
  const { grid } = ctx;
  for (const col of amountColumns(ctx)) {
    const c = col.col;
    for (const r of dataRows(ctx)) {
      const top = sumFormulaAt(grid, r, c);
      if (!top) continue;
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
      if (dups.length === 0) continue;
      const extra = dups.reduce((a, d) => a + amount(grid, d.row, c, col), 0);
      if (Math.abs(extra) <= 0.5) continue;
      const stated = readStated(grid, r, c, col).value;
      if (stated === undefined) continue;
      const where = a1(r, c);
      const twice = Array.from(new Set(dups.map((d) => a1(d.row, c))));
      const throughCells = Array.from(new Set(dups.filter((d) => d.through !== d.row).map((d) => d.through)));
      const viaText = throughCells.map((t) => `${a1(t, c)} (${grid.get(t, c)?.f ?? ""})`).join(", ");
      const expected = Math.round((stated - extra) * 100) / 100;
      flagged.add(`${r}:${c}`);
      out.push(
        makeFinding(ctx, {
          rule: "sum-range",
          row: r,
          col: c,
          stated,
          expected,
          how: `${top.text}: ${twice.join(", ")} ${twice.length > 1 ? "are" : "is"} added twice (${fmtNum(extra, "en")})`,
          inputs: twice,
          message: {
            id: `Rumus ${where} (${top.text}) menjumlahkan ${twice.join(", ")} dua kali${viaText ? `: ${viaText} sudah memuatnya` : ""}; tanpa hitungan ganda ${where} = ${fmtNum(expected, "id")}`,
            en: `Formula ${where} (${top.text}) counts ${twice.join(", ")} twice${viaText ? `: ${viaText} already ${throughCells.length > 1 ? "include" : "includes"} ${twice.length > 1 ? "them" : "it"}` : ""}; without the double count ${where} = ${fmtNum(expected, "en")}`,
          },
        }),
      );
    }
  }
}

function auditRowConsensus(ctx: TableCtx, out: Finding[], flagged: Flagged): void {
  const { grid } = ctx;
  const cols = amountColumns(ctx);
  if (cols.length < 3) return;
  for (const r of dataRows(ctx)) {
    const sigs: { col: ColumnModel; rows: Set<number>; f: SumFormula }[] = [];
    for (const col of cols) {
      const f = sumFormulaAt(grid, r, col.col);
      if (f) sigs.push({ col, rows: new Set(f.rows), f });
    }
    if (sigs.length < 3) continue;
    const groups = new Map<string, typeof sigs>();
    for (const s of sigs) {
      const key = [...s.rows].sort((a, b) => a - b).join(",");
      const g = groups.get(key) ?? [];
      g.push(s);
      groups.set(key, g);
    }
    if (groups.size < 2) continue;
    const ranked = [...groups.values()].sort((a, b) => b.length - a.length);
    const major = ranked[0];
    if (major.length < 2 || major.length === ranked[1].length) continue;
    const majorRows = major[0].rows;
    /** Most majority columns hold a non-zero amount at row k. */
    const majorityNonZero = (k: number) => major.filter((m) => amount(grid, k, m.col.col, m.col) !== 0).length * 2 >= major.length;
    for (const g of ranked.slice(1)) {
      for (const s of g) {
        const c = s.col.col;
        const extra = [...s.rows].filter((k) => !majorRows.has(k) && amount(grid, k, c, s.col) !== 0 && majorityNonZero(k));
        const missing = [...majorRows].filter((k) => !s.rows.has(k) && amount(grid, k, c, s.col) !== 0 && majorityNonZero(k));
        if (extra.length === 0 && missing.length === 0) continue;
        const stated = readStated(grid, r, c, s.col).value;
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
        flagged.add(`${r}:${c}`);
        out.push(
          makeFinding(ctx, {
            rule: "sum-range",
            row: r,
            col: c,
            stated,
            expected,
            how: `${s.f.text} ↔ ${others.join(", ")} (${model})`,
            inputs: [...ex, ...mi],
            message: {
              id: `Rumus ${where} (${s.f.text}) ${partsId.join(" dan ")}, berbeda dengan rumus kolom lain pada baris yang sama (${others.join(", ")}: ${model}); seharusnya ${where} = ${fmtNum(expected, "id")}`,
              en: `Formula ${where} (${s.f.text}) ${partsEn.join(" and ")}, unlike the other amount columns of the same row (${others.join(", ")}: ${model}); expected ${where} = ${fmtNum(expected, "en")}`,
            },
          }),
        );
      }
    }
  }
}

/**
 * Kepmendagri codes state the tree on their own (2.17.01.1.06 → 2.17.01.1.06.0007): a SUM on a
 * coded row that leaves out a coded child with an amount, or adds a coded row that is not its
 * descendant (or a descendant of a row it already adds), is wrong whatever the recogniser made of
 * the rows.
 */
function auditCodedSums(ctx: TableCtx, out: Finding[], flagged: Flagged): void {
  const { grid, table } = ctx;
  const coded = table.rows.filter((r) => r.code && !r.account && segments(r.code).length >= 2 && r.level !== "indikator" && !FOOTER_LEVELS.has(r.level));
  if (coded.length < 3) return;
  const count = new Map<string, number>();
  for (const r of coded) {
    const k = segments(r.code!).join(".");
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const byKey = new Map<string, RowModel>();
  for (const r of coded) {
    const k = segments(r.code!).join(".");
    if (count.get(k) === 1) byKey.set(k, r);
  }
  const keyOf = new Map<number, string[]>();
  for (const r of byKey.values()) keyOf.set(r.row, segments(r.code!));
  const isDesc = (r: number, p: number): boolean => {
    const a = keyOf.get(r);
    const b = keyOf.get(p);
    return !!a && !!b && a.length > b.length && b.every((x, i) => x === a[i]);
  };
  const kidsOf = new Map<number, RowModel[]>();
  for (const r of byKey.values()) {
    const s = keyOf.get(r.row)!;
    for (let n = s.length - 1; n >= 1; n--) {
      const p = byKey.get(s.slice(0, n).join("."));
      if (p) {
        const list = kidsOf.get(p.row) ?? [];
        list.push(r);
        kidsOf.set(p.row, list);
        break;
      }
    }
  }
  for (const col of amountColumns(ctx)) {
    const c = col.col;
    for (const [prow, kids] of kidsOf) {
      const f = sumFormulaAt(grid, prow, c);
      if (!f) continue;
      const covered = [...new Set(f.rows)].filter((k) => !grid.isEmpty(k, c));
      const cov = new Set(covered);
      const skipped = kids.filter((k) => !cov.has(k.row) && !covered.some((x) => isDesc(x, k.row)) && amount(grid, k.row, c, col) !== 0);
      const extra = covered.filter(
        (x) => x !== prow && keyOf.has(x) && amount(grid, x, c, col) !== 0 && (!isDesc(x, prow) || covered.some((y) => y !== x && isDesc(x, y))),
      );
      if (skipped.length === 0 && extra.length === 0) continue;
      const stated = readStated(grid, prow, c, col).value;
      if (stated === undefined) continue;
      const delta = skipped.reduce((a, k) => a + amount(grid, k.row, c, col), 0) - extra.reduce((a, x) => a + amount(grid, x, c, col), 0);
      if (Math.abs(delta) <= 0.5) continue;
      const expected = Math.round((stated + delta) * 100) / 100;
      const where = a1(prow, c);
      const sk = skipped.map((k) => a1(k.row, c));
      const ex = extra.map((x) => a1(x, c));
      const partsId: string[] = [];
      const partsEn: string[] = [];
      if (sk.length) {
        partsId.push(`melewatkan ${sk.join(", ")}`);
        partsEn.push(`skips ${sk.join(", ")}`);
      }
      if (ex.length) {
        partsId.push(`ikut menjumlahkan ${ex.join(", ")} yang bukan rincian baris ini`);
        partsEn.push(`also adds ${ex.join(", ")}, which ${ex.length > 1 ? "are" : "is"} not part of this row's detail`);
      }
      flagged.add(`${prow}:${c}`);
      out.push(
        makeFinding(ctx, {
          rule: "sum-range",
          row: prow,
          col: c,
          stated,
          expected,
          how: `${f.text} → ${kids.map((k) => a1(k.row, c)).join("+")} (by code)`,
          inputs: kids.map((k) => a1(k.row, c)),
          message: {
            id: `Rumus ${where} (${f.text}) ${partsId.join(" dan ")} menurut kodenya; seharusnya ${where} = ${fmtNum(expected, "id")}`,
            en: `Formula ${where} (${f.text}) ${partsEn.join(" and ")} by its codes; expected ${where} = ${fmtNum(expected, "en")}`,
          },
        }),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Structure evidence of a parent's children

type Strength = "formula" | "code" | "word" | "weak";

const RANK: Record<Strength, number> = { formula: 3, code: 2, word: 1, weak: 0 };

function segments(code: string): string[] {
  return code
    .split(/[.\s]+/)
    .filter((p) => p !== "")
    .map((p) => (/^\d+$/.test(p) ? String(Number(p)) : p.toUpperCase()));
}

function extendsCode(child: string, parent: string): boolean {
  const c = segments(child);
  const p = segments(parent);
  return c.length > p.length && p.every((s, i) => s === c[i]);
}

function fromHierarchy(h: HierarchyEvidence): Strength {
  if (h === "formula") return "formula";
  if (h === "code") return "code";
  if (h === "word") return "word";
  return "weak";
}

/** How one child's link to its parent was established. */
function linkOf(parent: RowModel, kid: RowModel): Strength {
  const h: Strength = kid.hierarchy ? fromHierarchy(kid.hierarchy) : "weak";
  if (parent.code && kid.code && extendsCode(kid.code, parent.code)) return RANK[h] > RANK.code ? h : "code";
  const ev = kid.evidence;
  // A hand-built model (no recogniser evidence at all) states its structure.
  if (!kid.hierarchy && (!ev || ev.length === 0)) return "code";
  const text = (ev ?? []).join(";");
  let e: Strength = "weak";
  if (/\bcode\b|numbering/.test(text)) e = "code";
  else if (/leading word|footer|column|upper case PROGRAM/.test(text)) e = "word";
  return RANK[e] > RANK[h] ? e : h;
}

/** The weakest link among the children (a sum is only as sure as its least sure row). */
function strengthOf(ctx: TableCtx, row: RowModel, kids: RowModel[], ownFormula = false): Strength {
  if (row.level === "total") {
    // The total word is the evidence of the row; its rows are the top-level rows. Against the
    // total's own SUM formula they are only as sure as the nesting below them (a row wrongly
    // nested under another leaves the top level).
    let s: Strength = row.hierarchy ? fromHierarchy(row.hierarchy) : "word";
    if (RANK[s] > RANK.word) s = "word";
    if (!ownFormula) return s;
    for (const r of ctx.table.rows) {
      if (r.parent === undefined || r.level === "indikator" || FOOTER_LEVELS.has(r.level)) continue;
      const p = ctx.rowByRow.get(r.parent);
      if (!p) continue;
      const l = linkOf(p, r);
      if (RANK[l] < RANK[s]) s = l;
    }
    return s;
  }
  let s: Strength = "formula";
  for (const k of kids) {
    const l = linkOf(row, k);
    if (RANK[l] < RANK[s]) s = l;
  }
  return s;
}

/** Codes of a row, outermost first (RowModel.codePath, else the code). */
function codeOf(r: RowModel): string | undefined {
  if (r.codePath && r.codePath.length) return r.codePath[r.codePath.length - 1];
  return r.code;
}

// ---------------------------------------------------------------------------------------------
// Table-level confirmation by the numbers

interface TableJudge {
  ctx: TableCtx;
  /** Parents whose stated amounts equal the sum of their children, and those that do not. */
  agree: number;
  disagree: number;
  uncertain: { cell: string; why: Message }[];
  columnUncertain: Map<number, { cells: string[]; why: Message }>;
}

function judgeTable(ctx: TableCtx): TableJudge {
  const { grid, table } = ctx;
  let agree = 0;
  let disagree = 0;
  const cols = amountColumns(ctx).filter((c) => c.role !== "sisa_anggaran");
  for (const row of table.rows) {
    if (row.level === "indikator" || row.level === "rata-rata" || row.level === "predikat") continue;
    const kids = ctx.childrenOf(row).filter((k) => row.level !== "total" || k.row < row.row);
    if (kids.length === 0) continue;
    for (const col of cols) {
      const st = readStated(grid, row.row, col.col, col).value;
      if (st === undefined) continue;
      let sum = 0;
      let any = false;
      for (const k of kids) {
        const v = readStated(grid, k.row, col.col, col).value;
        if (v !== undefined) {
          sum += v;
          any = true;
        }
      }
      if (!any) continue;
      if (Math.abs(st - sum) <= 0.5 + 1e-9 * Math.abs(st)) agree++;
      else disagree++;
    }
  }
  return { ctx, agree, disagree, uncertain: [], columnUncertain: new Map() };
}

function confirmed(j: TableJudge): boolean {
  return j.agree >= 2 && j.agree >= j.disagree;
}

// ---------------------------------------------------------------------------------------------
// Misread structure

function exactMultiple(stated: number, expected: number): number | undefined {
  if (!Number.isFinite(stated) || !Number.isFinite(expected) || Math.abs(stated) < 1) return undefined;
  const k = Math.round(expected / stated);
  if (k < 2 || k > 20) return undefined;
  return Math.abs(expected - k * stated) <= 0.5 * k + 1e-9 * Math.abs(expected) ? k : undefined;
}

/** Children that nest inside each other by code (5.1.02 and 5.1.02.01 side by side). */
function nestedKids(kids: RowModel[]): [RowModel, RowModel] | undefined {
  const coded = kids.filter((k) => codeOf(k));
  if (coded.length < 2) return undefined;
  const sorted = coded.map((k) => ({ k, s: segments(codeOf(k)!) })).sort((a, b) => a.s.length - b.s.length);
  const keys = new Map<string, RowModel>();
  for (const { k, s } of sorted) {
    for (let n = 1; n < s.length; n++) {
      const pre = keys.get(s.slice(0, n).join("."));
      if (pre) return [pre, k];
    }
    if (!keys.has(s.join("."))) keys.set(s.join("."), k);
  }
  return undefined;
}

/** A column of percentages: "%" in its header and no value beyond ±1000. */
function percentColumn(ctx: TableCtx, c: number): boolean {
  const col = ctx.colByCol.get(c);
  if (!col) return false;
  if (col.percent) return true;
  if (!/%|persen/i.test(col.header)) return false;
  for (const r of ctx.table.rows) {
    const v = readStated(ctx.grid, r.row, c, col).value;
    if (v !== undefined && Math.abs(v) > 1000) return false;
  }
  return true;
}

/** The expected value is an exact multiple (2×, 3×, 5× …) of the stated one: sub-totals counted with their detail. */
function multipleOf(ctx: TableCtx, f: Finding): Message | undefined {
  const stated = typeof f.stated === "number" ? f.stated : readStated(ctx.grid, f.row, f.col, ctx.colByCol.get(f.col)).value;
  const expected = typeof f.expected === "number" ? f.expected : undefined;
  if (stated === undefined || expected === undefined) return undefined;
  const k = exactMultiple(stated, expected);
  if (k === undefined) return undefined;
  return {
    id: `${f.cell}: jumlah rincian yang terbaca (${fmtNum(expected, "id")}) tepat ${k}× nilai tertulis; subtotal dan rinciannya tampaknya terhitung bersama, jadi struktur baris belum pasti`,
    en: `${f.cell}: the rows read as its detail add up to exactly ${k}× the stated value (${fmtNum(expected, "en")}); sub-totals and their detail seem to be counted together, so the row structure is uncertain`,
  };
}

function misread(ctx: TableCtx, row: RowModel, kids: RowModel[], f: Finding): Message | undefined {
  const nest = nestedKids(kids);
  if (nest) {
    return {
      id: `${f.cell}: baris rinciannya saling bertingkat (kode ${codeOf(nest[0])} dan ${codeOf(nest[1])}), bukan setingkat`,
      en: `${f.cell}: the rows read as its detail nest inside each other (codes ${codeOf(nest[0])} and ${codeOf(nest[1])}), they are not siblings`,
    };
  }
  if (row.level === "total") {
    // A second total right below the first one (a SUBTOTAL check row, "selisih") is not the table's total.
    const earlier = ctx.table.rows.filter((r) => r.level === "total" && r.row < row.row);
    const dataBetween = earlier.length > 0 && ctx.table.rows.some((r) => !FOOTER_LEVELS.has(r.level) && r.row > earlier[earlier.length - 1].row && r.row < row.row);
    if (earlier.length > 0 && !dataBetween) {
      return {
        id: `${f.cell}: baris di bawah total ${a1(earlier[earlier.length - 1].row, f.col)} adalah baris periksa, bukan total tabel`,
        en: `${f.cell}: a row below the total ${a1(earlier[earlier.length - 1].row, f.col)} is a check row, not the table's total`,
      };
    }
  }
  const cellF = ctx.grid.get(f.row, f.col)?.f;
  if (cellF && !sumFormulaAt(ctx.grid, f.row, f.col) && /[/*]/.test(cellF.replace(/"[^"]*"/g, ""))) {
    return {
      id: `${f.cell}: sel ini rasio/perkalian kolom lain (${cellF}), bukan jumlah barisnya`,
      en: `${f.cell}: the cell is a ratio or product of other columns (${cellF}), not a sum of rows`,
    };
  }
  if (percentColumn(ctx, f.col)) {
    return {
      id: `${f.cell}: kolom persentase tidak dijumlahkan`,
      en: `${f.cell}: a percentage column is not summed`,
    };
  }
  if (row.level === "total" && kids.some((k) => k.row > row.row) && kids.some((k) => k.row < row.row)) {
    return {
      id: `${f.cell}: baris di bawah total (rekonsiliasi, selisih) bukan rinciannya`,
      en: `${f.cell}: rows below the total (reconciliation, difference rows) are not its detail`,
    };
  }
  if (kids.some((k) => k.account) && kids.some((k) => !k.account)) {
    return {
      id: `${f.cell}: rincian bercampur antara sub kegiatan dan baris rekening`,
      en: `${f.cell}: its detail mixes sub kegiatan and account lines`,
    };
  }
  return undefined;
}

/** The rows a parent's own same-column SUM names, when it has one. */
function formulaRows(ctx: TableCtx, row: RowModel, col: number): Set<number> | undefined {
  const f = sumFormulaAt(ctx.grid, row.row, col);
  return f ? new Set(f.rows) : undefined;
}

type Verdict = { keep: true; severity?: "warning"; note?: Message } | { keep: false; why: Message };

const WEAK_NOTE: Message = {
  id: "struktur baris hanya dari format (tebal, indentasi, huruf besar), belum pasti",
  en: "the row structure comes from formatting only (bold, indent, capitals) and is uncertain",
};
const WORD_NOTE: Message = {
  id: "struktur baris dari kata tingkat (Program, Kegiatan …) tetapi angka tabel tidak menegaskannya",
  en: "the row structure comes from level words (Program, Kegiatan …) that the table's numbers do not confirm",
};

/**
 * A parent whose cell holds a row-wise formula (=M55+AC55, not a SUM of its column) that differs
 * from its children exactly by what its flagged children differ from theirs: the parent is right,
 * the child is wrong and is flagged at its origin.
 */
function consequenceOfChild(ctx: TableCtx, f: Finding, kids: RowModel[], byCell: Map<string, Finding>): string | undefined {
  const cell = ctx.grid.get(f.row, f.col);
  if (!cell?.f || sumFormulaAt(ctx.grid, f.row, f.col)) return undefined;
  if (typeof f.stated !== "number" || typeof f.expected !== "number") return undefined;
  let childDelta = 0;
  const origins: string[] = [];
  for (const k of kids) {
    const kf = byCell.get(`${ctx.grid.sheet}|${a1(k.row, f.col)}`);
    if (!kf || typeof kf.stated !== "number" || typeof kf.expected !== "number") continue;
    childDelta += kf.stated - kf.expected;
    origins.push(kf.cell);
  }
  if (origins.length === 0) return undefined;
  return Math.abs(f.stated - f.expected + childDelta) <= 1 ? origins.join(", ") : undefined;
}

function judgeParent(j: TableJudge, f: Finding, byCell: Map<string, Finding>): Verdict {
  const { ctx } = j;
  const row = ctx.rowByRow.get(f.row);
  if (!row) return { keep: true };
  const kids = ctx.childrenOf(row);
  const bad = misread(ctx, row, kids, f);
  if (bad) return { keep: false, why: bad };
  if (f.rule === "rp-sum-children" || f.rule === "total-sum") {
    const origin = consequenceOfChild(ctx, f, kids, byCell);
    if (origin) {
      return {
        keep: false,
        why: {
          id: `${f.cell} benar menurut rumusnya sendiri; selisihnya berasal dari ${origin} yang sudah dilaporkan`,
          en: `${f.cell} is right by its own formula; the difference comes from ${origin}, reported there`,
        },
      };
    }
  }
  const strength = strengthOf(ctx, row, kids, f.rule !== "constant-total" && sumFormulaAt(ctx.grid, f.row, f.col) !== undefined);
  if (strength === "word" || strength === "weak") {
    const multiple = multipleOf(ctx, f);
    if (multiple) return { keep: false, why: multiple };
  }
  const own = formulaRows(ctx, row, f.col);
  if (own && f.rule !== "constant-total") {
    // The author's own SUM names the rows. It contradicts the inferred children only where those
    // come from codes (a real skip or over-reach) or from words the numbers confirm. Children read
    // from the formulas of the row's other columns: this column's own SUM differs from them, which
    // the row-consensus rule judges (a difference only counts where the other columns hold amounts).
    if (strength === "formula") {
      return {
        keep: false,
        why: {
          id: `${f.cell}: rumusnya sendiri (${ctx.grid.get(f.row, f.col)?.f}) berbeda dengan rumus kolom lain pada baris itu hanya pada baris bernilai nol atau kosong`,
          en: `${f.cell}: its own formula (${ctx.grid.get(f.row, f.col)?.f}) differs from the other columns' formulas of the row only on rows that are zero or empty there`,
        },
      };
    }
    if (strength === "code") return { keep: true };
    if (strength === "word" && confirmed(j)) return { keep: true };
    return {
      keep: false,
      why: {
        id: `${f.cell}: rumusnya sendiri (${ctx.grid.get(f.row, f.col)?.f}) menyebut baris yang dijumlahkan; baris rincian yang terbaca hanya dari ${strength === "word" ? "kata tingkat" : "format"}, jadi rumus yang dipercaya`,
        en: `${f.cell}: its own formula (${ctx.grid.get(f.row, f.col)?.f}) names the rows it adds; the rows read as its detail come only from ${strength === "word" ? "level words" : "formatting"}, so the formula is trusted`,
      },
    };
  }
  if (strength === "formula" || strength === "code") return { keep: true };
  if (strength === "word" && confirmed(j)) return { keep: true };
  if (strength === "word") return { keep: false, why: { id: `${f.cell}: ${WORD_NOTE.id}`, en: `${f.cell}: ${WORD_NOTE.en}` } };
  return { keep: false, why: { id: `${f.cell}: ${WEAK_NOTE.id}`, en: `${f.cell}: ${WEAK_NOTE.en}` } };
}

// ---------------------------------------------------------------------------------------------
// Column meaning

function refKey(ref: string): string {
  return ref.replace(/\$/g, "").toUpperCase();
}

function judgeColumnFinding(j: TableJudge, f: Finding): Message | undefined {
  const { ctx } = j;
  const col = ctx.colByCol.get(f.col);
  if (!col) return undefined;
  if (OTHER_QUANTITY.test(col.header)) {
    return {
      id: `judul kolom "${col.header}" menyebut besaran lain (bobot / tertimbang / deviasi), bukan ${f.rule === "capaian-mismatch" ? "capaian" : "penyerapan"}`,
      en: `the column header "${col.header}" names another quantity (weight / weighted / deviation), not ${f.rule === "capaian-mismatch" ? "achievement" : "absorption"}`,
    };
  }
  const cell = ctx.grid.get(f.row, f.col);
  if (cell?.f && f.inputs && f.inputs.length) {
    const refs = parseRefs(cell.f).filter((r) => r.sheet === undefined || r.sheet === ctx.grid.sheet);
    if (refs.length > 0) {
      const want = new Set(f.inputs.map(refKey));
      const hit = refs.some((r) => {
        for (let rr = r.area.r1; rr <= Math.min(r.area.r2, r.area.r1 + 200); rr++) {
          for (let cc = r.area.c1; cc <= Math.min(r.area.c2, r.area.c1 + 50); cc++) if (want.has(a1(rr, cc))) return true;
        }
        return false;
      });
      if (!hit) {
        return {
          id: `rumus sel itu sendiri (${cell.f}) tidak membaca ${f.inputs.join(", ")}; kolom ini menghitung besaran lain`,
          en: `the cell's own formula (${cell.f}) reads none of ${f.inputs.join(", ")}; the column computes something else`,
        };
      }
    }
  }
  return undefined;
}

/**
 * A capaian read with the negative formula whose stated value is the positive R / T × 100: the
 * polarity was guessed from the indicator's words, so which of the two is wrong is uncertain.
 */
function polarityGuess(ctx: TableCtx, f: Finding): Message | undefined {
  const row = ctx.rowByRow.get(f.row);
  if (!row || row.polarity !== "negative") return undefined;
  if (ctx.opts.polarity && ctx.opts.polarity[`${ctx.table.id}#${f.row}`]) return undefined;
  if (!f.inputs || f.inputs.length !== 2 || typeof f.stated !== "number") return undefined;
  const [R, T] = f.inputs.map((ref) => inputValue(ctx, ref, "stated").value);
  if (R === undefined || T === undefined || T === 0) return undefined;
  const pos = (R / T) * 100;
  const st = readStated(ctx.grid, f.row, f.col, ctx.colByCol.get(f.col));
  const shown = st.percentFormat ? f.stated : f.stated;
  const d = Math.min(st.decimals ?? 2, 2);
  if (Math.abs(roundTo(shown, d) - roundTo(pos, d)) > Math.pow(10, -d) * 1.0001) return undefined;
  return {
    id: "nilai tertulis = R / T × 100; polaritas negatif indikator ini hanya dugaan dari kata-katanya, jadi belum pasti mana yang keliru",
    en: "the stated value is R / T × 100; this indicator's negative polarity is only guessed from its words, so which one is wrong is uncertain",
  };
}

function roundTo(v: number, d: number): number {
  const k = Math.pow(10, d);
  return Math.round(v * k) / k;
}

/** Computed cells of a column the engine could compare (stated, non-empty, not an error). */
function comparedCells(ctx: TableCtx, col: number): number {
  let n = 0;
  for (const cc of ctx.cells) {
    if (cc.col !== col || cc.value === null || typeof cc.value !== "number") continue;
    if (ctx.grid.isEmpty(cc.row, cc.col) || isErrorCell(ctx.grid.get(cc.row, cc.col))) continue;
    n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// The pass

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
      let why = judgeColumnFinding(j, f);
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
    auditCodedSums(ctx, added, flagged);
    auditDoubleCounts(ctx, added, flagged);
    auditRowConsensus(ctx, added, flagged);
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
  void sheetOf;
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

export { FOOTER_LEVELS };
