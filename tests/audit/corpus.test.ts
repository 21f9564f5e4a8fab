/**
 * Issue 11: the audit and the fill on patterns of real workbooks (tests/fixtures/corpusAudit.ts).
 * Every error finding must be true; where the structure or a column's meaning is uncertain the
 * audit says so in an info finding instead of reporting a wrong expected value.
 */
import { analyze } from "../../src/core/engine";
import { auditBook } from "../../src/core/audit";
import { planFindings } from "../../src/core/audit/plan";
import { isValueWrite, planFill, relativeFormula } from "../../src/core/plan/fill";
import type { ComputedCell } from "../../src/core/model";
import { getScale } from "../../src/core/scale";
import type { Book } from "../../src/core/grid";
import type { Finding } from "../../src/core/model";
import { fixtureBook, getFixture } from "../fixtures";
import { col, makeGrid, row, table } from "./helpers";

const books = new Map<string, Book>();
async function book(id: string): Promise<Book> {
  if (!books.has(id)) books.set(id, await fixtureBook(id));
  return books.get(id)!;
}
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === "error").map((f) => `${f.sheet}!${f.cell} ${f.rule}`);

describe("corpus-audit-double-count (formula sub-totals over bold-only rows)", () => {
  test("the double count is flagged where it is, with the exact expected values; no other sum error", async () => {
    const a = analyze(await book("corpus-audit-double-count"), { fill: false });
    const fx = getFixture("corpus-audit-double-count");
    expect(errors(a.findings).sort()).toEqual(fx.knownErrors.map((k) => `${k.sheet}!${k.cell} ${k.rule}`).sort());
    for (const k of fx.knownErrors) {
      const f = a.findings.find((x) => x.cell === k.cell && x.rule === k.rule)!;
      expect([k.cell, f.stated, f.expected]).toEqual([k.cell, k.stated, k.expected]);
    }
    const urusan = a.findings.find((f) => f.cell === "D7" && f.rule === "sum-range")!;
    expect(urusan.message.en).toContain("counts D16, D18 twice");
    expect(urusan.message.id).toContain("dua kali");
  });

  test("no finding has an expected value that is an exact multiple of its stated total", async () => {
    const a = analyze(await book("corpus-audit-double-count"), { fill: false });
    for (const f of a.findings) {
      if (typeof f.stated !== "number" || typeof f.expected !== "number" || f.stated === 0) continue;
      const k = f.expected / f.stated;
      expect([f.cell, Number.isInteger(Math.round(k * 1e9) / 1e9) && k >= 2]).toEqual([f.cell, false]);
    }
  });

  test("fill writes nothing into the label row (Perangkat Daerah : …)", async () => {
    const a = analyze(await book("corpus-audit-double-count"), { fill: {} });
    expect(a.plan.writes.filter((w) => w.row === 5).map((w) => w.col)).toEqual([]);
  });
});

describe("corpus-audit-sipd (SIPD export: nested account codes, typed parents, Jumlah + SUBTOTAL rows)", () => {
  test("only the #DIV/0! cells are errors; correct typed parents are not", async () => {
    const a = analyze(await book("corpus-audit-sipd"), { fill: false });
    const errs = a.findings.filter((f) => f.severity === "error");
    expect(errs.length).toBeGreaterThan(0);
    expect(errs.filter((f) => f.rule !== "formula-error").map((f) => `${f.sheet}!${f.cell} ${f.rule}: ${f.message.en}`)).toEqual([]);
    const fx = getFixture("corpus-audit-sipd");
    expect(errs.map((f) => `${f.sheet}!${f.cell}`).sort()).toEqual(fx.knownErrors.map((k) => `${k.sheet}!${k.cell}`).sort());
  });

  test("generic account labels in two sheets are not one item: no cross-table warning", async () => {
    const a = analyze(await book("corpus-audit-sipd"), { fill: false });
    expect(a.findings.filter((f) => f.rule === "cross-table-amount").map((f) => `${f.sheet}!${f.cell}: ${f.message.en}`)).toEqual([]);
  });

  test("numbers stored as text are one grouped finding per table, every cell listed", async () => {
    const a = analyze(await book("corpus-audit-sipd"), { fill: false });
    const g = a.findings.filter((f) => f.rule === "number-as-text" && f.sheet === "DINKES INDUK");
    expect(g).toHaveLength(1);
    expect(g[0].cells!.length).toBe(g[0].count);
    expect(g[0].count).toBeGreaterThan(20);
    expect(g[0].cells).toContain("H8");
    expect(g[0].message.en).toMatch(/Numbers stored as text in [A-Z]+\d+:[A-Z]+\d+: \d+ cells/);
    // The Temuan sheet shows the grouped finding on one row, with its range and count.
    const { sheet } = planFindings(a.findings, await book("corpus-audit-sipd"));
    const cellCol = sheet.cells.filter((c) => c.col === 2).map((c) => c.value);
    expect(cellCol).toContain(`${g[0].how} (${g[0].count})`);
  });
});

describe("corpus-audit-rfk (bobot, tertimbang, deviasi =J-G, reconciliation rows below TOTAL)", () => {
  test("no error finding; nothing on the bobot / tertimbang / deviasi columns; TOTAL not flagged", async () => {
    const a = analyze(await book("corpus-audit-rfk"), { fill: false });
    expect(errors(a.findings)).toEqual([]);
    const onWeighted = a.findings.filter((f) => ["D", "G", "J", "L"].includes(f.cell.replace(/\d+$/, "")) && f.severity !== "info");
    expect(onWeighted.map((f) => `${f.cell} ${f.rule}`)).toEqual([]);
    expect(a.findings.filter((f) => f.row === 13 && f.severity !== "info").map((f) => `${f.cell} ${f.rule}`)).toEqual([]);
  });

  test("fill writes no value into the deviasi column", async () => {
    const a = analyze(await book("corpus-audit-rfk"), { fill: {} });
    expect(a.plan.writes.filter((w) => w.col === 11 && isValueWrite(w)).map((w) => `${w.row + 1}: ${w.formula ?? w.value}`)).toEqual([]);
  });
});

describe("corpus-audit-flat (database export, \"Jumlah …\" and ALL-CAPS labels)", () => {
  test("a flat list has no parent sums: no error finding", async () => {
    const a = analyze(await book("corpus-audit-flat"), { fill: false });
    expect(errors(a.findings)).toEqual([]);
    expect(a.findings.filter((f) => ["rp-sum-children", "total-sum", "sum-range"].includes(f.rule)).map((f) => `${f.cell} ${f.rule} ${f.severity}`)).toEqual([]);
  });
});

describe("precision on hand-built models", () => {
  const opts = { scale: getScale("permendagri86"), negativeFormula: "seed" as const };

  test("a parent whose bold-only children add up to exactly 2× its value is not an error", () => {
    // Program 30 = its two kegiatan (10 + 20); the sub kegiatan under them were read as siblings.
    const g = makeGrid("S", [
      ["Uraian", "Pagu"],
      ["Program", 30],
      ["Kegiatan A", 10],
      ["Sub A1", 10],
      ["Kegiatan B", 20],
      ["Sub B1", 20],
    ]);
    const weak = { hierarchy: "format" as const, evidence: ["bold"] };
    const t = table("S", "realisasi-anggaran", 5, 1, [col(0, "uraian"), col(1, "pagu", { measure: "rp" })], [
      row(1, "program", "Program", { evidence: ["leading word"] }),
      ...[2, 3, 4, 5].map((r) => row(r, "kegiatan", String(g.value(r, 0)), { parent: 1, ...weak })),
    ]);
    const computed = [{ table: t, cells: [{ sheet: "S", row: 1, col: 1, role: "pagu" as const, measure: "rp" as const, value: 60, inputs: ["B3", "B4", "B5", "B6"], how: "sum of children" }] }];
    const fs = auditBook({ name: "s", sheets: [g] }, [t], computed, opts);
    expect(fs.filter((f) => f.severity === "error")).toEqual([]);
    const u = fs.find((f) => f.rule === "structure-uncertain")!;
    expect(u.severity).toBe("info");
    expect(u.message.en).toContain("exactly 2×");
    expect(u.cells).toEqual(["B2"]);
  });

  test("a SUM whose nested SUMs reach a row twice is an error with the exact expected value", () => {
    const g = makeGrid("S", [
      ["Uraian", "Pagu", "Realisasi", "Sisa"],
      ["Urusan", { v: 60, f: "=SUM(B3+B5)" }, { v: 55, f: "=SUM(C3+C5)" }, { v: 5, f: "=SUM(D3+D5)" }],
      ["Bidang A", { v: 40, f: "=SUM(B4)" }, { v: 35, f: "=SUM(C4+C5)" }, { v: 5, f: "=SUM(D4)" }],
      ["Kegiatan A1", 40, 35, 5],
      ["Bidang B", 20, 20, 0],
    ]);
    const t = table("S", "realisasi-anggaran", 4, 3, [col(0, "uraian"), col(1, "pagu", { measure: "rp" }), col(2, "realisasi_anggaran", { measure: "rp" }), col(3, "sisa_anggaran", { measure: "rp" })], [
      row(1, "urusan", "Urusan"),
      row(2, "bidang", "Bidang A", { parent: 1 }),
      row(3, "kegiatan", "Kegiatan A1", { parent: 2 }),
      row(4, "bidang", "Bidang B", { parent: 1 }),
    ]);
    const fs = auditBook({ name: "s", sheets: [g] }, [t], [], opts);
    const c2 = fs.find((f) => f.cell === "C2" && f.rule === "sum-range")!;
    expect(c2).toMatchObject({ severity: "error", stated: 55, expected: 35 });
    expect(c2.message.en).toContain("counts C5 twice");
    const c3 = fs.find((f) => f.cell === "C3" && f.rule === "sum-range")!;
    expect(c3).toMatchObject({ severity: "error", stated: 35 });
  });
});

describe("fill follows the column", () => {
  test("relative formulas: the same pattern in two rows compares equal", () => {
    expect(relativeFormula("=J12-G12", 11, 11)).toBe(relativeFormula("=J13-G13", 12, 11));
    expect(relativeFormula("=J12-G12", 11, 11)).not.toBe(relativeFormula("=J12/D12*100", 11, 11));
    expect(relativeFormula("=C12/$C$93*100", 11, 3)).toBe(relativeFormula("=C40/$C$93*100", 39, 3));
    expect(relativeFormula('=IFERROR(K12/M12,"A1")', 11, 13)).toContain('"A1"');
  });
  const opts = { scale: getScale("permendagri86"), negativeFormula: "seed" as const };
  const cc = (r: number, c: number, role: ComputedCell["role"], value: number, formula: string, inputs: string[]): ComputedCell => ({
    sheet: "S", row: r, col: c, role, value, formula, inputs, how: "test",
  });

  test("a column whose other rows hold another formula (deviasi =J-G) gets a note, not Capaian's formula", () => {
    // A: name, B: pagu, C: realisasi, D: bobot-weighted rencana, E: weighted realisasi, F: the column read as absorption, holding =E-D.
    const g = makeGrid("S", [
      ["Uraian", "Pagu", "Realisasi", "G", "J", "L"],
      ["a", 100, 90, 10, 9, { v: -1, f: "=E2-D2" }],
      ["b", 200, 150, 20, 15, { v: -5, f: "=E3-D3" }],
      ["c", 300, 300, 30, 30, { v: 0, f: "=E4-D4" }],
      ["d", 400, 200, 40, 20, null],
    ]);
    const t = table("S", "realisasi-anggaran", 4, 5, [col(0, "uraian"), col(1, "pagu", { measure: "rp" }), col(2, "realisasi_anggaran", { measure: "rp" }), col(5, "capaian_anggaran", { percent: true })], [1, 2, 3, 4].map((r) => row(r, "kegiatan", String(g.value(r, 0)))));
    const plan = planFill({ name: "s", sheets: [g] }, [{ table: t, cells: [cc(4, 5, "capaian_anggaran", 50, "=C5/B5*100", ["C5", "B5"])] }], { ...opts, fill: {} });
    const w = plan.writes.filter((x) => x.row === 4 && x.col === 5);
    expect(w).toHaveLength(1);
    expect(isValueWrite(w[0])).toBe(false);
    expect(w[0].note).toContain("=E2-D2");
  });

  test("the same relative formula as the column's other rows is written", () => {
    const g = makeGrid("S", [
      ["Uraian", "Pagu", "Realisasi", "%"],
      ["a", 100, 90, { v: 90, f: "=C2/B2*100" }],
      ["b", 200, 150, { v: 75, f: "=C3/B3*100" }],
      ["c", 300, 300, { v: 100, f: "=C4/B4*100" }],
      ["d", 400, 200, null],
    ]);
    const t = table("S", "realisasi-anggaran", 4, 3, [col(0, "uraian"), col(1, "pagu", { measure: "rp" }), col(2, "realisasi_anggaran", { measure: "rp" }), col(3, "capaian_anggaran", { percent: true })], [1, 2, 3, 4].map((r) => row(r, "kegiatan", String(g.value(r, 0)))));
    const plan = planFill({ name: "s", sheets: [g] }, [{ table: t, cells: [cc(4, 3, "capaian_anggaran", 50, "=C5/B5*100", ["C5", "B5"])] }], { ...opts, fill: {} });
    expect(plan.writes.filter((x) => x.row === 4 && x.col === 3).map((x) => x.formula)).toEqual(["=C5/B5*100"]);
  });

  test("a label row inside the data (no number in any input column) is never written", () => {
    const g = makeGrid("S", [
      ["Uraian", "Pagu", "Realisasi", "%"],
      ["Perangkat Daerah : Badan Perencanaan", null, null, null],
      ["Program A", 100, 90, null],
      ["Program B", 200, 150, null],
    ]);
    const t = table("S", "realisasi-anggaran", 3, 3, [col(0, "uraian"), col(1, "pagu", { measure: "rp" }), col(2, "realisasi_anggaran", { measure: "rp" }), col(3, "capaian_anggaran", { percent: true })], [
      row(1, "sasaran", "Perangkat Daerah : Badan Perencanaan"),
      row(2, "program", "Program A", { parent: 1 }),
      row(3, "program", "Program B", { parent: 1 }),
    ]);
    const cells = [cc(1, 1, "pagu", 300, "=B3+B4", ["B3", "B4"]), cc(1, 2, "realisasi_anggaran", 240, "=C3+C4", ["C3", "C4"]), cc(2, 3, "capaian_anggaran", 90, "=C3/B3*100", ["C3", "B3"])];
    const plan = planFill({ name: "s", sheets: [g] }, [{ table: t, cells }], { ...opts, fill: {} });
    expect(plan.writes.filter((x) => x.row === 1).map((x) => `${x.col}: ${x.formula ?? x.value ?? x.note}`)).toEqual([]);
    expect(plan.writes.filter((x) => x.row === 2 && x.col === 3).map((x) => x.formula)).toEqual(["=C3/B3*100"]);
  });

  test("a note-only write is not a value write", () => {
    expect(isValueWrite({ sheet: "S", row: 0, col: 0, purpose: "fill", note: "x" })).toBe(false);
    expect(isValueWrite({ sheet: "S", row: 0, col: 0, purpose: "fill", value: 0 })).toBe(true);
    expect(isValueWrite({ sheet: "S", row: 0, col: 0, purpose: "fill", formula: "=A1" })).toBe(true);
  });
});
