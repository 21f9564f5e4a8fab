/**
 * Notes (legacy comments) of one sheet: the comments part and the VML drawing that shows them.
 * A sheet that already has notes gets Capaian's merged in (a note on the same cell is replaced;
 * the others stay as written); a sheet without gets both parts, their relationships and content
 * types. Removing a note removes its <comment> and its VML shape only.
 */
import { a1 } from "../core/grid";
import { CT, PackageEditor, REL } from "./patch-package";
import { attr, escapeText, findAll, findElement } from "./patch-xml";

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const AUTHOR = "Capaian";

const SHAPETYPE =
  '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>';

function vmlShape(id: number, row: number, col: number): string {
  return (
    `<v:shape id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:144pt;height:79.5pt;z-index:${id % 1024};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
    `<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>` +
    `<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>` +
    `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${col + 1}, 15, ${row}, 2, ${col + 3}, 15, ${row + 4}, 16</x:Anchor>` +
    `<x:AutoFill>False</x:AutoFill><x:Row>${row}</x:Row><x:Column>${col}</x:Column></x:ClientData></v:shape>`
  );
}

/** The shapes of a VML text that are notes for (row, col). */
function noteShapeRe(): RegExp {
  return /<v:shape\b[\s\S]*?<\/v:shape>/g;
}

function isNoteAt(shape: string, row: number, col: number): boolean {
  if (!/ObjectType\s*=\s*["']Note["']/.test(shape)) return false;
  const r = /<x:Row>\s*(\d+)\s*<\/x:Row>/.exec(shape)?.[1];
  const c = /<x:Column>\s*(\d+)\s*<\/x:Column>/.exec(shape)?.[1];
  return Number(r) === row && Number(c) === col;
}

export class SheetNotes {
  private readonly pkg: PackageEditor;
  private readonly sheetPart: string;
  private readonly sets = new Map<string, { row: number; col: number; text: string }>();
  private readonly clears = new Map<string, { row: number; col: number }>();

  constructor(pkg: PackageEditor, sheetPart: string) {
    this.pkg = pkg;
    this.sheetPart = sheetPart;
  }

  get empty(): boolean {
    return this.sets.size === 0 && this.clears.size === 0;
  }

  set(row: number, col: number, text: string): void {
    this.sets.set(a1(row, col), { row, col, text });
  }

  clear(row: number, col: number): void {
    const ref = a1(row, col);
    this.sets.delete(ref);
    this.clears.set(ref, { row, col });
  }

  /** Write the comments and VML parts; returns the sheet XML with a <legacyDrawing> if one was needed. */
  finish(sheetXml: string, insertLegacyDrawing: (xml: string, fragment: string) => string, relPrefix: (xml: string) => { xml: string; prefix: string }): string {
    if (this.empty) return sheetXml;
    const pkg = this.pkg;
    const rels = pkg.rels(this.sheetPart);
    const commentsRel = rels.find((r) => r.type === REL.comments && r.part);
    let commentsPart = commentsRel?.part;
    let commentsXml = commentsPart ? pkg.text(commentsPart) : undefined;
    // The VML part: the one <legacyDrawing> points to, else none yet.
    const ld = /<([\w.-]+:)?legacyDrawing\b[^>]*>/.exec(sheetXml);
    let vmlPart: string | undefined;
    if (ld) {
      const id = /\b[\w.-]+:id\s*=\s*"([^"]*)"/.exec(ld[0])?.[1];
      vmlPart = rels.find((r) => r.id === id && r.part)?.part;
    }
    let vml = vmlPart ? pkg.text(vmlPart) : undefined;

    const toAdd = [...this.sets.values()];
    const toRemove = [...this.clears.values()];
    if (!commentsXml && toAdd.length === 0) return sheetXml; // nothing to remove from
    if (!commentsXml) {
      commentsXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="${MAIN_NS}"><authors></authors><commentList></commentList></comments>`;
    }
    commentsXml = this.editComments(commentsXml, toAdd, toRemove);

    if (!vml) {
      vml =
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
        `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${this.freeIdmap()}"/></o:shapelayout>${SHAPETYPE}</xml>`;
    }
    vml = this.editVml(vml, toAdd, toRemove);

    if (!commentsPart) {
      commentsPart = pkg.freeName("xl/comments", ".xml");
      pkg.setText(commentsPart, commentsXml);
      pkg.setContentType(commentsPart, CT.comments);
      pkg.addRel(this.sheetPart, REL.comments, commentsPart);
    } else pkg.setText(commentsPart, commentsXml);

    if (!vmlPart) {
      vmlPart = pkg.freeName("xl/drawings/vmlDrawing", ".vml");
      pkg.setText(vmlPart, vml);
      if (pkg.contentType(vmlPart) !== CT.vml) pkg.ensureDefault("vml", CT.vml);
      if (pkg.contentType(vmlPart) !== CT.vml) pkg.setContentType(vmlPart, CT.vml);
      const id = pkg.addRel(this.sheetPart, REL.vmlDrawing, vmlPart);
      const r = relPrefix(sheetXml);
      sheetXml = insertLegacyDrawing(r.xml, `<legacyDrawing ${r.prefix}:id="${id}"/>`);
    } else pkg.setText(vmlPart, vml);
    return sheetXml;
  }

  private editComments(xml: string, add: { row: number; col: number; text: string }[], remove: { row: number; col: number }[]): string {
    const p = /<([\w.-]+:)?comments[\s>]/.exec(xml)?.[1] ?? "";
    // author index
    let authorId = -1;
    const authors = findElement(xml, p + "authors");
    if (add.length) {
      if (authors) {
        findAll(xml, p + "author", authors.innerStart, authors.innerEnd).forEach((a, i) => {
          if (authorId < 0 && xml.slice(a.innerStart, a.innerEnd) === AUTHOR) authorId = i;
        });
      }
      if (authorId < 0) {
        const n = authors ? findAll(xml, p + "author", authors.innerStart, authors.innerEnd).length : 0;
        const frag = `<${p}author>${AUTHOR}</${p}author>`;
        if (authors && !authors.selfClosing) xml = xml.slice(0, authors.innerEnd) + frag + xml.slice(authors.innerEnd);
        else if (authors) xml = xml.slice(0, authors.start) + `<${p}authors>${frag}</${p}authors>` + xml.slice(authors.end);
        else {
          const root = findElement(xml, p + "comments")!;
          xml = xml.slice(0, root.innerStart) + `<${p}authors>${frag}</${p}authors>` + xml.slice(root.innerStart);
        }
        authorId = n;
      }
    }
    const refs = new Set([...add.map((a) => a1(a.row, a.col)), ...remove.map((r) => a1(r.row, r.col))]);
    // drop existing comments on the cells touched
    let list = findElement(xml, p + "commentList");
    if (list) {
      const kept: string[] = [];
      for (const c of findAll(xml, p + "comment", list.innerStart, list.innerEnd)) {
        const ref = (attr(c.open, "ref") ?? "").toUpperCase();
        if (!refs.has(ref)) kept.push(xml.slice(c.start, c.end));
      }
      const inner = kept.join("");
      xml = xml.slice(0, list.start) + `<${p}commentList>${inner}</${p}commentList>` + xml.slice(list.end);
    } else {
      const root = findElement(xml, p + "comments")!;
      const at = root.innerEnd;
      xml = xml.slice(0, at) + `<${p}commentList></${p}commentList>` + xml.slice(at);
    }
    list = findElement(xml, p + "commentList")!;
    const frag = add
      .map(
        (a) =>
          `<${p}comment ref="${a1(a.row, a.col)}" authorId="${authorId}"><${p}text><${p}r><${p}rPr><${p}sz val="9"/><${p}rFont val="Tahoma"/><${p}family val="2"/></${p}rPr><${p}t xml:space="preserve">${escapeText(a.text)}</${p}t></${p}r></${p}text></${p}comment>`,
      )
      .join("");
    return xml.slice(0, list.innerEnd) + frag + xml.slice(list.innerEnd);
  }

  private editVml(vml: string, add: { row: number; col: number }[], remove: { row: number; col: number }[]): string {
    const touched = [...add, ...remove];
    vml = vml.replace(noteShapeRe(), (shape) => (touched.some((t) => isNoteAt(shape, t.row, t.col)) ? "" : shape));
    if (add.length === 0) return vml;
    if (!/id\s*=\s*["']_x0000_t202["']/.test(vml)) {
      const at = vml.search(/<v:shape\b/);
      const end = vml.lastIndexOf("</xml>");
      const pos = at >= 0 ? at : end >= 0 ? end : vml.length;
      vml = vml.slice(0, pos) + SHAPETYPE + vml.slice(pos);
    }
    const idmap = Number(/<o:idmap\b[^>]*\bdata\s*=\s*["'](\d+)/.exec(vml)?.[1] ?? 1) || 1;
    let next = idmap * 1024 + 1;
    for (const m of vml.matchAll(/id\s*=\s*["']_x0000_s(\d+)["']/g)) next = Math.max(next, Number(m[1]) + 1);
    const shapes = add.map((a) => vmlShape(next++, a.row, a.col)).join("");
    const end = vml.lastIndexOf("</xml>");
    return end >= 0 ? vml.slice(0, end) + shapes + vml.slice(end) : vml + shapes;
  }

  /** An o:idmap block number no other VML part of the package uses. */
  private freeIdmap(): number {
    const used = new Set<number>();
    for (const part of this.pkg.parts()) {
      if (!/\.vml$/i.test(part)) continue;
      const t = this.pkg.text(part) ?? "";
      for (const m of t.matchAll(/<o:idmap\b[^>]*\bdata\s*=\s*["']([\d,\s]+)/g)) for (const d of m[1].split(/[,\s]+/)) if (d) used.add(Number(d));
    }
    let n = 1;
    while (used.has(n)) n++;
    return n;
  }
}
