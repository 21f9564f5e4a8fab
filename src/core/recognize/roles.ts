/**
 * Column roles from header text (domain.md §2). The header pieces of one column, top band to
 * bottom, are split into tokens (K / Rp / % / quarter / year / Satuan) and semantic pieces; the
 * role comes from the lowest piece that carries a performance word, read with the pieces above it
 * as context.
 */
import type { Measure, Role } from "../model";
import { measureToken, norm, PERF_WORD, quarterInText, quarterToken } from "./text";

export interface ColumnClass {
  role: Role;
  measure?: Measure;
  quarter?: 1 | 2 | 3 | 4;
  year?: number;
  scale?: number;
  percent?: boolean;
  /** The lowest header piece is a bare "%" (a percentage sub-column of a K/Rp pair). */
  percentToken?: boolean;
  /** The lowest piece is "Satuan" under a group: a unit sub-column. */
  unitLeaf?: boolean;
  /** Evidence words. */
  why: string;
}

const LABEL_RULES: Array<[RegExp, Role]> = [
  [/^(no|nomor|no\.? ?urut|nmr)\.?$/, "no"],
  [/^kode\b|^kd\.?$/, "kode"],
  [/sumber dana|sumber pendanaan/, "sumber_dana"],
  [/sumber data/, "sumber_data"],
  [/penanggung ?jawab|^pj$|^opd$|unit kerja|^perangkat daerah$/, "penanggung_jawab"],
  [/^formula|^rumus|cara (perhitungan|pengukuran|menghitung)|definisi operasional/, "formulasi"],
  [/^(satuan|sat\.?|unit)$/, "satuan"],
  [
    /^(keterangan|ket\.?|catatan)\b|faktor|pendorong|penghambat|pendukung|^analisis|solusi|permasalahan|tindak lanjut|kendala|penyebab/,
    "keterangan",
  ],
];

function labelRole(s: string): Role | undefined {
  for (const [re, role] of LABEL_RULES) if (re.test(s)) return role;
  if (/^(indikator|tolok ukur|iku\b|ik\b)/.test(s)) return "indikator";
  if (/^(tujuan|sasaran)/.test(s) || /^(tujuan|sasaran)\s*\/\s*(tujuan|sasaran)/.test(s)) {
    if (/program|kegiatan|uraian/.test(s)) return "uraian";
    return /sasaran/.test(s) ? "sasaran" : "tujuan";
  }
  if (/^(program|kegiatan|sub ?kegiatan|uraian|nama (program|kegiatan)|urusan|bidang urusan|rincian|jenis (program|kegiatan))/.test(s))
    return "uraian";
  if (/^(misi|visi)$/.test(s)) return "other";
  return undefined;
}

const PERF_LEAF = /%|efisien|kategori|predikat|interpretasi|kriteria|sisa\b|kondisi|tingkat|persentase|prosentase|^(ren|real|cap)\.?$/;

export function isPerfText(s: string): boolean {
  return PERF_WORD.test(s) || PERF_LEAF.test(s);
}

export function classifyColumn(rawPieces: string[]): ColumnClass {
  const S: string[] = [];
  let mt: ReturnType<typeof measureToken>;
  let quarter: 1 | 2 | 3 | 4 | undefined;
  let year: number | undefined;
  let unitLeaf = false;
  for (const raw of rawPieces) {
    const p = norm(raw);
    if (!p) continue;
    const m = measureToken(p);
    if (m) {
      mt = m;
      continue;
    }
    if (p.length <= 14) {
      const q = quarterToken(p, true);
      if (q) {
        quarter = q;
        continue;
      }
    }
    const y = /^(tahun\s*)?((19|20)\d{2})$/.exec(p);
    if (y) {
      year = Number(y[2]);
      continue;
    }
    // "Tahun ke-1" .. "Tahun-5" of a Renstra period: the year's index stands in for the year.
    const yi = /^tahun\s*(ke)?\s*-?\s*([1-6])$/.exec(p);
    if (yi) {
      year = Number(yi[2]);
      continue;
    }
    if (/^(satuan|sat\.?)$/.test(p) && S.length > 0) {
      unitLeaf = true;
      continue;
    }
    S.push(p);
  }
  const base: Partial<ColumnClass> = {};
  if (mt) {
    if (mt.percent) {
      base.percent = true;
      base.percentToken = true;
    } else base.measure = mt.measure;
    if (mt.scale) base.scale = mt.scale;
  }
  if (year !== undefined) base.year = year;
  if (unitLeaf) return { ...base, measure: undefined, role: "satuan", unitLeaf: true, why: "Satuan sub-column" };
  if (S.length === 0) {
    // A bare "TW I" / "Triwulan II" column is that quarter's realisasi.
    if (quarter) return { ...base, quarter, role: `realisasi_tw${quarter}` as Role, why: "quarter label" };
    return { ...base, quarter, role: "other", why: "no header text" };
  }
  const leaf = S[S.length - 1];
  const full = S.join(" | ");
  // Weights, weighted values, deviations, cash plans and "% sisa" are not computed by Capaian:
  // left unclassified (never written), their percent nature kept.
  const uncomputed = /\bbobot\b|tertimbang|deviasi|\bdev\.?\b|\bakas\b|anggaran kas|\brak\b/.exec(full);
  const pctSisa = (base.percent && /\bsisa\b/.test(full)) || /%\s*sisa|sisa\s*\(?%|persen(tase)?\s+sisa/.test(full);
  if (uncomputed || pctSisa) {
    const pct = base.percent || pctSisa || /%|persen|bobot|deviasi|tertimbang/.test(full);
    return { ...base, ...(pct ? { percent: true } : {}), role: "other", why: `not computed: "${uncomputed?.[0] ?? "% sisa"}"` };
  }
  // A year written inside the text ("Target 2021", "Realisasi Tahun 2020").
  if (base.year === undefined) {
    const yy = /\b((19|20)\d{2})\b/.exec(leaf);
    if (yy && !/s\.?\/?d\.?|sampai|hingga/.test(leaf)) base.year = Number(yy[1]);
  }
  // Label columns: the leaf decides when it is not a performance word.
  if (!isPerfText(leaf)) {
    const lr = labelRole(leaf) ?? labelRole(S[0]);
    if (lr) return { ...base, measure: lr === "kode" || lr === "no" ? undefined : base.measure, role: lr, why: `label "${leaf}"` };
    return { ...base, quarter, role: "other", why: `unknown header "${full}"` };
  }
  // The lowest piece with a performance word, and the context above it.
  let pi = S.length - 1;
  while (pi > 0 && !isPerfText(S[pi])) pi--;
  const P = S[pi];
  const group = S.slice(0, pi).join(" | ");
  const q = quarter ?? quarterInText(full);
  const renstra = /renstra|rpjmd|jangka menengah|akhir periode/.test(full);
  const renja = /renja|rkpd|rencana kerja|tahun berjalan/.test(full);
  const lalu = /\blalu\b|sebelumnya|n-1/.test(full);
  const mixed = (s: string) => /kinerja (dan|&) (realisasi )?anggaran|kinerja (dan|&) keuangan/.test(s);
  const budgetWord = (s: string) => /anggaran|pagu|keuangan|\brp\b|rupiah|\bdana\b|biaya|belanja|\bdpa\b|apbd/.test(s);
  const budgetP = budgetWord(P) && !mixed(P);
  const budgetG = budgetWord(group) && !mixed(group) && !/kinerja|indikator|fisik/.test(group.split(" | ").pop() ?? "");
  let budget = budgetP || budgetG;
  if (base.measure === "rp") budget = true;
  if (base.measure === "k") budget = false;
  const why = `header "${full}"`;

  if (/efisien/.test(full)) {
    if (/kategori|predikat|kriteria|interpretasi|keterangan/.test(leaf)) return { ...base, role: "kategori_efisiensi", why };
    return { ...base, role: "efisiensi", why };
  }
  if (/kategori|predikat|interpretasi|kriteria/.test(P)) return { ...base, role: "kategori", why };
  if (/\bsisa\b/.test(P)) return { ...base, role: "sisa_anggaran", why };
  if (/kemajuan/.test(P)) return { ...base, role: "tingkat_kemajuan", percent: true, why };
  if (/kondisi/.test(full)) return { ...base, role: /akhir/.test(full) ? "kondisi_akhir" : "kondisi_awal", why };

  let t: "r" | "c" | "t" | "p" | "?";
  // Fisik blocks "REN | REAL | CAP" (rencana, realisasi, capaian).
  if (/^ren\.?$/.test(P)) t = "t";
  else if (/^real\.?$/.test(P)) t = "r";
  else if (/^cap\.?$/.test(P)) t = "c";
  else if (/^realisasi/.test(P) && !/\(%\)|%\s*$|persen/.test(P)) t = "r";
  else if (/capaian|%|penyerapan|serapan|persentase|prosentase|^tingkat/.test(P)) t = "c";
  else if (/target|rencana/.test(P)) t = "t";
  else if (/realisasi/.test(P)) t = "r";
  else if (/pagu|anggaran|alokasi|\bdpa\b|apbd|belanja|dana/.test(P)) t = "p";
  else t = "?";

  switch (t) {
    case "r":
      // "Realisasi s/d Triwulan III" is cumulative: the year-to-date realisasi, not a quarter.
      if (q && /(s\.?\s?\/\s?d\.?|sampai( dengan)?|hingga|kumulatif)\s*(triwulan|tw|trw)/.test(full))
        return { ...base, role: renja || /kinerja dan anggaran/.test(full) ? "realisasi_renja" : "realisasi", why: `${why} (cumulative)` };
      if (q && !renstra && !/renja/.test(P)) return { ...base, role: `realisasi_tw${q}` as Role, quarter: q, why };
      if (lalu) return { ...base, role: renstra || renja ? "realisasi_renstra_lalu" : "realisasi_tahun_lalu", why };
      if (renstra) return { ...base, role: "realisasi_renstra", why };
      if (renja) return { ...base, role: "realisasi_renja", why };
      if (budget) return { ...base, role: "realisasi_anggaran", why };
      return { ...base, role: "realisasi", why };
    case "c": {
      const pc = { ...base, percent: true };
      if (renstra && !/akhir/.test(full)) return { ...pc, role: "capaian_renstra", why };
      if (renja) return { ...pc, role: "capaian_renja", why };
      if (budget) return { ...pc, role: "capaian_anggaran", why };
      return { ...pc, role: "capaian", why };
    }
    case "t":
      if (/akhir/.test(full) && base.measure === undefined) return { ...base, role: "target_akhir_renstra", why };
      if (renstra) return { ...base, role: "target_renstra", why };
      if (renja) return { ...base, role: "target_renja", why };
      if (budget) return { ...base, role: "pagu", why };
      return { ...base, role: "target", why };
    case "p":
      return { ...base, role: "pagu", why };
    default:
      return { ...base, role: "other", why };
  }
}

export { PERF_ROLES, NUMERIC_ROLES } from "../model";

export const NAME_ROLES = new Set<Role>(["uraian", "sasaran", "tujuan"]);
