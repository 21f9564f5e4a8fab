/**
 * The adapter against what real hosts do (issue 12, items 2–9; issue 13's undo of --add-columns
 * looks), on the workbench stand-in, which models each behaviour: settings caps, custom XML parts,
 * the 512-merged-areas failure, the 5 MB response cap, Text-formatted input, chart series, API sets
 * per host, Excel Tables' calculated columns, suspended calculation, undo groups, spills, borders
 * and vertical alignment.
 */
import type { CellWrite, SheetPlan, WritePlan } from "../../src/core/model";
import { getScale } from "../../src/core/scale";
import { applyPlan, readBook } from "../../src/excel";
import { UNDO_INDEX_KEY, undoLast } from "../../src/excel/undo";
import { HOST_PROFILES } from "../../src/workbench/fake-excel";
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

/** Sheets, notes and custom XML parts (not the settings, which hold the undo index). */
function content(wb: FakeWorkbook): string {
  const d = JSON.parse(wb.dump());
  return JSON.stringify({ sheets: d.sheets, notes: d.notes });
}

const textColumn = (rows: number, col = 6): CellWrite[] =>
  Array.from({ length: rows }, (_, i) => ({ sheet: "Data", row: i + 1, col, value: `nilai baru ${i + 1} dengan keterangan`, purpose: "fill" as const }));

describe("2. undo data beyond the settings cap", () => {
  test("Excel 2021 (settings values refused from ~1 MB): a 10,000-row fill is kept in custom XML parts and undone exactly", async () => {
    const wb = new FakeWorkbook();
    wb.apiMinor = 14;
    Object.assign(wb.options, HOST_PROFILES.excel2021);
    const s = numericSheet(wb, "Data", 10_000, 5);
    for (let r = 1; r <= 10_000; r++) s.set([r, 6], { v: `teks lama baris ${r} yang cukup panjang untuk snapshot` });
    use(wb);
    const before = content(wb);
    const res = await applyPlan(plan(textColumn(10_000)));
    expect(res.undo).not.toBeNull();
    // settings: only the small index
    expect([...wb.settings.keys()]).toEqual([UNDO_INDEX_KEY]);
    expect(String(wb.settings.get(UNDO_INDEX_KEY)).length).toBeLessThan(2_000);
    expect(wb.mem.customXmlParts.size).toBeGreaterThan(1);
    await undoLast();
    expect(content(wb)).toBe(before);
    expect(wb.mem.customXmlParts.size).toBe(0);
  });

  test("when the undo data cannot be stored the write is refused before any cell changes, and nothing is orphaned", async () => {
    const wb = new FakeWorkbook();
    wb.options.settingsLimit = 200; // the index itself cannot be written
    numericSheet(wb, "Data", 50, 5);
    use(wb);
    const before = wb.dump();
    const err = await applyPlan(plan(textColumn(50))).catch((e) => e);
    expect(err.kind).toBe("undo-storage");
    expect(err.text.id).toMatch(/Tidak ada sel yang diubah/);
    expect(err.text.en).toMatch(/No cell was changed/);
    expect(wb.dump()).toBe(before); // cells, settings and custom XML parts as before
    expect(wb.mem.customXmlParts.size).toBe(0);
  });

  test("a snapshot too large to keep refuses the write with a clear message", async () => {
    const wb = use((() => {
      const w = new FakeWorkbook();
      numericSheet(w, "Data", 200, 5);
      return w;
    })());
    const before = wb.dump();
    const err = await applyPlan(plan(textColumn(200)), { maxSnapshotChars: 1_000 }).catch((e) => e);
    expect(err.kind).toBe("undo-storage");
    expect(err.text.en).toMatch(/too large/);
    expect(wb.dump()).toBe(before);
  });

  test("parts left by an interrupted write are deleted by the next operation", async () => {
    const wb = new FakeWorkbook();
    numericSheet(wb, "Data", 5, 5);
    wb.mem.customXmlParts.set("{orphan}", { namespace: "urn:capaian:undo:1:gone", xml: "<capaianUndo/>" });
    wb.mem.customXmlParts.set("{user}", { namespace: "urn:someone-else", xml: "<x/>" });
    use(wb);
    await applyPlan(plan(textColumn(3)));
    expect(wb.mem.customXmlParts.has("{orphan}")).toBe(false);
    expect(wb.mem.customXmlParts.has("{user}")).toBe(true);
  });
});

/** A Renja-like sheet with two merged cells per row (more than 512 merged areas). */
function mergedSheet(wb: FakeWorkbook, rows: number): void {
  const s = numericSheet(wb, "Data", rows, 6);
  for (let r = 1; r <= rows; r++) s.merges.push({ r1: r, c1: 0, r2: r, c2: 1 });
}

describe("3. more than 512 merged areas", () => {
  test("Scan reads every merged area of a 600-row matrix (the API fails past 512 in one range)", async () => {
    const wb = new FakeWorkbook();
    mergedSheet(wb, 600);
    use(wb);
    const book = await readBook({ scope: "active" });
    expect(book.sheets[0].merges).toHaveLength(600);
  });

  test("a header merge on such a sheet is written and undone exactly, and a regenerated sheet with 600 merges comes back", async () => {
    const wb = new FakeWorkbook();
    mergedSheet(wb, 600);
    const old = wb.addSheet("Ringkasan Capaian");
    for (let r = 0; r < 600; r++) {
      old.set([r, 0], `baris ${r}`);
      old.merges.push({ r1: r, c1: 0, r2: r, c2: 2 });
    }
    use(wb);
    const before = content(wb);
    const summary: SheetPlan = {
      name: "Ringkasan Capaian",
      purpose: "ringkasan",
      cells: [{ sheet: "Ringkasan Capaian", row: 0, col: 0, value: "baru", purpose: "summary" }],
      columnWidths: [],
      merges: [],
      print: { paper: "A4", orientation: "landscape", fitToWidth: true },
      charts: [],
    };
    await applyPlan(plan([{ sheet: "Data", row: 0, col: 6, value: "Kategori", merge: { r1: 0, c1: 6, r2: 0, c2: 7 }, purpose: "header" }], [summary]));
    expect(wb.sheet("Ringkasan Capaian").merges).toEqual([]);
    await undoLast();
    expect(content(wb)).toBe(before);
  });
});

describe("4. the 5 MB response cap of Excel on the web", () => {
  test("a sheet of long texts is read in pieces Excel can answer", async () => {
    const wb = new FakeWorkbook();
    const s = wb.addSheet("Data");
    const long = "uraian kegiatan ".repeat(12);
    for (let r = 0; r < 10_000; r++) s.set([r, 0], `${long}${r}`).set([r, 1], r);
    use(wb);
    const book = await readBook({ scope: "active" });
    expect(book.sheets[0].value(9_999, 0)).toBe(`${long}9999`);
    // the texts' length is not known before reading: a refused request is asked again in halves
    const refused = wb.requests.filter((r) => r.failed);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(2);
    expect(new Set(refused.map((r) => r.failed))).toEqual(new Set(["ResponsePayloadSizeLimitExceeded"]));
    for (const r of wb.requests.filter((x) => !x.failed)) expect(r.responseBytes).toBeLessThanOrEqual(5 * 1024 * 1024);
  });

  test("the before-image of a 30,000-row overwrite is read under the cap and the fill undone exactly", async () => {
    const wb = new FakeWorkbook();
    const s = numericSheet(wb, "Data", 30_000, 3);
    for (let r = 1; r <= 30_000; r++) s.set([r, 6], { v: `lama ${r}`, fill: "#FFFF00", bold: true });
    use(wb);
    const before = content(wb);
    await applyPlan(plan(textColumn(30_000)));
    for (const r of wb.requests) {
      expect(r.responseBytes).toBeLessThanOrEqual(5 * 1024 * 1024);
      expect(r.bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    }
    await undoLast();
    expect(content(wb)).toBe(before);
  });
});

describe("5. Text-formatted targets", () => {
  test("the number format is set before the formula, so a Text (@) cell gets a formula, not its text", async () => {
    const wb = new FakeWorkbook();
    const s = numericSheet(wb, "Data", 3, 5);
    for (let r = 1; r <= 3; r++) s.set([r, 5], { v: null, fmt: "@" } as never);
    use(wb);
    const before = content(wb);
    await applyPlan(plan([1, 2, 3].map((r) => ({ sheet: "Data", row: r, col: 5, formula: `=E${r + 1}/D${r + 1}*100`, purpose: "fill" as const }))));
    const f2 = wb.sheet("Data").cell("F2")!;
    expect(f2.f).toBe("=E2/D2*100");
    expect(f2.fmt).toBeUndefined(); // General
    expect(f2.v).toBeCloseTo((14 / 13) * 100, 9);
    await undoLast();
    expect(content(wb)).toBe(before);
  });

  test("a plan's own number format also goes before the formula; values mode writes numbers, not text", async () => {
    const wb = new FakeWorkbook();
    const s = numericSheet(wb, "Data", 2, 5);
    s.set("F2", { v: null, fmt: "@" } as never).set("G2", { v: null, fmt: "@" } as never);
    use(wb);
    await applyPlan(plan([{ sheet: "Data", row: 1, col: 5, formula: "=E2/D2*100", numberFormat: "0.00", purpose: "fill" }]));
    expect(wb.sheet("Data").cell("F2")).toMatchObject({ f: "=E2/D2*100", fmt: "0.00" });
    await applyPlan(plan([{ sheet: "Data", row: 1, col: 6, formula: "=E2/D2*100", expected: 107.69, purpose: "fill" }]), { values: true });
    expect(wb.sheet("Data").cell("G2")).toEqual({ v: 107.69 });
  });
});

/** A Ringkasan sheet plan with its two charts (Capaian D4:D6, Penyerapan F4:F6, each against 100). */
function ringkasanSheet(name: string, cells: CellWrite[], unit: string): SheetPlan {
  return {
    name,
    purpose: "ringkasan",
    cells,
    columnWidths: [],
    merges: [],
    print: { paper: "A4", orientation: "landscape", fitToWidth: true },
    charts: [
      { type: "column", title: "Capaian", categories: "A4:A6", series: [{ name: `Capaian${unit}`, values: "D4:D6" }], referenceLine: 100, anchor: { row: 8, col: 0 } },
      { type: "column", title: "Penyerapan", categories: "A4:A6", series: [{ name: `Penyerapan${unit}`, values: "F4:F6" }], referenceLine: 100, anchor: { row: 8, col: 8 } },
    ],
  };
}

describe("6. charts from explicit series", () => {
  /** The Ringkasan layout: Program, two blank merged columns, Capaian, 100, Penyerapan, 100. */
  function ringkasan(): SheetPlan {
    const name = "Ringkasan Capaian";
    const cells: CellWrite[] = [
      { sheet: name, row: 2, col: 0, value: "Program", purpose: "header" },
      { sheet: name, row: 2, col: 3, value: "Capaian", purpose: "header" },
      { sheet: name, row: 2, col: 4, value: "Acuan", purpose: "header" },
      { sheet: name, row: 2, col: 5, value: "Penyerapan", purpose: "header" },
      { sheet: name, row: 2, col: 6, value: "Acuan", purpose: "header" },
    ];
    for (let r = 3; r <= 5; r++) {
      cells.push({ sheet: name, row: r, col: 0, value: `Program ${r}`, merge: { r1: r, c1: 0, r2: r, c2: 2 }, purpose: "summary" });
      cells.push({ sheet: name, row: r, col: 3, value: 80 + r, purpose: "summary" });
      cells.push({ sheet: name, row: r, col: 4, value: 100, purpose: "summary" });
      cells.push({ sheet: name, row: r, col: 5, value: 60 + r, purpose: "summary" });
      cells.push({ sheet: name, row: r, col: 6, value: 100, purpose: "summary" });
    }
    return ringkasanSheet(name, cells, "");
  }

  test("Capaian chart = Capaian vs 100, Penyerapan chart = Penyerapan vs 100, nothing else", async () => {
    const wb = new FakeWorkbook();
    numericSheet(wb, "Data", 3, 5);
    use(wb);
    await applyPlan(plan([], [ringkasan()]));
    const charts = wb.sheet("Ringkasan Capaian").charts;
    const summary = charts.map((c) => ({
      title: c.title,
      series: c.series.map((x) => [x.name, x.values, x.categories, x.type ?? c.type]),
    }));
    const cats = "'Ringkasan Capaian'!A4:A6";
    expect(summary).toEqual([
      {
        title: "Capaian",
        series: [
          ["Capaian", "'Ringkasan Capaian'!D4:D6", cats, "ColumnClustered"],
          ["Acuan / Reference 100", "'Ringkasan Capaian'!H4:H6", cats, "Line"],
        ],
      },
      {
        title: "Penyerapan",
        series: [
          ["Penyerapan", "'Ringkasan Capaian'!F4:F6", cats, "ColumnClustered"],
          ["Acuan / Reference 100", "'Ringkasan Capaian'!I4:I6", cats, "Line"],
        ],
      },
    ]);
    // "" results are not drawn as zero where the host can say so (ExcelApi 1.8)
    expect(charts.every((c) => c.displayBlanksAs === "NotPlotted")).toBe(true);
  });
});

describe("6. charts: a missing value is no bar, not a 0 % bar", () => {
  /** The summary's chart data: formulas returning "" when the source has no number (src/core/summary). */
  function withFormulas(): SheetPlan {
    const name = "Ringkasan Capaian";
    const cells: CellWrite[] = [
      { sheet: name, row: 2, col: 0, value: "Program", purpose: "header" },
      { sheet: name, row: 2, col: 3, value: "Capaian (%)", purpose: "header" },
      { sheet: name, row: 2, col: 5, value: "Penyerapan (%)", purpose: "header" },
    ];
    const capaian = [91.5, null, 72];
    const penyerapan = [null, 64, 88];
    for (let i = 0; i < 3; i++) {
      const r = 3 + i;
      cells.push({ sheet: name, row: r, col: 0, value: `Program ${i + 1}`, merge: { r1: r, c1: 0, r2: r, c2: 2 }, purpose: "summary" });
      cells.push({ sheet: name, row: r, col: 3, formula: `=IF(ISNUMBER(Data!B${i + 2}),Data!B${i + 2},"")`, expected: capaian[i], numberFormat: "0.00", purpose: "summary" });
      cells.push({ sheet: name, row: r, col: 5, formula: `=IF(ISNUMBER(Data!C${i + 2}),Data!C${i + 2},"")`, expected: penyerapan[i], numberFormat: "0.00", purpose: "summary" });
    }
    return ringkasanSheet(name, cells, " (%)");
  }

  test("formula series are plotted from #N/A helper columns; the data table keeps its blanks", async () => {
    const wb = new FakeWorkbook();
    const data = wb.addSheet("Data");
    data.set("B2", 91.5).set("B4", 72).set("C3", 64).set("C4", 88);
    use(wb);
    await applyPlan(plan([], [withFormulas()]));
    const sheet = wb.sheet("Ringkasan Capaian");
    const q = "'Ringkasan Capaian'!";
    // the sheet's cells end at column F: helpers in G (Capaian), H (100), I (Penyerapan), J (100)
    const cats = `${q}A4:A6`;
    expect(sheet.charts.map((c) => c.series.map((x) => [x.name, x.values, x.categories, x.type ?? c.type]))).toEqual([
      [
        ["Capaian (%)", `${q}G4:G6`, cats, "ColumnClustered"],
        ["Acuan / Reference 100", `${q}H4:H6`, cats, "Line"],
      ],
      [
        ["Penyerapan (%)", `${q}I4:I6`, cats, "ColumnClustered"],
        ["Acuan / Reference 100", `${q}J4:J6`, cats, "Line"],
      ],
    ]);
    // the visible data table: a missing value stays blank ("")
    expect(["D4", "D5", "D6"].map((a) => sheet.value(a))).toEqual([91.5, "", 72]);
    expect(["F4", "F5", "F6"].map((a) => sheet.value(a))).toEqual(["", 64, 88]);
    // what the charts plot: the number, or #N/A (which Excel leaves out), never "" (plotted as 0)
    expect(sheet.cell("G4")).toMatchObject({ f: "=IF(ISNUMBER(D4),D4,NA())", v: 91.5, fmt: "0.00" });
    expect(sheet.cell("G5")).toMatchObject({ f: "=IF(ISNUMBER(D5),D5,NA())", v: "#N/A", error: true });
    expect(sheet.cell("I4")).toMatchObject({ v: "#N/A", error: true });
    expect(["I5", "I6"].map((a) => sheet.value(a))).toEqual([64, 88]);
    // each helper column is labelled
    expect(["G3", "H3", "I3", "J3"].map((a) => sheet.value(a))).toEqual(["Capaian (%)", "Acuan / Reference 100", "Penyerapan (%)", "Acuan / Reference 100"]);
  });
});

describe("7. undo across hosts", () => {
  test("notes written on ExcelApi 1.18 and undone on Excel 2021 (1.14): cells restored, the notes reported, no failure", async () => {
    const wb = new FakeWorkbook();
    numericSheet(wb, "Data", 3, 5);
    use(wb);
    const before = content(wb);
    await applyPlan(plan([{ sheet: "Data", row: 1, col: 1, value: 99, note: "Temuan", style: { fill: "#FFC7CE" }, purpose: "finding-mark" }]));
    const on2021 = wb.reopen();
    on2021.apiMinor = 14;
    use(on2021);
    const res = await undoLast();
    expect(on2021.sheet("Data").cell("B2")).toEqual({ v: 11 });
    expect(res.warnings.map((w) => w.en).join(" ")).toMatch(/notes.*1\.18/);
    // only the note Capaian added is left (it cannot be removed without the notes API)
    const now = JSON.parse(content(on2021));
    expect(now.sheets).toEqual(JSON.parse(before).sheets);
  });
});

describe("8. Excel Tables", () => {
  test("a fill into a table column is refused before writing (calculated-column AutoCorrect would rewrite the rows)", async () => {
    const wb = new FakeWorkbook();
    numericSheet(wb, "Data", 4, 6);
    wb.sheet("Data").mem.tables.push({ name: "TabelCapaian", area: { r1: 0, c1: 0, r2: 4, c2: 5 } });
    // F2:F5 emptied: the column Capaian would fill
    for (let r = 1; r <= 4; r++) wb.sheet("Data").mem.delete(r, 5);
    use(wb);
    const before = wb.dump();
    const writes: CellWrite[] = [
      { sheet: "Data", row: 1, col: 5, formula: "=E2/D2*100", purpose: "fill" },
      { sheet: "Data", row: 2, col: 5, formula: "=SUM(F2:F2)", purpose: "fill" },
    ];
    const err = await applyPlan(plan(writes)).catch((e) => e);
    expect(err.kind).toBe("table");
    expect(err.text.en).toMatch(/TabelCapaian/);
    expect(err.text.id).toMatch(/Tidak ada yang diubah/);
    expect(wb.dump()).toBe(before);
  });

  test("a header written right beside a table is refused too (Excel would extend the table)", async () => {
    const wb = new FakeWorkbook();
    numericSheet(wb, "Data", 4, 6);
    wb.sheet("Data").mem.tables.push({ name: "T1", area: { r1: 0, c1: 0, r2: 4, c2: 5 } });
    use(wb);
    await expect(applyPlan(plan([{ sheet: "Data", row: 0, col: 6, value: "Kategori", purpose: "header" }]))).rejects.toMatchObject({ kind: "table" });
  });
});

describe("9. calculation, undo groups, spills, shared state", () => {
  test("calculation is resumed: a formula depending on a written cell shows the new value to the next read", async () => {
    const wb = new FakeWorkbook();
    const s = numericSheet(wb, "Data", 3, 5);
    s.set("H2", { v: 0, f: "=G2*2" });
    use(wb);
    await applyPlan(plan([{ sheet: "Data", row: 1, col: 6, value: 21, purpose: "fill" }]));
    const book = await readBook({ scope: "active" });
    expect(book.sheets[0].value(1, 7)).toBe(42);
  });

  test("on ExcelApi 1.20 an operation is one Ctrl+Z step (mergeUndoGroup); below, no such option is sent", async () => {
    for (const [minor, grouped] of [
      [20, true],
      [18, false],
    ] as const) {
      const wb = new FakeWorkbook();
      wb.apiMinor = minor;
      numericSheet(wb, "Data", 3, 5);
      use(wb);
      await applyPlan(plan(textColumn(3)));
      expect(wb.runCalls.some((c) => c.mergeUndoGroup === true)).toBe(grouped);
      if (grouped) expect(wb.mem.stats.undoSteps).toBe(1);
      else expect(wb.mem.stats.undoSteps).toBeGreaterThan(1);
    }
  });

  test("a forced overwrite into a dynamic-array spill is refused, nothing written", async () => {
    const wb = new FakeWorkbook();
    const s = numericSheet(wb, "Data", 5, 5);
    s.set("G2", { v: 1, f: "=SEQUENCE(4)" });
    s.mem.spills.push({ r1: 1, c1: 6, r2: 4, c2: 6 });
    use(wb);
    const before = wb.dump();
    const err = await applyPlan(plan([{ sheet: "Data", row: 3, col: 6, value: 5, purpose: "fill", overwrites: 3 } as CellWrite])).catch((e) => e);
    expect(err.kind).toBe("array");
    expect(err.text.en).toMatch(/Data!G4/);
    expect(wb.dump()).toBe(before);
  });
  // The ribbon's last check is kept out of the workbook (a read-only check must not mark it changed):
  // tests/taskpane/commands.test.ts covers how the task pane finds it.
});

describe("issue 13: undo restores the looks --add-columns writes", () => {
  test("borders, wrap, horizontal and vertical alignment and fonts come back exactly", async () => {
    const wb = new FakeWorkbook();
    const s = numericSheet(wb, "Data", 3, 5);
    s.set("F1", { v: "lama", hAlign: "Right", vAlign: "Top", borders: { b: "Dash" } });
    use(wb);
    const before = content(wb);
    const header = { bold: true, wrap: true, hAlign: "center" as const, vAlign: "middle" as const, border: true, fill: "#DDEBF7" };
    await applyPlan(
      plan([
        { sheet: "Data", row: 0, col: 5, value: "Capaian (%)", style: header, purpose: "header" },
        { sheet: "Data", row: 0, col: 6, value: "Kategori", style: header, purpose: "header" },
      ]),
    );
    expect(wb.sheet("Data").cell("G1")).toMatchObject({ wrap: true, hAlign: "Center", vAlign: "Center", bold: true, borders: { t: "Continuous", b: "Continuous", l: "Continuous", r: "Continuous" } });
    await undoLast();
    expect(content(wb)).toBe(before);
  });
});
