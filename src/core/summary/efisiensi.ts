/**
 * "Efisiensi": the seeds' table "Perbandingan Pencapaian Kinerja dan Anggaran Program dan Kegiatan"
 * (seed 002 Tabel 3.10, seed 003 Tabel 4.8):
 *
 *   No | Program/Kegiatan | Indikator Kinerja: Indikator, Target, Realisasi, % Capaian |
 *   Anggaran: Pagu, Realisasi, % Capaian | Tingkat Efisiensi | Kategori
 *
 * Tingkat efisiensi = capaian kinerja (%) / capaian anggaran (%), a ratio (1,34 in Tabel 3.10 for
 * 100 % / 74,64 %), categorised with the `efisiensi` scale (≥ 1 Efisien, below Tidak efisien).
 */
import type { EngineOptions, RowLevel, SheetPlan } from "../model";
import { SCALE_PRESETS, describeScale } from "../scale";
import { numbering, writeCategory, writePerformance } from "./cells";
import { SheetBuilder, STYLE, twoRowHeader } from "./sheet";
import type { Entry, Source } from "./source";
import { collectEntries, describeSources } from "./source";

export const EFISIENSI_SHEET = "Efisiensi";

const C = { no: 0, uraian: 1, indikator: 2, target: 3, realisasi: 4, capaian: 5, pagu: 6, realisasiAnggaran: 7, penyerapan: 8, efisiensi: 9, kategori: 10 };
const LAST_COL = 10;
const HEADER_ROW = 5;

/** Renja evaluation matrices first; kinerja-anggaran tables when the book has none. */
export function efisiensiSources(all: Source[]): Source[] {
  const renja = all.filter((s) => s.table.kind === "renja-evaluasi" && s.columns.fields.target);
  if (renja.length) return renja;
  return all.filter((s) => s.table.kind === "kinerja-anggaran");
}

export function planEfisiensi(name: string, all: Source[], opts: EngineOptions): SheetPlan | undefined {
  const srcs = efisiensiSources(all);
  // programs and kegiatan (Tabel 3.10); tujuan and sasaran (Tabel 3.9) when the tables have none
  const collect = (levels: RowLevel[]): { src: Source; entries: Entry[] }[] =>
    srcs.map((src) => ({ src, entries: collectEntries(src, opts, { levels, indicators: true }) })).filter((b) => b.entries.length);
  let blocks = collect(["program", "kegiatan"]);
  const programs = blocks.length > 0;
  if (!programs) blocks = collect(["tujuan", "sasaran", "indikator"]);
  if (!blocks.length) return undefined;
  const what = programs ? "Program dan Kegiatan" : "Tujuan dan Sasaran";

  let entryCount = 0;
  for (const b of blocks) entryCount += b.entries.length + 1;
  const sb = new SheetBuilder(name, "efisiensi", entryCount * (LAST_COL + 1) + 30);
  const scale = SCALE_PRESETS.efisiensi;
  const desc = describeScale(scale);
  sb.value(0, 0, `Perbandingan Pencapaian Kinerja dan Anggaran ${what}`, STYLE.title);
  sb.value(1, 0, `Sumber: ${describeSources(blocks.map((b) => b.src))}`);
  sb.value(2, 0, `Tingkat efisiensi = capaian kinerja (%) / capaian anggaran (%). ${desc.id}`);
  sb.value(3, 0, `Efficiency = performance achievement (%) / budget absorption (%). ${desc.en}`);

  twoRowHeader(sb, HEADER_ROW, [
    { title: "No" },
    { title: programs ? "Program/Kegiatan" : "Tujuan/Sasaran" },
    { title: "Indikator", group: "Indikator Kinerja" },
    { title: "Target", group: "Indikator Kinerja" },
    { title: "Realisasi", group: "Indikator Kinerja" },
    { title: "% Capaian", group: "Indikator Kinerja" },
    { title: "Pagu (Rp)", group: "Anggaran" },
    { title: "Realisasi (Rp)", group: "Anggaran" },
    { title: "% Capaian", group: "Anggaran" },
    { title: "Tingkat Efisiensi" },
    { title: "Kategori" },
  ]);
  sb.freezeRows = HEADER_ROW + 2;

  let r = HEADER_ROW + 2;
  for (const block of blocks) {
    if (blocks.length > 1) {
      sb.value(r, 0, describeSources([block.src]), STYLE.total);
      for (let c = 1; c <= LAST_COL; c++) sb.blank(r, c, STYLE.total);
      sb.merge(r, 0, r, LAST_COL);
      r++;
    }
    const numbers = numbering(block.entries, true);
    block.entries.forEach((e, i) => {
      const isProgram = e.level === "program" || e.level === "tujuan" || (!programs && e.level === "sasaran");
      const text = isProgram ? STYLE.textBold : STYLE.text;
      const no = numbers[i];
      if (no === null) sb.blank(r, C.no, STYLE.center);
      else sb.value(r, C.no, no, STYLE.center);
      if (e.first && e.level !== "indikator") sb.value(r, C.uraian, e.node.label, text);
      else sb.blank(r, C.uraian, text);
      if (e.indicator) sb.value(r, C.indikator, e.indicator, STYLE.text);
      else sb.blank(r, C.indikator, STYLE.text);
      const v = writePerformance(sb, r, e, C, opts, isProgram);
      writeCategory(sb, r, C.kategori, C.efisiensi, v.efisiensi, scale);
      r++;
    });
  }
  r++;
  sb.value(r++, 0, "*Jika tingkat efisiensi kurang dari 1, maka tidak efisien.", STYLE.note);
  sb.value(r++, 0, "*Jika tingkat efisiensi lebih dari atau sama dengan 1, maka efisien.", STYLE.note);
  r++;

  sb.width(C.no, 5);
  sb.width(C.uraian, 42);
  sb.width(C.indikator, 36);
  sb.width(C.target, 13);
  sb.width(C.realisasi, 13);
  sb.width(C.capaian, 10);
  sb.width(C.pagu, 17);
  sb.width(C.realisasiAnggaran, 17);
  sb.width(C.penyerapan, 10);
  sb.width(C.efisiensi, 11);
  sb.width(C.kategori, 14);
  return sb.build(r);
}
