/**
 * Fidelity of `fill`'s copy: a workbook carrying charts, an external link (and formulas using
 * [1]Pagu!$B$2), an autofilter with criteria, hidden rows and SUBTOTAL(9,…), a password-protected
 * sheet Capaian does not touch, VBA (.xlsm), custom document properties, iterative calculation,
 * print options and fit-to-page, data validations, conditional formats and notes — made by exceljs
 * and patched by hand, then saved again by LibreOffice, plus a hand-renamed package — is filled with
 * and without --summary --findings. Every part Capaian did not need to change is byte-identical,
 * no relationship dangles, every part has a content type, and LibreOffice's recalculation of every
 * pre-existing cell gives the original's value. Protection is refused, naming the sheet.
 */
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { run } from "../../src/cli/main";
import { analyze } from "../../src/core/engine";
import { patchWorkbook } from "../../src/xlsx/patch";
import { readBook } from "../../src/xlsx/read";
import { getFixture } from "../fixtures";
import { RecalcResult, recalculateMany, sofficePath } from "../support/libreoffice";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capaian-fidelity-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

const TABLE_SHEET = "Evaluasi Renja TW IV";

async function exceljsBase(): Promise<ExcelJS.Workbook> {
  const wb = getFixture("lumajang-2021-renja").build();
  const ws = wb.worksheets[0];
  // features exceljs itself writes
  ws.getCell("AK13").value = "catatan";
  ws.getCell("AK13").note = "catatan pengguna";
  ws.getCell("AK14").dataValidation = { type: "list", allowBlank: true, formulae: ['"Ya,Tidak"'] };
  ws.addConditionalFormatting({ ref: "AK15:AK20", rules: [{ type: "cellIs", operator: "greaterThan", formulae: ["5"], priority: 1, style: { fill: { type: "pattern", pattern: "solid", bgColor: { argb: "FFFFC7CE" } } } }] });
  ws.pageSetup = { ...ws.pageSetup, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true };
  const lamp = wb.addWorksheet("Lampiran");
  lamp.getCell("A1").value = "Uraian";
  lamp.getCell("B1").value = "Nilai";
  for (let r = 2; r <= 6; r++) {
    lamp.getCell(r, 1).value = r % 2 ? "Ya" : "Tidak";
    lamp.getCell(r, 2).value = r * 100;
  }
  lamp.getCell("B7").value = { formula: "SUBTOTAL(9,B2:B6)", result: 1000 } as ExcelJS.CellValue;
  lamp.getCell("C1").value = { formula: "[1]Pagu!$B$2", result: 42 } as ExcelJS.CellValue;
  lamp.getCell("C2").value = { formula: "C1*2", result: 84 } as ExcelJS.CellValue;
  lamp.getCell("D1").value = { formula: "D1+1", result: 1 } as ExcelJS.CellValue; // a circular reference: iterative calculation
  await lamp.protect("rahasia", { selectLockedCells: true });
  return wb;
}

function insertBefore(xml: string, marker: RegExp, fragment: string): string {
  const m = marker.exec(xml);
  if (!m) throw new Error(`marker ${marker} not found`);
  return xml.slice(0, m.index) + fragment + xml.slice(m.index);
}

/** The exceljs workbook with what exceljs cannot write added by hand. */
async function richWorkbook(): Promise<Buffer> {
  const wb = await exceljsBase();
  const zip = await JSZip.loadAsync(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  const text = async (n: string) => (await zip.file(n)!.async("string")) as string;
  let ct = await text("[Content_Types].xml");
  let wbXml = await text("xl/workbook.xml");
  let wbRels = await text("xl/_rels/workbook.xml.rels");
  // Lampiran is sheet2: autofilter with criteria, rows 3 and 5 hidden (filtered out), a chart
  let lamp = await text("xl/worksheets/sheet2.xml");
  for (const r of [2, 4, 6]) lamp = lamp.replace(new RegExp(`<row r="${r}"([^>]*)>`), `<row r="${r}"$1 hidden="1">`); // filtered out: not "Ya"
  lamp = insertBefore(lamp, /<pageMargins|<\/worksheet>/, '<autoFilter ref="A1:B6"><filterColumn colId="0"><filters><filter val="Ya"/></filters></filterColumn></autoFilter>');
  lamp = lamp.replace(/<autoFilter/, "<autoFilter").replace(/(<sheetProtection[^>]*\/>)([\s\S]*?)(<autoFilter[^>]*>[\s\S]*?<\/autoFilter>)/, "$1$3$2");
  lamp = insertBefore(lamp, /<\/worksheet>/, '<drawing r:id="rIdChart1"/>');
  zip.file("xl/worksheets/sheet2.xml", lamp);
  zip.file(
    "xl/worksheets/_rels/sheet2.xml.rels",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdChart1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/></Relationships>',
  );
  zip.file(
    "xl/drawings/drawing1.xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><xdr:twoCellAnchor><xdr:from><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>10</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>15</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>',
  );
  zip.file(
    "xl/drawings/_rels/drawing1.xml.rels",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart1.xml"/></Relationships>',
  );
  zip.file(
    "xl/charts/chart1.xml",
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><c:chart><c:plotArea><c:layout/><c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/><c:ser><c:idx val=\"0\"/><c:order val=\"0\"/><c:cat><c:strRef><c:f>Lampiran!$A$2:$A$6</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>Lampiran!$B$2:$B$6</c:f></c:numRef></c:val></c:ser><c:axId val=\"1\"/><c:axId val=\"2\"/></c:barChart><c:catAx><c:axId val=\"1\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:axPos val=\"b\"/><c:crossAx val=\"2\"/></c:catAx><c:valAx><c:axId val=\"2\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:axPos val=\"l\"/><c:crossAx val=\"1\"/></c:valAx></c:plotArea></c:chart></c:chartSpace>",
  );
  ct = insertBefore(ct, /<\/Types>/, '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/><Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>');
  // external link
  zip.file(
    "xl/externalLinks/externalLink1.xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Pagu"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="2"><cell r="B2"><v>42</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>',
  );
  zip.file(
    "xl/externalLinks/_rels/externalLink1.xml.rels",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="Pagu.xlsx" TargetMode="External"/></Relationships>',
  );
  ct = insertBefore(ct, /<\/Types>/, '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>');
  wbRels = insertBefore(wbRels, /<\/Relationships>/, '<Relationship Id="rIdExt1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/>');
  wbXml = wbXml.replace(/<\/sheets>/, '</sheets><externalReferences><externalReference r:id="rIdExt1"/></externalReferences>');
  // the autofilter's defined name, iterative calculation
  wbXml = wbXml.replace(/<calcPr[^>]*\/>/, '<calcPr calcId="171027" iterate="1" iterateCount="50" iterateDelta="0.001"/>');
  if (!/<definedNames>/.test(wbXml)) wbXml = wbXml.replace(/<calcPr/, '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">Lampiran!$A$1:$B$6</definedName></definedNames><calcPr');
  // VBA
  zip.file("xl/vbaProject.bin", crypto.randomBytes(2048));
  wbRels = insertBefore(wbRels, /<\/Relationships>/, '<Relationship Id="rIdVba1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>');
  ct = insertBefore(ct, /<\/Types>/, '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>');
  ct = ct.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml");
  // custom document properties
  zip.file(
    "docProps/custom.xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="OPD"><vt:lpwstr>Dinas Koperasi</vt:lpwstr></property></Properties>',
  );
  let rootRels = await text("_rels/.rels");
  rootRels = insertBefore(rootRels, /<\/Relationships>/, '<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>');
  zip.file("_rels/.rels", rootRels);
  ct = insertBefore(ct, /<\/Types>/, '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>');
  zip.file("[Content_Types].xml", ct);
  zip.file("xl/workbook.xml", wbXml);
  zip.file("xl/_rels/workbook.xml.rels", wbRels);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** Convert with LibreOffice (a private profile), returning the saved .xlsx. */
function libreOfficeSave(input: Buffer, name: string): Buffer {
  const soffice = sofficePath();
  if (!soffice) throw new Error("LibreOffice (soffice) not found");
  const work = fs.mkdtempSync(path.join(dir, "lo-"));
  const src = path.join(work, `${name}.xlsx`);
  fs.writeFileSync(src, input);
  const out = path.join(work, "out");
  execFileSync(soffice, ["--headless", "--norestore", `-env:UserInstallation=file://${path.join(work, "profile")}`, "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, src], {
    env: { ...process.env, LANG: "en_US.UTF-8", SAL_USE_VCLPLUGIN: "svp" },
    stdio: "ignore",
    timeout: 120000,
  });
  return fs.readFileSync(path.join(out, `${name}.xlsx`));
}

/** A hand-made variant: the table sheet stored under an unusual part name. */
async function renamedPart(input: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(input);
  const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("nodebuffer");
  zip.remove("xl/worksheets/sheet1.xml");
  zip.file("xl/worksheets/catatan.xml", sheet);
  const rels = zip.file("xl/worksheets/_rels/sheet1.xml.rels");
  if (rels) {
    zip.file("xl/worksheets/_rels/catatan.xml.rels", await rels.async("nodebuffer"));
    zip.remove("xl/worksheets/_rels/sheet1.xml.rels");
  }
  for (const n of ["[Content_Types].xml", "xl/_rels/workbook.xml.rels"]) {
    zip.file(n, (await zip.file(n)!.async("string")).replace(/worksheets\/sheet1\.xml/g, "worksheets/catatan.xml"));
  }
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

interface Parts {
  [name: string]: Buffer;
}

async function parts(b: Buffer): Promise<Parts> {
  const zip = await JSZip.loadAsync(b);
  const out: Parts = {};
  for (const name of Object.keys(zip.files)) if (!zip.files[name].dir) out[name] = await zip.files[name].async("nodebuffer");
  return out;
}

function sheetParts(p: Parts): Map<string, string> {
  const wb = p["xl/workbook.xml"].toString("utf8");
  const rels = p["xl/_rels/workbook.xml.rels"].toString("utf8");
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])![1];
    const rid = /r:id="([^"]*)"/.exec(m[0])![1];
    const target = new RegExp(`<Relationship[^>]*Id="${rid}"[^>]*>`).exec(rels)![0];
    const t = /Target="([^"]*)"/.exec(target)![1];
    out.set(name, t.startsWith("/") ? t.slice(1) : "xl/" + t);
  }
  return out;
}

function resolve(source: string, target: string): string {
  const base = source.includes("/") ? source.slice(0, source.lastIndexOf("/") + 1) : "";
  const segs: string[] = [];
  for (const s of (target.startsWith("/") ? target.slice(1) : base + target).split("/")) {
    if (s === "..") segs.pop();
    else if (s && s !== ".") segs.push(s);
  }
  return segs.join("/");
}

/** Every internal relationship points to a part; every part has a content type. */
function packageProblems(p: Parts): string[] {
  const problems: string[] = [];
  const names = new Set(Object.keys(p).map((n) => n.toLowerCase()));
  for (const [name, bytes] of Object.entries(p)) {
    if (!name.endsWith(".rels")) continue;
    const m = /^(.*?)_rels\/(.*)\.rels$/.exec(name)!;
    const source = m[1] + m[2];
    for (const r of bytes.toString("utf8").matchAll(/<Relationship\b[^>]*>/g)) {
      if (/TargetMode="External"/.test(r[0])) continue;
      const target = resolve(source, decodeURI(/Target="([^"]*)"/.exec(r[0])![1]));
      if (!names.has(target.toLowerCase())) problems.push(`${name}: dangling ${target}`);
    }
  }
  const ct = p["[Content_Types].xml"].toString("utf8");
  const defaults = new Set([...ct.matchAll(/<Default\b[^>]*Extension="([^"]*)"/g)].map((m) => m[1].toLowerCase()));
  const overrides = new Set([...ct.matchAll(/<Override\b[^>]*PartName="([^"]*)"/g)].map((m) => m[1].toLowerCase()));
  for (const name of Object.keys(p)) {
    if (name === "[Content_Types].xml") continue;
    const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
    if (!overrides.has("/" + name.toLowerCase()) && !defaults.has(ext)) problems.push(`${name}: no content type`);
  }
  for (const o of overrides) if (!names.has(o.slice(1))) problems.push(`${o}: content type for a missing part`);
  return problems;
}

interface Case {
  id: string;
  input: Buffer;
  ext: string;
}

const cases: Case[] = [];
const filled = new Map<string, { plain: Buffer; full: Buffer; plainOut: string; fullOut: string }>();

beforeAll(async () => {
  const rich = await richWorkbook();
  cases.push({ id: "exceljs+hand", input: rich, ext: ".xlsm" });
  const lo = libreOfficeSave(rich, "rich");
  cases.push({ id: "libreoffice", input: lo, ext: ".xlsx" });
  cases.push({ id: "renamed-part", input: await renamedPart(rich), ext: ".xlsm" });
  for (const c of cases) {
    const input = path.join(dir, `${c.id}${c.ext}`);
    if (c.id === "renamed-part") {
      // The writer over a sheet stored as xl/worksheets/catatan.xml, with the plan made for the
      // same workbook under the usual part name (reading such a package is the reader's test).
      const book = await readBook(rich, "rich.xlsm");
      const plainPlan = analyze(book, { fill: { values: false, force: false, addColumns: [] }, summary: false, findings: false }).plan;
      const fullPlan = analyze(book, { fill: { values: false, force: false, addColumns: [] }, summary: true, findings: true }).plan;
      filled.set(c.id, {
        plain: Buffer.from(patchWorkbook(c.input, plainPlan).data),
        full: Buffer.from(patchWorkbook(c.input, fullPlan).data),
        plainOut: "",
        fullOut: "",
      });
      continue;
    }
    fs.writeFileSync(input, c.input);
    const plainOut = path.join(dir, `${c.id}-plain${c.ext}`);
    const fullOut = path.join(dir, `${c.id}-full${c.ext}`);
    const a = await cli("fill", input, "-o", plainOut);
    if (a.code !== 0) throw new Error(`${c.id}: ${a.err}`);
    const b = await cli("fill", input, "-o", fullOut, "--summary", "--findings");
    if (b.code !== 0) throw new Error(`${c.id}: ${b.err}`);
    expect(sha(fs.readFileSync(input))).toBe(sha(c.input));
    filled.set(c.id, { plain: fs.readFileSync(plainOut), full: fs.readFileSync(fullOut), plainOut: a.out, fullOut: b.out });
  }
}, 300000);

describe.each(["exceljs+hand", "libreoffice", "renamed-part"])("%s", (id) => {
  for (const variant of ["plain", "full"] as const) {
    test(`${variant}: every part Capaian did not need to change is byte-identical`, async () => {
      const c = cases.find((x) => x.id === id)!;
      const before = await parts(c.input);
      const after = await parts(filled.get(id)![variant]);
      const table = sheetParts(before).get(TABLE_SHEET)!;
      const tableRels = table.replace(/([^/]+)$/, "_rels/$1.rels");
      // what Capaian may change: the sheet it writes into (+ its rels for notes), the workbook (new
      // sheets, fullCalcOnLoad), its rels, styles, content types; calcChain may go
      const mayChange = new Set(["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", table, tableRels, "xl/calcChain.xml"]);
      const comments = (before[tableRels]?.toString("utf8") ?? "").matchAll(/Target="([^"]*(?:comments|vmlDrawing)[^"]*)"/g);
      for (const m of comments) mayChange.add(resolve(table, m[1]));
      const changed: string[] = [];
      for (const [name, bytes] of Object.entries(before)) {
        if (mayChange.has(name)) continue;
        if (!after[name]) changed.push(`${name} removed`);
        else if (!after[name].equals(bytes)) changed.push(`${name} changed`);
      }
      expect(changed).toEqual([]);
      // the features themselves are there
      const names = Object.keys(after);
      if (id !== "libreoffice") {
        expect(names).toEqual(expect.arrayContaining(["xl/charts/chart1.xml", "xl/drawings/drawing1.xml", "xl/externalLinks/externalLink1.xml", "xl/vbaProject.bin", "docProps/custom.xml"]));
      }
      const wb = after["xl/workbook.xml"].toString("utf8");
      expect(wb).toMatch(/<externalReference\b/);
      expect(wb).toMatch(/<definedName[^>]*_xlnm._FilterDatabase/);
      if (id !== "libreoffice") expect(wb).toMatch(/<calcPr[^>]*iterate="1"/);
      const lamp = after[sheetParts(after).get("Lampiran")!].toString("utf8");
      expect(lamp).toMatch(/<sheetProtection\b[^>]*sheet="(1|true)"/);
      expect(lamp).toMatch(/<autoFilter\b[\s\S]*<filter val="Ya"\/>/);
      // the table sheet keeps its own validations, conditional formats, print settings
      const t = after[sheetParts(after).get(TABLE_SHEET)!].toString("utf8");
      const tb = before[table].toString("utf8");
      for (const el of ["dataValidations", "conditionalFormatting", "printOptions", "pageSetup", "pageMargins", "sheetViews", "cols"]) {
        const re = new RegExp(`<${el}\\b[\\s\\S]*?(?:</${el}>|/>)`);
        expect(re.exec(t)?.[0]).toEqual(re.exec(tb)?.[0]);
      }
      if (variant === "full") expect(Object.keys(after).length).toBeGreaterThan(Object.keys(before).length);
    });

    test(`${variant}: no dangling relationship, every part has a content type`, async () => {
      expect(packageProblems(await parts(filled.get(id)![variant]))).toEqual([]);
    });
  }

  test("a user's note survives beside Capaian's finding notes", async () => {
    const after = await parts(filled.get(id)!.full);
    const comments = Object.entries(after).filter(([n]) => /comments\d*\.xml$/.test(n)).map(([, b]) => b.toString("utf8"));
    const all = comments.join("");
    expect(all).toContain("catatan pengguna");
  });
});

describe("LibreOffice recalculation of every pre-existing cell", () => {
  test("gives the original's values in both copies of every input", async () => {
    const books: Buffer[] = [];
    for (const c of cases) books.push(c.input, filled.get(c.id)!.plain, filled.get(c.id)!.full);
    const values = await recalculateMany(books);
    const mismatches: string[] = [];
    cases.forEach((c, i) => {
      const original: RecalcResult = values[i * 3];
      for (const copy of [values[i * 3 + 1], values[i * 3 + 2]]) {
        for (const [sheet, cells] of original) {
          const after = copy.get(sheet);
          for (const [ref, v] of cells) {
            if (v === null || v === "") continue;
            const w = after?.get(ref);
            const same = typeof v === "number" && typeof w === "number" ? Math.abs(v - w) <= 1e-9 * Math.max(1, Math.abs(v)) : v === w;
            if (!same) mismatches.push(`${c.id} ${sheet}!${ref}: ${JSON.stringify(v)} → ${JSON.stringify(w)}`);
          }
        }
      }
      expect(original.get("Lampiran")?.get("B7")).toBe(800); // SUBTOTAL skips the filtered rows
      expect(original.get("Lampiran")?.get("C1")).toBe(42); // the external link's cached value
    });
    expect(mismatches.slice(0, 20)).toEqual([]);
  }, 300000);
});

describe("protection", () => {
  async function withProtection(kind: "sheet" | "structure"): Promise<string> {
    const wb = getFixture("lumajang-2021-renja").build();
    if (kind === "sheet") await wb.worksheets[0].protect("rahasia", {});
    let buf: Buffer = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    if (kind === "structure") {
      const zip = await JSZip.loadAsync(buf);
      const x = await zip.file("xl/workbook.xml")!.async("string");
      zip.file("xl/workbook.xml", insertBefore(x, /<bookViews>|<sheets>/, '<workbookProtection lockStructure="1"/>'));
      buf = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    }
    const file = path.join(dir, `protected-${kind}.xlsx`);
    fs.writeFileSync(file, buf);
    return file;
  }

  test("a protected sheet fill would write into is refused, naming it; nothing written", async () => {
    const file = await withProtection("sheet");
    const before = sha(fs.readFileSync(file));
    const out = path.join(dir, "p-sheet-out.xlsx");
    const r = await cli("fill", file, "-o", out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`Sheet "${TABLE_SHEET}" is protected. Nothing was written.`);
    expect(fs.existsSync(out)).toBe(false);
    expect(sha(fs.readFileSync(file))).toBe(before);
  });

  test("a protected workbook structure is refused when sheets would be added, not otherwise", async () => {
    const file = await withProtection("structure");
    const out = path.join(dir, "p-struct-out.xlsx");
    const r = await cli("fill", file, "-o", out, "--summary");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/structure is protected, so sheet "Ringkasan Capaian".* cannot be added\. Nothing was written/);
    expect(fs.existsSync(out)).toBe(false);
    const ok = await cli("fill", file, "-o", out);
    expect(ok.code).toBe(0);
    const wbXml = (await parts(fs.readFileSync(out)))["xl/workbook.xml"].toString("utf8");
    expect(wbXml).toContain('<workbookProtection lockStructure="1"/>');
  });

  test("a macro workbook's copy must keep a macro-enabled name", async () => {
    const file = path.join(dir, "exceljs+hand.xlsm");
    const r = await cli("fill", file, "-o", path.join(dir, "macro-as.xlsx"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds macros .*\.xlsm/);
  });
});
