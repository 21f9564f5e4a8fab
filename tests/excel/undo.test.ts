import type { CellWrite, SheetPlan, WritePlan } from "../../src/core/model";
import { getScale } from "../../src/core/scale";
import { applyPlan } from "../../src/excel/apply";
import { CapaianOfficeError } from "../../src/excel/errors";
import { MAX_UNDO, UNDO_INDEX_KEY, UNDO_NAMESPACE, peekUndo, readPartXml, undoLast } from "../../src/excel/undo";
import { DEFAULT_RESPONSE_BUDGET, SNAPSHOT_CELL_BYTES } from "../../src/excel/requests";
import { FakeWorkbook, numericSheet } from "./stand-in";

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

function use(wb: FakeWorkbook): FakeWorkbook {
  uninstall?.();
  uninstall = wb.install();
  return wb;
}

function plan(writes: CellWrite[], sheets: SheetPlan[] = []): WritePlan {
  return { writes, sheets, skipped: [], scale: getScale("permendagri86") };
}

/**
 * Sheets and notes only (settings hold the undo stack), keys sorted; a formula cell's cached value is
 * left out (the fake does not calculate).
 */
function content(wb: FakeWorkbook): string {
  const d = JSON.parse(wb.dump());
  for (const s of d.sheets) {
    s.cells = s.cells.map(([k, c]: [number, Record<string, unknown>]) => {
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(c).sort()) if (!(key === "v" && c.f !== undefined)) copy[key] = c[key];
      return [k, copy];
    });
  }
  return JSON.stringify({ sheets: d.sheets, notes: d.notes });
}

/** A workbook with a mix of what a user has: formulas, formats, fills, fonts, a note, error constant, text. */
function userBook(rows = 5): FakeWorkbook {
  const wb = new FakeWorkbook();
  const s = numericSheet(wb, "Data", rows, 5);
  s.set("F2", { v: 12, f: "=D2+E2", fmt: "0.0", fill: "#FFFF00", bold: true, color: "#FF0000" });
  s.set("F3", { v: "=teks", quoted: true, italic: true });
  s.set("F4", { v: "#N/A", error: true });
  s.set("F5", { v: "001", fmt: "@" });
  wb.notes.set("Data!F2", "catatan pengguna");
  return wb;
}

const overwrite = (rows: number): CellWrite[] => {
  const out: CellWrite[] = [];
  for (let r = 1; r <= rows; r++) {
    out.push({ sheet: "Data", row: r, col: 5, formula: `=E${r + 1}/D${r + 1}*100`, numberFormat: "0.00", style: { fill: "#C6EFCE", bold: false }, purpose: "fill", overwrites: null });
  }
  out.push({ sheet: "Data", row: 1, col: 5, formula: "=E2/D2*100", note: "Capaian dihitung ulang", purpose: "fill" });
  return out;
};

function summary(name: string): SheetPlan {
  return {
    name,
    purpose: "ringkasan",
    cells: [
      { sheet: name, row: 0, col: 0, value: "Ringkasan baru", purpose: "summary" },
      { sheet: name, row: 1, col: 0, value: 5, purpose: "summary", style: { fill: "#DDEBF7" } },
    ],
    columnWidths: [20],
    merges: [],
    print: { paper: "A4", orientation: "landscape", fitToWidth: true },
    charts: [],
  };
}

describe("undo", () => {
  test("restores exactly: formulas, constants, error literal, text that looks like a formula, formats, fills, fonts, notes", async () => {
    const wb = use(userBook());
    const before = content(wb);
    const res = await applyPlan(plan(overwrite(5)), { label: { id: "Isi kolom", en: "Fill columns" } });
    expect(res.undo).toMatchObject({ label: { en: "Fill columns" }, cells: 5, notes: 1, sheetsTouched: ["Data"] });
    expect(content(wb)).not.toBe(before);
    expect(wb.notes.get("Data!F2")).toBe("Capaian dihitung ulang");
    const undone = await undoLast();
    expect(undone.entry.label.en).toBe("Fill columns");
    expect(content(wb)).toBe(before);
    expect(JSON.parse(wb.settings.get(UNDO_INDEX_KEY) as string)).toEqual([]);
    expect([...wb.settings.keys()].filter((k) => k !== UNDO_INDEX_KEY)).toEqual([]);
  });

  test("the snapshot lives in the workbook: undo works after save and reopen (a new adapter session)", async () => {
    const wb = use(userBook());
    const before = content(wb);
    await applyPlan(plan(overwrite(5)), { label: { id: "Isi kolom", en: "Fill columns" } });
    const reopened = use(wb.reopen());
    const peek = await peekUndo();
    expect(peek).toMatchObject({ label: { id: "Isi kolom" }, cells: 5 });
    await undoLast();
    expect(content(reopened)).toBe(before);
    expect(await peekUndo()).toBeNull();
  });

  test("a sheet the operation created is removed; a regenerated one gets its old content back", async () => {
    const wb = use(userBook());
    const old = wb.addSheet("Efisiensi");
    old.set("A1", "hasil lama").set("B2", { v: 3, fmt: "0.00", fill: "#EEEEEE" });
    old.merges.push({ r1: 0, c1: 0, r2: 0, c2: 2 });
    const before = content(wb);
    await applyPlan(plan([], [summary("Ringkasan Capaian"), summary("Efisiensi")]));
    expect(wb.find("Ringkasan Capaian")).toBeDefined();
    expect(wb.sheet("Efisiensi").value("A1")).toBe("Ringkasan baru");
    const peek = await peekUndo();
    expect(peek).toMatchObject({ sheetsCreated: ["Ringkasan Capaian"], sheetsRegenerated: ["Efisiensi"] });
    await undoLast();
    expect(wb.find("Ringkasan Capaian")).toBeUndefined();
    const e = wb.sheet("Efisiensi");
    expect(e.cell("A1")).toEqual({ v: "hasil lama" });
    expect(e.cell("B2")).toEqual({ v: 3, fmt: "0.00", fill: "#EEEEEE" });
    expect(e.cell("A2")).toBeUndefined();
    expect(JSON.parse(content(wb)).sheets.map((s: { name: string }) => s.name)).toEqual(JSON.parse(before).sheets.map((s: { name: string }) => s.name));
    // its merge is part of the snapshot too: the whole workbook is as before
    expect(e.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 2 }]);
    expect(content(wb)).toBe(before);
  });

  test("a regenerated sheet gets its merges, column widths and frozen rows back exactly; the operation's chart is gone", async () => {
    const wb = use(userBook());
    const old = wb.addSheet("Efisiensi");
    old.set("A1", "Efisiensi lama").set("A3", "Program").set("B3", "Nilai").set("A4", "P1").set("B4", 80).set("E9", { v: "catatan" });
    old.merges.push({ r1: 0, c1: 0, r2: 0, c2: 3 }, { r1: 5, c1: 1, r2: 7, c2: 2 });
    old.colWidths.set(0, 150).set(1, 33.75).set(4, 90);
    old.frozenRows = 3;
    const before = content(wb);
    const regenerated: SheetPlan = {
      ...summary("Efisiensi"),
      cells: [
        { sheet: "Efisiensi", row: 0, col: 0, value: "Efisiensi baru", purpose: "summary" },
        { sheet: "Efisiensi", row: 3, col: 0, value: "A", purpose: "summary" },
        { sheet: "Efisiensi", row: 3, col: 1, value: 90, purpose: "summary" },
        { sheet: "Efisiensi", row: 4, col: 0, value: "B", purpose: "summary" },
        { sheet: "Efisiensi", row: 4, col: 1, value: 110, purpose: "summary" },
      ],
      columnWidths: [40, 12, 12, 12, 12, 12, 30],
      merges: [{ r1: 0, c1: 0, r2: 0, c2: 1 }],
      freezeRows: 1,
      charts: [{ type: "column", title: "Efisiensi per program", categories: "A4:A5", series: [{ name: "Nilai", values: "B4:B5" }], anchor: { row: 7, col: 0 } }],
    };
    await applyPlan(plan([], [regenerated]));
    const e = wb.sheet("Efisiensi");
    expect(e.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 1 }]);
    expect(e.frozenRows).toBe(1);
    expect(e.colWidths.get(6)).toBeGreaterThan(100);
    expect(e.charts.map((c) => c.title)).toEqual(["Efisiensi per program"]);
    await undoLast();
    expect([...e.merges].sort((a, b) => a.r1 - b.r1)).toEqual([
      { r1: 0, c1: 0, r2: 0, c2: 3 },
      { r1: 5, c1: 1, r2: 7, c2: 2 },
    ]);
    expect([...e.colWidths.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 150],
      [1, 33.75],
      [4, 90],
    ]);
    expect(e.frozenRows).toBe(3);
    expect(e.frozenCols).toBe(0);
    expect(e.charts).toEqual([]);
    expect(content(wb)).toBe(before);
  });

  test("a regenerated sheet's frozen columns, or rows and columns, come back; a sheet without frozen panes is unfrozen again", async () => {
    for (const [rows, cols] of [
      [0, 2],
      [2, 1],
      [0, 0],
    ]) {
      const wb = use(userBook());
      const old = wb.addSheet("Efisiensi");
      old.set("A1", "lama");
      old.frozenRows = rows;
      old.frozenCols = cols;
      const before = content(wb);
      await applyPlan(plan([], [{ ...summary("Efisiensi"), freezeRows: 1 }]));
      expect([wb.sheet("Efisiensi").frozenRows, wb.sheet("Efisiensi").frozenCols]).toEqual([1, 0]);
      await undoLast();
      expect([old.frozenRows, old.frozenCols]).toEqual([rows, cols]);
      expect(content(wb)).toBe(before);
    }
  });

  test("without merged areas (ExcelApi 1.12) widths and frozen rows of a regenerated sheet still come back", async () => {
    const wb = userBook();
    wb.apiMinor = 12;
    use(wb);
    const old = wb.addSheet("Efisiensi");
    old.set("A1", "lama");
    old.colWidths.set(0, 150);
    old.frozenRows = 2;
    await applyPlan(plan([], [{ ...summary("Efisiensi"), freezeRows: 1 }]));
    await undoLast();
    expect([...old.colWidths.entries()]).toEqual([[0, 150]]);
    expect(old.frozenRows).toBe(2);
  });

  test("an undo snapshot stored before layout was kept (no layout, no premerged) still undoes its content", async () => {
    const wb = use(userBook());
    const old = wb.addSheet("Efisiensi");
    old.set("A1", "hasil lama").set("B2", { v: 3, fmt: "0.00", fill: "#EEEEEE" });
    const before = content(wb);
    const res = await applyPlan(plan([{ sheet: "Data", row: 0, col: 6, value: "Kategori", merge: { r1: 0, c1: 6, r2: 0, c2: 7 }, purpose: "header" }], [summary("Efisiensi")]));
    // Rewrite the stored snapshot as the previous release wrote it: no layout, no premerged, JSON
    // chunks in settings keys, the fingerprints inline in the index, no custom XML parts.
    const pieces = [...wb.mem.customXmlParts.entries()]
      .filter(([, p]) => p.namespace === `${UNDO_NAMESPACE}${res.undo!.id}`)
      .map(([id, p]) => ({ id, ...readPartXml(p.xml)! }));
    const snap = JSON.parse(pieces.filter((p) => p.kind === "snapshot").sort((a, b) => a.n - b.n).map((p) => p.text).join(""));
    const check = JSON.parse(pieces.find((p) => p.kind === "check")!.text);
    expect(snap.format).toBe("capaian-undo/1");
    expect(snap.sheets[0].layout).toBeDefined();
    delete snap.premerged;
    for (const sh of snap.sheets) delete sh.layout;
    for (const p of pieces) wb.mem.customXmlParts.delete(p.id);
    const json = JSON.stringify(snap);
    const chunks = [json.slice(0, 100), json.slice(100)];
    chunks.forEach((c, i) => wb.settings.set(`capaian.undo.${res.undo!.id}.${i}`, c));
    const entry = { ...JSON.parse(wb.settings.get(UNDO_INDEX_KEY) as string)[0], chunks: 2, check };
    delete entry.store;
    delete entry.checkPart;
    wb.settings.set(UNDO_INDEX_KEY, JSON.stringify([entry]));
    await undoLast();
    expect(wb.sheet("Efisiensi").cell("A1")).toEqual({ v: "hasil lama" });
    expect(wb.sheet("Data").merges).toEqual([]);
    // as in the previous release: content, notes and merges back; the plan's column width stays
    expect([...wb.sheet("Efisiensi").colWidths.keys()]).toEqual([0]);
    wb.sheet("Efisiensi").colWidths.clear();
    expect(content(wb)).toBe(before);
    // and its settings chunks are gone with it
    expect([...wb.settings.keys()]).toEqual([UNDO_INDEX_KEY]);
  });

  test("the syncs of regenerating a sheet (layout included) and undoing it grow with its data size (5 MB responses), not its rows", async () => {
    const counts: number[][] = [];
    for (const rows of [10, 10_000]) {
      const wb = use(userBook());
      const old = numericSheet(wb, "Efisiensi", rows, 4);
      old.merges.push({ r1: 0, c1: 0, r2: 0, c2: 1 });
      old.colWidths.set(2, 120);
      old.frozenRows = 1;
      const before = content(wb);
      const start = wb.syncCount;
      await applyPlan(plan([], [{ ...summary("Efisiensi"), freezeRows: 2 }]));
      const afterApply = wb.syncCount;
      await undoLast();
      counts.push([afterApply - start, wb.syncCount - afterApply]);
      expect(content(wb)).toBe(before);
      for (const r of wb.requests) expect(r.responseBytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    }
    // 10,001 rows x 4 columns of before-image with cell properties is ~13 MB: read (and restored) in
    // pieces of at most 3.5 MB, one request each, so the count grows by one per piece beyond the first.
    const extra = Math.ceil((10_001 * 4 * SNAPSHOT_CELL_BYTES) / DEFAULT_RESPONSE_BUDGET) - 1;
    expect(counts[1][0] - counts[0][0]).toBeLessThanOrEqual(extra);
    expect(counts[1][1] - counts[0][1]).toBeLessThanOrEqual(extra + 1);
  });

  test("keeps the last five operations, undone newest first", async () => {
    const wb = use(userBook());
    const states: string[] = [];
    for (let k = 0; k < MAX_UNDO + 1; k++) {
      states.push(content(wb));
      await applyPlan(plan([{ sheet: "Data", row: 1, col: 1, value: 1000 + k, purpose: "fill" }]), { label: { id: `op ${k}`, en: `op ${k}` } });
    }
    expect(JSON.parse(wb.settings.get(UNDO_INDEX_KEY) as string)).toHaveLength(MAX_UNDO);
    for (let k = MAX_UNDO; k >= 1; k--) {
      const r = await undoLast();
      expect(r.entry.label.en).toBe(`op ${k}`);
      expect(content(wb)).toBe(states[k]);
    }
    await expect(undoLast()).rejects.toMatchObject({ kind: "no-undo" });
    // the oldest operation's chunks were dropped from the settings
    expect([...wb.settings.keys()]).toEqual([UNDO_INDEX_KEY]);
  });

  test("the number of syncs of snapshot + undo does not grow with rows", async () => {
    const counts: number[][] = [];
    for (const rows of [10, 10_000]) {
      const wb = use(userBook(rows));
      const before = content(wb);
      const writes: CellWrite[] = [];
      for (let r = 1; r <= rows; r++) writes.push({ sheet: "Data", row: r, col: 5, formula: `=E${r + 1}/D${r + 1}*100`, purpose: "fill" });
      await applyPlan(plan(writes));
      const afterApply = wb.syncCount;
      await undoLast();
      counts.push([afterApply, wb.syncCount - afterApply]);
      expect(content(wb)).toBe(before);
    }
    expect(counts[0]).toEqual(counts[1]);
  });

  test("undo refuses while a touched sheet is protected, changing nothing", async () => {
    const wb = use(userBook());
    await applyPlan(plan(overwrite(5)));
    wb.sheet("Data").protected = true;
    const before = wb.dump();
    const err = await undoLast().catch((e) => e);
    expect(err).toBeInstanceOf(CapaianOfficeError);
    expect(err.kind).toBe("protected");
    expect(wb.dump()).toBe(before);
  });

  test("with comments (ExcelApi 1.10..1.17) notes are restored through comments", async () => {
    const wb = userBook();
    wb.apiMinor = 12;
    use(wb);
    const before = content(wb);
    await applyPlan(plan(overwrite(5)));
    expect(wb.notes.get("Data!F2")).toBe("Capaian dihitung ulang");
    await undoLast();
    expect(content(wb)).toBe(before);
  });

  test("without cell properties (ExcelApi 1.7/1.8) values, formulas and formats are still restored", async () => {
    const wb = new FakeWorkbook();
    wb.apiMinor = 7;
    const s = numericSheet(wb, "Data", 3, 5);
    s.set("F2", { v: 12, f: "=D2+E2", fmt: "0.0" });
    use(wb);
    const before = content(wb);
    await applyPlan(plan([{ sheet: "Data", row: 1, col: 5, value: "x", purpose: "fill" }]));
    await undoLast();
    expect(content(wb)).toBe(before);
  });

  test("clearing marks (fill, note) and merging a new header cell are undone too", async () => {
    const wb = use(userBook());
    wb.sheet("Data").set("H1", { v: "lama" });
    const before = content(wb);
    await applyPlan(
      plan([
        { sheet: "Data", row: 1, col: 5, clear: ["fill", "note"], purpose: "finding-mark" },
        { sheet: "Data", row: 0, col: 6, value: "Kategori", merge: { r1: 0, c1: 6, r2: 0, c2: 7 }, purpose: "header" },
      ]),
    );
    const s = wb.sheet("Data");
    expect(s.cell("F2")?.fill).toBeUndefined();
    expect(wb.notes.has("Data!F2")).toBe(false);
    expect(s.merges).toEqual([{ r1: 0, c1: 6, r2: 0, c2: 7 }]);
    await undoLast();
    expect(content(wb)).toBe(before);
  });

  test("a header merge over an existing merge: undo gives back the merges that were there, exactly", async () => {
    const wb = use(userBook());
    const s = wb.sheet("Data");
    s.merges.push({ r1: 0, c1: 7, r2: 0, c2: 8 }, { r1: 3, c1: 7, r2: 4, c2: 7 });
    const before = content(wb);
    const header = (): WritePlan =>
      plan([{ sheet: "Data", row: 0, col: 6, value: "Kategori", merge: { r1: 0, c1: 6, r2: 0, c2: 7 }, purpose: "header" }]);
    await applyPlan(header());
    expect(s.merges).toEqual([
      { r1: 3, c1: 7, r2: 4, c2: 7 },
      { r1: 0, c1: 6, r2: 0, c2: 7 },
    ]);
    const afterFirst = content(wb);
    // the same fill again: its undo must keep the first fill's merge
    await applyPlan(header());
    await undoLast();
    expect(content(wb)).toBe(afterFirst);
    await undoLast();
    expect(content(wb)).toBe(before);
  });

  test("edits made after the operation are not overwritten silently: refuse, unless forced", async () => {
    const wb = use(userBook());
    const before = content(wb);
    await applyPlan(plan(overwrite(5)), { label: { id: "Isi kolom", en: "Fill columns" } });
    wb.sheet("Data").set("F4", { v: 77 }); // the user types over a filled cell
    const beforeUndo = wb.dump();
    const err = await undoLast().catch((e) => e);
    expect(err).toBeInstanceOf(CapaianOfficeError);
    expect(err.kind).toBe("changed");
    expect(err.text.en).toMatch(/Data!F2:F6/);
    expect(wb.dump()).toBe(beforeUndo);
    await undoLast({ force: true });
    expect(content(wb)).toBe(before);
  });

  test("edits elsewhere (outside what Capaian wrote) do not block undo", async () => {
    const wb = use(userBook());
    await applyPlan(plan(overwrite(5)));
    wb.sheet("Data").set("A6", { v: "catatan baru" });
    await undoLast();
    expect(wb.sheet("Data").value("A6")).toBe("catatan baru");
    expect(wb.sheet("Data").cell("F2")).toMatchObject({ f: "=D2+E2" });
  });

  test("a generated sheet edited by the user is not removed silently", async () => {
    const wb = use(userBook());
    await applyPlan(plan([], [summary("Ringkasan Capaian")]));
    wb.sheet("Ringkasan Capaian").set("D10", "komentar saya");
    await expect(undoLast()).rejects.toMatchObject({ kind: "changed" });
    expect(wb.find("Ringkasan Capaian")).toBeDefined();
  });

  test("nothing to undo: a clear message", async () => {
    use(userBook());
    const err = await undoLast().catch((e) => e);
    expect(err.kind).toBe("no-undo");
    expect(err.text.id).toMatch(/Tidak ada/);
  });

  test("a large snapshot is stored over several custom XML parts; the settings hold only a small index", async () => {
    const wb = use(userBook(30_000));
    const writes: CellWrite[] = [];
    for (let r = 1; r <= 30_000; r++) writes.push({ sheet: "Data", row: r, col: 6, value: `nilai ${r}`, purpose: "fill" });
    for (let r = 1; r <= 30_000; r++) wb.sheet("Data").set([r, 6], { v: `lama nomor ${r} dengan teks yang cukup panjang` });
    const before = content(wb);
    const res = await applyPlan(plan(writes));
    expect(res.undo!.chunks).toBeGreaterThan(1);
    expect(wb.mem.customXmlParts.size).toBe(res.undo!.chunks + 1); // the pieces and the fingerprints
    expect([...wb.settings.keys()]).toEqual([UNDO_INDEX_KEY]);
    expect(String(wb.settings.get(UNDO_INDEX_KEY)).length).toBeLessThan(2_000);
    await undoLast();
    expect(content(wb)).toBe(before);
    expect(wb.mem.customXmlParts.size).toBe(0);
  });
});
