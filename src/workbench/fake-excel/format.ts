/**
 * A small number-format renderer (en-US) for the workbench grid and Range.text: General, fixed
 * decimals, thousands separators, percentages, literal text in quotes, and sections for negatives.
 * Date formats are not rendered (the serial number is shown).
 */
import type { Scalar } from "../../core/grid";
import { formatGeneral } from "./formula";

function splitSections(fmt: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === '"') quoted = !quoted;
    if (ch === "\\" && i + 1 < fmt.length) {
      cur += ch + fmt[++i];
      continue;
    }
    if (ch === ";" && !quoted) {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function withThousands(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function renderSection(section: string, n: number): string {
  // strip colours and conditions: [Red], [>=100]
  const s = section.replace(/\[[^\]]*\]/g, "");
  // find the numeric pattern: the run of 0 # , . characters
  const m = /[0#?][0#?,]*(\.[0#?]*)?|\.[0#?]+/.exec(s.replace(/"[^"]*"/g, (q) => "\u0000".repeat(q.length)));
  const masked = s.replace(/"[^"]*"/g, (q) => "\u0000".repeat(q.length));
  const g = masked.search(/General/i);
  if (g >= 0) return unquote(s.slice(0, g)) + formatGeneral(Math.abs(n)) + unquote(s.slice(g + 7));
  const percent = /%/.test(s.replace(/"[^"]*"/g, ""));
  let v = percent ? n * 100 : n;
  if (!m) {
    // no digits in the format: literal only (e.g. "-")
    return unquote(s);
  }
  const pattern = m[0];
  const decimals = pattern.includes(".") ? (pattern.split(".")[1] ?? "").replace(/[^0#?]/g, "").length : 0;
  const minDecimals = pattern.includes(".") ? (pattern.split(".")[1] ?? "").replace(/[^0]/g, "").length : 0;
  const thousands = /[0#?],[0#?]/.test(pattern);
  // trailing commas scale by 1000
  const trailing = /,+$/.exec(pattern.split(".")[0]);
  if (trailing) v = v / Math.pow(1000, trailing[0].length);
  v = Math.abs(v);
  let txt = v.toFixed(decimals);
  if (decimals > minDecimals && txt.includes(".")) {
    const [i, frac] = txt.split(".");
    let f = frac;
    while (f.length > minDecimals && f.endsWith("0")) f = f.slice(0, -1);
    txt = f.length ? `${i}.${f}` : i;
  }
  const [intDigits, fracPart] = txt.split(".");
  let intPart = intDigits;
  const intPattern = pattern.split(".")[0].replace(/,/g, "");
  const minInt = intPattern.replace(/[^0]/g, "").length;
  if (minInt === 0 && intPart === "0" && fracPart) intPart = "";
  while (intPart.length < minInt) intPart = "0" + intPart;
  if (thousands) intPart = withThousands(intPart);
  const num = fracPart !== undefined ? `${intPart}.${fracPart}` : intPart;
  const before = s.slice(0, m.index);
  const after = s.slice(m.index + pattern.length);
  return unquote(before) + num + unquote(after);
}

function unquote(s: string): string {
  return s
    .replace(/"([^"]*)"/g, "$1")
    .replace(/\\(.)/g, "$1")
    .replace(/_./g, " ")
    .replace(/\*./g, "");
}

/** The text Excel would show for `v` under number format `fmt` (approximately). */
export function formatValue(v: Scalar, fmt?: string): string {
  if (v === null) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "string") return v;
  if (!fmt || /^general$/i.test(fmt) || fmt === "@") return formatGeneral(v);
  if (/[dmyhs]/i.test(fmt.replace(/"[^"]*"/g, "").replace(/\[[^\]]*\]/g, "")) && !/[0#]/.test(fmt)) {
    return formatGeneral(v); // date/time formats are not rendered
  }
  const sections = splitSections(fmt);
  if (v < 0 && sections.length >= 2) return renderSection(sections[1], v);
  if (v === 0 && sections.length >= 3) return renderSection(sections[2], v);
  const out = renderSection(sections[0], v);
  return v < 0 && out !== "" && /\d/.test(out) ? "-" + out : out;
}
