/**
 * Row levels of the domain catalog: their names in findings (Indonesian / English), the footer
 * levels that are not data rows (total, rata-rata, predikat), and the budget-item levels whose
 * amounts can be compared between tables (docs/domain.md §2 and §6).
 */
import type { Message, RowLevel } from "../model";

export const LEVEL_NAME: Readonly<Record<RowLevel, Message>> = {
  tujuan: { id: "tujuan", en: "tujuan" },
  sasaran: { id: "sasaran", en: "sasaran" },
  urusan: { id: "urusan", en: "urusan" },
  bidang: { id: "bidang", en: "bidang" },
  program: { id: "program", en: "program" },
  kegiatan: { id: "kegiatan", en: "kegiatan" },
  subkegiatan: { id: "sub kegiatan", en: "sub kegiatan" },
  indikator: { id: "indikator", en: "indicator" },
  total: { id: "total", en: "total" },
  "rata-rata": { id: "rata-rata", en: "average" },
  predikat: { id: "predikat", en: "predikat" },
};

/** Footer rows: not data rows, not anybody's children (total, rata-rata capaian, predikat). */
export const FOOTER_LEVELS: ReadonlySet<RowLevel> = new Set<RowLevel>(["total", "rata-rata", "predikat"]);

/** Budget-item levels (Kepmendagri 050 hierarchy): the same item in two tables has one pagu. */
export const BUDGET_ITEM_LEVELS: ReadonlySet<RowLevel> = new Set<RowLevel>(["urusan", "bidang", "program", "kegiatan", "subkegiatan"]);
