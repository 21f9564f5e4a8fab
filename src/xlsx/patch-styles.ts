/**
 * styles.xml, appended to, never renumbered: a cell's new format is its current cell format (xf)
 * with the plan's changes (number format, bold, italic, font colour, solid fill or none, wrap,
 * alignment, thin border), stored as a new xf at the end of cellXfs (or an identical one Capaian
 * already added or the file already has). Existing fonts, fills, borders, number formats and xfs
 * keep their indices, so every cell Capaian does not touch keeps its look.
 */
import type { CellStyle } from "../core/model";
import { attr, escapeAttr, findAll, findElement, setAttr, Span } from "./patch-xml";

export interface StyleChange {
  numberFormat?: string;
  style?: CellStyle;
  clearFill?: boolean;
}

const BUILTIN_FORMATS: Record<string, number> = {
  General: 0,
  "0": 1,
  "0.00": 2,
  "#,##0": 3,
  "#,##0.00": 4,
  "0%": 9,
  "0.00%": 10,
  "0.00E+00": 11,
  "# ?/?": 12,
  "# ??/??": 13,
  "mm-dd-yy": 14,
  "d-mmm-yy": 15,
  "d-mmm": 16,
  "mmm-yy": 17,
  "h:mm AM/PM": 18,
  "h:mm:ss AM/PM": 19,
  "h:mm": 20,
  "h:mm:ss": 21,
  "m/d/yy h:mm": 22,
  "#,##0 ;(#,##0)": 37,
  "#,##0 ;[Red](#,##0)": 38,
  "#,##0.00;(#,##0.00)": 39,
  "#,##0.00;[Red](#,##0.00)": 40,
  "mm:ss": 45,
  "[h]:mm:ss": 46,
  "mmss.0": 47,
  "##0.0E+0": 48,
  "@": 49,
};

const DEFAULT_STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

function argb(hex: string): string {
  const h = hex.replace(/^#/, "").toUpperCase();
  return h.length === 8 ? h : `FF${h.padStart(6, "0").slice(-6)}`;
}

class Collection {
  readonly items: string[];
  readonly added: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(items: string[]) {
    this.items = items;
    items.forEach((s, i) => {
      if (!this.index.has(s)) this.index.set(s, i);
    });
  }
  get(i: number): string | undefined {
    return i < this.items.length ? this.items[i] : this.added[i - this.items.length];
  }
  /** Index of an identical entry, else a new one. */
  intern(s: string): number {
    const i = this.index.get(s);
    if (i !== undefined) return i;
    const n = this.items.length + this.added.length;
    this.added.push(s);
    this.index.set(s, n);
    return n;
  }
  get size(): number {
    return this.items.length + this.added.length;
  }
}

export class StyleBook {
  private xml: string;
  readonly created: boolean;
  private readonly p: string;
  private readonly fonts: Collection;
  private readonly fills: Collection;
  private readonly borders: Collection;
  private readonly xfs: Collection;
  private readonly numFmts = new Map<string, number>();
  private readonly newNumFmts: { id: number; code: string }[] = [];
  private nextNumFmt = 164;
  private readonly cache = new Map<string, number>();

  constructor(xml: string | undefined) {
    this.created = xml === undefined;
    this.xml = xml ?? DEFAULT_STYLES;
    this.p = /<([\w.-]+:)?styleSheet[\s>]/.exec(this.xml)?.[1] ?? "";
    this.fonts = new Collection(this.children("fonts", "font"));
    this.fills = new Collection(this.children("fills", "fill"));
    this.borders = new Collection(this.children("borders", "border"));
    this.xfs = new Collection(this.children("cellXfs", "xf"));
    const nf = findElement(this.xml, this.p + "numFmts");
    if (nf) {
      for (const s of findAll(this.xml, this.p + "numFmt", nf.innerStart, nf.innerEnd)) {
        const id = Number(attr(s.open, "numFmtId"));
        const code = attr(s.open, "formatCode");
        if (Number.isFinite(id) && code !== undefined) {
          if (!this.numFmts.has(code)) this.numFmts.set(code, id);
          if (id >= this.nextNumFmt) this.nextNumFmt = id + 1;
        }
      }
    }
  }

  private children(section: string, child: string): string[] {
    const s = findElement(this.xml, this.p + section);
    if (!s || s.selfClosing) return [];
    return findAll(this.xml, this.p + child, s.innerStart, s.innerEnd).map((c) => this.xml.slice(c.start, c.end));
  }

  /** The number of cell formats (xf) the original file has. */
  get originalXfCount(): number {
    return this.xfs.items.length;
  }

  /** The cellXfs index with `change` applied to the format at `base`. */
  derive(base: number, change: StyleChange): number {
    const key = `${base}|${JSON.stringify(change)}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const p = this.p;
    let xf = this.xfs.get(base) ?? this.xfs.get(0) ?? `<${p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`;
    const openEnd = xf.indexOf(">") + 1;
    let open = xf.slice(0, openEnd);
    let body = open.endsWith("/>") ? "" : xf.slice(openEnd, xf.lastIndexOf("<"));
    if (open.endsWith("/>")) open = open.slice(0, -2).replace(/\s+$/, "") + ">";
    const st = change.style;
    if (change.numberFormat !== undefined) {
      open = setAttr(open, "numFmtId", String(this.numFmtId(change.numberFormat)));
      open = setAttr(open, "applyNumberFormat", "1");
    }
    if (st && (st.bold !== undefined || st.italic !== undefined || st.fontColor !== undefined)) {
      const font = this.fonts.get(Number(attr(open, "fontId") ?? 0)) ?? this.fonts.get(0) ?? `<${p}font/>`;
      open = setAttr(open, "fontId", String(this.fonts.intern(editFont(font, p, st))));
      open = setAttr(open, "applyFont", "1");
    }
    if (change.clearFill || (st && st.fill !== undefined)) {
      let fill: string;
      if (st?.fill !== undefined) {
        fill = `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${argb(st.fill)}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`;
      } else {
        const none = this.fills.items.findIndex((f) => /patternType="none"/.test(f) && !/Color/.test(f));
        fill = none >= 0 ? this.fills.items[none] : `<${p}fill><${p}patternFill patternType="none"/></${p}fill>`;
      }
      open = setAttr(open, "fillId", String(this.fills.intern(fill)));
      open = setAttr(open, "applyFill", "1");
    }
    if (st?.border) {
      const side = (n: string) => `<${p}${n} style="thin"><${p}color rgb="FF000000"/></${p}${n}>`;
      const border = `<${p}border>${side("left")}${side("right")}${side("top")}${side("bottom")}<${p}diagonal/></${p}border>`;
      open = setAttr(open, "borderId", String(this.borders.intern(border)));
      open = setAttr(open, "applyBorder", "1");
    }
    if (st && (st.wrap !== undefined || st.hAlign !== undefined || st.vAlign !== undefined)) {
      const m = new RegExp(`<${p}alignment\\b[^>]*?/?>(?:</${p}alignment>)?`).exec(body);
      let al = m ? m[0].replace(/><\/[\w:]*alignment>$/, "/>") : `<${p}alignment/>`;
      if (st.wrap !== undefined) al = setAttr(al, "wrapText", st.wrap ? "1" : undefined);
      if (st.hAlign !== undefined) al = setAttr(al, "horizontal", st.hAlign);
      if (st.vAlign !== undefined) al = setAttr(al, "vertical", st.vAlign === "middle" ? "center" : st.vAlign);
      body = m ? body.replace(m[0], al) : al + body;
      open = setAttr(open, "applyAlignment", "1");
    }
    xf = body ? `${open}${body}</${p}xf>` : open.slice(0, -1) + "/>";
    const id = this.xfs.intern(xf);
    this.cache.set(key, id);
    return id;
  }

  numFmtId(code: string): number {
    const builtin = BUILTIN_FORMATS[code];
    if (builtin !== undefined) return builtin;
    const known = this.numFmts.get(code);
    if (known !== undefined) return known;
    const id = this.nextNumFmt++;
    this.numFmts.set(code, id);
    this.newNumFmts.push({ id, code });
    return id;
  }

  get changed(): boolean {
    return this.created || this.fonts.added.length + this.fills.added.length + this.borders.added.length + this.xfs.added.length + this.newNumFmts.length > 0;
  }

  /** styles.xml with the additions (the original text elsewhere). */
  toXml(): string {
    let xml = this.xml;
    const p = this.p;
    // In reverse document order so that earlier offsets stay valid: cellXfs, borders, fills, fonts, numFmts.
    xml = appendTo(xml, p, "cellXfs", this.xfs, ["cellStyles", "dxfs", "tableStyles", "colors", "extLst"]);
    xml = appendTo(xml, p, "borders", this.borders, ["cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles", "colors", "extLst"]);
    xml = appendTo(xml, p, "fills", this.fills, ["borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles", "colors", "extLst"]);
    xml = appendTo(xml, p, "fonts", this.fonts, ["fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles", "colors", "extLst"]);
    if (this.newNumFmts.length) {
      const add = this.newNumFmts.map((n) => `<${p}numFmt numFmtId="${n.id}" formatCode="${escapeAttr(n.code)}"/>`).join("");
      const s = findElement(xml, p + "numFmts");
      if (s) {
        const count = findAll(xml, p + "numFmt", s.innerStart, s.innerEnd).length + this.newNumFmts.length;
        xml = replaceSection(xml, s, p + "numFmts", count, add);
      } else {
        const root = findElement(xml, p + "styleSheet")!;
        xml = xml.slice(0, root.innerStart) + `<${p}numFmts count="${this.newNumFmts.length}">${add}</${p}numFmts>` + xml.slice(root.innerStart);
      }
    }
    return xml;
  }
}

function replaceSection(xml: string, s: Span, qname: string, count: number, add: string): string {
  let open = setAttr(s.open, "count", String(count));
  if (s.selfClosing) {
    open = open.slice(0, -2).replace(/\s+$/, "") + ">";
    return xml.slice(0, s.start) + open + add + `</${qname}>` + xml.slice(s.end);
  }
  return xml.slice(0, s.start) + open + xml.slice(s.innerStart, s.innerEnd) + add + xml.slice(s.innerEnd);
}

function appendTo(xml: string, p: string, section: string, c: Collection, after: string[]): string {
  if (c.added.length === 0) return xml;
  const add = c.added.join("");
  const s = findElement(xml, p + section);
  if (s) return replaceSection(xml, s, p + section, c.size, add);
  // a missing section: insert before the first of the elements that follow it
  const root = findElement(xml, p + "styleSheet")!;
  let at = root.innerEnd;
  for (const a of after) {
    const e = findElement(xml, p + a, root.innerStart, root.innerEnd);
    if (e && e.start < at) at = e.start;
  }
  return xml.slice(0, at) + `<${p}${section} count="${c.size}">${add}</${p}${section}>` + xml.slice(at);
}

function editFont(font: string, p: string, st: CellStyle): string {
  let open: string;
  let body: string;
  if (/\/>$/.test(font) && font.indexOf(">") === font.length - 1) {
    open = font.slice(0, -2).replace(/\s+$/, "") + ">";
    body = "";
  } else {
    const e = font.indexOf(">") + 1;
    open = font.slice(0, e);
    body = font.slice(e, font.lastIndexOf("<"));
  }
  const drop = (name: string) => {
    body = body.replace(new RegExp(`<${p}${name}\\b[^>]*?(?:/>|>[\\s\\S]*?</${p}${name}>)`, "g"), "");
  };
  let head = "";
  for (const [tag, on] of [["b", st.bold], ["i", st.italic]] as const) {
    if (on !== undefined) {
      drop(tag);
      if (on) head += `<${p}${tag}/>`;
    } else {
      const m = new RegExp(`<${p}${tag}\\b[^>]*?/>`).exec(body);
      if (m) {
        drop(tag);
        head += m[0];
      }
    }
  }
  body = head + body;
  if (st.fontColor !== undefined) {
    const color = `<${p}color rgb="${argb(st.fontColor)}"/>`;
    const m = new RegExp(`<${p}color\\b[^>]*?(?:/>|>[\\s\\S]*?</${p}color>)`).exec(body);
    if (m) body = body.replace(m[0], color);
    else {
      const n = new RegExp(`<${p}(name|family|charset|scheme)\\b`).exec(body);
      body = n ? body.slice(0, n.index) + color + body.slice(n.index) : body + color;
    }
  }
  return `${open}${body}</${p}font>`;
}
