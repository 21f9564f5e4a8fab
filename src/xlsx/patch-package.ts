/**
 * An OPC package (the zip of an .xlsx) opened for patching: parts are read on demand through the
 * reader's package layer (package.ts: the same zip directory, budgets and part-name resolution),
 * changed or added parts are kept aside, and the copy is written with every untouched entry copied
 * raw (zip.ts). Relationships and content types are edited as text, adding or removing only the
 * entries Capaian needs.
 */
import { Relationship, XlsxPackage, relsPartOf, resolveTarget } from "./package";
import { ZipEntry, ZipOutputItem, entryData, writeZip } from "./zip";
import { attr, decodeXml, escapeAttr, findElement } from "./patch-xml";

export { resolveTarget };
export type { Relationship };

export const REL = {
  officeDocument: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
  worksheet: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet",
  styles: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
  sharedStrings: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings",
  comments: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
  vmlDrawing: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing",
  calcChain: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain",
  hyperlink: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
};

export const CT = {
  worksheet: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
  styles: "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
  comments: "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
  vml: "application/vnd.openxmlformats-officedocument.vmlDrawing",
  rels: "application/vnd.openxmlformats-package.relationships+xml",
  macroWorkbook: "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
};

/** The .rels part of `part` ("" for the package). */
export const relsName = relsPartOf;

/** A target for `part` relative to the folder of `source`. */
export function relativeTarget(source: string, part: string): string {
  const from = source.split("/").slice(0, -1);
  const to = part.split("/");
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => ".."), ...to.slice(i)].join("/");
}

export class PackageEditor {
  /** The original package, read-only. */
  readonly source: XlsxPackage;
  /** The original entries, in archive order (a name stored twice: its first entry). */
  private readonly entries: ZipEntry[] = [];
  private readonly names: string[] = [];
  private readonly changed = new Map<string, Uint8Array>();
  private readonly removed = new Set<string>();
  /** New parts, in the order added (written after the original entries). */
  private readonly added: string[] = [];
  private readonly textCache = new Map<string, string>();

  /** `file` names the workbook in messages (an encrypted or damaged part, a budget). */
  constructor(data: Uint8Array, file = "the workbook") {
    this.source = new XlsxPackage(data, { file });
    const seen = new Set<string>();
    for (const e of this.source.entries) {
      if (seen.has(e.name)) continue;
      seen.add(e.name);
      this.entries.push(e);
      this.names.push(e.name);
    }
  }

  /** The original entry's stored name, looked up case-insensitively (OPC part names are). */
  private original(part: string): string | undefined {
    return this.source.entry(part)?.name;
  }

  /** The stored name of a part (case as in the archive or as added), or undefined. */
  find(part: string): string | undefined {
    const p = part.replace(/^\//, "");
    if (this.changed.has(p)) return p;
    const z = this.original(p);
    if (z !== undefined && !this.removed.has(z)) return z;
    const lower = p.toLowerCase();
    for (const k of this.changed.keys()) if (k.toLowerCase() === lower) return k;
    return undefined;
  }

  has(part: string): boolean {
    return this.find(part) !== undefined;
  }

  text(part: string): string | undefined {
    const name = this.find(part);
    if (name === undefined) return undefined;
    const cached = this.textCache.get(name);
    if (cached !== undefined) return cached;
    const changed = this.changed.get(name);
    const s = changed ? new TextDecoder("utf-8").decode(changed) : this.source.text(name);
    if (s === undefined) return undefined;
    this.textCache.set(name, s);
    return s;
  }

  setText(part: string, text: string): void {
    const name = this.find(part) ?? part.replace(/^\//, "");
    if (!this.original(name) && !this.changed.has(name) && !this.added.includes(name)) this.added.push(name);
    this.removed.delete(name);
    this.changed.set(name, new TextEncoder().encode(text));
    this.textCache.set(name, text);
  }

  remove(part: string): void {
    const name = this.find(part);
    if (name === undefined) return;
    this.changed.delete(name);
    this.textCache.delete(name);
    const i = this.added.indexOf(name);
    if (i >= 0) this.added.splice(i, 1);
    if (this.original(name)) this.removed.add(name);
  }

  /** Every part name currently in the package. */
  parts(): string[] {
    const out = this.names.filter((n) => !this.removed.has(n) && !n.endsWith("/"));
    for (const a of this.added) out.push(a);
    return out;
  }

  /** Names of the parts whose content differs from the original (changed, added). */
  changedParts(): string[] {
    return [...this.changed.keys()];
  }

  removedParts(): string[] {
    return [...this.removed];
  }

  /** A part name not yet used: `${prefix}${n}${suffix}` with the smallest n ≥ 1. */
  freeName(prefix: string, suffix: string): string {
    for (let n = 1; ; n++) {
      const name = `${prefix}${n}${suffix}`;
      if (!this.has(name)) return name;
    }
  }

  // ------------------------------------------------------------------------------------------
  // relationships

  rels(source: string): Relationship[] {
    const xml = this.text(relsName(source));
    if (!xml) return [];
    const out: Relationship[] = [];
    for (const m of xml.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)) {
      const tag = m[0];
      const id = attr(tag, "Id") ?? "";
      const type = attr(tag, "Type") ?? "";
      const target = attr(tag, "Target") ?? "";
      const external = (attr(tag, "TargetMode") ?? "").toLowerCase() === "external";
      out.push({ id, type, target, external, part: external ? undefined : resolveTarget(source, target) });
    }
    return out;
  }

  /** Add a relationship from `source` to `part`; returns its id. */
  addRel(source: string, type: string, part: string): string {
    const name = relsName(source);
    let xml = this.text(name);
    if (!xml) {
      xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
    }
    const used = new Set(this.rels(source).map((r) => r.id));
    let n = used.size + 1;
    while (used.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    const entry = `<Relationship Id="${id}" Type="${escapeAttr(type)}" Target="${escapeAttr(relativeTarget(source, part))}"/>`;
    const root = findElement(xml, rootQName(xml, "Relationships"));
    if (!root) throw new Error(`broken ${name}`);
    if (root.selfClosing) {
      xml = xml.slice(0, root.start) + root.open.slice(0, -2).replace(/\s+$/, "") + ">" + entry + `</${rootQName(xml, "Relationships")}>` + xml.slice(root.end);
    } else {
      xml = xml.slice(0, root.innerEnd) + entry + xml.slice(root.innerEnd);
    }
    this.setText(name, xml);
    return id;
  }

  /** Remove relationships of `source` by id. */
  removeRels(source: string, ids: string[]): void {
    if (ids.length === 0) return;
    const name = relsName(source);
    const xml = this.text(name);
    if (!xml) return;
    const drop = new Set(ids);
    const next = xml.replace(/<(?:\w+:)?Relationship\s[^>]*>(?:\s*<\/(?:\w+:)?Relationship>)?/g, (tag) => (drop.has(attr(tag, "Id") ?? "") ? "" : tag));
    this.setText(name, next);
  }

  // ------------------------------------------------------------------------------------------
  // content types

  contentType(part: string): string | undefined {
    const xml = this.text("[Content_Types].xml") ?? "";
    const p = "/" + part.replace(/^\//, "");
    for (const m of xml.matchAll(/<(?:\w+:)?Override\s[^>]*>/g)) {
      if ((attr(m[0], "PartName") ?? "").toLowerCase() === p.toLowerCase()) return attr(m[0], "ContentType");
    }
    const ext = p.slice(p.lastIndexOf(".") + 1).toLowerCase();
    for (const m of xml.matchAll(/<(?:\w+:)?Default\s[^>]*>/g)) {
      if ((attr(m[0], "Extension") ?? "").toLowerCase() === ext) return attr(m[0], "ContentType");
    }
    return undefined;
  }

  /** Declare `part`'s content type (an Override, unless a Default for its extension already says so). */
  setContentType(part: string, type: string): void {
    if (this.contentType(part) === type) return;
    let xml = this.text("[Content_Types].xml") ?? "";
    const p = "/" + part.replace(/^\//, "");
    xml = removeOverride(xml, p);
    const qn = rootQName(xml, "Types");
    const root = findElement(xml, qn);
    if (!root) throw new Error("broken [Content_Types].xml");
    const entry = `<Override PartName="${escapeAttr(p)}" ContentType="${escapeAttr(type)}"/>`;
    const at = root.selfClosing ? -1 : root.innerEnd;
    xml = at < 0 ? xml.slice(0, root.start) + root.open.slice(0, -2) + ">" + entry + `</${qn}>` + xml.slice(root.end) : xml.slice(0, at) + entry + xml.slice(at);
    this.setText("[Content_Types].xml", xml);
  }

  /** Make sure a Default exists for an extension (e.g. vml). */
  ensureDefault(ext: string, type: string): void {
    let xml = this.text("[Content_Types].xml") ?? "";
    for (const m of xml.matchAll(/<(?:\w+:)?Default\s[^>]*>/g)) {
      if ((attr(m[0], "Extension") ?? "").toLowerCase() === ext.toLowerCase()) return;
    }
    const qn = rootQName(xml, "Types");
    const root = findElement(xml, qn);
    if (!root || root.selfClosing) throw new Error("broken [Content_Types].xml");
    xml = xml.slice(0, root.innerStart) + `<Default Extension="${escapeAttr(ext)}" ContentType="${escapeAttr(type)}"/>` + xml.slice(root.innerStart);
    this.setText("[Content_Types].xml", xml);
  }

  removeContentType(part: string): void {
    const xml = this.text("[Content_Types].xml");
    if (!xml) return;
    const next = removeOverride(xml, "/" + part.replace(/^\//, ""));
    if (next !== xml) this.setText("[Content_Types].xml", next);
  }

  // ------------------------------------------------------------------------------------------

  /** The copy: original entries in their order (raw copies unless changed), then the new ones. */
  toBytes(): Uint8Array {
    const items: ZipOutputItem[] = [];
    for (const e of this.entries) {
      if (this.removed.has(e.name)) continue;
      const c = this.changed.get(e.name);
      items.push(c ? { name: e.name, data: c } : { name: e.name, raw: { entry: e, data: entryData(this.source.data, e) } });
    }
    for (const a of this.added) items.push({ name: a, data: this.changed.get(a)! });
    return writeZip(items);
  }
}

function rootQName(xml: string, local: string): string {
  const m = new RegExp(`<((?:[\\w.-]+:)?${local})[\\s>/]`).exec(xml);
  return m ? m[1] : local;
}

function removeOverride(xml: string, partName: string): string {
  return xml.replace(/<(?:\w+:)?Override\s[^>]*>(?:\s*<\/(?:\w+:)?Override>)?/g, (tag) =>
    decodeXml(attr(tag, "PartName") ?? "").toLowerCase() === partName.toLowerCase() ? "" : tag,
  );
}
