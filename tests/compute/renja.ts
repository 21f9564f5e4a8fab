/**
 * A small E.81 (renja-evaluasi) table used by several tests.
 *
 *   A no | B uraian | C indikator | D,E target Renstra K/Rp | F,G realisasi s/d tahun lalu K/Rp |
 *   H,I target Renja K/Rp | J..Q TW I..IV K/Rp | R,S realisasi Renja K/Rp | T,U capaian Renja K/Rp |
 *   V,W realisasi Renstra K/Rp | X,Y capaian Renstra K/Rp
 *
 * Rows (Excel numbering): 8 program (stock indicator, parent of 9 and 11), 9 kegiatan (flow),
 * 10 extra indicator row of 9, 11 kegiatan, 12 total, 13 rata-rata, 14 predikat.
 */
import { Grid } from "../../src/core/grid";
import type { ColumnModel, RowModel, TableModel } from "../../src/core/model";
import { col, makeGrid, row, setCells, table } from "./helpers";

export const RENJA_COLUMNS: ColumnModel[] = [
  col("A", "no"),
  col("B", "uraian"),
  col("C", "indikator"),
  col("D", "target_renstra", "k"),
  col("E", "target_renstra", "rp"),
  col("F", "realisasi_renstra_lalu", "k"),
  col("G", "realisasi_renstra_lalu", "rp"),
  col("H", "target_renja", "k"),
  col("I", "target_renja", "rp"),
  col("J", "realisasi_tw1", "k"),
  col("K", "realisasi_tw1", "rp"),
  col("L", "realisasi_tw2", "k"),
  col("M", "realisasi_tw2", "rp"),
  col("N", "realisasi_tw3", "k"),
  col("O", "realisasi_tw3", "rp"),
  col("P", "realisasi_tw4", "k"),
  col("Q", "realisasi_tw4", "rp"),
  col("R", "realisasi_renja", "k"),
  col("S", "realisasi_renja", "rp"),
  col("T", "capaian_renja", "k", { percent: true }),
  col("U", "capaian_renja", "rp", { percent: true }),
  col("V", "realisasi_renstra", "k"),
  col("W", "realisasi_renstra", "rp"),
  col("X", "capaian_renstra", "k", { percent: true }),
  col("Y", "capaian_renstra", "rp", { percent: true }),
];

export function renjaRows(): RowModel[] {
  return [
    row(8, "program", { aggregation: "stock", label: "Program pengawasan koperasi" }),
    row(9, "kegiatan", { parentExcel: 8 }),
    row(10, "indikator", { parentExcel: 9 }),
    row(11, "kegiatan", { parentExcel: 8 }),
    row(12, "total"),
    row(13, "rata-rata"),
    row(14, "predikat"),
  ];
}

export function renjaGrid(): Grid {
  const g = makeGrid("E81", [["No", "Uraian", "Indikator", "Target Renstra"]], 5);
  setCells(g, {
    // Program: stock indicator (a percentage), Rp from its children.
    A8: 1, B8: "Program pengawasan koperasi", C8: "Persentase koperasi sehat",
    D8: 100, F8: 80, H8: 90, J8: 85, L8: 86, N8: 88, P8: 89,
    // Kegiatan 1: flow; TW III Rp "-".
    B9: "Kegiatan A", C9: "Jumlah UM yang diberdayakan",
    D9: 1000, E9: 5000, F9: 500, G9: 2000, H9: 400, I9: 1000,
    J9: 100, K9: 200, L9: 105, M9: 300, N9: 92, O9: "-", P9: 100, Q9: 250,
    // Extra indicator of kegiatan 1: K only.
    C10: "Jumlah dokumen", H10: 4, J10: 1, L10: 1, N10: 1, P10: 1,
    // Kegiatan 2.
    B11: "Kegiatan B", C11: "Jumlah pelatihan",
    D11: 50, E11: 3000, F11: 20, G11: 1000, H11: 12, I11: 500,
    J11: 3, K11: 100, L11: 3, M11: 100, N11: 3, O11: 100, P11: 3, Q11: 100,
    B12: "Jumlah",
    B13: "Rata-rata capaian kinerja (%)",
    B14: "Predikat kinerja",
  });
  return g;
}

export function renjaTable(rows: RowModel[] = renjaRows()): TableModel {
  return table("E81", "renja-evaluasi", RENJA_COLUMNS, rows, { firstRow: 5, lastRow: 6 });
}

/**
 * The same E.81 without capaian Renja columns (T, U) and with four top-level program rows (8, 9
 * with its extra indicator row 10, 11), as in seed 001: the footer states its rata-rata in a K
 * column of the row ("Rata-rata capaian kinerja (%)" in B13, the value under target Renja K).
 */
export function renjaNoCapaianTable(): TableModel {
  const rows: RowModel[] = [
    row(8, "program", { aggregation: "stock", label: "Program pengawasan koperasi" }),
    row(9, "program"),
    row(10, "indikator", { parentExcel: 9 }),
    row(11, "program"),
    row(12, "total"),
    row(13, "rata-rata"),
    row(14, "predikat"),
  ];
  const columns = RENJA_COLUMNS.filter((c) => c.role !== "capaian_renja");
  return { ...table("E81", "renja-evaluasi", columns, rows, { firstRow: 5, lastRow: 6 }), id: "E81!norenja" };
}
