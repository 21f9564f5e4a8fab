/**
 * Layout families and header variants from the seeds, as hand-built grids.
 */
import { recognizeBook, recognizeSheet, applyRoleOverrides, NO_HEADER_REASON } from "../../src/core/recognize";
import type { TableModel } from "../../src/core/model";
import { buildGrid, tsv } from "./helpers";

function only(t: { tables: TableModel[]; reason?: string }): TableModel {
  expect(t.tables.map((x) => x.id)).toHaveLength(1);
  return t.tables[0];
}
function roles(t: TableModel): string[] {
  return t.columns.map((c) => `${c.col}:${c.role}${c.measure ? "/" + c.measure : ""}${c.quarter ? "/q" + c.quarter : ""}`);
}
function levels(t: TableModel): string[] {
  return t.rows.map((r) => `${r.row}:${r.level}${r.parent !== undefined ? "<" + r.parent : ""}`);
}

describe("realisasi-anggaran (Sumenep Tabel 3.8)", () => {
  const g = buildGrid("Anggaran", {
    rows: [
      ["Tabel 3.8"],
      ["Capaian Anggaran Program dan Kegiatan"],
      [],
      ["No.", "Program/Kegiatan", "Anggaran (Rp)", "Realisasi (Rp)", "% Capaian"],
      ...tsv(`1	PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA	12.649.363.995	9.440.925.382	74,64
	Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah	17.276.000	17.098.500	98,97
	Administrasi Keuangan Perangkat Daerah	9.464.053.120	6.311.467.159	66,69
2	PROGRAM PENGAWASAN DAN PEMERIKSAAN KOPERASI	179.999.840	179.851.399	99,92
	Pemeriksaan Dan Pengawasan Koperasi	179.999.840	179.851.399	99,92`),
      [],
      ["Uraian penjelasan tabel :"],
      ["Dari tabel diatas dapat disimpulkan bahwa rata-rata realisasi anggaran masih diatas 80%."],
    ],
  });
  const t = only(recognizeSheet(g));
  it("kind, title, area, roles", () => {
    expect(t.kind).toBe("realisasi-anggaran");
    expect(t.title).toBe("Tabel 3.8 Capaian Anggaran Program dan Kegiatan");
    expect(t.area).toEqual({ r1: 3, c1: 0, r2: 8, c2: 4 });
    expect(roles(t)).toEqual(["0:no", "1:uraian", "2:pagu", "3:realisasi_anggaran", "4:capaian_anggaran"]);
  });
  it("program / kegiatan from upper case PROGRAM", () => {
    expect(levels(t)).toEqual(["4:program", "5:kegiatan<4", "6:kegiatan<4", "7:program", "8:kegiatan<7"]);
  });
});

describe("kinerja-anggaran with groups and a number row (Lumajang 2023 Tabel 3.12)", () => {
  const g = buildGrid("T312", {
    at: { row: 5, col: 1 },
    rows: [
      ["Tabel 3.12 Perbandingan Capaian Kinerja Triwulan I 2023 dengan Anggaran Tahun 2023"],
      [],
      ["No", "Program / kegiatan", "Indikator Kinerja", "Kinerja", null, null, "Anggaran", null, null],
      [null, null, null, "Target", "Realisasi", "Capaian (%)", "Target", "Realisasi", "Capaian (%)"],
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
      ...tsv(`	URUSAN PEMERINTAHAN BIDANG KOPERASI	Nilai PDRB sektor Koperasi	189.035.108.703	Menunggu data BPS		23.248.661.133	2.174.551.784	9
I	PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA	Persentase Pemenuhan kebutuhan operasional kantor	100 %	22	22%	9.627.951.153	1.995.229.199	21
1.1	Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah	Persentase fasilitasi dokumen	100 %	25	25%	11.167.000	0	0
1.1.1	Penyusunan Dokumen Perencanaan Perangkat Daerah	Jumlah Dokumen Perencanaan Perangkat Daerah	2 dokumen	1	50%	3.567.000	0	0
1.1.2	Koordinasi dan Penyusunan Dokumen RKA-SKPD	Jumlah Dokumen RKA-SKPD	1 dokumen	0	0%	4.000.000	0	0
1.2	Administrasi Keuangan Perangkat Daerah	Persentase fasilitasi Administrasi Keuangan	100 %	25	25%	7.673.684.579	1.546.526.671	20
1.2.1	Penyediaan Gaji dan Tunjangan ASN	Jumlah Orang yang Menerima Gaji dan Tunjangan ASN	88 orang / 12 bulan	78	89%	7.617.940.579	1.538.402.671	20`),
      [],
      ["Sumber : Dinas Koperasi, Usaha Kecil Menengah, Perindustrian, dan Perdagangan Kabupaten Lumajang Triwulan I 2023"],
    ],
    merges: ["B8:B9", "C8:C9", "D8:D9", "E8:G8", "H8:J8"],
  });
  const t = only(recognizeSheet(g));
  it("roles: Target under Anggaran is pagu", () => {
    expect(t.kind).toBe("kinerja-anggaran");
    expect(t.header).toEqual({ firstRow: 7, lastRow: 9, numberRow: 9 });
    expect(roles(t)).toEqual([
      "1:no",
      "2:uraian",
      "3:indikator",
      "4:target",
      "5:realisasi",
      "6:capaian",
      "7:pagu",
      "8:realisasi_anggaran",
      "9:capaian_anggaran",
    ]);
    expect(t.columns.find((c) => c.col === 6)?.numberLabel).toBe("6");
    expect(t.title).toMatch(/^Tabel 3\.12 Perbandingan/);
    expect(t.area.r2).toBe(16);
  });
  it("urusan / program / kegiatan / sub kegiatan from words and numbering", () => {
    expect(levels(t)).toEqual([
      "10:urusan",
      "11:program<10",
      "12:kegiatan<11",
      "13:subkegiatan<12",
      "14:subkegiatan<12",
      "15:kegiatan<11",
      "16:subkegiatan<15",
    ]);
  });
});

describe("E.81 without merges, OCR quarter labels, only two quarters, Rp. (000)", () => {
  const g = buildGrid("E81", {
    at: { row: 3, col: 2 },
    rows: [
      ["No", "Kode", null, null, null, "Program/Kegiatan/Sub Kegiatan", "Indikator", "Target Renja Tahun 2023", null, "Realisasi Kinerja Pada Triwulan", null, null, null, "Realisasi Capaian Kinerja dan Anggaran Renja", null, "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja (%)", null],
      [null, null, null, null, null, null, null, null, null, "Il", null, "Ill", null, null, null, null, null],
      [null, null, null, null, null, null, null, "K", "Rp. (000)", "K", "Rp. (000)", "K", "Rp. (000)", "K", "Rp. (000)", "K", "%"],
      [1, "2", "17", "02", null, "Program Pemberdayaan Usaha Mikro", "Jumlah UM yang diberdayakan", 400, 11491, 105, 6313, 292, 4924, 397, 11238, 99.25, 97.8],
      [2, "2", "17", "02", "2.01", "Pemberdayaan Usaha Mikro", "Jumlah Fasilitasi UM", 400, 11491, 105, 6313, 292, 4924, 397, 11238, 99.25, 97.8],
      [3, "2", "17", "02", "2.01.0001", "Pendataan Potensi Usaha Mikro", "Jumlah UM yang didata", 200, 200, null, null, 200, 197, 200, 197, 100, 98.5],
      [null, null, null, null, null, null, "Persentase UM naik kelas", 10, null, 4, null, 6, null, 6, null, 60, null],
      [4, "2", "17", "02", "2.01.0002", "Pemberdayaan Kelembagaan Usaha Mikro", "Jumlah UM yang diberdayakan", 200, 11291, 105, 6313, 92, 4727, 197, 11040, 98.5, 97.8],
      [null, null, null, null, null, "Jumlah", null, null, 11491, null, 6313, null, 4924, null, 11238, null, null],
    ],
    hidden: [8],
  });
  const t = only(recognizeSheet(g));
  it("roles with quarters II and III and scale 1000", () => {
    expect(t.kind).toBe("renja-evaluasi");
    expect(roles(t)).toEqual([
      "2:no",
      "3:kode",
      "4:kode",
      "5:kode",
      "6:kode",
      "7:uraian",
      "8:indikator",
      "9:target_renja/k",
      "10:target_renja/rp",
      "11:realisasi_tw2/k/q2",
      "12:realisasi_tw2/rp/q2",
      "13:realisasi_tw3/k/q3",
      "14:realisasi_tw3/rp/q3",
      "15:realisasi_renja/k",
      "16:realisasi_renja/rp",
      "17:capaian_renja/k",
      "18:capaian_renja/rp",
    ]);
    expect(t.columns.find((c) => c.col === 10)?.scale).toBe(1000);
    expect(t.columns.find((c) => c.col === 18)?.percent).toBe(true);
  });
  it("split codes joined; levels from codes; second indicator; hidden; total", () => {
    expect(t.rows.map((r) => r.code)).toEqual(["2.17.02", "2.17.02.2.01", "2.17.02.2.01.0001", undefined, "2.17.02.2.01.0002", undefined]);
    expect(levels(t)).toEqual(["6:program", "7:kegiatan<6", "8:subkegiatan<7", "9:indikator<8", "10:subkegiatan<7", "11:total"]);
    expect(t.rows.find((r) => r.row === 8)?.hidden).toBe(true);
    expect(t.rows.find((r) => r.row === 9)?.aggregation).toBe("stock");
  });
});

describe("hierarchy by sums only", () => {
  const g = buildGrid("Renja", {
    rows: [
      ["No", "Program/Kegiatan/Sub Kegiatan", "Indikator", "Pagu", "Realisasi Anggaran", "%"],
      ...tsv(
        `1	Pemberdayaan UMKM	Persentase A	1000	900	90
	Fasilitasi usaha mikro	Jumlah a1	600	500	83
	Pendataan usaha mikro	Jumlah a1a	200	200	100
	Pelatihan usaha mikro	Jumlah a1b	400	300	75
	Pengembangan kemitraan	Jumlah a2	400	400	100
	Temu usaha	Jumlah a2a	400	400	100
2	Pengawasan koperasi	Persentase B	50	50	100
	Pemeriksaan koperasi	Jumlah b1	50	50	100
	Pemeriksaan kepatuhan	Jumlah b1a	30	30	100
	Penilaian kesehatan	Jumlah b1b	20	20	100`,
        true,
      ),
    ],
  });
  const t = only(recognizeSheet(g));
  it("reads program / kegiatan / sub kegiatan from Rp sums", () => {
    expect(t.kind).toBe("realisasi-anggaran");
    expect(levels(t)).toEqual([
      "1:program",
      "2:kegiatan<1",
      "3:subkegiatan<2",
      "4:subkegiatan<2",
      "5:kegiatan<1",
      "6:subkegiatan<5",
      "7:program",
      "8:kegiatan<7",
      "9:subkegiatan<8",
      "10:subkegiatan<8",
    ]);
    expect(t.rows[1].evidence?.join(" ")).toMatch(/sums/);
  });
});

describe("perbandingan", () => {
  it("Sumenep Tabel 3.4: realisasi, target akhir, tingkat kemajuan", () => {
    const g = buildGrid("T34", {
      rows: [
        ["Tabel 3.4"],
        ["Tingkat Kemajuan Capaian Sasaran Strategis"],
        ["No.", "Tujuan/Sasaran", "Indikator Kinerja", "Realisasi Kinerja Tahun 2023", "Target Akhir 2026", "Tingkat Kemajuan"],
        [1, 2, 3, 4, 5, "6=4/5*100"],
        ...tsv(`1	Meningkatnya Pendapatan Pelaku UMKM	Persentase Pelaku Usaha UMKM yang Pendapatannya Meningkat	16,24%	9%	180,44
4	Terjaminnya akses terhadap kebutuhan Pokok	Persentase fluktuasi harga Bapokti	11,70%	14,2%	82,39`),
      ],
    });
    const t = only(recognizeSheet(g));
    expect(t.kind).toBe("perbandingan");
    expect(roles(t)).toEqual(["0:no", "1:sasaran", "2:indikator", "3:realisasi", "4:target_akhir_renstra", "5:tingkat_kemajuan"]);
    expect(t.rows.map((r) => r.polarity)).toEqual(["positive", "negative"]);
    expect(t.labelConflicts).toEqual([]);
  });
  it("Probolinggo Tabel 4: realisasi of the previous year", () => {
    const g = buildGrid("T4", {
      rows: [
        ["No", "Indikator Kinerja Utama", "Realisasi 2020", "Target 2021", "Realisasi 2021", "Capaian", "Keterangan"],
        [1, 2, 3, 4, 5, 6, 7],
        [1, "Survei Kepuasan Masyarakat (SKM)", "81,55%", "81,5 %", "87,08 %", null, null],
        [3, "Prosentase Koperasi Sehat", "104 %", "56 %", "56 %", null, "Tidak Tercapai"],
      ],
    });
    const t = only(recognizeSheet(g));
    expect(t.kind).toBe("perbandingan");
    expect(roles(t)).toEqual(["0:no", "1:indikator", "2:realisasi_tahun_lalu", "3:target", "4:realisasi", "5:capaian", "6:keterangan"]);
    expect(t.columns[2].year).toBe(2020);
    expect(levels(t)).toEqual(["2:indikator", "3:indikator"]);
  });
  it("Sumenep Tabel 3.3: two year groups", () => {
    const g = buildGrid("T33", {
      rows: [
        ["No.", "Tujuan/Sasaran", "Indikator Kinerja", "2022", null, null, "2023", null, null],
        [null, null, null, "Target", "Realisasi", "% Capaian", "Target", "Realisasi", "% Capaian"],
        [1, "Meningkatnya Pendapatan Pelaku UMKM", "Persentase Pelaku Usaha UMKM", "6%", "10,47%", "174,5%", "7%", "16,24%", "232%"],
      ],
      merges: ["D1:F1", "G1:I1", "A1:A2", "B1:B2", "C1:C2"],
    });
    const t = only(recognizeSheet(g));
    expect(t.kind).toBe("perbandingan");
    expect(roles(t).slice(3)).toEqual(["3:target", "4:realisasi", "5:capaian", "6:target", "7:realisasi", "8:capaian"]);
    expect(t.columns.slice(3).map((c) => c.year)).toEqual([2022, 2022, 2022, 2023, 2023, 2023]);
  });
});

describe("renstra matrix", () => {
  const g = buildGrid("Renstra", {
    rows: [
      ["Kode", "Tujuan/Sasaran/Program", "Indikator", "Kondisi Kinerja Awal", "Target Kinerja Program dan Kerangka Pendanaan", null, null, null, null, null, "Kondisi Kinerja pada Akhir Periode", null, "Penanggung Jawab"],
      [null, null, null, null, "Tahun 2022", null, "Tahun 2023", null, "Tahun 2024", null, null, null, null],
      [null, null, null, null, "Target", "Rp", "Target", "Rp", "Target", "Rp", "Target", "Rp", null],
      ["2.17.02", "Program Pemberdayaan UMKM", "Persentase UMKM naik kelas", 5, 6, 1000, 7, 1100, 8, 1200, 8, 3300, "Bidang UMKM"],
    ],
    merges: ["A1:A3", "B1:B3", "C1:C3", "D1:D3", "E1:J1", "E2:F2", "G2:H2", "I2:J2", "K1:L2", "M1:M3"],
  });
  const t = only(recognizeSheet(g));
  it("per-year targets and amounts", () => {
    expect(t.kind).toBe("renstra");
    expect(t.columns.filter((c) => c.role === "target_tahun").map((c) => c.year)).toEqual([2022, 2023, 2024]);
    expect(t.columns.filter((c) => c.role === "pagu_tahun").map((c) => c.year)).toEqual([2022, 2023, 2024]);
    expect(t.columns.find((c) => c.col === 3)?.role).toBe("kondisi_awal");
    expect(t.columns.find((c) => c.col === 10)?.role).toBe("kondisi_akhir");
    expect(t.columns.find((c) => c.col === 12)?.role).toBe("penanggung_jawab");
    expect(levels(t)).toEqual(["3:program"]);
  });
});

describe("sheets without a table", () => {
  it("staff list, letter, chart of accounts yield nothing with a reason", () => {
    const staff = buildGrid("Pegawai", {
      rows: [["Daftar Pegawai"], [], ["No", "Nama", "NIP", "Jabatan"], [1, "Budi", "19700101 199003 1 001", "Kepala Dinas"], [2, "Sari", "19800202 200501 2 002", "Sekretaris"]],
    });
    const letter = buildGrid("Surat", {
      rows: [["Nomor : 050/123/2024"], ["Perihal : Laporan Realisasi Anggaran dan Capaian Kinerja"], [], ["Dengan hormat, bersama ini kami sampaikan realisasi anggaran dan target kinerja triwulan IV."], ["Kepala Dinas"]],
    });
    const coa = buildGrid("Rekening", {
      rows: [["Kode Rekening", "Uraian"], ["5.1.01", "Belanja Pegawai"], ["5.1.02", "Belanja Barang dan Jasa"]],
    });
    const onlyTarget = buildGrid("PK", {
      rows: [["Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target"], ["Meningkatnya PDRB", "Nilai PDRB", "Rp", "189.035.108.703"]],
    });
    const res = recognizeBook({ name: "x", sheets: [staff, letter, coa, onlyTarget] });
    expect(res.tables).toEqual([]);
    expect(res.unrecognized.map((u) => u.sheet)).toEqual(["Pegawai", "Surat", "Rekening", "PK"]);
    expect(res.unrecognized[0].reason).toBe(NO_HEADER_REASON);
    expect(res.unrecognized[3].reason).toMatch(/fewer than two performance columns/);
  });
  it("a header without numeric rows is not a table", () => {
    const g = buildGrid("Kosong", { rows: [["No", "Indikator", "Target", "Realisasi", "Capaian"], [null, "Belum diisi", null, null, null]] });
    expect(recognizeSheet(g).tables).toEqual([]);
    expect(recognizeSheet(g).reason).toMatch(/no numeric data rows/);
  });
});

describe("several tables on one sheet, right-hand block, signature", () => {
  const g = buildGrid(
    "Lampiran",
    {
      rows: [
        ["Indikator Tujuan"],
        [],
        ["No", "Indikator", "Formulasi", "Target", "Realisasi", "Capaian"],
        [1, "Persentase Koperasi Aktif", "Jml koperasi aktif / jml seluruh koperasi X 100 %", 71.71, 70.98, 98.98],
        [2, "Persentase Pertumbuhan Usaha Mikro", "(Jml UM thn N - Jml UM thn N-1) / Jml UM thn N-1 X 100%", 0.66, 44.83, 6792.4],
        [],
        ["Indikator Sasaran"],
        [],
        ["No", "Sasaran", "Indikator", "Target", "Realisasi", "Capaian", "Kategori", null, "Faktor Pendorong", "Faktor Penghambat"],
        [1, "Meningkatnya Kualitas Koperasi", "Persentase Koperasi yang melaksanakan RAT", 81.02, 60.72, 74.94, "Sedang", null, "adanya fasilitasi", "kurangnya monitoring"],
        [null, null, "Persentase Koperasi Sehat dan Cukup Sehat", 87.5, 80, 91.43, "Sangat Tinggi"],
        [],
        [null, null, null, null, "Lumajang, 14 Januari 2022"],
        [null, null, null, null, "Kepala Dinas"],
        [],
        [null, null, null, null, "NIP. 19680101 199003 1 001"],
      ],
    },
  );
  const { tables } = recognizeSheet(g);
  it("finds both tables with titles and stops before the signature", () => {
    expect(tables.map((t) => [t.kind, t.title, t.area.r1, t.area.r2])).toEqual([
      ["capaian-indikator", "Indikator Tujuan", 2, 4],
      ["capaian-indikator", "Indikator Sasaran", 8, 10],
    ]);
    expect(roles(tables[0])).toEqual(["0:no", "1:indikator", "2:formulasi", "3:target", "4:realisasi", "5:capaian"]);
    expect(roles(tables[1])).toEqual(["0:no", "1:sasaran", "2:indikator", "3:target", "4:realisasi", "5:capaian", "6:kategori", "8:keterangan", "9:keterangan"]);
    expect(levels(tables[1])).toEqual(["9:sasaran", "10:indikator<9"]);
  });
});

describe("efficiency tables", () => {
  it("Lumajang 2023 Tabel 3.4: capaian, penyerapan, efisiensi", () => {
    const g = buildGrid("T34", {
      rows: [
        ["No", "Sasaran Strategis", "Indikator Kinerja", "Capaian Kinerja Triwulan I (%)", "Penyerapan Anggaran", "Tingkat Efisiensi"],
        [1, 2, 3, 4, 5, 6],
        ["1.", "Meningkatnya PDRB sektor Koperasi", "Nilai PDRB sektor Koperasi", "Tidak dapat diukur karena menunggu", "18%", "Tidak dapat diukur"],
        ["2.", "Meningkatnya PDRB sektor Usaha Mikro", "Nilai PDRB sektor Usaha Mikro", "Tidak dapat diukur", "1%", "Tidak dapat diukur"],
      ],
    });
    const t = only(recognizeSheet(g));
    expect(t.kind).toBe("kinerja-anggaran");
    expect(roles(t)).toEqual(["0:no", "1:sasaran", "2:indikator", "3:capaian", "4:capaian_anggaran", "5:efisiensi"]);
  });
  it("Probolinggo Tabel 10: kategori efisiensi from values", () => {
    const g = buildGrid("T10", {
      rows: [
        ["No", "Indikator Kinerja Utama", "Prosentase Capaian Kinerja", "Prosentase Penyerapan Anggaran", "Tingkat Efisiensi", "Kategori"],
        [1, "Survei Kepuasan Masyarakat (SKM)", "106,85%", 89.63, 1.19, "Efisien"],
      ],
    });
    const t = only(recognizeSheet(g));
    expect(roles(t)).toEqual(["0:no", "1:indikator", "2:capaian", "3:capaian_anggaran", "4:efisiensi", "5:kategori_efisiensi"]);
  });
});

describe("column-number labels as a cross-check", () => {
  it("reports a label contradicting the header text", () => {
    const g = buildGrid("E81", {
      rows: [
        ["No", "Program", "Target Renja", null, "Realisasi Renja", null, "Realisasi Renstra s/d tahun ini", null, "Tingkat Capaian Renstra (%)", null],
        [null, null, "K", "Rp", "K", "Rp", "K", "Rp", "K", "Rp"],
        [1, 2, 5, null, 12, null, "14 = 13/5 x 100%", null, "13 = 6 + 12", null],
        [1, "Program A", 10, 100, 9, 90, 9, 90, 90, 90],
      ],
      merges: ["C1:D1", "E1:F1", "G1:H1", "I1:J1", "G3:H3", "I3:J3", "C3:D3", "E3:F3"],
    });
    const t = only(recognizeSheet(g));
    expect(t.kind).toBe("renja-evaluasi");
    expect(t.header.numberRow).toBe(2);
    const cols = t.labelConflicts.map((c) => c.col);
    expect(cols).toContain(6);
    expect(cols).toContain(8);
    expect(t.labelConflicts[0].reason).toMatch(/ratio|sum/);
  });
});

describe("column-number labels of derived columns (domain.md §4)", () => {
  /** Probolinggo-style realisasi anggaran with a number row; `sisa` and `pct` are its labels. */
  function budget(pct: string, sisa: string): TableModel {
    const g = buildGrid("RA", {
      rows: [
        ["Kode", "Program/Kegiatan/Sub Kegiatan", "Pagu Anggaran (Rp)", "Realisasi (Rp)", "%", "Sisa Anggaran (Rp)"],
        ["1", "2", "3", "4", pct, sisa],
        ["2.17.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", 9774019952, 8598393208, 87.97, 1175626744],
        ["2.17.01.1.02", "Administrasi Keuangan Perangkat Daerah", 9482192282, 8282090389, 87.34, 1200101893],
      ],
    });
    const t = only(recognizeSheet(g));
    expect(roles(t)).toEqual(["0:kode", "1:uraian", "2:pagu", "3:realisasi_anggaran", "4:capaian_anggaran", "5:sisa_anggaran"]);
    expect(t.header.numberRow).toBe(1);
    return t;
  }
  it("Sisa = Pagu − Realisasi ('6 = 3 - 4', also with an en dash or a minus sign) is consistent", () => {
    expect(budget("5 = 4/3 x 100", "6 = 3 - 4").labelConflicts).toEqual([]);
    expect(budget("5 = 4/3 x 100", "6 = 3 \u2013 4").labelConflicts).toEqual([]);
    expect(budget("5 = 4/3 x 100", "6 = 3\u22124").labelConflicts).toEqual([]);
  });
  it("a reversed difference or a sum for Sisa is reported, with the label the header implies", () => {
    const rev = budget("5 = 4/3 x 100", "6 = 4 - 3").labelConflicts;
    expect(rev).toHaveLength(1);
    expect(rev[0]).toMatchObject({ col: 5, row: 1, label: "6 = 4 - 3", expected: "6 = 3 - 4" });
    expect(rev[0].reason).toMatch(/subtracts column 3 .* from column 4/);
    const sum = budget("5 = 4/3 x 100", "6 = 3 + 4").labelConflicts;
    expect(sum).toHaveLength(1);
    expect(sum[0]).toMatchObject({ col: 5, expected: "6 = 3 - 4" });
    expect(sum[0].reason).toMatch(/a difference\) but the label is a sum/);
  });
  it("penyerapan = Realisasi / Pagu: a label dividing the other way round is reported", () => {
    const t = budget("5 = 3/4 x 100", "6 = 3 - 4");
    expect(t.labelConflicts.map((c) => [c.col, c.expected])).toEqual([[4, "5 = 4/3 x 100"]]);
  });
  it("efisiensi = capaian kinerja / capaian anggaran; a ratio of other columns is reported", () => {
    const grid = (ef: string) =>
      buildGrid("KA", {
        rows: [
          ["No", "Indikator", "Target", "Realisasi", "% Capaian Kinerja", "Pagu", "Realisasi Anggaran", "% Capaian Anggaran", "Tingkat Efisiensi"],
          ["1", "2", "3", "4", "5 = 4/3 x 100", "6", "7", "8 = 7/6 x 100", ef],
          [1, "Persentase koperasi aktif", 80, 70, 87.5, 1000, 900, 90, 0.97],
        ],
      });
    const ok = only(recognizeSheet(grid("9 = 5/8")));
    expect(ok.columns.map((c) => c.role)).toEqual(["no", "indikator", "target", "realisasi", "capaian", "pagu", "realisasi_anggaran", "capaian_anggaran", "efisiensi"]);
    expect(ok.labelConflicts).toEqual([]);
    const bad = only(recognizeSheet(grid("9 = 4/7"))).labelConflicts;
    expect(bad.map((c) => [c.col, c.expected])).toEqual([[8, "9 = 5/8"]]);
  });
});

describe("side by side, overrides", () => {
  it("two tables next to each other separated by empty columns", () => {
    const g = buildGrid("S", {
      rows: [
        ["No", "Indikator", "Target", "Realisasi", "Capaian", null, null, "No", "Program", "Pagu", "Realisasi Anggaran", "%"],
        [1, "Persentase koperasi aktif", 80, 70, 87.5, null, null, 1, "Pemberdayaan UMKM", 1000, 900, 90],
        [2, "Jumlah UMKM dibina", 100, 110, 110, null, null, 2, "Pengawasan koperasi", 500, 400, 80],
      ],
    });
    const { tables } = recognizeSheet(g);
    expect(tables.map((t) => [t.kind, t.area.c1, t.area.c2])).toEqual([
      ["capaian-indikator", 0, 4],
      ["realisasi-anggaran", 7, 11],
    ]);
    expect(tables[1].columns.map((c) => c.role)).toEqual(["no", "uraian", "pagu", "realisasi_anggaran", "capaian_anggaran"]);
  });
  it("applyRoleOverrides corrects a role, its quarter and the kind", () => {
    const g = buildGrid("S", {
      rows: [
        ["No", "Indikator", "Target", "Realisasi", "Keterangan"],
        [1, "Persentase koperasi aktif", 80, 70, 87.5],
      ],
    });
    const t = only(recognizeSheet(g));
    expect(t.columns[4].role).toBe("keterangan");
    const fixed = applyRoleOverrides(t, { 4: { role: "capaian" }, 3: { role: "realisasi_tw2", measure: "k" } });
    expect(fixed.columns[4].role).toBe("capaian");
    expect(fixed.columns[3]).toMatchObject({ role: "realisasi_tw2", measure: "k", quarter: 2 });
    expect(t.columns[4].role).toBe("keterangan");
  });
});

describe("corrected number labels", () => {
  it("names the label the header text implies", () => {
    const g = buildGrid("E81", {
      rows: [
        ["No", "Program", "Realisasi Renstra s/d Renja tahun lalu", null, "Target Renja", null, "Realisasi Renja", null, "Tingkat Capaian Renja (%)", null],
        [null, null, "K", "Rp", "K", "Rp", "K", "Rp", "K", "Rp"],
        [1, 2, 7, null, 8, null, 13, null, "14 = 13/7 x 100%", null],
        [1, "Program A", 5, 50, 10, 100, 9, 90, 90, 90],
      ],
      merges: ["C1:D1", "E1:F1", "G1:H1", "I1:J1", "C3:D3", "E3:F3", "G3:H3", "I3:J3"],
    });
    const t = only(recognizeSheet(g));
    expect(t.labelConflicts).toHaveLength(1);
    expect(t.labelConflicts[0]).toMatchObject({ col: 8, row: 2, label: "14 = 13/7 x 100%", expected: "14 = 13/8 x 100%" });
  });
});

describe("first data row without numbers", () => {
  it("placeholders end the header band", () => {
    const g = buildGrid("S", {
      rows: [
        ["No", "Program", "Target", "Realisasi", "Capaian"],
        [null, "Program A", "-", "-", "-"],
        [null, "Program B", 10, 9, 90],
      ],
    });
    const t = only(recognizeSheet(g));
    expect(t.header).toEqual({ firstRow: 0, lastRow: 0 });
    expect(t.rows.map((r) => r.row)).toEqual([1, 2]);
  });
});
