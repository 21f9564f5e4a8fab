import { computeTable } from "../../src/core/compute";
import { mayBeNumber, planFill } from "../../src/core/plan/fill";
import type { CellWrite, ComputedTable, TableModel, WritePlan } from "../../src/core/model";
import type { FillOptions } from "../../src/core/engine";
import { Grid, colIndex } from "../../src/core/grid";
import { book, col, makeGrid, opts, row, setCells, table } from "./helpers";
import { renjaGrid, renjaTable } from "./renja";
import { numberOf } from "../../src/core/value";

function plan(g: Grid, t: TableModel, fill: FillOptions = {}, extra = {}): WritePlan {
  const o = opts(extra);
  const ct: ComputedTable = computeTable(g, t, o);
  return planFill(book(g), [ct], { ...o, fill });
}

function w(p: WritePlan, ref: string): CellWrite | undefined {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  return p.writes.find((x) => x.row === Number(m[2]) - 1 && x.col === colIndex(m[1]) && x.purpose === "fill");
}

function skipped(p: WritePlan, ref: string) {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  return p.skipped.find((x) => x.row === Number(m[2]) - 1 && x.col === colIndex(m[1]));
}

describe("planFill", () => {
  test("empty computed cells get the formula, the expected value and the number format", () => {
    const p = plan(renjaGrid(), renjaTable());
    expect(w(p, "R9")).toMatchObject({ formula: "=SUM(J9,L9,N9,P9)", expected: 397, purpose: "fill", sheet: "E81" });
    expect(w(p, "T9")).toMatchObject({ formula: "=R9/H9*100", expected: 99.25, numberFormat: "0.00" });
    expect(w(p, "E8")).toMatchObject({ formula: "=E9+E11", expected: 8000, numberFormat: "#,##0" });
    expect(w(p, "T14")).toMatchObject({ expected: "Sangat Tinggi" });
    expect(w(p, "T13")?.formula).toBe("=AVERAGE(T8)");
    expect(p.scale.id).toBe("permendagri86");
    // Writes are in sheet order.
    const order = p.writes.map((x) => x.row * 1000 + x.col);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test("non-empty cells are never overwritten without force; each is listed with a reason", () => {
    const g = renjaGrid();
    setCells(g, { R9: 400, T9: 100, E8: 7000 });
    const p = plan(g, renjaTable());
    expect(w(p, "R9")).toBeUndefined();
    expect(w(p, "T9")).toBeUndefined();
    expect(w(p, "E8")).toBeUndefined();
    expect(skipped(p, "R9")).toMatchObject({ existing: 400 });
    expect(skipped(p, "R9")?.reason.en).toMatch(/not overwritten/);
    expect(skipped(p, "E8")?.reason.en).toMatch(/never overwritten/);
    // Downstream cells follow the stated value the sheet keeps.
    expect(w(p, "V9")).toMatchObject({ formula: "=F9+R9", expected: 900 });
  });

  test("force overwrites computed columns only, keeps the old content, and recomputes downstream", () => {
    const g = renjaGrid();
    setCells(g, { R9: 400, T9: 100, E8: 7000, S9: { v: 750, f: "=SUM(K9,M9,O9,Q9)" } });
    const p = plan(g, renjaTable(), { force: true });
    expect(w(p, "R9")).toMatchObject({ formula: "=SUM(J9,L9,N9,P9)", expected: 397, overwrites: 400 });
    expect(w(p, "T9")).toMatchObject({ formula: "=R9/H9*100", expected: 99.25, overwrites: 100 });
    expect(w(p, "V9")).toMatchObject({ expected: 897 });
    expect(w(p, "E8")).toBeUndefined(); // an input column's stated parent amount
    expect(skipped(p, "E8")?.reason.en).toMatch(/never overwritten/);
    expect(w(p, "S9")).toBeUndefined(); // already the same formula
    expect(skipped(p, "S9")?.reason.en).toMatch(/same formula/);
  });

  test("force leaves a non-computable cell's old content", () => {
    const g = makeGrid("IKU", []);
    setCells(g, { C2: "-", D2: 5, E2: 80 });
    const t = table("IKU", "capaian-indikator", [col("C", "target"), col("D", "realisasi"), col("E", "capaian")], [row(2, "sasaran")]);
    const p = plan(g, t, { force: true });
    expect(w(p, "E2")).toBeUndefined();
    expect(skipped(p, "E2")?.reason.en).toMatch(/cannot be computed/);
  });

  test("values only: no formulas, the value is written", () => {
    const p = plan(renjaGrid(), renjaTable(), { values: true });
    expect(p.writes.some((x) => x.formula)).toBe(false);
    expect(w(p, "R9")).toMatchObject({ value: 397, expected: 397 });
    expect(w(p, "T14")).toMatchObject({ value: "Sangat Tinggi" });
  });

  test("not computable: the cell stays empty with a note when the row has inputs; label rows get nothing", () => {
    const g = makeGrid("IKU", []);
    setCells(g, { B2: "Sasaran 1", B3: "Indikator", C3: "-", D3: 5 });
    const t = table("IKU", "capaian-indikator", [col("B", "indikator"), col("C", "target"), col("D", "realisasi"), col("E", "capaian"), col("F", "kategori")], [row(2, "sasaran"), row(3, "indikator", { parentExcel: 2 })]);
    const p = plan(g, t);
    const e3 = w(p, "E3")!;
    expect(e3.value).toBeUndefined();
    expect(e3.formula).toBeUndefined();
    expect(e3.expected).toBeUndefined();
    expect(e3.note).toBe("Target belum tersedia: C3 berisi '-'\n(Target not available: C3 holds '-')");
    expect(w(p, "E2")).toBeUndefined();
    expect(w(p, "F2")).toBeUndefined();
  });

  test("a roles filter writes only those roles; formulas over unwritten cells fall back to values", () => {
    const p = plan(renjaGrid(), renjaTable(), { roles: ["capaian_renja"] });
    expect(w(p, "R9")).toBeUndefined();
    expect(w(p, "T9")).toMatchObject({ value: 99.25, expected: 99.25 });
    expect(w(p, "T9")?.formula).toBeUndefined();
    expect(p.writes.every((x) => x.col === colIndex("T") || x.col === colIndex("U"))).toBe(true);
  });

  test("added columns: efisiensi and kategori efisiensi beside the table, header in its style, merged like its neighbour", () => {
    const g = makeGrid("KA", [
      ["No", "Indikator", "Kinerja", undefined, undefined, "Anggaran", undefined, undefined],
      [undefined, undefined, "Target", "Realisasi", "% Capaian", "Pagu", "Realisasi", { v: "% Capaian", bold: true, fill: "#DDEBF7" }],
    ]);
    g.set(0, 5, { v: "Anggaran", bold: true, fill: "#DDEBF7" });
    g.addMerge({ r1: 0, c1: 5, r2: 0, c2: 7 });
    g.addMerge({ r1: 0, c1: 0, r2: 1, c2: 0 });
    setCells(g, { B3: "Persentase UMKM", C3: 7, D3: 16.24, F3: 3952453098, G3: 3866199732, B4: "Koperasi aktif", C4: 80, D4: 52.08, F4: 1299326820, G4: 1094132299, J1: "keterangan di luar tabel?" });
    const t = table(
      "KA",
      "kinerja-anggaran",
      [col("A", "no"), col("B", "indikator"), col("C", "target"), col("D", "realisasi"), col("E", "capaian"), col("F", "pagu", "rp"), col("G", "realisasi_anggaran", "rp"), col("H", "capaian_anggaran")],
      [row(3, "sasaran"), row(4, "sasaran")],
      { firstRow: 0, lastRow: 1 },
    );
    const p = plan(g, t, { addColumns: ["efisiensi", "kategori_efisiensi", "kategori"] });
    const headers = p.writes.filter((x) => x.purpose === "header");
    // I is free; J has text inside the table's rows, so the second column goes to K.
    expect(headers.map((x) => [x.col, x.value])).toEqual([
      [colIndex("I"), "Kategori"],
      [colIndex("K"), "Tingkat Efisiensi"],
      [colIndex("L"), "Kategori Efisiensi"],
    ]);
    expect(headers[0]).toMatchObject({ row: 0, style: { bold: true, fill: "#DDEBF7", wrap: true, border: true } });
    expect(headers[0].merge).toEqual({ r1: 0, c1: colIndex("I"), r2: 1, c2: colIndex("I") });
    expect(w(p, "E3")).toMatchObject({ formula: "=D3/C3*100" });
    expect(w(p, "H3")).toMatchObject({ formula: "=G3/F3*100" });
    expect(w(p, "I3")).toMatchObject({ expected: "Sangat Tinggi", style: { border: true } });
    expect(w(p, "K3")).toMatchObject({ formula: "=E3/H3" });
    expect(Number((w(p, "K3")!.expected as number).toFixed(2))).toBe(2.37);
    expect(w(p, "L3")).toMatchObject({ formula: '=IF(K3>=1,"Efisien","Tidak efisien")', expected: "Efisien" });
    expect(Number((w(p, "K4")!.expected as number).toFixed(2))).toBe(0.77);
    expect(w(p, "L4")?.expected).toBe("Tidak efisien");
  });

  test("an added column is not added when the table cannot feed it", () => {
    const g = makeGrid("R", []);
    setCells(g, { C2: 100, D2: 90 });
    const t = table("R", "realisasi-anggaran", [col("B", "uraian"), col("C", "pagu", "rp"), col("D", "realisasi_anggaran", "rp"), col("E", "capaian_anggaran")], [row(2, "program")]);
    const p = plan(g, t, { addColumns: ["efisiensi", "kategori"] });
    expect(p.writes.filter((x) => x.purpose === "header")).toHaveLength(0);
    expect(w(p, "E2")).toMatchObject({ formula: "=D2/C2*100", expected: 90 });
  });

  test("a number row gets the next column number for an added column", () => {
    const g = makeGrid("IKU", [["No", "Indikator", "Target", "Realisasi", "Capaian"], [1, 2, 3, 4, 5]]);
    setCells(g, { C3: 10, D3: 9 });
    const t = table("IKU", "capaian-indikator", [col("A", "no"), col("B", "indikator"), col("C", "target"), col("D", "realisasi"), col("E", "capaian")], [row(3, "sasaran")], { firstRow: 0, lastRow: 1, numberRow: 1 });
    const p = plan(g, t, { addColumns: ["kategori"] });
    const headers = p.writes.filter((x) => x.purpose === "header");
    expect(headers.map((x) => [x.row, x.col, x.value])).toEqual([
      [0, 5, "Kategori"],
      [1, 5, 6],
    ]);
    expect(headers[0].merge).toBeUndefined();
    expect(w(p, "F3")).toMatchObject({ expected: "Tinggi" }); // 90
  });

  test("cells inside a merged area (not its top-left) are left alone", () => {
    const g = renjaGrid();
    g.addMerge({ r1: 13, c1: colIndex("T"), r2: 13, c2: colIndex("U") });
    const p = plan(g, renjaTable());
    expect(w(p, "T14")).toBeDefined();
    expect(w(p, "U14")).toBeUndefined();
  });

  test("mayBeNumber (the fill's shortcut past texts that cannot be numbers) never rules out a text numberOf reads", () => {
    const tails = ["", "1", "12", "1.000", "12,5", "0,00", "p 1.000", "p. 51.000.000,-", "DR 5", " 1", "1 %", "%", "-"];
    for (let code = 0; code < 0x3000; code++) {
      const ch = String.fromCharCode(code);
      for (const tail of tails) {
        const s = ch + tail;
        if (numberOf(s) !== undefined) expect([s, mayBeNumber(s)]).toEqual([s, true]);
      }
    }
    expect(mayBeNumber("Program Penunjang")).toBe(false);
    expect(mayBeNumber("12,5")).toBe(true);
  });
});
