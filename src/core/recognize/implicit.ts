/**
 * Levels and parents of rows without explicit level evidence: a stack pass keyed by the
 * formatting that varies (column indentation, numbering, indent, bold, fill, upper case) below
 * the explicit rows, indicators attached to their node, and, when nothing else exists, the Rp
 * sums themselves (a row equal to the following rows is their parent).
 */
import type { RowLevel } from "../model";
import { childLevel, levelOrder } from "./levels";
import { addEvidence, near, type Info } from "./rowInfo";

// Patterns used per row or per cell, compiled once (a regex literal in a function body builds a
// new RegExp object each time it runs).
const TRAILING_NUMBERING_MARKS = /[.)]+$/;
const DOTTED_NUMBER = /^\d+(\.\d+)*$/;

/** "81.1" after "8.1" is "8.1.1" with a dot lost: repair numbering that breaks the sequence. */
function repairNumbering(infos: Info[]): void {
  let prev: string | undefined;
  for (let ix1 = 0; ix1 < infos.length; ix1++) {
    const i = infos[ix1];
    const n = i.numbering?.trim().replace(TRAILING_NUMBERING_MARKS, "");
    if (!n || !DOTTED_NUMBER.test(n)) continue;
    if (prev) {
      const s = n.split(".");
      const p = prev.split(".");
      const fits = s[0] === p[0] || Number(s[0]) === Number(p[0]) + 1 || s.length === 1;
      const digits = s.join("");
      const pd = p.join("");
      if (!fits && digits.length === pd.length + 1 && digits.startsWith(pd)) {
        const fixed = `${prev}.${digits.slice(pd.length)}`;
        addEvidence(i, `numbering "${n}" read as "${fixed}"`);
        i.numbering = fixed;
        i.numDepth = fixed.split(".").length;
        prev = fixed;
        continue;
      }
    }
    prev = n;
  }
}

export function assignImplicit(infos: Info[], details: (i: Info) => { hasRp: boolean; filledK: number[]; unit?: string }): void {
  repairNumbering(infos);
  const implicit = infos.filter((i) => !i.explicit);
  const varies = (f: (i: Info) => number | undefined) => {
    const s = new Set<number>();
    for (let ix2 = 0; ix2 < implicit.length; ix2++) {
      const i = implicit[ix2];
      const v = f(i);
      if (v !== undefined) s.add(v);
    }
    return s.size > 1;
  };
  const anyRoman = implicit.some((i) => i.roman);
  const numKey = (i: Info) =>
    i.numDepth === undefined ? undefined : i.letter ? 20 : i.roman ? 1 : i.numDepth + (anyRoman ? 1 : 0);
  const numbered = implicit.filter((i) => i.numDepth !== undefined).length;
  // Fill colours ranked by first appearance; no fill ranks last.
  const fillRank = new Map<string, number>();
  for (let ix3 = 0; ix3 < implicit.length; ix3++) {
    const i = implicit[ix3];
    if (i.fill && !fillRank.has(i.fill)) fillRank.set(i.fill, fillRank.size);
  }
  fillRank.set("", fillRank.size);
  let key: ((i: Info) => number) | undefined;
  let why = "";
  if (varies((i) => i.colOffset)) {
    key = (i) => i.colOffset;
    why = "column indentation";
  } else if (numbered >= implicit.length / 2 && varies(numKey)) {
    key = (i) => numKey(i) ?? 99;
    why = "numbering";
  } else if (varies((i) => i.indent)) {
    key = (i) => i.indent;
    why = "indent";
  } else if (varies((i) => (i.bold ? 0 : 1))) {
    key = (i) => (i.bold ? 0 : 1);
    why = "bold";
  } else if (varies((i) => fillRank.get(i.fill ?? ""))) {
    key = (i) => fillRank.get(i.fill ?? "")!;
    why = "fill colour";
  } else if (varies((i) => (i.upper ? 0 : 1))) {
    key = (i) => (i.upper ? 0 : 1);
    why = "upper case";
  }

  // Stack pass: explicit rows by level order, implicit rows by key below their explicit parent.
  // Run twice when a key decides: the first pass learns which level each key value has where its
  // parent is explicit ("PROGRAM …" over UPPER CASE kegiatan), the second gives that level to rows
  // of the same key without a parent.
  const groups = new Map<number, number[]>(); // parent idx (-1 = none) -> implicit rows (sums mode)
  const keyLevel = new Map<number, RowLevel>();
  const keys = key ? [...new Set(implicit.map((i) => key!(i)))].sort((a, b) => a - b) : [];
  const hasProgram = infos.some((x) => x.explicit && x.level === "program");
  const ladder: RowLevel[] = hasProgram ? ["kegiatan", "subkegiatan", "subkegiatan"] : ["program", "kegiatan", "subkegiatan"];
  const pass = (learn: boolean) => {
    // The stack of open nodes as parallel lists (no object per row): row index, level order, and
    // formatting key (NaN for explicit rows: never >= a key); `top` is its height.
    const stackIdx: number[] = [];
    const stackOrder: number[] = [];
    const stackKey: number[] = [];
    let top = 0;
    let lastNode: number | undefined;
    for (let k = 0; k < infos.length; k++) {
      const i = infos[k];
      if (i.level === "total" || i.level === "rata-rata" || i.level === "predikat") {
        top = 0;
        continue;
      }
      if (i.level === "indikator" && i.explicit) {
        if (lastNode !== undefined) {
          // An indicator without budget under a budgeted node belongs to the nearest node without
          // budget above it (the sasaran whose outcome indicator it is).
          let p: number | undefined = lastNode;
          if (!details(i).hasRp && details(infos[p]).hasRp) {
            let q: number | undefined = infos[p].parentIdx;
            while (q !== undefined && details(infos[q]).hasRp) q = infos[q].parentIdx;
            if (q !== undefined && similarity(details(i), details(infos[q])) > similarity(details(i), details(infos[p]))) {
              p = q;
              if (!learn) addEvidence(i, "indicator without budget: attached to the node without budget above");
            }
          }
          i.parentIdx = p;
        }
        continue;
      }
      if (i.explicit) {
        const order = levelOrder(i.level);
        while (top > 0 && stackOrder[top - 1] >= order) top--;
        i.parentIdx = top > 0 ? stackIdx[top - 1] : undefined;
        stackIdx[top] = k;
        stackOrder[top] = order;
        stackKey[top] = NaN;
        top++;
        lastNode = k;
        continue;
      }
      if (key) {
        const kk = key(i);
        while (top > 0 && stackKey[top - 1] >= kk) top--;
        const parent = top > 0 ? stackIdx[top - 1] : undefined;
        i.parentIdx = parent;
        let lvl: RowLevel;
        if (parent !== undefined) lvl = childLevel(infos[parent].level);
        else lvl = keyLevel.get(kk) ?? ladder[Math.min(keys.indexOf(kk), ladder.length - 1)];
        if (learn && parent !== undefined && infos[parent].explicit && !keyLevel.has(kk)) keyLevel.set(kk, lvl);
        i.level = lvl;
        if (!learn) addEvidence(i, why);
        stackIdx[top] = k;
        stackOrder[top] = levelOrder(lvl) + 0.5;
        stackKey[top] = kk;
        top++;
        lastNode = k;
      } else {
        const p = top > 0 ? stackIdx[top - 1] : -1;
        i.parentIdx = top > 0 ? stackIdx[top - 1] : undefined;
        if (!learn) {
          let g = groups.get(p);
          if (!g) groups.set(p, (g = []));
          g.push(k);
        }
        lastNode = k;
      }
    }
  };
  if (key) pass(true);
  pass(false);
  // Sums mode: split each group into nodes and their children.
  for (const [p, members] of groups) {
    // Groups are contiguous runs under p; split runs broken by explicit rows.
    const runs: number[][] = [];
    let cur: number[] = [];
    for (const m of members) {
      if (cur.length && !contiguous(infos, cur[cur.length - 1], m)) {
        runs.push(cur);
        cur = [];
      }
      cur.push(m);
    }
    if (cur.length) runs.push(cur);
    for (const run of runs) {
      const parent = p >= 0 ? infos[p] : undefined;
      partition(infos, run, parent?.amount, p >= 0 ? p : undefined, parent?.level);
    }
  }
}

/** How alike two rows are filled (K columns with a value, and the unit). */
function similarity(a: { filledK: number[]; unit?: string }, b: { filledK: number[]; unit?: string }): number {
  let inter = 0;
  for (const c of a.filledK) if (b.filledK.includes(c)) inter++;
  const union = a.filledK.length + b.filledK.length - inter;
  let s = union ? inter / union : 0;
  if (a.unit && a.unit === b.unit) s += 0.25;
  return s;
}

/** No explicit non-indikator row between a and b. */
function contiguous(infos: Info[], a: number, b: number): boolean {
  for (let k = a + 1; k < b; k++) if (infos[k].explicit && infos[k].level !== "indikator") return false;
  return true;
}

function partition(infos: Info[], run: number[], total: number | undefined, parentIdx: number | undefined, parentLevel: RowLevel | undefined): void {
  const level = childLevel(parentLevel);
  const setFlat = () => {
    for (const k of run) {
      infos[k].level = level;
      infos[k].parentIdx = parentIdx;
      addEvidence(infos[k], total !== undefined ? "sums (children of parent)" : "default level");
    }
  };
  const amt = (k: number) => infos[k].amount ?? 0;
  const sumAll = run.reduce((s, k) => s + amt(k), 0);
  if (run.length <= 1 || run.every((k) => infos[k].amount === undefined) || (total !== undefined && near(sumAll, total))) {
    setFlat();
    return;
  }
  // Greedy: a node is followed by rows whose amounts add up to the node's amount (mult 1: its
  // children) or to twice it (mult 2: children and grandchildren, each level summing to it).
  const childrenEnd = (i: number, mult: number): number | undefined => {
    const a0 = infos[run[i]].amount;
    if (a0 === undefined || a0 === 0) return undefined;
    const a = a0 * mult;
    let s = 0;
    for (let j = i + 1; j < run.length && j <= i + 400; j++) {
      s += amt(run[j]);
      if (near(s, a)) return j;
      if (s > a + Math.max(1, Math.abs(a) * 1e-6)) return undefined;
    }
    return undefined;
  };
  const plan = (mult: number) => {
    const nodes: Array<{ i: number; end: number; matched: boolean }> = [];
    let i = 0;
    let matched = 0;
    while (i < run.length) {
      const e = childrenEnd(i, mult);
      if (e !== undefined) {
        nodes.push({ i, end: e, matched: true });
        matched++;
        i = e + 1;
        continue;
      }
      // Unmatched: this row is a node; its children run until the next row that opens a matched node.
      let j = i + 1;
      while (j < run.length && childrenEnd(j, mult) === undefined) j++;
      nodes.push({ i, end: j - 1, matched: false });
      i = j;
    }
    return { nodes, matched };
  };
  const p2 = plan(2);
  const p1 = plan(1);
  const { nodes, matched } = p2.matched === p2.nodes.length && p2.matched > 0 ? p2 : p1;
  const nodeSum = nodes.reduce((s, n) => s + amt(run[n.i]), 0);
  const good = matched > 0 && matched >= nodes.length / 2 && (total === undefined || near(nodeSum, total) || matched === nodes.length);
  if (!good || nodes.every((n) => n.end === n.i)) {
    setFlat();
    return;
  }
  for (const n of nodes) {
    const k = run[n.i];
    infos[k].level = level;
    infos[k].parentIdx = parentIdx;
    addEvidence(infos[k], n.matched ? "sums (amount equals the following rows)" : "sums (node between matched nodes)");
    const kids = run.slice(n.i + 1, n.end + 1);
    if (kids.length) partition(infos, kids, infos[k].amount, k, level);
  }
}
