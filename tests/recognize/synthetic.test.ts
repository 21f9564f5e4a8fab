import { recognizeSheet, recognizeBook } from "../../src/core/recognize";
import { syntheticMatrix, syntheticMatrixWithTruth, SYN_COLUMNS, SYN_HEADER } from "./synthetic";

describe("synthetic E.81 matrix", () => {
  const truth = syntheticMatrixWithTruth(1000);
  const { tables, reason } = recognizeSheet(truth.grid);

  it("finds exactly one renja-evaluasi table", () => {
    expect(reason).toBeUndefined();
    expect(tables).toHaveLength(1);
    expect(tables[0].kind).toBe("renja-evaluasi");
    expect(tables[0].title).toMatch(/^Tabel 3\.1 Evaluasi/);
  });

  it("reads the header band and the number row", () => {
    const t = tables[0];
    expect(t.header).toEqual({ firstRow: SYN_HEADER.firstRow, lastRow: SYN_HEADER.lastRow, numberRow: SYN_HEADER.numberRow });
    expect(t.area).toEqual({ r1: 2, c1: 0, r2: truth.lastRow, c2: 28 });
  });

  it("assigns every column role, measure and quarter", () => {
    const t = tables[0];
    for (const e of SYN_COLUMNS) {
      const c = t.columns.find((x) => x.col === e.col);
      expect({ col: e.col, role: c?.role, measure: c?.measure, quarter: c?.quarter }).toEqual({
        col: e.col,
        role: e.role,
        measure: e.measure,
        quarter: e.quarter,
      });
    }
    expect(t.columns.find((c) => c.col === 19)?.numberLabel).toBe("13 = 9+10+11+12");
    expect(t.labelConflicts).toEqual([]);
  });

  it("reads levels, codes and parents of all 1,000 rows", () => {
    const t = tables[0];
    expect(t.rows).toHaveLength(truth.rows.length);
    const got = t.rows.map((r) => ({ row: r.row, level: r.level, parent: r.parent, code: r.code }));
    const want = truth.rows.map((r) => ({ row: r.row, level: r.level, parent: r.parent, code: r.code }));
    expect(got).toEqual(want);
  });

  it("recognizes a 10,000-row matrix as one table (speed: see npm run bench)", () => {
    const g = syntheticMatrix(10000);
    const res = recognizeBook({ name: "big", sheets: [g] });
    expect(res.tables).toHaveLength(1);
    expect(res.tables[0].rows.length).toBeGreaterThanOrEqual(10000);
  });
});
