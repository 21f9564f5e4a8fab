/**
 * The add-in manifest: well-formed (xmllint, from Debian's libxml2-utils — required, never skipped)
 * and carrying every element Office needs.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "../..");
const file = path.join(root, "manifest.xml");
const xml = fs.readFileSync(file, "utf8");

function one(re: RegExp): string {
  const m = re.exec(xml);
  if (!m) throw new Error(`manifest: ${re} not found`);
  return m[1];
}

test("is well-formed XML according to xmllint", () => {
  // Fails (does not skip) when xmllint is missing: install libxml2-utils.
  const out = execFileSync("xmllint", ["--noout", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  expect(out).toBe("");
});

test("identity: GUID Id, four-part Version, ProviderName, DefaultLocale en-US", () => {
  expect(one(/<Id>([^<]+)<\/Id>/)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  expect(one(/<Version>([^<]+)<\/Version>/)).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(one(/<ProviderName>([^<]+)<\/ProviderName>/).trim()).not.toBe("");
  expect(one(/<DefaultLocale>([^<]+)<\/DefaultLocale>/)).toBe("en-US");
  expect(xml).toMatch(/xsi:type="TaskPaneApp"/);
});

test("display name and description in English with an Indonesian override", () => {
  const dn = one(/<DisplayName([\s\S]*?)<\/DisplayName>/);
  expect(dn).toMatch(/DefaultValue="[^"]+"/);
  expect(dn).toMatch(/<Override Locale="id-ID" Value="[^"]+"\/>/);
  const desc = one(/<Description DefaultValue([\s\S]*?)<\/Description>/);
  expect(desc).toMatch(/Locale="id-ID"/);
});

test("host, requirements, source location, permissions", () => {
  expect(xml).toMatch(/<Hosts>\s*<Host Name="Workbook"\/>\s*<\/Hosts>/);
  expect(xml).toMatch(/<Set Name="ExcelApi" MinVersion="1\.7"\/>/);
  expect(one(/<SourceLocation DefaultValue="([^"]+)"\/>/)).toBe("https://localhost:3000/taskpane.html");
  expect(one(/<Permissions>([^<]+)<\/Permissions>/)).toBe("ReadWriteDocument");
});

test("ribbon: a Capaian group on the Home tab with Show task pane and Check sheet", () => {
  const vo = one(/(<VersionOverrides[\s\S]*<\/VersionOverrides>)/);
  expect(vo).toMatch(/xsi:type="VersionOverridesV1_0"/);
  expect(vo).toMatch(/<OfficeTab id="TabHome">\s*<Group id="Capaian\.Group">/);
  expect(vo).toMatch(/<Action xsi:type="ShowTaskpane">[\s\S]*?<SourceLocation resid="Taskpane\.Url"\/>/);
  expect(vo).toMatch(/<Action xsi:type="ExecuteFunction">\s*<FunctionName>checkSheet<\/FunctionName>/);
  expect(vo).toMatch(/<FunctionFile resid="Commands\.Url"\/>/);
  // every resid used is defined
  const used = new Set([...vo.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]));
  const defined = new Set([...vo.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  for (const id of used) expect(defined).toContain(id);
  // short strings (labels) have Indonesian overrides and fit Office's 125-character limit
  const shorts = one(/<bt:ShortStrings>([\s\S]*?)<\/bt:ShortStrings>/);
  for (const m of shorts.matchAll(/<bt:String id="([^"]+)" DefaultValue="([^"]+)">\s*<bt:Override Locale="id-ID" Value="([^"]+)"\/>/g)) {
    expect(m[2].length).toBeLessThanOrEqual(125);
    expect(m[3].length).toBeLessThanOrEqual(125);
  }
  expect([...shorts.matchAll(/<bt:String /g)].length).toBe([...shorts.matchAll(/Locale="id-ID"/g)].length);
});

test("icon files exist with the right PNG sizes", () => {
  const urls = [...xml.matchAll(/https:\/\/localhost:3000\/assets\/(icon-(\d+)\.png)/g)];
  expect(urls.length).toBeGreaterThanOrEqual(4);
  for (const size of [16, 32, 64, 80]) {
    const p = path.join(root, "assets", `icon-${size}.png`);
    const buf = fs.readFileSync(p);
    expect(buf.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(buf.readUInt32BE(16)).toBe(size);
    expect(buf.readUInt32BE(20)).toBe(size);
  }
  for (const [, name] of urls) expect(fs.existsSync(path.join(root, "assets", name))).toBe(true);
});

test("URLs all point at the dev server over https", () => {
  for (const m of xml.matchAll(/DefaultValue="(https?:[^"]+)"/g)) expect(m[1]).toMatch(/^https:\/\/localhost:3000\//);
});
