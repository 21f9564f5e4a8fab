/**
 * Parents from the workbook's own evidence (issue 11): code paths of the Kode columns, the rows a
 * parent's SUM formulas name (with the levels they imply and hidden leftovers left out), the kind
 * of evidence behind links made by the level passes, and the amounts arbitrating links read from
 * formatting alone.
 */
import type { Grid } from "../grid";
import type { ColumnModel, HierarchyEvidence, RowLevel } from "../model";
import { codeParents, structureColumns, sumChildren, type RowIndex } from "./structure";
import { LADDER, childLevel, isFooterLevel } from "./levels";
import { addEvidence, near, type Info } from "./rowInfo";
import { numOf } from "./text";

/** The kind of evidence behind a parent link made by the level / stack pass. */
export function implicitEvidence(i: Info): HierarchyEvidence {
  const e = i.evidence.length === 1 ? i.evidence[0] : i.evidence.join(" ");
  // Plain substring tests (same answers as the word patterns, without a regex scan per row).
  if (e.startsWith("sums") || e.includes("sums (")) return "sum";
  if (e.includes("code ") || e.includes("numbering")) return "code";
  if (
    e.includes("leading word") ||
    e.includes("footer") ||
    e.includes("column") ||
    e.includes("statement") ||
    e.includes("PROGRAM") ||
    e.includes("empty name")
  )
    return "word";
  return "format";
}

/**
 * Code paths: when most rows carry codes in the Kode columns, a row's parent is the row holding
 * the longest prefix of its code (or the previous element of a cumulative code path).
 */
export function applyCodes(infos: Info[]): void {
  let data = 0;
  const coded: Info[] = [];
  for (let k = 0; k < infos.length; k++) {
    const i = infos[k];
    if (isFooterLevel(i.level)) continue;
    data++;
    if (i.rawPath && hasDot(i.rawPath)) coded.push(i);
  }
  if (coded.length < 2 || coded.length < data / 2) return;
  const paths = infos.map((i) => (isFooterLevel(i.level) ? undefined : i.rawPath));
  const parents = codeParents(paths);
  for (let k = 0; k < infos.length; k++) {
    const p = parents[k];
    const i = infos[k];
    if (p === undefined || i.level === "indikator") continue;
    if (i.parentIdx !== p) addEvidence(i, `parent by code path`);
    i.parentIdx = p;
    i.hierarchy = "code";
  }
  // Rows of a coded table without a code parent are top-level (urusan "1", "2").
  for (let ix1 = 0; ix1 < coded.length; ix1++) {
    const i = coded[ix1];
    if (i.hierarchy !== "code" && i.level !== "indikator") i.parentIdx = undefined;
  }
}

function hasDot(path: string[]): boolean {
  for (let k = 0; k < path.length; k++) if (path[k].includes(".")) return true;
  return false;
}

/**
 * The numbers arbitrate a hierarchy read from words, formatting or sums alone: when most parents'
 * amounts disagree with the sum of their children (or equal an exact multiple of it), the reading
 * is wrong, not the workbook: the rows are a flat list, without parent sums.
 */
export function arbitrate(infos: Info[]): void {
  const kids = new Map<number, Info[]>();
  for (let ix2 = 0; ix2 < infos.length; ix2++) {
    const i = infos[ix2];
    if (i.drop || i.parentIdx === undefined || i.level === "indikator" || isFooterLevel(i.level) || i.hierarchy !== "format") continue;
    const l = kids.get(i.parentIdx) ?? [];
    l.push(i);
    kids.set(i.parentIdx, l);
  }
  let agree = 0;
  let disagree = 0;
  let multiple = 0;
  for (const [p, list] of kids) {
    const a = infos[p].amount;
    if (a === undefined || a === 0 || !list.some((c) => c.amount !== undefined)) continue;
    const sum = list.reduce((s, c) => s + (c.amount ?? 0), 0);
    if (near(sum, a)) agree++;
    else {
      disagree++;
      const k = sum / a;
      if (k >= 2 && Math.abs(k - Math.round(k)) < 1e-9) multiple++;
    }
  }
  if (disagree === 0 || (disagree <= agree && multiple === 0) || (disagree < 2 && multiple === 0)) return;
  for (let ix3 = 0; ix3 < infos.length; ix3++) {
    const i = infos[ix3];
    if (i.parentIdx === undefined || i.level === "indikator" || i.hierarchy !== "format") continue;
    i.parentIdx = undefined;
    i.hierarchy = undefined;
    addEvidence(i, `flat list: ${disagree} of ${agree + disagree} parent amounts disagree with their rows`);
  }
}

/**
 * The workbook's SUM formulas decide parents: every row a parent's formula names is its child
 * (the innermost such parent). Levels follow: a named row without explicit level evidence is one
 * level below its parent, a formula root one level above its nearest explicit descendant. Rows
 * hidden and outside every formula of a visible row are left out of the table.
 */
export function applyFormulas(grid: Grid, infos: Info[], idxOf: RowIndex, minority: Map<number, number[]>, columns: ColumnModel[]): void {
  const parentsWithKids = infos.filter((i) => i.formulaChildren && !isFooterLevel(i.level));
  if (parentsWithKids.length === 0) return;
  const namedBy = new Map<number, number>(); // child idx -> parent idx (innermost = nearest above)
  for (const i of parentsWithKids) {
    const pi = idxOf.get(i.row)!;
    for (const r of i.formulaChildren!) {
      const ci = idxOf.get(r);
      if (ci === undefined || isFooterLevel(infos[ci].level)) continue;
      const prev = namedBy.get(ci);
      if (prev === undefined || (pi < ci && (prev > ci || pi > prev))) namedBy.set(ci, pi);
    }
  }
  // Rows only some columns' formulas name ("K40:K44" beside "R42:R44") belong to that parent
  // when no other row's formulas claim them; their link keeps its own evidence (not "formula":
  // most columns' formulas do not name them), and formulaChildren stays the majority reading.
  const minorityOf = new Map<number, number>();
  for (const i of parentsWithKids) {
    const pi = idxOf.get(i.row)!;
    for (const r of minority.get(i.row) ?? []) {
      const ci = idxOf.get(r);
      if (ci !== undefined && !namedBy.has(ci) && !minorityOf.has(ci) && !isFooterLevel(infos[ci].level) && r > i.row) minorityOf.set(ci, pi);
    }
  }
  // Rows hidden and named by no formula of a visible row: left out (the author's leftovers).
  if (parentsWithKids.length >= 2) {
    const visibleNamed = new Set<number>();
    for (const [ci, pi] of namedBy) if (!grid.hiddenRows.has(infos[pi].row)) visibleNamed.add(ci);
    for (const [ci, pi] of minorityOf) if (!grid.hiddenRows.has(infos[pi].row)) visibleNamed.add(ci);
    for (let ix4 = 0; ix4 < infos.length; ix4++) {
      const i = infos[ix4];
      if (isFooterLevel(i.level)) continue;
      for (const r of i.formulaChildren ?? []) {
        const ci = idxOf.get(r);
        if (ci !== undefined && !grid.hiddenRows.has(i.row)) visibleNamed.add(ci);
      }
    }
    for (let k = 0; k < infos.length; k++) {
      const i = infos[k];
      if (grid.hiddenRows.has(i.row) && !visibleNamed.has(k) && !isFooterLevel(i.level)) {
        i.drop = true;
        addEvidence(i, "hidden and outside every SUM formula: left out");
      }
    }
  }
  for (const [ci, pi] of namedBy) {
    const c = infos[ci];
    if (c.drop || infos[pi].drop || pi === ci) continue;
    if (c.parentIdx !== pi) addEvidence(c, "parent by SUM formula");
    c.parentIdx = pi;
    c.hierarchy = "formula";
  }
  // A minority-named row is a formula child when every column whose formula leaves it out holds
  // nothing (or 0) in it (hidden rows of zeros skipped by some ranges); otherwise the columns
  // disagree about real amounts and the link keeps the row's own evidence.
  const sCols = structureColumns(columns);
  const inTable = idxOf;
  const lo = infos.length ? infos[0].row : 0;
  const hi = infos.length ? infos[infos.length - 1].row : 0;
  for (const [ci, pi] of minorityOf) {
    const c = infos[ci];
    const p = infos[pi];
    if (c.drop || p.drop) continue;
    const omittedWithValue = sCols.some((col) => {
      const kids = sumChildren(grid, p.row, col, inTable, lo, hi);
      if (!kids || kids.includes(c.row)) return false;
      const v = numOf(grid.value(c.row, col));
      return v !== undefined && v !== 0;
    });
    addEvidence(c, "parent by the SUM formulas of some columns");
    c.parentIdx = pi;
    if (omittedWithValue) c.hierarchy = c.hierarchy === "formula" || !c.hierarchy ? implicitEvidence(c) : c.hierarchy;
    else {
      c.hierarchy = "formula";
      namedBy.set(ci, pi);
    }
  }
  // A visible row its stack parent's formulas do not name stays that parent's child (a SUM range
  // that stops one row short is the workbook's mistake, reported by the audit).
  // Levels from the formula tree.
  const kidsOf = new Map<number, number[]>();
  for (const [ci, pi] of namedBy) {
    if (infos[ci].drop) continue;
    const l = kidsOf.get(pi) ?? [];
    l.push(ci);
    kidsOf.set(pi, l);
  }
  const fromBelow = (k: number): RowLevel | undefined => {
    let frontier = kidsOf.get(k) ?? [];
    for (let d = 1; d <= 5 && frontier.length; d++) {
      for (const c of frontier) {
        const l = infos[c].level;
        if (infos[c].explicit && l && LADDER.includes(l)) return LADDER[Math.max(0, LADDER.indexOf(l) - d)];
      }
      frontier = frontier.flatMap((c) => kidsOf.get(c) ?? []);
    }
    return undefined;
  };
  for (let k = 0; k < infos.length; k++) {
    const i = infos[k];
    if (i.explicit || i.drop || isFooterLevel(i.level) || i.level === "indikator") continue;
    let lvl: RowLevel | undefined;
    if (i.hierarchy === "formula" && i.parentIdx !== undefined && infos[i.parentIdx].level) lvl = childLevel(infos[i.parentIdx].level);
    if (kidsOf.has(k)) {
      const below = fromBelow(k);
      if (below && (!lvl || i.hierarchy !== "formula")) lvl = below;
    }
    if (lvl && lvl !== i.level) {
      i.level = lvl;
      addEvidence(i, "level from the SUM formulas");
    }
  }
}
