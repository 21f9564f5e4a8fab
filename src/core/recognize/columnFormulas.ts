/**
 * What a column is, from the formulas its own data cells hold (issue 11, "Columns"): `=C12/$C$93*100`
 * down a column is a weight (bobot, share of the total), `=F12*D12/100` a weighted value
 * (tertimbang), `=J12-G12` between percentages a deviation (deviasi), `=H12/C12*100` a ratio of two
 * known columns. Weights, weighted values, deviations and ratios whose operands are not the
 * columns a computed role needs are left unclassified ("other"): Capaian never computes or writes
 * them. The column-letter and column-number labels ("k = ( j / i ) * 100") are read the same way.
 */
import { colIndex, colLetter, type Grid } from "../grid";
import type { ColumnModel, Role } from "../model";

type Shape =
  | { kind: "share"; of: number }
  | { kind: "product"; a: number; b: number }
  | { kind: "diff"; a: number; b: number }
  | { kind: "ratio"; num: number; den: number };

/** The formula of row r with same-row references written as "X@" and absolute rows kept. */
function relative(f: string, r: number): string {
  return f
    .replace(/^=/, "")
    .replace(/\s+/g, "")
    .toUpperCase()
    .replace(/(\$?)([A-Z]{1,3})(\$?)(\d+)/g, (_m, _d1: string, c: string, d2: string, n: string) => (d2 ? `${c}$${n}` : Number(n) - 1 === r ? `${c}@` : `${c}[${Number(n) - 1 - r}]`));
}

function shapeOf(rel: string): Shape | undefined {
  let m = /^\(?([A-Z]{1,3})@\/\$?[A-Z]{1,3}\$\d+\)?(\*100)?$/.exec(rel);
  if (m) return { kind: "share", of: colIndex(m[1]) };
  m = /^\(?([A-Z]{1,3})@\*([A-Z]{1,3})@\)?(\/100)?$/.exec(rel);
  if (m) return { kind: "product", a: colIndex(m[1]), b: colIndex(m[2]) };
  m = /^([A-Z]{1,3})@-([A-Z]{1,3})@$/.exec(rel);
  if (m) return { kind: "diff", a: colIndex(m[1]), b: colIndex(m[2]) };
  m = /^(?:IF\([A-Z]{1,3}@[=>]0,(?:0|[A-Z]{1,3}@),)?\(?([A-Z]{1,3})@\/([A-Z]{1,3})@\)?(?:\*100)?(?:,[A-Z]{1,3}@)?\)?$/.exec(rel);
  if (m) return { kind: "ratio", num: colIndex(m[1]), den: colIndex(m[2]) };
  return undefined;
}

/** The shape most of a column's formula cells share (at least 60% of them, at least two). */
function columnShape(grid: Grid, col: number, rows: number[]): Shape | undefined {
  const counts = new Map<string, { s: Shape; n: number }>();
  let formulas = 0;
  for (const r of rows) {
    const f = grid.get(r, col)?.f;
    if (!f) continue;
    // A column's formulas repeat one pattern: a sample of 120 decides.
    if (++formulas > 120) break;
    const s = shapeOf(relative(f, r));
    if (!s) continue;
    const key = JSON.stringify(s);
    const e = counts.get(key);
    if (e) e.n++;
    else counts.set(key, { s, n: 1 });
  }
  let best: { s: Shape; n: number } | undefined;
  for (const e of counts.values()) if (!best || e.n > best.n) best = e;
  if (!best || best.n < 2 || best.n < 0.6 * Math.min(formulas, 120)) return undefined;
  return best.s;
}

/** "k = ( j / i ) * 100" → ratio of the columns labelled j and i. */
function labelShape(label: string, byLabel: Map<string, number>): Shape | undefined {
  const eq = label.indexOf("=");
  if (eq < 0) return undefined;
  const rhs = label.slice(eq + 1).replace(/\s+/g, "").toLowerCase();
  const m = /^\(?\(?([a-z]|\d{1,2})\)?\/\(?([a-z]|\d{1,2})\)?\)?(?:[*x×]100%?)?$/.exec(rhs);
  if (!m) return undefined;
  const num = byLabel.get(m[1]);
  const den = byLabel.get(m[2]);
  if (num === undefined || den === undefined) return undefined;
  return { kind: "ratio", num, den };
}

const RATIO_ROLES: Array<{ role: Role; num: Role[]; den: Role[] }> = [
  { role: "capaian_anggaran", num: ["realisasi_anggaran"], den: ["pagu"] },
  { role: "capaian", num: ["realisasi"], den: ["target"] },
  { role: "capaian_renja", num: ["realisasi_renja"], den: ["target_renja"] },
  { role: "capaian_renstra", num: ["realisasi_renstra"], den: ["target_renstra"] },
];

const UNCOMPUTED = "other";

/**
 * Refine the header's reading of each numeric column with its formulas (and letter/number labels).
 * Returns notes for the table ("column D: weight (share of $C$93)"). `formulaRowsOf`, when given,
 * lists a column's rows (of `rows`, in order) whose cell holds a formula.
 */
export function refineColumnsByFormulas(grid: Grid, columns: ColumnModel[], rows: number[], formulaRowsOf?: (col: number) => number[]): string[] {
  const notes: string[] = [];
  const at = new Map<number, ColumnModel>();
  for (const c of columns) at.set(c.col, c);
  const byLabel = new Map<string, number>();
  for (const c of columns) {
    const l = c.numberLabel?.trim().replace(/^\(/, "");
    const m = l ? /^([a-z]|\d{1,2})\b/i.exec(l) : null;
    if (m) byLabel.set(m[1].toLowerCase(), c.col);
  }
  const derived = new Map<number, "share" | "weighted" | "deviation">();
  const shapes = new Map<number, Shape>();
  for (const c of columns) {
    if (c.role === "no" || c.role === "kode" || c.role === "uraian" || c.role === "indikator" || c.role === "satuan") continue;
    // Rows without a formula in the column play no part: the caller may list only those with one.
    const s = columnShape(grid, c.col, formulaRowsOf ? formulaRowsOf(c.col) : rows) ?? (c.numberLabel ? labelShape(c.numberLabel, byLabel) : undefined);
    if (s) shapes.set(c.col, s);
  }
  const leave = (c: ColumnModel, what: string) => {
    if (c.role !== UNCOMPUTED) notes.push(`column ${colLetter(c.col)} (${c.header}): ${what}, not computed (read as ${c.role} from its header)`);
    c.role = UNCOMPUTED;
    c.percent = true;
    delete c.quarter;
  };
  // Weights first: products and deviations are recognised from them.
  for (const [col, s] of shapes) {
    if (s.kind !== "share") continue;
    derived.set(col, "share");
    leave(at.get(col)!, "a weight (share of a total)");
  }
  const pctLike = (col: number) => derived.has(col) || at.get(col)?.percent === true;
  for (const [col, s] of shapes) {
    if (s.kind === "product" && (derived.get(s.a) === "share" || derived.get(s.b) === "share")) {
      derived.set(col, "weighted");
      leave(at.get(col)!, "a weighted value (× weight)");
    }
  }
  for (const [col, s] of shapes) {
    if (s.kind === "diff" && pctLike(s.a) && pctLike(s.b)) {
      derived.set(col, "deviation");
      leave(at.get(col)!, "a deviation (difference of two percentages)");
    }
  }
  // Ratios: the role follows the operands; a ratio of other columns is not a computed role.
  for (const [col, s] of shapes) {
    if (s.kind !== "ratio") continue;
    const c = at.get(col)!;
    const num = at.get(s.num);
    const den = at.get(s.den);
    if (!num || !den) continue;
    const fit = RATIO_ROLES.find((x) => x.num.includes(num.role) && x.den.includes(den.role) && (num.measure ?? "k") === (den.measure ?? "k"));
    // A column the header already names a ratio role keeps it (its formulas may be the mistake).
    const named = RATIO_ROLES.some((x) => x.role === c.role) && /capaian|kinerja|renja|renstra|anggaran|keuangan|serapan/i.test(c.header);
    if (fit && !named && c.percent) {
      if (c.role !== fit.role) notes.push(`column ${colLetter(col)} (${c.header}): ${colLetter(s.num)} / ${colLetter(s.den)}, read as ${fit.role}`);
      c.role = fit.role;
      c.percent = true;
      if (num.measure) c.measure = num.measure;
    } else if (/^(capaian|realisasi|target|pagu)/.test(c.role) && c.percent && (num.role === UNCOMPUTED || den.role === UNCOMPUTED)) {
      leave(c, `a ratio ${colLetter(s.num)} / ${colLetter(s.den)} of columns that are not realisasi / target`);
    }
  }
  return notes;
}
