/**
 * Synthetic E.81 matrix (Evaluasi terhadap Hasil Renja, Permendagri 86/2017) of any size: a title,
 * a 4-row header band with merges (group titles, quarters, K/Rp, column numbers), program /
 * kegiatan / sub kegiatan rows with codes, consistent Rp sums, an occasional second indicator
 * row, and footer rows (Jumlah, Rata-rata capaian kinerja, Predikat kinerja).
 * Used by the recognition tests and by the benchmark.
 */
import { Grid, type Area } from "../../src/core/grid";
import type { Role, RowLevel, Measure } from "../../src/core/model";

export const SYN_HEADER = { firstRow: 2, lastRow: 5, numberRow: 5 } as const;
export const SYN_FIRST_DATA_ROW = 6;

/** Expected column roles by zero-based column. */
export const SYN_COLUMNS: Array<{ col: number; role: Role; measure?: Measure; quarter?: 1 | 2 | 3 | 4 }> = [
  { col: 0, role: "no" },
  { col: 1, role: "sasaran" },
  { col: 2, role: "kode" },
  { col: 3, role: "uraian" },
  { col: 4, role: "indikator" },
  { col: 5, role: "target_renstra", measure: "k" },
  { col: 6, role: "target_renstra", measure: "rp" },
  { col: 7, role: "realisasi_renstra_lalu", measure: "k" },
  { col: 8, role: "realisasi_renstra_lalu", measure: "rp" },
  { col: 9, role: "target_renja", measure: "k" },
  { col: 10, role: "target_renja", measure: "rp" },
  { col: 11, role: "realisasi_tw1", measure: "k", quarter: 1 },
  { col: 12, role: "realisasi_tw1", measure: "rp", quarter: 1 },
  { col: 13, role: "realisasi_tw2", measure: "k", quarter: 2 },
  { col: 14, role: "realisasi_tw2", measure: "rp", quarter: 2 },
  { col: 15, role: "realisasi_tw3", measure: "k", quarter: 3 },
  { col: 16, role: "realisasi_tw3", measure: "rp", quarter: 3 },
  { col: 17, role: "realisasi_tw4", measure: "k", quarter: 4 },
  { col: 18, role: "realisasi_tw4", measure: "rp", quarter: 4 },
  { col: 19, role: "realisasi_renja", measure: "k" },
  { col: 20, role: "realisasi_renja", measure: "rp" },
  { col: 21, role: "capaian_renja", measure: "k" },
  { col: 22, role: "capaian_renja", measure: "rp" },
  { col: 23, role: "realisasi_renstra", measure: "k" },
  { col: 24, role: "realisasi_renstra", measure: "rp" },
  { col: 25, role: "capaian_renstra", measure: "k" },
  { col: 26, role: "capaian_renstra", measure: "rp" },
  { col: 27, role: "penanggung_jawab" },
  { col: 28, role: "keterangan" },
];

export interface SyntheticTruth {
  grid: Grid;
  rows: Array<{ row: number; level: RowLevel; parent?: number; code?: string }>;
  lastRow: number;
}

const INDICATORS = [
  "Jumlah UMKM yang difasilitasi",
  "Persentase koperasi sehat",
  "Jumlah dokumen perencanaan yang disusun",
  "Jumlah pelaku usaha yang dilatih",
  "Indeks kepuasan masyarakat",
  "Jumlah ASN yang menerima gaji",
];

export function syntheticMatrix(indicatorRows: number): Grid {
  return syntheticMatrixWithTruth(indicatorRows).grid;
}

export function syntheticMatrixWithTruth(indicatorRows: number, sheet = "E81"): SyntheticTruth {
  const g = new Grid(sheet);
  const merge = (a: Area) => g.addMerge(a);
  const set = (r: number, c: number, v: string | number, extra: Record<string, unknown> = {}) => g.set(r, c, { v, ...extra });

  set(0, 0, "Tabel 3.1 Evaluasi Terhadap Hasil Renja Perangkat Daerah Tahun 2023", { bold: true });
  merge({ r1: 0, c1: 0, r2: 0, c2: 28 });
  // Header band rows 2..4 plus the number row 5.
  const single: Array<[number, string]> = [
    [0, "No"],
    [1, "Sasaran"],
    [2, "Kode"],
    [3, "Program/Kegiatan/Sub Kegiatan"],
    [4, "Indikator Kinerja Program (outcome)/ Kegiatan (output)"],
    [27, "Perangkat Daerah Penanggung Jawab"],
    [28, "Keterangan"],
  ];
  for (const [c, t] of single) {
    set(2, c, t, { bold: true });
    merge({ r1: 2, c1: c, r2: 4, c2: c });
  }
  const pairs: Array<[number, string]> = [
    [5, "Target Renstra Perangkat Daerah pada Tahun 2026 (Akhir Periode Renstra)"],
    [7, "Realisasi Capaian Kinerja Renstra Perangkat Daerah sampai dengan Renja Perangkat Daerah Tahun Lalu (2022)"],
    [9, "Target Kinerja dan Anggaran Renja Perangkat Daerah Tahun Berjalan (2023) yang Dievaluasi"],
    [19, "Realisasi Capaian Kinerja dan Anggaran Renja Perangkat Daerah yang Dievaluasi"],
    [21, "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja Perangkat Daerah yang Dievaluasi (%)"],
    [23, "Realisasi Kinerja dan Anggaran Renstra Perangkat Daerah s/d Tahun 2023"],
    [25, "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra Perangkat Daerah s/d Tahun 2023 (%)"],
  ];
  for (const [c, t] of pairs) {
    set(2, c, t, { bold: true });
    merge({ r1: 2, c1: c, r2: 3, c2: c + 1 });
  }
  set(2, 11, "Realisasi Kinerja Pada Triwulan", { bold: true });
  merge({ r1: 2, c1: 11, r2: 2, c2: 18 });
  ["I", "II", "III", "IV"].forEach((q, i) => {
    set(3, 11 + 2 * i, q);
    merge({ r1: 3, c1: 11 + 2 * i, r2: 3, c2: 12 + 2 * i });
  });
  for (let c = 5; c <= 26; c++) set(4, c, c % 2 === 1 ? "K" : "Rp");
  // Number row: one number per single column, one per K/Rp pair.
  const labels: Array<[number, string | number, number]> = [
    [0, 1, 0],
    [1, 2, 0],
    [2, 3, 0],
    [3, 4, 0],
    [4, 5, 0],
    [5, 6, 1],
    [7, 7, 1],
    [9, 8, 1],
    [11, 9, 1],
    [13, 10, 1],
    [15, 11, 1],
    [17, 12, 1],
    [19, "13 = 9+10+11+12", 1],
    [21, "14 = 13/8 x 100%", 1],
    [23, "15 = 7 + 13", 1],
    [25, "16 = 15/6 x 100%", 1],
    [27, 17, 0],
    [28, 18, 0],
  ];
  for (const [c, v, span] of labels) {
    set(5, c, v);
    if (span) merge({ r1: 5, c1: c, r2: 5, c2: c + span });
  }

  const truth: SyntheticTruth["rows"] = [];
  let r = SYN_FIRST_DATA_ROW;
  const target = Math.max(4, indicatorRows);
  let p = 0;
  let n = 0;
  const programRows: number[] = [];
  // One sasaran row at the top.
  set(r, 0, 1);
  set(r, 1, "Meningkatnya kualitas dan daya saing koperasi dan UMKM");
  set(r, 4, "Persentase koperasi aktif");
  set(r, 5, 80);
  set(r, 9, 75);
  set(r, 19, 72);
  truth.push({ row: r, level: "sasaran" });
  const sasaranRow = r;
  r++;
  n++;
  while (n < target) {
    p++;
    const pCode = `2.17.${String(p).padStart(2, "0")}`;
    const pRow = r++;
    n++;
    programRows.push(pRow);
    truth.push({ row: pRow, level: "program", parent: sasaranRow, code: pCode });
    let pAmount = 0;
    const kCount = 1 + (p % 3);
    for (let k = 1; k <= kCount && n < target; k++) {
      const kCode = `${pCode}.2.${String(k).padStart(2, "0")}`;
      const kRow = r++;
      n++;
      truth.push({ row: kRow, level: "kegiatan", parent: pRow, code: kCode });
      let kAmount = 0;
      const sCount = 1 + ((p + k) % 3);
      for (let s = 1; s <= sCount && n < target; s++) {
        const sCode = `${kCode}.${String(s).padStart(4, "0")}`;
        const sRow = r++;
        n++;
        const amount = 1_000_000 * ((p * 7 + k * 3 + s) % 50) + 2_500_000;
        kAmount += amount;
        truth.push({ row: sRow, level: "subkegiatan", parent: kRow, code: sCode });
        writeLeaf(set, sRow, sCode, `Sub kegiatan ${p}.${k}.${s} penyediaan layanan`, INDICATORS[(p + k + s) % INDICATORS.length], amount);
        if ((p + k + s) % 7 === 0 && n < target) {
          const iRow = r++;
          n++;
          set(iRow, 4, "Jumlah laporan yang disusun");
          set(iRow, 9, 4);
          set(iRow, 11, 1);
          set(iRow, 13, 1);
          set(iRow, 19, 2);
          truth.push({ row: iRow, level: "indikator", parent: sRow });
        }
      }
      pAmount += kAmount;
      writeNode(set, kRow, kCode, `Kegiatan ${p}.${k} pengelolaan`, "Persentase layanan yang terpenuhi", kAmount, false);
    }
    writeNode(set, pRow, pCode, `PROGRAM PENGEMBANGAN ${p}`, "Persentase UMKM yang berkembang", pAmount, true);
  }
  const totalRow = r++;
  set(totalRow, 3, "Jumlah");
  g.set(totalRow, 10, { v: 0, f: `=SUM(K${programRows[0] + 1},K${programRows[programRows.length - 1] + 1})` });
  truth.push({ row: totalRow, level: "total" });
  const avgRow = r++;
  set(avgRow, 3, "Rata-rata capaian kinerja (%)");
  set(avgRow, 21, 95.5);
  truth.push({ row: avgRow, level: "rata-rata" });
  const predRow = r++;
  set(predRow, 3, "Predikat kinerja");
  set(predRow, 21, "Sangat Tinggi");
  truth.push({ row: predRow, level: "predikat" });
  // Footer and signature block.
  r += 2;
  set(r++, 20, "Lumajang, 15 Januari 2024");
  set(r++, 20, "Kepala Dinas");
  r += 2;
  set(r++, 20, "NIP. 19700101 199003 1 001");
  return { grid: g, rows: truth, lastRow: predRow };
}

type Setter = (r: number, c: number, v: string | number, extra?: Record<string, unknown>) => void;

function writeLeaf(set: Setter, r: number, code: string, name: string, indicator: string, amount: number): void {
  const flow = !/^(persentase|indeks)/i.test(indicator);
  const t = flow ? 12 : 100;
  const q = flow ? [3, 3, 3, 2] : [25, 50, 75, 95];
  set(r, 2, code);
  set(r, 3, name);
  set(r, 4, indicator);
  set(r, 5, t * 3);
  set(r, 6, amount * 3);
  set(r, 7, t);
  set(r, 8, amount);
  set(r, 9, t);
  set(r, 10, amount);
  const rp = [0.2, 0.25, 0.25, 0.2].map((x) => Math.round(amount * x));
  for (let i = 0; i < 4; i++) {
    set(r, 11 + 2 * i, q[i]);
    set(r, 12 + 2 * i, rp[i]);
  }
  const rk = flow ? q.reduce((a, b) => a + b, 0) : q[3];
  const rr = rp.reduce((a, b) => a + b, 0);
  set(r, 19, rk);
  set(r, 20, rr);
  set(r, 21, Math.round((rk / t) * 10000) / 100);
  set(r, 22, Math.round((rr / amount) * 10000) / 100);
  set(r, 27, "Dinas Koperasi");
}

function writeNode(set: Setter, r: number, code: string, name: string, indicator: string, amount: number, bold: boolean): void {
  set(r, 2, code, { bold });
  set(r, 3, name, { bold });
  set(r, 4, indicator);
  set(r, 5, 100);
  set(r, 6, amount * 3);
  set(r, 9, 100);
  set(r, 10, amount);
  set(r, 19, 90);
  set(r, 20, Math.round(amount * 0.9));
}
