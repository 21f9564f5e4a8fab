/**
 * "Realisasi Anggaran": pagu, realisasi, penyerapan and sisa per program and kegiatan, with the total
 * of the top-level rows (SUMIF over the sheet's own Tingkat column, so kegiatan are not counted twice).
 */
import type { Scalar } from "../grid";
import { a1 } from "../grid";
import type { EngineOptions, RowLevel, SheetPlan } from "../model";
import { numbering, writePenyerapan, writeSisa, writeSource } from "./cells";
import { exactCriterion, isNum, ratioFormula, ratioValue, differenceFormula, differenceValue } from "./formulas";
import { FMT_PCT, FMT_RP, SheetBuilder, STYLE } from "./sheet";
import type { Entry, Source } from "./source";
import { LEVEL_LABEL, collectEntries, describeSources } from "./source";

export const REALISASI_SHEET = "Realisasi Anggaran";

const C = { no: 0, tingkat: 1, kode: 2, uraian: 3, pagu: 4, realisasiAnggaran: 5, penyerapan: 6, sisa: 7 };
const HEADER_ROW = 4;

/** Renja matrices, else budget-absorption tables, else kinerja-anggaran tables; only those with Rp. */
export function realisasiSources(all: Source[]): Source[] {
  const withRp = all.filter((s) => s.columns.fields.pagu && s.columns.fields.realisasiAnggaran);
  for (const kind of ["renja-evaluasi", "realisasi-anggaran", "kinerja-anggaran"]) {
    const list = withRp.filter((s) => s.table.kind === kind);
    if (list.length) return list;
  }
  return [];
}

export function planRealisasi(name: string, all: Source[], opts: EngineOptions): SheetPlan | undefined {
  const srcs = realisasiSources(all);
  // programs and kegiatan; tujuan and sasaran (seed 000 Tabel 3.3) when the tables have none
  const collect = (levels: RowLevel[]): { src: Source; entries: Entry[] }[] =>
    srcs.map((src) => ({ src, entries: collectEntries(src, opts, { levels, indicators: false }) })).filter((b) => b.entries.length);
  let ORDER: RowLevel[] = ["program", "kegiatan"];
  let blocks = collect(ORDER);
  if (!blocks.length) {
    ORDER = ["tujuan", "sasaran"];
    blocks = collect(ORDER);
  }
  if (!blocks.length) return undefined;
  const what = ORDER[0] === "program" ? "Program dan Kegiatan" : "Tujuan dan Sasaran";

  // eight cells per entry, five per chart row (top-level entries), some more
  let entryCount = 0;
  let topCount = 0;
  for (const b of blocks) {
    entryCount += b.entries.length;
    for (let i = 0; i < b.entries.length; i++) if (b.entries[i].level === ORDER[0]) topCount++;
  }
  const sb = new SheetBuilder(name, "realisasi-anggaran", entryCount * 8 + topCount * 5 + 40);
  sb.value(0, 0, `Realisasi Anggaran per ${what}`, STYLE.title);
  sb.value(1, 0, `Sumber: ${describeSources(blocks.map((b) => b.src))}`);
  sb.value(2, 0, "Penyerapan (%) = realisasi / pagu × 100; sisa = pagu − realisasi. / Absorption (%) = spent / budget × 100; remaining = budget − spent.");
  const titles = ["No", "Tingkat", "Kode", ORDER[0] === "program" ? "Program/Kegiatan" : "Tujuan/Sasaran", "Pagu (Rp)", "Realisasi (Rp)", "Penyerapan (%)", "Sisa (Rp)"];
  titles.forEach((t, c) => sb.value(HEADER_ROW, c, t, STYLE.header));
  sb.freezeRows = HEADER_ROW + 1;

  const first = HEADER_ROW + 1;
  let r = first;
  const top = ORDER.find((l) => blocks.some((b) => b.entries.some((e) => e.level === l))) as RowLevel;
  const totals = { pagu: 0, ra: 0, any: { pagu: false, ra: false } };
  const topRows: { row: number; label: string; penyerapan: Scalar }[] = [];
  for (const block of blocks) {
    const numbers = numbering(block.entries);
    block.entries.forEach((e, i) => {
      const isTop = e.level === top;
      const text = isTop ? STYLE.textBold : STYLE.text;
      const num = isTop ? STYLE.numberBold : STYLE.number;
      const no = numbers[i];
      if (no === null) sb.blank(r, C.no, STYLE.center);
      else sb.value(r, C.no, no, STYLE.center);
      sb.value(r, C.tingkat, LEVEL_LABEL[e.level] ?? e.level, STYLE.text);
      if (e.node.code) sb.value(r, C.kode, e.node.code, STYLE.text);
      else sb.blank(r, C.kode, STYLE.text);
      sb.value(r, C.uraian, e.node.label, text);
      const pagu = writeSource(sb, r, C.pagu, "pagu", e.fields.pagu, num);
      const ra = writeSource(sb, r, C.realisasiAnggaran, "realisasiAnggaran", e.fields.realisasiAnggaran, num);
      const penyerapan = writePenyerapan(sb, r, C.penyerapan, e, C.pagu, C.realisasiAnggaran, pagu, ra, num);
      if (isTop) topRows.push({ row: r, label: e.node.label, penyerapan });
      writeSisa(sb, r, C.sisa, C.pagu, C.realisasiAnggaran, pagu, ra, num);
      if (isTop) {
        if (isNum(pagu)) {
          totals.pagu += pagu;
          totals.any.pagu = true;
        }
        if (isNum(ra)) {
          totals.ra += ra;
          totals.any.ra = true;
        }
      }
      r++;
    });
  }
  const last = r - 1;
  const range = (c: number): string => `${a1(first, c)}:${a1(last, c)}`.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2");
  const crit = exactCriterion(LEVEL_LABEL[top] ?? top);
  const sumif = (c: number): string => `=SUMIF(${range(C.tingkat)},${crit},${range(c)})`;
  sb.value(r, C.no, null, STYLE.total);
  sb.value(r, C.tingkat, null, STYLE.total);
  sb.value(r, C.kode, null, STYLE.total);
  sb.value(r, C.uraian, `Jumlah (seluruh ${(LEVEL_LABEL[top] ?? top).toLowerCase()})`, STYLE.total);
  const tp: Scalar = totals.pagu;
  const tra: Scalar = totals.ra;
  sb.formula(r, C.pagu, sumif(C.pagu), tp, STYLE.total, FMT_RP);
  sb.formula(r, C.realisasiAnggaran, sumif(C.realisasiAnggaran), tra, STYLE.total, FMT_RP);
  sb.formula(r, C.penyerapan, ratioFormula(a1(r, C.realisasiAnggaran), a1(r, C.pagu), 100), ratioValue(tra, tp, 100), STYLE.total, FMT_PCT);
  sb.formula(r, C.sisa, differenceFormula(a1(r, C.pagu), a1(r, C.realisasiAnggaran)), differenceValue(tp, tra), STYLE.total, FMT_RP);
  r += 2;

  // chart data: penyerapan per top-level row, contiguous for the chart
  if (topRows.length) {
    const topLabel = LEVEL_LABEL[top] ?? top;
    sb.value(r++, 0, "Data grafik / Chart data", STYLE.title);
    sb.value(r, 0, topLabel, STYLE.header);
    for (let c = 1; c <= C.uraian; c++) sb.blank(r, c, STYLE.header);
    sb.merge(r, 0, r, C.uraian);
    sb.value(r, C.pagu, "Penyerapan (%)", STYLE.header);
    r++;
    const dataFirst = r;
    for (let i = 0; i < topRows.length; i++) {
      const x = topRows[i];
      sb.value(r, 0, x.label, STYLE.text);
      for (let c = 1; c <= C.uraian; c++) sb.blank(r, c, STYLE.text);
      sb.merge(r, 0, r, C.uraian);
      const ref = a1(x.row, C.penyerapan);
      sb.formula(r, C.pagu, `=IF(ISNUMBER(${ref}),${ref},"")`, isNum(x.penyerapan) ? x.penyerapan : null, STYLE.number, FMT_PCT);
      r++;
    }
    sb.charts.push({
      type: "column",
      title: `Penyerapan Anggaran per ${topLabel} (%)`,
      categories: `${a1(dataFirst, 0)}:${a1(r - 1, 0)}`,
      series: [{ name: "Penyerapan (%)", values: `${a1(dataFirst, C.pagu)}:${a1(r - 1, C.pagu)}` }],
      referenceLine: 100,
      anchor: { row: HEADER_ROW, col: C.sisa + 2 },
    });
    r++;
  }

  sb.width(C.no, 7);
  sb.width(C.tingkat, 11);
  sb.width(C.kode, 16);
  sb.width(C.uraian, 50);
  sb.width(C.pagu, 18);
  sb.width(C.realisasiAnggaran, 18);
  sb.width(C.penyerapan, 12);
  sb.width(C.sisa, 18);
  return sb.build(r);
}
