/**
 * Small string-level XML helpers for patching SpreadsheetML parts in place. Patching edits the
 * original text: only the elements Capaian changes are rewritten, everything else (unknown
 * elements, extensions, namespaces, whitespace) stays as it was.
 */

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/**
 * Text for an element's content: XML-escaped; characters XML 1.0 cannot hold and text that looks
 * like Excel's own `_xHHHH_` escapes are written as `_xHHHH_` (ST_Xstring), as Excel does.
 */
export function escapeText(s: string): string {
  return s
    .replace(/_(x[0-9A-Fa-f]{4})_/g, "_x005F_$1_")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`);
}

/** XML escaping only (formula text is a plain string, not an ST_Xstring). */
export function escapePlain(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Plain XML entity decoding (attribute values, text). */
export function decodeXml(s: string): string {
  if (s.indexOf("&") < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e];
  });
}

/** Undo ST_Xstring escapes (`_x000D_` → "\r"). */
export function decodeXstring(s: string): string {
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Attributes of a start tag (`<c r="A1" s="3">`), in order, values decoded. */
export function attrs(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  const start = tag.search(/\s/);
  if (start < 0) return out;
  re.lastIndex = start;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tag))) out.set(m[1], decodeXml(m[2] ?? m[3] ?? ""));
  return out;
}

/**
 * The expressions below are built once per name and kept (one small map per kind, keyed by the
 * name alone): the writer asks for the same few attributes and elements (r, s, t, spans, row, c …)
 * once per row or cell of a large sheet, and building a RegExp each time was most of its time.
 * Non-global expressions keep no state between uses; the global ones have `lastIndex` set before
 * every use.
 */
function cache(build: (name: string) => RegExp): (name: string) => RegExp {
  const map = new Map<string, RegExp>();
  return (name) => {
    let re = map.get(name);
    if (!re) {
      re = build(name);
      map.set(name, re);
    }
    return re;
  };
}

const attrRe = cache((name) => new RegExp(`\\s${name.replace(/[.:]/g, "\\$&")}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`));
const setAttrRe = cache((name) => new RegExp(`(\\s)${name.replace(/[.:]/g, "\\$&")}\\s*=\\s*(?:"[^"]*"|'[^']*')`));
const startRe = cache((qname) => new RegExp(`<${escRe(qname)}(?=[\\s/>])`, "g"));
const startOrEndRe = cache((qname) => new RegExp(`<${escRe(qname)}(?=[\\s/>])|</${escRe(qname)}\\s*>`, "g"));

export function attr(tag: string, name: string): string | undefined {
  const m = attrRe(name).exec(tag);
  return m ? decodeXml(m[1] ?? m[2] ?? "") : undefined;
}

/** Set (or, with undefined, remove) an attribute of a start tag; the other attributes are kept as written. */
export function setAttr(tag: string, name: string, value: string | undefined): string {
  const re = setAttrRe(name);
  if (re.test(tag)) {
    return value === undefined ? tag.replace(re, "") : tag.replace(re, `$1${name}="${escapeAttr(value)}"`);
  }
  if (value === undefined) return tag;
  const close = tag.endsWith("/>") ? tag.length - 2 : tag.length - 1;
  return `${tag.slice(0, close).replace(/\s+$/, "")} ${name}="${escapeAttr(value)}"${tag.slice(close)}`;
}

export function buildTag(name: string, attributes: [string, string | number | undefined][], selfClose: boolean): string {
  let s = `<${name}`;
  for (const [k, v] of attributes) if (v !== undefined) s += ` ${k}="${escapeAttr(String(v))}"`;
  return s + (selfClose ? "/>" : ">");
}

export interface Span {
  start: number;
  end: number;
  /** The start tag (or the whole empty element). */
  open: string;
  selfClosing: boolean;
  /** Offset just after the start tag; for a self-closing element equals end. */
  innerStart: number;
  /** Offset of the end tag; for a self-closing element equals end. */
  innerEnd: number;
}

function escRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The first element `<qname …>` at or after `from` (not nested in itself: the element's end is the
 * first matching end tag, or the matching one counting nested same-name elements).
 */
export function findElement(xml: string, qname: string, from = 0, until = xml.length): Span | undefined {
  const re = startRe(qname);
  re.lastIndex = from;
  const m = re.exec(xml);
  if (!m || m.index >= until) return undefined;
  return spanAt(xml, qname, m.index);
}

/** The element whose start tag begins at `start`. */
export function spanAt(xml: string, qname: string, start: number): Span {
  const tagEnd = tagClose(xml, start);
  const open = xml.slice(start, tagEnd + 1);
  if (open.endsWith("/>")) {
    return { start, end: tagEnd + 1, open, selfClosing: true, innerStart: tagEnd + 1, innerEnd: tagEnd + 1 };
  }
  // find the matching end tag, counting nested elements of the same name
  const re = startOrEndRe(qname);
  re.lastIndex = tagEnd + 1;
  let depth = 1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    if (m[0][1] === "/") {
      depth--;
      if (depth === 0) return { start, end: m.index + m[0].length, open, selfClosing: false, innerStart: tagEnd + 1, innerEnd: m.index };
    } else {
      const e = tagClose(xml, m.index);
      if (xml[e - 1] !== "/") depth++;
      re.lastIndex = e + 1;
    }
  }
  throw new Error(`unclosed <${qname}>`);
}

/** Index of the ">" closing the tag that starts at `start` (quotes in attribute values respected). */
export function tagClose(xml: string, start: number): number {
  let q = "";
  for (let i = start + 1; i < xml.length; i++) {
    const ch = xml[i];
    if (q) {
      if (ch === q) q = "";
    } else if (ch === '"' || ch === "'") q = ch;
    else if (ch === ">") return i;
  }
  throw new Error("unclosed tag");
}

/** All elements named `qname` between from and until (not descending into them). */
export function findAll(xml: string, qname: string, from = 0, until = xml.length): Span[] {
  const out: Span[] = [];
  let p = from;
  for (;;) {
    const s = findElement(xml, qname, p, until);
    if (!s || s.start >= until) break;
    out.push(s);
    p = s.end;
  }
  return out;
}

/** The text content of the element (entities decoded, nothing else). */
export function innerText(xml: string, s: Span): string {
  return decodeXml(xml.slice(s.innerStart, s.innerEnd));
}

/**
 * Insert `fragment` as a child of the element spanned by `parent`, before the first existing
 * child whose local name is in `before` (the schema's sequence order), else at the end.
 * Returns the new text.
 */
export function insertChild(xml: string, parent: Span, prefix: string, fragment: string, before: string[]): string {
  if (parent.selfClosing) {
    const open = parent.open.slice(0, -2).replace(/\s+$/, "") + ">";
    const name = /^<([\w:.-]+)/.exec(parent.open)![1];
    return xml.slice(0, parent.start) + open + fragment + `</${name}>` + xml.slice(parent.end);
  }
  let at = parent.innerEnd;
  for (const b of before) {
    const s = findChildStart(xml, prefix + b, parent.innerStart, parent.innerEnd);
    if (s >= 0 && s < at) at = s;
  }
  return xml.slice(0, at) + fragment + xml.slice(at);
}

function findChildStart(xml: string, qname: string, from: number, until: number): number {
  const re = startRe(qname);
  re.lastIndex = from;
  const m = re.exec(xml);
  return m && m.index < until ? m.index : -1;
}

/** The namespace prefix (with its colon, or "") the root element uses, e.g. "x:" for `<x:worksheet>`. */
export function rootPrefix(xml: string, local: string): string {
  const m = new RegExp(`<([\\w.-]+:)?${local}[\\s>]`).exec(xml);
  return m?.[1] ?? "";
}
