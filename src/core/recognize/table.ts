/**
 * One table below a header band: its kind from the column roles, its data rows (down to the
 * footer: signatures, notes, a second header, reconciliation rows under a total), the column
 * models (number style, units, formulas), the rows' hierarchy, title, label conflicts and notes.
 */
import { areaA1, colLetter, type Grid, type Scalar } from "../grid";
import type { TableModel } from "../model";
import { detectNumberStyle } from "../value";
import { isHeaderStart, rowCells, toColumnModel, type Band, type HeaderColumn, type RowCells } from "./header";
import { NAME_ROLES, NUMERIC_ROLES, PERF_ROLES } from "./roles";
import { buildRows } from "./rows";
import { unspaced } from "./levels";
import { refineColumnsByFormulas } from "./columnFormulas";
import { kindOf, postProcessColumns, resolveUnitColumns } from "./columns";
import { labelConflicts } from "./labels";
import { cellText, isNumeric, norm, PERF_WORD } from "./text";
import { keepLatest, keepShape } from "./shapes";

const FOOTER_STOP =
  /^(sumber\s*(data)?\s*:|source\s*:|keterangan\s*:|catatan\s*:|ket\s*:|\*|tabel\s+\d|tabel\b|uraian penjelasan|dari tabel|kepala\b|mengetahui|nip\.?\b|nip\s*:|pembina\b|penata\b|a\.?n\.?\s|plt\.?\b|sekretaris\b|pejabat\b|kabupaten\s+\w+,|kota\s+\w+,)/i;
const FOOTER_ROW = /^(jumlah|total|grand total|sub ?total|rata[-\s]?rata|predikat|capaian kinerja rata)/i;
const TOTAL_ROW = /^(jumlah|j u m l a h|total|grand total|jumlah total|total keseluruhan)\s*(:|seluruhnya|keseluruhan)?\s*$/i;

/** Rows under a total that check or reconcile it. */
const CHECK_ROW = /^(selisih|cek\b|check\b|kontrol|rekonsiliasi|pembulatan|seharusnya|sesuai dpa|menurut (dpa|sipd|spj))/i;

function firstTextOf(rc: { vals: Scalar[] }): string {
  const vals = rc.vals;
  for (let k = 0; k < vals.length; k++) {
    const v = vals[k];
    if (typeof v === "string" && v.trim() && !isNumeric(v)) return v.trim();
  }
  return "";
}
const PLACE_DATE = /^[A-Z][A-Za-z .]+,\s*\d{1,2}\s+[A-Za-z]+\s+(19|20)\d{2}$/;

/** Text whose first character is a letter (any script) or "*": what the row-end patterns need. */
function startsWordy(t: string): boolean {
  const c0 = t.charCodeAt(0);
  return c0 >= 65 || c0 === 42;
}

/** TOTAL_ROW, tested only on texts that start with one of its words' letters (j, t, g). */
function isTotalRow(t: string): boolean {
  const c0 = t.charCodeAt(0) | 32;
  return (c0 === 106 || c0 === 116 || c0 === 103) && TOTAL_ROW.test(t);
}

export function buildTable(grid: Grid, band: Band, hcols: HeaderColumn[], prevEnd: number): TableModel | string {
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
  const numCols = new ColumnFlags(hcols.filter((c) => NUMERIC_ROLES.has(c.role)).map((c) => c.col));
  const nameCols = new ColumnFlags(hcols.filter((c) => NAME_ROLES.has(c.role) || c.role === "indikator" || c.role === "kode").map((c) => c.col));
  const noCols = new ColumnFlags(hcols.filter((c) => c.role === "no").map((c) => c.col));
  const firstHeaderTexts = headerSignature(grid, band.firstRow, c1, c2);

  // Data rows.
  const dataRows: number[] = [];
  let blank = 0;
  let nonData = 0;
  let numericRows = 0;
  let afterTotal = false;
  let r = band.lastRow + 1;
  const bandHeight = band.lastRow - band.firstRow + 1;
  const rc: RowCells = { cols: [], vals: [] };
  while (r < grid.rowCount) {
    rowCells(grid, r, c1, c2, rc);
    if (rc.cols.length === 0) {
      blank++;
      if (blank > 2) break;
      r++;
      continue;
    }
    const first = typeof rc.vals[0] === "string" ? unspaced(rc.vals[0] as string).trim() : "";
    const firstCol = rc.cols[0];
    // The footer, place-and-date and total patterns all start with a letter or "*": a first text
    // that starts otherwise (a Kode "2.17.01", a number) is tested against none of them.
    const wordy = startsWordy(first);
    const footerRow = wordy && FOOTER_ROW.test(first);
    if (wordy && (FOOTER_STOP.test(first) || PLACE_DATE.test(first))) {
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
    if (rc.cols.length === 1 && typeof rc.vals[0] === "string" && !footerRow) {
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
    if (blank > 0 && dataRows.length > 0 && !hasNum && !footerRow) break;
    if (hasNum || hasName || (noCols.has(firstCol) && rc.cols.length > 1) || footerRow) {
      // Rows between the last data row and this one that were blank stay out of the list.
      dataRows.push(r);
      if (hasNum) numericRows++;
      afterTotal = (wordy && TOTAL_ROW.test(first)) || (!!first && isTotalRow(firstTextOf(rc)));
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
  const kept = hcols.filter((c) => c.pieces.length > 0 || c.role === "satuan");
  const scan = scanCells(grid, dataRows, c1, c2, new Set(kept.filter((h) => NUMERIC_ROLES.has(h.role)).map((h) => h.col)));

  const columns = kept.map((h) => {
    const cm = toColumnModel(h);
    const ext = h as HeaderColumn & { unitOf?: number; unitCol?: number };
    if (ext.unitOf !== undefined) cm.unitOf = ext.unitOf;
    if (ext.unitCol !== undefined) cm.unitCol = ext.unitCol;
    if (NUMERIC_ROLES.has(cm.role)) {
      // Only numbers stored as text carry separator evidence.
      cm.numberStyle = detectNumberStyle(scan.strings.get(cm.col) ?? []);
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

  // The column models' shapes, built by adding optional fields, survive a full garbage collection
  // while the last table's columns are kept (a few dozen small objects; see shapes.ts).
  keepLatest("columns", columns);
  const noFormulas: number[] = [];
  const formulaNotes = refineColumnsByFormulas(grid, columns, dataRows, (col) => scan.formulas.get(col) ?? noFormulas);
  const refinedKind = kindOf(new Set(columns.filter((c) => PERF_ROLES.has(c.role)).map((c) => c.role)), years.size >= 2);
  const rows = buildRows({ grid, columns, rows: dataRows, formulaRows: scan.formulaRows });
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
  let bySums = 0;
  for (let k = 0; k < rows.length; k++) {
    const ev = rows[k].evidence;
    if (ev) for (let j = 0; j < ev.length; j++) if (ev[j].startsWith("sums")) {
      bySums++;
      break;
    }
  }
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

/**
 * One row-major pass over the table's data cells: per column, the rows whose cell holds a formula
 * (in row order) and, for the `textCols`, the values stored as text; and the rows with any formula.
 */
function scanCells(grid: Grid, rows: number[], c1: number, c2: number, textCols: Set<number>) {
  const formulas = new Map<number, number[]>();
  const strings = new Map<number, string[]>();
  const formulaRows = new Set<number>();
  const wantText: boolean[] = [];
  for (let c = c1; c <= c2; c++) wantText.push(textCols.has(c));
  for (let ix = 0; ix < rows.length; ix++) {
    const r = rows[ix];
    const row = grid.cells[r];
    if (!row) continue;
    const end = Math.min(row.length - 1, c2);
    for (let c = c1; c <= end; c++) {
      const cell = row[c];
      if (!cell) continue;
      if (cell.f) {
        let l = formulas.get(c);
        if (!l) formulas.set(c, (l = []));
        l.push(r);
        formulaRows.add(r);
      }
      if (wantText[c - c1] && typeof cell.v === "string") {
        let l = strings.get(c);
        if (!l) strings.set(c, (l = []));
        l.push(cell.v);
      }
    }
  }
  return { formulas, strings, formulaRows };
}

/** A set of column numbers as one flag per column (looked up for every cell of every data row). */
class ColumnFlags {
  private readonly at: boolean[] = [];

  constructor(cols: number[]) {
    for (const c of cols) this.at[c] = true;
  }

  has(c: number): boolean {
    return this.at[c] === true;
  }
}

keepShape(new ColumnFlags([]));
