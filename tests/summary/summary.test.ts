import { Grid } from "../../src/core/grid";
import type { Book } from "../../src/core/grid";
import type { CellWrite, EngineOptions, SheetPlan } from "../../src/core/model";
import { categorize, customScale, getScale, SCALE_PRESETS } from "../../src/core/scale";
import {
  GENERATED_MARKER,
  isGeneratedSheet,
  markerText,
  planSummaries,
  resolveSheetName,
} from "../../src/core/summary";
import { checkExpected } from "./evaluate";
import { e81, E81_COLUMNS, makeTable } from "./helpers";

const OPTS: EngineOptions = { scale: getScale("permendagri86"), negativeFormula: "seed" };

function sheet(plans: SheetPlan[], name: string): SheetPlan {
  const p = plans.find((x) => x.name === name);
  if (!p) throw new Error(`no sheet ${name}: ${plans.map((x) => x.name).join(", ")}`);
  return p;
}
function at(p: SheetPlan, row: number, col: number): CellWrite | undefined {
  return p.cells.find((c) => c.row === row && c.col === col);
}
function rowOf(p: SheetPlan, col: number, text: string): number {
  const c = p.cells.find((w) => w.col === col && w.value === text);
  if (!c) throw new Error(`no "${text}" in column ${col} of ${p.name}`);
  return c.row;
}
/** A Grid holding what the plan writes (values; formulas with their expected value). */
function gridOf(p: SheetPlan): Grid {
  const g = new Grid(p.name);
  for (const c of p.cells) g.set(c.row, c.col, { v: c.formula ? (c.expected ?? null) : (c.value ?? null), f: c.formula });
  return g;
}
const r2 = (v: unknown): number => Math.round((v as number) * 100) / 100;

describe("planSummaries over a hand-made E.81 matrix", () => {
  const { book, computed } = e81();
  const plans = planSummaries(book, computed, OPTS);

  test("generates the three sheets with fixed names and the marker", () => {
    expect(plans.map((p) => p.name)).toEqual(["Ringkasan Capaian", "Efisiensi", "Realisasi Anggaran"]);
    expect(plans.map((p) => p.purpose)).toEqual(["ringkasan", "efisiensi", "realisasi-anggaran"]);
    for (const p of plans) {
      const last = p.cells.reduce((a, b) => (b.row > a.row ? b : a));
      expect(last.value).toBe(markerText(p.purpose));
      expect(String(last.value)).toContain(`[${GENERATED_MARKER}:${p.purpose}]`);
      expect(isGeneratedSheet(gridOf(p))).toBe(true);
      expect(p.print).toEqual({ paper: "A4", orientation: "landscape", fitToWidth: true });
      expect(p.freezeRows).toBeGreaterThan(0);
      expect(p.columnWidths.length).toBeGreaterThan(5);
      for (const c of p.cells) {
        expect(c.sheet).toBe(p.name);
        expect(c.purpose).toBe("summary");
      }
    }
  });

  test("every formula evaluates to its expected value (test evaluator), none divides by zero", () => {
    const { count, mismatches } = checkExpected(book, plans, computed);
    expect(mismatches).toEqual([]);
    expect(count).toBeGreaterThan(80);
    for (const p of plans)
      for (const c of p.cells) {
        if (!c.formula) continue;
        expect(c.formula.startsWith("=")).toBe(true);
        // every division is guarded by an IF
        if (c.formula.includes("/")) expect(c.formula).toMatch(/^=IF\(/);
        expect(c.formula).not.toMatch(/;/);
      }
  });

  test("labels copied from the user's cells are text values, even when they start with '='", () => {
    for (const p of plans) {
      const w = p.cells.find((c) => c.value === "=PROGRAM PEMBERDAYAAN KOPERASI");
      expect(w).toBeDefined();
      expect(w?.formula).toBeUndefined();
      expect(p.cells.some((c) => c.formula?.includes("PEMBERDAYAAN KOPERASI"))).toBe(false);
    }
  });

  test("Efisiensi: two-row merged header like the seeds, efficiency = capaian K / penyerapan", () => {
    const p = sheet(plans, "Efisiensi");
    expect(at(p, 5, 2)?.value).toBe("Indikator Kinerja");
    expect(at(p, 5, 6)?.value).toBe("Anggaran");
    expect(at(p, 6, 6)?.value).toBe("Pagu (Rp)");
    expect(at(p, 5, 9)?.value).toBe("Tingkat Efisiensi");
    expect(p.merges).toEqual(expect.arrayContaining([{ r1: 5, c1: 2, r2: 5, c2: 5 }, { r1: 5, c1: 6, r2: 5, c2: 8 }, { r1: 5, c1: 9, r2: 6, c2: 9 }]));
    for (const c of p.cells.filter((x) => x.row <= 6 && x.row >= 5)) expect(c.style).toMatchObject({ bold: true, border: true, wrap: true, hAlign: "center" });

    // program 1: 100 % / 74,64 % = 1,34 (seed 002 Tabel 3.10)
    const r = rowOf(p, 1, "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH");
    expect(at(p, r, 0)?.value).toBe(1);
    expect(at(p, r, 3)?.formula).toBe(`=IF('E81'!E6="","",'E81'!E6)`);
    expect(at(p, r, 6)?.formula).toBe(`=IF('E81'!F6="","",'E81'!F6)`);
    expect(at(p, r, 6)?.numberFormat).toBe("#,##0");
    expect(r2(at(p, r, 8)?.expected)).toBe(74.64);
    expect(at(p, r, 9)?.formula).toBe(`=IF(AND(ISNUMBER(F${r + 1}),ISNUMBER(I${r + 1})),IF(I${r + 1}=0,"",F${r + 1}/I${r + 1}),"")`);
    expect(r2(at(p, r, 9)?.expected)).toBe(1.34);
    expect(at(p, r, 9)?.numberFormat).toBe("0.00");
    expect(at(p, r, 10)?.expected).toBe("Efisien");
    expect(at(p, r, 10)?.formula).toBe(`=IF(ISNUMBER(J${r + 1}),IF(J${r + 1}>=1,"Efisien","Tidak efisien"),"")`);

    // extra indicator row: program name only on the first row, budget shared with the node
    const ind = rowOf(p, 2, "Persentase dokumen tepat waktu");
    expect(ind).toBe(r + 1);
    expect(at(p, ind, 1)?.value ?? null).toBeNull();
    expect(at(p, ind, 0)?.value ?? null).toBeNull();
    expect(at(p, ind, 6)?.formula).toBe(`=IF('E81'!F6="","",'E81'!F6)`);
    expect(r2(at(p, ind, 9)?.expected)).toBe(r2(90 / ((9440925382 / 12649363995) * 100)));
    expect(at(p, ind, 10)?.expected).toBe("Efisien");

    // kegiatan: no number, K with unit shown as text; penyerapan a fraction formatted as % → points
    const k1 = rowOf(p, 1, "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah");
    expect(at(p, k1, 0)?.value ?? null).toBeNull();
    expect(at(p, k1, 3)?.expected).toBe("18 dokumen");
    expect(at(p, k1, 8)?.formula).toBe(`=IF(ISNUMBER('E81'!J8),'E81'!J8*100,IF('E81'!J8="","",'E81'!J8))`);
    expect(at(p, k1, 8)?.expected).toBeCloseTo(98.97, 10);
    expect(at(p, k1, 8)?.numberFormat).toBe("0.00");
    expect(r2(at(p, k1, 9)?.expected)).toBe(1.01);

    // filled cells: referenced, expected from the ComputedCell (Tabel 3.10: 100 / 66,69 = 1,50)
    const k2 = rowOf(p, 1, "Administrasi Keuangan Perangkat Daerah");
    expect(at(p, k2, 5)?.formula).toBe(`=IF('E81'!I9="","",'E81'!I9)`);
    expect(at(p, k2, 5)?.expected).toBe(100);
    expect(r2(at(p, k2, 9)?.expected)).toBe(1.5);

    // placeholders: shown, efficiency blank (not 0, not #DIV/0!)
    const p2 = rowOf(p, 1, "=PROGRAM PEMBERDAYAAN KOPERASI");
    expect(at(p, p2, 0)?.value).toBe(2);
    expect(at(p, p2, 4)?.expected).toBe("Menunggu data BPS");
    expect(at(p, p2, 5)?.expected).toBe("-");
    expect(at(p, p2, 9)?.expected).toBeNull();
    expect(at(p, p2, 10)?.expected).toBeNull();
    // pagu stored as text: copied as a number with a note
    expect(at(p, p2, 6)?.formula).toBeUndefined();
    expect(at(p, p2, 6)?.value).toBe(625000000);
    expect(at(p, p2, 6)?.note).toMatch(/'E81'!F10/);
  });

  test("Ringkasan Capaian: rows, predikat, distribution, rata-rata and its predikat, scale statement, charts", () => {
    const p = sheet(plans, "Ringkasan Capaian");
    const texts = p.cells.map((c) => c.value).filter((v) => typeof v === "string") as string[];
    expect(texts.some((t) => t.startsWith("Skala Permendagri 86/2017"))).toBe(true);
    expect(texts.some((t) => t.startsWith("Scale Permendagri 86/2017"))).toBe(true);
    // sasaran and programs, no kegiatan at the default level
    expect(texts).toContain("Meningkatnya pendapatan pelaku UMKM");
    expect(texts).not.toContain("Administrasi Keuangan Perangkat Daerah");
    const s = rowOf(p, 2, "Meningkatnya pendapatan pelaku UMKM");
    expect(at(p, s, 1)?.value).toBe("Sasaran");
    expect(at(p, s, 6)?.expected).toBeCloseTo((4.4 / 7) * 100, 10);
    expect(at(p, s, 11)?.expected).toBe(categorize((4.4 / 7) * 100, OPTS.scale));
    expect(at(p, s, 11)?.expected).toBe("Rendah");
    const prog = rowOf(p, 2, "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH");
    expect(at(p, prog, 0)?.value).toBe("1.1");
    expect(at(p, prog, 11)?.expected).toBe("Sangat Tinggi");
    expect(at(p, prog + 1, 11)?.expected).toBe("Tinggi"); // 90 → Tinggi (< 91)
    expect(at(p, prog + 1, 1)?.value).toBe("Program");

    // distribution
    const st = rowOf(p, 0, "Sangat Tinggi");
    const header = st - 1;
    expect(at(p, header, 2)?.value).toBe("Jumlah Sasaran");
    expect(at(p, header, 3)?.value).toBe("Jumlah Program");
    expect(at(p, header, 4)?.value).toBe("Jumlah");
    expect(at(p, st, 3)?.formula).toMatch(/^=COUNTIFS\(\$B\$\d+:\$B\$\d+,"=Program",\$L\$\d+:\$L\$\d+,"=Sangat Tinggi"\)$/);
    expect(at(p, st, 3)?.expected).toBe(1);
    expect(at(p, st, 4)?.formula).toMatch(/^=COUNTIF\(\$L\$\d+:\$L\$\d+,"=Sangat Tinggi"\)$/);
    expect(at(p, st + 1, 4)?.expected).toBe(1); // Tinggi
    const belum = rowOf(p, 0, "Belum dapat dinilai");
    expect(at(p, belum, 3)?.expected).toBe(1); // program 2 ("-")
    expect(at(p, belum + 1, 4)?.expected).toBe(4);

    // rata-rata over the program rows with a number: (100 + 90) / 2
    const rr = rowOf(p, 0, "Rata-rata capaian kinerja program (%)");
    expect(at(p, rr, 6)?.formula).toMatch(/AVERAGEIF\(\$B\$\d+:\$B\$\d+,"=Program",\$G\$\d+:\$G\$\d+\)/);
    expect(at(p, rr, 6)?.expected).toBe(95);
    expect(at(p, rr + 1, 6)?.expected).toBe("Sangat Tinggi");
    expect(at(p, rr + 1, 6)?.formula).toBe(
      `=IF(ISNUMBER(G${rr + 1}),IF(G${rr + 1}>=91,"Sangat Tinggi",IF(G${rr + 1}>=76,"Tinggi",IF(G${rr + 1}>=66,"Sedang",IF(G${rr + 1}>=51,"Rendah","Sangat Rendah")))),"")`,
    );

    // charts over a contiguous chart-data block
    expect(p.charts).toHaveLength(2);
    expect(p.charts[0]).toMatchObject({ type: "column", referenceLine: 100 });
    expect(p.charts[0].categories).toMatch(/^A\d+:A\d+$/);
    const [from, to] = p.charts[0].series[0].values.split(":");
    expect(from).toMatch(/^D\d+$/);
    expect(Number(to.slice(1)) - Number(from.slice(1))).toBe(2); // 2 programs, 3 indicator rows
    expect(p.charts[1].title).toMatch(/Penyerapan/);
    expect(p.charts[1].series[0].values).toMatch(/^F\d+:F\d+$/);
    // the column right of each series stays free (the Excel adapter draws the reference line there)
    const [r1, r2] = p.charts[0].series[0].values.split(":").map((x) => Number(x.slice(1)) - 1);
    for (let r = r1 - 1; r <= r2; r++) {
      expect(at(p, r, 4)).toBeUndefined();
      expect(at(p, r, 6)).toBeUndefined();
    }
  });

  test("Ringkasan at level kegiatan lists the kegiatan too; negative polarity computed with the seed formula", () => {
    const q = planSummaries(book, computed, { ...OPTS, level: "kegiatan" });
    const p = sheet(q, "Ringkasan Capaian");
    const k = rowOf(p, 2, "Pemberdayaan dan Perlindungan Koperasi");
    expect(at(p, k, 1)?.value).toBe("Kegiatan");
    expect(at(p, k, 0)?.value).toBe("1.2.1");
    expect(at(p, k, 6)?.expected).toBe(80);
    expect(checkExpected(book, q, computed).mismatches).toEqual([]);
  });

  test("Realisasi Anggaran: programs and kegiatan, sisa, SUMIF total over the program rows", () => {
    const p = sheet(plans, "Realisasi Anggaran");
    const prog = rowOf(p, 3, "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH");
    expect(at(p, prog, 2)?.value).toBe("2.17.01");
    expect(at(p, prog, 7)?.expected).toBe(12649363995 - 9440925382);
    expect(p.cells.some((c) => c.value === "Persentase dokumen tepat waktu")).toBe(false);
    const total = rowOf(p, 3, "Jumlah (seluruh program)");
    expect(at(p, total, 4)?.formula).toMatch(/^=SUMIF\(\$B\$\d+:\$B\$\d+,"=Program",\$E\$\d+:\$E\$\d+\)$/);
    expect(at(p, total, 4)?.expected).toBe(12649363995 + 625000000);
    expect(at(p, total, 5)?.expected).toBe(9440925382 + 425000000);
    expect(at(p, total, 6)?.expected).toBeCloseTo(((9440925382 + 425000000) / (12649363995 + 625000000)) * 100, 10);
    expect(at(p, total, 7)?.expected).toBe(12649363995 + 625000000 - (9440925382 + 425000000));
    // absorption chart over a contiguous block of the program rows
    expect(p.charts).toHaveLength(1);
    expect(p.charts[0]).toMatchObject({ type: "column", referenceLine: 100, title: "Penyerapan Anggaran per Program (%)" });
    const [from, to] = p.charts[0].series[0].values.split(":");
    expect(Number(to.slice(1)) - Number(from.slice(1))).toBe(1);
    const first = Number(from.slice(1)) - 1;
    expect(at(p, first, 0)?.value).toBe("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH");
    expect(at(p, first, 4)?.formula).toBe(`=IF(ISNUMBER(G${prog + 1}),G${prog + 1},"")`);
  });
});

describe("generated-sheet marker and names", () => {
  test("a user's sheet of the same name is never overwritten", () => {
    const { book, computed } = e81();
    const user = new Grid("Efisiensi");
    user.set(0, 0, { v: "my own notes" });
    book.sheets.push(user);
    const ours = new Grid("ringkasan capaian");
    ours.set(9, 0, { v: markerText("ringkasan") });
    book.sheets.push(ours);
    expect(resolveSheetName(book, "Efisiensi")).toBe("Efisiensi (2)");
    expect(resolveSheetName(book, "Ringkasan Capaian")).toBe("Ringkasan Capaian");
    expect(resolveSheetName(book, "Realisasi Anggaran")).toBe("Realisasi Anggaran");
    const plans = planSummaries(book, computed, OPTS);
    expect(plans.map((p) => p.name)).toEqual(["Ringkasan Capaian", "Efisiensi (2)", "Realisasi Anggaran"]);
    expect(plans[1].cells.every((c) => c.sheet === "Efisiensi (2)")).toBe(true);
    // a second user sheet "(2)" pushes to "(3)"; an earlier generated "(2)" is reused
    const user2 = new Grid("Efisiensi (2)");
    book.sheets.push(user2);
    expect(resolveSheetName(book, "Efisiensi")).toBe("Efisiensi (3)");
    user2.set(3, 0, { v: markerText("efisiensi") });
    expect(resolveSheetName(book, "Efisiensi")).toBe("Efisiensi (2)");
  });

  test("alternative names stay within Excel's 31 characters; names compare case-insensitively", () => {
    const long = "Ringkasan Capaian Kinerja Tahunan"; // 33 characters
    const book: Book = { name: "b", sheets: [new Grid(long.slice(0, 31)), new Grid("EFISIENSI")] };
    const name = resolveSheetName(book, long.slice(0, 31));
    expect(name).toBe("Ringkasan Capaian Kinerja T (2)");
    expect(name.length).toBeLessThanOrEqual(31);
    expect(resolveSheetName(book, "Efisiensi")).toBe("Efisiensi (2)");
    expect(resolveSheetName(book, "Efisiensi", ["efisiensi (2)"])).toBe("Efisiensi (3)");
  });

  test("isGeneratedSheet needs the tag, not just similar text; formulas do not count", () => {
    const g = new Grid("X");
    g.set(0, 0, { v: "Dibuat oleh Capaian" });
    expect(isGeneratedSheet(g)).toBe(false);
    g.set(1, 0, { v: "[capaian:generated:ringkasan]", f: '="[capaian:generated:ringkasan]"' });
    expect(isGeneratedSheet(g)).toBe(false);
    g.set(2, 3, { v: "x [capaian:generated:temuan]" });
    expect(isGeneratedSheet(g)).toBe(true);
  });

  test("tables on generated sheets are not used as sources", () => {
    const { book, computed, grid } = e81();
    grid.set(40, 0, { v: markerText("efisiensi") });
    expect(planSummaries(book, computed, OPTS)).toEqual([]);
  });
});

describe("scales and table kinds", () => {
  test("roundTo is honoured by the predikat formulas (ROUND before comparing)", () => {
    const scale = customScale("bulat", "91:Sangat Tinggi,76:Tinggi,66:Sedang,51:Rendah,:Sangat Rendah", 0);
    const t = makeTable("Renja", "renja-evaluasi", E81_COLUMNS.filter((c) => c.role !== "capaian_renja"), [
      { level: "program", label: "Program A", cells: { 2: "Program A", 4: 1000, 6: 906, 5: 100, 7: 100 } },
      { level: "program", label: "Program B", cells: { 2: "Program B", 4: 1000, 6: 904, 5: 100, 7: 50 } },
    ]);
    const book: Book = { name: "b", sheets: [t.grid] };
    const computed = [t.computed];
    const plans = planSummaries(book, computed, { scale, negativeFormula: "seed" });
    const p = sheet(plans, "Ringkasan Capaian");
    const a = rowOf(p, 2, "Program A");
    expect(at(p, a, 6)?.expected).toBeCloseTo(90.6, 10); // computed on the sheet: no capaian column
    expect(at(p, a, 6)?.formula).toBe(`=IF(AND(ISNUMBER(F${a + 1}),ISNUMBER(E${a + 1})),IF(E${a + 1}=0,"",F${a + 1}/E${a + 1}*100),"")`);
    expect(at(p, a, 11)?.expected).toBe("Sangat Tinggi"); // 90.6 rounds to 91
    expect(at(p, a, 11)?.formula).toContain(`ROUND(G${a + 1},0)>=91`);
    expect(at(p, a + 1, 11)?.expected).toBe("Tinggi"); // 90.4 → 90
    // penyerapan computed on the sheet too: 50 / 100
    expect(at(p, a + 1, 9)?.expected).toBe(50);
    expect(checkExpected(book, plans, computed).mismatches).toEqual([]);
    const texts = p.cells.map((c) => c.value);
    expect(texts.some((t) => typeof t === "string" && t.includes("setelah dibulatkan ke 0 desimal"))).toBe(true);
  });

  test("a kinerja-anggaran table feeds Efisiensi when the book has no Renja matrix; Rp (000) scaled", () => {
    const t = makeTable(
      "Tabel 3.10",
      "kinerja-anggaran",
      [
        { col: 0, role: "no" },
        { col: 1, role: "uraian" },
        { col: 2, role: "target" },
        { col: 3, role: "realisasi" },
        { col: 4, role: "capaian", percent: true },
        { col: 5, role: "pagu", scale: 1000 },
        { col: 6, role: "realisasi_anggaran", scale: 1000 },
        { col: 7, role: "capaian_anggaran", percent: true },
        { col: 8, role: "efisiensi" },
      ],
      [
        { level: "program", label: "PROGRAM PENDIDIKAN DAN LATIHAN PERKOPERASIAN", cells: { 1: "PROGRAM PENDIDIKAN DAN LATIHAN PERKOPERASIAN", 2: "100 %", 3: "115 %", 4: "115%", 5: 410169.98, 6: 405779.4, 7: "98,93%", 8: 1.16 } },
        { level: "kegiatan", label: "Pendidikan dan Pelatihan SDM Usaha Mikro", cells: { 1: "Pendidikan dan Pelatihan SDM Usaha Mikro", 2: "200 orang", 3: "230 orang", 4: { v: 1.15, fmt: "0%" }, 5: 410169.98, 6: 405779.4 } },
      ],
    );
    const book: Book = { name: "ka", sheets: [t.grid] };
    const plans = planSummaries(book, [t.computed], OPTS);
    expect(plans.map((p) => p.name)).toEqual(["Ringkasan Capaian", "Efisiensi", "Realisasi Anggaran"]);
    const p = sheet(plans, "Efisiensi");
    const r = rowOf(p, 1, "PROGRAM PENDIDIKAN DAN LATIHAN PERKOPERASIAN");
    expect(at(p, r, 5)?.value).toBe(115); // "115%" text → number with a note
    expect(at(p, r, 6)?.formula).toBe(`=IF(ISNUMBER('Tabel 3.10'!F5),'Tabel 3.10'!F5*1000,IF('Tabel 3.10'!F5="","",'Tabel 3.10'!F5))`);
    expect(at(p, r, 6)?.expected).toBeCloseTo(410169980, 3);
    expect(at(p, r, 8)?.value).toBeCloseTo(98.93, 10);
    expect(r2(at(p, r, 9)?.expected)).toBe(1.16);
    const k = r + 1;
    expect(at(p, k, 5)?.expected).toBeCloseTo(115, 10);
    expect(at(p, k, 8)?.expected).toBeCloseTo(98.93, 1); // computed on the sheet: RA / P × 100
    expect(r2(at(p, k, 9)?.expected)).toBe(1.16);
    expect(checkExpected(book, plans, [t.computed]).mismatches).toEqual([]);
  });

  test("polarity overrides and the 'ratio' negative formula apply to capaian computed on the sheet", () => {
    const t = makeTable("Renja", "renja-evaluasi", E81_COLUMNS.filter((c) => c.role !== "capaian_renja"), [
      { level: "program", label: "Program Harga", cells: { 2: "Program Harga", 4: 3, 6: 2, 5: 100, 7: 100 } },
    ]);
    const book: Book = { name: "p", sheets: [t.grid] };
    const key = `${t.table.id}#${t.table.rows[0].row}`;
    const seed = planSummaries(book, [t.computed], { ...OPTS, polarity: { [key]: "negative" } });
    const p1 = sheet(seed, "Ringkasan Capaian");
    const r = rowOf(p1, 2, "Program Harga");
    expect(at(p1, r, 6)?.expected).toBeCloseTo(((3 - (2 - 3)) / 3) * 100, 10);
    const ratio = planSummaries(book, [t.computed], { ...OPTS, negativeFormula: "ratio", polarity: { [key]: "negative" } });
    const p2 = sheet(ratio, "Ringkasan Capaian");
    expect(at(p2, r, 6)?.expected).toBeCloseTo(150, 10);
    expect(p2.cells.some((c) => typeof c.value === "string" && c.value.includes("T / R × 100"))).toBe(true);
    expect(checkExpected(book, [...seed, ...ratio.map((x) => ({ ...x, name: x.name + " r", cells: x.cells.map((c) => ({ ...c, sheet: x.name + " r" })) }))], [t.computed]).mismatches).toEqual([]);
  });

  test("no recognised table: no sheets", () => {
    expect(planSummaries({ name: "x", sheets: [] }, [], OPTS)).toEqual([]);
  });

  test("efisiensi scale is the preset", () => {
    expect(SCALE_PRESETS.efisiensi.bands.map((b) => b.label)).toEqual(["Efisien", "Tidak efisien"]);
  });
});

describe("formats, units and odd labels", () => {
  test("K written as value | satuan: the summary shows the unit through the number format", () => {
    const t = makeTable(
      "Renja",
      "renja-evaluasi",
      [
        { col: 0, role: "uraian" },
        { col: 1, role: "target_renja", measure: "k", unitCol: 2 },
        { col: 2, role: "satuan", unitOf: 1 },
        { col: 3, role: "target_renja", measure: "rp" },
        { col: 4, role: "realisasi_renja", measure: "k", unitCol: 5 },
        { col: 5, role: "satuan", unitOf: 4 },
        { col: 6, role: "realisasi_renja", measure: "rp" },
      ],
      [{ level: "program", label: "Program UMKM", cells: { 0: "Program UMKM", 1: 400, 2: "UM", 3: { v: 1000, fmt: "#,##0.00" }, 4: 397, 5: "UM", 6: 900 } }],
    );
    const book: Book = { name: "u", sheets: [t.grid] };
    const plans = planSummaries(book, [t.computed], OPTS);
    const p = sheet(plans, "Efisiensi");
    const r = rowOf(p, 1, "Program UMKM");
    expect(at(p, r, 3)?.numberFormat).toBe('General" UM"');
    expect(at(p, r, 3)?.expected).toBe(400);
    expect(at(p, r, 5)?.expected).toBeCloseTo(99.25, 10);
    expect(at(p, r, 6)?.numberFormat).toBe("#,##0.00"); // the source's own format
    expect(at(p, r, 8)?.expected).toBe(90);
    expect(checkExpected(book, plans, [t.computed]).mismatches).toEqual([]);
  });

  test("unitFormat refuses units that would break a number format", async () => {
    const { unitFormat } = await import("../../src/core/summary/source");
    expect(unitFormat(undefined, "orang / 12 bulan")).toBe('General" orang / 12 bulan"');
    expect(unitFormat("#,##0", "kop")).toBe('#,##0" kop"');
    expect(unitFormat(undefined, 'in "quotes"')).toBeUndefined();
    expect(unitFormat("0.00%", "x")).toBeUndefined();
    expect(unitFormat("#,##0;-#,##0", "x")).toBeUndefined();
    expect(unitFormat(undefined, "")).toBeUndefined();
  });

  test("custom scale labels with quotes and wildcards are escaped in formulas and criteria", () => {
    const scale = customScale("odd", '90:Baik "sekali"*,50:Cukup?,:~Kurang', null);
    const { book, computed } = e81();
    const plans = planSummaries(book, computed, { scale, negativeFormula: "seed" });
    const p = sheet(plans, "Ringkasan Capaian");
    const prog = rowOf(p, 2, "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH");
    expect(at(p, prog, 11)?.expected).toBe('Baik "sekali"*');
    expect(at(p, prog, 11)?.formula).toContain('"Baik ""sekali""*"');
    const band = rowOf(p, 0, 'Baik "sekali"*');
    expect(at(p, band, 4)?.formula).toContain('"=Baik ""sekali""~*"');
    expect(at(p, band, 4)?.expected).toBe(2);
    expect(at(p, band + 2, 4)?.formula).toContain('"=~~Kurang"');
    expect(checkExpected(book, plans, computed).mismatches).toEqual([]);
  });

  test("a custom scale whose catch-all repeats the lowest label lists it once in the distribution", () => {
    const scale = customScale("dua", "91:Baik,76:Cukup");
    expect(scale.bands.map((b) => b.label)).toEqual(["Baik", "Cukup", "Cukup"]);
    const { book, computed } = e81();
    const plans = planSummaries(book, computed, { scale, negativeFormula: "seed" });
    const p = sheet(plans, "Ringkasan Capaian");
    expect(p.cells.filter((c) => c.col === 0 && c.value === "Cukup")).toHaveLength(1);
    const cukup = rowOf(p, 0, "Cukup");
    expect(at(p, cukup, 4)?.expected).toBe(2); // sasaran 62.86 and the 90 indicator
    expect(at(p, cukup + 1, 0)?.value).toBe("Belum dapat dinilai");
    expect(checkExpected(book, plans, computed).mismatches).toEqual([]);
  });

  test("Indonesian text numbers in Rp columns are copied as numbers with a note", () => {
    const { book, computed } = e81();
    const plans = planSummaries(book, computed, OPTS);
    const p = sheet(plans, "Realisasi Anggaran");
    const r = rowOf(p, 3, "=PROGRAM PEMBERDAYAAN KOPERASI");
    expect(at(p, r, 4)?.value).toBe(625000000);
    expect(at(p, r, 4)?.formula).toBeUndefined();
    expect(at(p, r, 4)?.note).toContain("625.000.000");
    expect(at(p, r, 7)?.expected).toBe(200000000);
  });
});

describe("summaries without the fill (filled: false)", () => {
  test("cells the plan does not fill carry the engine's formula (sheet-qualified) or value", () => {
    const { book, computed } = e81();
    const plans = planSummaries(book, computed, { ...OPTS, filled: false });
    // evaluated over the unfilled book (no ComputedCell stands in for a filled cell)
    const { count, mismatches } = checkExpected(book, plans, []);
    expect(mismatches).toEqual([]);
    expect(count).toBeGreaterThan(80);
    const p = sheet(plans, "Efisiensi");
    const k2 = rowOf(p, 1, "Administrasi Keuangan Perangkat Daerah");
    expect(at(p, k2, 5)?.formula).toBe(`=IFERROR('E81'!G9/'E81'!E9*100,"")`);
    expect(at(p, k2, 5)?.expected).toBe(100);
    expect(at(p, k2, 5)?.note).toMatch(/'E81'!I9/);
    expect(r2(at(p, k2, 9)?.expected)).toBe(1.5);
    // no formula in the ComputedCell: the value, with a note
    const p2 = rowOf(p, 1, "=PROGRAM PEMBERDAYAAN KOPERASI");
    expect(at(p, p2, 8)?.formula).toBeUndefined();
    expect(at(p, p2, 8)?.value).toBe(68);
    // with the fill (default) the same cell is a plain reference
    const filled = sheet(planSummaries(book, computed, OPTS), "Efisiensi");
    expect(at(filled, k2, 5)?.formula).toBe(`=IF('E81'!I9="","",'E81'!I9)`);
  });

  test("qualifyRefs prefixes unqualified references only", async () => {
    const { qualifyRefs } = await import("../../src/core/summary/source");
    expect(qualifyRefs("=G5/E5*100", "E 81")).toBe("'E 81'!G5/'E 81'!E5*100");
    expect(qualifyRefs("=SUM($F$9:F12)+Data!A1+'X Y'!B2", "S")).toBe("SUM(S!$F$9:S!F12)+Data!A1+'X Y'!B2".replace("S!$F$9:S!F12", "S!$F$9:F12"));
    expect(qualifyRefs('=IF(A1="B2",LOG10(C3),"")', "S")).toBe('IF(S!A1="B2",LOG10(S!C3),"")');
  });
});

describe("size", () => {
  test("3,000 rows plan consistently (speed: see npm run bench)", () => {
    const rows = [];
    for (let p = 0; p < 300; p++) {
      rows.push({ level: "program" as const, label: `Program ${p}`, cells: { 2: `Program ${p}`, 4: 100, 5: 1e9, 6: 90 + (p % 20), 7: 9e8 } });
      for (let k = 0; k < 9; k++) rows.push({ level: "kegiatan" as const, label: `Kegiatan ${p}.${k}`, cells: { 2: `Kegiatan ${p}.${k}`, 4: 10, 5: 1e8, 6: k, 7: 1e8 - k } });
    }
    const t = makeTable("Big", "renja-evaluasi", E81_COLUMNS, rows);
    const book: Book = { name: "big", sheets: [t.grid] };
    const plans = planSummaries(book, [t.computed], { ...OPTS, level: "kegiatan" });
    expect(plans).toHaveLength(3);
    const { mismatches } = checkExpected(book, plans.slice(2), [t.computed]);
    expect(mismatches).toEqual([]);
  });
});
