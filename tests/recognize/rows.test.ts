/**
 * Row levels from the weaker cues (column indentation, leading spaces, bold, fill), polarity and
 * aggregation, and token variants (quarter labels, K/Rp spellings).
 */
import { recognizeSheet, polarityOf, aggregationOf } from "../../src/core/recognize";
import { classifyColumn } from "../../src/core/recognize/roles";
import { quarterToken, measureToken } from "../../src/core/recognize/text";
import type { TableModel } from "../../src/core/model";
import { buildGrid } from "./helpers";

function levels(t: TableModel): string[] {
  return t.rows.map((r) => `${r.row}:${r.level}${r.parent !== undefined ? "<" + r.parent : ""}`);
}

const HEAD = ["Uraian", null, null, "Indikator", "Target", "Realisasi", "Capaian (%)", "Pagu", "Realisasi Anggaran"];

describe("hierarchy cues", () => {
  it("column indentation (names in further-right columns)", () => {
    const g = buildGrid("S", {
      rows: [
        HEAD,
        ["Pemberdayaan UMKM", null, null, "Persentase UMKM naik kelas", 10, 9, 90, 300, 250],
        [null, "Fasilitasi usaha mikro", null, "Jumlah UM difasilitasi", 20, 18, 90, 300, 250],
        [null, null, "Pendataan usaha mikro", "Jumlah UM didata", 100, 90, 90, 100, 90],
        [null, null, "Pelatihan usaha mikro", "Jumlah UM dilatih", 50, 45, 90, 200, 160],
      ],
      merges: ["A1:C1"],
    });
    const t = recognizeSheet(g).tables[0];
    expect(t.columns.slice(0, 3).map((c) => c.role)).toEqual(["uraian", "uraian", "uraian"]);
    expect(levels(t)).toEqual(["1:program", "2:kegiatan<1", "3:subkegiatan<2", "4:subkegiatan<2"]);
    expect(t.rows[2].evidence).toContain("column indentation");
  });

  it("leading spaces", () => {
    const g = buildGrid("S", {
      rows: [
        ["Program / Kegiatan", "Indikator", "Target", "Realisasi", "Capaian"],
        ["Pemberdayaan UMKM", "Persentase UMKM naik kelas", 10, 9, 90],
        ["    Fasilitasi usaha mikro", "Jumlah UM difasilitasi", 20, 18, 90],
        ["        Pendataan usaha mikro", "Jumlah UM didata", 100, 90, 90],
        ["    Pengembangan kemitraan", "Jumlah mitra", 5, 5, 100],
      ],
    });
    const t = recognizeSheet(g).tables[0];
    expect(t.kind).toBe("capaian-indikator");
    expect(levels(t)).toEqual(["1:program", "2:kegiatan<1", "3:subkegiatan<2", "4:kegiatan<1"]);
  });

  it("bold parents", () => {
    const b = (v: string) => ({ v, bold: true });
    const g = buildGrid("S", {
      rows: [
        ["No", "Program/Kegiatan", "Anggaran", "Realisasi", "%"],
        [1, b("Pemberdayaan UMKM"), 300, 250, 83.33],
        [null, "Fasilitasi usaha mikro", 100, 90, 90],
        [null, "Pengembangan kemitraan", 100, 80, 80],
        [2, b("Pengawasan koperasi"), 50, 50, 100],
        [null, "Pemeriksaan koperasi", 50, 50, 100],
      ],
    });
    const t = recognizeSheet(g).tables[0];
    expect(t.kind).toBe("realisasi-anggaran");
    expect(t.columns.map((c) => c.role)).toEqual(["no", "uraian", "pagu", "realisasi_anggaran", "capaian_anggaran"]);
    expect(levels(t)).toEqual(["1:program", "2:kegiatan<1", "3:kegiatan<1", "4:program", "5:kegiatan<4"]);
  });

  it("fill colour", () => {
    const f = (v: string, fill: string) => ({ v, fill });
    const g = buildGrid("S", {
      rows: [
        ["Program/Kegiatan", "Anggaran", "Realisasi", "%"],
        [f("Pemberdayaan UMKM", "#FFFF00"), 300, 250, 83.33],
        [f("Fasilitasi usaha mikro", "#DDEBF7"), 100, 90, 90],
        ["Pendataan usaha mikro", 100, 90, 90],
        [f("Pengawasan koperasi", "#FFFF00"), 50, 50, 100],
      ],
    });
    const t = recognizeSheet(g).tables[0];
    expect(levels(t)).toEqual(["1:program", "2:kegiatan<1", "3:subkegiatan<2", "4:program"]);
  });

  it("rata-rata and predikat footers, Jumlah total", () => {
    const g = buildGrid("S", {
      rows: [
        ["No", "Program", "Indikator", "Target", "Realisasi", "Capaian (%)", "Kategori"],
        [1, "Program A", "Persentase A", 100, 90, 90, "Sangat Tinggi"],
        [2, "Program B", "Persentase B", 100, 80, 80, "Tinggi"],
        ["Rata-rata capaian kinerja (%)", null, null, null, null, 85, null],
        ["Predikat kinerja", null, null, null, null, "Tinggi", null],
      ],
      merges: ["A4:E4", "A5:E5"],
    });
    const t = recognizeSheet(g).tables[0];
    expect(levels(t)).toEqual(["1:program", "2:program", "3:rata-rata", "4:predikat"]);
    expect(t.area.r2).toBe(4);
  });
});

describe("polarity and aggregation", () => {
  it.each([
    ["Persentase fluktuasi harga Bapokti", "negative"],
    ["Tingkat inflasi", "negative"],
    ["Angka kemiskinan", "negative"],
    ["Tingkat pengangguran terbuka", "negative"],
    ["Koefisien variasi harga", "negative"],
    ["Jumlah kasus stunting", "negative"],
    ["Jumlah keluhan konsumen", "negative"],
    ["Persentase Koperasi Aktif", "positive"],
    ["Jumlah UM yang diberdayakan", "positive"],
    ["Nilai PDRB sektor Koperasi", "positive"],
  ])("%s is %s", (text, pol) => {
    expect(polarityOf(text)).toBe(pol);
  });
  // Price change / fluctuation / disparity is lower-is-better; price stability is higher-is-better.
  it.each([
    // seed 003 Tabel 4.8 row 7 (typo and en dash as printed), its Tabel 2.x variants and formulasi
    ["% rata \u2013 rata harga bahan kebutuhab pokok dan barang penting", "negative"],
    ["% rata - rata harga bahan kebutuhan pokok dan barang penting", "negative"],
    ["% rata - rata perubahan harga bahan kebutuhan pokok, dan barang penting", "negative"],
    ["persentase rata - rata kenaikan atau penurunan harga kebutuhan pokok, dan barang penting selama setahun", "negative"],
    // seed 002
    ["Persentase fluktuasi harga Bapokti", "negative"],
    ["Persentase Fluktuasi Harga Bapokti", "negative"],
    // wording of other templates
    ["Rata-rata harga beras medium di pasar rakyat", "negative"],
    ["Persentase kenaikan harga barang kebutuhan pokok", "negative"],
    ["Disparitas harga antar wilayah", "negative"],
    ["Gejolak harga bahan pokok menjelang HBKN", "negative"],
    ["Tingkat inflasi daerah", "negative"],
    // seed 002, seed 000: stable prices are the good outcome
    ["Persentase Peningkatan Jumlah Bapokti Yang Harganya Stabil", "positive"],
    ["Prosentase barang kebutuhan pokok yang harganya stabil", "positive"],
    ["Persentase harga bahan kebutuhan pokok yang stabil", "positive"],
    ["Persentase komoditas dengan fluktuasi harga yang stabil", "positive"],
    ["Persentase rata-rata harga bapokti yang stabil", "positive"],
    // seed 003 sasaran, seed 000 indicators and kegiatan that mention prices without a change
    ["Meningkatnya Stabilitas Harga Kebutuhan Pokok, dan Barang Penting", "positive"],
    ["Jumlah harga barang kebutuhan pokok yang dikendalikan", "positive"],
    ["Jumlah Laporan Pemantauan Harga dan Stok Barang Kebutuhan Pokok dan Barang Penting pada Pelaku Usaha", "positive"],
    ["Program Stabilisasi Harga Kebutuhan Pokok dan Barang Penting", "positive"],
    ["Jumlah Koperasi yang Mendapatkan Penghargaan Kesehatan", "positive"],
  ])("price wording: %s is %s", (text, pol) => {
    expect(polarityOf(text)).toBe(pol);
  });
  it.each([
    ["Persentase Koperasi Aktif", "stock"],
    ["Indeks kepuasan masyarakat", "stock"],
    ["Rasio koperasi aktif", "stock"],
    ["Nilai PDRB sektor Koperasi", "stock"],
    ["Tingkat efektivitas", "stock"],
    ["Jumlah pelaku usaha yang dilatih", "flow"],
    ["Jumlah dokumen perencanaan", "flow"],
    ["Jumlah UM yang difasilitasi", "flow"],
  ])("%s is %s", (text, agg) => {
    expect(aggregationOf(text)).toBe(agg);
  });

  it("the stated annual value decides (sum or last), repeated quarters are a stock", () => {
    const g = buildGrid("E81", {
      rows: [
        ["Program/Kegiatan", "Indikator", "Target Renja", null, "Realisasi Triwulan", null, null, null, null, null, null, null, "Realisasi Renja", null],
        [null, null, null, null, "I", null, "II", null, "III", null, "IV", null, null, null],
        [null, null, "K", "Rp", "K", "Rp", "K", "Rp", "K", "Rp", "K", "Rp", "K", "Rp"],
        ["Penyediaan Gaji", "Jumlah ASN terlayani gaji", 24, 100, 24, 25, 24, 25, 24, 25, 24, 25, 24, 100],
        ["Pendataan", "Persentase UM yang didata", 100, 100, 25, 25, 25, 25, 25, 25, 25, 25, 100, 100],
        ["Penyediaan Bahan", "Jumlah jenis bahan", 12, 100, 3, 25, 3, 25, 3, 25, 3, 25, null, 100],
        ["Pelatihan", "Indeks kompetensi", 80, 100, 70, 25, 75, 25, 78, 25, 80, 25, 80, 100],
      ],
      merges: ["A1:A3", "B1:B3", "C1:D2", "E1:L1", "E2:F2", "G2:H2", "I2:J2", "K2:L2", "M1:N2"],
    });
    const t = recognizeSheet(g).tables[0];
    expect(t.kind).toBe("renja-evaluasi");
    expect(t.rows.map((r) => r.aggregation)).toEqual(["stock", "flow", "stock", "stock"]);
  });
});

describe("tokens", () => {
  it.each([
    ["I", 1],
    ["II", 2],
    ["Il", 2],
    ["Ill", 3],
    ["lV", 4],
    ["IV", 4],
    ["Tw 1", 1],
    ["TW I", 1],
    ["Triwulan III", 3],
    ["Trw. II", 2],
    ["4", 4],
  ])("quarter %s", (t, q) => {
    expect(quarterToken(t as string, true)).toBe(q);
  });
  it("Renstra year index", () => {
    expect(classifyColumn(["Target Kinerja dan Kerangka Pendanaan", "Tahun ke-2", "Target"]).year).toBe(2);
  });
  it("K / Rp spellings", () => {
    expect(measureToken("K")).toEqual({ measure: "k" });
    expect(measureToken("Rp.")).toEqual({ measure: "rp" });
    expect(measureToken("rp")).toEqual({ measure: "rp" });
    expect(measureToken("Rp. (000)")).toEqual({ measure: "rp", scale: 1000 });
    expect(measureToken("(Rp.)")).toEqual({ measure: "rp" });
    expect(measureToken("%")).toEqual({ measure: "rp", percent: true });
    expect(measureToken("Kinerja")).toBeUndefined();
  });
  it.each([
    [["Target Renstra Perangkat Daerah s/d tahun 2023", "K"], "target_renstra", "k"],
    [["Realisasi Kinerja Pada Triwulan", "II", "Rp"], "realisasi_tw2", "rp"],
    [["Realisasi Kinerja dan Anggaran Renja s/d Renja tahun lalu", "K"], "realisasi_renstra_lalu", "k"],
    [["Realisasi Capaian Kinerja dan Anggaran Renja", "Rp"], "realisasi_renja", "rp"],
    [["Tingkat Capaian Kinerja dan Realisasi Anggaran Renja (%)", "K"], "capaian_renja", "k"],
    [["Realisasi Kinerja dan Anggaran Renstra s/d Tahun 2023", "Rp"], "realisasi_renstra", "rp"],
    [["Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra s/d tahun 2023 (%)", "Rp"], "capaian_renstra", "rp"],
    [["Anggaran", "% Capaian"], "capaian_anggaran", undefined],
    [["Tingkat Efisiensi"], "efisiensi", undefined],
    [["Tingkat Efisiensi", "Kategori"], "kategori_efisiensi", undefined],
    [["Sisa Anggaran"], "sisa_anggaran", undefined],
    [["Predikat"], "kategori", undefined],
    [["Sumber Dana"], "sumber_dana", undefined],
    [["Faktor-Faktor Keberhasilan", "Penghambat"], "keterangan", undefined],
    [["Penanggung Jawab"], "penanggung_jawab", undefined],
    [["Kondisi Kinerja Awal"], "kondisi_awal", undefined],
    [["Target Akhir Renstra"], "target_akhir_renstra", undefined],
    [["Tingkat Kemajuan"], "tingkat_kemajuan", undefined],
    [["Realisasi Tahun Lalu"], "realisasi_tahun_lalu", undefined],
    [["Realisasi Kinerja dan Anggaran s/d Triwulan III", "K"], "realisasi_renja", "k"],
    [["Realisasi sampai dengan Triwulan II"], "realisasi", undefined],
    [["Realisasi Triwulan II"], "realisasi_tw2", undefined],
    [["TW III"], "realisasi_tw3", undefined],
    [["Target Kinerja dan Kerangka Pendanaan", "Tahun ke-2", "Rp"], "pagu", "rp"],
  ])("%j → %s", (pieces, role, measure) => {
    const c = classifyColumn(pieces as string[]);
    expect([c.role, c.measure]).toEqual([role, measure]);
  });
});
