import { auditBook } from "../../src/core/audit";
import type { Finding } from "../../src/core/model";
import { getScale } from "../../src/core/scale";
import { budgetCase, budgetRows, budgetTable, computeBudget, efisiensiCase, ikuCase, renjaCase, type Case } from "./builders";
import { makeGrid, rules } from "./helpers";

const run = (c: Case): Finding[] => auditBook(c.book, c.tables, c.computed, c.opts);
const only = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);

describe("clean twins give no findings", () => {
  test("budget table with SUM parents", () => expect(run(budgetCase())).toEqual([]));
  test("IKU table", () => expect(run(ikuCase())).toEqual([]));
  test("E.81 quarters, flow and stock", () => expect(run(renjaCase())).toEqual([]));
  test("efficiency table", () => expect(run(efisiensiCase())).toEqual([]));
  test("stock repeated each quarter is not a quarter-sum error even if the engine guessed flow", () => {
    expect(run(renjaCase({}, { stockAsFlow: true })).filter((f) => f.rule === "quarter-sum")).toEqual([]);
  });
});

describe("rp-sum-children / total-sum / constant-total / sum-range", () => {
  test("parent typed as a wrong constant", () => {
    const fs = run(budgetCase({ C2: 610 }));
    expect(rules(fs)).toEqual(expect.arrayContaining(["C2:rp-sum-children", "C2:constant-total"]));
    const f = only(fs, "rp-sum-children")[0];
    expect(f).toMatchObject({ severity: "error", sheet: "Anggaran", row: 1, col: 2, cell: "C2", stated: 610, expected: 600 });
    expect(f.inputs).toEqual(["C3", "C4", "C5"]);
    expect(f.message.id).toBe("Jumlah Rp program (C2 = 610) tidak sama dengan jumlah kegiatan di bawahnya (C3:C5 = 600)");
    expect(f.message.en).toBe("Program Rp (C2 = 610) differs from the sum of its kegiatan (C3:C5 = 600)");
    expect(only(fs, "constant-total")[0].severity).toBe("info");
  });
  test("correct constant parent is only advisory", () => {
    const fs = run(budgetCase({ C2: 600 }));
    expect(rules(fs)).toEqual(["C2:constant-total"]);
  });
  test("child changed, parent stale", () => {
    const fs = run(budgetCase({ C4: 250 }));
    expect(rules(fs)).toEqual(expect.arrayContaining(["C2:rp-sum-children", "E4:penyerapan-mismatch", "F4:penyerapan-mismatch"]));
  });
  test("total row differs from top-level rows", () => {
    const fs = run(budgetCase({ C6: 700 }));
    const f = only(fs, "total-sum")[0];
    expect(f).toMatchObject({ cell: "C6", stated: 700, expected: 600, severity: "error" });
    expect(f.message.en).toContain("Total (C6 = 700)");
  });
  test("SUM range skipping a child", () => {
    const fs = run(budgetCase({ C2: { v: 300, f: "=SUM(C3:C4)" } }));
    const f = only(fs, "sum-range")[0];
    expect(f).toMatchObject({ cell: "C2", severity: "error", stated: 300, expected: 600, how: "=SUM(C3:C4) → C3:C5" });
    expect(f.message.en).toContain("skips C5");
    expect(rules(fs)).toContain("C2:rp-sum-children");
  });
  test("SUM range over-reaching into the children of a counted row (double count)", () => {
    const fs = run(budgetCase({ C6: { v: 1200, f: "=SUM(C2:C5)" } }));
    const f = only(fs, "sum-range")[0];
    expect(f.cell).toBe("C6");
    expect(f.message.en).toContain("also adds C3, C4, C5");
    expect(rules(fs)).toContain("C6:total-sum");
  });
  test("SUM range including the parent's sibling", () => {
    const fs = run(budgetCase({ C2: { v: 600, f: "=SUM(C3:C6)" } }));
    expect(only(fs, "sum-range")[0].message.en).toContain("also adds C6");
  });
  test("a SUM written as additions, and a list, both fine", () => {
    expect(run(budgetCase({ C2: { v: 600, f: "=C3+C4+C5" }, D2: { v: 540, f: "=SUM(D3,D4,D5)" } }))).toEqual([]);
  });
  test("program summing its sub kegiatan directly is accepted", () => {
    const g = makeGrid("S", [
      ["Kode", "Uraian", "Pagu"],
      ["1", "Program", { v: 30, f: "=SUM(C4:C5)" }],
      ["1.1", "Kegiatan", { v: 30, f: "=SUM(C4:C5)" }],
      ["1.1.1", "Sub A", 10],
      ["1.1.2", "Sub B", 20],
    ]);
    const { table, row, col } = require("./helpers");
    const t = table("S", "realisasi-anggaran", 4, 2, [col(0, "kode"), col(1, "uraian"), col(2, "pagu", { measure: "rp" })], [
      row(1, "program", "Program"),
      row(2, "kegiatan", "Kegiatan", { parent: 1 }),
      row(3, "subkegiatan", "Sub A", { parent: 2 }),
      row(4, "subkegiatan", "Sub B", { parent: 2 }),
    ]);
    const fs = auditBook({ name: "s", sheets: [g] }, [t], [], { scale: getScale("permendagri86"), negativeFormula: "seed" });
    expect(fs).toEqual([]);
  });
});

describe("capaian / factor-100 / penyerapan / efisiensi / kategori", () => {
  test("a capaian typed as a whole number in a 2-decimal format is a rounding difference (LKPJ sample row: 96 for 95.83)", () => {
    // 397 / 400 = 99.25: typed 99, shown "99.00" → info; typed 98 → still an error.
    const rounded = run(ikuCase({ E3: { v: 99, fmt: "#,##0.00" } })).filter((f) => f.cell === "E3");
    expect(rounded.map((f) => `${f.rule}:${f.severity}`)).toEqual(["capaian-mismatch:info"]);
    expect(rounded[0].message.en).toContain("typed as a whole number");
    const wrong = run(ikuCase({ E3: { v: 98, fmt: "#,##0.00" } })).filter((f) => f.cell === "E3");
    expect(wrong.map((f) => `${f.rule}:${f.severity}`)).toEqual(["capaian-mismatch:error"]);
    const formula = run(ikuCase({ E3: { v: 99, f: "=ROUND(D3/C3*100,0)", fmt: "#,##0.00" } })).filter((f) => f.cell === "E3");
    expect(formula.map((f) => f.severity)).not.toContain("info");
  });
  test("capaian mismatch", () => {
    const fs = run(ikuCase({ E2: 95 }));
    expect(rules(fs)).toEqual(["E2:capaian-mismatch"]);
    expect(fs[0]).toMatchObject({ stated: 95, expected: 90, severity: "error", inputs: ["D2", "C2"] });
    expect(fs[0].message.id).toContain("tertulis 95%, seharusnya 90%");
  });
  test("factor-100: multiplied twice", () => {
    const fs = run(ikuCase({ E2: 9000 }));
    expect(rules(fs)).toEqual(["E2:factor-100"]);
    expect(fs[0].message.en).toContain("factor-of-100");
  });
  test("factor-100: fraction written in a General cell", () => {
    const fs = run(ikuCase({ E3: 0.9925 }));
    expect(rules(fs)).toEqual(["E3:factor-100"]);
    expect(fs[0].expected).toBe(99.25);
  });
  test("a fraction in a percent-formatted cell is right", () => {
    expect(run(ikuCase({ E3: { v: 0.9925, fmt: "0.00%" } }))).toEqual([]);
    expect(run(ikuCase({ E3: { v: 0.9925, fmt: "0%" } }))).toEqual([]);
  });
  test("tolerance: half-up rounding to the decimals shown", () => {
    expect(run(ikuCase({ E3: 99.3 }))).toEqual([]);
    expect(run(ikuCase({ E3: 99 }))).toEqual([]);
    expect(run(ikuCase({ E3: { v: 99.2468, fmt: "0.00" } }))).toEqual([]);
    expect(rules(run(ikuCase({ E3: { v: 99.2, fmt: "0.00" } })))).toEqual(["E3:capaian-mismatch"]);
    expect(run(ikuCase({ E3: { v: 99.2, fmt: "0.00" } }))[0].severity).toBe("error");
    expect(run(ikuCase({ E3: 99.1 }))[0].severity).toBe("error");
  });
  test("a ratio cut off instead of rounded half-up, or within one unit of its last printed digit, is info (domain.md §3 tolerance); more is an error", () => {
    const fs = run(ikuCase({ E3: 99.2 })); // 99.25 cut to one decimal
    expect(rules(fs)).toEqual(["E3:capaian-mismatch"]);
    expect(fs[0].severity).toBe("info");
    expect(fs[0].message.en).toContain("cut off instead of rounded half-up");
    const cut = run(ikuCase({ D2: 70, E2: 87.5, F2: "Tinggi", E5: 95.58 })); // 70/80 = 87.5: fine
    expect(cut).toEqual([]);
    for (const v of [99.24, 99.26]) {
      const f = run(ikuCase({ E3: v }));
      expect(rules(f)).toEqual(["E3:capaian-mismatch"]);
      expect(f[0].severity).toBe("info");
      expect(f[0].message.en).toContain("within one unit of the last printed digit");
    }
    for (const v of [99.23, 99.27]) {
      const f = run(ikuCase({ E3: v }));
      expect(rules(f)).toEqual(["E3:capaian-mismatch"]);
      expect(f[0].severity).toBe("error");
    }
    expect(run(efisiensiCase({ F2: 1.2 }))[0].severity).toBe("info"); // 1.1028 printed with one decimal
    expect(run(efisiensiCase({ F2: 1.3 }))[0].severity).toBe("error");
    // Rp sums have no such slack
    expect(run(budgetCase({ C2: 601 })).find((f) => f.rule === "rp-sum-children")!.severity).toBe("error");
  });
  test("penyerapan mismatch and its factor-100 slip", () => {
    expect(rules(run(budgetCase({ E3: 80 })))).toEqual(["E3:penyerapan-mismatch"]);
    expect(rules(run(budgetCase({ E3: 0.9 })))).toEqual(["E3:factor-100"]);
    expect(run(budgetCase({ E3: { v: 0.9, fmt: "0.00%" } }))).toEqual([]);
  });
  test("sisa anggaran mismatch is reported as penyerapan-mismatch", () => {
    expect(rules(run(budgetCase({ F3: 15 })))).toEqual(["F3:penyerapan-mismatch"]);
  });
  test("efisiensi computed from the rounded percentages shown is accepted", () => {
    // 99.25 / 90.1 = 1.1015 → 1.10 either way; 99.3 / 90 = 1.1033; engine 99.25/90 = 1.1028
    expect(run(efisiensiCase({ B2: 99.3, F2: 1.1 }))).toEqual([]);
    expect(run(efisiensiCase({ E2: 88.9, D2: 889, F2: 1.12 }))).toEqual([]);
  });
  test("efisiensi mismatch and factor-100", () => {
    const fs = run(efisiensiCase({ F2: 1.2 }));
    expect(rules(fs)).toEqual(["F2:efisiensi-mismatch"]);
    expect(rules(run(efisiensiCase({ F2: 110 })))).toEqual(["F2:factor-100"]);
  });
  test("kategori efisiensi mismatch", () => {
    const fs = run(efisiensiCase({ G2: "Tidak efisien" }));
    expect(rules(fs)).toEqual(["G2:kategori-mismatch"]);
    expect(fs[0]).toMatchObject({ stated: "Tidak efisien", expected: "Efisien" });
    expect(fs[0].message.en).toContain("Tingkat efisiensi");
  });
  test("kategori contradicting the scale names the scale and its convention", () => {
    const fs = run(ikuCase({ F2: "Sangat Tinggi" }));
    expect(rules(fs)).toEqual(["F2:kategori-mismatch"]);
    expect(fs[0]).toMatchObject({ severity: "error", stated: "Sangat Tinggi", expected: "Tinggi" });
    expect(fs[0].message.id).toContain("Permendagri 86/2017");
    expect(fs[0].message.en).toContain("highest band whose lower bound it reaches");
  });
  test("kategori consistent with the stated (wrong) capaian: only the capaian is flagged", () => {
    expect(rules(run(ikuCase({ E2: 95, F2: "Sangat Tinggi" })))).toEqual(["E2:capaian-mismatch"]);
  });
  test("kategori is case- and space-insensitive", () => {
    expect(run(ikuCase({ F2: "  tinggi " }))).toEqual([]);
  });
  test("kategori of another scale is a warning that names the scale it belongs to", () => {
    const fs = run(ikuCase({}, { scale: getScale("lakip4"), negativeFormula: "seed" }));
    expect(fs[0].message.en).toContain("is a label of the Permendagri 86/2017 scale (permendagri86)");
    expect(fs.every((f) => f.rule === "kategori-mismatch" || f.rule === "predikat-mismatch")).toBe(true);
    expect(fs.filter((f) => f.rule === "kategori-mismatch").every((f) => f.severity === "warning")).toBe(true);
  });
});

describe("E.81 quarters and Renstra", () => {
  test("quarter sum", () => {
    const fs = run(renjaCase({ I2: 400 }));
    expect(rules(fs)).toEqual(["I2:quarter-sum"]);
    expect(fs[0]).toMatchObject({ stated: 400, expected: 397 });
    expect(fs[0].inputs).toEqual(["E2", "F2", "G2", "H2"]);
  });
  test("capaian Renja factor-100", () => expect(rules(run(renjaCase({ J2: 9925 })))).toEqual(["J2:factor-100"]));
  test("cumulative Renstra", () => {
    const fs = run(renjaCase({ L2: 1200 }));
    expect(rules(fs)).toEqual(["L2:renstra-cumulative"]);
    expect(fs[0].expected).toBe(1197);
  });
  test("capaian Renstra", () => expect(rules(run(renjaCase({ N2: 62 })))).toEqual(["N2:capaian-mismatch"]));
  test("stock with a wrong annual value", () => {
    expect(rules(run(renjaCase({ I3: 30 })))).toEqual(["I3:quarter-sum"]);
  });
});

describe("rata-rata / predikat", () => {
  test("rata-rata", () => {
    const fs = run(ikuCase({ E5: 95 }));
    expect(rules(fs)).toEqual(["E5:rata-rata-mismatch"]);
    expect(fs[0].expected).toBe(96.42);
  });
  test("rata-rata computed from the rounded capaian shown is accepted", () => {
    // capaian shown 90, 99.3, 100 → mean 96.43 (engine: 96.4167 → 96.42)
    expect(run(ikuCase({ E3: 99.3, E5: 96.43 }))).toEqual([]);
  });
  test("predikat", () => {
    const fs = run(ikuCase({ E6: "Tinggi" }));
    expect(rules(fs)).toEqual(["E6:predikat-mismatch"]);
    expect(fs[0].expected).toBe("Sangat Tinggi");
  });
});

describe("rules without computation", () => {
  test("over-absorption", () => {
    const fs = run(
      budgetCase({
        D3: 110,
        D2: { v: 560, f: "=SUM(D3:D5)" },
        D6: { v: 560, f: "=D2" },
        E2: 93.33,
        E3: 110,
        E6: 93.33,
        F2: 40,
        F3: -10,
        F6: 40,
      }),
    );
    expect(rules(fs)).toEqual(["D3:over-absorption"]);
    expect(fs[0]).toMatchObject({ severity: "warning", stated: 110, expected: 100 });
    expect(fs[0].message.id).toContain("melebihi pagu C3");
  });
  test("unit mismatch", () => {
    const fs = run(ikuCase({ C3: "540 UM", D3: "397 orang", E3: 73.52, F3: "Sedang", E5: 87.84, E6: "Tinggi" }));
    expect(rules(fs)).toEqual(["D3:unit-mismatch"]);
    expect(fs[0].severity).toBe("warning");
    expect(fs[0].message.en).toContain('"orang"');
  });
  test("same unit in different case/spacing is fine", () => {
    expect(run(ikuCase({ C3: "400 um" }))).toEqual([]);
  });
  test("target missing (placeholder or empty)", () => {
    const fs = run(ikuCase({ C2: "-", E2: null, F2: null, E5: 99.63 }));
    expect(rules(fs)).toEqual(["C2:target-missing"]);
    expect(fs[0].severity).toBe("warning");
    const fs2 = run(ikuCase({ C2: null, E2: null, F2: null, E5: 99.63 }));
    expect(rules(fs2)).toEqual(["C2:target-missing"]);
  });
  test("number stored as text", () => {
    const fs = run(budgetCase({ D4: "180" }));
    expect(rules(fs)).toEqual(["D4:number-as-text"]);
    expect(fs[0]).toMatchObject({ stated: "180", expected: 180, severity: "warning" });
    expect(fs[0].message.en).toContain("SUM ignores it");
  });
  test("percent stored as text, Indonesian decimals: text flagged, value accepted", () => {
    const fs = run(ikuCase({ E3: "99,25%" }));
    expect(rules(fs)).toEqual(["E3:number-as-text"]);
    expect(fs[0].expected).toBe(99.25);
  });
  test("formula error", () => {
    const fs = run(budgetCase({ E3: { v: "#DIV/0!", error: true, f: "=D3/C3*100" } }));
    expect(rules(fs)).toEqual(["E3:formula-error"]);
    expect(fs[0].message.en).toContain("#DIV/0!");
    expect(rules(run(budgetCase({ B4: { v: "#REF!", error: true, f: "=#REF!" } })))).toEqual(["B4:formula-error"]);
  });
  test("header label conflict", () => {
    const fs = run(budgetCase({}, { labelConflicts: [{ row: 0, col: 4, label: "5 = 4/3", expected: "capaian_anggaran", reason: "number row says 4/3" }] }));
    expect(rules(fs)).toEqual(["E1:header-label"]);
    expect(fs[0].severity).toBe("warning");
  });
  test("cross-table amount, by code and by name", () => {
    const a = budgetCase();
    const g2 = makeGrid("Realisasi", budgetRows());
    g2.set(1, 2, { v: 650 });
    const t2 = { ...budgetTable("Realisasi"), title: "Tabel 3.12" };
    const book = { name: "x", sheets: [a.book.sheets[0], g2] };
    const fs = auditBook(book, [a.tables[0], t2], [a.computed[0], computeBudget(g2, t2)], a.opts).filter((f) => f.rule === "cross-table-amount");
    expect(rules(fs)).toEqual(["C2:cross-table-amount"]);
    expect(fs[0]).toMatchObject({ sheet: "Realisasi", stated: 650, expected: 600, severity: "warning" });
    expect(fs[0].message.en).toContain("'Anggaran'!C2");
    // By name when one side has no code.
    const t3 = { ...t2, rows: t2.rows.map((r) => ({ ...r, code: undefined })) };
    const fs3 = auditBook(book, [a.tables[0], t3], [], a.opts).filter((f) => f.rule === "cross-table-amount");
    expect(rules(fs3)).toEqual(["C2:cross-table-amount"]);
  });
  test("deterministic order: sheet, row, col, rule", () => {
    const fs = run(budgetCase({ C2: 610, E3: 80, D4: "180" }));
    const keys = fs.map((f) => [f.row, f.col, f.rule]);
    const sorted = [...keys].sort((x, y) => (x[0] as number) - (y[0] as number) || (x[1] as number) - (y[1] as number) || String(x[2]).localeCompare(String(y[2])));
    expect(keys).toEqual(sorted);
  });
});

describe("hints and guards", () => {
  test("a stated capaian equal to another polarity's formula says so", () => {
    const fs = run(ikuCase({ E2: 111.11, F2: "Sangat Tinggi" }));
    const f = fs.find((x) => x.rule === "capaian-mismatch")!;
    expect(f.cell).toBe("E2");
    expect(f.message.en).toContain("T / R × 100");
    expect(f.message.id).toContain("polaritas");
  });
  test("no claim when the engine pairs a capaian with a farther Target/Realisasi group", () => {
    const { makeGrid, table, col, row, cc } = require("./helpers");
    const g = makeGrid("P", [
      ["No", "Indikator", "T 2022", "R 2022", "C 2022", "T 2023", "R 2023", "C 2023"],
      [1, "X", 6, 10.47, 174.5, 7, 16.24, 232],
    ]);
    const t = table("P", "perbandingan", 1, 7, [col(0, "no"), col(1, "indikator"), col(2, "target"), col(3, "realisasi"), col(4, "capaian"), col(5, "target"), col(6, "realisasi"), col(7, "capaian")], [row(1, "sasaran", "X")]);
    const cells = [
      cc("P", 1, 4, "capaian", 174.5, ["D2", "C2"], "R / T × 100 = 10.47 / 6 × 100 = 174.5"),
      cc("P", 1, 7, "capaian", 174.5, ["D2", "C2"], "R / T × 100 = 10.47 / 6 × 100 = 174.5"),
    ];
    expect(auditBook({ name: "p", sheets: [g] }, [t], [{ table: t, cells }], { scale: getScale("permendagri86"), negativeFormula: "seed" })).toEqual([]);
  });
});
