/** Build a Grid from rows of values plus merges (A1 ranges), for recognition tests. */
import { Grid, parseAreaA1, type CellData, type Scalar } from "../../src/core/grid";

export type CellInput = Scalar | undefined | (Partial<CellData> & { v: Scalar });

export interface GridSpec {
  /** Row offset (zero-based) where `rows` start; columns start at colOffset. */
  at?: { row: number; col: number };
  rows: CellInput[][];
  merges?: string[];
  hidden?: number[];
}

export function buildGrid(sheet: string, ...specs: GridSpec[]): Grid {
  const g = new Grid(sheet);
  for (const spec of specs) {
    const r0 = spec.at?.row ?? 0;
    const c0 = spec.at?.col ?? 0;
    spec.rows.forEach((row, i) => {
      row.forEach((v, j) => {
        if (v === undefined || v === null || v === "") return;
        if (typeof v === "object") g.set(r0 + i, c0 + j, v as CellData);
        else g.set(r0 + i, c0 + j, { v });
      });
    });
    for (const m of spec.merges ?? []) {
      const a = parseAreaA1(m)!;
      g.addMerge(a);
    }
    for (const h of spec.hidden ?? []) g.hiddenRows.add(h);
  }
  return g;
}

/** Rows from tab-separated lines (the seeds' table format); numbers stay text unless `numbers`. */
export function tsv(text: string, numbers = false): Scalar[][] {
  return text
    .replace(/^\n/, "")
    .split("\n")
    .map((line) =>
      line.split("\t").map((t) => {
        const s = t.trim();
        if (s === "") return null;
        if (numbers && /^-?\d+(\.\d+)?$/.test(s)) return Number(s);
        return s;
      }),
    );
}
