/**
 * The findings plan through fill's writer (src/xlsx/patch.ts, the source package patched) and
 * back: the Temuan sheet, the marks (fill + note, content untouched), and their removal restoring
 * the cell's own fill and note.
 */
import { auditBook } from "../../src/core/audit";
import { FINDINGS_SHEET, SEVERITY_FILL, isFindingMarkNote, planFindings, planRemoveMarks } from "../../src/core/audit/plan";
import { computeBook } from "../../src/core/compute";
import { defaultOptions } from "../../src/core/engine";
import { emptyPlan } from "../../src/core/model";
import { recognizeBook } from "../../src/core/recognize";
import { readBook } from "../../src/xlsx/read";
import { patchWorkbook } from "../../src/xlsx/patch";
import { fixtureBuffer } from "../fixtures";

test("lumajang-2023-anggaran: Temuan sheet and marks written, read back, removed", async () => {
  const src = await fixtureBuffer("lumajang-2023-anggaran");
  const book = await readBook(src, "l.xlsx");
  const opts = defaultOptions();
  const rec = recognizeBook(book);
  const findings = auditBook(book, rec.tables, computeBook(book, rec.tables, opts), opts);
  expect(findings.length).toBeGreaterThan(5);
  const { sheet, marks } = planFindings(findings, book, { scale: opts.scale });

  const plan = { ...emptyPlan(opts.scale), writes: marks, sheets: [sheet] };
  const markedBytes = Buffer.from(patchWorkbook(src, plan).data);
  const marked = await readBook(markedBytes, "l.xlsx");

  // Temuan sheet: one row per finding below the header, links to the cells.
  const t = marked.sheets.find((g) => g.sheet === FINDINGS_SHEET)!;
  expect(t).toBeDefined();
  expect(t.value(4, 0)).toBe("No");
  findings.forEach((f, i) => {
    expect(t.value(5 + i, 0)).toBe(i + 1);
    expect(t.value(5 + i, 2)).toBe(f.cell);
    expect(t.value(5 + i, 3)).toBe(f.rule);
  });

  // Marks: content unchanged, fill by severity, note with the prefix.
  const orig = book.sheets[0];
  const g = marked.sheets.find((s) => s.sheet === orig.sheet)!;
  for (const m of marks) {
    const before = orig.get(m.row, m.col);
    const after = g.get(m.row, m.col)!;
    expect(after.v).toEqual(before?.v ?? null);
    expect(after.f).toEqual(before?.f);
    expect(isFindingMarkNote(after.note)).toBe(true);
    expect(after.fill?.toUpperCase()).toBe(m.style!.fill!.toUpperCase());
  }
  const worst = marks.find((m) => m.style!.fill === SEVERITY_FILL.error)!;
  expect(worst).toBeDefined();

  // Removal: notes gone, fills back to what they were.
  const removal = planRemoveMarks(marked);
  expect(removal.length).toBe(marks.length);
  const cleaned = await readBook(Buffer.from(patchWorkbook(markedBytes, { ...emptyPlan(opts.scale), writes: removal }).data), "l.xlsx");
  const g2 = cleaned.sheets.find((s) => s.sheet === orig.sheet)!;
  for (const m of marks) {
    const before = orig.get(m.row, m.col);
    const after = g2.get(m.row, m.col);
    expect(after?.note).toEqual(before?.note);
    expect(after?.fill).toEqual(before?.fill);
    expect(after?.v ?? null).toEqual(before?.v ?? null);
  }
});
