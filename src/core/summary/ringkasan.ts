/**
 * "Ringkasan Capaian": per sasaran and program (and kegiatan with level "kegiatan") the target,
 * realisasi, capaian K, pagu, realisasi anggaran, penyerapan, efisiensi and predikat; the
 * distribution of predikat (COUNTIFS over the predikat column); the rata-rata capaian (AVERAGEIF over
 * the rows of the averaged level) and its predikat (nested IF reproducing categorize()); the scale
 * stated in Bahasa Indonesia and English; chart data and two charts (capaian per program against the
 * 100 % line, penyerapan per program).
 *
 * A table that keeps the sasaran only in a column (no sasaran rows) is still grouped by sasaran: a
 * heading row per sasaran (its text as a value; "—" for capaian and predikat, not counted in the
 * distribution, as it has no capaian of its own) above its programs or indicators. When no source
 * has budget columns (IKU-only workbooks) the Anggaran group (pagu, realisasi, penyerapan, tingkat
 * efisiensi) is left out: Kinerja and Predikat only, one chart (capaian).
 */
import type { Scalar } from "../grid";
import { a1 } from "../grid";
import type { EngineOptions, RowLevel, RowModel, SheetPlan } from "../model";
import { describeScale } from "../scale";
import { numbering, writeCategory, writePerformance } from "./cells";
import type { PerfColumns } from "./cells";
import { categoryFormula, categoryValue, exactCriterion, isNum, str } from "./formulas";
import { FMT_PCT, SheetBuilder, STYLE, twoRowHeader } from "./sheet";
import type { Entry, Source } from "./source";
import { BUDGET_FIELDS, LEVEL_LABEL, collectEntries, describeSources } from "./source";

export const RINGKASAN_SHEET = "Ringkasan Capaian";

/** Column positions: with the Anggaran group (pagu … efisiensi) or, when no source has budget columns, without. */
interface Columns extends PerfColumns {
  no: number;
  tingkat: number;
  uraian: number;
  indikator: number;
  predikat: number;
}

function columnsFor(hasBudget: boolean): { C: Columns; last: number } {
  const base = { no: 0, tingkat: 1, uraian: 2, indikator: 3, target: 4, realisasi: 5, capaian: 6 };
  if (hasBudget) return { C: { ...base, pagu: 7, realisasiAnggaran: 8, penyerapan: 9, efisiensi: 10, predikat: 11 }, last: 11 };
  return { C: { ...base, predikat: 7 }, last: 7 };
}

/** Shown in the Capaian and Predikat cells of a sasaran heading row (a sasaran kept only in a column). */
export const NO_VALUE = "—";
const HEADER_ROW = 6;

const LEVELS_ORDER: RowLevel[] = ["tujuan", "sasaran", "program", "kegiatan", "indikator"];

/** IKU tables (sasaran) plus the Renja matrices, or the kinerja-anggaran tables when there are none. */
export function ringkasanSources(all: Source[]): Source[] {
  const iku = all.filter((s) => s.table.kind === "capaian-indikator");
  const renja = all.filter((s) => s.table.kind === "renja-evaluasi");
  const ka = all.filter((s) => s.table.kind === "kinerja-anggaran");
  return [...iku, ...(renja.length ? renja : ka)];
}

function abs(r: number, c: number): string {
  return a1(r, c).replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");
}

/**
 * A table that keeps the sasaran only in a column (role "sasaran" filled on the program / indicator
 * rows, or on the first row of a group and blank or merged below) and has no sasaran rows: the
 * entries grouped under synthetic sasaran heading entries (no fields; `headings` holds them). A run
 * of rows with the same sasaran text is one group; a row with a blank sasaran cell stays in the
 * group above it. Other tables: the entries unchanged.
 */
export function groupBySasaranColumn(src: Source, entries: Entry[], headings: Set<Entry>): Entry[] {
  const { table, grid } = src;
  const col = table.columns.find((c) => c.role === "sasaran");
  if (!col || table.rows.some((r) => r.level === "sasaran")) return entries;
  const out: Entry[] = [];
  let current = "";
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.level === "tujuan") {
      // a tujuan row starts afresh: its sasaran follow it
      current = "";
      out.push(e);
      continue;
    }
    if (e.first) {
      const v = grid.mergedValue(e.node.row, col.col);
      const text = v === null ? "" : String(v).replace(/\s+/g, " ").trim();
      if (text && text !== current) {
        current = text;
        const node: RowModel = { row: e.node.row, level: "sasaran", label: text, depth: 0, polarity: "positive", aggregation: "flow" };
        const h: Entry = { table, grid, row: node, node, level: "sasaran", first: true, polarity: "positive", fields: {} };
        headings.add(h);
        out.push(h);
      }
    }
    out.push(e);
  }
  return out;
}

export function planRingkasan(name: string, all: Source[], opts: EngineOptions & { level?: "program" | "kegiatan" }): SheetPlan | undefined {
  const levels: RowLevel[] = opts.level === "kegiatan" ? ["tujuan", "sasaran", "program", "kegiatan", "indikator"] : ["tujuan", "sasaran", "program", "indikator"];
  const blocks: { src: Source; entries: Entry[] }[] = [];
  const headings = new Set<Entry>();
  for (const src of ringkasanSources(all)) {
    const entries = collectEntries(src, opts, { levels, indicators: true });
    if (entries.length) blocks.push({ src, entries: groupBySasaranColumn(src, entries, headings) });
  }
  if (!blocks.length) return undefined;
  // the Anggaran group (pagu, realisasi, penyerapan, efisiensi) only when a source has budget columns
  const hasBudget = blocks.some((b) => BUDGET_FIELDS.some((f) => b.src.columns.fields[f]));
  const { C, last: LAST_COL } = columnsFor(hasBudget);

  // about one cell per column and entry, five per chart row (programs), a hundred more
  let entryCount = 0;
  let programCount = 0;
  for (const b of blocks) {
    entryCount += b.entries.length;
    for (let i = 0; i < b.entries.length; i++) if (b.entries[i].level === "program") programCount++;
  }
  const sb = new SheetBuilder(name, "ringkasan", entryCount * (LAST_COL + 1) + programCount * 5 + 100);
  const desc = describeScale(opts.scale);
  sb.value(0, 0, "Ringkasan Capaian Kinerja", STYLE.title);
  sb.value(1, 0, `Sumber: ${describeSources(blocks.map((b) => b.src))}`);
  sb.value(2, 0, desc.id);
  sb.value(3, 0, desc.en);
  sb.value(
    4,
    0,
    opts.negativeFormula === "ratio"
      ? "Indikator negatif: capaian = T / R × 100. / Negative indicators: achievement = T / R × 100."
      : "Indikator negatif: capaian = (T − (R − T)) / T × 100. / Negative indicators: achievement = (T − (R − T)) / T × 100.",
  );

  twoRowHeader(sb, HEADER_ROW, [
    { title: "No" },
    { title: "Tingkat" },
    { title: "Sasaran/Program/Kegiatan" },
    { title: "Indikator", group: "Kinerja" },
    { title: "Target", group: "Kinerja" },
    { title: "Realisasi", group: "Kinerja" },
    { title: "Capaian (%)", group: "Kinerja" },
    ...(hasBudget
      ? [{ title: "Pagu (Rp)", group: "Anggaran" }, { title: "Realisasi (Rp)", group: "Anggaran" }, { title: "Penyerapan (%)", group: "Anggaran" }, { title: "Tingkat Efisiensi" }]
      : []),
    { title: "Predikat" },
  ]);
  sb.freezeRows = HEADER_ROW + 2;

  const first = HEADER_ROW + 2;
  let r = first;
  /** The summary rows with a capaian (k: the indicator's number within its node). */
  const rows: { row: number; e: Entry; capaian: Scalar; penyerapan: Scalar; predikat: Scalar; k: number }[] = [];
  for (const block of blocks) {
    if (blocks.length > 1) {
      sb.value(r, 0, describeSources([block.src]), STYLE.total);
      for (let c = 1; c <= LAST_COL; c++) sb.blank(r, c, STYLE.total);
      sb.merge(r, 0, r, LAST_COL);
      r++;
    }
    const numbers = numbering(block.entries);
    let k = 0;
    block.entries.forEach((e, i) => {
      const strong = e.level !== "kegiatan" && e.level !== "indikator";
      const no = numbers[i];
      if (no === null) sb.blank(r, C.no, STYLE.center);
      else sb.value(r, C.no, no, STYLE.center);
      sb.value(r, C.tingkat, LEVEL_LABEL[e.level] ?? e.level, STYLE.text);
      if (headings.has(e)) {
        // a sasaran kept only in a column: its text (a value, never a formula), no values of its own
        sb.value(r, C.uraian, e.node.label, STYLE.textBold);
        sb.blank(r, C.indikator, STYLE.text);
        for (let c = C.target; c <= LAST_COL; c++) sb.blank(r, c, STYLE.number);
        sb.value(r, C.capaian, NO_VALUE, STYLE.center);
        sb.value(r, C.predikat, NO_VALUE, STYLE.center);
        r++;
        return;
      }
      // an indicator of no node (IKU table of indicators only) has its text in the Indikator column
      if (e.first && e.level !== "indikator") sb.value(r, C.uraian, e.node.label, strong ? STYLE.textBold : STYLE.text);
      else sb.blank(r, C.uraian, STYLE.text);
      if (e.indicator) sb.value(r, C.indikator, e.indicator, STYLE.text);
      else sb.blank(r, C.indikator, STYLE.text);
      const v = writePerformance(sb, r, e, C, opts, strong);
      const predikat = writeCategory(sb, r, C.predikat, C.capaian, v.capaian, opts.scale);
      k = e.first ? 1 : k + 1;
      rows.push({ row: r, e, capaian: v.capaian, penyerapan: v.penyerapan, predikat, k });
      r++;
    });
  }
  const last = r - 1;
  const colRange = (c: number): string => `${abs(first, c)}:${abs(last, c)}`;
  r++;

  // ---- distribution of predikat, per level and in all
  /** Rows per level, and per level and predikat (one pass over the rows). */
  const perLevel = new Map<RowLevel, number>();
  const perPredikat = new Map<RowLevel, Map<Scalar, number>>();
  for (let i = 0; i < rows.length; i++) {
    const x = rows[i];
    const l = x.e.level;
    perLevel.set(l, (perLevel.get(l) ?? 0) + 1);
    let m = perPredikat.get(l);
    if (m === undefined) perPredikat.set(l, (m = new Map()));
    m.set(x.predikat, (m.get(x.predikat) ?? 0) + 1);
  }
  const countOf = (l: RowLevel, predikat: Scalar): number => perPredikat.get(l)?.get(predikat) ?? 0;
  const countAll = (predikat: Scalar): number => {
    let n = 0;
    for (const m of perPredikat.values()) n += m.get(predikat) ?? 0;
    return n;
  };
  const present = LEVELS_ORDER.filter((l) => perLevel.has(l));
  sb.value(r, 0, "Sebaran predikat / Distribution of categories", STYLE.title);
  r++;
  sb.value(r, 0, "Predikat", STYLE.header);
  sb.blank(r, 1, STYLE.header);
  sb.merge(r, 0, r, 1);
  present.forEach((l, i) => sb.value(r, 2 + i, `Jumlah ${LEVEL_LABEL[l]}`, STYLE.header));
  const totalCol = 2 + present.length;
  sb.value(r, totalCol, "Jumlah", STYLE.header);
  r++;
  const tingkat = colRange(C.tingkat);
  const predikat = colRange(C.predikat);
  const bandFirst = r;
  // one row per label (a custom scale's catch-all may repeat the lowest band's label)
  for (const band of [...new Set(opts.scale.bands.map((b) => b.label))].map((label) => ({ label }))) {
    sb.value(r, 0, band.label, STYLE.text);
    sb.blank(r, 1, STYLE.text);
    sb.merge(r, 0, r, 1);
    present.forEach((l, i) => {
      const n = countOf(l, band.label);
      sb.formula(r, 2 + i, `=COUNTIFS(${tingkat},${exactCriterion(LEVEL_LABEL[l] as string)},${predikat},${exactCriterion(band.label)})`, n, STYLE.center);
    });
    sb.formula(r, totalCol, `=COUNTIF(${predikat},${exactCriterion(band.label)})`, countAll(band.label), STYLE.center);
    r++;
  }
  // rows without a numeric capaian
  sb.value(r, 0, "Belum dapat dinilai", STYLE.text);
  sb.blank(r, 1, STYLE.text);
  sb.merge(r, 0, r, 1);
  const bandLast = r - 1;
  present.forEach((l, i) => {
    const n = countOf(l, null);
    const c = 2 + i;
    // sasaran heading rows ("—") have no capaian of their own and are not counted
    const count = headings.size
      ? `COUNTIFS(${tingkat},${exactCriterion(LEVEL_LABEL[l] as string)},${predikat},${str("<>" + NO_VALUE)})`
      : `COUNTIF(${tingkat},${exactCriterion(LEVEL_LABEL[l] as string)})`;
    sb.formula(r, c, `=${count}-SUM(${a1(bandFirst, c)}:${a1(bandLast, c)})`, n, STYLE.center);
  });
  sb.formula(r, totalCol, `=SUM(${a1(r, 2)}:${a1(r, totalCol - 1)})`, countAll(null), STYLE.center);
  r++;
  sb.value(r, 0, "Jumlah", STYLE.total);
  sb.blank(r, 1, STYLE.total);
  sb.merge(r, 0, r, 1);
  for (let c = 2; c <= totalCol; c++) {
    const n = c === totalCol ? rows.length : (perLevel.get(present[c - 2]) ?? 0);
    sb.formula(r, c, `=SUM(${a1(bandFirst, c)}:${a1(r - 1, c)})`, n, STYLE.total);
  }
  r += 2;

  // ---- rata-rata and predikat: program-level capaian (else the top level present)
  const avgLevel: RowLevel = present.includes("program") ? "program" : present[0];
  const avgLabel = LEVEL_LABEL[avgLevel] as string;
  const nums = rows.filter((x) => x.e.level === avgLevel && isNum(x.capaian)).map((x) => x.capaian as number);
  const mean = nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null;
  const crit = exactCriterion(avgLabel);
  const capRange = colRange(C.capaian);
  sb.value(r, 0, `Rata-rata capaian kinerja ${avgLabel.toLowerCase()} (%)`, STYLE.total);
  for (let c = 1; c < C.capaian; c++) sb.blank(r, c, STYLE.total);
  sb.merge(r, 0, r, C.capaian - 1);
  const meanRow = r;
  sb.formula(
    r,
    C.capaian,
    `=IF(SUMPRODUCT((${tingkat}=${str(avgLabel)})*ISNUMBER(${capRange}))=0,"",AVERAGEIF(${tingkat},${crit},${capRange}))`,
    mean,
    STYLE.total,
    FMT_PCT,
  );
  r++;
  sb.value(r, 0, "Predikat kinerja", STYLE.total);
  for (let c = 1; c < C.capaian; c++) sb.blank(r, c, STYLE.total);
  sb.merge(r, 0, r, C.capaian - 1);
  sb.formula(r, C.capaian, categoryFormula(a1(meanRow, C.capaian), opts.scale), categoryValue(mean, opts.scale), STYLE.total);
  r += 2;

  // ---- chart data: programs (every indicator row), contiguous for the charts. Each series column
  // has a free column to its right, where the Excel adapter may draw the chart's reference line.
  const progRows = rows.filter((x) => x.e.level === avgLevel);
  if (progRows.length) {
    const CAP = 3;
    const ABS = 5;
    sb.value(r, 0, "Data grafik / Chart data", STYLE.title);
    r++;
    sb.value(r, 0, avgLabel, STYLE.header);
    sb.blank(r, 1, STYLE.header);
    sb.blank(r, 2, STYLE.header);
    sb.merge(r, 0, r, 2);
    sb.value(r, CAP, "Capaian (%)", STYLE.header);
    if (hasBudget) sb.value(r, ABS, "Penyerapan (%)", STYLE.header);
    r++;
    const dataFirst = r;
    for (let i = 0; i < progRows.length; i++) {
      const x = progRows[i];
      sb.value(r, 0, x.e.first ? x.e.node.label : `${x.e.node.label} (indikator ${x.k})`, STYLE.text);
      sb.blank(r, 1, STYLE.text);
      sb.blank(r, 2, STYLE.text);
      sb.merge(r, 0, r, 2);
      const g = a1(x.row, C.capaian);
      sb.formula(r, CAP, `=IF(ISNUMBER(${g}),${g},"")`, isNum(x.capaian) ? x.capaian : null, STYLE.number, FMT_PCT);
      if (hasBudget && C.penyerapan !== undefined) {
        const p = a1(x.row, C.penyerapan);
        sb.formula(r, ABS, `=IF(ISNUMBER(${p}),${p},"")`, isNum(x.penyerapan) ? x.penyerapan : null, STYLE.number, FMT_PCT);
      }
      r++;
    }
    const dataLast = r - 1;
    const cats = `${a1(dataFirst, 0)}:${a1(dataLast, 0)}`;
    const anchorCol = LAST_COL + 2;
    sb.charts.push({
      type: "column",
      title: `Capaian Kinerja per ${avgLabel} (%)`,
      categories: cats,
      series: [{ name: "Capaian (%)", values: `${a1(dataFirst, CAP)}:${a1(dataLast, CAP)}` }],
      referenceLine: 100,
      anchor: { row: HEADER_ROW, col: anchorCol },
    });
    if (hasBudget) {
      sb.charts.push({
        type: "column",
        title: `Penyerapan Anggaran per ${avgLabel} (%)`,
        categories: cats,
        series: [{ name: "Penyerapan (%)", values: `${a1(dataFirst, ABS)}:${a1(dataLast, ABS)}` }],
        referenceLine: 100,
        anchor: { row: HEADER_ROW + 22, col: anchorCol },
      });
    }
    r++;
  }

  sb.width(C.no, 7);
  sb.width(C.tingkat, 11);
  sb.width(C.uraian, 40);
  sb.width(C.indikator, 34);
  sb.width(C.target, 13);
  sb.width(C.realisasi, 13);
  sb.width(C.capaian, 11);
  if (C.pagu !== undefined) sb.width(C.pagu, 17);
  if (C.realisasiAnggaran !== undefined) sb.width(C.realisasiAnggaran, 17);
  if (C.penyerapan !== undefined) sb.width(C.penyerapan, 12);
  if (C.efisiensi !== undefined) sb.width(C.efisiensi, 11);
  sb.width(C.predikat, 15);
  return sb.build(r);
}
