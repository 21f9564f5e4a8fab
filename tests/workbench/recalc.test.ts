/**
 * Recalculation of the stand-in Excel: the dependency index (workbook.ts) must pick exactly the
 * formulas the straightforward algorithm picks — the changed formulas and everything depending on a
 * changed cell, directly or through other formulas — and evaluate them to the same values. The
 * reference below is the original implementation (every formula scanned for every changed cell),
 * kept here as the specification; random workbooks with cross-sheet, whole-column, whole-row and
 * unknown-sheet references, cycles, unsupported functions and cached values are recalculated both
 * ways and must come out identical. Also: a sync recalculates once, however many cells it wrote.
 */
import { MemWorkbook, installFakeOffice, type MemCell, type MemSheet, type InstalledOffice } from "../../src/workbench/fake-excel";
import { evaluateFormula, formulaRefs, type FormulaHost } from "../../src/workbench/fake-excel/formula";
import { a1, colLetter } from "../../src/core/grid";

type Changed = { sheet: string; r: number; c: number }[];

/** The original MemWorkbook.recalculate, verbatim apart from being a function. */
function referenceRecalculate(wb: MemWorkbook, changed?: Changed): void {
  const todo = new Set<MemCell>();
  const formulas: { sheet: MemSheet; r: number; c: number; cell: MemCell }[] = [];
  for (const s of wb.sheets) for (const [r, c, cell] of s.cells()) if (cell.f) formulas.push({ sheet: s, r, c, cell });
  if (!changed) {
    for (const f of formulas) todo.add(f.cell);
  } else {
    const frontier = [...changed];
    const refs = new Map<MemCell, ReturnType<typeof formulaRefs>>();
    for (const f of formulas) {
      refs.set(f.cell, formulaRefs(f.cell.f!));
      if (changed.some((d) => d.sheet === f.sheet.name.toLowerCase() && d.r === f.r && d.c === f.c)) todo.add(f.cell);
    }
    while (frontier.length) {
      const d = frontier.pop()!;
      for (const f of formulas) {
        if (todo.has(f.cell)) continue;
        const home = f.sheet.name.toLowerCase();
        const hit = refs.get(f.cell)!.some(
          (x) => (x.sheet ?? home).toLowerCase() === d.sheet && d.r >= x.r1 && d.r <= x.r2 && d.c >= x.c1 && d.c <= x.c2,
        );
        if (hit) {
          todo.add(f.cell);
          frontier.push({ sheet: home, r: f.r, c: f.c });
        }
      }
    }
  }
  const done = new Set<MemCell>();
  const busy = new Set<MemCell>();
  const sheetOf = (name: string) => wb.sheet(name);
  const compute = (sheet: MemSheet, cell: MemCell): void => {
    if (done.has(cell) || busy.has(cell) || !cell.f) return;
    busy.add(cell);
    const res = evaluateFormula(cell.f, sheet.name, host);
    busy.delete(cell);
    done.add(cell);
    if (res.unsupported !== undefined) {
      cell.calc = "cached";
      cell.unsupported = res.unsupported;
    } else {
      cell.v = res.value;
      cell.error = res.error || undefined;
      cell.calc = "evaluated";
      cell.unsupported = undefined;
    }
  };
  const host: FormulaHost = {
    cell(sheetName, r, c) {
      const s = sheetOf(sheetName);
      const cell = s?.get(r, c);
      if (!s || !cell) return undefined;
      if (cell.f && todo.has(cell) && !done.has(cell)) {
        if (busy.has(cell)) return { v: 0 };
        compute(s, cell);
      }
      return cell;
    },
    sheetName(name) {
      return sheetOf(name)?.name;
    },
    extent(sheetName) {
      const area = sheetOf(sheetName)?.usedArea(true);
      return area ? { rows: area.r2 + 1, cols: area.c2 + 1 } : { rows: 1, cols: 1 };
    },
  };
  for (const f of formulas) if (todo.has(f.cell)) compute(f.sheet, f.cell);
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SHEETS = ["E81", "Ringkasan Capaian", "data"];
const ROWS = 14;
const COLS = 6;

function randomFormula(rand: () => number, home: string): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const cell = () => a1(Math.floor(rand() * ROWS), Math.floor(rand() * COLS));
  const prefix = () => {
    const x = rand();
    if (x < 0.65) return "";
    if (x < 0.75) return "'Ringkasan Capaian'!";
    if (x < 0.82) return "'ringkasan CAPAIAN'!"; // sheet names are case-insensitive
    if (x < 0.9) return home === "data" ? "E81!" : "Data!";
    return "Hilang!"; // a sheet the workbook does not have
  };
  const range = () => {
    const x = rand();
    if (x < 0.15) return `${colLetter(Math.floor(rand() * COLS))}:${colLetter(Math.floor(rand() * COLS))}`;
    if (x < 0.25) return `${1 + Math.floor(rand() * ROWS)}:${1 + Math.floor(rand() * ROWS)}`;
    if (x < 0.3) return `${colLetter(Math.floor(rand() * COLS))}1:${colLetter(Math.floor(rand() * COLS))}4000`; // tall
    if (x < 0.33) return "A2:CA3000"; // tall and wide
    return `${cell()}:${cell()}`;
  };
  const operand = (): string => {
    const x = rand();
    if (x < 0.45) return prefix() + cell();
    if (x < 0.55) return String(Math.round(rand() * 100));
    if (x < 0.7) return `${pick(["SUM", "AVERAGE", "MAX", "COUNT", "COUNTA"])}(${prefix()}${range()})`;
    if (x < 0.78) return `IFERROR(${prefix()}${cell()}/${prefix()}${cell()},0)`;
    if (x < 0.84) return `IF(${prefix()}${cell()}>50,"Tinggi",${prefix()}${cell()})`;
    if (x < 0.9) return `SUMPRODUCT(${cell()}:${cell()})`;
    if (x < 0.95) return `VLOOKUP(${cell()},${range()},2,FALSE)`; // unsupported: keeps the cached value
    return `ROUND(${prefix()}${cell()}*1.5,1)`;
  };
  const n = 1 + Math.floor(rand() * 3);
  const parts = Array.from({ length: n }, operand);
  return "=" + parts.join(pick(["+", "-", "*", "&"]));
}

function randomContent(rand: () => number, cell: MemCell, home: string): void {
  const x = rand();
  cell.f = undefined;
  cell.error = undefined;
  cell.calc = undefined;
  cell.unsupported = undefined;
  if (x < 0.35) cell.v = Math.round(rand() * 200) - 20;
  else if (x < 0.45) cell.v = rand() < 0.5 ? "teks" : "";
  else if (x < 0.5) cell.v = null;
  else {
    cell.f = randomFormula(rand, home);
    // a cached value from "the file" (or none, as for a formula written by the add-in)
    cell.v = rand() < 0.5 ? null : Math.round(rand() * 1000);
  }
}

function randomBook(seed: number): MemWorkbook {
  const rand = rng(seed);
  const wb = new MemWorkbook("random.xlsx");
  for (const name of SHEETS) {
    const s = wb.addSheet(name);
    for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLS; c++) if (rand() < 0.7) randomContent(rand, s.ensure(r, c), name);
    // a far cell: whole-column and long references reach down to it
    if (rand() < 0.4) randomContent(rand, s.ensure(2000 + Math.floor(rand() * 3000), Math.floor(rand() * 80)), name);
  }
  return wb;
}

function clone(wb: MemWorkbook): MemWorkbook {
  const copy = new MemWorkbook(wb.name);
  for (const s of wb.sheets) {
    const t = copy.addSheet(s.name);
    for (const [r, c, cell] of s.cells()) Object.assign(t.ensure(r, c), cell);
  }
  return copy;
}

function state(wb: MemWorkbook): string {
  return JSON.stringify(wb.sheets.map((s) => [s.name, wb.dump(s.name, { evaluation: true })]));
}

/** The same random edits on both books: content changes, deletions, and cells outside the used area. */
function edit(seed: number, books: MemWorkbook[]): Changed {
  const changed: Changed = [];
  const rand = rng(seed);
  const edits = 1 + Math.floor(rand() * 8);
  const rands = books.map(() => rng(seed * 7 + 1));
  for (let i = 0; i < edits; i++) {
    const name = SHEETS[Math.floor(rand() * SHEETS.length)];
    const far = rand() < 0.15;
    const r = far ? 1000 + Math.floor(rand() * 5000) : Math.floor(rand() * (ROWS + 3));
    const c = far ? Math.floor(rand() * 90) : Math.floor(rand() * (COLS + 2));
    const del = rand() < 0.2;
    books.forEach((wb, k) => {
      const s = wb.sheet(name)!;
      if (del) s.delete(r, c);
      else randomContent(rands[k], s.ensure(r, c), name);
    });
    changed.push({ sheet: name.toLowerCase(), r, c });
  }
  if (rand() < 0.2) changed.push({ sheet: "hilang", r: 0, c: 0 }); // a sheet that is not there
  return changed;
}

describe("recalculation through the dependency index equals the reference algorithm", () => {
  test.each(Array.from({ length: 150 }, (_, i) => i + 1))("random workbook %i", (seed) => {
    const mine = randomBook(seed);
    const ref = clone(mine);
    expect(state(mine)).toBe(state(ref));

    // a freshly opened file: only formulas without a cached value (and their dependents)
    mine.calculateMissing();
    const missing: Changed = [];
    for (const s of ref.sheets) for (const [r, c, cell] of s.cells()) if (cell.f && cell.v === null) missing.push({ sheet: s.name.toLowerCase(), r, c });
    if (missing.length) referenceRecalculate(ref, missing);
    expect(state(mine)).toBe(state(ref));

    for (let round = 0; round < 3; round++) {
      const changed = edit(seed * 31 + round, [mine, ref]);
      mine.recalculate(changed);
      referenceRecalculate(ref, changed);
      expect(state(mine)).toBe(state(ref));
    }

    mine.recalculate([]);
    referenceRecalculate(ref, []);
    expect(state(mine)).toBe(state(ref));

    mine.recalculate();
    referenceRecalculate(ref);
    expect(state(mine)).toBe(state(ref));
  });

  test("a chain through whole-column and cross-sheet ranges reaches every dependent", () => {
    const wb = new MemWorkbook("chain.xlsx");
    const a = wb.addSheet("A");
    const b = wb.addSheet("B b");
    a.ensure(0, 0).v = 1;
    a.ensure(0, 1).f = "=SUM(A:A)*2"; // B1 = 2
    b.ensure(5, 2).f = "=A!B1+1"; // 3
    a.ensure(3, 3).f = "=SUM('b B'!1:10)"; // 3
    a.ensure(4, 3).f = "=D4*10"; // 30
    a.ensure(9, 9).f = "=Z1"; // unrelated: keeps its cached value
    a.get(9, 9)!.v = 42;
    b.ensure(19, 0).f = "=COUNT(A!A1:BZ70000)"; // tall and wide (below the 1:10 that A!D4 sums)
    wb.recalculate([{ sheet: "a", r: 0, c: 0 }, { sheet: "a", r: 0, c: 1 }, { sheet: "b b", r: 5, c: 2 }]);
    expect(a.get(4, 3)?.v).toBe(30);
    expect(b.get(19, 0)?.v).toBe(5); // A1, B1, D4, D5 and the cached J10
    a.ensure(60000, 0).v = 10; // far below: the whole-column reference still sees it
    wb.recalculate([{ sheet: "a", r: 60000, c: 0 }]);
    expect([a.get(0, 1)?.v, b.get(5, 2)?.v, a.get(3, 3)?.v, a.get(4, 3)?.v, b.get(19, 0)?.v]).toEqual([22, 23, 23, 230, 6]);
    expect(a.get(9, 9)?.v).toBe(42);
    expect(a.get(9, 9)?.calc).toBeUndefined();
  });
});

describe("recalculation per sync", () => {
  let office: InstalledOffice | undefined;
  afterEach(() => office?.uninstall());

  test("a sync that writes many blocks and loads between them recalculates once; values match a full recalculation", async () => {
    const wb = new MemWorkbook("sync.xlsx");
    const s = wb.addSheet("E81");
    for (let r = 0; r < 300; r++) {
      s.ensure(r, 0).v = r + 1;
      s.ensure(r, 1).v = 2 * (r + 1);
    }
    office = installFakeOffice(wb, { apiVersion: "1.18" });
    const spy = jest.spyOn(wb, "recalculate");
    await office.Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("E81");
      for (let r = 0; r < 300; r++) ws.getRangeByIndexes(r, 2, 1, 2).formulas = [[`=B${r + 1}/A${r + 1}*100`, r === 0 ? "=C1" : `=C${r + 1}+D${r}`]];
      ws.getRange("F1").formulas = [["=SUM(C:C)"]];
      await ctx.sync();
      expect(spy).toHaveBeenCalledTimes(1);
      const d = ws.getRange("C300:D300").load("values");
      const f = ws.getRange("F1").load("values");
      await ctx.sync();
      expect(spy).toHaveBeenCalledTimes(1); // reads alone recalculate nothing
      expect(d.values).toEqual([[200, 60000]]); // D1 = C1, then + 200 per row
      expect(f.values).toEqual([[60000]]);
    });
    spy.mockRestore();
    const after = state(wb);
    wb.recalculate();
    expect(state(wb)).toBe(after);
  });
});
