import type { CellWrite, SheetPlan, WritePlan } from "../../src/core/model";
import { getScale } from "../../src/core/scale";
import { applyPlan } from "../../src/excel/apply";
import { CapaianOfficeError } from "../../src/excel/errors";
import { FakeWorkbook, numericSheet, officeError } from "./stand-in";

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

function setup(build: (wb: FakeWorkbook) => void): FakeWorkbook {
  const wb = new FakeWorkbook();
  build(wb);
  uninstall = wb.install();
  return wb;
}

function plan(writes: CellWrite[], sheets: SheetPlan[] = []): WritePlan {
  return { writes, sheets, skipped: [], scale: getScale("permendagri86") };
}

const fill = (sheet: string, row: number, col: number, extra: Partial<CellWrite>): CellWrite => ({ sheet, row, col, purpose: "fill", ...extra });

/** A capaian column F = E / D * 100 for data rows 1..rows. */
function fillColumn(rows: number): CellWrite[] {
  const out: CellWrite[] = [];
  for (let r = 1; r <= rows; r++) out.push(fill("Data", r, 5, { formula: `=E${r + 1}/D${r + 1}*100`, expected: 100, numberFormat: "0.00" }));
  return out;
}

function summarySheet(name = "Ringkasan Capaian"): SheetPlan {
  const cells: CellWrite[] = [
    { sheet: name, row: 0, col: 0, value: "Ringkasan", purpose: "summary", style: { bold: true } },
    { sheet: name, row: 2, col: 0, value: "Program", purpose: "header", style: { bold: true, fill: "#DDEBF7" } },
    { sheet: name, row: 2, col: 1, value: "Capaian", purpose: "header", style: { bold: true, fill: "#DDEBF7" } },
    { sheet: name, row: 3, col: 0, value: "Program A", purpose: "summary", link: "'Data'!A2" },
    { sheet: name, row: 3, col: 1, formula: "='Data'!F2", expected: 98.5, numberFormat: "0.00", purpose: "summary" },
    { sheet: name, row: 4, col: 0, value: "Program B", purpose: "summary" },
    { sheet: name, row: 4, col: 1, value: 87.25, numberFormat: "0.00", purpose: "summary" },
  ];
  return {
    name,
    purpose: "ringkasan",
    cells,
    columnWidths: [30, 12],
    merges: [{ r1: 0, c1: 0, r2: 0, c2: 1 }],
    freezeRows: 3,
    print: { paper: "A4", orientation: "landscape", fitToWidth: true },
    charts: [{ type: "column", title: "Capaian per program", categories: "A4:A5", series: [{ name: "Capaian", values: "B4:B5" }], referenceLine: 100, anchor: { row: 7, col: 0 } }],
  };
}

describe("applyPlan: what is written", () => {
  test("formulas through range.formulas, values through range.values, text kept as text", async () => {
    const wb = setup((w) => numericSheet(w, "Data", 3, 5));
    const res = await applyPlan(
      plan([
        fill("Data", 1, 5, { formula: "=E2/D2*100", expected: 100.25, numberFormat: "0.00" }),
        fill("Data", 1, 6, { value: "=SUM(A1)" }),
        fill("Data", 1, 7, { value: "001" }),
        fill("Data", 1, 8, { value: "+62 812" }),
        fill("Data", 1, 9, { value: "-" }),
        fill("Data", 1, 10, { value: "Sangat Tinggi", style: { fill: "#C6EFCE", bold: true } }),
        fill("Data", 1, 11, { value: 42 }),
        fill("Data", 1, 12, { value: "@user" }),
      ]),
    );
    const s = wb.sheet("Data");
    expect(s.cell("F2")).toMatchObject({ f: "=E2/D2*100", fmt: "0.00" });
    expect(s.cell("G2")).toEqual({ v: "=SUM(A1)", quoted: true });
    expect(s.cell("H2")).toEqual({ v: "001", quoted: true });
    expect(s.cell("I2")).toEqual({ v: "+62 812", quoted: true });
    expect(s.cell("J2")).toEqual({ v: "-", quoted: true });
    expect(s.cell("K2")).toEqual({ v: "Sangat Tinggi", fill: "#C6EFCE", bold: true });
    expect(s.cell("L2")).toEqual({ v: 42 });
    expect(s.cell("M2")).toEqual({ v: "@user", quoted: true });
    const kinds = wb.log.map(([k, , addr]) => `${k} ${addr}`);
    expect(kinds).toContain("formulas Data!F2");
    expect(kinds).toContain("values Data!G2:M2");
    expect(res.cellsWritten).toBe(8);
    expect(res.undo).not.toBeNull();
    expect(wb.calcSuspended).toBeGreaterThan(0);
    expect(wb.screenSuspended).toBeGreaterThan(0);
  });

  test("values mode writes the engine's expected value instead of the formula", async () => {
    const wb = setup((w) => numericSheet(w, "Data", 3, 5));
    await applyPlan(plan([fill("Data", 1, 5, { formula: "=E2/D2*100", expected: 100.25 })]), { values: true });
    expect(wb.sheet("Data").cell("F2")).toEqual({ v: 100.25 });
  });

  test("a vertical column of formulas is one block", async () => {
    const wb = setup((w) => numericSheet(w, "Data", 100, 5));
    await applyPlan(plan(fillColumn(100)));
    const formulaWrites = wb.log.filter(([k]) => k === "formulas");
    expect(formulaWrites).toEqual([["formulas", "Data", "Data!F2:F101"]]);
    expect(wb.sheet("Data").cell("F101")).toMatchObject({ f: "=E101/D101*100", fmt: "0.00" });
  });
});

describe("applyPlan: number of requests", () => {
  test("syncs do not grow with rows: 10 and 10,000 filled rows take the same count", async () => {
    const counts: number[] = [];
    for (const rows of [10, 10_000]) {
      const wb = setup((w) => numericSheet(w, "Data", rows, 5));
      await applyPlan(plan(fillColumn(rows)));
      expect(wb.sheet("Data").cell(`F${rows + 1}`)).toMatchObject({ f: `=E${rows + 1}/D${rows + 1}*100` });
      counts.push(wb.syncCount);
      uninstall?.();
    }
    expect(counts[0]).toBe(counts[1]);
    // existence + protection/snapshot read + snapshot & writes + read-back fingerprint + index update
    expect(counts[0]).toBe(5);
  });

  test("many small blocks share requests: 3,000 scattered cells still take the constant count", async () => {
    const wb = setup((w) => numericSheet(w, "Data", 6_000, 5));
    const writes: CellWrite[] = [];
    for (let r = 1; r <= 6_000; r += 2) writes.push(fill("Data", r, 7 + (r % 3) * 2, { value: r, style: { fill: "#FFC7CE" } }));
    await applyPlan(plan(writes));
    expect(wb.log.filter(([k]) => k === "values").length).toBe(3_000);
    expect(wb.syncCount).toBe(5);
  });

  test("a big write is split into several requests, each under the limit", async () => {
    const wb = setup((w) => numericSheet(w, "Data", 10_000, 5));
    wb.payloadLimit = 150_000;
    const writes: CellWrite[] = [];
    for (let r = 1; r <= 10_000; r++) {
      writes.push(fill("Data", r, 5, { formula: `=E${r + 1}/D${r + 1}*100`, numberFormat: "0.00" }));
      writes.push(fill("Data", r, 6, { value: `Kategori nomor ${r} dengan teks panjang` }));
    }
    const res = await applyPlan(plan(writes), { requestBudget: 100_000, snapshot: false });
    expect(res.requests).toBeGreaterThan(3);
    for (const req of wb.requests) expect(req.bytes).toBeLessThanOrEqual(150_000);
    expect(wb.sheet("Data").cell("G10001")).toEqual({ v: "Kategori nomor 10000 dengan teks panjang" });
    expect(wb.sheet("Data").cell("F10001")).toMatchObject({ f: "=E10001/D10001*100", fmt: "0.00" });
    // chunk count follows data size, not block count: doubling the data roughly doubles requests
    expect(res.requests).toBeGreaterThanOrEqual(Math.floor(wb.requests.reduce((n, r) => n + r.bytes, 0) / 100_000));
  });

  test("a request Excel rejects as too large is retried once in smaller requests", async () => {
    const wb = setup((w) => numericSheet(w, "Data", 6_000, 5));
    wb.payloadLimit = 60_000;
    const res = await applyPlan(plan(fillColumn(6_000)), { requestBudget: 200_000, snapshot: false });
    expect(wb.sheet("Data").cell("F6001")).toMatchObject({ f: "=E6001/D6001*100" });
    expect(wb.requests.some((r) => r.bytes > 60_000)).toBe(true); // the rejected one
    expect(res.requests).toBeGreaterThan(1);
  });

  test("when even small requests are rejected: a payload message", async () => {
    const wb = setup((w) => numericSheet(w, "Data", 2_000, 5));
    wb.payloadLimit = 500;
    await expect(applyPlan(plan(fillColumn(2_000)), { snapshot: false })).rejects.toMatchObject({ kind: "payload" });
  });
});

describe("applyPlan: generated sheets", () => {
  test("creates a missing sheet with layout, links, merges, freeze, chart with a 100% reference series", async () => {
    const wb = setup((w) => numericSheet(w, "Data", 3, 6));
    const res = await applyPlan(plan([], [summarySheet()]));
    expect(res.sheetsCreated).toEqual(["Ringkasan Capaian"]);
    const s = wb.sheet("Ringkasan Capaian");
    expect(s.cell("A1")).toMatchObject({ v: "Ringkasan", bold: true });
    expect(s.cell("B3")).toMatchObject({ v: "Capaian", fill: "#DDEBF7" });
    expect(s.cell("B4")).toMatchObject({ f: "='Data'!F2", fmt: "0.00" });
    expect(s.cell("B5")).toMatchObject({ v: 87.25 });
    expect(s.link("A4")).toEqual({ documentReference: "'Data'!A2", textToDisplay: "Program A" });
    expect(s.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 1 }]);
    expect(s.frozenRows).toBe(3);
    expect(s.orientation).toBe("Landscape");
    expect(s.colWidths.get(0)).toBeGreaterThan(s.colWidths.get(1)!);
    expect(s.charts).toHaveLength(1);
    expect(s.charts[0]).toMatchObject({ type: "ColumnClustered", title: "Capaian per program", position: { start: "A8" } });
    // explicit series: Capaian over the programs, the 100 % reference as a line over helper cells
    expect(s.charts[0].series).toEqual([
      { name: "Capaian", values: "'Ringkasan Capaian'!B4:B5", categories: "'Ringkasan Capaian'!A4:A5" },
      { name: "Acuan / Reference 100", values: "'Ringkasan Capaian'!C4:C5", categories: "'Ringkasan Capaian'!A4:A5", type: "Line" },
    ]);
    expect(s.cell("C4")).toEqual({ v: 100 });
    expect(s.cell("C3")).toEqual({ v: "Acuan / Reference 100" });
    expect(wb.activeSheet).toBe("Ringkasan Capaian");
  });

  test("regenerates an existing generated sheet by clearing it (never deleting it)", async () => {
    const wb = setup((w) => {
      numericSheet(w, "Data", 3, 6);
      const old = w.addSheet("Ringkasan Capaian");
      old.set("A1", "old title").set("Z50", "stale").set("B4", { v: 1, fill: "#FF0000" });
      old.merges.push({ r1: 9, c1: 0, r2: 9, c2: 3 });
      old.charts.push({ name: "Chart 1", type: "ColumnClustered", source: "x", seriesBy: "Columns", title: "old", series: [] });
    });
    const res = await applyPlan(plan([], [summarySheet()]));
    expect(res.sheetsRegenerated).toEqual(["Ringkasan Capaian"]);
    const s = wb.sheet("Ringkasan Capaian");
    expect(s.cell("Z50")).toBeUndefined();
    expect(s.cell("A1")).toMatchObject({ v: "Ringkasan" });
    expect(s.cell("B4")).toMatchObject({ f: "='Data'!F2" });
    expect(s.cell("B4")?.fill).toBeUndefined();
    expect(s.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 1 }]);
    expect(s.charts.map((c) => c.title)).toEqual(["Capaian per program"]);
    expect(wb.log.some(([k]) => k === "deleteSheet")).toBe(false);
  });
});

describe("applyPlan: notes", () => {
  test("adds notes (notes API), replacing one the cell already had", async () => {
    const wb = setup((w) => {
      numericSheet(w, "Data", 3, 5);
      w.notes.set("Data!B2", "catatan lama");
    });
    await applyPlan(
      plan([
        { sheet: "Data", row: 1, col: 1, note: "Temuan: jumlah salah", style: { fill: "#FFC7CE" }, purpose: "finding-mark" },
        { sheet: "Data", row: 2, col: 1, note: "Temuan kedua", purpose: "finding-mark" },
      ]),
    );
    expect(wb.notes.get("Data!B2")).toBe("Temuan: jumlah salah");
    expect(wb.notes.get("Data!B3")).toBe("Temuan kedua");
    expect(wb.sheet("Data").cell("B2")).toEqual({ v: 11, fill: "#FFC7CE" });
  });

  test("falls back to comments on ExcelApi 1.10..1.17", async () => {
    const wb = setup((w) => {
      w.apiMinor = 14;
      numericSheet(w, "Data", 3, 5);
      w.notes.set("Data!B2", "komentar lama");
    });
    await applyPlan(plan([{ sheet: "Data", row: 1, col: 1, note: "baru", purpose: "finding-mark" }]));
    expect(wb.notes.get("Data!B2")).toBe("baru");
  });

  test("below 1.10 notes are skipped with a warning, and below 1.9 styles too", async () => {
    const wb = setup((w) => {
      w.apiMinor = 8;
      numericSheet(w, "Data", 3, 5);
    });
    const res = await applyPlan(plan([{ sheet: "Data", row: 1, col: 1, note: "x", value: 5, style: { bold: true }, purpose: "finding-mark" }]));
    expect(wb.notes.size).toBe(0);
    expect(wb.sheet("Data").cell("B2")).toEqual({ v: 5 });
    expect(res.warnings.map((w) => w.en).join(" ")).toMatch(/1\.10.*1\.9|1\.9.*1\.10/s);
  });
});

describe("applyPlan: refusals and Office errors", () => {
  test("a protected sheet is detected before writing and the workbook is left untouched", async () => {
    const wb = setup((w) => {
      numericSheet(w, "Data", 10, 5).protected = true;
    });
    const before = wb.dump();
    const err = await applyPlan(plan(fillColumn(10))).catch((e) => e);
    expect(err).toBeInstanceOf(CapaianOfficeError);
    expect(err.kind).toBe("protected");
    expect(err.text.id).toMatch(/diproteksi/);
    expect(err.text.en).toMatch(/"Data" is protected/);
    expect(wb.dump()).toBe(before);
    expect(wb.log).toEqual([]);
  });

  test("a protected generated sheet is refused too", async () => {
    const wb = setup((w) => {
      numericSheet(w, "Data", 3, 6);
      w.addSheet("Ringkasan Capaian").protected = true;
    });
    const before = wb.dump();
    await expect(applyPlan(plan([], [summarySheet()]))).rejects.toMatchObject({ kind: "protected" });
    expect(wb.dump()).toBe(before);
  });

  test("cell edit mode: finish editing the cell and try again", async () => {
    const wb = setup((w) => numericSheet(w, "Data", 3, 5));
    wb.runError = officeError("InvalidOperationInCellEditMode", "Excel is in cell-editing mode.");
    const err = await applyPlan(plan(fillColumn(3))).catch((e) => e);
    expect(err.kind).toBe("edit-mode");
    expect(err.text.en).toMatch(/Enter or Esc/);
    expect(err.text.id).toMatch(/Enter atau Esc/);
  });

  test("an Office error in the middle of a sync becomes a bilingual generic message", async () => {
    const wb = setup((w) => numericSheet(w, "Data", 3, 5));
    wb.failSyncs = [undefined, undefined, officeError("GeneralException", "boom")];
    const err = await applyPlan(plan(fillColumn(3))).catch((e) => e);
    expect(err).toBeInstanceOf(CapaianOfficeError);
    expect(err.kind).toBe("generic");
    expect(err.text.en).toMatch(/GeneralException: boom/);
  });

  test("a write to a sheet that no longer exists is refused", async () => {
    setup((w) => numericSheet(w, "Data", 3, 5));
    await expect(applyPlan(plan([fill("Hilang", 1, 1, { value: 1 })]))).rejects.toMatchObject({ kind: "sheet-missing" });
  });

  test("below the floor (ExcelApi 1.7) nothing runs and the message names the set and Office versions", async () => {
    const wb = setup((w) => {
      w.apiMinor = 1;
      numericSheet(w, "Data", 3, 5);
    });
    const err = await applyPlan(plan(fillColumn(3))).catch((e) => e);
    expect(err.kind).toBe("api-missing");
    expect(err.text.en).toMatch(/ExcelApi 1\.7/);
    expect(err.text.en).toMatch(/Excel 2019/);
    expect(wb.syncCount).toBe(0);
  });
});
