/**
 * Layout recognition (domain.md §2): finds every performance table of the six kinds in every
 * sheet, reads column roles from the header text, data rows with their hierarchy, polarity and
 * aggregation. One pass over the rows of a sheet; each table's rows are read once.
 */
import { areaA1, colLetter, type Book, type Grid, type Scalar } from "../grid";
import type { ColumnModel, LabelConflict, Measure, RecognitionResult, Role, TableKind, TableModel } from "../model";
import { detectNumberStyle } from "../value";
import { isHeaderStart, readBand, readHeaderColumns, rowCells, toColumnModel, type Band, type HeaderColumn } from "./header";
import { NAME_ROLES, NUMERIC_ROLES, PERF_ROLES } from "./roles";
import { buildRows, unspaced } from "./rows";
import { refineColumnsByFormulas } from "./columnFormulas";
import { cellText, isNumeric, norm, PERF_WORD } from "./text";
import { LABEL_EXPECTATIONS } from "../domain/definitions";

export { polarityOf, aggregationOf } from "./rows";

export const NO_HEADER_REASON = "no header row with performance columns (Target/Realisasi/Pagu...) found";

export function recognizeBook(book: Book): RecognitionResult {
  const result: RecognitionResult = { tables: [], unrecognized: [] };
  for (const grid of book.sheets) {
    const { tables, reason } = recognizeSheet(grid);
    result.tables.push(...tables);
    if (tables.length === 0) result.unrecognized.push({ sheet: grid.sheet, reason: reason ?? NO_HEADER_REASON });
  }
  return result;
}

export function recognizeSheet(grid: Grid): { tables: TableModel[]; reason?: string } {
  const tables: TableModel[] = [];
  const rejections: string[] = [];
  let r = 0;
  let prevEnd = -1;
  while (r < grid.rowCount) {
    const rc = rowCells(grid, r);
    if (!isHeaderStart(rc, () => (r + 1 < grid.rowCount ? rowCells(grid, r + 1) : undefined))) {
      r++;
      continue;
    }
    const band = readBand(grid, r);
    const runs = readHeaderColumns(grid, band);
    let consumedTo = -1;
    for (const run of runs) {
      const res = buildTable(grid, band, run, prevEnd);
      if (typeof res === "string") {
        rejections.push(res);
        continue;
      }
      tables.push(res);
      consumedTo = Math.max(consumedTo, res.area.r2);
    }
    if (consumedTo >= 0) {
      prevEnd = consumedTo;
      r = consumedTo + 1;
    } else r++;
  }
  if (tables.length) return { tables };
  return { tables, reason: rejections.length ? rejections[0] : NO_HEADER_REASON };
}

/** Optional helper: apply user role corrections keyed by zero-based column. */
export function applyRoleOverrides(table: TableModel, overrides: Record<number, { role: Role; measure?: Measure }>): TableModel {
  const columns = table.columns.map((c) => {
    const o = overrides[c.col];
    if (!o) return c;
    const n: ColumnModel = { ...c, role: o.role };
    if (o.measure) n.measure = o.measure;
    else delete n.measure;
    const q = /^realisasi_tw([1-4])$/.exec(o.role);
    if (q) n.quarter = Number(q[1]) as 1 | 2 | 3 | 4;
    else delete n.quarter;
    return n;
  });
  // The kind follows the corrected roles when they still make a known layout.
  const roles = new Set(columns.filter((c) => PERF_ROLES.has(c.role)).map((c) => c.role));
  const years = new Set(columns.filter((c) => c.year !== undefined && ["target", "realisasi", "capaian"].includes(c.role)).map((c) => c.year));
  const kind = kindOf(roles, years.size >= 2) ?? table.kind;
  return { ...table, kind, columns };
}

// ---------------------------------------------------------------------------------------------

function postProcessColumns(cols: HeaderColumn[]): void {
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

const FOOTER_STOP =
  /^(sumber\s*(data)?\s*:|source\s*:|keterangan\s*:|catatan\s*:|ket\s*:|\*|tabel\s+\d|tabel\b|uraian penjelasan|dari tabel|kepala\b|mengetahui|nip\.?\b|nip\s*:|pembina\b|penata\b|a\.?n\.?\s|plt\.?\b|sekretaris\b|pejabat\b|kabupaten\s+\w+,|kota\s+\w+,)/i;
const FOOTER_ROW = /^(jumlah|total|grand total|sub ?total|rata[-\s]?rata|predikat|capaian kinerja rata)/i;
const TOTAL_ROW = /^(jumlah|j u m l a h|total|grand total|jumlah total|total keseluruhan)\s*(:|seluruhnya|keseluruhan)?\s*$/i;

/** Rows under a total that check or reconcile it. */
const CHECK_ROW = /^(selisih|cek\b|check\b|kontrol|rekonsiliasi|pembulatan|seharusnya|sesuai dpa|menurut (dpa|sipd|spj))/i;

function firstTextOf(rc: { vals: Scalar[] }): string {
  for (const v of rc.vals) if (typeof v === "string" && v.trim() && !isNumeric(v)) return v.trim();
  return "";
}
const PLACE_DATE = /^[A-Z][A-Za-z .]+,\s*\d{1,2}\s+[A-Za-z]+\s+(19|20)\d{2}$/;

function buildTable(grid: Grid, band: Band, hcols: HeaderColumn[], prevEnd: number): TableModel | string {
  const where = `row ${band.firstRow + 1}`;
  if (hcols.length === 0) return `header at ${where} has no columns`;
  postProcessColumns(hcols);
  const perfRoles = new Set(hcols.filter((c) => PERF_ROLES.has(c.role)).map((c) => c.role));
  const found = hcols.filter((c) => PERF_ROLES.has(c.role)).map((c) => `${c.role} in ${colLetter(c.col)}`);
  if (perfRoles.size < 2)
    return found.length
      ? `the header at ${where} has fewer than two performance columns (only ${found.slice(0, 4).join(", ")}${found.length > 4 ? ", …" : ""}; a second kind, Target, Realisasi, Capaian or Pagu, is missing)`
      : `the header at ${where} has fewer than two performance columns (none of Target, Realisasi, Capaian or Pagu)`;
  const years = new Set(hcols.filter((c) => c.year !== undefined && ["target", "realisasi", "capaian"].includes(c.role)).map((c) => c.year));
  const kind = kindOf(perfRoles, years.size >= 2);
  if (!kind)
    return `the header at ${where} (${found.slice(0, 6).join(", ")}${found.length > 6 ? ", …" : ""}) does not match a known table layout: nothing realised to set against a target or budget of the same period`;

  const c1 = hcols[0].col;
  const c2 = hcols[hcols.length - 1].col;
  const numCols = new Set(hcols.filter((c) => NUMERIC_ROLES.has(c.role)).map((c) => c.col));
  const nameCols = new Set(hcols.filter((c) => NAME_ROLES.has(c.role) || c.role === "indikator" || c.role === "kode").map((c) => c.col));
  const noCols = new Set(hcols.filter((c) => c.role === "no").map((c) => c.col));
  const firstHeaderTexts = headerSignature(grid, band.firstRow, c1, c2);

  // Data rows.
  const dataRows: number[] = [];
  let blank = 0;
  let nonData = 0;
  let numericRows = 0;
  let afterTotal = false;
  let r = band.lastRow + 1;
  const bandHeight = band.lastRow - band.firstRow + 1;
  while (r < grid.rowCount) {
    const rc = rowCells(grid, r, c1, c2);
    if (rc.cols.length === 0) {
      blank++;
      if (blank > 2) break;
      r++;
      continue;
    }
    const first = typeof rc.vals[0] === "string" ? unspaced(rc.vals[0] as string).trim() : "";
    const firstCol = rc.cols[0];
    if (first && (FOOTER_STOP.test(first) || PLACE_DATE.test(first))) {
      // "Jumlah"/"Total" rows are never footers; a "Keterangan:" in a name column is.
      break;
    }
    // Below a total row ("Jumlah", "TOTAL"), rows without any text are reconciliation or check
    // rows ("=C93-C94", "=SUBTOTAL(9,F15:F1053)"), not the table's detail.
    if (afterTotal && !rc.vals.some((v) => typeof v === "string" && v.trim() !== "" && !isNumeric(v))) break;
    if (afterTotal && CHECK_ROW.test(firstTextOf(rc))) break;
    if (isHeaderStart(rc)) {
      if (headerSignature(grid, r, c1, c2) === firstHeaderTexts) {
        // Header repeated after a page break: skip its band.
        r += bandHeight;
        blank = 0;
        continue;
      }
      if (looksLikeOtherHeader(rc)) break;
    }
    // A paragraph: one long text outside the name columns, or long text in the No column.
    if (rc.cols.length === 1 && typeof rc.vals[0] === "string" && !FOOTER_ROW.test(first)) {
      const t = first;
      if ((t.length > 90 && !nameCols.has(firstCol)) || (noCols.has(firstCol) && t.length > 15)) break;
    }
    let hasNum = false;
    for (let i = 0; i < rc.cols.length; i++) {
      if (numCols.has(rc.cols[i]) && isNumeric(rc.vals[i])) {
        hasNum = true;
        break;
      }
    }
    let hasName = false;
    for (let i = 0; i < rc.cols.length && !hasName; i++) if (nameCols.has(rc.cols[i])) hasName = true;
    // After a blank gap only rows with numbers (or footer rows) continue the table; blank spacer
    // rows between the header and the first data row are no gap.
    if (blank > 0 && dataRows.length > 0 && !hasNum && !FOOTER_ROW.test(first)) break;
    if (hasNum || hasName || (noCols.has(firstCol) && rc.cols.length > 1) || FOOTER_ROW.test(first)) {
      // Rows between the last data row and this one that were blank stay out of the list.
      dataRows.push(r);
      if (hasNum) numericRows++;
      afterTotal = TOTAL_ROW.test(first) || (!!first && TOTAL_ROW.test(firstTextOf(rc)));
      blank = 0;
      nonData = 0;
    } else {
      nonData++;
      if (nonData > 2) break;
    }
    r++;
  }
  if (dataRows.length === 0 || numericRows === 0)
    return `no numeric data rows below the header at ${where}`;

  // Unit sub-columns found from the data: a K column followed by a column of the same header
  // whose values are short texts ("UM", "kop", "%").
  resolveUnitColumns(grid, hcols, dataRows);

  const columns = hcols.filter((c) => c.pieces.length > 0 || c.role === "satuan").map((h) => {
    const cm = toColumnModel(h);
    const ext = h as HeaderColumn & { unitOf?: number; unitCol?: number };
    if (ext.unitOf !== undefined) cm.unitOf = ext.unitOf;
    if (ext.unitCol !== undefined) cm.unitCol = ext.unitCol;
    if (NUMERIC_ROLES.has(cm.role)) {
      // Only numbers stored as text carry separator evidence.
      const raws: Scalar[] = [];
      for (const dr of dataRows) {
        const v = grid.value(dr, cm.col);
        if (typeof v === "string") raws.push(v);
      }
      cm.numberStyle = detectNumberStyle(raws);
    }
    // Efficiency categories: values Efisien / Tidak efisien.
    if (cm.role === "kategori") {
      let e = 0;
      let n = 0;
      for (const dr of dataRows) {
        const t = norm(cellText(grid.value(dr, cm.col)));
        if (!t) continue;
        n++;
        if (/efisien/.test(t)) e++;
      }
      if (n > 0 && e >= n / 2) cm.role = "kategori_efisiensi";
    }
    return cm;
  });

  const formulaNotes = refineColumnsByFormulas(grid, columns, dataRows);
  const refinedKind = kindOf(new Set(columns.filter((c) => PERF_ROLES.has(c.role)).map((c) => c.role)), years.size >= 2);
  const rows = buildRows({ grid, columns, rows: dataRows });
  const lastRow = dataRows[dataRows.length - 1];
  const area = { r1: band.firstRow, c1, r2: lastRow, c2 };
  const id = `${grid.sheet}!${areaA1(area)}`;
  const table: TableModel = {
    id,
    sheet: grid.sheet,
    kind: refinedKind ?? kind,
    area,
    header: { firstRow: band.firstRow, lastRow: band.lastRow },
    columns,
    rows,
    labelConflicts: [],
    notes: [],
  };
  if (band.numberRow !== undefined) table.header.numberRow = band.numberRow;
  const title = findTitle(grid, band.firstRow, prevEnd);
  if (title) table.title = title;
  table.labelConflicts = labelConflicts(table);
  table.notes.push(...formulaNotes);
  for (const c of columns) if (c.scale) table.notes.push(`column ${colLetter(c.col)}: amounts in units of ${c.scale} ("${c.header}")`);
  const bySums = rows.filter((r) => r.evidence?.some((e) => e.startsWith("sums"))).length;
  if (bySums) table.notes.push(`levels of ${bySums} rows read from the Rp sums (no codes, words, numbering or formatting to go by)`);
  const unknown = columns.filter((c) => c.role === "other").map((c) => colLetter(c.col));
  if (unknown.length) table.notes.push(`columns without a known role: ${unknown.join(", ")}`);
  if (table.labelConflicts.length) table.notes.push(`${table.labelConflicts.length} column-number label(s) contradict the header text`);
  return table;
}

function headerSignature(grid: Grid, r: number, c1: number, c2: number): string {
  const rc = rowCells(grid, r, c1, c2);
  return rc.cols.map((c, i) => `${c}:${norm(String(rc.vals[i]))}`).join("|");
}

function looksLikeOtherHeader(rc: { vals: Scalar[] }): boolean {
  let perf = 0;
  for (const v of rc.vals) {
    const t = typeof v === "string" ? v.trim() : "";
    if (t.length > 70) return false;
    if (PERF_WORD.test(t)) perf++;
  }
  return perf >= 2;
}

function resolveUnitColumns(grid: Grid, cols: HeaderColumn[], rows: number[]): void {
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

function findTitle(grid: Grid, r0: number, prevEnd: number): string | undefined {
  // Lines above the header (≤ 2 cells, text only), nearest first, until a "Tabel …" line.
  const lines: { r: number; t: string }[] = [];
  for (let r = r0 - 1; r >= Math.max(0, r0 - 8, prevEnd + 1); r--) {
    const rc = rowCells(grid, r);
    if (rc.cols.length === 0) continue;
    if (rc.cols.length > 2 || rc.vals.some((v) => typeof v !== "string")) break;
    const t = rc.vals
      .map((v) => String(v).replace(/\*+/g, " ").trim())
      .join(" ")
      .replace(/\s+/g, " ")
      .trim();
    if (t.length > 250) break;
    lines.unshift({ r, t });
    if (/^tabel\b/i.test(t)) break;
  }
  if (lines.length === 0) return undefined;
  const ti = lines.findIndex((l) => /^tabel\b/i.test(l.t));
  if (ti >= 0) return lines.slice(ti, ti + 4).map((l) => l.t).join(" ");
  // Otherwise the first line of the block right above the header (no blank run of 2+ rows).
  let k = lines.length - 1;
  if (r0 - lines[k].r > 3) return undefined;
  while (k > 0 && lines[k].r - lines[k - 1].r <= 1) k--;
  const t = lines[k].t;
  if (/:\s*$/.test(t) || t.length > 150 || /^[-•]/.test(t)) return undefined;
  return t;
}

// ---------------------------------------------------------------------------------------------
// Column-number labels as a cross-check.

/**
 * What the number-row label of a derived column must say (domain.md §4): a sum ("+", any order of
 * the listed roles), a ratio ("/": numerator / denominator) or a difference ("-": minuend −
 * subtrahend), with the roles of the columns it may reference.
 */
/** What a column-number label of each computed role should say: from the domain catalog. */
const EXPECT: Partial<Record<Role, { op: "+" | "/" | "-"; refs?: Role[][] }>> = LABEL_EXPECTATIONS;

const OP_NAME = { "+": "a sum", "/": "a ratio", "-": "a difference" } as const;

/** The column number the header text gives a role (K side first). */
function numberOfRole(table: TableModel, roles: Role[]): number[] {
  const out: number[] = [];
  for (const r of roles) {
    const c = table.columns.find((x) => x.role === r && x.numberLabel && x.measure !== "rp") ?? table.columns.find((x) => x.role === r && x.numberLabel);
    const m = c ? /^\(?(\d+)/.exec(c.numberLabel!) : null;
    if (m && !out.includes(Number(m[1]))) out.push(Number(m[1]));
  }
  return out;
}

/** The label the number row should carry for this column ("14 = 13/8 x 100%"), when derivable. */
function correctedLabel(table: TableModel, label: string, exp: (typeof EXPECT)[Role], sameOp: boolean): string | undefined {
  if (!exp?.refs) return undefined;
  const eq = label.indexOf("=");
  const lhs = label.slice(0, eq);
  const rhs = label.slice(eq + 1);
  let want: number[];
  if (exp.op === "/" || exp.op === "-") {
    const num = numberOfRole(table, exp.refs[0]);
    const den = numberOfRole(table, exp.refs[1]);
    if (!num.length || !den.length) return undefined;
    want = [num[0], den[0]];
  } else {
    want = exp.refs.flatMap((rs) => numberOfRole(table, rs));
    if (want.length < 2) return undefined;
  }
  const have = (rhs.match(/\d+/g) ?? []).map(Number).filter((n) => n !== 100);
  if (sameOp && have.length === want.length) {
    let i = 0;
    return `${lhs}=${rhs.replace(/\d+/g, (d) => (Number(d) === 100 && exp.op === "/" ? d : String(want[i++] ?? d)))}`;
  }
  if (exp.op === "/") return `${lhs.trim()} = ${want[0]}/${want[1]} x 100%`;
  return exp.op === "-" ? `${lhs.trim()} = ${want[0]} - ${want[1]}` : `${lhs.trim()} = ${want.join(" + ")}`;
}

function labelConflicts(table: TableModel): LabelConflict[] {
  const out: LabelConflict[] = [];
  const row = table.header.numberRow;
  if (row === undefined) return out;
  // Column number → roles of the columns carrying it.
  const byNum = new Map<number, Set<Role>>();
  for (const c of table.columns) {
    if (!c.numberLabel) continue;
    const m = /^\(?(\d+)/.exec(c.numberLabel);
    if (!m) continue;
    const n = Number(m[1]);
    let s = byNum.get(n);
    if (!s) byNum.set(n, (s = new Set()));
    s.add(c.role);
  }
  const seen = new Set<string>();
  for (const c of table.columns) {
    const label = c.numberLabel;
    if (!label || !/=/.test(label) || c.role === "satuan") continue;
    const key = `${label}|${c.role}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rhs = label.split("=")[1];
    const isDiv = /[/:]/.test(rhs);
    const isSum = /\+/.test(rhs) && !isDiv;
    // A difference: a minus sign (hyphen, en dash, minus) between two column numbers.
    const isSub = !isDiv && !isSum && /\d\s*\)?\s*[-\u2013\u2212]\s*\(?\s*\d/.test(rhs);
    const op = isDiv ? "/" : isSum ? "+" : isSub ? "-" : undefined;
    const exp = EXPECT[c.role];
    const expected = correctedLabel(table, label, exp, exp?.op === op) ?? `${c.role}${c.measure ? "/" + c.measure : ""}`;
    if (!exp) {
      // (A hyphen alone is not taken as a formula here: "2019-2023" is a period, not a difference.)
      if (isDiv || isSum)
        out.push({ col: c.col, row, label, expected, reason: `the header text says ${c.role}, which is not computed, but the label is a formula` });
      continue;
    }
    if (exp.op !== op) {
      out.push({
        col: c.col,
        row,
        label,
        expected,
        reason: `the header text says ${c.role} (${OP_NAME[exp.op]}) but the label is ${op ? OP_NAME[op] : "not a formula"}`,
      });
      continue;
    }
    if (!exp.refs) continue;
    const nums = (rhs.match(/\d+/g) ?? []).map(Number).filter((n) => n !== 100);
    const refRoles = nums.map((n) => byNum.get(n));
    if (refRoles.some((s) => s === undefined)) continue;
    if (exp.op === "/" || exp.op === "-") {
      const [num, den] = refRoles as Set<Role>[];
      if (!num || !den) continue;
      const okNum = exp.refs[0].some((r) => num.has(r));
      const okDen = exp.refs[1].some((r) => den.has(r));
      if (!okNum || !okDen)
        out.push({
          col: c.col,
          row,
          label,
          expected,
          reason:
            exp.op === "/"
              ? `the label divides column ${nums[0]} (${[...num].join(", ")}) by column ${nums[1]} (${[...den].join(", ")}); ${c.role} needs ${exp.refs[0].join("|")} / ${exp.refs[1].join("|")}`
              : `the label subtracts column ${nums[1]} (${[...den].join(", ")}) from column ${nums[0]} (${[...num].join(", ")}); ${c.role} needs ${exp.refs[0].join("|")} − ${exp.refs[1].join("|")}`,
        });
    } else {
      const allowed = new Set(exp.refs.flat());
      const bad = (refRoles as Set<Role>[]).filter((s) => ![...s].some((r) => allowed.has(r)));
      if (bad.length)
        out.push({
          col: c.col,
          row,
          label,
          expected,
          reason: `the label adds columns whose roles (${bad.map((s) => [...s].join(", ")).join("; ")}) do not make up ${c.role}`,
        });
    }
  }
  return out;
}

export type { Band };
