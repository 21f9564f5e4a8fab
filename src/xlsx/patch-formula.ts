/**
 * Moving a formula's relative references, for the clones of a shared formula whose master cell
 * Capaian overwrites (the clones then need their own formula text). String literals, quoted sheet
 * names, function names and defined names are left alone; `$`-anchored parts do not move.
 */

const MAX_COL = 16384;
const MAX_ROW = 1048576;

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

function colLetters(n: number): string {
  let s = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** The index of the quote that closes the one at `i` (a doubled quote is an escaped one). */
function closingQuote(formula: string, i: number): number {
  const q = formula[i];
  let j = i + 1;
  while (j < formula.length) {
    if (formula[j] !== q) j++;
    else if (formula[j + 1] === q) j += 2;
    else break;
  }
  return j;
}

/** Shift the relative references of `formula` (no leading "=") by dr rows and dc columns. */
export function shiftFormula(formula: string, dr: number, dc: number): string {
  let out = "";
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      // a string literal, or a quoted sheet name before "!" (a doubled quote escapes it): as is
      const j = closingQuote(formula, i);
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "[") {
      // external workbook index or structured reference: copied as is
      let depth = 0;
      let j = i;
      for (; j < n; j++) {
        if (formula[j] === "[") depth++;
        else if (formula[j] === "]" && --depth === 0) break;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?![\w.(!])/.exec(formula.slice(i, i + 24));
    const prev = i > 0 ? formula[i - 1] : "";
    if (m && !/[\w.]/.test(prev)) {
      const [, cAbs, letters, rAbs, digits] = m;
      let col = colNumber(letters);
      let row = Number(digits);
      if (col <= MAX_COL && row >= 1 && row <= MAX_ROW) {
        if (!cAbs) col += dc;
        if (!rAbs) row += dr;
        out += col < 1 || row < 1 || col > MAX_COL || row > MAX_ROW ? "#REF!" : `${cAbs}${colLetters(col)}${rAbs}${row}`;
        i += m[0].length;
        continue;
      }
    }
    // whole-column (A:A) and whole-row (1:1) references
    const cm = /^(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![\w.(!])/.exec(formula.slice(i, i + 16));
    if (cm && !/[\w.]/.test(prev)) {
      const a = colNumber(cm[2]) + (cm[1] ? 0 : dc);
      const b = colNumber(cm[4]) + (cm[3] ? 0 : dc);
      out += `${cm[1]}${colLetters(a)}:${cm[3]}${colLetters(b)}`;
      i += cm[0].length;
      continue;
    }
    const rm = /^(\$?)(\d+):(\$?)(\d+)(?![\w.(!])/.exec(formula.slice(i, i + 20));
    if (rm && !/[\w.]/.test(prev)) {
      const a = Number(rm[2]) + (rm[1] ? 0 : dr);
      const b = Number(rm[4]) + (rm[3] ? 0 : dr);
      out += `${rm[1]}${a}:${rm[3]}${b}`;
      i += rm[0].length;
      continue;
    }
    // an identifier (function name, defined name, sheet name, TRUE): copy it whole
    const id = /^[A-Za-z_\\][\w.\\]*/.exec(formula.slice(i));
    if (id) {
      out += id[0];
      i += id[0].length;
      continue;
    }
    // a number (so that 1E5 or 12.5 is not read as a reference part)
    const num = /^\d+(\.\d*)?([Ee][+-]?\d+)?/.exec(formula.slice(i));
    if (num) {
      out += num[0];
      i += num[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
