/**
 * Header bands: where a table's header starts, how many rows it spans (1–5 plus an optional
 * column-number row), the header pieces of every column (merged group titles spanning their
 * sub-columns; unmerged group titles filled rightwards over their sub-columns) and the column
 * roles read from that text.
 */
import type { Grid, Scalar } from "../grid";
import type { ColumnModel } from "../model";
import { classifyColumn, isPerfText, type ColumnClass } from "./roles";
import { cellText, isLetterLabel, isNumberLabel, isNumeric, isYear, leadingNumber, measureToken, norm, PERF_WORD, quarterToken } from "./text";

export interface RowCells {
  cols: number[];
  vals: Scalar[];
}

/**
 * Non-empty cells of a row (top-left values only; merged-over cells are empty). `out`, when given,
 * is emptied and filled (a scan down many rows reuses one buffer).
 */
export function rowCells(grid: Grid, r: number, c1 = 0, c2 = Infinity, out: RowCells = { cols: [], vals: [] }): RowCells {
  const row = grid.cells[r];
  const cols = out.cols;
  const vals = out.vals;
  // Written by index and cut to length once: emptying with `length = 0` would drop the reused
  // buffers' storage and reallocate it on every row.
  let n = 0;
  if (row) {
    const end = Math.min(row.length - 1, c2);
    for (let c = Math.max(0, c1); c <= end; c++) {
      const cell = row[c];
      if (!cell) continue;
      const v = cell.v;
      if (v === null || (typeof v === "string" && isBlank(v))) continue;
      cols[n] = c;
      vals[n] = v;
      n++;
    }
  }
  if (cols.length !== n) cols.length = n;
  if (vals.length !== n) vals.length = n;
  return out;
}

/** `s.trim() === ""` without building the trimmed string. */
function isBlank(s: string): boolean {
  if (s.length === 0) return true;
  const c0 = s.charCodeAt(0);
  // A first character that is not white space (the usual case) decides at once.
  if (c0 > 32 && c0 < 127) return false;
  return s.trim() === "";
}

/**
 * A row that may open a header band: ≥ 2 text cells, no data numbers, and a performance word in
 * it, or label words ("No", "Indikator") in it and a performance word in the row below (year
 * groups "2022 | 2023" over Target / Realisasi).
 */
export function isHeaderStart(rc: RowCells, nextRow?: RowCells | (() => RowCells | undefined)): boolean {
  const own = headerStartScore(rc);
  if (own < 0) return false;
  if (own > 0) return true;
  const next = typeof nextRow === "function" ? nextRow() : nextRow;
  if (!next) return false;
  let vocab = 0;
  // "Uraian Urusan, Organisasi, Program, Kegiatan dan Sub Kegiatan" (SIPD) is longer than a label.
  for (const v of rc.vals) if (typeof v === "string" && v.trim().length <= 80 && HEADER_VOCAB.test(norm(v))) vocab++;
  return vocab >= 2 && headerStartScore(next) > 0;
}

/** -1: not a header row; 0: header-like without performance words; n > 0: n performance words. */
function headerStartScore(rc: RowCells): number {
  if (rc.cols.length < 2) return -1;
  const vals = rc.vals;
  // Data rows (the usual caller: every row below a header) hold a number that is not a year or a
  // boolean somewhere: they are rejected here without reading their texts. The full reading below
  // rejects them too, whatever comes before.
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i];
    if (typeof v === "number" ? isYear(v) === undefined : typeof v !== "string") return -1;
  }
  let perf = 0;
  let texts = 0;
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i];
    if (typeof v === "number") {
      if (isYear(v) === undefined) return -1;
      continue;
    }
    if (typeof v !== "string") return -1;
    const t = v.trim();
    if (t.length > 220) return -1;
    if (isNumeric(t) && isYear(t) === undefined && !isNumberLabel(t)) return -1;
    texts++;
    if (PERF_WORD.test(t)) perf++;
  }
  return texts >= 2 ? perf : -1;
}

const HEADER_VOCAB =
  /^(no\.?|nomor|kode|uraian|program|kegiatan|sub ?kegiatan|indikator|sasaran|tujuan|satuan|formulasi|keterangan|ket\.?|sumber|penanggung|kategori|predikat|tingkat|kinerja|anggaran|keuangan|fisik|tahun|volume|jumlah|nilai|output|outcome|standar|misi)\b/;

type BandKind = "header" | "number" | "blank" | "covered" | "data";

function bandRowKind(grid: Grid, r: number, c1: number, c2: number): BandKind {
  const rc = rowCells(grid, r, c1, c2);
  if (rc.cols.length === 0) {
    for (let c = c1; c <= c2; c++) {
      const m = grid.mergeAt(r, c);
      if (m && m.r1 < r) return "covered";
    }
    return "blank";
  }
  // A letter row ("a | c | d | … | k = ( j / i ) * 100") plays the part of the number row.
  if (isLetterRow(rc)) return "number";
  let labels = 0;
  let lastLabel = -1;
  let inc = 0;
  const seen = new Set<number>();
  let distinct = true;
  for (let i = 0; i < rc.vals.length; i++) {
    const v = rc.vals[i];
    if (isNumberLabel(v)) {
      const n = leadingNumber(v)!;
      if (n > lastLabel) inc++;
      if (seen.has(n)) distinct = false;
      seen.add(n);
      lastLabel = n;
      labels++;
      continue;
    }
    if (typeof v === "number") {
      if (isYear(v) !== undefined) {
        continue;
      }
      return "data";
    }
    if (typeof v !== "string") return "data";
    const t = norm(v);
    if (measureToken(t) || (t.length <= 14 && quarterToken(t, true)) || isYear(t) !== undefined) {
      continue;
    }
    if (isNumeric(t)) return "data";
    if (t.length > 130) return "data";
    // Placeholders ("-", "Belum dapat diukur", "N/A") appear in data, never in a header.
    if (/^[-–—.]+$|^n\/?a$|^belum\b|^menunggu\b|^tidak dapat\b|^tdk\b/.test(t)) return "data";
    if (isPerfText(t) || (t.length <= 45 && HEADER_VOCAB.test(t)) || /^\(?\s*rp/.test(t) || /^\(?tahun/.test(t) || t.length <= 24) {
      continue;
    }
    return "data";
  }
  // Column numbers: distinct and (almost) increasing; a swapped pair is a template mistake.
  if (labels >= 2 && distinct && (inc === labels || (labels >= 4 && inc >= 0.7 * labels))) return "number";
  if (labels > 0) return "data";
  // A lone small integer beside header tokens (quarter "1".."4" under a Triwulan group).
  return "header";
}

/** A row of column letters in order: "a | c | d | … | k = ( j / i ) * 100" (three or more). */
function isLetterRow(rc: RowCells): boolean {
  if (rc.vals.length < 3 || !rc.vals.every((v) => isLetterLabel(v))) return false;
  const letters = rc.vals.map((v) => String(v).trim().replace(/^©$/, "c").replace(/^\(/, "").charAt(0).toLowerCase());
  return new Set(letters).size === letters.length && letters.every((l, i) => i === 0 || l > letters[i - 1]);
}

export interface Band {
  /** Header rows, top to bottom (including the number row). */
  firstRow: number;
  lastRow: number;
  numberRow?: number;
  c1: number;
  c2: number;
}

/** The header band opening at r0, and its column extent. */
export function readBand(grid: Grid, r0: number): Band {
  const rc0 = rowCells(grid, r0);
  let c1 = rc0.cols[0];
  let c2 = rc0.cols[rc0.cols.length - 1];
  for (const c of rc0.cols) {
    const m = grid.mergeAt(r0, c);
    if (m) {
      c1 = Math.min(c1, m.c1);
      c2 = Math.max(c2, m.c2);
    }
  }
  let last = r0;
  let numberRow: number | undefined;
  let bestLabels = 0;
  for (let r = r0 + 1; r <= r0 + 6 && r < grid.rowCount; r++) {
    const k = bandRowKind(grid, r, c1, c2);
    if (k === "data" || k === "blank") break;
    if (k === "number") {
      const n = countLabels(grid, r, c1, c2);
      if (n > bestLabels) {
        bestLabels = n;
        numberRow = r;
      }
    }
    last = r;
  }
  // Trailing "covered" rows only count when a merge really reaches them.
  return { firstRow: r0, lastRow: last, numberRow, c1, c2 };
}

function countLabels(grid: Grid, r: number, c1: number, c2: number): number {
  const rc = rowCells(grid, r, c1, c2);
  let n = 0;
  for (const v of rc.vals) if (isNumberLabel(v) || isLetterLabel(v)) n++;
  return n;
}

export interface HeaderColumn extends ColumnClass {
  col: number;
  pieces: string[];
  header: string;
  numberLabel?: string;
}

/**
 * Header pieces per column of the band, split into runs of columns separated by ≥ 2 columns
 * without any header text (tables side by side).
 */
export function readHeaderColumns(grid: Grid, band: Band): HeaderColumn[][] {
  const rows: number[] = [];
  for (let r = band.firstRow; r <= band.lastRow; r++) rows.push(r);
  // Extent over all band rows.
  let c1 = band.c1;
  let c2 = band.c2;
  for (const r of rows) {
    const rc = rowCells(grid, r);
    for (const c of rc.cols) {
      if (c < c1 - 1 || c > c2 + 1) continue;
      c1 = Math.min(c1, c);
      c2 = Math.max(c2, c);
    }
  }
  const width = c2 - c1 + 1;
  // Column-number labels ("5", "13 = 6 + 12") may sit in any band row, alone or beside the
  // quarter labels; they are kept apart from the header text. Small numbers 1..4 under a
  // "Triwulan" group are quarter labels, not column numbers.
  const numberLabels: (string | undefined)[] = new Array(width).fill(undefined);
  const letterRow = band.numberRow !== undefined && isLetterRow(rowCells(grid, band.numberRow, c1, c2)) ? band.numberRow : undefined;
  const raw: string[][] = [];
  for (let ri = 0; ri < rows.length; ri++) {
    const r = rows[ri];
    const line: string[] = new Array(width).fill("");
    for (let i = 0; i < width; i++) {
      const v = grid.mergedValue(r, c1 + i);
      if (v !== null && ri > 0 && r === letterRow && isLetterLabel(v)) {
        numberLabels[i] = cellText(v);
        continue;
      }
      if (v !== null && ri > 0 && isNumberLabel(v)) {
        const n = leadingNumber(v)!;
        const underQuarterGroup =
          n >= 1 &&
          n <= 4 &&
          /^\d$/.test(String(v).trim()) &&
          raw.some((l) => /triwulan|\btw\b|\btrw\b/i.test(l[i])) &&
          !raw.some((l) => l[i] !== "" && l[i].length <= 14 && quarterToken(l[i], true) !== undefined);
        if (!underQuarterGroup) {
          if (numberLabels[i] === undefined || r === band.numberRow) numberLabels[i] = cellText(v);
          continue;
        }
      }
      line[i] = cellText(v);
    }
    raw.push(line);
  }
  const merged = (ri: number, i: number) => grid.mergeAt(rows[ri], c1 + i) !== undefined;
  const hasLower = (ri: number, i: number) => {
    for (let rj = ri + 1; rj < rows.length; rj++) if (raw[rj][i] !== "") return true;
    return false;
  };
  // Unmerged group titles: fill rightwards over sub-columns.
  for (let ri = 0; ri < rows.length - 1; ri++) {
    for (let i = 1; i < width; i++) {
      if (raw[ri][i] !== "" || merged(ri, i) || !hasLower(ri, i)) continue;
      let k = i - 1;
      while (k >= 0 && raw[ri][k] === "" && !merged(ri, k)) k--;
      if (k < 0 || merged(ri, k) || i - k > 16 || !hasLower(ri, k)) continue;
      // Never inherit a label column's title ("No", "Kode" ...) into a performance group.
      const t = norm(raw[ri][k]);
      if (!isPerfText(t) && !/tahun|kinerja|anggaran|kode|uraian|program/.test(t) && !(t.length <= 14 && quarterToken(t, true)) && isYear(t) === undefined)
        continue;
      raw[ri][i] = raw[ri][k];
    }
  }
  // A column without header text but with data right below belongs to the table (Kode split over
  // unmerged cells, a unit column beside K).
  const dataBelow = (i: number) => {
    for (let r = band.lastRow + 1; r <= band.lastRow + 6 && r < grid.rowCount; r++) if (!grid.isEmpty(r, c1 + i)) return true;
    return false;
  };
  const cols: HeaderColumn[] = [];
  const runs: HeaderColumn[][] = [];
  let gap = 0;
  for (let i = 0; i < width; i++) {
    const pieces: string[] = [];
    for (let ri = 0; ri < rows.length; ri++) {
      const t = raw[ri][i];
      if (t && pieces[pieces.length - 1] !== t) pieces.push(t);
    }
    if (pieces.length === 0 && numberLabels[i] === undefined && !dataBelow(i)) {
      gap++;
      if (gap >= 2 && cols.length) {
        runs.push(cols.splice(0));
      }
      // Keep a single unlabeled column (it may hold units of the K column on its left).
      if (gap === 1) cols.push({ col: c1 + i, pieces, header: "", role: "other", why: "no header text" });
      continue;
    }
    if (gap >= 2 && cols.length) runs.push(cols.splice(0));
    gap = 0;
    if (pieces.length === 0 && numberLabels[i] === undefined) {
      cols.push({ col: c1 + i, pieces, header: "", role: "other", why: "no header text" });
      continue;
    }
    const cls = classifyColumn(pieces);
    cols.push({ ...cls, col: c1 + i, pieces, header: pieces.join(" / "), numberLabel: numberLabels[i] });
  }
  if (cols.length) runs.push(cols);
  // Drop trailing unlabeled placeholders.
  return runs.map((run) => {
    while (run.length && run[run.length - 1].pieces.length === 0) run.pop();
    return run;
  });
}

/** Strip the classification helpers into the model's ColumnModel. */
export function toColumnModel(h: HeaderColumn): ColumnModel {
  const c: ColumnModel = { col: h.col, role: h.role, header: h.header };
  if (h.measure) c.measure = h.measure;
  if (h.quarter && /^realisasi_tw/.test(h.role)) c.quarter = h.quarter;
  if (h.year !== undefined) c.year = h.year;
  if (h.scale) c.scale = h.scale;
  if (h.percent) c.percent = true;
  if (h.numberLabel !== undefined) c.numberLabel = h.numberLabel;
  return c;
}
