/**
 * The precision review's judgement of parent / total sums (rp-sum-children, total-sum, sum-range,
 * constant-total): how strongly a parent's children are established (the workbook's own SUM
 * formulas, codes, level words the table's numbers confirm, or formatting only), whether the
 * structure was misread (an exact multiple, children nesting by code, a check row below the
 * total, a ratio cell, a percentage column, mixed account lines), and whether a parent right by
 * its own row formula only carries its flagged children's difference. See ../README.md,
 * "Precision".
 */
import { a1 } from "../../grid";
import type { Finding, HierarchyEvidence, Message, RowModel } from "../../model";
import { FOOTER_LEVELS, TableCtx } from "../context";
import { fmtNum, statedValue } from "../util";
import { amountColumns, segments, sumFormulaAt } from "./formulaSums";

// ---------------------------------------------------------------------------------------------
// Structure evidence of a parent's children

type Strength = "formula" | "code" | "word" | "weak";

const RANK: Record<Strength, number> = { formula: 3, code: 2, word: 1, weak: 0 };

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
  // The recogniser's formula or code link is at least as strong as anything read below (codes
  // that extend the parent's give "code", the evidence words at most "code"): no code comparison.
  if (RANK[h] >= RANK.code) return h;
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

const weakest = new WeakMap<TableCtx, { link?: Strength }>();

/** The weakest link of the table's nesting (undefined without nested rows); made once per table. */
function weakestLink(ctx: TableCtx): Strength | undefined {
  let w = weakest.get(ctx);
  if (!w) {
    let s: Strength | undefined;
    for (const r of ctx.table.rows) {
      if (r.parent === undefined || r.level === "indikator" || FOOTER_LEVELS.has(r.level)) continue;
      const p = ctx.rowAt(r.parent);
      if (!p) continue;
      const l = linkOf(p, r);
      if (s === undefined || RANK[l] < RANK[s]) s = l;
    }
    weakest.set(ctx, (w = { link: s }));
  }
  return w.link;
}

/** The weakest link among the children (a sum is only as sure as its least sure row). */
function strengthOf(ctx: TableCtx, row: RowModel, kids: readonly RowModel[], ownFormula = false): Strength {
  if (row.level === "total") {
    // The total word is the evidence of the row; its rows are the top-level rows. Against the
    // total's own SUM formula they are only as sure as the nesting below them (a row wrongly
    // nested under another leaves the top level).
    let s: Strength = row.hierarchy ? fromHierarchy(row.hierarchy) : "word";
    if (RANK[s] > RANK.word) s = "word";
    if (!ownFormula) return s;
    const l = weakestLink(ctx);
    return l !== undefined && RANK[l] < RANK[s] ? l : s;
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

export interface TableJudge {
  ctx: TableCtx;
  /** Parents whose stated amounts equal the sum of their children, and those that do not. */
  agree: number;
  disagree: number;
  uncertain: { cell: string; why: Message }[];
  columnUncertain: Map<number, { cells: string[]; why: Message }>;
}

export function judgeTable(ctx: TableCtx): TableJudge {
  const { grid, table } = ctx;
  let agree = 0;
  let disagree = 0;
  const cols = amountColumns(ctx).filter((c) => c.role !== "sisa_anggaran");
  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.level === "indikator" || row.level === "rata-rata" || row.level === "predikat") continue;
    const kids = row.level === "total" ? rowsAbove(ctx.childrenOf(row), row.row) : ctx.childrenOf(row);
    if (kids.length === 0) continue;
    for (let j = 0; j < cols.length; j++) {
      const col = cols[j];
      const st = statedValue(grid, row.row, col.col, col);
      if (st === undefined) continue;
      let sum = 0;
      let any = false;
      for (let k = 0; k < kids.length; k++) {
        const v = statedValue(grid, kids[k].row, col.col, col);
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

/** The rows of `rows` above sheet row r. */
function rowsAbove(rows: readonly RowModel[], r: number): readonly RowModel[] {
  return rows.filter((k) => k.row < r);
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
function nestedKids(kids: readonly RowModel[]): [RowModel, RowModel] | undefined {
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

const percentMemo = new WeakMap<TableCtx, Map<number, boolean>>();

/** A column of percentages: "%" in its header and no value beyond ±1000 (decided once per column). */
function percentColumn(ctx: TableCtx, c: number): boolean {
  let m = percentMemo.get(ctx);
  if (!m) percentMemo.set(ctx, (m = new Map()));
  let v = m.get(c);
  if (v === undefined) m.set(c, (v = percentColumnOnce(ctx, c)));
  return v;
}

function percentColumnOnce(ctx: TableCtx, c: number): boolean {
  const col = ctx.colByCol.get(c);
  if (!col) return false;
  if (col.percent) return true;
  if (!/%|persen/i.test(col.header)) return false;
  for (const r of ctx.table.rows) {
    const v = statedValue(ctx.grid, r.row, c, col);
    if (v !== undefined && Math.abs(v) > 1000) return false;
  }
  return true;
}

/** The expected value is an exact multiple (2×, 3×, 5× …) of the stated one: sub-totals counted with their detail. */
function multipleOf(ctx: TableCtx, f: Finding): Message | undefined {
  const stated = typeof f.stated === "number" ? f.stated : statedValue(ctx.grid, f.row, f.col, ctx.colByCol.get(f.col));
  const expected = typeof f.expected === "number" ? f.expected : undefined;
  if (stated === undefined || expected === undefined) return undefined;
  const k = exactMultiple(stated, expected);
  if (k === undefined) return undefined;
  return {
    id: `${f.cell}: jumlah rincian yang terbaca (${fmtNum(expected, "id")}) tepat ${k}× nilai tertulis; subtotal dan rinciannya tampaknya terhitung bersama, jadi struktur baris belum pasti`,
    en: `${f.cell}: the rows read as its detail add up to exactly ${k}× the stated value (${fmtNum(expected, "en")}); sub-totals and their detail seem to be counted together, so the row structure is uncertain`,
  };
}

function misread(ctx: TableCtx, row: RowModel, kids: readonly RowModel[], f: Finding): Message | undefined {
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
function consequenceOfChild(ctx: TableCtx, f: Finding, kids: readonly RowModel[], byCell: Map<string, Finding>): string | undefined {
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

export function judgeParent(j: TableJudge, f: Finding, byCell: Map<string, Finding>): Verdict {
  const { ctx } = j;
  const row = ctx.rowAt(f.row);
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
