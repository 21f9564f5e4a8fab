/**
 * The add-in's real office-js adapter (src/excel) running on the workbench's stand-in Excel, over a
 * seed-built workbook: what it reads equals what the .xlsx reader reads, a plan applied through it
 * lands in the in-memory workbook, and its undo restores every cell.
 */
import { fixtureBuffer } from "../fixtures";
import { readBook as readXlsx } from "../../src/xlsx/read";
import { readBook, applyPlan, undoLast } from "../../src/excel";
import { memFromXlsx, installFakeOffice, type InstalledOffice, type MemWorkbook } from "../../src/workbench/fake-excel";
import type { Book } from "../../src/core/grid";
import { a1 } from "../../src/core/grid";
import type { WritePlan } from "../../src/core/model";
import { getScale, DEFAULT_SCALE_ID } from "../../src/core/scale";

let office: InstalledOffice | undefined;
afterEach(() => office?.uninstall());

async function open(id: string, api = "1.18"): Promise<{ mem: MemWorkbook; bytes: Buffer }> {
  const bytes = await fixtureBuffer(id);
  const mem = await memFromXlsx(bytes, `${id}.xlsx`);
  office = installFakeOffice(mem, { apiVersion: api });
  return { mem, bytes };
}

function cellsOf(book: Book, styles = true): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const g of book.sheets) {
    g.cells.forEach((row, r) =>
      row?.forEach((cell, c) => {
        if (!cell || ((cell.v === null || cell.v === "") && !cell.f)) return;
        out[`${g.sheet}!${a1(r, c)}`] = styles ? { v: cell.v, f: cell.f, bold: !!cell.bold, fill: cell.fill, indent: cell.indent ?? 0 } : { v: cell.v, f: cell.f };
      }),
    );
  }
  return out;
}

describe("src/excel on the stand-in Excel", () => {
  test.each([
    ["lumajang-2021-renja", "1.18"],
    ["sumenep-2023-matrix", "1.18"],
    ["lumajang-2021-renja", "1.12"],
    ["lumajang-2021-renja", "1.8"],
  ])("%s on ExcelApi %s: the adapter reads what the .xlsx reader reads (what that host can give)", async (id, api) => {
    const { bytes } = await open(id, api);
    const viaExcel = await readBook({ scope: "workbook" });
    const viaXlsx = await readXlsx(bytes, id);
    const styles = api !== "1.8"; // cell styles and hidden rows need ExcelApi 1.9
    expect(viaExcel.sheets.map((s) => s.sheet)).toEqual(viaXlsx.sheets.map((s) => s.sheet));
    expect(cellsOf(viaExcel, styles)).toEqual(cellsOf(viaXlsx, styles));
    for (let i = 0; i < viaXlsx.sheets.length; i++) {
      const a = viaExcel.sheets[i];
      const b = viaXlsx.sheets[i];
      if (styles) expect([...a.hiddenRows].sort()).toEqual([...b.hiddenRows].sort());
      const key = (m: { r1: number; c1: number; r2: number; c2: number }) => `${m.r1},${m.c1},${m.r2},${m.c2}`;
      if (api === "1.18") expect(a.merges.map(key).sort()).toEqual(b.merges.map(key).sort());
    }
  });

  test.each(["1.18", "1.12", "1.8"])("ExcelApi %s: applyPlan writes formulas, marks and a generated sheet; undoLast restores every cell", async (api) => {
    const { mem } = await open("lumajang-2021-renja", api);
    const sheet = mem.sheets[0].name;
    const before = JSON.stringify(mem.sheets.map((s) => [s.name, mem.dump(s.name)]));
    const plan: WritePlan = {
      scale: getScale(DEFAULT_SCALE_ID),
      skipped: [],
      writes: [
        { sheet, row: 40, col: 1, formula: "=SUM(B1:B2)+1", expected: 1, purpose: "fill" },
        { sheet, row: 41, col: 1, value: "=not a formula", purpose: "fill" },
        { sheet, row: 12, col: 2, style: { fill: "#FFC7CE" }, note: "Temuan: periksa", purpose: "finding-mark" },
      ],
      sheets: [
        {
          name: "Ringkasan Capaian",
          purpose: "ringkasan",
          cells: [
            { sheet: "Ringkasan Capaian", row: 0, col: 0, value: "Ringkasan", style: { bold: true }, purpose: "summary" },
            { sheet: "Ringkasan Capaian", row: 1, col: 0, value: 2, purpose: "summary" },
            { sheet: "Ringkasan Capaian", row: 1, col: 1, formula: "=A2*2", expected: 4, purpose: "summary" },
          ],
          columnWidths: [30, 12],
          merges: [],
          freezeRows: 1,
          print: { paper: "A4", orientation: "landscape", fitToWidth: true },
          charts: [],
        },
      ],
    };
    const syncsBefore = mem.stats.syncs;
    const result = await applyPlan(plan, { label: { id: "Uji", en: "Test" } });
    expect(result.sheetsCreated).toEqual(["Ringkasan Capaian"]);
    expect(mem.stats.syncs - syncsBefore).toBeLessThan(20);
    const s = mem.sheet(sheet)!;
    expect(s.get(40, 1)).toMatchObject({ f: "=SUM(B1:B2)+1", calc: "evaluated" });
    expect(s.get(41, 1)).toMatchObject({ v: "=not a formula" });
    expect(s.get(41, 1)?.f).toBeUndefined(); // a string is written as text, never as a formula
    if (api === "1.18") expect(s.get(12, 2)).toMatchObject({ fill: "#FFC7CE", note: "Temuan: periksa", noteKind: "note" });
    if (api === "1.12") expect(s.get(12, 2)).toMatchObject({ fill: "#FFC7CE", note: "Temuan: periksa", noteKind: "comment" });
    if (api === "1.8") expect(s.get(12, 2)?.note).toBeUndefined(); // no notes API, no colours below 1.9
    const r = mem.sheet("Ringkasan Capaian")!;
    expect(r.get(1, 1)).toMatchObject({ f: "=A2*2", v: 4 });
    expect(r.get(0, 0)).toMatchObject({ v: "Ringkasan" });
    if (api !== "1.8") expect(r.get(0, 0)?.bold).toBe(true);
    expect(r.freezeRows).toBe(1);

    await undoLast();
    expect(mem.sheet("Ringkasan Capaian")).toBeUndefined();
    const after = JSON.stringify(mem.sheets.map((x) => [x.name, mem.dump(x.name)]));
    expect(JSON.parse(after)).toEqual(JSON.parse(before));
  });

  test("undo restores a number stored as text as text (Excel would turn \"11,238,069,445\" into a number)", async () => {
    const { mem } = await open("lumajang-2021-renja");
    const s = mem.sheets[0];
    const at = [...s.cells()].find(([, , c]) => typeof c.v === "string" && /^\d{1,3}(,\d{3})+$/.test(c.v));
    expect(at).toBeDefined();
    const [row, col, cell] = at!;
    const original = { ...cell };
    const beforeDump = mem.dump(s.name)[a1(row, col)];
    const plan: WritePlan = {
      scale: getScale(DEFAULT_SCALE_ID),
      skipped: [],
      sheets: [],
      writes: [{ sheet: s.name, row, col, formula: "=1+1", expected: 2, purpose: "fill", overwrites: original.v }],
    };
    await applyPlan(plan, { label: { id: "Timpa", en: "Overwrite" } });
    expect(s.get(row, col)).toMatchObject({ f: "=1+1", v: 2 });
    await undoLast();
    expect(mem.dump(s.name)[a1(row, col)]).toEqual(beforeDump); // value, format and style as before
    expect(s.get(row, col)?.v).toBe(original.v);
    expect(s.get(row, col)?.f).toBeUndefined();
  });

  test("a plan larger than one 5 MB request is split by the adapter, and undone", async () => {
    const { mem } = await open("sumenep-2023-matrix");
    const sheet = mem.sheets[0].name;
    const before = JSON.stringify(mem.dump(sheet));
    const text = "Catatan panjang untuk menguji batas ukuran permintaan Excel di web. ".repeat(2);
    const writes = [];
    for (let r = 200; r < 200 + 12_000; r++) for (let c = 0; c < 4; c++) writes.push({ sheet, row: r, col: c, value: `${r}:${c} ${text}`, purpose: "fill" as const });
    const plan: WritePlan = { scale: getScale(DEFAULT_SCALE_ID), skipped: [], sheets: [], writes };
    const res = await applyPlan(plan, { label: { id: "Uji besar", en: "Big test" } });
    expect(res.cellsWritten).toBe(writes.length);
    expect(mem.stats.maxRequestBytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(mem.sheet(sheet)!.get(200 + 11_999, 3)?.v).toBe(`${200 + 11_999}:3 ${text}`);
    await undoLast();
    expect(JSON.stringify(mem.dump(sheet))).toBe(before);
  }, 120_000);

  test("applyPlan on a protected sheet: a clear error and nothing written", async () => {
    const { mem } = await open("lumajang-2021-renja");
    const sheet = mem.sheets[0].name;
    mem.sheets[0].protected = true;
    const before = JSON.stringify(mem.dump(sheet));
    const plan: WritePlan = {
      scale: getScale(DEFAULT_SCALE_ID),
      skipped: [],
      sheets: [],
      writes: [{ sheet, row: 40, col: 1, value: 1, purpose: "fill" }],
    };
    await expect(applyPlan(plan)).rejects.toMatchObject({ kind: "protected" });
    expect(JSON.stringify(mem.dump(sheet))).toBe(before);
  });

  test("regenerating a generated sheet, then undo: its cells, merges, column widths and frozen rows come back; the new chart goes", async () => {
    const { mem } = await open("lumajang-2021-renja");
    const name = "Ringkasan Capaian";
    const old = mem.addSheet(name);
    old.ensure(0, 0).v = "Ringkasan lama";
    old.ensure(2, 0).v = "Program";
    old.ensure(2, 1).v = 75;
    old.merges.push({ r1: 0, c1: 0, r2: 0, c2: 3 });
    old.colWidths.set(0, 150);
    old.colWidths.set(3, 20.25);
    old.freezeRows = 3;
    const before = JSON.stringify(mem.dump(name));
    const width = (c: number) => old.colWidths.get(c) ?? 48;
    const widthsBefore = [0, 1, 2, 3, 4, 5].map(width);
    const plan: WritePlan = {
      scale: getScale(DEFAULT_SCALE_ID),
      skipped: [],
      writes: [],
      sheets: [
        {
          name,
          purpose: "ringkasan",
          cells: [
            { sheet: name, row: 0, col: 0, value: "Ringkasan baru", purpose: "summary" },
            { sheet: name, row: 3, col: 0, value: "A", purpose: "summary" },
            { sheet: name, row: 3, col: 1, value: 90, purpose: "summary" },
            { sheet: name, row: 4, col: 0, value: "B", purpose: "summary" },
            { sheet: name, row: 4, col: 1, value: 110, purpose: "summary" },
          ],
          columnWidths: [30, 12, 12, 12, 12, 40],
          merges: [{ r1: 0, c1: 0, r2: 0, c2: 1 }],
          freezeRows: 1,
          print: { paper: "A4", orientation: "landscape", fitToWidth: true },
          charts: [{ type: "column", title: "Capaian", categories: "A4:A5", series: [{ name: "Nilai", values: "B4:B5" }], anchor: { row: 7, col: 0 } }],
        },
      ],
    };
    const res = await applyPlan(plan, { label: { id: "Ringkasan", en: "Summary" } });
    expect(res.sheetsRegenerated).toEqual([name]);
    const s = mem.sheet(name)!;
    expect(s.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 1 }]);
    expect(s.freezeRows).toBe(1);
    expect(s.charts).toHaveLength(1);
    await undoLast();
    expect(JSON.stringify(mem.dump(name))).toBe(before);
    expect(s.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 3 }]);
    expect([0, 1, 2, 3, 4, 5].map(width)).toEqual(widthsBefore);
    expect(s.freezeRows).toBe(3);
    expect(s.charts).toEqual([]);
  });
});
