/**
 * Column post-processing after the header text is read: continued Kode / name columns, E.81
 * "K | % | Rp" triplets, K / Rp pairs, unit sub-columns (from the header and from the data),
 * Renstra year matrices and earlier-year comparisons, quarter and budget-only realisasi, bare "%"
 * columns; and the table kind the column roles make (`kindOf`).
 */
import type { Grid } from "../grid";
import type { Role, TableKind } from "../model";
import type { HeaderColumn } from "./header";
import { PERF_ROLES } from "./roles";
import { isNumeric } from "./text";

export function postProcessColumns(cols: HeaderColumn[]): void {
  // Columns without header text right of a Kode / name column continue it (Kode split over
  // several unmerged cells, names indented by column).
  for (let i = 1; i < cols.length; i++) {
    const c = cols[i];
    const p = cols[i - 1];
    if (c.pieces.length === 0 && (p.role === "kode" || p.role === "uraian")) {
      c.role = p.role;
      c.pieces = p.pieces;
      c.header = p.header;
      c.why = `continues ${p.role} column`;
    }
  }
  // "K | % | Rp" triplets (E.81 quarters): the "%" is the K realisation as a percentage of the
  // target, not an amount and not the Rp side: left unclassified (never computed or written).
  const triplet = new Set<number>();
  for (let i = 1; i + 1 < cols.length; i++) {
    const c = cols[i];
    const p = cols[i - 1];
    const n = cols[i + 1];
    if (c.percentToken && p.measure === "k" && n.measure === "rp" && !n.percentToken && sameGroup(p, c) && sameGroup(c, n) && p.quarter === n.quarter) {
      c.role = "other";
      c.measure = "k";
      c.percent = true;
      c.why = "K | % | Rp triplet: the K realisation as a percentage";
      triplet.add(i);
    }
  }
  // "%" as the second member of a K pair → the pair's Rp-side percentage.
  for (let i = 1; i < cols.length; i++) {
    const c = cols[i];
    const p = cols[i - 1];
    if (c.percentToken && p.measure === "k" && sameGroup(p, c) && !triplet.has(i)) c.measure = "rp";
  }
  // "Target | Rp" pairs: the side without a token is K.
  for (let i = 0; i + 1 < cols.length; i++) {
    const c = cols[i];
    const n = cols[i + 1];
    if (c.measure || c.percent || n.measure !== "rp" || n.percent || !sameGroup(c, n) || c.pieces.length !== n.pieces.length) continue;
    if (c.role === n.role || c.role === "kondisi_awal" || c.role === "kondisi_akhir" || (c.role === "target" && n.role === "pagu")) c.measure = "k";
  }
  // Unit sub-columns "Volume | Satuan".
  for (let i = 1; i < cols.length; i++) {
    if (!cols[i].unitLeaf) continue;
    for (let k = i - 1; k >= 0; k--) {
      if (cols[k].role !== "satuan" && sameGroup(cols[k], cols[i])) {
        (cols[i] as HeaderColumn & { unitOf?: number }).unitOf = cols[k].col;
        (cols[k] as HeaderColumn & { unitCol?: number }).unitCol = cols[i].col;
        if (!cols[k].measure) cols[k].measure = "k";
        break;
      }
    }
  }
  // Renstra matrices: targets and amounts per year.
  const yearCols = cols.filter(
    (c) => c.year !== undefined && ["target", "pagu", "target_renja", "target_renstra", "other", "realisasi", "capaian"].includes(c.role),
  );
  const hasQuarter = cols.some((c) => /^realisasi_tw/.test(c.role));
  const targetYears = new Set(yearCols.filter((c) => c.role !== "realisasi" && c.role !== "capaian").map((c) => c.year));
  if (!hasQuarter && targetYears.size >= 3 && !cols.some((c) => c.role === "realisasi" || c.role === "capaian")) {
    for (const c of yearCols) {
      if (c.role === "pagu" || c.measure === "rp") {
        c.role = "pagu_tahun";
        c.measure = "rp";
      } else {
        c.role = "target_tahun";
        c.measure = "k";
      }
    }
  } else {
    // Comparison with earlier years: the latest year is this year.
    const ys = new Set(cols.filter((c) => c.year !== undefined && ["target", "realisasi", "capaian"].includes(c.role)).map((c) => c.year!));
    if (ys.size >= 2) {
      // A full earlier-year group (Target | Realisasi | % Capaian under "2022") keeps its roles with
      // the year; a lone "Realisasi 2020" beside this year's columns is realisasi_tahun_lalu.
      const maxY = Math.max(...ys);
      for (const c of cols) {
        if (c.year === undefined || c.year >= maxY || c.role !== "realisasi") continue;
        const group = cols.some((o) => o.year === c.year && (o.role === "target" || o.role === "capaian"));
        if (!group) c.role = "realisasi_tahun_lalu";
      }
    }
  }
  // Two Renstra realisasi groups (E.81 columns 7 and 14): the one left of the Renja target is the
  // realisation up to last year's Renja ("… sampai dengan Renja Tahun 2024"), column 14 adds this year's.
  const rr = cols.filter((c) => c.role === "realisasi_renstra");
  const tr = cols.find((c) => c.role === "target_renja");
  if (tr && rr.some((c) => c.col < tr.col) && rr.some((c) => c.col > tr.col)) {
    for (const c of rr) if (c.col < tr.col) {
      c.role = "realisasi_renstra_lalu";
      c.why = `${c.why}; left of the Renja target beside a later Renstra realisasi`;
    }
  }
  // A single quarter column in a table without Renja/Renstra targets is the table's realisasi.
  const q = cols.filter((c) => /^realisasi_tw/.test(c.role));
  const e81 = cols.some((c) => ["target_renja", "target_renstra", "realisasi_renja", "capaian_renja"].includes(c.role));
  if (!e81 && q.length > 0 && new Set(q.map((c) => c.role)).size === 1 && !cols.some((c) => c.role === "realisasi")) {
    for (const c of q) c.role = "realisasi";
  }
  const has = (r: Role) => cols.some((c) => c.role === r);
  // "Pagu | Realisasi | %" without a K target: the realisasi is the budget's.
  if (has("pagu") && !has("target")) {
    for (const c of cols)
      if (c.role === "realisasi" && c.measure !== "k" && !/kinerja|indikator|fisik|output|outcome/i.test(c.header)) c.role = "realisasi_anggaran";
  }
  // A bare "%" column: the percentage of the column on its left.
  for (let i = 1; i < cols.length; i++) {
    const c = cols[i];
    if (c.role !== "other" || !c.percentToken) continue;
    const left = cols[i - 1].role;
    if (left === "realisasi_anggaran" || left === "pagu") c.role = "capaian_anggaran";
    else if (left === "realisasi" || left === "target") c.role = "capaian";
  }
  // A bare "% Capaian" beside Pagu / Realisasi anggaran with no K target or realisasi is penyerapan.
  if (!has("target") && !has("realisasi") && (has("pagu") || has("realisasi_anggaran"))) {
    for (const c of cols) if (c.role === "capaian" && !/kinerja|indikator|fisik|sasaran/i.test(c.header)) c.role = "capaian_anggaran";
  }
}

function sameGroup(a: HeaderColumn, b: HeaderColumn): boolean {
  return a.pieces.length > 0 && b.pieces.length > 0 && a.pieces[0] === b.pieces[0];
}

export function kindOf(roles: Set<Role>, multiYear = false): TableKind | undefined {
  const has = (...rs: Role[]) => rs.some((r) => roles.has(r));
  const quarters = has("realisasi_tw1", "realisasi_tw2", "realisasi_tw3", "realisasi_tw4");
  if (
    (quarters && has("target_renja", "target_renstra", "realisasi_renja", "capaian_renja")) ||
    (has("target_renja") && has("realisasi_renja", "capaian_renja")) ||
    (has("target_renstra") && has("realisasi_renstra", "capaian_renstra"))
  )
    return "renja-evaluasi";
  const perYear = roles.has("target_tahun") || roles.has("pagu_tahun");
  if (perYear) return "renstra";
  if (has("realisasi_tahun_lalu", "target_akhir_renstra", "tingkat_kemajuan") || (multiYear && has("realisasi", "capaian"))) return "perbandingan";
  const kin = ["target", "realisasi", "capaian"].filter((r) => roles.has(r as Role)).length;
  const bud = ["pagu", "realisasi_anggaran", "capaian_anggaran", "sisa_anggaran"].filter((r) => roles.has(r as Role)).length;
  // Something realised must be there: a plan (Target | Anggaran) is not an evaluation table.
  const realised = has("realisasi", "capaian", "realisasi_anggaran", "capaian_anggaran", "efisiensi");
  if (roles.has("efisiensi") || (kin >= 1 && bud >= 1 && realised)) return "kinerja-anggaran";
  if (bud >= 2 && has("realisasi_anggaran", "capaian_anggaran", "sisa_anggaran")) return "realisasi-anggaran";
  // A plan (Program | Indikator | Target | Anggaran): the closest kind is the budget table; its
  // amounts still take part in parent sums and cross-table checks.
  if (!realised && has("pagu") && has("target", "target_renja")) return "realisasi-anggaran";
  if (kin >= 2 && has("realisasi", "capaian")) return "capaian-indikator";
  return undefined;
}

export function resolveUnitColumns(grid: Grid, cols: HeaderColumn[], rows: number[]): void {
  for (let i = 1; i < cols.length; i++) {
    const c = cols[i] as HeaderColumn & { unitOf?: number };
    const p = cols[i - 1] as HeaderColumn & { unitCol?: number };
    if (c.role === "satuan") continue;
    const candidate =
      (p.measure === "k" || p.role === "target" || p.role === "realisasi") &&
      PERF_ROLES.has(p.role) &&
      (c.pieces.length === 0 || (c.header === p.header && c.role === p.role));
    if (!candidate) continue;
    let text = 0;
    let num = 0;
    for (const r of rows) {
      const v = grid.value(r, c.col);
      if (v === null || (typeof v === "string" && !v.trim())) continue;
      if (isNumeric(v)) num++;
      else if (typeof v === "string" && v.trim().length <= 20) text++;
    }
    if (text > 0 && text > num) {
      c.role = "satuan";
      c.unitOf = p.col;
      p.unitCol = c.col;
      delete c.measure;
      if (!c.pieces.length) c.header = `${p.header} / satuan`;
      c.pieces = c.pieces.length ? c.pieces : ["satuan"];
    }
  }
}
