/**
 * Row levels from the row's own words and codes: footer words ("Jumlah", "Rata-rata", "Predikat"),
 * leading words ("Program", "Kegiatan", "Sub Kegiatan"), Kode segments (Permendagri 90), numbering
 * (I / 1.1 / 1.1.1 / a), and the level order used by the stack passes.
 */
import type { RowLevel } from "../model";

// Patterns used per row or per cell, compiled once (a regex literal in a function body builds a
// new RegExp object each time it runs).
const TRAILING_NUMBERING_MARKS = /[.)]+$/;
const ROMAN = /^[IVXL]+$/;
const DOTTED_NUMBERING = /^\d{1,3}(\.\d{1,3})*$/;
const LETTER = /^[a-z]$/;
const LEADING_NUMBERING = /^\s*((?:[IVX]+|\d+(?:\.\d+)*|[a-z])[.)]\s*)/;
const W_SUBKEGIATAN = /^sub\s*-?\s*kegiatan\b/i;
const W_PROGRAM = /^program\b/i;
const W_KEGIATAN = /^kegiatan\b/i;
const W_URUSAN = /^urusan\b/i;
const W_BIDANG = /^bidang\b/i;
const W_SASARAN = /^sasaran\b/i;
const W_TUJUAN = /^tujuan\b/i;
const SPACED_START = /^\s*[A-Za-z]\s/;
const SPACED_WORD = /^\s*((?:[A-Za-z]\s+){3,}[A-Za-z])(?=\s|$|:)/;
const WS_RUN_G = /\s+/g;
const F_BELANJA = /^(belanja|pendapatan)( daerah| langsung| tidak langsung)?$/;
const F_RATA = /^rata[-\s]?rata/;
const F_CAPAIAN_RATA = /capaian.*rata[-\s]?rata/;
const F_PREDIKAT = /^predikat/;
const F_TOTAL = /^(jumlah|total|grand total|sub ?total)\b/;
const F_NOT_TOTAL = /yang|\bdan\b.*\bdi/;
const F_JUMLAH_INDICATOR = /^jumlah\s+\w+\s+(yang|dokumen|laporan)/;
const F_TOTAL_WORD = /total/;

export const GOAL =
  /^(meningkat|menurun|terwujud|terjamin|tercapai|terkendali|berkurang|bertambah|terlaksana|tersedia|terpenuhi|menguat|membaik|bertumbuh|berkembang|terbina|terciptanya|optimal)\w*nya\b/i;

export const ORDER: Record<string, number> = {
  tujuan: 0,
  sasaran: 1,
  urusan: 2,
  bidang: 3,
  program: 4,
  kegiatan: 5,
  subkegiatan: 6,
};

/** `ORDER[l] ?? 4` as a switch (run for every row of the stack pass; no keyed lookup by text). */
export function levelOrder(l: RowLevel | undefined): number {
  switch (l) {
    case "tujuan":
      return 0;
    case "sasaran":
      return 1;
    case "urusan":
      return 2;
    case "bidang":
      return 3;
    case "program":
      return 4;
    case "kegiatan":
      return 5;
    case "subkegiatan":
      return 6;
    default:
      return 4;
  }
}

export function childLevel(l: RowLevel | undefined): RowLevel {
  switch (l) {
    case "tujuan":
      return "sasaran";
    case "sasaran":
      return "program";
    case "urusan":
      return "bidang";
    case "bidang":
      return "program";
    case "program":
      return "kegiatan";
    case "kegiatan":
    case "subkegiatan":
      return "subkegiatan";
    default:
      return "program";
  }
}

export const CODE_RE = /^\d{1,2}(\s*\.\s*[0-9a-z]{1,6})+\.?$|^\d{1,2}$/i;

export const LADDER: RowLevel[] = ["urusan", "bidang", "program", "kegiatan", "subkegiatan"];

export function parseNumbering(s: string): { depth: number; roman?: boolean; letter?: boolean } | undefined {
  const t = s.trim().replace(TRAILING_NUMBERING_MARKS, "");
  if (!t) return undefined;
  if (ROMAN.test(t) && t.length <= 5) return { depth: 1, roman: true };
  if (DOTTED_NUMBERING.test(t)) return { depth: t.split(".").length };
  if (LETTER.test(t)) return { depth: 9, letter: true };
  return undefined;
}

/** First letters (lower case) of the level words wordLevel reads. */
const LEVEL_INITIAL: boolean[] = [];
for (const ch of "spkubt") LEVEL_INITIAL[ch.charCodeAt(0)] = true;

export function wordLevel(name: string): RowLevel | undefined {
  // A name that starts with a letter none of the level words starts with (s, p, k, u, b, t), and
  // not with numbering (I / V / X / a lower-case letter / a digit / white space), names no level.
  const c0 = name.charCodeAt(0);
  if (c0 >= 65 && c0 <= 90 && c0 !== 73 && c0 !== 86 && c0 !== 88 && !LEVEL_INITIAL[c0 | 32]) return undefined;
  const s = name.replace(LEADING_NUMBERING, "").trim();
  if (W_SUBKEGIATAN.test(s)) return "subkegiatan";
  if (W_PROGRAM.test(s)) return "program";
  if (W_KEGIATAN.test(s)) return "kegiatan";
  if (W_URUSAN.test(s)) return "urusan";
  if (W_BIDANG.test(s)) return "bidang";
  if (W_SASARAN.test(s)) return "sasaran";
  if (W_TUJUAN.test(s)) return "tujuan";
  return undefined;
}

/** "J U M L A H" → "JUMLAH": a word written with spaced letters. */
export function unspaced(s: string): string {
  // Only a letter followed by white space can start a spaced word: two printable ASCII
  // characters other than the space at the start rule it out without a regex.
  const c0 = s.charCodeAt(0);
  const c1 = s.charCodeAt(1);
  if (c0 > 32 && c0 < 127 && c1 > 32 && c1 < 127) return s;
  if (!SPACED_START.test(s)) return s;
  return s.replace(SPACED_WORD, (m) => m.replace(WS_RUN_G, ""));
}

/**
 * Every footer reading below starts with one of these words (after white space) or holds "rata".
 * On ASCII text, a case-insensitive test of the untrimmed text is the same as the lower-cased,
 * trimmed one: rows that cannot be footers skip building that string.
 */
const FOOTER_CANDIDATE = /^\s*(?:belanja|pendapatan|rata|predikat|jumlah|total|grand total|sub ?total)|rata|[^\x00-\x7f]/i;

export function footerLevel(s: string): RowLevel | undefined {
  const u = unspaced(s);
  // (Text with a non-ASCII character always takes the full reading.)
  if (!FOOTER_CANDIDATE.test(u)) return undefined;
  const t = u.trim().toLowerCase();
  if (F_BELANJA.test(t)) return "total";
  if (F_RATA.test(t) || F_CAPAIAN_RATA.test(t)) return "rata-rata";
  if (F_PREDIKAT.test(t)) return "predikat";
  if (F_TOTAL.test(t) && !F_NOT_TOTAL.test(t.slice(0, 40))) {
    // "Jumlah UM yang diberdayakan" is an indicator, not a total.
    if (F_JUMLAH_INDICATOR.test(t) && !F_TOTAL_WORD.test(t)) return undefined;
    return "total";
  }
  return undefined;
}

export function codeLevel(code: string): RowLevel | undefined {
  // Permendagri 90 codes: urusan "2", bidang "2.17", program "2.17.02", kegiatan "2.17.02.2.01",
  // sub kegiatan "2.17.02.2.01.0001"; 13/2006-style "1.20.01.01" kegiatan.
  // n: the number of non-empty dot-separated segments (counted without splitting: once per row).
  let n = 0;
  let len = 0;
  for (let k = 0; k <= code.length; k++) {
    if (k === code.length || code.charCodeAt(k) === 46) {
      if (len > 0) n++;
      len = 0;
    } else len++;
  }
  if (n <= 1) return "urusan";
  if (n === 2) return "bidang";
  if (n === 3) return "program";
  if (n <= 5) return "kegiatan";
  return "subkegiatan";
}

export function isCode(code: string): boolean {
  // Codes have at least one segment of two or more digits ("2.17"); numbering has single digits.
  let segs = 1;
  let len = 0;
  let long = false;
  for (let k = 0; k < code.length; k++) {
    if (code.charCodeAt(k) === 46) {
      segs++;
      len = 0;
    } else if (++len >= 2) long = true;
  }
  return segs >= 2 && long;
}

export function isFooterLevel(l: RowLevel | undefined): boolean {
  return l === "total" || l === "rata-rata" || l === "predikat";
}
