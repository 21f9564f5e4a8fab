import { auditBook } from "../../src/core/audit";
import {
  FINDINGS_COLUMNS,
  FINDINGS_SHEET,
  SEVERITY_FILL,
  isFindingMarkNote,
  parseMarkNote,
  planFindings,
  planRemoveMarks,
} from "../../src/core/audit/plan";
import { Grid } from "../../src/core/grid";
import type { Finding } from "../../src/core/model";
import { getScale } from "../../src/core/scale";
import { budgetCase } from "./builders";

function sampleFindings() {
  const c = budgetCase({ C2: 610, E3: 80, D4: "180" });
  c.book.sheets[0].set(2, 4, { v: 80, fill: "#FFFF00", note: "cek lagi" });
  return { c, findings: auditBook(c.book, c.tables, c.computed, c.opts) };
}

describe("planFindings: the Temuan sheet", () => {
  const { c, findings } = sampleFindings();
  const { sheet } = planFindings(findings, c.book, { scale: getScale("lakip4") });
  const at = (r: number, col: number) => sheet.cells.find((w) => w.row === r && w.col === col);

  test("sheet set-up", () => {
    expect(sheet.name).toBe(FINDINGS_SHEET);
    expect(sheet.purpose).toBe("temuan");
    expect(sheet.print).toEqual({ paper: "A4", orientation: "landscape", fitToWidth: true });
    expect(sheet.freezeRows).toBe(5);
    expect(sheet.columnWidths.length).toBe(FINDINGS_COLUMNS.length);
    expect(sheet.cells.every((w) => w.sheet === FINDINGS_SHEET && w.purpose === "findings-sheet")).toBe(true);
    expect(sheet.cells.every((w) => w.formula === undefined)).toBe(true);
  });
  test("title and the scale stated", () => {
    expect(String(at(0, 0)!.value)).toContain("budget.xlsx");
    expect(String(at(1, 0)!.value)).toContain("LAKIP 4 kategori");
    expect(String(at(2, 0)!.value)).toContain("highest band");
    expect(String(at(3, 0)!.value)).toContain(`Total: ${findings.length}`);
  });
  test("header and one row per finding, with a link to the cell", () => {
    expect(FINDINGS_COLUMNS.map((_, i) => at(4, i)!.value)).toEqual([...FINDINGS_COLUMNS]);
    findings.forEach((f, i) => {
      expect(at(5 + i, 0)!.value).toBe(i + 1);
      expect(at(5 + i, 1)!.value).toBe(f.sheet);
      expect(at(5 + i, 2)!.value).toBe(f.cell);
      expect(at(5 + i, 2)!.link).toBe(`Anggaran!${f.cell}`);
      expect(at(5 + i, 3)!.value).toBe(f.rule);
      expect(at(5 + i, 8)!.value).toBe(f.message.id);
      expect(at(5 + i, 9)!.value).toBe(f.message.en);
    });
    const rp = findings.findIndex((f) => f.rule === "rp-sum-children");
    expect(at(5 + rp, 5)!.value).toBe(610);
    expect(at(5 + rp, 6)!.value).toBe(600);
    expect(at(5 + rp, 4)!.style!.fill).toBe(SEVERITY_FILL.error);
  });
  test("sheet names that need quoting are quoted in links", () => {
    const f: Finding = { rule: "formula-error", severity: "error", sheet: "E81", row: 19, col: 5, cell: "F20", message: { id: "x", en: "y" } };
    const g = new Grid("E81");
    const { sheet: s } = planFindings([f], { name: "b", sheets: [g] });
    expect(s.cells.find((w) => w.row === 5 && w.col === 2)!.link).toBe("'E81'!F20");
  });
  test("text that looks like a formula stays a string value (written as text)", () => {
    const f: Finding = { rule: "sum-range", severity: "error", sheet: "S", row: 0, col: 0, cell: "A1", stated: "=SUM(C3:C4)", message: { id: "x", en: "y" } };
    const { sheet: s } = planFindings([f], { name: "b", sheets: [new Grid("S")] });
    const w = s.cells.find((x) => x.row === 5 && x.col === 5)!;
    expect(w.value).toBe("=SUM(C3:C4)");
    expect(w.formula).toBeUndefined();
  });
  test("no findings", () => {
    const { sheet: s, marks } = planFindings([], { name: "b", sheets: [] });
    expect(String(s.cells.find((w) => w.row === 5)!.value)).toContain("No findings");
    expect(marks).toEqual([]);
  });
});

describe("marks", () => {
  const { c, findings } = sampleFindings();
  const { marks } = planFindings(findings, c.book);
  test("one format-only mark per flagged cell, worst severity's fill", () => {
    const cells = new Set(findings.map((f) => `${f.sheet}!${f.cell}`));
    expect(marks.length).toBe(cells.size);
    for (const m of marks) {
      expect(m.purpose).toBe("finding-mark");
      expect(m.value).toBeUndefined();
      expect(m.formula).toBeUndefined();
      expect(isFindingMarkNote(m.note)).toBe(true);
    }
    const c2 = marks.find((m) => m.row === 1 && m.col === 2)!; // rp-sum-children (error) + constant-total (info)
    expect(c2.style!.fill).toBe(SEVERITY_FILL.error);
    expect(c2.note).toContain("rp-sum-children");
    expect(c2.note).toContain("constant-total");
    const d4 = marks.find((m) => m.row === 3 && m.col === 3)!;
    expect(d4.style!.fill).toBe(SEVERITY_FILL.warning);
  });
  test("the original fill and note are kept in the mark", () => {
    const e3 = marks.find((m) => m.row === 2 && m.col === 4)!;
    expect(parseMarkNote(e3.note!)).toEqual({ fill: "#FFFF00", note: "cek lagi" });
  });
  test("a re-run over marked cells keeps the ORIGINAL fill and note", () => {
    const g = c.book.sheets[0];
    for (const m of marks) g.set(m.row, m.col, { ...g.get(m.row, m.col)!, fill: m.style!.fill, note: m.note });
    const again = planFindings(findings, c.book).marks;
    const e3 = again.find((m) => m.row === 2 && m.col === 4)!;
    expect(parseMarkNote(e3.note!)).toEqual({ fill: "#FFFF00", note: "cek lagi" });
    // and removal restores it
    const rm = planRemoveMarks(c.book);
    expect(rm.length).toBe(marks.length);
    const r3 = rm.find((w) => w.row === 2 && w.col === 4)!;
    expect(r3).toMatchObject({ clear: ["fill", "note"], style: { fill: "#FFFF00" }, note: "cek lagi", purpose: "finding-mark" });
    expect(r3.value).toBeUndefined();
    const r2 = rm.find((w) => w.row === 1 && w.col === 2)!;
    expect(r2.style).toBeUndefined();
    expect(r2.note).toBeUndefined();
  });
  test("a re-run removes stale marks of cells without a finding now", () => {
    const { c: c2, findings: f2 } = sampleFindings();
    const g = c2.book.sheets[0];
    g.set(0, 0, { v: "Kode", note: "[Capaian] ERROR old finding\n[Capaian:fill #00FF00]\n[Capaian:note]\nasli", fill: "#FFC7CE" });
    const { marks: m2 } = planFindings(f2, c2.book);
    const stale = m2.find((w) => w.row === 0 && w.col === 0)!;
    expect(stale).toMatchObject({ clear: ["fill", "note"], style: { fill: "#00FF00" }, note: "asli", purpose: "finding-mark" });
    expect(m2.filter((w) => w.clear).length).toBe(1);
  });
  test("isFindingMarkNote", () => {
    expect(isFindingMarkNote("[Capaian] ERROR x")).toBe(true);
    expect(isFindingMarkNote("catatan biasa")).toBe(false);
    expect(isFindingMarkNote(undefined)).toBe(false);
  });
  test("user notes are not touched by removal", () => {
    const g = new Grid("S");
    g.set(0, 0, { v: 1, note: "catatan" });
    expect(planRemoveMarks({ name: "b", sheets: [g] })).toEqual([]);
  });
});
