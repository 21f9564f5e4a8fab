/**
 * WritePlan → a copy of the original .xlsx package with only what Capaian must change (see
 * src/xlsx/README.md for the design). Same semantics as applyPlanToWorkbook (write.ts):
 *
 * - formulas with their cached result (`expected`); strings always text (inline strings);
 * - a write into the covered part of a merge is left alone (counted in mergedSkipped);
 * - a write's `merge` is merged after all writes, unless it would cover content or another merge;
 * - generated sheets replace a sheet of the same name in place (same part, same tab), else are
 *   added at the end;
 * - charts of generated sheets are not written (counted);
 * - when formulas are written, the workbook asks for a full recalculation on load; when a formula
 *   is removed or replaced, calcChain.xml goes (Excel rebuilds it).
 */
import { InputError } from "../core/errors";
import type { CellWrite, SheetPlan, WritePlan } from "../core/model";
import { SheetNotes } from "./patch-comments";
import { CT, PackageEditor, REL, relsName } from "./patch-package";
import { StyleBook, StyleChange } from "./patch-styles";
import { Content, SheetEditor, blankSheet } from "./patch-sheet";
import { attr, decodeXml, escapeAttr, findAll, findElement, setAttr } from "./patch-xml";
import { NotZipError } from "./zip";

export interface PatchOptions {
  /** Write the expected values instead of formulas. */
  values?: boolean;
}

export interface PatchResult {
  data: Uint8Array;
  written: number;
  chartsSkipped: number;
  mergedSkipped: number;
  mergesSkipped: number;
  /** Generated sheets added as new sheets / regenerated in place. */
  sheetsAdded: string[];
  sheetsReplaced: string[];
  /** Parts whose content differs from the input's (changed or added), and parts removed. */
  partsChanged: string[];
  partsRemoved: string[];
}

export interface SheetInfo {
  name: string;
  sheetId: number;
  rid: string;
  part: string;
  /** The <sheet> element as written in workbook.xml. */
  tag: string;
}

export interface WorkbookInfo {
  part: string;
  xml: string;
  sheets: SheetInfo[];
  /** The workbook is macro-enabled (.xlsm). */
  macros: boolean;
}

const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

export function openPackage(data: Uint8Array, file?: string): PackageEditor {
  try {
    return new PackageEditor(data, file);
  } catch (e) {
    if (e instanceof NotZipError) throw new InputError(`not an .xlsx workbook (${e.message})`);
    throw e;
  }
}

export function workbookInfo(pkg: PackageEditor): WorkbookInfo {
  const root = pkg.rels("").find((r) => r.type === REL.officeDocument || r.type.endsWith("/officeDocument"));
  const part = root?.part ?? "xl/workbook.xml";
  const xml = pkg.text(part);
  if (xml === undefined) throw new InputError("not an .xlsx workbook (no workbook part)");
  const rels = pkg.rels(part);
  const sheets: SheetInfo[] = [];
  const s = findElement(xml, prefixOf(xml, "workbook") + "sheets");
  if (s && !s.selfClosing) {
    for (const e of findAll(xml, prefixOf(xml, "workbook") + "sheet", s.innerStart, s.innerEnd)) {
      const rid = relIdAttr(e.open) ?? "";
      const rel = rels.find((r) => r.id === rid);
      if (!rel?.part) continue;
      if (rel.type !== REL.worksheet && !rel.type.endsWith("/worksheet")) continue; // chart sheets, dialog sheets
      sheets.push({ name: attr(e.open, "name") ?? "", sheetId: Number(attr(e.open, "sheetId") ?? 0), rid, part: rel.part, tag: e.open });
    }
  }
  return { part, xml, sheets, macros: pkg.contentType(part) === CT.macroWorkbook };
}

function prefixOf(xml: string, local: string): string {
  return new RegExp(`<([\\w.-]+:)?${local}[\\s>]`).exec(xml)?.[1] ?? "";
}

function relIdAttr(tag: string): string | undefined {
  const m = /\s([\w.-]+):id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(tag);
  return m ? decodeXml(m[2] ?? m[3] ?? "") : undefined;
}

function findSheet(info: WorkbookInfo, name: string): SheetInfo | undefined {
  return info.sheets.find((s) => s.name === name) ?? info.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/** Sheet protection is on in a worksheet part (`<sheetProtection sheet="1">`). */
export function sheetProtected(xml: string): boolean {
  const m = /<([\w.-]+:)?sheetProtection\b[^>]*>/.exec(xml);
  if (!m) return false;
  const v = attr(m[0], "sheet");
  return v === "1" || v === "true";
}

export function structureLocked(workbookXml: string): boolean {
  const m = /<([\w.-]+:)?workbookProtection\b[^>]*>/.exec(workbookXml);
  if (!m) return false;
  const v = attr(m[0], "lockStructure");
  return v === "1" || v === "true";
}

export interface ProtectionProblem {
  /** Protected sheets the plan would write into (or regenerate). */
  sheets: string[];
  /** The plan adds sheets to a workbook whose structure is protected. */
  structure: boolean;
  /** The names of the sheets it would add. */
  newSheets: string[];
}

/** What in the workbook's protection the plan runs into (nothing: sheets empty, structure false). */
export function protectionProblems(pkg: PackageEditor, plan: WritePlan): ProtectionProblem {
  const info = workbookInfo(pkg);
  const targets = new Set<string>();
  for (const w of plan.writes) targets.add(w.sheet);
  const newSheets: string[] = [];
  for (const sp of plan.sheets) {
    if (findSheet(info, sp.name)) targets.add(sp.name);
    else newSheets.push(sp.name);
  }
  const sheets: string[] = [];
  for (const t of targets) {
    const s = findSheet(info, t);
    if (s && sheetProtected(pkg.text(s.part) ?? "")) sheets.push(s.name);
  }
  return { sheets, structure: newSheets.length > 0 && structureLocked(info.xml), newSheets };
}

/** The refusal for a protection problem, worded as the add-in words it; undefined when none. */
export function protectionMessage(p: ProtectionProblem): { id: string; en: string } | undefined {
  if (p.sheets.length) {
    const list = p.sheets.map((s) => `"${s}"`).join(", ");
    return {
      id: `Lembar ${list} diproteksi. Tidak ada yang ditulis. Buka proteksinya (Tinjau › Buka Proteksi Lembar) lalu coba lagi.`,
      en: `Sheet ${list} is protected. Nothing was written. Unprotect it (Review › Unprotect Sheet) and try again.`,
    };
  }
  if (p.structure) {
    const list = p.newSheets.map((s) => `"${s}"`).join(", ");
    return {
      id: `Struktur buku kerja diproteksi, lembar ${list} tidak dapat ditambahkan. Tidak ada yang ditulis. Buka proteksinya (Tinjau › Proteksi Buku Kerja) lalu coba lagi.`,
      en: `The workbook's structure is protected, so sheet ${list} cannot be added. Nothing was written. Unprotect it (Review › Protect Workbook) and try again.`,
    };
  }
  return undefined;
}

interface SheetWork {
  editor: SheetEditor;
  notes: SheetNotes;
  part: string;
}

/**
 * Apply `plan` to the package `input` and return the copy. Throws InputError when the plan names
 * a sheet the workbook does not have, or runs into protection (nothing is written then).
 */
export function patchWorkbook(input: Uint8Array, plan: WritePlan, opts: PatchOptions = {}): PatchResult {
  const pkg = openPackage(input);
  const problem = protectionMessage(protectionProblems(pkg, plan));
  if (problem) throw new InputError(problem.en);
  const info = workbookInfo(pkg);
  let wbXml = info.xml;

  const stylesRel = pkg.rels(info.part).find((r) => r.type === REL.styles && r.part);
  const stylesPart = stylesRel?.part ?? "xl/styles.xml";
  const styles = new StyleBook(stylesRel?.part ? pkg.text(stylesRel.part) : undefined);

  const work = new Map<string, SheetWork>();
  let written = 0;
  let chartsSkipped = 0;
  let mergedSkipped = 0;
  let mergesSkipped = 0;
  let formulas = false;
  let formulasRemoved = false;
  const sheetsAdded: string[] = [];
  const sheetsReplaced: string[] = [];
  const wbDir = info.part.includes("/") ? info.part.slice(0, info.part.lastIndexOf("/") + 1) : "";

  // 1. Generated sheets (so that writes may target them).
  for (const sp of plan.sheets) {
    const existing = findSheet(info, sp.name);
    let part: string;
    if (existing) {
      part = existing.part;
      if (/<([\w.-]+:)?f[\s>/]/.test(pkg.text(part) ?? "")) formulasRemoved = true;
      removeRelTree(pkg, part);
      sheetsReplaced.push(existing.name);
    } else {
      if (info.sheets.some((s) => s.name.toLowerCase() === sp.name.toLowerCase())) throw new InputError(`sheet name clash: ${sp.name}`);
      part = pkg.freeName(`${wbDir}worksheets/sheet`, ".xml");
      pkg.setText(part, ""); // reserved; written below
      const rid = pkg.addRel(info.part, REL.worksheet, part);
      pkg.setContentType(part, CT.worksheet);
      const sheetId = Math.max(0, ...info.sheets.map((s) => s.sheetId)) + 1;
      const rp = workbookRelPrefix(wbXml);
      wbXml = rp.xml;
      const tag = `<${prefixOf(wbXml, "workbook")}sheet name="${escapeAttr(sp.name)}" sheetId="${sheetId}" ${rp.prefix}:id="${rid}"/>`;
      const sheets = findElement(wbXml, prefixOf(wbXml, "workbook") + "sheets")!;
      wbXml = sheets.selfClosing
        ? wbXml.slice(0, sheets.start) + sheets.open.slice(0, -2) + ">" + tag + `</${prefixOf(wbXml, "workbook")}sheets>` + wbXml.slice(sheets.end)
        : wbXml.slice(0, sheets.innerEnd) + tag + wbXml.slice(sheets.innerEnd);
      info.sheets.push({ name: sp.name, sheetId, rid, part, tag });
      sheetsAdded.push(sp.name);
    }
    const editor = new SheetEditor(blankSheet({ columnWidths: sp.columnWidths, freezeRows: sp.freezeRows, print: !!sp.print?.fitToWidth }));
    const sw: SheetWork = { editor, notes: new SheetNotes(pkg, part), part };
    work.set(sp.name, sw);
    written += writeGenerated(sw, sp, styles, opts);
    chartsSkipped += sp.charts.length;
    if (!opts.values && sp.cells.some((w) => w.formula)) formulas = true;
    sw.editor.dirty = true;
  }

  // 2. Writes into existing sheets, then their merges.
  const merges: { sw: SheetWork; w: CellWrite }[] = [];
  for (const w of plan.writes) {
    let sw = work.get(w.sheet);
    if (!sw) {
      const s = findSheet(info, w.sheet);
      if (!s) throw new InputError(`write plan names a sheet the workbook does not have: ${w.sheet}`);
      sw = work.get(s.name);
      if (!sw) {
        const xml = pkg.text(s.part);
        if (xml === undefined) throw new InputError(`sheet ${s.name}: its part ${s.part} is missing from the package`);
        sw = { editor: new SheetEditor(xml), notes: new SheetNotes(pkg, s.part), part: s.part };
        work.set(s.name, sw);
      }
      work.set(w.sheet, sw);
    }
    if (writeCell(sw, w, styles, opts)) written++;
    else mergedSkipped++;
    if (w.formula && !opts.values) formulas = true;
    if (w.merge) merges.push({ sw, w });
  }
  for (const m of merges) if (!m.sw.editor.mergeArea(m.w.merge!)) mergesSkipped++;

  // 3. Parts.
  const done = new Set<SheetWork>();
  for (const sw of work.values()) {
    if (done.has(sw)) continue;
    done.add(sw);
    let xml = sw.editor.finish();
    const ed = sw.editor;
    xml = sw.notes.finish(
      xml,
      (x, fragment) => {
        ed.xml = x;
        return ed.insertChild(fragment, "legacyDrawing");
      },
      (x) => {
        ed.xml = x;
        const prefix = ed.relPrefix();
        return { xml: ed.xml, prefix };
      },
    );
    if (ed.formulasRemoved) formulasRemoved = true;
    if (ed.dirty || !sw.notes.empty || xml !== pkg.text(sw.part)) pkg.setText(sw.part, xml);
  }
  if (styles.changed) {
    pkg.setText(stylesPart, styles.toXml());
    if (!stylesRel) {
      pkg.addRel(info.part, REL.styles, stylesPart);
      pkg.setContentType(stylesPart, CT.styles);
    }
  }
  if (formulas) wbXml = fullCalcOnLoad(wbXml);
  if (formulasRemoved) {
    const chain = pkg.rels(info.part).filter((r) => r.type === REL.calcChain);
    for (const c of chain) {
      if (c.part) {
        pkg.remove(c.part);
        pkg.removeContentType(c.part);
      }
    }
    pkg.removeRels(info.part, chain.map((c) => c.id));
  }
  if (wbXml !== info.xml) pkg.setText(info.part, wbXml);

  return {
    data: pkg.toBytes(),
    written,
    chartsSkipped,
    mergedSkipped,
    mergesSkipped,
    sheetsAdded,
    sheetsReplaced,
    partsChanged: pkg.changedParts(),
    partsRemoved: pkg.removedParts(),
  };
}

function workbookRelPrefix(xml: string): { xml: string; prefix: string } {
  const root = findElement(xml, prefixOf(xml, "workbook") + "workbook")!;
  const m = new RegExp(`xmlns:([\\w.-]+)\\s*=\\s*["']${REL_NS.replace(/[./]/g, "\\$&")}["']`).exec(root.open);
  if (m) return { xml, prefix: m[1] };
  const open = setAttr(root.open, "xmlns:r", REL_NS);
  return { xml: xml.slice(0, root.start) + open + xml.slice(root.start + root.open.length), prefix: "r" };
}

const WB_AFTER_CALCPR = ["oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"];

function fullCalcOnLoad(xml: string): string {
  const p = prefixOf(xml, "workbook");
  const c = findElement(xml, p + "calcPr");
  if (c) {
    const open = setAttr(c.open, "fullCalcOnLoad", "1");
    return xml.slice(0, c.start) + open + xml.slice(c.start + c.open.length);
  }
  const root = findElement(xml, p + "workbook")!;
  let at = root.innerEnd;
  for (const name of WB_AFTER_CALCPR) {
    const e = findElement(xml, p + name, root.innerStart, root.innerEnd);
    if (e && e.start < at) at = e.start;
  }
  return xml.slice(0, at) + `<${p}calcPr fullCalcOnLoad="1"/>` + xml.slice(at);
}

/**
 * Remove the relationships of `part` and the parts only they lead to (the old drawing, charts,
 * comments of a regenerated sheet), with their content types; `part` itself stays.
 */
function removeRelTree(pkg: PackageEditor, part: string): void {
  const rels = pkg.rels(part);
  pkg.remove(relsName(part));
  for (const r of rels) {
    if (!r.part || !pkg.has(r.part)) continue;
    if (referencedElsewhere(pkg, r.part)) continue;
    removeRelTree(pkg, r.part);
    pkg.remove(r.part);
    pkg.removeContentType(r.part);
  }
}

function referencedElsewhere(pkg: PackageEditor, part: string): boolean {
  const lower = part.toLowerCase();
  for (const name of pkg.parts()) {
    if (!name.endsWith(".rels")) continue;
    const source = sourceOfRels(name);
    if (pkg.rels(source).some((r) => r.part?.toLowerCase() === lower)) return true;
  }
  return false;
}

function sourceOfRels(relsPart: string): string {
  const m = /^(.*?)_rels\/(.*)\.rels$/.exec(relsPart);
  return m ? m[1] + m[2] : "";
}

function styleChange(w: CellWrite): StyleChange | undefined {
  const clearFill = w.clear?.includes("fill") ?? false;
  if (w.numberFormat === undefined && !w.style && !clearFill) return undefined;
  const c: StyleChange = {};
  if (w.numberFormat !== undefined) c.numberFormat = w.numberFormat;
  if (w.style) c.style = w.style;
  if (clearFill) c.clearFill = true;
  return c;
}

function writeCell(sw: SheetWork, w: CellWrite, styles: StyleBook, opts: PatchOptions): boolean {
  const ed = sw.editor;
  const { row, col } = w;
  if (ed.isMergedSlave(row, col)) return false;
  const hasFormula = w.formula !== undefined && w.formula !== "";
  let content: Content | undefined;
  let link: { location: string; display?: string } | undefined;
  if (w.link && !(hasFormula && !opts.values)) {
    const location = w.link.startsWith("#") ? w.link.slice(1) : w.link;
    if (w.value !== undefined && w.value !== null) {
      content = { kind: "value", value: String(w.value) };
      link = { location, display: String(w.value) };
    } else if (ed.holdsText(row, col)) {
      link = { location }; // the cell's own text stays
    } else if (!ed.hasContent(row, col)) {
      const shown = w.expected ?? w.link;
      const text = shown === null ? w.link : String(shown);
      content = { kind: "value", value: text };
      link = { location, display: text };
    }
    // else: a number, date or formula: a link would turn it into text, so no link
  }
  if (!content && !link) {
    if (hasFormula) {
      content = opts.values ? { kind: "value", value: w.expected ?? null } : { kind: "formula", formula: w.formula!, cached: w.expected ?? undefined };
    } else if (w.value !== undefined) content = { kind: "value", value: w.value };
  }
  const change = styleChange(w);
  const s = change ? styles.derive(ed.baseStyle(row, col), change) : undefined;
  if (content) ed.setContent(row, col, content, s);
  else if (s !== undefined) ed.setStyle(row, col, s);
  if (link) ed.setLink(row, col, link.location, link.display);
  if (w.clear?.includes("note")) sw.notes.clear(row, col);
  if (w.note !== undefined && w.note !== "") sw.notes.set(row, col, w.note);
  return true;
}

function writeGenerated(sw: SheetWork, sp: SheetPlan, styles: StyleBook, opts: PatchOptions): number {
  let written = 0;
  for (const w of sp.cells) if (writeCell(sw, { ...w, sheet: sp.name }, styles, opts)) written++;
  for (const m of sp.merges) {
    if (m.r1 === m.r2 && m.c1 === m.c2) continue;
    sw.editor.mergeArea(m, false); // an overlap with an earlier merge: the first one wins
  }
  for (const w of sp.cells) if (w.merge) sw.editor.mergeArea(w.merge);
  return written;
}
