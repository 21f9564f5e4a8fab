import type { CellWrite, SheetPlan, WritePlan } from "../../src/core/model";
import { getScale } from "../../src/core/scale";
import { applyPlan } from "../../src/excel/apply";
import { CapaianOfficeError } from "../../src/excel/errors";
import { MAX_UNDO, UNDO_INDEX_KEY, peekUndo, undoLast } from "../../src/excel/undo";
import { FakeWorkbook, numericSheet } from "./fake-excel";

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
    expect(JSON.parse(wb.settings.get(UNDO_INDEX_KEY)!)).toEqual([]);
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
    // merges of a regenerated sheet are not part of the snapshot (documented gap); content is
    expect(JSON.parse(content(wb)).sheets.map((s: { name: string }) => s.name)).toEqual(JSON.parse(before).sheets.map((s: { name: string }) => s.name));
  });

  test("keeps the last five operations, undone newest first", async () => {
    const wb = use(userBook());
    const states: string[] = [];
    for (let k = 0; k < MAX_UNDO + 1; k++) {
      states.push(content(wb));
      await applyPlan(plan([{ sheet: "Data", row: 1, col: 1, value: 1000 + k, purpose: "fill" }]), { label: { id: `op ${k}`, en: `op ${k}` } });
    }
    expect(JSON.parse(wb.settings.get(UNDO_INDEX_KEY)!)).toHaveLength(MAX_UNDO);
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

  test("a large snapshot is stored over several settings keys", async () => {
    const wb = use(userBook(30_000));
    const writes: CellWrite[] = [];
    for (let r = 1; r <= 30_000; r++) writes.push({ sheet: "Data", row: r, col: 6, value: `nilai ${r}`, purpose: "fill" });
    for (let r = 1; r <= 30_000; r++) wb.sheet("Data").set([r, 6], { v: `lama nomor ${r} dengan teks yang cukup panjang` });
    const before = content(wb);
    const res = await applyPlan(plan(writes));
    expect(res.undo!.chunks).toBeGreaterThan(1);
    await undoLast();
    expect(content(wb)).toBe(before);
  });
});
