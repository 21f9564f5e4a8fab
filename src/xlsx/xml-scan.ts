/**
 * A small streaming XML tokenizer for the package's own parts (sheets, shared strings, styles,
 * comments): elements with attributes, text with the five predefined entities and character
 * references, CDATA, comments and processing instructions skipped. About ten times faster than a
 * general validating parser on sheet XML, which is what makes the reader a small fraction of the
 * exceljs time. It does not expand DTD entities (a DOCTYPE is skipped, so "billion laughs" cannot
 * grow), and it reports what no reader could read (an unterminated tag, a `<` in the wrong place)
 * as XmlError; it does not check that every end tag matches its start tag.
 *
 * Names are reported without their namespace prefix (`x:c` → `c`); attribute names keep theirs.
 */
export type Attrs = Record<string, string>;

/**
 * An element's start tag, read lazily: `get(name)` finds one attribute without building an object
 * of all of them (what the sheet reader uses per cell). Valid only during the `openTag` call.
 */
export class RawTag {
  src = "";
  start = 0;
  end = 0;
  /** End (exclusive) of the value `find` last found. */
  valueEnd = 0;
  /** `<x …/>`: no content and no end tag follow (the tag's attributes end at `end`, before the "/"). */
  selfClosing = false;

  /**
   * Where the attribute's raw value starts in `src` (its end in `valueEnd`), or -1. The value is
   * not decoded: for values that may hold entities or line ends use `get`.
   */
  find(name: string): number {
    const s = this.src;
    for (let j = this.start; this.nextAttr(j); j = this.valueEnd + 1) {
      if (this.nameEnd - this.nameStart === name.length && s.startsWith(name, this.nameStart)) return this.valueStart;
    }
    return -1;
  }

  /** Name (start, end) and raw value (start; end in `valueEnd`) of the attribute `nextAttr` read. */
  private nameStart = 0;
  private nameEnd = 0;
  private valueStart = 0;

  /**
   * Reads the attribute at or after `j` into nameStart / nameEnd / valueStart / valueEnd; false at
   * the end of the tag. An XmlError when the attribute is not well formed.
   */
  private nextAttr(j: number): boolean {
    const s = this.src;
    const end = this.end;
    let c = s.charCodeAt(j);
    while (j < end && (c === 32 || c === 9 || c === 10 || c === 13)) c = s.charCodeAt(++j);
    if (j >= end) return false;
    const nameStart = j;
    while (j < end && c !== 61 /* = */ && c !== 32 && c !== 9 && c !== 10 && c !== 13) c = s.charCodeAt(++j);
    const nameEnd = j;
    while (j < end && c !== 61) c = s.charCodeAt(++j);
    if (j >= end) return false;
    c = s.charCodeAt(++j);
    while (j < end && (c === 32 || c === 9 || c === 10 || c === 13)) c = s.charCodeAt(++j);
    if (c !== 34 && c !== 39) throw new XmlError(`attribute ${s.slice(nameStart, nameEnd)} without quotes`);
    const close = s.indexOf(c === 34 ? '"' : "'", j + 1);
    if (close < 0 || close > end) throw new XmlError(`attribute ${s.slice(nameStart, nameEnd)} not terminated`);
    this.nameStart = nameStart;
    this.nameEnd = nameEnd;
    this.valueStart = j + 1;
    this.valueEnd = close;
    return true;
  }

  /** Scans every attribute: an XmlError when one is not well formed. */
  check(): void {
    this.find("\u0000");
  }

  /** Where `locate` found its three attributes' raw values (start in `at*`, end in `end*`; -1 when absent). */
  at0 = -1;
  end0 = -1;
  at1 = -1;
  end1 = -1;
  at2 = -1;
  end2 = -1;

  /**
   * One pass over all attributes (each checked as `check` does) that finds up to three of them:
   * what the sheet reader does per cell instead of `check` plus one `find` per attribute. The first
   * attribute of a name wins, as with `find`. Values are raw (not decoded), as with `find`.
   */
  locate(n0: string, n1: string, n2: string): void {
    this.at0 = this.at1 = this.at2 = -1;
    const s = this.src;
    for (let j = this.start; this.nextAttr(j); j = this.valueEnd + 1) {
      const nameStart = this.nameStart;
      const len = this.nameEnd - nameStart;
      if (this.at0 < 0 && len === n0.length && s.startsWith(n0, nameStart)) {
        this.at0 = this.valueStart;
        this.end0 = this.valueEnd;
      } else if (this.at1 < 0 && len === n1.length && s.startsWith(n1, nameStart)) {
        this.at1 = this.valueStart;
        this.end1 = this.valueEnd;
      } else if (this.at2 < 0 && len === n2.length && s.startsWith(n2, nameStart)) {
        this.at2 = this.valueStart;
        this.end2 = this.valueEnd;
      }
    }
  }

  /** The attribute's decoded value (by its full name, prefix included), or undefined. */
  get(name: string): string | undefined {
    const at = this.find(name);
    return at < 0 ? undefined : decodeAttr(this.src.slice(at, this.valueEnd));
  }
}

/**
 * For handlers that read on in the text themselves (see `openTag`): the index of the ">" that ends
 * the start tag at `lt` (quoted values skipped, as the tokenizer does), or -1 when the tag is cut
 * off at the end of the text or holds a "<" (which the tokenizer reports): leave that tag to it.
 */
export function startTagEnd(s: string, lt: number): number {
  let q = 0;
  for (let j = lt + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (q) {
      if (c === q) q = 0;
    } else if (c === 34 || c === 39) q = c;
    else if (c === 62) return j;
    else if (c === 60) return -1;
  }
  return -1;
}

/** End of the element name that starts at `from` (the first white space before `end`). */
export function nameEnd(s: string, from: number, end: number): number {
  let j = from;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c === 32 || c === 9 || c === 10 || c === 13) break;
    j++;
  }
  return j;
}

export interface XmlHandlers {
  open?(name: string, attrs: Attrs): void;
  /**
   * Instead of `open`: the start tag's attributes read on demand (no object of all attributes is
   * built; much less garbage on sheets with hundreds of thousands of cells). It may read on in
   * `tag.src` itself from just after the tag (`tag.end + 1`, when not self-closing), calling the
   * handlers' logic for what it reads, and return where the tokenizer goes on (a position after
   * the tag, at a token's start); undefined: just after the tag.
   */
  openTag?(name: string, tag: RawTag): number | undefined;
  text?(text: string): void;
  /**
   * Instead of `text` for character data between tags: the text's raw range src[start, end), not
   * sliced and not decoded (entities and line ends are the handler's to decode with `decodeText`,
   * when it needs the text at all). CDATA still goes to `text`, already as it reads.
   */
  rawText?(src: string, start: number, end: number): void;
  close?(name: string): void;
  /** When given, text is decoded and reported only while this returns true (saves work on sheets). */
  wantsText?(): boolean;
}

/** The part's XML cannot be read. */
export class XmlError extends Error {}

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Text content: line ends normalised as XML requires (CR LF and lone CR → LF), then entities. */
export function decodeText(s: string): string {
  if (s.indexOf("\r") >= 0) s = s.replace(/\r\n?/g, "\n");
  return decodeEntities(s);
}

/** An attribute value: line ends and tabs become spaces (XML attribute-value normalisation), then entities. */
export function decodeAttr(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 38 /* & */ || c === 13 || c === 10 || c === 9) {
      if (c !== 38) s = s.replace(/\r\n?|[\n\t]/g, " ");
      return decodeEntities(s);
    }
  }
  return s;
}

export function decodeEntities(s: string): string {
  if (s.indexOf("&") < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[e] ?? m;
  });
}

function local(name: string): string {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}

/**
 * Element names seen so far (raw → local name): a sheet has a handful of distinct names repeated
 * hundreds of thousands of times, so they are matched in place instead of sliced out each time.
 */
class NameTable {
  private raw: string[] = [];
  private loc: string[] = [];

  /** The local name of src[start, end). */
  name(src: string, start: number, end: number): string {
    const len = end - start;
    const raw = this.raw;
    const c0 = src.charCodeAt(start);
    for (let k = 0; k < raw.length; k++) {
      const r = raw[k];
      if (r.length === len && r.charCodeAt(0) === c0 && src.startsWith(r, start)) return this.loc[k];
    }
    const r = src.slice(start, end);
    const l = local(r);
    if (raw.length < 64) {
      raw.push(r);
      this.loc.push(l);
    }
    return l;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export class XmlScanner {
  private buf = "";
  private readonly open?: (name: string, attrs: Attrs) => void;
  private readonly openTag?: (name: string, tag: RawTag) => number | undefined;
  private readonly tag = new RawTag();
  private readonly names = new NameTable();
  private readonly text?: (text: string) => void;
  private readonly rawText?: (src: string, start: number, end: number) => void;
  private readonly closeTag?: (name: string) => void;
  private readonly wants?: () => boolean;

  constructor(h: XmlHandlers) {
    this.open = h.open;
    this.openTag = h.openTag;
    this.text = h.text;
    this.rawText = h.rawText;
    this.closeTag = h.close;
    this.wants = h.wantsText;
  }

  write(chunk: string): this {
    this.buf = this.buf.length ? this.buf + chunk : chunk;
    this.scan(false);
    return this;
  }

  close(): void {
    this.scan(true);
    if (this.buf.trim().length) throw new XmlError("unexpected end of the part");
    this.buf = "";
  }

  private scan(final: boolean): void {
    const s = this.buf;
    const n = s.length;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf("<", i);
      if (lt < 0) {
        // Text up to the end: keep it for the next chunk (it may continue), unless final.
        if (final) {
          if (i < n) {
            if (this.rawText) this.rawText(s, i, n);
            else if (this.text) this.text(decodeText(s.slice(i)));
          }
          i = n;
        }
        break;
      }
      if (lt > i && (!this.wants || this.wants())) {
        // An entity cut by the chunk boundary cannot happen here: text ends at "<".
        if (this.rawText) this.rawText(s, i, lt);
        else if (this.text) this.text(decodeText(s.slice(i, lt)));
      }
      i = lt;
      const c1 = s.charCodeAt(i + 1);
      if (c1 === 33 /* ! */) {
        if (s.startsWith("<!--", i)) {
          const e = s.indexOf("-->", i + 4);
          if (e < 0) break;
          i = e + 3;
        } else if (s.startsWith("<![CDATA[", i)) {
          const e = s.indexOf("]]>", i + 9);
          if (e < 0) break;
          if (this.text) this.text(s.slice(i + 9, e).replace(/\r\n?/g, "\n"));
          i = e + 3;
        } else {
          // DOCTYPE and other declarations: skipped (entities are never expanded).
          const e = this.declarationEnd(s, i);
          if (e < 0) break;
          i = e + 1;
        }
        continue;
      }
      if (c1 === 63 /* ? */) {
        const e = s.indexOf("?>", i + 2);
        if (e < 0) break;
        i = e + 2;
        continue;
      }
      const gt = this.tagEnd(s, i + 1);
      if (gt < 0) break;
      if (c1 === 47 /* / */) {
        if (this.closeTag) {
          let e = gt;
          while (e > i + 2 && isSpace(s.charCodeAt(e - 1))) e--;
          this.closeTag(this.names.name(s, i + 2, e));
        }
        i = gt + 1;
        continue;
      }
      i = this.element(s, i + 1, gt);
    }
    this.buf = i >= n ? "" : s.slice(i);
    if (final && this.buf.length) throw new XmlError("unterminated tag at the end of the part");
    if (this.buf.length > 64 * 1024 * 1024) throw new XmlError("a tag longer than 64 MiB");
  }

  /** Index of the ">" closing the tag that starts at `from`, skipping quoted attribute values. */
  private tagEnd(s: string, from: number): number {
    let q = 0;
    for (let j = from; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (q) {
        if (c === q) q = 0;
      } else if (c === 34 || c === 39) q = c;
      else if (c === 62) return j;
      else if (c === 60) throw new XmlError("a '<' inside a tag");
    }
    return -1;
  }

  private declarationEnd(s: string, from: number): number {
    let depth = 0;
    for (let j = from + 2; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 91) depth++;
      else if (c === 93) depth--;
      else if (c === 62 && depth <= 0) return j;
    }
    return -1;
  }

  /** The start tag s[start - 1, gt]; returns where scanning goes on. */
  private element(s: string, start: number, gt: number): number {
    let end = gt;
    const selfClosing = s.charCodeAt(gt - 1) === 47;
    if (selfClosing) end = gt - 1;
    let j = start;
    while (j < end && !isSpace(s.charCodeAt(j))) j++;
    const name = this.names.name(s, start, j);
    if (this.openTag) {
      const tag = this.tag;
      tag.src = s;
      tag.start = j;
      tag.end = end;
      tag.selfClosing = selfClosing;
      const next = this.openTag(name, tag);
      tag.src = "";
      if (selfClosing && this.closeTag) this.closeTag(name);
      return next !== undefined && next > gt ? next : gt + 1;
    }
    const attrs: Attrs = {};
    while (j < end) {
      while (j < end && isSpace(s.charCodeAt(j))) j++;
      if (j >= end) break;
      const eq = s.indexOf("=", j);
      if (eq < 0 || eq >= end) break;
      const an = s.slice(j, eq).trim();
      let k = eq + 1;
      while (k < end && isSpace(s.charCodeAt(k))) k++;
      const q = s.charCodeAt(k);
      if (q !== 34 && q !== 39) throw new XmlError(`attribute ${an} without quotes`);
      const close = s.indexOf(q === 34 ? '"' : "'", k + 1);
      if (close < 0 || close > end) throw new XmlError(`attribute ${an} not terminated`);
      attrs[an] = decodeAttr(s.slice(k + 1, close));
      j = close + 1;
    }
    if (this.open) this.open(name, attrs);
    if (selfClosing && this.closeTag) this.closeTag(name);
    return gt + 1;
  }
}

export function scanXml(text: string, h: XmlHandlers): void {
  new XmlScanner(h).write(text).close();
}
