/**
 * The facts of one data row that the level and parent passes share (`Info`): its label, indicator,
 * code and code path, numbering, formatting (column offset, indent, bold, fill, upper case), Rp
 * amount, and its explicit level when the row's own words or codes state it.
 */
import type { Grid } from "../grid";
import type { ColumnModel, HierarchyEvidence, RowLevel } from "../model";
import { isAccountCode, isOrganisationCode, codePathList, singleCodePath } from "./structure";
import { CODE_RE, GOAL, codeLevel, footerLevel, isCode, parseNumbering, wordLevel } from "./levels";
import { cellText, isNumeric, isSpaceCode, numOf } from "./text";

// Patterns used per row or per cell, compiled once (a regex literal in a function body builds a
// new RegExp object each time it runs).
const LABEL_NUMBERING = /^\s*((?:[IVX]+|\d+(?:\.\d+)*|[a-z])[.)])\s+/;
const TOTAL_WORD = /total/i;
const WHOLE_WORDS = /total|seluruh|keseluruhan/i;
const WS_RUN = /\s+/;
const UPPER_PROGRAM = /^\s*(?:[IVX0-9.]+\s+)?PROGRAM\b/;
const GOAL_CAPTION = /^(sasaran|tujuan)\s*:/i;
const SASARAN_START = /^sasaran/i;
const TRAILING_DOTS = /\.+$/;
/** Placeholder of `Info.evidence` while the row's first evidence is decided (never kept). */
const NO_EVIDENCE: string[] = [];

export interface Info {
  row: number;
  label: string;
  indicator?: string;
  code?: string;
  codePath?: string[];
  /** The Kode cells' path even when the code reads as numbering ("1"). */
  rawPath?: string[];
  account?: boolean;
  hierarchy?: HierarchyEvidence;
  formulaChildren?: number[];
  /** Left out of the table (hidden and outside every SUM formula). */
  drop?: boolean;
  numbering?: string;
  numDepth?: number;
  roman?: boolean;
  letter?: boolean;
  colOffset: number;
  indent: number;
  bold: boolean;
  fill?: string;
  upper: boolean;
  amount?: number;
  level?: RowLevel;
  explicit: boolean;
  evidence: string[];
  parentIdx?: number;
  hasName: boolean;
  /** Budget / K fill pattern, read on demand (see `fillDetails`). */
  hasRp?: boolean;
  nameRole?: "uraian" | "sasaran" | "tujuan";
  noNumbered: boolean;
  filledK?: number[];
  unit?: string;
}

/** A row's budget and K fill pattern (read on demand). */
export type Details = Required<Pick<Info, "hasRp" | "filledK">> & Pick<Info, "unit">;

/** What the per-row reading needs to know about the table. */
export interface RowContext {
  grid: Grid;
  columns: ColumnModel[];
  uraianCols: number[];
  sasaranCols: number[];
  tujuanCols: number[];
  indikatorCols: number[];
  kodeCols: number[];
  noCols: number[];
  satuanCols: ColumnModel[];
  amountCol: number | undefined;
  uraianMentionsGoal: boolean;
  details: (i: Info) => Details;
}

/** The row's facts and, when its words or codes state it, its explicit level. */
export function readRowInfo(ctx: RowContext, r: number): Info {
  const { grid, columns, uraianCols, sasaranCols, tujuanCols, indikatorCols, kodeCols, noCols, satuanCols, amountCol, uraianMentionsGoal, details } = ctx;
  // The explicit-level branches below give the row its first evidence as a one-element array
  // (sized to fit, unlike an empty array grown by push); other rows get an empty list at the end.
  let label = "";
  let colOffset = 0;
  let nameCol: number | undefined;
  let nameRole: "uraian" | "sasaran" | "tujuan" | undefined;
  for (let i = 0; i < uraianCols.length; i++) {
    const t = cellText(grid.value(r, uraianCols[i]));
    if (t) {
      label = t;
      colOffset = i;
      nameCol = uraianCols[i];
      nameRole = "uraian";
      break;
    }
  }
  if (!label) {
    // The Sasaran columns first, then the Tujuan columns.
    for (let k = 0, n = sasaranCols.length + tujuanCols.length; k < n; k++) {
      const sas = k < sasaranCols.length;
      const c = sas ? sasaranCols[k] : tujuanCols[k - sasaranCols.length];
      const t = cellText(grid.value(r, c));
      if (t) {
        label = t;
        nameCol = c;
        nameRole = sas ? "sasaran" : "tujuan";
        break;
      }
    }
  }
  const indicator = firstCellText(grid, r, indikatorCols) || undefined;
  const path = kodeCols.length === 1 ? singleCodePath(codePart(grid, r, kodeCols[0])) : codePathList(codeParts(grid, r, kodeCols));
  let code = path !== undefined ? path[path.length - 1] : undefined;
  const noText = firstCellText(grid, r, noCols);
  let numbering: string | undefined;
  // (Read once: `code` below is this code or undefined.)
  const codeLike = !!code && isCode(code);
  if (code && !codeLike && parseNumbering(code)) {
    numbering = code;
    code = undefined;
  } else if (code && !CODE_RE.test(code)) {
    // Not a code at all (text in the Kode column).
    if (!label) label = code;
    code = undefined;
  }
  if (!numbering && noText && parseNumbering(noText)) numbering = noText;
  // A numbered label starts with white space, a digit, a lower-case letter or I / V / X.
  if (!numbering && label && mayStartNumbering(label.charCodeAt(0))) {
    const m = LABEL_NUMBERING.exec(label);
    if (m && parseNumbering(m[1])) numbering = m[1];
  }
  const nb = numbering ? parseNumbering(numbering) : undefined;
  const cell = nameCol !== undefined ? grid.get(r, nameCol) : undefined;
  const rawName = cell && typeof cell.v === "string" ? cell.v : "";
  let lead = 0;
  while (lead < rawName.length && rawName.charCodeAt(lead) === 32) lead++;
  const indent = (cell?.indent ?? 0) + Math.floor(lead / 2);
  const bold = !!cell?.bold;
  // Upper case: six or more ASCII letters, none of them lower case.
  let letters = 0;
  let lower = false;
  for (let k = 0; k < label.length && !lower; k++) {
    const ch = label.charCodeAt(k);
    if (ch >= 97 && ch <= 122) lower = true;
    else if (ch >= 65 && ch <= 90) letters++;
  }
  const upper = !lower && letters >= 6;
  const info: Info = {
    row: r,
    label: label || indicator || noText || "",
    indicator,
    code,
    codePath: code && path && path.length > 1 ? path : undefined,
    rawPath: path,
    numbering,
    numDepth: nb?.depth,
    roman: nb?.roman,
    letter: nb?.letter,
    colOffset,
    indent,
    bold,
    fill: cell?.fill,
    upper,
    amount: amountCol !== undefined ? numOf(grid.value(r, amountCol)) : undefined,
    nameRole,
    noNumbered: !!noText && parseNumbering(noText) !== undefined,

    explicit: false,
    evidence: NO_EVIDENCE,
    hasName: !!label,
    // Set by the later passes; listed here so that every row has the same shape from the start.
    level: undefined,
    account: undefined,
    parentIdx: undefined,
    hierarchy: undefined,
    formulaChildren: undefined,
    drop: undefined,
    hasRp: undefined,
    filledK: undefined,
    unit: undefined,
  };
  // Footer rows: the words may sit in any of the first text cells.
  // Footer rows: "Jumlah" / "Rata-rata capaian kinerja (%)" / "Predikat kinerja" in the name, No
  // or Kode cell, or in the first text cell left of the indicator (merged over the name columns).
  let footerText: string | undefined;
  let footer: RowLevel | undefined;
  if (label) {
    footer = footerLevel(label);
    if (footer) footerText = label;
  } else {
    // The No cell, the code, then the first text left of the indicator.
    for (let k = 0; k < 3 && !footer; k++) {
      const t = k === 0 ? noText : k === 1 ? code ?? "" : firstText(grid, r, columns, indikatorCols[0]);
      footer = t ? footerLevel(t) : undefined;
      if (footer) footerText = t;
    }
  }
  // "Jumlah UM yang didata" in a name cell beside an indicator text is an indicator, not a total.
  if (footerText && footer === "total" && indicator && !isNumeric(indicator) && !TOTAL_WORD.test(footerText))
    footerText = undefined;
  // "Jumlah Pemakaian BBM untuk Operasional" with a unit beside it is a measured thing, not a total.
  if (
    footerText &&
    footer === "total" &&
    !WHOLE_WORDS.test(footerText) &&
    footerText.trim().split(WS_RUN).length >= 3 &&
    satuanCols.some((c) => {
      const u = cellText(grid.value(r, c.col));
      return u !== "" && !isNumeric(u);
    })
  )
    footerText = undefined;
  let word: RowLevel | undefined;
  if (footerText) {
    info.level = footer;
    info.explicit = true;
    info.evidence = [`footer "${footerText.slice(0, 30)}"`];
  } else if (code && info.codePath && (isAccountCode(code) || isOrganisationCode(code))) {
    // SIPD export: account lines under a sub kegiatan, the SKPD line under its bidang.
    info.account = isAccountCode(code);
    info.level = info.account ? "subkegiatan" : "bidang";
    info.explicit = true;
    info.evidence = [info.account ? `account code ${code}` : `organisation code ${code}`];
  } else if (code && codeLike) {
    // (codeLevel always names a level.)
    info.level = codeLevel(code);
    info.explicit = true;
    info.evidence = [`code ${code}`];
  } else if (label && nameRole === "uraian" && (word = wordLevel(label))) {
    info.level = word;
    info.explicit = true;
    info.evidence = ["leading word"];
  } else if (label && nameRole === "uraian" && UPPER_PROGRAM.test(label)) {
    info.level = "program";
    info.explicit = true;
    info.evidence = ["upper case PROGRAM"];
  } else if (code) {
    info.level = codeLevel(code);
    info.explicit = true;
    info.evidence = [`code ${code}`];
  } else if (label && nameRole === "uraian" && GOAL.test(label) && (uraianMentionsGoal || !details(info).hasRp)) {
    // "Meningkatnya …", "Terjaminnya …": a sasaran statement in a mixed Tujuan/Sasaran/Program column.
    info.level = "sasaran";
    info.explicit = true;
    info.evidence = ["sasaran statement (…nya)"];
  } else if (label && (nameRole === "sasaran" || nameRole === "tujuan")) {
    const w = wordLevel(label);
    info.level = w === "tujuan" || w === "sasaran" ? w : nameRole;
    info.explicit = true;
    info.evidence = [`${nameRole} column`];
  } else if (!label && indicator) {
    info.level = "indikator";
    info.explicit = true;
    info.evidence = ["empty name with indicator"];
  } else if (label && nameRole === "uraian" && GOAL_CAPTION.test(label)) {
    info.level = SASARAN_START.test(label) ? "sasaran" : "tujuan";
    info.explicit = true;
    info.evidence = ["leading word"];
  }
  if (info.evidence === NO_EVIDENCE) info.evidence = [];
  return info;
}

/** "Perangkat Daerah : Badan …", "SKPD : …": a caption line inside the table, not a data row. */
const CAPTION = /^(perangkat daerah|skpd|opd|unit kerja|unit organisasi|organisasi|satuan kerja|satker)\s*:/i;

/** A caption line ("Perangkat Daerah : …") with no number in any numeric column. */
export function isCaptionRow(grid: Grid, r: number, cols: number[], numericCols: number[]): boolean {
  const row = grid.cells[r];
  if (row === undefined) return false;
  let text = "";
  for (let k = 0; k < cols.length; k++) {
    const cell = row[cols[k]];
    const v = cell === undefined ? null : cell.v;
    // A finite number reads as numeric text: never the caption.
    if (v === null || v === undefined || (typeof v === "number" && Number.isFinite(v))) continue;
    // Any other value that is not a string reads as a word ("true", "NaN"): the first text, no caption.
    if (typeof v !== "string") return false;
    // The text's first character (cellText trims white space) decides most cells: none or a digit
    // is no text; a character neither a sign, "(" nor the first letter of "Rp" or of CAPTION's
    // words makes a first text that is no caption.
    const at = firstNonSpace(v);
    if (at < 0) continue;
    const c = v.charCodeAt(at);
    if (c >= 48 && c <= 57) continue;
    const lc = c | 32;
    if (c !== 45 && c !== 43 && c !== 40 && lc !== 114) {
      // A first text: a caption only when it starts like one of CAPTION's words (pe, sk, sa, op,
      // or, un); "Sub kegiatan …" or "PROGRAM …" are decided here, without building their text.
      const l2 = v.charCodeAt(at + 1) | 32;
      const captionLike =
        (lc === 112 && l2 === 101) || (lc === 115 && (l2 === 107 || l2 === 97)) || (lc === 111 && (l2 === 112 || l2 === 114)) || (lc === 117 && l2 === 110);
      if (!captionLike) return false;
    }
    const t = cellText(v);
    if (t && !isNumeric(t)) {
      text = t;
      break;
    }
  }
  // CAPTION's words start with p, s, o or u.
  const c0 = text.charCodeAt(0) | 32;
  if ((c0 !== 112 && c0 !== 115 && c0 !== 111 && c0 !== 117) || !CAPTION.test(text)) return false;
  for (let k = 0; k < numericCols.length; k++) if (numOf(grid.value(r, numericCols[k])) !== undefined) return false;
  return true;
}

/** Where the first character of `s` that is not white space (as `trim` reads it) is, or -1. */
function firstNonSpace(s: string): number {
  for (let k = 0; k < s.length; k++) if (!isSpaceCode(s.charCodeAt(k))) return k;
  return -1;
}

/** Whether LABEL_NUMBERING can match text starting with this character (not A-Z other than I, V, X). */
function mayStartNumbering(c0: number): boolean {
  return !(c0 >= 65 && c0 <= 90 && c0 !== 73 && c0 !== 86 && c0 !== 88);
}

function firstText(grid: Grid, r: number, columns: ColumnModel[], before = Infinity): string {
  for (const c of columns) {
    if (c.col >= before) break;
    const v = grid.value(r, c.col);
    if (typeof v === "string" && v.trim()) return v.trim();
  }
  return "";
}

/** The Rp column used to read hierarchy from sums. */
export function pickAmountColumn(grid: Grid, columns: ColumnModel[], rows: number[]): number | undefined {
  const prefs: Array<(c: ColumnModel) => boolean> = [
    (c) => c.role === "pagu" && !c.percent,
    (c) => c.role === "target_renja" && c.measure === "rp",
    (c) => c.role === "realisasi_renja" && c.measure === "rp",
    (c) => c.role === "realisasi_anggaran",
    (c) => c.role === "target_renstra" && c.measure === "rp",
    (c) => c.role === "pagu_tahun",
  ];
  for (const pref of prefs) {
    for (const c of columns.filter(pref)) {
      let n = 0;
      const enough = Math.max(1, rows.length / 4);
      const col = c.col;
      for (let ix = 0; ix < rows.length; ix++) {
        const r = rows[ix];
        if (numOf(grid.value(r, col)) !== undefined && ++n >= enough) return col;
      }
    }
  }
  return undefined;
}

/** The Kode cell's code text (a trailing "." dropped): the parts of `codePathOf`. */
function codePart(grid: Grid, r: number, c: number): string {
  const t = cellText(grid.value(r, c));
  return t.endsWith(".") ? t.replace(TRAILING_DOTS, "") : t;
}

function codeParts(grid: Grid, r: number, kodeCols: number[]): string[] {
  const parts: string[] = [];
  for (let k = 0; k < kodeCols.length; k++) {
    const part = codePart(grid, r, kodeCols[k]);
    if (part) parts.push(part);
  }
  return parts;
}

/** The first non-empty text of the row's cells in these columns ("" when none). */
function firstCellText(grid: Grid, r: number, cols: number[]): string {
  for (let k = 0; k < cols.length; k++) {
    const t = cellText(grid.value(r, cols[k]));
    if (t) return t;
  }
  return "";
}

/**
 * One more evidence text on a row: the list is copied to its exact size (a list grown by push
 * reserves room for sixteen more; rows are many and their lists are kept in the output).
 */
export function addEvidence(i: Info, text: string): void {
  const old = i.evidence;
  const ev = new Array<string>(old.length + 1);
  for (let k = 0; k < old.length; k++) ev[k] = old[k];
  ev[old.length] = text;
  i.evidence = ev;
}

export function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1, Math.abs(b) * 1e-6);
}
