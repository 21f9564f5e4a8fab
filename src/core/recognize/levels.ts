/**
 * Row levels from the row's own words and codes: footer words ("Jumlah", "Rata-rata", "Predikat"),
 * leading words ("Program", "Kegiatan", "Sub Kegiatan"), Kode segments (Permendagri 90), numbering
 * (I / 1.1 / 1.1.1 / a), and the level order used by the stack passes.
 */
import type { RowLevel } from "../model";

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
  const t = s.trim().replace(/[.)]+$/, "");
  if (!t) return undefined;
  if (/^[IVXL]+$/.test(t) && t.length <= 5) return { depth: 1, roman: true };
  if (/^\d{1,3}(\.\d{1,3})*$/.test(t)) return { depth: t.split(".").length };
  if (/^[a-z]$/.test(t)) return { depth: 9, letter: true };
  return undefined;
}

export function wordLevel(name: string): RowLevel | undefined {
  const s = name.replace(/^\s*((?:[IVX]+|\d+(?:\.\d+)*|[a-z])[.)]\s*)/, "").trim();
  if (/^sub\s*-?\s*kegiatan\b/i.test(s)) return "subkegiatan";
  if (/^program\b/i.test(s)) return "program";
  if (/^kegiatan\b/i.test(s)) return "kegiatan";
  if (/^urusan\b/i.test(s)) return "urusan";
  if (/^bidang\b/i.test(s)) return "bidang";
  if (/^sasaran\b/i.test(s)) return "sasaran";
  if (/^tujuan\b/i.test(s)) return "tujuan";
  return undefined;
}

/** "J U M L A H" → "JUMLAH": a word written with spaced letters. */
export function unspaced(s: string): string {
  // Only a letter followed by white space can start a spaced word.
  if (!/^\s*[A-Za-z]\s/.test(s)) return s;
  return s.replace(/^\s*((?:[A-Za-z]\s+){3,}[A-Za-z])(?=\s|$|:)/, (m) => m.replace(/\s+/g, ""));
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
  if (/^(belanja|pendapatan)( daerah| langsung| tidak langsung)?$/.test(t)) return "total";
  if (/^rata[-\s]?rata/.test(t) || /capaian.*rata[-\s]?rata/.test(t)) return "rata-rata";
  if (/^predikat/.test(t)) return "predikat";
  if (/^(jumlah|total|grand total|sub ?total)\b/.test(t) && !/yang|\bdan\b.*\bdi/.test(t.slice(0, 40))) {
    // "Jumlah UM yang diberdayakan" is an indicator, not a total.
    if (/^jumlah\s+\w+\s+(yang|dokumen|laporan)/.test(t) && !/total/.test(t)) return undefined;
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
