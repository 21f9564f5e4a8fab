import { computeTable, computeBook } from "../../src/core/compute";
import { planFill } from "../../src/core/plan/fill";
import type { ComputedCell, ComputedTable, EngineOptions, RowModel, Scale } from "../../src/core/model";
import { SCALE_PRESETS, categorize, customScale } from "../../src/core/scale";
import { colIndex } from "../../src/core/grid";
import { book, col, makeGrid, opts, row, setCells, table } from "./helpers";
import { renjaGrid, renjaNoCapaianTable, renjaRows, renjaTable } from "./renja";

function at(ct: ComputedTable, ref: string): ComputedCell | undefined {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  return ct.cells.find((c) => c.row === Number(m[2]) - 1 && c.col === colIndex(m[1]));
}

function get(ct: ComputedTable, ref: string): ComputedCell {
  const c = at(ct, ref);
  if (!c) throw new Error(`no computed cell at ${ref}`);
  return c;
}

describe("renja-evaluasi: quarters, capaian, renstra, parent sums", () => {
  const ct = computeTable(renjaGrid(), renjaTable(), opts());

  test("flow K sums the quarters; Rp always sums (placeholder quarters ignored)", () => {
    expect(get(ct, "R9")).toMatchObject({ value: 397, formula: "=SUM(J9,L9,N9,P9)", role: "realisasi_renja", measure: "k" });
    expect(get(ct, "S9")).toMatchObject({ value: 750, formula: "=SUM(K9,M9,O9,Q9)" });
    expect(get(ct, "R9").inputs).toEqual(["J9", "L9", "N9", "P9"]);
  });

  test("stock K takes the last reported quarter, as a live formula", () => {
    expect(get(ct, "R8")).toMatchObject({
      value: 89,
      formula: "=IF(ISNUMBER(P8),P8,IF(ISNUMBER(N8),N8,IF(ISNUMBER(L8),L8,J8)))",
    });
    expect(get(ct, "R8").how).toMatch(/last reported quarter TW IV/);
  });

  test("capaian Renja = R / T × 100", () => {
    const c = get(ct, "T9");
    expect(c).toMatchObject({ value: 99.25, formula: "=R9/H9*100", numberFormat: "0.00" });
    expect(c.how).toBe("R / T × 100 = 397 / 400 × 100 = 99.25");
    expect(get(ct, "U9")).toMatchObject({ value: 75, formula: "=S9/I9*100" });
  });

  test("realisasi Renstra: last year's + this year's for flows and Rp, this year's for stocks", () => {
    expect(get(ct, "V9")).toMatchObject({ value: 897, formula: "=F9+R9" });
    expect(get(ct, "V8")).toMatchObject({ value: 89, formula: "=R8" });
    expect(get(ct, "X9")).toMatchObject({ value: 89.7, formula: "=V9/D9*100" });
    expect(get(ct, "X8")).toMatchObject({ value: 89, formula: "=V8/D8*100" });
  });

  test("parent Rp = sum of children (non-contiguous: +, placeholder child: SUM)", () => {
    expect(get(ct, "E8")).toMatchObject({ value: 8000, formula: "=E9+E11", role: "target_renstra" });
    expect(get(ct, "I8")).toMatchObject({ value: 1500, formula: "=I9+I11" });
    expect(get(ct, "O8")).toMatchObject({ value: 100, formula: "=SUM(O9,O11)" });
    expect(get(ct, "S8")).toMatchObject({ value: 1150, formula: "=S9+S11" });
    expect(get(ct, "W8")).toMatchObject({ value: 4150, formula: "=W9+W11" });
    // Parent percentages are ratios of the summed amounts.
    expect(get(ct, "U8").value).toBeCloseTo((1150 / 1500) * 100, 10);
    expect(get(ct, "U8").formula).toBe("=S8/I8*100");
    expect(get(ct, "Y8").value).toBeCloseTo(51.875, 10);
    // K is not summed: the parent's K comes from its own indicator.
    expect(at(ct, "H8")).toBeUndefined();
    expect(at(ct, "D8")).toBeUndefined();
  });

  test("extra indicator rows are not children; their empty Rp gives null", () => {
    expect(get(ct, "R10")).toMatchObject({ value: 4 });
    expect(get(ct, "S10").value).toBeNull();
    expect(get(ct, "U10").value).toBeNull();
    expect(get(ct, "V10")).toMatchObject({ value: 4, formula: "=SUM(F10,R10)" });
    expect(get(ct, "V10").note?.en).toMatch(/No earlier realisation/);
    expect(get(ct, "X10").value).toBeNull();
    expect(get(ct, "X10").note?.id).toMatch(/^Target belum tersedia/);
  });

  test("total row sums the top-level rows, Rp only", () => {
    expect(get(ct, "E12")).toMatchObject({ value: 8000, formula: "=E8" });
    expect(get(ct, "S12")).toMatchObject({ value: 1150, formula: "=S8" });
    expect(get(ct, "U12").formula).toBe("=S12/I12*100");
    expect(at(ct, "R12")).toBeUndefined();
    expect(at(ct, "T12")).toBeUndefined();
  });

  test("rata-rata = AVERAGE of the program-level K capaian; predikat = the scale's label", () => {
    expect(get(ct, "T13")).toMatchObject({ formula: "=AVERAGE(T8)" });
    expect(get(ct, "T13").value).toBeCloseTo((89 / 90) * 100, 10);
    expect(get(ct, "X13")).toMatchObject({ value: 89, formula: "=AVERAGE(X8)" });
    expect(get(ct, "T14").value).toBe("Sangat Tinggi");
    expect(get(ct, "T14").formula).toBe(
      '=IF(T13>=91,"Sangat Tinggi",IF(T13>=76,"Tinggi",IF(T13>=66,"Sedang",IF(T13>=51,"Rendah","Sangat Rendah"))))',
    );
    expect(get(ct, "X14").value).toBe("Tinggi");
    expect(at(ct, "U13")).toBeUndefined(); // Rp mean only where the template states one
  });

  test("rata-rata over leaf rows when the table has no program level", () => {
    const rows = renjaRows().map((r): RowModel => (r.level === "program" ? { ...r, level: "sasaran" } : r));
    const t = computeTable(renjaGrid(), renjaTable(rows), opts());
    // leaves: 9, 10 (extra indicator), 11
    expect(get(t, "T13").formula).toBe("=AVERAGE(T9:T11)");
    expect(get(t, "T13").value).toBeCloseTo((99.25 + 100 + 100) / 3, 10);
  });

  test("every cell of a computed column gets a ComputedCell, stated or empty", () => {
    const g = renjaGrid();
    setCells(g, { T9: 99.25, R9: { v: 397, f: "=SUM(J9,L9,N9,P9)" } });
    const t = computeTable(g, renjaTable(), opts());
    expect(get(t, "T9")).toMatchObject({ value: 99.25, formula: "=R9/H9*100" });
    expect(get(t, "R9").value).toBe(397);
  });

  test("a stated realisasi feeds the capaian (each error flagged once, at its origin)", () => {
    const g = renjaGrid();
    setCells(g, { R9: 400 });
    const t = computeTable(g, renjaTable(), opts());
    expect(get(t, "R9").value).toBe(397); // what the quarters say
    expect(get(t, "T9").value).toBe(100); // from the stated 400
  });

  test("computeBook computes every table of the book", () => {
    const out = computeBook(book(renjaGrid()), [renjaTable()], opts());
    expect(out).toHaveLength(1);
    expect(out[0].cells.length).toBeGreaterThan(50);
  });
});

describe("rata-rata of a Renja matrix without a capaian Renja column (seed 001)", () => {
  // Capaian Renja K of the averaged rows: R8 89 (stock) / H8 90, R9 397 / H9 400, R10 4 / H10 4, R11 12 / H11 12.
  const mean = ((89 / 90) * 100 + 99.25 + 100 + 100) / 4;
  const formula = "=(R8/H8*100+R9/H9*100+R10/H10*100+R11/H11*100)/4";

  test("in the cell where the template states it, as one plain formula; predikat labels it", () => {
    const g = renjaGrid();
    setCells(g, { H13: { v: 99.6, fmt: "0.00" }, I13: "%" });
    const t = computeTable(g, renjaNoCapaianTable(), opts());
    const c = get(t, "H13");
    expect(c).toMatchObject({ role: "capaian_renja", measure: "k", formula, numberFormat: "0.00" });
    expect(c.value).toBeCloseTo(mean, 10);
    expect(c.inputs).toEqual(["R8", "H8", "R9", "H9", "R10", "H10", "R11", "H11"]);
    expect(c.how).toMatch(/^mean of 4 capaian Renja K \(realisasi Renja K \/ target Renja K × 100\)/);
    // The predikat reads the cell as the sheet holds it (the stated 99.6).
    expect(get(t, "H14")).toMatchObject({
      role: "capaian_renja",
      value: "Sangat Tinggi",
      formula: '=IF(H13>=91,"Sangat Tinggi",IF(H13>=76,"Tinggi",IF(H13>=66,"Sedang",IF(H13>=51,"Rendah","Sangat Rendah"))))',
    });
    // The renstra capaian keeps its own mean.
    expect(get(t, "X13").formula).toBe("=AVERAGE(X8:X11)");
  });

  test("nothing stated: the first K column of the row not covered by the footer's merged label", () => {
    const free = computeTable(renjaGrid(), renjaNoCapaianTable(), opts());
    expect(get(free, "D13")).toMatchObject({ formula });
    expect(get(free, "D14").formula).toMatch(/^=IF\(D13>=91,/);
    const merged = renjaGrid();
    merged.addMerge({ r1: 12, c1: 1, r2: 12, c2: 6 }); // B13:G13
    const t = computeTable(merged, renjaNoCapaianTable(), opts());
    expect(at(t, "D13")).toBeUndefined();
    expect(get(t, "H13")).toMatchObject({ formula });
    expect(get(t, "H13").value).toBeCloseTo(mean, 10);
  });

  test("rows without a capaian are left out (with a note); a text number gives the value, not a formula", () => {
    const g = renjaGrid();
    setCells(g, { H13: 99.6, H11: "-" });
    const t = computeTable(g, renjaNoCapaianTable(), opts());
    expect(get(t, "H13").formula).toBe("=(R8/H8*100+R9/H9*100+R10/H10*100)/3");
    expect(get(t, "H13").note?.en).toMatch(/1 rows without a capaian are left out/);
    const g2 = renjaGrid();
    setCells(g2, { H13: 99.6, R9: "397" });
    const t2 = computeTable(g2, renjaNoCapaianTable(), opts());
    expect(get(t2, "H13").formula).toBeUndefined();
    expect(get(t2, "H13").value).toBeCloseTo(mean, 10);
    expect(get(t2, "H13").note?.en).toMatch(/R9 holds the text '397'/);
  });

  test("negative rows use the negative formula; a percent-formatted stated cell gets a fraction", () => {
    const tbl = renjaNoCapaianTable();
    tbl.rows[1] = { ...tbl.rows[1], polarity: "negative" };
    const g = renjaGrid();
    setCells(g, { H13: { v: 0.99, fmt: "0.00%" } });
    const t = computeTable(g, tbl, opts());
    const c = get(t, "H13");
    expect(c.formula).toBe("=(R8/H8+(H9-(R9-H9))/H9+R10/H10+R11/H11)/4");
    expect(c.value).toBeCloseTo((89 / 90 + (400 - (397 - 400)) / 400 + 1 + 1) / 4, 10);
    expect(c.numberFormat).toBe("0.00%");
    expect(get(t, "H14").formula).toMatch(/^=IF\(H13\*100>=91,/);
  });

  test("a forced fill overwrites the stated mean, and the predikat follows the engine's mean", () => {
    const g = renjaGrid();
    setCells(g, { H13: 50 });
    expect(get(computeTable(g, renjaNoCapaianTable(), opts()), "H14").value).toBe("Sangat Rendah");
    const forced = computeTable(g, renjaNoCapaianTable(), { ...opts(), overwrite: () => true });
    expect(get(forced, "H14").value).toBe("Sangat Tinggi");
    const plan = planFill(book(g), [forced], { ...opts(), fill: { force: true } });
    expect(plan.writes.find((w) => w.row === 12 && w.col === 7)).toMatchObject({ formula, overwrites: 50 });
  });

  test("a table with a capaian Renja column keeps its AVERAGE there and nothing else", () => {
    const g = renjaGrid();
    setCells(g, { H13: 99.6 });
    const t = computeTable(g, renjaTable(), opts());
    expect(at(t, "H13")).toBeUndefined();
    expect(get(t, "T13").formula).toBe("=AVERAGE(T8)");
  });
});

describe("aggregation of K over quarters", () => {
  const columns = [
    col("B", "indikator"),
    col("C", "target_renja", "k"),
    col("D", "realisasi_tw1", "k"),
    col("E", "realisasi_tw2", "k"),
    col("F", "realisasi_tw3", "k"),
    col("G", "realisasi_tw4", "k"),
    col("H", "realisasi_renja", "k"),
    col("I", "capaian_renja", "k"),
  ];

  test("the rule that reproduces a stated annual value wins over recognition's", () => {
    const g = makeGrid("S", []);
    setCells(g, {
      C2: 24, D2: 24, E2: 24, F2: 24, G2: 24, H2: 24, // stated = last → stock
      C3: 40, D3: 10, E3: 10, F3: 10, G3: 10, H3: 40, // stated = sum → flow
      C4: 40, D4: 10, E4: 10, F4: 10, G4: 10, // nothing stated → recognition's (stock)
    });
    const t = table("S", "renja-evaluasi", columns, [
      row(2, "kegiatan", { aggregation: "flow" }),
      row(3, "kegiatan", { aggregation: "stock" }),
      row(4, "kegiatan", { aggregation: "stock" }),
    ]);
    const ct = computeTable(g, t, opts());
    expect(get(ct, "H2").value).toBe(24);
    expect(get(ct, "H2").how).toMatch(/reproduces the stated annual value/);
    expect(get(ct, "H3").value).toBe(40);
    expect(get(ct, "H4").value).toBe(10);
    expect(get(ct, "I2").value).toBe(100);
  });

  test("opts.aggregation overrides per row", () => {
    const g = makeGrid("S", []);
    setCells(g, { C2: 24, D2: 24, E2: 24, F2: 24, G2: 24, H2: 24 });
    const t = table("S", "renja-evaluasi", columns, [row(2, "kegiatan", { aggregation: "stock" })]);
    const ct = computeTable(g, t, opts({ aggregation: { [`${t.id}#1`]: "flow" } }));
    expect(get(ct, "H2")).toMatchObject({ value: 96, formula: "=SUM(D2,E2,F2,G2)" });
  });

  test("templates with only two quarters use the quarters present", () => {
    const two = [col("C", "target_renja", "k"), col("D", "realisasi_tw1", "k"), col("E", "realisasi_tw2", "k"), col("H", "realisasi_renja", "k"), col("I", "capaian_renja", "k")];
    const g = makeGrid("S", []);
    setCells(g, { C2: 10, D2: 3, E2: 4, C3: 50, D3: 40, E3: 45, C4: 50, D4: 40, E4: "-" });
    const t = table("S", "renja-evaluasi", two, [row(2, "kegiatan"), row(3, "kegiatan", { aggregation: "stock" }), row(4, "kegiatan", { aggregation: "stock" })]);
    const ct = computeTable(g, t, opts());
    expect(get(ct, "H2")).toMatchObject({ value: 7, formula: "=SUM(D2,E2)" });
    expect(get(ct, "H3")).toMatchObject({ value: 45, formula: "=IF(ISNUMBER(E3),E3,D3)" });
    expect(get(ct, "H4")).toMatchObject({ value: 40, formula: "=IF(ISNUMBER(E4),E4,D4)" });
    expect(get(ct, "I2").value).toBe(70);
  });

  test("no quarter reported: null with a note, no formula", () => {
    const g = makeGrid("S", []);
    setCells(g, { C2: 10, D2: "-" });
    const t = table("S", "renja-evaluasi", columns, [row(2, "kegiatan")]);
    const ct = computeTable(g, t, opts());
    expect(get(ct, "H2").value).toBeNull();
    expect(get(ct, "H2").formula).toBeUndefined();
    expect(get(ct, "I2").value).toBeNull();
    expect(get(ct, "I2").note?.en).toMatch(/Realisation not available/);
  });
});

/** A capaian-indikator table: B indikator, C target, D realisasi, E capaian, F kategori. */
function iku(cells: Record<string, unknown>, rows: RowModel[], extraCols = [] as ReturnType<typeof col>[]) {
  const g = makeGrid("IKU", [["No", "Indikator", "Target", "Realisasi", "Capaian", "Kategori"]]);
  setCells(g, cells as Record<string, never>);
  const t = table("IKU", "capaian-indikator", [col("B", "indikator"), col("C", "target"), col("D", "realisasi"), col("E", "capaian", undefined, { percent: true }), col("F", "kategori"), ...extraCols], rows);
  return { g, t };
}

describe("capaian-indikator: polarity, placeholders, grades, text, fraction style", () => {
  test("negative indicators under both formulas; polarity override", () => {
    const { g, t } = iku({ C2: 10, D2: 8, C3: 10, D3: 12, C4: 10, D4: 8 }, [
      row(2, "sasaran", { polarity: "negative" }),
      row(3, "sasaran", { polarity: "negative" }),
      row(4, "sasaran", { polarity: "negative" }),
    ]);
    const seed = computeTable(g, t, opts({ polarity: { [`${t.id}#3`]: "positive" } }));
    expect(get(seed, "E2")).toMatchObject({ value: 120, formula: "=(C2-(D2-C2))/C2*100" });
    expect(get(seed, "E3")).toMatchObject({ value: 80, formula: "=(C3-(D3-C3))/C3*100" });
    expect(get(seed, "E4")).toMatchObject({ value: 80, formula: "=D4/C4*100" }); // overridden to positive
    const ratio = computeTable(g, t, opts({ negativeFormula: "ratio" }));
    expect(get(ratio, "E2")).toMatchObject({ value: 125, formula: "=C2/D2*100" });
    expect(get(ratio, "E3").value).toBeCloseTo(83.3333333333, 8);
  });

  test("negative ratio formula with realisasi 0 is not computable", () => {
    const { g, t } = iku({ C2: 10, D2: 0 }, [row(2, "sasaran", { polarity: "negative" })]);
    const ct = computeTable(g, t, opts({ negativeFormula: "ratio" }));
    expect(get(ct, "E2").value).toBeNull();
    expect(get(ct, "E2").formula).toBeUndefined();
  });

  test("placeholders, blank and zero targets give null with a note, never 0", () => {
    const { g, t } = iku(
      { C2: "-", D2: 5, D3: 5, C4: 5, D4: "Belum dapat diukur", C5: 0, D5: 3, C6: 5.6, D6: "Menunggu Rilis PDRB oleh BPS 2024" },
      [row(2, "sasaran"), row(3, "sasaran"), row(4, "sasaran"), row(5, "sasaran"), row(6, "sasaran")],
    );
    const ct = computeTable(g, t, opts());
    for (const r of [2, 3, 4, 5, 6]) {
      expect(get(ct, `E${r}`).value).toBeNull();
      expect(get(ct, `E${r}`).formula).toBeUndefined();
      expect(get(ct, `F${r}`).value).toBeNull();
    }
    expect(get(ct, "E2").note?.id).toBe("Target belum tersedia: C2 berisi '-'");
    expect(get(ct, "E3").note?.id).toBe("Target belum tersedia: C3 kosong");
    expect(get(ct, "E4").note?.id).toMatch(/^Realisasi belum tersedia: D4 berisi 'Belum dapat diukur'/);
    expect(get(ct, "E5").note?.en).toMatch(/is 0/);
    expect(get(ct, "F4").note?.en).toMatch(/not available/);
  });

  test("letter grades: equal → 100 (value, kategori as value), unequal → officer's judgement", () => {
    const { g, t } = iku({ C2: "A", D2: "A", C3: "BB", D3: "A", C4: "A", D4: 80 }, [row(2, "sasaran"), row(3, "sasaran"), row(4, "sasaran")]);
    const ct = computeTable(g, t, opts());
    expect(get(ct, "E2")).toMatchObject({ value: 100 });
    expect(get(ct, "E2").formula).toBeUndefined();
    expect(get(ct, "E2").note?.id).toMatch(/nilai huruf yang sama/);
    expect(get(ct, "F2")).toMatchObject({ value: "Sangat Tinggi" });
    expect(get(ct, "F2").formula).toBeUndefined();
    expect(get(ct, "E3").value).toBeNull();
    expect(get(ct, "E3").note?.id).toMatch(/perlu penilaian pejabat/);
    expect(get(ct, "E3").note?.en).toMatch(/needs the officer's judgement/);
    expect(get(ct, "E4").value).toBeNull();
  });

  test("values above 100 are kept and take the top band", () => {
    const { g, t } = iku({ C2: 7, D2: 16.24, C3: 100, D3: 150 }, [row(2, "sasaran"), row(3, "sasaran")]);
    const ct = computeTable(g, t, opts());
    expect(get(ct, "E2").value).toBeCloseTo(232, 10);
    expect(get(ct, "E3").value).toBe(150);
    expect(get(ct, "F3")).toMatchObject({ value: "Sangat Tinggi" });
  });

  test("K with its unit in the cell, numbers stored as text: value written, no formula, note why", () => {
    const { g, t } = iku({ C2: "400 UM", D2: "397 UM", C3: "1.000", D3: 950, C4: "92,95%", D4: 90 }, [row(2, "sasaran"), row(3, "sasaran"), row(4, "sasaran")]);
    const ct = computeTable(g, t, opts());
    expect(get(ct, "E2").value).toBe(99.25);
    expect(get(ct, "E2").formula).toBeUndefined();
    expect(get(ct, "E2").note?.id).toBe("D2 berisi teks '397 UM'; nilai ditulis, bukan rumus");
    expect(get(ct, "E3").value).toBe(95);
    expect(get(ct, "E3").formula).toBeUndefined();
    expect(get(ct, "F2")).toMatchObject({ value: "Sangat Tinggi" });
    expect(get(ct, "F2").formula).toBeUndefined(); // the capaian is a written value
    expect(get(ct, "E4").value).toBeCloseTo((90 / 92.95) * 100, 10);
  });

  test("unit in a separate satuan column: a normal numeric input", () => {
    const g = makeGrid("IKU", []);
    setCells(g, { C2: 400, D2: "UM", E2: 397, F2: "UM" });
    const t = table("IKU", "capaian-indikator", [col("C", "target", "k", { unitCol: 3 }), col("D", "satuan", undefined, { unitOf: 2 }), col("E", "realisasi", "k", { unitCol: 5 }), col("F", "satuan", undefined, { unitOf: 4 }), col("G", "capaian", "k")], [row(2, "sasaran")]);
    expect(get(computeTable(g, t, opts()), "G2")).toMatchObject({ value: 99.25, formula: "=E2/C2*100" });
  });

  test("fraction style (0.9295 shown as 92.95 %) is followed", () => {
    const { g, t } = iku(
      { C2: 0.07, D2: 0.044, E2: { v: 0.6286, fmt: "0.00%" }, C3: 80, D3: 90, E3: { v: 1.125, fmt: "0.00%" }, C4: 10, D4: 9.5 },
      [row(2, "sasaran"), row(3, "sasaran"), row(4, "sasaran")],
    );
    const ct = computeTable(g, t, opts());
    expect(get(ct, "E4")).toMatchObject({ value: 0.95, formula: "=D4/C4", numberFormat: "0.00%" });
    expect(get(ct, "F4")).toMatchObject({ value: "Sangat Tinggi", formula: '=IF(E4*100>=91,"Sangat Tinggi",IF(E4*100>=76,"Tinggi",IF(E4*100>=66,"Sedang",IF(E4*100>=51,"Rendah","Sangat Rendah"))))' });
    expect(get(ct, "F2").value).toBe("Rendah"); // 62.86 %
  });

  test("percentage number style by default", () => {
    const { g, t } = iku({ C2: 10, D2: 9.5 }, [row(2, "sasaran")]);
    expect(get(computeTable(g, t, opts()), "E2")).toMatchObject({ value: 95, numberFormat: "0.00" });
  });

  test("error inputs give null", () => {
    const { g, t } = iku({ C2: { v: "#DIV/0!", error: true }, D2: 3 }, [row(2, "sasaran")]);
    const ct = computeTable(g, t, opts());
    expect(get(ct, "E2").value).toBeNull();
    expect(get(ct, "E2").note?.en).toMatch(/error #DIV\/0!/);
  });
});

describe("perbandingan: repeated year blocks pair with their own target and realisasi", () => {
  test("each capaian uses the Target | Realisasi of its year block; tingkat kemajuan follows polarity", () => {
    const g = makeGrid("P", []);
    setCells(g, { D2: 6, E2: 10.47, G2: 7, H2: 16.24, J2: 16.24, K2: 9 });
    const t = table(
      "P",
      "perbandingan",
      [col("C", "indikator"), col("D", "target", undefined, { year: 2022 }), col("E", "realisasi", undefined, { year: 2022 }), col("F", "capaian", undefined, { year: 2022 }), col("G", "target"), col("H", "realisasi"), col("I", "capaian"), col("J", "realisasi"), col("K", "target_akhir_renstra"), col("L", "tingkat_kemajuan")],
      [row(2, "sasaran", { polarity: "negative" }), row(3, "sasaran")],
    );
    setCells(g, { J3: 16.24, K3: 9 });
    const ct = computeTable(g, t, opts());
    expect(get(ct, "F2")).toMatchObject({ formula: "=(D2-(E2-D2))/D2*100" });
    expect(get(ct, "I2")).toMatchObject({ formula: "=(G2-(H2-G2))/G2*100" });
    expect(get(ct, "L2")).toMatchObject({ formula: "=(K2-(J2-K2))/K2*100" });
    expect(get(ct, "L3")).toMatchObject({ formula: "=J3/K3*100" });
    expect(get(ct, "L3").value).toBeCloseTo(180.444, 3);
  });
});

describe("scale boundaries under each preset, roundTo null and 0", () => {
  const values = [50.5, 65.5, 75.5, 90.5, 91, 100, 150, 54.99, 84.996, 0, -5];
  const scales: Scale[] = [];
  for (const s of Object.values(SCALE_PRESETS)) {
    if (s.id === "efisiensi") continue;
    scales.push(s, { ...s, id: `${s.id}-r0`, roundTo: 0 });
  }
  scales.push(customScale("custom2", "90.5:A,75.5:B,:C", 2));

  test.each(scales.map((s) => [s.id, s] as [string, Scale]))("%s", (_id, scale) => {
    const cells: Record<string, unknown> = {};
    const rows: RowModel[] = [];
    values.forEach((v, i) => {
      cells[`C${i + 2}`] = 100;
      cells[`D${i + 2}`] = v;
      rows.push(row(i + 2, "sasaran"));
    });
    const { g, t } = iku(cells, rows);
    const ct = computeTable(g, t, opts({ scale }));
    values.forEach((v, i) => {
      const cap = get(ct, `E${i + 2}`);
      expect(cap.value).toBeCloseTo(v, 9);
      const k = get(ct, `F${i + 2}`);
      expect(k.value).toBe(categorize(v, scale));
      expect(k.formula).toContain(scale.roundTo === null ? `IF(E${i + 2}>=` : `IF(ROUND(E${i + 2},${scale.roundTo})>=`);
    });
  });

  test("boundary convention: 90.5 is Tinggi unrounded, Sangat Tinggi rounded to 0", () => {
    const p = SCALE_PRESETS.permendagri86;
    expect(categorize(90.5, p)).toBe("Tinggi");
    expect(categorize(90.5, { ...p, roundTo: 0 })).toBe("Sangat Tinggi");
  });
});

describe("anggaran: penyerapan, sisa, efisiensi, Rp in thousands", () => {
  /** B indikator, C target, D realisasi, E capaian, F pagu, G realisasi anggaran, H capaian anggaran, I sisa, J efisiensi, K kategori efisiensi */
  function ka(cells: Record<string, unknown>, rows: RowModel[], scales: { pagu?: number; ra?: number; sisa?: number } = {}) {
    const g = makeGrid("KA", []);
    setCells(g, cells as Record<string, never>);
    const t = table(
      "KA",
      "kinerja-anggaran",
      [
        col("B", "indikator"),
        col("C", "target"),
        col("D", "realisasi"),
        col("E", "capaian", undefined, { percent: true }),
        col("F", "pagu", "rp", scales.pagu ? { scale: scales.pagu } : {}),
        col("G", "realisasi_anggaran", "rp", scales.ra ? { scale: scales.ra } : {}),
        col("H", "capaian_anggaran", undefined, { percent: true }),
        col("I", "sisa_anggaran", "rp", scales.sisa ? { scale: scales.sisa } : {}),
        col("J", "efisiensi"),
        col("K", "kategori_efisiensi"),
      ],
      rows,
    );
    return { g, t };
  }

  test("seed 002 Tabel 3.10 row: efisiensi is a ratio (100 / 74.64 = 1.34)", () => {
    const { g, t } = ka({ C2: 100, D2: 100, F2: 12649363995, G2: 9440925382 }, [row(2, "program")]);
    const ct = computeTable(g, t, opts());
    expect(get(ct, "H2").formula).toBe("=G2/F2*100");
    expect(get(ct, "H2").value).toBeCloseTo(74.6356, 3);
    expect(get(ct, "I2")).toMatchObject({ value: 12649363995 - 9440925382, formula: "=F2-G2", numberFormat: "#,##0" });
    expect(get(ct, "J2")).toMatchObject({ formula: "=E2/H2", numberFormat: "0.00" });
    expect(Number((get(ct, "J2").value as number).toFixed(2))).toBe(1.34);
    expect(get(ct, "K2")).toMatchObject({ value: "Efisien", formula: '=IF(J2>=1,"Efisien","Tidak efisien")' });
  });

  test("seed 003 Tabel 4.8: 0.21 / 0.75 against 99.14 % → Tidak efisien", () => {
    const { g, t } = ka({ C2: 0.75, D2: 0.21, F2: 100, G2: 99.14 }, [row(2, "program")]);
    const ct = computeTable(g, t, opts());
    expect(Number((get(ct, "J2").value as number).toFixed(2))).toBe(0.28);
    expect(get(ct, "K2").value).toBe("Tidak efisien");
  });

  test("efisiensi without a capaian column computes the capaian inside the formula (seed 003 Tabel 4.8)", () => {
    const g = makeGrid("T48", []);
    setCells(g, { C2: 0.75, D2: 0.21, E2: 99.14, C3: 3, D3: 7.4, E3: 100 });
    const t = table("T48", "kinerja-anggaran", [col("B", "uraian"), col("C", "target"), col("D", "realisasi"), col("E", "capaian_anggaran"), col("F", "efisiensi"), col("G", "kategori_efisiensi")], [row(2, "program"), row(3, "program")]);
    const ct = computeTable(g, t, opts());
    expect(get(ct, "F2").formula).toBe("=(D2/C2*100)/E2");
    expect(get(ct, "F2").inputs).toEqual(["D2", "C2", "E2"]);
    expect(Number((get(ct, "F2").value as number).toFixed(2))).toBe(0.28);
    expect(get(ct, "G2").value).toBe("Tidak efisien");
    expect(Number((get(ct, "F3").value as number).toFixed(2))).toBe(2.47);
    expect(get(ct, "G3").value).toBe("Efisien");
  });

  test("efisiensi not computable when either side is a placeholder", () => {
    const { g, t } = ka({ C2: 5.6, D2: "Menunggu Rilis PDRB oleh BPS 2024", F2: 100, G2: 90 }, [row(2, "program")]);
    const ct = computeTable(g, t, opts());
    expect(get(ct, "J2").value).toBeNull();
    expect(get(ct, "K2").value).toBeNull();
    expect(get(ct, "H2").value).toBe(90);
  });

  test("Rp in thousands: ratios unaffected, sums stay in the column's unit, mixed units converted", () => {
    const same = ka({ C2: 1, D2: 1, F2: 2000, G2: 1500 }, [row(2, "program")], { pagu: 1000, ra: 1000, sisa: 1000 });
    const a = computeTable(same.g, same.t, opts());
    expect(get(a, "H2")).toMatchObject({ value: 75, formula: "=G2/F2*100" });
    expect(get(a, "I2")).toMatchObject({ value: 500, formula: "=F2-G2" });
    const mixed = ka({ C2: 1, D2: 1, F2: 2000, G2: 1500000 }, [row(2, "program")], { pagu: 1000 });
    const b = computeTable(mixed.g, mixed.t, opts());
    expect(get(b, "H2")).toMatchObject({ value: 75, formula: "=G2*0.001/F2*100" });
    expect(get(b, "I2")).toMatchObject({ value: 500000, formula: "=F2*1000-G2" });
  });

  test("budget columns on parent and total rows: sums; percentages are ratios of sums", () => {
    const { g, t } = ka(
      { F3: 100, G3: 90, F4: 300, G4: 210, C3: 1, D3: 1, C4: 2, D4: 2 },
      [row(2, "program"), row(3, "kegiatan", { parentExcel: 2 }), row(4, "kegiatan", { parentExcel: 2 }), row(5, "total")],
    );
    const ct = computeTable(g, t, opts());
    expect(get(ct, "F2")).toMatchObject({ value: 400, formula: "=SUM(F3:F4)" });
    expect(get(ct, "G2")).toMatchObject({ value: 300, formula: "=SUM(G3:G4)" });
    expect(get(ct, "H2")).toMatchObject({ value: 75, formula: "=G2/F2*100" });
    expect(get(ct, "F5")).toMatchObject({ value: 400, formula: "=F2" });
    expect(get(ct, "H5").value).toBe(75);
    expect(at(ct, "E5")).toBeUndefined();
    expect(at(ct, "J5")).toBeUndefined();
  });
});

describe("parent sums", () => {
  test("contiguous children → SUM(range); deep hierarchy; text amount → value with note", () => {
    const g = makeGrid("R", []);
    setCells(g, { C3: 10, C4: 20, C6: 5, C7: "7.000" });
    const t = table(
      "R",
      "realisasi-anggaran",
      [col("B", "uraian"), col("C", "pagu", "rp", { numberStyle: "id" })],
      [
        row(1, "program"),
        row(2, "kegiatan", { parentExcel: 1 }),
        row(3, "subkegiatan", { parentExcel: 2, depth: 2 }),
        row(4, "subkegiatan", { parentExcel: 2, depth: 2 }),
        row(5, "kegiatan", { parentExcel: 1 }),
        row(6, "subkegiatan", { parentExcel: 5, depth: 2 }),
        row(7, "subkegiatan", { parentExcel: 5, depth: 2 }),
      ],
    );
    const ct = computeTable(g, t, opts());
    expect(get(ct, "C2")).toMatchObject({ value: 30, formula: "=SUM(C3:C4)" });
    expect(get(ct, "C5").value).toBe(7005);
    expect(get(ct, "C5").formula).toBeUndefined();
    expect(get(ct, "C5").note?.id).toMatch(/C7 berisi teks '7.000'/);
    expect(get(ct, "C1")).toMatchObject({ value: 7035 });
    expect(get(ct, "C1").formula).toBe("=C2+C5");
  });
});

describe("formula cells without a cached result", () => {
  test("a child formula without a cached value: the sum is written as a value, with a note", () => {
    const g = makeGrid("R", []);
    setCells(g, { C2: 10, C3: { v: null, f: "=4+5" } });
    const t = table("R", "realisasi-anggaran", [col("C", "pagu", "rp")], [row(1, "program"), row(2, "kegiatan", { parentExcel: 1 }), row(3, "kegiatan", { parentExcel: 1 })]);
    const c = get(computeTable(g, t, opts()), "C1");
    expect(c.value).toBe(10);
    expect(c.formula).toBeUndefined();
    expect(c.note?.en).toMatch(/C3 holds a formula without a cached result/);
  });
});

describe("performance", () => {
  test("50,000 rows: compute and plan are linear (guard against quadratic behaviour)", () => {
    const g = makeGrid("E81", []);
    const rows: RowModel[] = [];
    const n = 50000;
    for (let i = 0; i < n; i++) {
      const r = i + 8;
      const isProgram = i % 10 === 0;
      const program = r - (i % 10);
      rows.push(row(r + 1, isProgram ? "program" : "kegiatan", isProgram ? {} : { parentExcel: program + 1 }));
      if (!isProgram) {
        g.set(r, 7, { v: 10 });
        g.set(r, 8, { v: 1000 });
        for (let q = 0; q < 4; q++) {
          g.set(r, 9 + 2 * q, { v: 2 + q });
          g.set(r, 10 + 2 * q, { v: 200 });
        }
      } else {
        g.set(r, 7, { v: 90 });
        for (let q = 0; q < 4; q++) g.set(r, 9 + 2 * q, { v: 80 + q });
      }
    }
    rows.push(row(n + 9, "total"), row(n + 10, "rata-rata"), row(n + 11, "predikat"));
    const t = renjaTable(rows);
    const c0 = process.cpuUsage();
    const ct = computeTable(g, t, opts());
    const plan = planFill(book(g), [ct], { ...opts(), fill: {} });
    const cpu = process.cpuUsage(c0);
    const ms = (cpu.user + cpu.system) / 1000;
    expect(ct.cells.length).toBeGreaterThan(400000);
    expect(plan.writes.length).toBeGreaterThan(300000);
    // About 1 s of CPU for 435,000 computed cells on a loaded 2-core machine; a quadratic step
    // would take minutes.
    expect(ms).toBeLessThan(15000);
  });
});

export type { EngineOptions };
