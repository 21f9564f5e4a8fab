/**
 * Patterns of real government workbooks (issue 11), rebuilt small: each test holds the assertion
 * that failed before the fix. The real files are not read here (tests never read ../shared).
 */
import { recognizeSheet } from "../../src/core/recognize";
import type { TableModel } from "../../src/core/model";
import type { CellInput } from "./helpers";
import { buildGrid } from "./helpers";

function levels(t: TableModel): string[] {
  return t.rows.map((r) => `${r.row + 1}:${r.level}${r.parent !== undefined ? "<" + (r.parent + 1) : ""}`);
}

/** A formula cell: `#` in the expression stands for the column letter. */
function fx(col: string, expr: string, v: number): CellInput {
  return { v, f: "=" + expr.replace(/#/g, col) };
}

describe("E.81 (Deli Serdang pattern): hierarchy from the workbook's SUM formulas", () => {
  // Columns: A No | B Urusan/Program/Kegiatan | C Indikator | D-E Target Renja K/Rp |
  // F-H Realisasi Triwulan I K / % / Rp | I-J Realisasi Renja K/Rp. Excel rows = index + 1.
  const H1 = ["No", "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan", "Indikator Kinerja", "Target Kinerja dan Anggaran Renja Tahun Berjalan", null, "Realisasi Kinerja Pada Triwulan", null, null, "Realisasi Capaian Kinerja dan Anggaran Renja", null];
  const H2 = [null, null, null, null, null, "I", "I", "I", null, null];
  const H3 = [null, null, null, "K", "Rp.", "K", "%", "Rp.", "K", "Rp."];
  const row = (no: number | null, name: string | null, e: CellInput, h: CellInput, j: CellInput, k = 100): CellInput[] => [
    no,
    name,
    name ? "Persentase capaian" : null,
    k,
    e,
    k / 4,
    0.25,
    h,
    k / 4,
    j,
  ];
  const parent = (no: number, name: string, expr: string, v: number, hExpr = expr, hv = v) =>
    row(no, name, fx("E", expr, v), fx("H", hExpr, hv), fx("J", expr, v));
  const leaf = (no: number, name: string, v: number) => row(no, name, v, v / 10, v / 10);
  const grid = () =>
    buildGrid("Realisasi TW IV", {
      rows: [
        H1,
        H2,
        H3,
        [null, "Perangkat Daerah : Badan Perencanaan Pembangunan Daerah"],
        parent(1, "UNSUR PENUNJANG URUSAN PEMERINTAHAN", "SUM(#6+#13)", 700),
        // H6 counts the Keuangan row twice (the real double count of R12 in the workbook).
        parent(2, "PERENCANAAN", "SUM(#7)", 500, "SUM(#7+#13)", 70),
        parent(3, "Program Penunjang Urusan Pemerintahan Daerah", "SUM(#8+#11)", 500),
        parent(4, "Perencanaan, Penganggaran, dan Evaluasi Kinerja", "SUM(#9:#10)", 300),
        leaf(5, "Penyusunan Dokumen Perencanaan", 100),
        leaf(6, "Evaluasi Kinerja Perangkat Daerah", 200),
        parent(7, "Administrasi Keuangan Perangkat Daerah", "SUM(#12)", 200),
        leaf(8, "Penyediaan Gaji dan Tunjangan ASN", 200),
        parent(9, "Keuangan", "SUM(#14)", 200),
        parent(10, "Program Pengelolaan Keuangan Daerah", "SUM(#15)", 200),
        parent(11, "Koordinasi dan Penyusunan Rencana Anggaran", "SUM(#16:#17)", 200),
        leaf(12, "Koordinasi dan Penyusunan KUA dan PPAS", 120),
        leaf(13, "Koordinasi dan Penyusunan Perubahan KUA dan PPAS", 80),
        leaf(14, "Program Riset dan Inovasi Daerah", 999),
        leaf(15, "Invensi dan Inovasi", 999),
        [null, null, null, null, fx("E", "SUM(#6+#13)", 700), null, null, fx("H", "SUM(#6+#13)", 90), null, fx("J", "SUM(#6+#13)", 700)],
      ],
      merges: ["A1:A3", "B1:B3", "C1:C3", "D1:E2", "F1:H1", "F2:H2", "I1:J2"],
      hidden: [17, 18],
    });

  it("reads urusan → bidang → program → kegiatan → sub kegiatan from the formulas", () => {
    const t = recognizeSheet(grid()).tables[0];
    expect(levels(t)).toEqual([
      "5:urusan",
      "6:bidang<5",
      "7:program<6",
      "8:kegiatan<7",
      "9:subkegiatan<8",
      "10:subkegiatan<8",
      "11:kegiatan<7",
      "12:subkegiatan<11",
      "13:bidang<5",
      "14:program<13",
      "15:kegiatan<14",
      "16:subkegiatan<15",
      "17:subkegiatan<15",
      "20:total",
    ]);
    const r = (x: number) => t.rows.find((y) => y.row === x - 1)!;
    expect(r(9).hierarchy).toBe("formula");
    // The majority of the amount columns say row 6 adds up row 7 only (H6 double counts row 13).
    expect(r(6).formulaChildren).toEqual([6]);
    expect(r(20).formulaChildren).toEqual([5, 12]);
  });

  it("the 'Perangkat Daerah :' caption line is not a data row, hidden leftovers outside every SUM are left out", () => {
    const t = recognizeSheet(grid()).tables[0];
    const rows = t.rows.map((r) => r.row + 1);
    expect(rows).not.toContain(4);
    expect(rows).not.toContain(18);
    expect(rows).not.toContain(19);
  });

  it("K | % | Rp quarter triplets: the % is a percentage of K, not an amount", () => {
    const t = recognizeSheet(grid()).tables[0];
    const col = (l: string) => t.columns.find((c) => c.col === l.charCodeAt(0) - 65)!;
    expect(col("F")).toMatchObject({ role: "realisasi_tw1", measure: "k" });
    expect(col("G")).toMatchObject({ role: "other", measure: "k", percent: true });
    expect(col("H")).toMatchObject({ role: "realisasi_tw1", measure: "rp" });
  });
});

describe("SIPD rekapitulasi (lra-dinkes pattern): cumulative codes over four Kode columns", () => {
  const ORG = "1.02.2.14.0.00.01.0000";
  const r = (a: string | null, b: string | null, c: string | null, d: string | null, name: string, f: number, g = f / 2): CellInput[] => [
    a,
    b,
    c,
    d,
    name,
    f,
    g,
    g / f,
    null,
    null,
  ];
  const grid = () =>
    buildGrid("DINKES", {
      rows: [
        ["Kode", null, null, null, "Uraian Urusan, Organisasi, Program, Kegiatan dan Sub Kegiatan", "Total", null, null, "PAGU AKAS", "% AKAS"],
        [null, null, null, null, null, "Anggaran", "Realisasi", "%", "SD JUNI", "SD JUNI"],
        ["1", null, null, null, "2", "3", "4", "5", "6", "7"],
        r("1", null, null, null, "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR", 300),
        r("1.02", null, null, null, "URUSAN PEMERINTAHAN BIDANG KESEHATAN", 300),
        r("1.02", ORG, null, null, "Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana", 300),
        r("1.02", ORG, "1.02.01", null, "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", 300),
        r("1.02", ORG, "1.02.01.2.01", null, "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", 300),
        r("1.02", ORG, "1.02.01.2.01.0001", null, "Penyusunan Dokumen Perencanaan Perangkat Daerah", 100),
        r("1.02", ORG, "1.02.01.2.01.0001", "5.1.02", "Belanja Barang dan Jasa", 100),
        r("1.02", ORG, "1.02.01.2.01.0001", "5.1.02.01", "Belanja Barang", 100),
        r("1.02", ORG, "1.02.01.2.01.0001", "5.1.02.01.001", "Belanja Barang Pakai Habis", 100),
        r("1.02", ORG, "1.02.01.2.01.0001", "5.1.02.01.001.00024", "Belanja Alat Tulis Kantor", 60),
        r("1.02", ORG, "1.02.01.2.01.0001", "5.1.02.01.001.00025", "Belanja Kertas dan Cover", 40),
        r("1.02", ORG, "1.02.01.2.01.0002", null, "Koordinasi dan Penyusunan Dokumen RKA-SKPD", 200),
        r("1.02", ORG, "1.02.01.2.01.0002", "5.1.02", "Belanja Barang dan Jasa", 200),
        r("1.02", ORG, "1.02.01.2.01.0002", "5.1.02.01", "Belanja Barang", 200),
        r("2", null, null, null, "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR", 50),
        r("2.14", null, null, null, "URUSAN PEMERINTAHAN BIDANG PENGENDALIAN PENDUDUK DAN KELUARGA BERENCANA", 50),
        r("2.14", ORG, null, null, "Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana", 50),
        r("2.14", ORG, "2.14.02", null, "PROGRAM PENGENDALIAN PENDUDUK", 50),
        r("2.14", ORG, "2.14.02.2.02", null, "Pemetaan Perkiraan Pengendalian Penduduk", 50),
        r("2.14", ORG, "2.14.02.2.02.0012", null, "Pencatatan dan Pengumpulan Data Keluarga", 50),
        r("2.14", ORG, "2.14.02.2.02.0012", "5.1.02", "Belanja Barang dan Jasa", 50),
        [null, null, null, null, "Jumlah", 350, 175, 0.5],
        [],
        [null, null, null, null, null, { v: 1050, f: "=SUBTOTAL(9,F9:F25)" }, { v: 525, f: "=SUBTOTAL(9,G9:G25)" }],
      ],
      merges: ["A1:D2", "E1:E2", "F1:H1", "I1:I2", "J1:J2"],
    });

  it("takes the Kode columns A–D into the table and reads parents from the code paths", () => {
    const t = recognizeSheet(grid()).tables[0];
    expect(t.columns.slice(0, 4).map((c) => c.role)).toEqual(["kode", "kode", "kode", "kode"]);
    const by = (excel: number) => t.rows.find((x) => x.row === excel - 1)!;
    // The kegiatan's children are its sub kegiatan only, not every account level below them.
    expect(t.rows.filter((x) => x.parent === 7).map((x) => x.row + 1)).toEqual([9, 15]);
    expect(by(10)).toMatchObject({ parent: 8, account: true, hierarchy: "code", codePath: ["1.02", ORG, "1.02.01.2.01.0001", "5.1.02"] });
    expect(by(11).parent).toBe(9);
    expect(by(16).parent).toBe(14);
    expect(by(12).parent).toBe(10);
    expect(by(13).parent).toBe(11);
    expect(by(20)).toMatchObject({ level: "bidang", parent: 18 });
    expect(by(21).parent).toBe(19);
    expect(by(5)).toMatchObject({ level: "bidang", parent: 3 });
  });

  it("the Jumlah row totals the urusan rows; the SUBTOTAL check row below it is not in the table", () => {
    const t = recognizeSheet(grid()).tables[0];
    const top = t.rows.filter((x) => x.parent === undefined && x.level !== "total").map((x) => x.row + 1);
    expect(top).toEqual([4, 18]);
    expect(t.rows.map((x) => x.row + 1)).not.toContain(27);
    expect(t.area.r2 + 1).toBe(25);
  });

  it("PAGU AKAS / % AKAS are left unclassified", () => {
    const t = recognizeSheet(grid()).tables[0];
    expect(t.columns.filter((c) => c.col >= 8).map((c) => c.role)).toEqual(["other", "other"]);
  });
});

describe("Laporan RFK (Banjarmasin pattern): columns read from their own formulas", () => {
  // A No | B Uraian | C Pagu Rp | D % (bobot = C/$C$8*100) | E Rencana Rp | F % (E/C) | G % (F*D/100)
  // | H Realisasi Rp | I % (H/C) | J % (I*D/100) | K Capaian % (H/E) | L % (J-G, deviasi) | M Sisa Rp
  // | N-R Fisik REN % | REN tertimbang | REAL % | REAL tertimbang | CAP %
  const head = [
    ["NO", "URAIAN KEGIATAN", "NILAI ANGGARAN", null, "KEUANGAN", null, null, null, null, null, null, null, null, "FISIK", null, null, null, null],
    [null, null, null, null, "RENCANA", null, null, "REALISASI", null, null, "CAPAIAN", null, "SISA ANGGARAN", "REN", null, "REAL", null, "CAP"],
    [null, null, "Rp", "%", "Rp", "%", "%", "Rp", "%", "%", "%", "%", "Rp", "%", "%", "%", "%", "%"],
  ];
  const line = (i: number, name: string, pagu: number, ren: number, real: number, fis: number): CellInput[] => {
    const x = i + 1; // Excel row
    const f = (expr: string, v: number): CellInput => ({ v, f: "=" + expr.replace(/@/g, String(x)) });
    const bobot = (pagu / 300) * 100;
    return [
      i - 2,
      name,
      pagu,
      f("C@/$C$8*100", bobot),
      ren,
      f("E@/C@*100", (ren / pagu) * 100),
      f("F@*D@/100", ((ren / pagu) * 100 * bobot) / 100),
      real,
      f("H@/C@*100", (real / pagu) * 100),
      f("I@*D@/100", ((real / pagu) * 100 * bobot) / 100),
      f("IF(E@=0,0,H@/E@*100)", (real / ren) * 100),
      f("J@-G@", (((real - ren) / pagu) * 100 * bobot) / 100),
      f("C@-H@", pagu - real),
      100,
      f("N@*D@/100", bobot),
      fis,
      f("P@*D@/100", (fis * bobot) / 100),
      f("IF(N@=0,0,P@/N@*100)", fis),
    ];
  };
  const grid = () =>
    buildGrid("2 Dinkes", {
      rows: [
        ...head,
        line(3, "Penyusunan Dokumen Perencanaan Perangkat Daerah", 100, 100, 60, 60),
        line(4, "Penyediaan Peralatan dan Perlengkapan Kantor", 120, 120, 100, 90),
        line(5, "Pencegahan dan Penanganan Kebakaran", 80, 80, 80, 100),
        [],
        [null, "TOTAL", { v: 300, f: "=SUM(C4:C6)" }, { v: 100, f: "=SUM(D4:D6)" }, { v: 300, f: "=SUM(E4:E6)" }, null, null, { v: 240, f: "=SUM(H4:H6)" }],
        [null, null, { v: 250, f: "=[7]Dinkes!$C$87" }],
        [null, null, { v: 50, f: "=C8-C9" }],
      ],
      merges: ["A1:A3", "B1:B3", "C1:D2", "E1:M1", "N1:R1", "E2:G2", "H2:J2", "K2:L2", "N2:O2", "P2:Q2"],
    });

  it("bobot, tertimbang and deviasi columns get no computed role; realisasi % of pagu is penyerapan", () => {
    const t = recognizeSheet(grid()).tables[0];
    const role = (l: string) => t.columns.find((c) => c.col === l.charCodeAt(0) - 65)?.role;
    expect(role("D")).toBe("other"); // bobot
    expect(role("G")).toBe("other"); // rencana tertimbang
    expect(role("J")).toBe("other"); // realisasi tertimbang
    expect(role("L")).toBe("other"); // deviasi = J - G
    expect(role("K")).toBe("other"); // H / E: realisasi over rencana, not a pagu ratio
    expect(role("I")).toBe("capaian_anggaran"); // H / C
    expect(role("O")).toBe("other");
    expect(role("Q")).toBe("other");
    expect(["target", "realisasi", "capaian"].map((r) => t.columns.filter((c) => c.role === r).map((c) => String.fromCharCode(65 + c.col)))).toEqual([["N"], ["P"], ["R"]]);
  });

  it("reconciliation rows below TOTAL are not detail", () => {
    const t = recognizeSheet(grid()).tables[0];
    expect(t.area.r2 + 1).toBe(8);
    expect(t.rows.map((r) => r.row + 1)).toEqual([4, 5, 6, 8]);
    expect(t.rows[3].level).toBe("total");
  });

  it("physical progress (fisik REN / REAL / CAP) is higher-is-better whatever the activity's name", () => {
    const t = recognizeSheet(grid()).tables[0];
    expect(t.rows.find((r) => r.row === 5)?.polarity).toBe("positive");
  });
});

describe("LKPJ form: letter row under the header, ALOKASI / REALISASI [Rp] / PERSENTASE", () => {
  const grid = () =>
    buildGrid("Sheet1", {
      rows: [
        ["idCapai", "KD", "PROGRAM/KEG/SUB KEGIATAN", "INDIKATOR", "SATUAN", "TARGET", "REALISASI TARGET", "ALOKASI  [ Rp ]", "REALISASI  [ Rp ]", "PERSENTASE  [ % ]", "PERMASALAHAN"],
        ["a", "c", "d", "e", "f", "g", "h", "i", "j", "k = ( j / i ) * 100", "l"],
        [1, "X.XX.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", null, null],
        [2, "X.XX.01.202", "Administrasi Keuangan Perangkat Daerah", null, null],
        [4, "X.XX.01.202.01", "Penyediaan Gaji dan Tunjangan ASN", "Jumlah Orang yang Menerima Gaji", "Orang/bulan", 5, 4, 120000000, 115000000, 95.83],
        [5, "X.XX.01.202.02", "Penyediaan Administrasi Pelaksanaan Tugas ASN", "Jumlah Dokumen", "Dokumen", 12, 12, 50000000, 45000000, 90],
      ],
    });

  it("is recognised, the letter row is not header text, PERSENTASE follows k = (j / i) * 100", () => {
    const { tables, reason } = recognizeSheet(grid());
    expect(reason).toBeUndefined();
    const t = tables[0];
    expect(t.header).toMatchObject({ firstRow: 0, lastRow: 1, numberRow: 1 });
    const role = (l: string) => t.columns.find((c) => c.col === l.charCodeAt(0) - 65)?.role;
    expect(["F", "G", "H", "I", "J"].map(role)).toEqual(["target", "realisasi", "pagu", "realisasi_anggaran", "capaian_anggaran"]);
    expect(t.kind).toBe("kinerja-anggaran");
  });
});

describe("flat database export (RKPD pattern): no hierarchy to read", () => {
  const head = ["kode_subkegiatan", "uraian", "target", "satuan", "sumberdana", "anggaran", "lokasi"];
  const line = (code: string, name: string, unit: string, amount: number): CellInput[] => [code, name, "1", unit, "DAU", amount, "Kasonaweja"];
  const grid = () =>
    buildGrid("Sheet1", {
      rows: [
        head,
        line("1.01.01.2.01.01", "Penyusunan Dokumen Perencanaan", "Dokumen", 22500000),
        line("1.01.01.2.02.01", "PENYEDIAAN GAJI DAN TUNJANGAN ASN", "Tahun", 27311277596),
        line("1.01.01.2.02.02", "Tunjangan Profesi Guru", "Tahun", 1200000000),
        line("1.01.01.2.02.03", "Tambahan Penghasilan Guru", "Tahun", 800000000),
        line("1.01.01.2.06.01", "BELANJA ALAT/BAHAN UNTUK KEGIATAN KANTOR", "Paket", 30030000),
        line("1.01.01.2.06.02", "Belanja Alat Tulis Kantor", "Paket", 15000000),
        line("1.01.01.2.06.03", "Penyediaan Peralatan Rumah Tangga", "Paket", 25000000),
        line("1.01.01.2.06.04", "Jumlah Pemakaian BBM untuk Operasional Kendaraan", "Liter", 262000000),
        line("1.01.01.2.06.05", "Jumlah Penyediaan Makan Minum Untuk Operasional", "Paket", 60000000),
        line("1.01.01.2.06.06", "Penyediaan Bahan Logistik Kantor", "Paket", 44000000),
      ],
    });

  it("upper-case labels are not parents when the amounts disagree; 'Jumlah …' with a unit is not a total", () => {
    const t = recognizeSheet(grid()).tables[0];
    expect(t.rows.filter((r) => r.parent !== undefined).map((r) => r.row + 1)).toEqual([]);
    expect(t.rows.filter((r) => r.level === "total").map((r) => r.row + 1)).toEqual([]);
  });
});

describe("blank spacer rows between the header and the data", () => {
  it("a heading row without numbers after the spacer still starts the table", () => {
    const g = buildGrid("S", {
      rows: [
        ["No", "Urusan / Program / Kegiatan", "Indikator", "Target", "Realisasi", "Capaian (%)"],
        [],
        [null, "URUSAN PEMERINTAHAN BIDANG KESEHATAN"],
        [1, "Program Pemenuhan Upaya Kesehatan", "Persentase puskesmas terakreditasi", 100, 90, 90],
        [2, "Program Peningkatan Kapasitas SDM Kesehatan", "Persentase nakes bersertifikat", 80, 80, 100],
      ],
    });
    const { tables } = recognizeSheet(g);
    expect(tables[0].rows.map((r) => r.row + 1)).toEqual([3, 4, 5]);
  });
});

describe("E.81 columns 7 and 14: two Renstra realisasi groups", () => {
  it("the group left of the Renja target is the realisation up to last year", () => {
    const g = buildGrid("E81", {
      rows: [
        [
          "No",
          "Program/Kegiatan",
          "Indikator Kinerja",
          "Target Renstra Perangkat Daerah Pada Tahun 2030 (Akhir Periode Renstra Perangkat Daerah)",
          null,
          "Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Perangkat Daerah Tahun 2024",
          null,
          "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan (Tahun 2025) yang dievaluasi",
          null,
          "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi",
          null,
          "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s/d Tahun 2025 (Akhir Tahun Pelaksanaan Renja Perangkat Daerah)",
          null,
        ],
        [null, null, null, "K", "Rp.", "K", "Rp.", "K", "Rp.", "K", "Rp.", "K", "Rp."],
        [1, "Program Perencanaan", "Nilai SAKIP", 100, 5000, 40, 2000, 20, 1000, 20, 900, 60, 2900],
      ],
      merges: ["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:G1", "H1:I1", "J1:K1", "L1:M1"],
    });
    const t = recognizeSheet(g).tables[0];
    expect(t.columns.filter((c) => c.col >= 3).map((c) => c.role)).toEqual([
      "target_renstra",
      "target_renstra",
      "realisasi_renstra_lalu",
      "realisasi_renstra_lalu",
      "target_renja",
      "target_renja",
      "realisasi_renja",
      "realisasi_renja",
      "realisasi_renstra",
      "realisasi_renstra",
    ]);
  });
});

describe("total words and check rows", () => {
  it("'J U M L A H' is a total; a 'Selisih' row below it is not detail", () => {
    const g = buildGrid("S", {
      rows: [
        ["No", "Program / Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "Capaian (%)"],
        [1, "Program Pemenuhan Upaya Kesehatan", 300, 270, 90],
        [2, "Program Peningkatan Kapasitas SDM Kesehatan", 200, 200, 100],
        [null, "J U M L A H", 500, 470, 94],
        [null, "Selisih dengan DPA", 10, 0],
      ],
    });
    const t = recognizeSheet(g).tables[0];
    expect(t.rows.map((r) => `${r.row + 1}:${r.level}`)).toEqual(["2:program", "3:program", "4:total"]);
  });
});
