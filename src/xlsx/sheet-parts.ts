/**
 * The parts a sheet's cells refer to, and shared formulas: sharedStrings.xml → plain strings,
 * a comments part → note texts, and a shared formula moved to another cell. Used by the sheet
 * reader (sheet-reader.ts).
 */
import { colIndex, colLetter } from "../core/grid";
import { parseXml } from "./package";
import { RawTag, decodeText, nameEnd, scanXml, startTagEnd } from "./xml-scan";

// ---------------------------------------------------------------------------------------------
// Shared strings and comments

/** sharedStrings.xml → plain strings (rich-text runs joined; phonetic runs skipped). */
export function parseSharedStrings(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  let cur: string | undefined;
  let inT = false;
  let phonetic = 0;
  const openSi = () => {
    cur = "";
  };
  const closeSi = () => {
    out.push(cur ?? "");
    cur = undefined;
  };
  const rawText = (src: string, start: number, end: number) => {
    if (inT && cur !== undefined) cur += decodeText(src.slice(start, end));
  };
  const own = new RawTag();
  /**
   * From just after an `<si>` start tag: the usual `<si>`, `<t>` start tags (no prefix), `</t>`,
   * `</si>` and text read here, with the same effect as through the tokenizer; at anything else
   * (rich-text runs, phonetic runs, comments, prefixes) the tokenizer goes on from that token.
   */
  const strings = (s: string, i: number): number => {
    for (;;) {
      const lt = s.indexOf("<", i);
      if (lt < 0) return i;
      if (lt > i) rawText(s, i, lt);
      i = lt;
      const c1 = s.charCodeAt(i + 1);
      if (c1 === 47 /* / */) {
        if (s.startsWith("</t>", i)) {
          inT = false;
          i += 4;
        } else if (s.startsWith("</si>", i)) {
          closeSi();
          i += 5;
        } else return i;
        continue;
      }
      if (c1 !== 115 && c1 !== 116) return i; // s t
      const gt = startTagEnd(s, i);
      if (gt < 0) return i;
      const selfClosing = s.charCodeAt(gt - 1) === 47;
      const end = selfClosing ? gt - 1 : gt;
      const len = nameEnd(s, i + 1, end) - i - 1;
      own.src = s;
      own.start = i + 1 + len;
      own.end = end;
      if (len === 1 && c1 === 116) {
        own.check();
        inT = phonetic === 0;
        if (selfClosing) inT = false;
      } else if (len === 2 && c1 === 115 && s.charCodeAt(i + 2) === 105) {
        own.check();
        openSi();
        if (selfClosing) closeSi();
      } else {
        own.src = "";
        return i;
      }
      own.src = "";
      i = gt + 1;
    }
  };
  // Start tags read lazily (attributes only checked: no object per tag), text decoded only when
  // it is kept, and the strings read by their own loop: tens of thousands in a large workbook.
  scanXml(text, {
    openTag(name, a) {
      a.check();
      if (name === "si") {
        openSi();
        return a.selfClosing ? undefined : strings(a.src, a.end + 1);
      }
      if (name === "t") inT = phonetic === 0;
      else if (name === "rPh") phonetic++;
      return undefined;
    },
    rawText,
    text(t) {
      if (inT && cur !== undefined) cur += t;
    },
    close(name) {
      if (name === "t") inT = false;
      else if (name === "rPh") phonetic--;
      else if (name === "si") closeSi();
    },
  });
  return out;
}

/** comments part → cell ref → note text. */
export function parseComments(text: string | undefined): Map<string, string> {
  const notes = new Map<string, string>();
  if (!text) return notes;
  let ref: string | undefined;
  let cur = "";
  let inT = false;
  let phonetic = 0;
  parseXml(text, {
    open(name, a) {
      if (name === "comment") {
        ref = (a.ref ?? "").toUpperCase();
        cur = "";
      } else if (name === "t") inT = phonetic === 0;
      else if (name === "rPh") phonetic++;
    },
    text(t) {
      if (inT && ref !== undefined) cur += t;
    },
    close(name) {
      if (name === "t") inT = false;
      else if (name === "rPh") phonetic--;
      else if (name === "comment" && ref !== undefined) {
        if (cur) notes.set(ref, cur);
        ref = undefined;
      }
    },
  });
  return notes;
}

// ---------------------------------------------------------------------------------------------
// Shared formulas

const CANDIDATE = /(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi;
const CELL_REF = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i;

function slideSegment(text: string, dr: number, dc: number): string {
  return text.replace(CANDIDATE, (match: string, sheet: string | undefined, _s: string, addr: string, paren: string | undefined) => {
    if (paren) return match;
    const m = CELL_REF.exec(addr);
    if (!m) return match;
    const colStr = m[2].toUpperCase();
    if (colStr.length > 3 || (colStr.length === 3 && colStr > "XFD")) return match; // a name
    let c = colIndex(colStr);
    let r = parseInt(m[4], 10) - 1;
    if (!m[1]) c += dc;
    if (!m[3]) r += dr;
    if (c < 0 || r < 0) return match;
    return (sheet ?? "") + (m[1] ?? "") + colLetter(c) + (m[3] ?? "") + (r + 1);
  });
}

/**
 * The master's formula moved from (r0, c0) to (r, c): relative references shift, absolute ones
 * stay; text in double quotes and quoted sheet names are left untouched.
 */
export function slideFormula(formula: string, r0: number, c0: number, r: number, c: number): string {
  const dr = r - r0;
  const dc = c - c0;
  if (dr === 0 && dc === 0) return formula;
  let out = "";
  let last = 0;
  const quoted = /"(?:[^"]|"")*"|'(?:[^']|'')*'/g;
  let m: RegExpExecArray | null;
  while ((m = quoted.exec(formula))) {
    out += slideSegment(formula.slice(last, m.index), dr, dc) + m[0];
    last = m.index + m[0].length;
  }
  return out + slideSegment(formula.slice(last), dr, dc);
}
