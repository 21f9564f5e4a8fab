/**
 * The package layer shared by the .xlsx reader and the package-patching writer (patch-package.ts
 * builds on it): the zip archive (the container is zip.ts; entries are inflated only when asked
 * for, within the reading budgets, and raw for copying), `[Content_Types].xml`, relationship parts,
 * and the workbook → sheet part names resolved through relationships (never by guessing file
 * names: a sheet may be stored as `xl/worksheets/catatan.xml` and shared strings under any part
 * name).
 *
 * Part names here are zip entry names without a leading "/" (`xl/workbook.xml`); lookups are
 * case-insensitive as OPC requires.
 */
import type { Inflate as InflateT } from "fflate";
import type { SaxesParser } from "saxes";
import { InputError } from "../core/errors";
import { DEFAULT_LIMITS, LimitError, ReadLimits, mib } from "./limits";
import { Attrs, XmlError, XmlHandlers, scanXml } from "./xml-scan";
import { NotZipError, ZipEntry, entryData, listZip } from "./zip";

export { NotZipError, XmlError, listZip };
export type { Attrs, XmlHandlers, ZipEntry };

// ---------------------------------------------------------------------------------------------
// Inflating

type Zlib = { inflateRawSync(b: Uint8Array, o: { maxOutputLength: number; chunkSize?: number }): Uint8Array };
let zlibModule: Zlib | null | undefined;
/** A streaming decoder: Node's StringDecoder for UTF-8 (much faster than TextDecoder's stream mode). */
function textDecoder(enc: string): (chunk: Uint8Array, final: boolean) => string {
  if (enc === "utf-8" && typeof process !== "undefined" && process.versions?.node) {
    try {
      const { StringDecoder } = require("string_decoder") as typeof import("string_decoder");
      const sd = new StringDecoder("utf8");
      return (chunk, final) => {
        const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        return final ? sd.end(b) : sd.write(b);
      };
    } catch {
      // fall through
    }
  }
  const td = new TextDecoder(enc);
  return (chunk, final) => td.decode(chunk, { stream: !final });
}

// fflate and saxes are loaded on first use: `capaian --help` and commands that fail early never pay
// for them (about 0.1 s of start-up).
let fflateModule: typeof import("fflate") | undefined;
let saxesModule: typeof import("saxes") | undefined;
function Inflate(): typeof InflateT {
  return (fflateModule ??= require("fflate") as typeof import("fflate")).Inflate;
}
function Saxes(): typeof SaxesParser {
  return (saxesModule ??= require("saxes") as typeof import("saxes")).SaxesParser;
}

/** Node's zlib when running under Node (the CLI); fflate otherwise. */
function nodeZlib(): Zlib | null {
  if (zlibModule === undefined) {
    try {
      zlibModule = typeof process !== "undefined" && process.versions?.node ? (require("zlib") as Zlib) : null;
    } catch {
      zlibModule = null;
    }
  }
  return zlibModule;
}

// ---------------------------------------------------------------------------------------------
// Small XML helper (saxes, namespace prefixes stripped)

export function localName(name: string): string {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}

/** Decodes XML bytes (UTF-8, or UTF-16 with a byte-order mark). */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  return new TextDecoder("utf-8").decode(bytes);
}

/** A strict saxes parser (well-formedness checked) calling the handlers with local names (prefix stripped). */
export function xmlParser(h: XmlHandlers): SaxesParser {
  const p = new (Saxes())({ xmlns: false, position: false });
  if (h.open) {
    const open = h.open;
    p.on("opentag", (t) => open(localName(t.name), t.attributes as Attrs));
  }
  if (h.text) {
    const text = h.text;
    p.on("text", text);
    p.on("cdata", text);
  }
  if (h.close) {
    const close = h.close;
    p.on("closetag", (t) => close(localName(t.name)));
  }
  p.on("error", (e) => {
    throw new XmlError(e.message);
  });
  return p;
}

/** Parses a whole part with the fast tokenizer (xml-scan.ts). */
export function parseXml(text: string, h: XmlHandlers): void {
  scanXml(text, h);
}

/** Attribute by local name (`r:id` and `id` both match "id" only when asked by full name). */
export function attr(attrs: Attrs, name: string): string | undefined {
  const v = attrs[name];
  if (v !== undefined) return v;
  for (const k in attrs) if (localName(k) === name) return attrs[k];
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The package

export interface Relationship {
  id: string;
  /** Full relationship type URI. */
  type: string;
  /** Target as written. */
  target: string;
  external: boolean;
  /** Resolved part name (no leading "/"); undefined for external targets. */
  part?: string;
}

export interface SheetRef {
  name: string;
  sheetId: string;
  /** visible | hidden | veryHidden */
  state: "visible" | "hidden" | "veryHidden";
  rId: string;
  /** Resolved part name, undefined when the relationship is missing. */
  part?: string;
  /** worksheet | chartsheet | dialogsheet | macrosheet | unknown (from the relationship type). */
  kind: string;
}

export interface WorkbookInfo {
  part: string;
  sheets: SheetRef[];
  date1904: boolean;
  /** Workbook structure protection (`<workbookProtection lockStructure="1">`). */
  structureLocked: boolean;
  definedNames: { name: string; localSheetId?: number; hidden: boolean; formula: string }[];
}

/** Relationship type by its last path segment ("worksheet", "sharedStrings", "officeDocument"). */
export function relKind(type: string): string {
  const i = type.lastIndexOf("/");
  return i < 0 ? type : type.slice(i + 1);
}

export function relsPartOf(part: string): string {
  const i = part.lastIndexOf("/");
  return i < 0 ? `_rels/${part}.rels` : `${part.slice(0, i)}/_rels/${part.slice(i + 1)}.rels`;
}

/** Resolves a relationship target against its source part ("" for the package root). */
export function resolveTarget(source: string, target: string): string {
  let t = target.replace(/\\/g, "/");
  const hash = t.indexOf("#");
  if (hash >= 0) t = t.slice(0, hash);
  try {
    t = decodeURIComponent(t);
  } catch {
    // keep as written
  }
  let segs: string[];
  if (t.startsWith("/")) segs = t.slice(1).split("/");
  else {
    const base = source.includes("/") ? source.slice(0, source.lastIndexOf("/")).split("/") : [];
    segs = [...base, ...t.split("/")];
  }
  const out: string[] = [];
  for (const s of segs) {
    if (s === "" || s === ".") continue;
    if (s === "..") out.pop();
    else out.push(s);
  }
  return out.join("/");
}

export interface OpenOptions {
  /** The file name for messages. */
  file: string;
  limits?: Partial<ReadLimits>;
}

/** Parts up to this size are decoded to text in one piece (streamText). */
const WHOLE_TEXT_BYTES = 32 << 20;

export class XlsxPackage {
  readonly entries: ZipEntry[];
  readonly limits: ReadLimits;
  readonly file: string;
  /** Uncompressed bytes read so far (for the total budget). */
  bytesRead = 0;
  private readonly byName = new Map<string, ZipEntry>();
  private readonly relsCache = new Map<string, Relationship[]>();
  private ct?: { defaults: Map<string, string>; overrides: Map<string, string> };

  constructor(readonly data: Uint8Array, options: OpenOptions) {
    this.file = options.file;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.entries = listZip(data);
    for (const e of this.entries) {
      const key = e.name.replace(/^\//, "").toLowerCase();
      if (!this.byName.has(key)) this.byName.set(key, e);
    }
  }

  entry(part: string): ZipEntry | undefined {
    return this.byName.get(part.replace(/^\//, "").toLowerCase());
  }

  has(part: string): boolean {
    return this.entry(part) !== undefined;
  }

  /** Entry names (parts and the content-types / rels entries), in archive order. */
  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  private checkDeclared(e: ZipEntry, what: string): void {
    if (e.flags & 1) throw new InputError(`cannot read ${this.file}: its part ${e.name} is encrypted inside the zip; open it in Excel and save it again`);
    if (e.size > this.limits.maxPartBytes) {
      throw new LimitError(`${this.file}: ${what} expands to ${mib(e.size)} (limit ${mib(this.limits.maxPartBytes)}); not read. If this is a real table, split it into smaller workbooks`);
    }
    if (this.bytesRead + e.size > this.limits.maxTotalBytes) {
      throw new LimitError(`${this.file}: the workbook expands to more than ${mib(this.limits.maxTotalBytes)} (${what}: ${mib(e.size)}); not read`);
    }
  }

  /** The raw compressed bytes of an entry (for copying a part unchanged). */
  raw(part: string): { entry: ZipEntry; data: Uint8Array } | undefined {
    const e = this.entry(part);
    return e ? { entry: e, data: entryData(this.data, e) } : undefined;
  }

  /** The part's uncompressed bytes, within the budgets. `what` names it in messages. */
  bytes(part: string, what = part): Uint8Array | undefined {
    const e = this.entry(part);
    if (!e) return undefined;
    this.checkDeclared(e, what);
    const src = entryData(this.data, e);
    let out: Uint8Array;
    if (e.method === 0) {
      if (src.length > e.size) this.checkDeclared({ ...e, size: src.length }, what);
      out = src;
    } else if (e.method === 8) {
      // Always streamed: a lying central directory cannot expand past the budget.
      out = this.inflateStreaming(e, src, what);
    } else throw new InputError(`cannot read ${this.file}: part ${e.name} uses zip compression method ${e.method}; open it in Excel and save it again`);
    this.bytesRead += out.length;
    return out;
  }

  private inflateStreaming(e: ZipEntry, src: Uint8Array, what: string): Uint8Array {
    const chunks: Uint8Array[] = [];
    let total = 0;
    this.streamInflate(
      e,
      src,
      what,
      (c) => {
        chunks.push(c);
        total += c.length;
      },
      Infinity,
    );
    // Node's inflate gives the part in one piece: no copy.
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }

  /**
   * Inflates, handing the output to `sink` in 4 MiB pieces; under Node, an output of at most
   * `wholeMax` bytes in one piece.
   */
  private streamInflate(e: ZipEntry, src: Uint8Array, what: string, sink: (chunk: Uint8Array) => void, wholeMax = 0): number {
    let total = 0;
    const limit = Math.min(this.limits.maxPartBytes, this.limits.maxTotalBytes - this.bytesRead);
    const onChunk = (chunk: Uint8Array) => {
      total += chunk.length;
      if (total > limit) {
        throw new LimitError(`${this.file}: ${what} expands to more than ${mib(limit)} (the zip declares ${mib(e.size)}); not read`);
      }
      sink(chunk);
    };
    if (e.method === 0) {
      const step = 1 << 20;
      for (let i = 0; i < src.length; i += step) onChunk(src.subarray(i, Math.min(src.length, i + step)));
      return total;
    }
    if (e.method !== 8) throw new InputError(`cannot read ${this.file}: part ${e.name} uses zip compression method ${e.method}; open it in Excel and save it again`);
    const zlib = nodeZlib();
    if (zlib) {
      // Node's native inflate (several times faster than fflate), capped at the budget.
      let out: Uint8Array;
      try {
        // One output chunk of the declared size (when it is honest) saves zlib's final copy.
        const chunkSize = Math.max(64 * 1024, Math.min(e.size + 64, limit + 1, 64 * 1024 * 1024));
        out = zlib.inflateRawSync(src, { maxOutputLength: Math.max(1, limit + 1), chunkSize });
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) {
          throw new LimitError(`${this.file}: ${what} expands to more than ${mib(limit)} (the zip declares ${mib(e.size)}); not read`);
        }
        throw new InputError(`cannot read ${this.file}: ${what} is damaged inside the zip; open it in Excel and save it again`);
      }
      const step = 4 << 20;
      if (out.length <= wholeMax) onChunk(out);
      else for (let i = 0; i < out.length; i += step) onChunk(out.subarray(i, Math.min(out.length, i + step)));
      return total;
    }
    const inf = new (Inflate())(onChunk);
    const step = 256 * 1024;
    try {
      if (src.length === 0) inf.push(new Uint8Array(0), true);
      for (let i = 0; i < src.length; i += step) {
        const end = Math.min(src.length, i + step);
        inf.push(src.subarray(i, end), end === src.length);
      }
    } catch (err) {
      if (err instanceof InputError || err instanceof XmlError) throw err;
      if (err instanceof Error && !/invalid|unexpected|corrupt/i.test(err.message)) throw err;
      throw new InputError(`cannot read ${this.file}: ${what} is damaged inside the zip; open it in Excel and save it again`);
    }
    return total;
  }

  /**
   * Streams the part's text to `sink` in pieces, inflating as it goes and stopping at the budget.
   * Used for sheets, so that the XML is never held whole in memory.
   */
  streamText(part: string, what: string, sink: (text: string) => void): boolean {
    const e = this.entry(part);
    if (!e) return false;
    this.checkDeclared(e, what);
    const src = entryData(this.data, e);
    let decode: ((chunk: Uint8Array, final: boolean) => string) | undefined;
    let first = true;
    // A part of up to WHOLE_TEXT_BYTES is inflated (by Node) and decoded in one piece and handed
    // over as one string: cheaper than decoding pieces that the tokenizer would join again;
    // larger parts go in 4 MiB pieces.
    const n = this.streamInflate(e, src, what, (chunk) => {
      if (first) {
        first = false;
        let enc = "utf-8";
        let skip = 0;
        if (chunk.length >= 2 && chunk[0] === 0xff && chunk[1] === 0xfe) { enc = "utf-16le"; skip = 2; }
        else if (chunk.length >= 2 && chunk[0] === 0xfe && chunk[1] === 0xff) { enc = "utf-16be"; skip = 2; }
        else if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) skip = 3;
        decode = textDecoder(enc);
        chunk = chunk.subarray(skip);
      }
      const s = decode!(chunk, false);
      if (s) sink(s);
    }, WHOLE_TEXT_BYTES);
    if (decode) {
      const tail = decode(new Uint8Array(0), true);
      if (tail) sink(tail);
    }
    this.bytesRead += n;
    return true;
  }

  text(part: string, what = part): string | undefined {
    const b = this.bytes(part, what);
    return b === undefined ? undefined : decodeXml(b);
  }

  // ------------------------------------------------------------------ content types

  contentTypes(): { defaults: Map<string, string>; overrides: Map<string, string> } {
    if (this.ct) return this.ct;
    const defaults = new Map<string, string>();
    const overrides = new Map<string, string>();
    const text = this.text("[Content_Types].xml", "[Content_Types].xml");
    if (text !== undefined) {
      parseXml(text, {
        open(name, a) {
          if (name === "Default" && a.Extension && a.ContentType) defaults.set(a.Extension.toLowerCase(), a.ContentType);
          else if (name === "Override" && a.PartName && a.ContentType) overrides.set(a.PartName.replace(/^\//, "").toLowerCase(), a.ContentType);
        },
      });
    }
    this.ct = { defaults, overrides };
    return this.ct;
  }

  contentType(part: string): string | undefined {
    const ct = this.contentTypes();
    const key = part.replace(/^\//, "").toLowerCase();
    const o = ct.overrides.get(key);
    if (o) return o;
    const dot = key.lastIndexOf(".");
    return dot >= 0 ? ct.defaults.get(key.slice(dot + 1)) : undefined;
  }

  // ------------------------------------------------------------------ relationships

  /** Relationships of a part ("" for the package's own `_rels/.rels`). */
  rels(source: string): Relationship[] {
    const key = source.toLowerCase();
    const cached = this.relsCache.get(key);
    if (cached) return cached;
    const relsPart = source === "" ? "_rels/.rels" : relsPartOf(source);
    const list: Relationship[] = [];
    const text = this.text(relsPart, relsPart);
    if (text !== undefined) {
      parseXml(text, {
        open(name, a) {
          if (name !== "Relationship" || !a.Id || a.Target === undefined) return;
          const external = (a.TargetMode ?? "").toLowerCase() === "external";
          list.push({
            id: a.Id,
            type: a.Type ?? "",
            target: a.Target,
            external,
            ...(external ? {} : { part: resolveTarget(source, a.Target) }),
          });
        },
      });
    }
    this.relsCache.set(key, list);
    return list;
  }

  /** The first relationship of the given kind ("sharedStrings", "styles", "comments"…). */
  relOfKind(source: string, kind: string): Relationship | undefined {
    return this.rels(source).find((r) => !r.external && relKind(r.type) === kind);
  }

  /** The workbook part, from the package relationship "officeDocument". */
  workbookPart(): string | undefined {
    const r = this.relOfKind("", "officeDocument");
    if (r?.part && this.has(r.part)) return this.entry(r.part)!.name;
    for (const [part, type] of this.contentTypes().overrides) {
      if (/spreadsheetml\.sheet\.main\+xml|ms-excel\.sheet\.macroEnabled\.main\+xml|spreadsheetml\.template\.main\+xml/.test(type) && this.has(part)) return this.entry(part)!.name;
    }
    return this.has("xl/workbook.xml") ? this.entry("xl/workbook.xml")!.name : undefined;
  }

  /** The workbook's sheets in tab order with their parts resolved through relationships. */
  workbook(): WorkbookInfo | undefined {
    const part = this.workbookPart();
    if (!part) return undefined;
    const text = this.text(part, "the workbook part");
    if (text === undefined) return undefined;
    const rels = new Map(this.rels(part).map((r) => [r.id, r]));
    const info: WorkbookInfo = { part, sheets: [], date1904: false, structureLocked: false, definedNames: [] };
    let dn: { name: string; localSheetId?: number; hidden: boolean; formula: string } | undefined;
    parseXml(text, {
      open(name, a) {
        if (name === "sheet") {
          const rId = attr(a, "id") ?? "";
          const rel = rels.get(rId);
          const state = a.state === "hidden" || a.state === "veryHidden" ? a.state : "visible";
          info.sheets.push({
            name: a.name ?? "",
            sheetId: a.sheetId ?? "",
            state,
            rId,
            ...(rel?.part ? { part: rel.part } : {}),
            kind: rel ? relKind(rel.type) : "unknown",
          });
        } else if (name === "workbookPr") {
          info.date1904 = a.date1904 === "1" || a.date1904 === "true";
        } else if (name === "workbookProtection") {
          info.structureLocked = a.lockStructure === "1" || a.lockStructure === "true";
        } else if (name === "definedName") {
          dn = {
            name: a.name ?? "",
            ...(a.localSheetId !== undefined ? { localSheetId: Number(a.localSheetId) } : {}),
            hidden: a.hidden === "1" || a.hidden === "true",
            formula: "",
          };
        }
      },
      text(t) {
        if (dn) dn.formula += t;
      },
      close(name) {
        if (name === "definedName" && dn) {
          info.definedNames.push(dn);
          dn = undefined;
        }
      },
    });
    for (const s of info.sheets) {
      if (s.part && this.has(s.part)) s.part = this.entry(s.part)!.name;
    }
    return info;
  }
}

/** Opens a zip package; NotZipError when the bytes are not a zip. */
export function openPackage(data: Uint8Array, options: OpenOptions): XlsxPackage {
  return new XlsxPackage(data, options);
}
