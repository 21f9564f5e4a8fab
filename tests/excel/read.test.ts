import { readBook, readSheet } from "../../src/excel/read";
import { runExcel } from "../../src/excel/run";
import { FakeWorkbook, numericSheet } from "./stand-in";

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

function setup(build: (wb: FakeWorkbook) => void): FakeWorkbook {
  const wb = new FakeWorkbook();
  build(wb);
  uninstall = wb.install();
  return wb;
}

describe("readSheet / readBook", () => {
  test("maps values, formulas, errors, formats and styles to a sheet-absolute zero-based Grid", async () => {
    const wb = setup((w) => {
      const s = w.addSheet("E81");
      s.set("C3", { v: "PROGRAM X", bold: true, fill: "#FFFF00" });
      s.set("D3", { v: 400, fmt: "#,##0" });
      s.set("E3", { v: 397 });
      s.set("F3", { v: 99.25, f: "=E3/D3*100", fmt: "0.00" });
      s.set("G3", { v: "#REF!", f: "=#REF!/D3", error: true });
      s.set("C4", { v: "  Kegiatan", indent: 2, italic: true });
      s.set("D4", { v: "11,238" });
      s.hiddenRows.add(3);
      s.hiddenCols.add(6);
      s.merges.push({ r1: 1, c1: 2, r2: 1, c2: 4 });
      s.set("C2", "Judul");
    });
    const book = await readBook({ scope: "active" });
    expect(book.sheets).toHaveLength(1);
    const g = book.sheets[0];
    expect(g.sheet).toBe("E81");
    expect(g.get(2, 2)).toEqual({ v: "PROGRAM X", bold: true, fill: "#FFFF00" });
    expect(g.get(2, 3)).toEqual({ v: 400, fmt: "#,##0" });
    expect(g.get(2, 5)).toEqual({ v: 99.25, f: "=E3/D3*100", fmt: "0.00" });
    expect(g.get(2, 6)).toEqual({ v: "#REF!", f: "=#REF!/D3", error: true });
    expect(g.get(3, 2)).toEqual({ v: "  Kegiatan", italic: true, indent: 2 });
    expect(g.get(3, 3)).toEqual({ v: "11,238" });
    expect(g.hiddenRows.has(3)).toBe(true);
    expect(g.hiddenCols.has(6)).toBe(true);
    expect(g.merges).toEqual([{ r1: 1, c1: 2, r2: 1, c2: 4 }]);
    expect(g.rowCount).toBe(4);
    expect(g.colCount).toBe(7);
    expect(wb.runCalls.every((c) => c.delayForCellEdit === true)).toBe(true);
  });

  test("reports protection and an empty sheet", async () => {
    setup((w) => {
      w.addSheet("Kosong").protected = true;
      w.addSheet("Data").set("A1", 1);
    });
    const book = await readBook({ scope: "workbook" });
    expect(book.sheets.map((s) => s.sheet)).toEqual(["Kosong", "Data"]);
    expect(book.sheets[0].protected).toBe(true);
    expect(book.sheets[0].rowCount).toBe(0);
    expect(book.sheets[1].value(0, 0)).toBe(1);
  });

  test("without ExcelApi 1.9 it reads values and formulas only", async () => {
    setup((w) => {
      w.apiMinor = 8;
      w.addSheet("S").set("B2", { v: "X", bold: true });
    });
    const book = await readBook();
    expect(book.sheets[0].get(1, 1)).toEqual({ v: "X" });
  });

  test("the number of syncs does not grow with rows: 10 rows and 10,000 rows take the same count", async () => {
    const counts: number[] = [];
    for (const rows of [10, 10_000]) {
      const wb = setup((w) => numericSheet(w, "Data", rows, 2));
      const book = await readBook({ scope: "active" });
      expect(book.sheets[0].rowCount).toBe(rows + 1);
      expect(book.sheets[0].value(rows, 1)).toBe(rows * 10 + 1);
      counts.push(wb.syncCount);
      uninstall?.();
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBe(2);
  });

  test("readSheet on a context: two syncs whatever the size", async () => {
    const counts: number[] = [];
    for (const rows of [10, 10_000]) {
      const wb = setup((w) => numericSheet(w, "Data", rows, 2));
      const grid = await runExcel(async (ctx) => readSheet(ctx, ctx.workbook.worksheets.getItem("Data")));
      expect(grid.rowCount).toBe(rows + 1);
      counts.push(wb.syncCount);
      uninstall?.();
    }
    expect(counts).toEqual([2, 2]);
  });

  test("large sheets are read in blocks: syncs grow with blocks, not rows", async () => {
    const wb = setup((w) => numericSheet(w, "Data", 29_999, 2));
    const book = await readBook({ scope: "active" });
    expect(book.sheets[0].value(29_999, 0)).toBe(299_990);
    // 30,000 rows x 2 columns = 60,000 cells → blocks of 10,000 rows → 3 block syncs + 1 head sync
    expect(wb.syncCount).toBe(4);
  });

  test("whole workbook: heads in one sync, small sheets share a block request", async () => {
    const wb = setup((w) => {
      numericSheet(w, "A", 50, 3);
      numericSheet(w, "B", 50, 3);
      numericSheet(w, "C", 50, 3);
    });
    const book = await readBook({ scope: "workbook" });
    expect(book.sheets).toHaveLength(3);
    expect(book.sheets[2].value(50, 2)).toBe(502);
    expect(wb.syncCount).toBe(3); // names, heads, one block request
  });
});

describe("huge used ranges", () => {
  test("a stray entry far from the table is refused with a clear message, before reading any block", async () => {
    const wb = setup((w) => {
      const s = w.addSheet("E81");
      s.set("A1", "Tabel 3.1");
      s.set("XFD1048576", "x");
    });
    const { CapaianOfficeError } = await import("../../src/excel/errors");
    const err = await readBook({ scope: "active" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CapaianOfficeError);
    expect((err as InstanceType<typeof CapaianOfficeError>).kind).toBe("too-large");
    expect((err as InstanceType<typeof CapaianOfficeError>).text.en).toMatch(/holds 17,179,869,184 cells.*Ctrl\+End/);
    expect((err as InstanceType<typeof CapaianOfficeError>).text.id).toMatch(/Tidak ada yang diubah/);
    expect(wb.runCalls.length).toBe(1);
  });
});
