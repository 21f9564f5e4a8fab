/**
 * The real services (adapter + engine) over the fake Excel, on seed fixtures: what the task pane sees
 * through Excel equals what the engine finds in the .xlsx, and fill / summaries / undo round-trip.
 */
import type { Book } from "../../src/core/grid";
import { analyze } from "../../src/core/engine";
import { emptyCorrections, engineOptionsOf } from "../../src/excel/settings";
import { createOfficeServices } from "../../src/taskpane/services";
import { fixtureBook } from "../fixtures";
import { FakeWorkbook } from "../excel/stand-in";

function fakeFromBook(book: Book): FakeWorkbook {
  const wb = new FakeWorkbook();
  for (const g of book.sheets) {
    const s = wb.addSheet(g.sheet);
    g.cells.forEach((row, r) =>
      row?.forEach((cell, c) => {
        if (!cell) return;
        // the stand-in leaves out properties that are undefined
        s.set([r, c], { v: cell.v, f: cell.f, fmt: cell.fmt, bold: cell.bold, italic: cell.italic, indent: cell.indent, fill: cell.fill, error: cell.error });
        if (cell.note) wb.notes.set(`${g.sheet}!${String.fromCharCode(65 + c)}${r + 1}`, cell.note);
      }),
    );
    for (const m of g.merges) s.merges.push({ ...m });
    for (const r of g.hiddenRows) s.hiddenRows.add(r);
    for (const c of g.hiddenCols) s.hiddenCols.add(c);
  }
  return wb;
}

function content(wb: FakeWorkbook): string {
  const d = JSON.parse(wb.dump());
  for (const s of d.sheets) {
    s.cells = s.cells.map(([k, c]: [number, Record<string, unknown>]) => {
      const copy: Record<string, unknown> = {};
      // A text cell restored through Excel's quote prefix keeps its text; the prefix flag itself is not compared.
      for (const key of Object.keys(c).sort()) if (!(key === "v" && c.f !== undefined) && key !== "quoted") copy[key] = c[key];
      return [k, copy];
    });
  }
  return JSON.stringify({ sheets: d.sheets, notes: d.notes });
}

/** The differing parts of two content() dumps, for a readable failure. */
function diff(a: string, b: string): string[] {
  const A = JSON.parse(a);
  const B = JSON.parse(b);
  const out: string[] = [];
  const names = new Set([...A.sheets, ...B.sheets].map((s: { name: string }) => s.name));
  for (const n of names) {
    const sa = A.sheets.find((s: { name: string }) => s.name === n);
    const sb = B.sheets.find((s: { name: string }) => s.name === n);
    if (!sa || !sb) {
      out.push(`sheet ${n}: ${sa ? "only before" : "only after"}`);
      continue;
    }
    const ma = new Map<number, string>(sa.cells.map(([k, c]: [number, unknown]) => [k, JSON.stringify(c)]));
    const mb = new Map<number, string>(sb.cells.map(([k, c]: [number, unknown]) => [k, JSON.stringify(c)]));
    for (const k of new Set([...ma.keys(), ...mb.keys()])) {
      if (ma.get(k) !== mb.get(k)) out.push(`${n} r${Math.floor(k / 16384)}c${k % 16384}: ${ma.get(k)} → ${mb.get(k)}`);
    }
    for (const key of ["merges", "charts", "frozen", "widths", "links"]) {
      if (JSON.stringify(sa[key]) !== JSON.stringify(sb[key])) out.push(`${n} ${key}: ${JSON.stringify(sa[key])} → ${JSON.stringify(sb[key])}`);
    }
  }
  const na = new Map<string, string>(A.notes);
  const nb = new Map<string, string>(B.notes);
  for (const k of new Set([...na.keys(), ...nb.keys()])) if (na.get(k) !== nb.get(k)) out.push(`note ${k}: ${na.get(k)} → ${nb.get(k)}`);
  return out.slice(0, 20);
}

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

describe.each(["sumenep-2023", "lumajang-2021-renja"])("services over the fake Excel: %s", (id) => {
  test("scan and check through Excel give what the engine finds in the .xlsx", async () => {
    const book = await fixtureBook(id);
    const wb = fakeFromBook(book);
    uninstall = wb.install();
    const services = createOfficeServices();
    const c = emptyCorrections();
    const scan = await services.scan("workbook", c);
    const direct = analyze(book, { ...engineOptionsOf(c), fill: false });
    expect(scan.tables.length).toBeGreaterThan(0);
    expect(scan.tables.map((t) => `${t.id} ${t.kind}`)).toEqual(direct.recognition.tables.map((t) => `${t.id} ${t.kind}`));
    const check = await services.check("workbook", c, { mark: false });
    expect(check.findings.map((f) => `${f.sheet}!${f.cell} ${f.rule}`).sort()).toEqual(direct.findings.map((f) => `${f.sheet}!${f.cell} ${f.rule}`).sort());
    expect(check.findings.length).toBeGreaterThan(0);
  });

  test("fill, summaries and marks are undone back to the original workbook", async () => {
    const book = await fixtureBook(id);
    const wb = fakeFromBook(book);
    uninstall = wb.install();
    const services = createOfficeServices();
    const c = emptyCorrections();
    const original = content(wb);
    const fill = await services.fill("workbook", c, { values: false, addColumns: [], force: false });
    const afterFill = content(wb);
    const summary = await services.summaries("workbook", c);
    expect(summary.sheetsCreated.length).toBeGreaterThan(0);
    const marked = await services.check("workbook", c, { mark: true });
    expect(marked.marked).toBeDefined();
    expect((await services.peekUndo())?.label.en).toBe("Mark findings");
    await services.undo();
    await services.undo();
    expect(diff(afterFill, content(wb))).toEqual([]);
    if (fill.cellsWritten > 0) {
      await services.undo();
      expect(diff(original, content(wb))).toEqual([]);
    }
    expect(await services.peekUndo()).toBeNull();
  });
});
