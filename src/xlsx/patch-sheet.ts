/**
 * One worksheet part patched in place: the rows Capaian writes into are re-serialised (their
 * other cells and the row's attributes as they were), every other byte of the part stays as
 * written. Also merges, hyperlinks and the dimension.
 */
import type { Area, Scalar } from "../core/grid";
import { a1, areaA1, parseA1, parseAreaA1 } from "../core/grid";
import { shiftFormula } from "./patch-formula";
import { attr, decodeXml, escapeAttr, escapePlain, escapeText, findAll, findElement, setAttr, spanAt, tagClose } from "./patch-xml";

export const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** CT_Worksheet's child order (ECMA-376 Part 1, 18.3.1.99). */
const WS_ORDER = [
  "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
  "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
  "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup",
  "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
  "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts",
  "extLst",
];

/** A cell's A1 reference, or a range's ("B7" for one cell). */
export function areaRef(a: Area): string {
  return a.r1 === a.r2 && a.c1 === a.c2 ? a1(a.r1, a.c1) : areaA1(a);
}

/**
 * Each element named `qname` between from and until, for elements that do not nest (row, c): its
 * start tag, where it starts, its content's [start, end) (undefined when self-closing) and where it
 * ends. Faster than findAll on the rows of a large sheet.
 */
function eachFlat(xml: string, qname: string, from: number, until: number, fn: (tag: string, start: number, inner: [number, number] | undefined, end: number) => void): void {
  const open = `<${qname}`;
  const close = `</${qname}>`;
  let p = from;
  for (;;) {
    const i = xml.indexOf(open, p);
    if (i < 0 || i >= until) return;
    const next = xml[i + open.length];
    if (next !== " " && next !== ">" && next !== "/" && next !== "\t" && next !== "\n" && next !== "\r") {
      p = i + open.length;
      continue;
    }
    const te = tagClose(xml, i);
    const tag = xml.slice(i, te + 1);
    if (tag.endsWith("/>")) {
      p = te + 1;
      fn(tag, i, undefined, p);
    } else {
      const c = xml.indexOf(close, te);
      if (c < 0) throw new Error(`unclosed <${qname}>`);
      p = c + close.length;
      fn(tag, i, [te + 1, c], p);
    }
  }
}

interface CellX {
  col: number;
  /** Start tag, or the whole element when self-closing. */
  open: string;
  inner: string;
  selfClosing: boolean;
}

interface RowX {
  r: number;
  open: string;
  cells: CellX[];
  dirty: boolean;
}

interface RowPos {
  r: number;
  start: number;
  end: number;
}

/** A cell's new content. */
export type Content =
  | { kind: "formula"; formula: string; cached: Scalar | undefined }
  | { kind: "value"; value: Scalar };

const ERRORS = new Set(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"]);

export class SheetEditor {
  xml: string;
  readonly p: string;
  private rows: RowPos[] = [];
  private rowIndex = new Map<number, number>();
  private loaded = new Map<number, RowX>();
  private merges: Area[] = [];
  private newMerges: Area[] = [];
  private colStyles: { min: number; max: number; style: number }[] = [];
  private links = new Map<string, string>();
  private maxRow = -1;
  private maxCol = -1;
  /** A cell that held a formula lost or changed it. */
  formulasRemoved = false;
  dirty = false;

  constructor(xml: string) {
    this.xml = xml;
    this.p = /<([\w.-]+:)?worksheet[\s>]/.exec(xml)?.[1] ?? "";
    this.indexRows();
    const mc = findElement(xml, this.p + "mergeCells");
    if (mc && !mc.selfClosing) {
      for (const m of findAll(xml, this.p + "mergeCell", mc.innerStart, mc.innerEnd)) {
        const a = parseAreaA1(attr(m.open, "ref") ?? "");
        if (a) this.merges.push(a);
      }
    }
    const cols = findElement(xml, this.p + "cols");
    if (cols && !cols.selfClosing) {
      for (const c of findAll(xml, this.p + "col", cols.innerStart, cols.innerEnd)) {
        const style = attr(c.open, "style");
        if (style !== undefined) this.colStyles.push({ min: Number(attr(c.open, "min")), max: Number(attr(c.open, "max")), style: Number(style) });
      }
    }
  }

  private sheetDataSpan() {
    const s = findElement(this.xml, this.p + "sheetData");
    if (!s) throw new Error("worksheet without sheetData");
    return s;
  }

  private indexRows(): void {
    const sd = this.sheetDataSpan();
    if (sd.selfClosing) return;
    let prev = 0;
    eachFlat(this.xml, `${this.p}row`, sd.innerStart, sd.innerEnd, (tag, start, _inner, end) => {
      const rAttr = attr(tag, "r");
      const r = rAttr !== undefined ? Number(rAttr) : prev + 1;
      prev = r;
      this.rowIndex.set(r, this.rows.length);
      this.rows.push({ r, start, end });
    });
  }

  private row(r: number, create: boolean): RowX | undefined {
    const hit = this.loaded.get(r);
    if (hit) return hit;
    const idx = this.rowIndex.get(r);
    if (idx === undefined) {
      if (!create) return undefined;
      const row: RowX = { r, open: `<${this.p}row r="${r}">`, cells: [], dirty: true };
      this.loaded.set(r, row);
      return row;
    }
    const pos = this.rows[idx];
    const text = this.xml.slice(pos.start, pos.end);
    const te = tagClose(text, 0);
    let open = text.slice(0, te + 1);
    const cells: CellX[] = [];
    if (open.endsWith("/>")) open = open.slice(0, -2).replace(/\s+$/, "") + ">";
    else {
      let prevCol = -1;
      eachFlat(text, `${this.p}c`, te + 1, text.length - `</${this.p}row>`.length, (tag, _start, inner) => {
        const ref = attr(tag, "r");
        const col = ref ? parseA1(ref)?.c ?? prevCol + 1 : prevCol + 1;
        prevCol = col;
        cells.push({ col, open: tag, inner: inner === undefined ? "" : text.slice(inner[0], inner[1]), selfClosing: inner === undefined });
      });
    }
    const row: RowX = { r, open, cells, dirty: false };
    this.loaded.set(r, row);
    return row;
  }

  private cell(row: number, col: number): CellX | undefined {
    return this.row(row + 1, false)?.cells.find((c) => c.col === col);
  }

  /** Whether the cell holds a value or formula (a styled empty cell does not). */
  hasContent(row: number, col: number): boolean {
    const c = this.cell(row, col);
    if (!c || c.selfClosing) return false;
    return /<([\w.-]+:)?(f|is)[\s>/]/.test(c.inner) || /<([\w.-]+:)?v>[\s\S]+?<\/([\w.-]+:)?v>/.test(c.inner);
  }

  /** Whether the cell holds text (a shared, inline or formula-less "str" string). */
  holdsText(row: number, col: number): boolean {
    const c = this.cell(row, col);
    if (!c || !this.hasContent(row, col)) return false;
    if (/<([\w.-]+:)?f[\s>/]/.test(c.inner)) return false;
    const t = attr(c.open, "t");
    return t === "s" || t === "inlineStr" || t === "str";
  }

  hasFormula(row: number, col: number): boolean {
    const c = this.cell(row, col);
    return !!c && /<([\w.-]+:)?f[\s>/]/.test(c.inner);
  }

  /** The cell format index a cell shows: its own, else its row's, else its column's. */
  baseStyle(row: number, col: number): number {
    const c = this.cell(row, col);
    const s = c ? attr(c.open, "s") : undefined;
    if (s !== undefined) return Number(s) || 0;
    const rx = this.row(row + 1, false);
    if (rx) {
      const cf = attr(rx.open, "customFormat");
      const rs = attr(rx.open, "s");
      if ((cf === "1" || cf === "true") && rs !== undefined) return Number(rs) || 0;
    }
    const cs = this.colStyles.find((x) => col + 1 >= x.min && col + 1 <= x.max);
    return cs ? cs.style : 0;
  }

  isMergedSlave(row: number, col: number): boolean {
    for (const m of [...this.merges, ...this.newMerges]) {
      if (row >= m.r1 && row <= m.r2 && col >= m.c1 && col <= m.c2) return !(row === m.r1 && col === m.c1);
    }
    return false;
  }

  private touch(row: number, col: number): CellX {
    const rx = this.row(row + 1, true)!;
    rx.dirty = true;
    this.dirty = true;
    if (row > this.maxRow) this.maxRow = row;
    if (col > this.maxCol) this.maxCol = col;
    let c = rx.cells.find((x) => x.col === col);
    if (!c) {
      c = { col, open: `<${this.p}c r="${a1(row, col)}"/>`, inner: "", selfClosing: true };
      const at = rx.cells.findIndex((x) => x.col > col);
      if (at < 0) rx.cells.push(c);
      else rx.cells.splice(at, 0, c);
    }
    return c;
  }

  /** Replace the cell's content (style index `s`, or its own when undefined). */
  setContent(row: number, col: number, content: Content, s: number | undefined): void {
    if (this.hasFormula(row, col)) {
      this.formulasRemoved = true;
      this.unshareIfMaster(row, col);
    }
    const c = this.touch(row, col);
    const style = s !== undefined ? String(s) : attr(c.open, "s");
    const p = this.p;
    const ref = a1(row, col);
    let t: string | undefined;
    let inner = "";
    if (content.kind === "formula") {
      const f = content.formula.startsWith("=") ? content.formula.slice(1) : content.formula;
      inner = `<${p}f>${escapePlain(f)}</${p}f>`;
      const v = content.cached;
      if (typeof v === "number") {
        if (Number.isFinite(v)) inner += `<${p}v>${v}</${p}v>`;
      } else if (typeof v === "boolean") {
        t = "b";
        inner += `<${p}v>${v ? 1 : 0}</${p}v>`;
      } else if (typeof v === "string") {
        t = ERRORS.has(v) ? "e" : "str";
        inner += `<${p}v>${escapeText(v)}</${p}v>`;
      }
    } else {
      const v = content.value;
      if (typeof v === "number") {
        if (Number.isFinite(v)) inner = `<${p}v>${v}</${p}v>`;
      } else if (typeof v === "boolean") {
        t = "b";
        inner = `<${p}v>${v ? 1 : 0}</${p}v>`;
      } else if (typeof v === "string") {
        t = "inlineStr";
        inner = `<${p}is><${p}t xml:space="preserve">${escapeText(v)}</${p}t></${p}is>`;
      }
    }
    let open = `<${p}c r="${ref}"`;
    if (style !== undefined && style !== "0") open += ` s="${style}"`;
    if (t) open += ` t="${t}"`;
    if (inner) {
      c.open = open + ">";
      c.inner = inner;
      c.selfClosing = false;
    } else {
      c.open = open + "/>";
      c.inner = "";
      c.selfClosing = true;
    }
  }

  /** Change only the cell's format index. */
  setStyle(row: number, col: number, s: number): void {
    const c = this.touch(row, col);
    c.open = setAttr(c.open, "s", String(s));
  }

  /**
   * Before a shared formula's master cell is overwritten, its clones get their own formula text
   * (the master's moved by their offset), so that none is left pointing to a master that is gone.
   */
  private unshareIfMaster(row: number, col: number): void {
    const c = this.cell(row, col)!;
    const fm = /<([\w.-]+:)?f\b([^>]*?)(\/>|>([\s\S]*?)<\/([\w.-]+:)?f>)/.exec(c.inner);
    if (!fm) return;
    const ftag = `<f${fm[2]}>`;
    if (attr(ftag, "t") !== "shared" || attr(ftag, "ref") === undefined) return;
    const si = attr(ftag, "si");
    const text = decodeXml(fm[4] ?? "");
    const area = parseAreaA1(attr(ftag, "ref")!);
    if (si === undefined || !area) return;
    for (let r = area.r1; r <= area.r2; r++) {
      const rx = this.row(r + 1, false);
      if (!rx) continue;
      for (const x of rx.cells) {
        if (x.col < area.c1 || x.col > area.c2 || (r === row && x.col === col)) continue;
        const m = /<([\w.-]+:)?f\b([^>]*?)(\/>|>([\s\S]*?)<\/([\w.-]+:)?f>)/.exec(x.inner);
        if (!m) continue;
        const tag = `<f${m[2]}>`;
        if (attr(tag, "t") !== "shared" || attr(tag, "si") !== si) continue;
        const shifted = shiftFormula(text, r - row, x.col - col);
        const pre = m[1] ?? "";
        x.inner = x.inner.replace(m[0], () => `<${pre}f>${escapePlain(shifted)}</${pre}f>`);
        rx.dirty = true;
        this.dirty = true;
      }
    }
  }

  /**
   * Merge `given` unless that would lose content or collide with another merge: every cell but
   * the top-left must be empty and unmerged. An identical existing merge counts as merged.
   */
  mergeArea(given: Area, checkContent = true): boolean {
    const area: Area = { r1: Math.min(given.r1, given.r2), c1: Math.min(given.c1, given.c2), r2: Math.max(given.r1, given.r2), c2: Math.max(given.c1, given.c2) };
    if (area.r1 === area.r2 && area.c1 === area.c2) return true;
    for (const m of [...this.merges, ...this.newMerges]) {
      const overlaps = !(m.r2 < area.r1 || m.r1 > area.r2 || m.c2 < area.c1 || m.c1 > area.c2);
      if (overlaps) return m.r1 === area.r1 && m.c1 === area.c1 && m.r2 === area.r2 && m.c2 === area.c2;
    }
    if (checkContent) {
      for (let r = area.r1; r <= area.r2; r++) {
        for (let c = area.c1; c <= area.c2; c++) {
          if (r === area.r1 && c === area.c1) continue;
          if (this.hasContent(r, c)) return false;
        }
      }
    }
    this.newMerges.push(area);
    this.dirty = true;
    if (area.r2 > this.maxRow) this.maxRow = area.r2;
    if (area.c2 > this.maxCol) this.maxCol = area.c2;
    return true;
  }

  /** An internal hyperlink on a cell (replacing one the cell had). */
  setLink(row: number, col: number, location: string, display: string | undefined): void {
    const ref = a1(row, col);
    this.links.set(ref, `<${this.p}hyperlink ref="${ref}" location="${escapeAttr(location)}"${display !== undefined ? ` display="${escapeAttr(display)}"` : ""}/>`);
    this.dirty = true;
  }

  /** Insert a top-level child element at its schema position. */
  insertChild(fragment: string, local: string): string {
    const root = findElement(this.xml, this.p + "worksheet");
    if (!root || root.selfClosing) throw new Error("broken worksheet");
    const after = WS_ORDER.slice(WS_ORDER.indexOf(local) + 1);
    let at = root.innerEnd;
    for (const name of after) {
      const e = findTopLevel(this.xml, this.p + name, root.innerStart, root.innerEnd);
      if (e >= 0 && e < at) at = e;
    }
    this.xml = this.xml.slice(0, at) + fragment + this.xml.slice(at);
    return this.xml;
  }

  /** The prefix bound to the relationships namespace on the root (declared as r if missing). */
  relPrefix(): string {
    const root = findElement(this.xml, this.p + "worksheet")!;
    const m = new RegExp(`xmlns:([\\w.-]+)\\s*=\\s*["']${REL_NS.replace(/[./]/g, "\\$&")}["']`).exec(root.open);
    if (m) return m[1];
    let prefix = "r";
    if (new RegExp(`xmlns:${prefix}\\s*=`).test(root.open)) prefix = "capaianr";
    const open = setAttr(root.open, `xmlns:${prefix}`, REL_NS);
    this.xml = this.xml.slice(0, root.start) + open + this.xml.slice(root.start + root.open.length);
    return prefix;
  }

  /** The part's text with every change applied. */
  finish(): string {
    if (!this.dirty) return this.xml;
    this.spliceRows();
    this.writeMerges();
    this.writeLinks();
    this.writeDimension();
    return this.xml;
  }

  private serializeRow(rx: RowX): string {
    let open = rx.open;
    if (rx.cells.length && attr(open, "spans") !== undefined) {
      const min = Math.min(...rx.cells.map((c) => c.col)) + 1;
      const max = Math.max(...rx.cells.map((c) => c.col)) + 1;
      const spans = attr(open, "spans")!;
      const m = /^(\d+):(\d+)$/.exec(spans);
      if (!m || min < Number(m[1]) || max > Number(m[2])) open = setAttr(open, "spans", `${Math.min(min, m ? Number(m[1]) : min)}:${Math.max(max, m ? Number(m[2]) : max)}`);
    }
    // every cell of a rewritten row names its reference (cells without r take their place from the previous one)
    const named = (c: CellX) => (attr(c.open, "r") === undefined ? setAttr(c.open, "r", a1(rx.r - 1, c.col)) : c.open);
    const cells = rx.cells.map((c) => (c.selfClosing ? named(c) : `${named(c)}${c.inner}</${this.p}c>`)).join("");
    return `${open}${cells}</${this.p}row>`;
  }

  private spliceRows(): void {
    const dirty = [...this.loaded.values()].filter((r) => r.dirty);
    if (dirty.length === 0) return;
    const sd = this.sheetDataSpan();
    const fresh = dirty.filter((r) => !this.rowIndex.has(r.r)).sort((a, b) => a.r - b.r);
    const parts: string[] = [];
    let pos = sd.innerStart;
    let f = 0;
    for (const rp of this.rows) {
      while (f < fresh.length && fresh[f].r < rp.r) {
        parts.push(this.xml.slice(pos, rp.start));
        pos = rp.start;
        parts.push(this.serializeRow(fresh[f++]));
      }
      const rx = this.loaded.get(rp.r);
      if (rx && rx.dirty) {
        parts.push(this.xml.slice(pos, rp.start));
        parts.push(this.serializeRow(rx));
        pos = rp.end;
      }
    }
    const end = sd.selfClosing ? sd.end : sd.innerEnd;
    parts.push(sd.selfClosing ? "" : this.xml.slice(pos, end));
    while (f < fresh.length) parts.push(this.serializeRow(fresh[f++]));
    const inner = parts.join("");
    const open = sd.selfClosing ? sd.open.slice(0, -2).replace(/\s+$/, "") + ">" : sd.open;
    this.xml = this.xml.slice(0, sd.start) + open + inner + `</${this.p}sheetData>` + this.xml.slice(sd.end);
  }

  private writeMerges(): void {
    if (this.newMerges.length === 0) return;
    const add = this.newMerges.map((a) => `<${this.p}mergeCell ref="${areaRef(a)}"/>`).join("");
    const mc = findElement(this.xml, this.p + "mergeCells");
    const count = this.merges.length + this.newMerges.length;
    if (mc) {
      let open = setAttr(mc.open, "count", String(count));
      if (mc.selfClosing) open = open.slice(0, -2).replace(/\s+$/, "") + ">";
      const inner = mc.selfClosing ? "" : this.xml.slice(mc.innerStart, mc.innerEnd);
      this.xml = this.xml.slice(0, mc.start) + open + inner + add + `</${this.p}mergeCells>` + this.xml.slice(mc.end);
    } else this.insertChild(`<${this.p}mergeCells count="${count}">${add}</${this.p}mergeCells>`, "mergeCells");
  }

  private writeLinks(): void {
    if (this.links.size === 0) return;
    const hl = findElement(this.xml, this.p + "hyperlinks");
    if (!hl) {
      this.insertChild(`<${this.p}hyperlinks>${[...this.links.values()].join("")}</${this.p}hyperlinks>`, "hyperlinks");
      return;
    }
    const kept: string[] = [];
    if (!hl.selfClosing) {
      for (const h of findAll(this.xml, this.p + "hyperlink", hl.innerStart, hl.innerEnd)) {
        if (!this.links.has((attr(h.open, "ref") ?? "").toUpperCase())) kept.push(this.xml.slice(h.start, h.end));
      }
    }
    const open = hl.selfClosing ? hl.open.slice(0, -2).replace(/\s+$/, "") + ">" : hl.open;
    this.xml = this.xml.slice(0, hl.start) + open + kept.join("") + [...this.links.values()].join("") + `</${this.p}hyperlinks>` + this.xml.slice(hl.end);
  }

  private writeDimension(): void {
    if (this.maxRow < 0) return;
    const d = findElement(this.xml, this.p + "dimension");
    if (!d) return;
    const cur = parseAreaA1(attr(d.open, "ref") ?? "A1") ?? { r1: 0, c1: 0, r2: 0, c2: 0 };
    const empty = this.rows.length === 0;
    const next: Area = empty
      ? { r1: 0, c1: 0, r2: this.maxRow, c2: this.maxCol }
      : { r1: cur.r1, c1: cur.c1, r2: Math.max(cur.r2, this.maxRow), c2: Math.max(cur.c2, this.maxCol) };
    if (next.r2 === cur.r2 && next.c2 === cur.c2 && !empty) return;
    const open = setAttr(d.open, "ref", areaRef(next));
    this.xml = this.xml.slice(0, d.start) + open + this.xml.slice(d.start + d.open.length);
  }
}

/** Offset of a direct child `<qname` of the root between from and until (skipping nested ones). */
function findTopLevel(xml: string, qname: string, from: number, until: number): number {
  let p = from;
  const re = /<([\w.:-]+)(?=[\s/>])/g;
  while (p < until) {
    re.lastIndex = p;
    const m = re.exec(xml);
    if (!m || m.index >= until) return -1;
    if (m[1] === qname) return m.index;
    if (m[0].startsWith("<?") || m[0].startsWith("<!")) {
      p = m.index + 2;
      continue;
    }
    const s = spanAt(xml, m[1], m.index);
    p = s.end;
  }
  return -1;
}

/** A fresh worksheet part for a generated sheet. */
export function blankSheet(opts: { columnWidths: number[]; freezeRows?: number; print?: boolean }): string {
  const widths: string[] = [];
  opts.columnWidths.forEach((w, c) => {
    if (w !== undefined && w !== null && w > 0) widths.push(`<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`);
  });
  const freeze = opts.freezeRows && opts.freezeRows > 0
    ? `<pane ySplit="${opts.freezeRows}" topLeftCell="A${opts.freezeRows + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${opts.freezeRows + 1}" sqref="A${opts.freezeRows + 1}"/>`
    : "";
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL_NS}">` +
    (opts.print ? `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` : "") +
    `<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0">${freeze}</sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    (widths.length ? `<cols>${widths.join("")}</cols>` : "") +
    `<sheetData/>` +
    `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>` +
    (opts.print ? `<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>` : "") +
    `</worksheet>`
  );
}
