/**
 * The fill plan's writes of one table while they are planned (a store with typed arrays beside
 * the writes), and "the fill follows the column" (issue 11) with "no writes into label rows",
 * applied to them: see fill.ts's module comment.
 */
import type { Grid } from "../grid";
import type { CellWrite, ComputedCell, Message, TableModel } from "../model";
import { COMPUTED_ROLES } from "../compute";
import { numberOf } from "../value";

/** A note's text: Indonesian, then English in parentheses when it differs. */
export function noteText(m: Message): string {
  return m.id === m.en ? m.id : `${m.id}\n(${m.en})`;
}

export function reason(id: string, en: string): Message {
  return { id, en };
}

/** Per write of a table (a Uint8Array parallel to its writes): what kind of write it is. */
export const W_FORMULA = 1; // writes a formula
export const W_VALUE = 2; // writes a formula or a value (`isValueWrite`)
export const W_FORCED = 4; // overwrites a non-empty cell (the user forced it)

/**
 * The writes of one table while they are planned, with, parallel to `writes`, the index of each
 * write's computed cell in `cells` and its kind (W_*): typed arrays, so the later passes read no
 * property of the writes and keep no second array of objects.
 */
export interface TableWrites {
  writes: CellWrite[];
  source: Int32Array;
  kind: Uint8Array;
  n: number;
  /** The last row and column written into. */
  lastRow: number;
  lastCol: number;
  /** 1 for each column a value write (not forced) goes into: the columns whose formula pattern matters. */
  valueCols: Uint8Array;
}

// ---------------------------------------------------------------------------------------------
// Following the column

/** A cell reference starting exactly at `lastIndex` (sticky: no slicing of the formula). */
const A1_AT = /(\$?)([A-Z]{1,3})(\$?)(\d+)/y;

/**
 * A formula with its cell references made relative to its own cell (R1C1-like): `=J12-G12` in L12
 * and `=J13-G13` in L13 give the same text. String literals are kept as they are.
 */
export function relativeFormula(formula: string, row: number, col: number): string {
  let out = "";
  let i = 0;
  const f = formula;
  while (i < f.length) {
    const ch = f[i];
    if (ch === '"') {
      const j = f.indexOf('"', i + 1);
      const end = j < 0 ? f.length : j + 1;
      out += f.slice(i, end);
      i = end;
      continue;
    }
    A1_AT.lastIndex = i;
    const m = A1_AT.exec(f);
    const prev = i > 0 ? f[i - 1] : "";
    if (m && !/[A-Za-z0-9_.]/.test(prev)) {
      const after = f[i + m[0].length] ?? "";
      if (!/[A-Za-z0-9_(]/.test(after)) {
        let c = 0;
        for (const x of m[2]) c = c * 26 + (x.charCodeAt(0) - 64);
        c -= 1;
        const r = Number(m[4]) - 1;
        const rr = m[3] ? `R${r + 1}` : `R[${r - row}]`;
        const cc = m[1] ? `C${c + 1}` : `C[${c - col}]`;
        out += rr + cc;
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out.toUpperCase();
}

/** The formula pattern most rows of a column hold: its relative form and an example. */
interface ColumnPattern {
  pattern: string;
  example: string;
  at: number;
}

/** Count of one relative formula in a column, with its first cell. */
interface PatternCount {
  n: number;
  example: string;
  at: number;
}

/**
 * The formula pattern of each column marked in `want` up to `lastCol` (null where most rows hold no one formula),
 * read in one pass over the table's rows (row by row: the grid stores rows).
 */
function columnPatterns(grid: Grid, table: TableModel, want: Uint8Array, lastCol: number): (ColumnPattern | null)[] {
  const cols: number[] = [];
  for (let c = 0; c <= lastCol; c++) if (want[c]) cols.push(c);
  /** Per column of `cols`: its relative formulas counted (insertion order: by row), and how many formulas. */
  const counts = cols.map(() => new Map<string, PatternCount>());
  const totals = cols.map(() => 0);
  for (let r = table.header.lastRow + 1; r <= table.area.r2; r++) {
    for (let j = 0; j < cols.length; j++) {
      const col = cols[j];
      const f = grid.get(r, col)?.f;
      if (!f) continue;
      totals[j]++;
      const rel = relativeFormula(f, r, col);
      const e = counts[j].get(rel);
      if (e) e.n++;
      else counts[j].set(rel, { n: 1, example: f, at: r });
    }
  }
  const out: (ColumnPattern | null)[] = [];
  for (let j = 0; j < cols.length; j++) out[cols[j]] = bestPattern(counts[j], totals[j]);
  return out;
}

/** The pattern most formulas of a column share, when at least 3 and 60 % of them do. */
function bestPattern(counts: Map<string, PatternCount>, total: number): ColumnPattern | null {
  let best: { pattern: string; n: number; example: string; at: number } | undefined;
  for (const [pattern, e] of counts) if (!best || e.n > best.n) best = { pattern, ...e };
  if (!best || best.n < 3 || best.n < 0.6 * total) return null;
  return { pattern: best.pattern, example: best.example, at: best.at };
}

/** Numeric input columns of the table (not computed by Capaian). */
function inputColumns(table: TableModel): number[] {
  return table.columns.filter((c) => !COMPUTED_ROLES.has(c.role) && c.role !== "other" && c.role !== "no" && c.role !== "kode" && c.role !== "uraian" && c.role !== "indikator" && c.role !== "satuan" && c.role !== "tujuan" && c.role !== "sasaran" && c.role !== "formulasi" && c.role !== "keterangan" && c.role !== "penanggung_jawab" && c.role !== "sumber_dana" && c.role !== "sumber_data").map((c) => c.col);
}

/** A row without a single number in the table's input columns: a heading inside the data. */
function labelRow(grid: Grid, cols: number[], r: number): boolean {
  for (const c of cols) {
    const v = grid.value(r, c);
    if (typeof v === "number") return false;
    if (typeof v === "string" && numberOf(v) !== undefined) return false;
  }
  return true;
}

/**
 * Apply "the fill follows the column" and "no writes into label rows" to the table's writes
 * (in place; `source` and `kind` stay parallel to `writes`).
 */
export function followColumns(grid: Grid, table: TableModel, cells: ComputedCell[], tw: TableWrites): void {
  const { writes, source, kind } = tw;
  const inputs = inputColumns(table);
  /** Per column: its formula pattern (null: none), for the columns some value write goes into. */
  const patterns = columnPatterns(grid, table, tw.valueCols, tw.lastCol);
  /** Per sheet row: 0 not decided yet, 1 a label row, 2 not a label row. */
  const labels = new Uint8Array(tw.lastRow + 1);
  // Footer rows (total, rata-rata, predikat) carry no inputs of their own by nature.
  const footer = new Set(table.rows.filter((r) => r.level === "total" || r.level === "rata-rata" || r.level === "predikat").map((r) => r.row));
  /** Writes into label rows, dropped after the loop (one pass, not a splice per write). */
  let dropped = 0;
  const drop = new Uint8Array(tw.n);
  for (let k = tw.n - 1; k >= 0; k--) {
    if (kind[k] & W_FORCED) continue; // the user forced it
    const cell = cells[source[k]];
    const row = cell.row;
    if (labels[row] === 0) labels[row] = inputs.length > 0 && !footer.has(row) && labelRow(grid, inputs, row) ? 1 : 2;
    if (labels[row] === 1) {
      drop[k] = 1;
      dropped++;
      continue;
    }
    if ((kind[k] & W_VALUE) === 0) continue;
    const col = cell.col;
    const p = patterns[col];
    if (!p) continue;
    const engine = cell.formula;
    if (engine && relativeFormula(engine, row, col) === p.pattern) continue;
    const w = writes[k];
    const mine = engine ? ` (${engine})` : "";
    writes[k] = {
      sheet: w.sheet,
      row: w.row,
      col: w.col,
      purpose: "fill",
      note: noteText(
        reason(
          `Tidak diisi: baris lain kolom ini memakai rumus ${p.example} (baris ${p.at + 1}), berbeda dengan rumus Capaian${mine}; makna kolom belum pasti`,
          `Not filled: the other rows of this column hold ${p.example} (row ${p.at + 1}), another formula than Capaian's${mine}; the column's meaning is uncertain`,
        ),
      ),
    };
    kind[k] = 0;
  }
  if (dropped) {
    let n = 0;
    for (let k = 0; k < tw.n; k++) {
      if (drop[k]) continue;
      writes[n] = writes[k];
      source[n] = source[k];
      kind[n] = kind[k];
      n++;
    }
    writes.length = n;
    tw.n = n;
  }
}
