/**
 * scripts/corpus-damage.ts: fill damage between a recalculated original and its filled copy, split
 * into damage from Capaian's own writes (written cells and the formulas depending on them, across
 * sheets too) and damage from the writer (untouched cells that changed anyway).
 */
import { Grid, type Book, type CellData } from "../../src/core/grid";
import type { RecalcResult, RecalcValue } from "../support/libreoffice";
import { dependents, fillDamage, isErrorValue, writtenCells } from "../../scripts/corpus-damage";

function book(sheets: Record<string, Record<string, CellData>>): Book {
  return {
    name: "b.xlsx",
    sheets: Object.entries(sheets).map(([name, cells]) => {
      const g = new Grid(name);
      for (const [ref, cell] of Object.entries(cells)) {
        const m = /^([A-Z])(\d+)$/.exec(ref)!;
        g.set(Number(m[2]) - 1, m[1].charCodeAt(0) - 65, cell);
      }
      return g;
    }),
  };
}

function values(sheets: Record<string, Record<string, RecalcValue>>): RecalcResult {
  return new Map(Object.entries(sheets).map(([s, cells]) => [s, new Map(Object.entries(cells))]));
}

// Original: B2..B4 amounts, B5 = SUM, C5 = B5/2, Ringkasan!A1 = Data!C5, D9 a SUBTOTAL the writer breaks.
const DATA: Record<string, CellData> = {
  A1: { v: "Uraian" },
  B2: { v: 10 },
  B3: { v: 20 },
  B4: { v: 30 },
  B5: { v: 60, f: "=SUM(B2:B4)" },
  C5: { v: 30, f: "=B5/2" },
  D9: { v: 5, f: "=SUBTOTAL(9,D1:D8)" },
  E2: { v: null },
};
const RINGKASAN: Record<string, CellData> = { A1: { v: 30, f: "=Data!C5" }, A2: { v: "x" } };
const orig = book({ Data: DATA, Ringkasan: RINGKASAN });

describe("fill damage", () => {
  it("written cells are those whose stored formula or constant changed", () => {
    const copy = book({ Data: { ...DATA, B3: { v: 25 }, E2: { v: 0.4, f: "=B2/B3" } }, Ringkasan: RINGKASAN });
    const w = writtenCells(orig, copy);
    expect([...(w.get("Data") ?? [])].length).toBe(2);
    expect([...(w.get("Ringkasan") ?? [])].length).toBe(0);
    // B3 → B5 (SUM range) → C5 → Ringkasan!A1 (other sheet); E2 depends on B3 but is written itself
    const t = dependents(copy, w);
    expect(t.get("Data")!.size).toBe(4);
    expect(t.get("Ringkasan")!.size).toBe(1);
  });

  it("attributes changed values and new errors to own writes or to the writer", () => {
    const copy = book({
      Data: {
        A1: { v: "Uraian" },
        B2: { v: 10 },
        B3: { v: 0 }, // Capaian overwrote an amount (a wrong write)
        B4: { v: 30 },
        B5: { v: 60, f: "=SUM(B2:B4)" },
        C5: { v: 30, f: "=B5/2" },
        D9: { v: 5, f: "=SUBTOTAL(9,D1:D8)" },
        E2: { v: null, f: "=B2/B3" }, // a new formula that gives #DIV/0!
      },
      Ringkasan: RINGKASAN,
    });
    const before = values({ Data: { A1: "Uraian", B2: 10, B3: 20, B4: 30, B5: 60, C5: 30, D9: 5 }, Ringkasan: { A1: 30, A2: "x" } });
    const after = values({ Data: { A1: "Uraian", B2: 10, B3: 0, B4: 30, B5: 40, C5: 20, D9: 174, E2: "#DIV/0!" }, Ringkasan: { A1: 20, A2: "x" } });
    const d = fillDamage(before, after, orig, copy, 50);
    expect(d.own).toEqual({ changed: 4, newErrors: 1 }); // B3, B5, C5, Ringkasan!A1; E2
    expect(d.writer).toEqual({ changed: 1, newErrors: 0 }); // D9: the writer's
    expect(d.writtenCells).toBe(2);
    expect(d.examples.find((e) => e.cell === "D9")).toMatchObject({ cause: "writer", before: 5, after: 174, written: false });
    expect(d.examples.find((e) => e.sheet === "Ringkasan")).toMatchObject({ cause: "own", written: false });
    expect(d.examples.find((e) => e.cell === "E2")).toMatchObject({ cause: "own", kind: "new-error", written: true });
  });

  it("no damage when the copy only adds cells and sheets; numbers compared with a tolerance", () => {
    const copy = book({ Data: { ...DATA, F2: { v: 1, f: "=B2/B2" } }, Ringkasan: RINGKASAN, Temuan: { A1: { v: "Temuan" } } });
    const before = values({ Data: { A1: "Uraian", B2: 10, B3: 20, B4: 30, B5: 60, C5: 30, D9: 5 }, Ringkasan: { A1: 30, A2: "x" } });
    const after = values({ Data: { A1: "Uraian", B2: 10, B3: 20, B4: 30, B5: 60.0000000000001, C5: 30, D9: 5, F2: 1 }, Ringkasan: { A1: 30, A2: "x" }, Temuan: { A1: "Temuan" } });
    const d = fillDamage(before, after, orig, copy);
    expect(d.own).toEqual({ changed: 0, newErrors: 0 });
    expect(d.writer).toEqual({ changed: 0, newErrors: 0 });
    expect(d.writtenCells).toBe(1);
  });

  it("a sheet lost by the writer counts every non-empty cell of it", () => {
    const copy = book({ Data: {} });
    const before = values({ Data: {}, Ringkasan: { A1: 30, A2: "x", A3: "" } });
    const after = values({ Data: {} });
    const d = fillDamage(before, after, orig, copy);
    expect(d.missingSheets).toEqual(["Ringkasan"]);
    expect(d.writer.changed).toBe(2);
  });

  it("knows error values", () => {
    for (const e of ["#DIV/0!", "#NAME?", "#REF!", "#VALUE!", "#N/A", "#NUM!", "#NULL!"]) expect(isErrorValue(e)).toBe(true);
    for (const v of ["#1", "DIV/0", 0, null, "#HASHTAG"]) expect(isErrorValue(v as RecalcValue)).toBe(false);
  });
});
