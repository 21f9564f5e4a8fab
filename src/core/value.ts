/**
 * Cell-value parser (domain.md §3): what a cell of an evaluation table holds.
 *
 *  - real numbers (kind "number");
 *  - numbers stored as text in Indonesian ("23.248.661.133", "45,11", "1.234.567,00") or US
 *    ("11,238,069,445", "92.95") style, with Rp / IDR / ",-" currency marks, percent signs,
 *    multipliers ("2,5 T", "51 M", "1,2 Jt", "500 rb") and units ("50 kop", "88 orang / 12 bulan");
 *  - placeholders that are NOT zero ("-", "- %", "Belum dapat diukur", "Menunggu data BPS", "N/A" ...);
 *  - SAKIP letter grades (AA, A, BB, B, CC, C, D);
 *  - everything else is text (names, codes such as "2.17.02.2.01.0001" or "1.1.2", dates ...).
 *
 * A text number whose separators can be read both ways ("1.234", "1,234") is read with the
 * column's convention (`detectNumberStyle`) and flagged `ambiguous`.
 *
 * Runs on every cell of large sheets: one anchored, backtracking-free regex per cell plus a
 * character scan; regexes are compiled once.
 */
import type { CellData, Scalar } from "./grid";
import type { NumberStyle } from "./model";

export type ValueKind = "empty" | "number" | "placeholder" | "grade" | "text";

export interface ParsedValue {
  kind: ValueKind;
  /** The cell's raw content, unchanged. */
  raw: Scalar;
  /** The number as written, after separators, currency and multipliers (T, M, Jt): "92,95%" → 92.95. */
  value?: number;
  /** Written with a percent sign ("92,95%", "- %"). */
  percent?: boolean;
  /** Written with Rp ("Rp 31.685.169.826,-"). */
  currency?: boolean;
  /** Unit text after the number: "UM", "orang / 12 bulan", "kop". */
  unit?: string;
  /** Multiplier applied from a suffix: 1e12 for "T", 1e9 for "M", 1e6 for "Jt". */
  multiplier?: number;
  /** The number was stored as text (Excel's SUM ignores it). */
  fromText?: boolean;
  /** The separator convention used to read a text number. */
  style?: NumberStyle;
  /** A text number whose reading depended on the column's style ("1.234"). */
  ambiguous?: boolean;
  /**
   * Text numbers: digits written after the decimal separator, before any multiplier
   * ("92,95%" → 2, "1.234.567,00" → 2, "2,5 T" → 1, "23.248.661.133" → 0).
   */
  decimals?: number;
  /** Letter grade (AA, A, BB, B, CC, C, D). */
  grade?: string;
  /** Placeholder text ("-", "Belum dapat diukur", "N/A" ...). */
  placeholder?: string;
  /** What the parser understood, for messages: "angka 11238069445 dari teks (format US)". */
  understood: string;
}

export interface ParseOptions {
  /** The column's decimal convention; decides "1.234" and "1,234". Default: "id". */
  style?: NumberStyle;
}

/** SAKIP letter grades, best first. */
export const GRADES: readonly string[] = ["AA", "A", "BB", "B", "CC", "C", "D"];

/** Position of a grade in GRADES (0 = best), or -1 when it is not a grade. */
export function gradeRank(grade: string): number {
  return GRADES.indexOf(grade.trim().toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// Precompiled patterns (all anchored; no nested quantifiers, so no catastrophic backtracking)

/** [1] currency prefix, [2] sign, [3] digits with separators, [4] the rest. */
const NUMBER_RE = /^(?:(rp\.?|idr)\s*)?([-+\u2212]?)(\d[\d.,]*)(.*)$/i;
/** Dash placeholders, optionally with Rp before or %, ",-" after: "-", "–", "—", "--", "- %", "Rp -". */
const DASH_RE = /^(?:(?:rp\.?|idr)\s*)?[-\u2010-\u2015\u2212]+\s*(?:%|,\s*-)?$/i;
const PLACEHOLDER_RE =
  /^(?:belum\b|menunggu\b|menuunggu\b|tidak\s+(?:dapat|bisa)\s+(?:di)?(?:ukur|hitung|tentukan|ditentukan)|tidak\s+terukur|tidak\s+ada\s+data|data\s+belum\b|n\s*\/\s*a\.?$|n\.\s*a\.?$|na$|tbd\.?$|tba\.?$|\u2026$|\.{2,}$)/i;
const GRADE_RE = /^(?:predikat\s*:?\s*)?(AA|A|BB|B|CC|C|D)(?:\s*\(\s*[A-Za-z][A-Za-z ]{0,28}\))?$/i;
const PERSEN_RE = /^persen$/i;
const RUPIAH_RE = /^(?:rupiah|rp\.?)$/i;
/** Multiplier word, then optionally "rupiah"/"Rp". Single-letter T and M only upper case. */
const MULT_RE = /^([A-Za-z]+)\.?(?:\s+(rupiah|rp\.?))?$/i;
/** Unit after a number: optional spelled-out number "(satu)", then a word-led short text. */
const UNIT_RE = /^(?:\(\s*[A-Za-z][A-Za-z ]*\)\s*)?([A-Za-z\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F\u00B2\u00B3 .\/\-()]*)$/;
/** An ambiguous text number whose three digits after the separator are "000" ("10,000", "Rp 25.000"). */
const ZEROS_GROUP_RE = /\d[.,]000(?!\d)/;
const SPACES_RE = /[\u00a0\u2007\u202f\t\r\n]+/g;
const SPACE_CHECK_RE = /[\u00a0\u2007\u202f\t\r\n]/;
const CURRENCY_START = /^(?:rp|idr)/i;
const DASHES = /^[-\u2013]+$/;

const MULTIPLIERS: Record<string, { factor: number; exp: number; label: string }> = {
  triliun: { factor: 1e12, exp: 12, label: "triliun" },
  trilyun: { factor: 1e12, exp: 12, label: "triliun" },
  t: { factor: 1e12, exp: 12, label: "triliun" },
  miliar: { factor: 1e9, exp: 9, label: "miliar" },
  milyar: { factor: 1e9, exp: 9, label: "miliar" },
  m: { factor: 1e9, exp: 9, label: "miliar" },
  juta: { factor: 1e6, exp: 6, label: "juta" },
  jt: { factor: 1e6, exp: 6, label: "juta" },
  ribu: { factor: 1e3, exp: 3, label: "ribu" },
  rb: { factor: 1e3, exp: 3, label: "ribu" },
};

/** First words after a number that make the cell a sentence or a numbered heading, not a unit. */
const NOT_UNIT_WORDS = new Set([
  "program",
  "kegiatan",
  "subkegiatan",
  "sub",
  "sasaran",
  "tujuan",
  "urusan",
  "bidang",
  "indikator",
  "tentang",
  "sampai",
  "dengan",
  "adalah",
  "sebesar",
  "masih",
  "dapat",
  "dan",
  "atau",
  "yang",
  "di",
  "ke",
  "dari",
  "pada",
  "untuk",
  "s/d",
  "sd",
]);

const MAX_UNIT_LENGTH = 30;
const MAX_UNIT_WORDS = 5;

// ---------------------------------------------------------------------------------------------
// Reading the digits

interface DigitsReading {
  /** Canonical decimal string for Number(): "1234567.00". */
  canon: string;
  style?: NumberStyle;
  ambiguous: boolean;
  /** Resolved by the context (Rp, %, multiplier) rather than by the separators: no evidence of the column's style. */
  byContext?: boolean;
}

type Prefer = "group" | "decimal" | undefined;

/** "1.234.567" with sep "." → "1234567"; undefined when the grouping is not a thousands grouping. */
function ungroup(s: string, sep: string): string | undefined {
  const parts = s.split(sep);
  const first = parts[0];
  if (first.length < 1 || first.length > 3) return undefined;
  if (first.charCodeAt(0) === 48 /* 0 */) return undefined;
  for (let i = 1; i < parts.length; i++) if (parts[i].length !== 3) return undefined;
  return parts.join("");
}

function readDigits(core: string, colStyle: NumberStyle | undefined, prefer: Prefer): DigitsReading | undefined {
  let dots = 0;
  let commas = 0;
  let lastDot = -1;
  let lastComma = -1;
  for (let i = 0; i < core.length; i++) {
    const ch = core.charCodeAt(i);
    if (ch === 46) {
      dots++;
      lastDot = i;
    } else if (ch === 44) {
      commas++;
      lastComma = i;
    }
  }
  if (dots === 0 && commas === 0) {
    // "0001" is a code, not the number 1.
    if (core.length > 1 && core.charCodeAt(0) === 48) return undefined;
    return { canon: core, ambiguous: false };
  }
  if (dots > 0 && commas > 0) {
    // The last separator is the decimal one and occurs once; the other groups thousands.
    const decIsDot = lastDot > lastComma;
    if ((decIsDot ? dots : commas) !== 1) return undefined;
    const decPos = decIsDot ? lastDot : lastComma;
    const frac = core.slice(decPos + 1);
    if (frac.length === 0) return undefined;
    const int = ungroup(core.slice(0, decPos), decIsDot ? "," : ".");
    if (int === undefined) return undefined;
    return { canon: `${int}.${frac}`, style: decIsDot ? "us" : "id", ambiguous: false };
  }
  const sep = dots > 0 ? "." : ",";
  const count = dots + commas;
  const styleIfGroup: NumberStyle = sep === "." ? "id" : "us";
  const styleIfDecimal: NumberStyle = sep === "." ? "us" : "id";
  if (count > 1) {
    const int = ungroup(core, sep);
    if (int === undefined) return undefined; // "1.1.2", "2.17.02.2.01.0001"
    return { canon: int, style: styleIfGroup, ambiguous: false };
  }
  const pos = sep === "." ? lastDot : lastComma;
  const a = core.slice(0, pos);
  const b = core.slice(pos + 1);
  if (a.length === 0 || b.length === 0) return undefined;
  if (a.length > 1 && a.charCodeAt(0) === 48) return undefined; // "08.00", "01.234"
  const canGroup = b.length === 3 && a.length <= 3 && a !== "0";
  if (!canGroup) return { canon: `${a}.${b}`, style: styleIfDecimal, ambiguous: false };
  // "1.234" / "1,234": a thousands group or three decimals.
  if (prefer === "group") return { canon: a + b, style: styleIfGroup, ambiguous: false, byContext: true };
  if (prefer === "decimal") return { canon: `${a}.${b}`, style: styleIfDecimal, ambiguous: false, byContext: true };
  const s = colStyle ?? "id";
  return s === styleIfGroup
    ? { canon: a + b, style: s, ambiguous: true }
    : { canon: `${a}.${b}`, style: s, ambiguous: true };
}

// ---------------------------------------------------------------------------------------------
// Descriptions

function styleName(s: NumberStyle | undefined): string {
  return s === "us" ? "US" : s === "id" ? "ID" : "";
}

function fmtNumber(n: number): string {
  return String(n);
}

function describeNumber(p: ParsedValue): string {
  const what = p.percent ? "persen" : p.currency ? "rupiah" : "angka";
  let s = `${what} ${fmtNumber(p.value as number)}`;
  if (p.multiplier) s += ` (× ${p.multiplier.toExponential().replace("e+", "e")})`;
  if (p.unit) s += ` satuan "${p.unit}"`;
  s += " dari teks";
  if (p.style) s += ` (format ${styleName(p.style)}${p.ambiguous ? ", ambigu: mengikuti format kolom" : ""})`;
  return s;
}

// ---------------------------------------------------------------------------------------------
// The parser

function placeholder(raw: Scalar, text: string, percent: boolean, currency: boolean): ParsedValue {
  const p: ParsedValue = { kind: "placeholder", raw, placeholder: text, understood: `placeholder "${text}" (bukan angka)` };
  if (percent) p.percent = true;
  if (currency) p.currency = true;
  return p;
}

function text(raw: Scalar): ParsedValue {
  return { kind: "text", raw, understood: "teks" };
}

/** Classify a non-empty trimmed string that does not start like a number. */
function parseWords(raw: Scalar, t: string): ParsedValue {
  if (t.length <= 40) {
    const g = GRADE_RE.exec(t);
    // A lone lower-case "a" ... "d" is a list label; "Predikat b" or "bb" is a grade.
    if (g && !(g[1].length === 1 && g[1] === g[1].toLowerCase() && g[0].length === 1)) {
      const grade = g[1].toUpperCase();
      return { kind: "grade", raw, grade, understood: `predikat ${grade}` };
    }
  }
  if (DASH_RE.test(t)) return placeholder(raw, t, t.indexOf("%") >= 0, CURRENCY_START.test(t));
  if (PLACEHOLDER_RE.test(t)) return placeholder(raw, t, false, false);
  return text(raw);
}

export function parseValue(raw: Scalar, opts: ParseOptions = {}): ParsedValue {
  return parseStyled(raw, opts.style);
}

function parseStyled(raw: Scalar, style: NumberStyle | undefined): ParsedValue {
  if (typeof raw !== "string" || raw.length > MEMO_MAX_LENGTH) return parseWithEvidence(raw, style, NO_EVIDENCE);
  // (No style reads like "id": the convention only decides "1.234" / "1,234", "id" by default.)
  const memo = style === "us" ? memoUs : memoId;
  let p = memo.get(raw);
  if (p === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    p = parseWithEvidence(raw, style, NO_EVIDENCE);
    memo.set(raw, p);
  }
  return p;
}

/**
 * Readings of short texts, per column convention. Every stage (recognition, compute, audit, fill,
 * summaries) reads the same text cells again, and texts repeat down a column ("-", "0 %", "Belum
 * dapat diukur", "12 dokumen"): each text is parsed once. Callers never modify a ParsedValue.
 * Bounded (cleared when full), so batch runs over many workbooks keep a small footprint.
 */
const memoId = new Map<string, ParsedValue>();
const memoUs = new Map<string, ParsedValue>();
const MEMO_LIMIT = 50000;
const MEMO_MAX_LENGTH = 120;

/** Out-parameter of parseWithEvidence: whether a text number's separators alone fix its style. */
interface Evidence {
  style?: NumberStyle;
}
const NO_EVIDENCE: Evidence = {};

function parseWithEvidence(raw: Scalar, colStyle: NumberStyle | undefined, evidence: Evidence): ParsedValue {
  if (raw === null || raw === undefined) return { kind: "empty", raw: null, understood: "kosong" };
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return text(raw);
    return { kind: "number", raw, value: raw, understood: `angka ${fmtNumber(raw)}` };
  }
  if (typeof raw === "boolean") return text(raw);
  let t = raw;
  if (SPACE_CHECK_RE.test(t)) t = t.replace(SPACES_RE, " ");
  t = t.trim();
  if (t.length === 0) return { kind: "empty", raw, understood: "kosong" };

  const c0 = t.charCodeAt(0);
  const startsNumeric =
    (c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 0x2212 || c0 === 82 || c0 === 114 || c0 === 73 || c0 === 105;
  if (!startsNumeric) return parseWords(raw, t);

  const m = NUMBER_RE.exec(t);
  if (!m) return parseWords(raw, t);
  let currency = m[1] !== undefined;
  const negative = m[2] === "-" || m[2] === "\u2212";
  let core = m[3];
  let rest = m[4];

  // Trailing separator: ",-" (rupiah), or punctuation after an Rp amount ("Rp. 51.000.000.000,").
  const lastCh = core.charCodeAt(core.length - 1);
  if (lastCh === 44 || lastCh === 46) {
    core = core.slice(0, -1);
    const r = rest.trimStart();
    if (r.length > 0 && (r.charCodeAt(0) === 45 || r.charCodeAt(0) === 0x2013) && DASHES.test(r)) {
      rest = "";
      currency = true;
    } else if (currency && r.length === 0) {
      rest = "";
    } else {
      return parseWords(raw, t); // "2.", "5. Program ..."
    }
    if (core.length === 0) return parseWords(raw, t);
  }

  // What follows the digits.
  let percent = false;
  let multiplier: { factor: number; exp: number; label: string } | undefined;
  let unit: string | undefined;
  const tail = rest.trim();
  if (tail.length > 0) {
    const t0 = tail.charCodeAt(0);
    if (t0 === 37 /* % */) {
      if (tail.length !== 1) return parseWords(raw, t);
      percent = true;
    } else if (PERSEN_RE.test(tail)) {
      percent = true;
    } else if (RUPIAH_RE.test(tail)) {
      currency = true;
    } else {
      const mm = tail.length <= 20 ? MULT_RE.exec(tail) : null;
      const word = mm ? mm[1] : "";
      const key = word.toLowerCase();
      const mult = mm ? MULTIPLIERS[key] : undefined;
      // Single letters only in upper case ("5 m" is five metres, "51 M" is 51 miliar).
      if (mult && (key.length > 1 || word === "T" || word === "M")) {
        multiplier = mult;
        if (mm && mm[2]) currency = true;
      } else {
        const u = UNIT_RE.exec(tail);
        if (!u) return parseWords(raw, t);
        const unitText = u[1].trim();
        if (unitText.length > MAX_UNIT_LENGTH) return parseWords(raw, t);
        const words = unitText.split(" ");
        let wordCount = 0;
        for (const w of words) if (w.length > 0 && w !== "/") wordCount++;
        if (wordCount > MAX_UNIT_WORDS) return parseWords(raw, t);
        if (NOT_UNIT_WORDS.has(words[0].toLowerCase())) return parseWords(raw, t);
        unit = unitText;
      }
    }
  }

  const prefer: Prefer = percent || multiplier ? "decimal" : currency ? "group" : undefined;
  const reading = readDigits(core, colStyle, prefer);
  if (!reading) return parseWords(raw, t); // a code such as "1.1.2"
  if (evidence !== NO_EVIDENCE && !reading.ambiguous && !reading.byContext) evidence.style = reading.style;
  let value = multiplier ? Number(`${reading.canon}e${multiplier.exp}`) : Number(reading.canon);
  if (negative && value !== 0) value = -value;
  if (!Number.isFinite(value)) return text(raw);

  const p: ParsedValue = { kind: "number", raw, value, fromText: true, understood: "" };
  if (percent) p.percent = true;
  if (currency) p.currency = true;
  if (unit !== undefined) p.unit = unit;
  if (multiplier) p.multiplier = multiplier.factor;
  if (reading.style) p.style = reading.style;
  if (reading.ambiguous) p.ambiguous = true;
  const dot = reading.canon.indexOf(".");
  p.decimals = dot < 0 ? 0 : reading.canon.length - dot - 1;
  p.understood = describeNumber(p);
  return p;
}

/**
 * Decide a column's decimal convention from all its values: every text number that can be read
 * only one way is a vote ("45,11", "1.234.567" → id; "11,238,069,445", "92.95" → us). Most votes
 * win. Without any such vote, ambiguous values ending in a "000" group ("10,000", "25.000") are
 * weak evidence that the separator groups thousands (nobody writes 10 as "10,000"). A tie or no
 * evidence gives "id".
 */
export function detectNumberStyle(raws: Iterable<Scalar>): NumberStyle {
  let id = 0;
  let us = 0;
  let weakId = 0;
  let weakUs = 0;
  const evidence: Evidence = {};
  for (const raw of raws) {
    if (typeof raw !== "string") continue;
    evidence.style = undefined;
    const p = parseWithEvidence(raw, undefined, evidence);
    if (p.kind !== "number") continue;
    if (evidence.style === "id") id++;
    else if (evidence.style === "us") us++;
    else if (p.ambiguous && ZEROS_GROUP_RE.test(raw)) {
      if (raw.indexOf(",") >= 0) weakUs++;
      else weakId++;
    }
  }
  if (id === 0 && us === 0) return weakUs > weakId ? "us" : "id";
  return us > id ? "us" : "id";
}

/** The numeric value of a number cell or a text number; undefined for placeholder, text, grade, empty. */
export function numberOf(raw: Scalar, style?: NumberStyle): number | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== "string") return undefined;
  const p = parseStyled(raw, style);
  return p.kind === "number" ? p.value : undefined;
}

/**
 * The numeric value of a grid cell read with its column's convention; undefined for an error cell,
 * a placeholder, text, a grade or an empty cell. Stated amounts are returned as written: the
 * column's `scale` ("Rp. (000)") is NOT applied here.
 */
export function numericValue(cell: CellData | undefined, column?: { numberStyle?: NumberStyle }): number | undefined {
  if (!cell || cell.error) return undefined;
  return numberOf(cell.v, column?.numberStyle);
}

export function isPlaceholder(raw: Scalar): boolean {
  if (typeof raw !== "string") return false;
  return parseStyled(raw, undefined).kind === "placeholder";
}

export function isGrade(raw: Scalar): boolean {
  if (typeof raw !== "string") return false;
  return parseStyled(raw, undefined).kind === "grade";
}

/** The grade of a grade cell ("Predikat bb" → "BB"), undefined otherwise. */
export function gradeOf(raw: Scalar): string | undefined {
  if (typeof raw !== "string") return undefined;
  const p = parseStyled(raw, undefined);
  return p.kind === "grade" ? p.grade : undefined;
}
