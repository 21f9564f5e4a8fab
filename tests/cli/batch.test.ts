/**
 * Batch check (issue 14): several workbooks and folders in one process with worker threads, one
 * progress line per file, an unreadable file listed with its reason while the run goes on, JSON
 * Lines, and the report (xlsx / html / csv) opened back: rows per file and table, every finding,
 * hyperlinks that point at existing files and sheets, no error values when LibreOffice opens it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { run } from "../../src/cli/main";
import { fixtureBuffer } from "../fixtures";
import { recalculate, sofficeAvailable } from "../support/libreoffice";

jest.setTimeout(180_000);

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), "capaian-batch-"));
const folder = path.join(root, "kabupaten");
const sub = path.join(folder, "dinas lain");
const outDir = path.join(root, "out");
const IDS = ["lumajang-2021-renja", "sumenep-2023", "variant-planted-errors", "non-table-staff"];
const SUB_IDS = ["sumenep-2023-matrix", "variant-two-tables"];
const broken = path.join(folder, "rusak.xlsx");
const files: string[] = [];
/** How the report names a file: its path below the folder given. */
const display = (f: string) => path.relative(folder, f).split(path.sep).join("/");
/** Single-file `check --json` of each readable workbook, keyed by display name. */
const single = new Map<string, { findings: { rule: string; severity: string; sheet: string; cell: string }[]; tables: number }>();

beforeAll(async () => {
  fs.mkdirSync(sub, { recursive: true });
  fs.mkdirSync(outDir, { recursive: true });
  for (const id of IDS) {
    const f = path.join(folder, `${id}.xlsx`);
    fs.writeFileSync(f, await fixtureBuffer(id));
    files.push(f);
  }
  for (const id of SUB_IDS) {
    const f = path.join(sub, `${id}.xlsx`);
    fs.writeFileSync(f, await fixtureBuffer(id));
    files.push(f);
  }
  // a workbook cut short in transfer: the zip's central directory is missing
  fs.writeFileSync(broken, (await fixtureBuffer("sumenep-2023")).subarray(0, 3000));
  fs.writeFileSync(path.join(folder, "catatan.txt"), "not a workbook, not picked up from a folder");
  for (const f of files) {
    const r = await cli("check", f, "--json");
    single.set(display(f), JSON.parse(r.out));
  }
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function progressLines(err: string): string[] {
  return err.split("\n").filter((l) => /^\[\s*\d+\/\d+\]/.test(l));
}

describe("capaian check over several files and folders", () => {
  let xlsxRun: { code: number; out: string; err: string };
  const report = path.join(outDir, "laporan.xlsx");

  beforeAll(async () => {
    xlsxRun = await cli("check", folder, "--report", report, "--jobs", "2");
  });

  it("walks the folder (sub folders too), one progress line per workbook, the unreadable one listed with its reason", () => {
    const lines = progressLines(xlsxRun.err);
    expect(lines).toHaveLength(files.length + 1);
    expect(lines[lines.length - 1]).toMatch(/\[7\/7\] \[#{20}\] 100%/);
    const bad = lines.filter((l) => l.includes("rusak.xlsx"));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/NOT READ: \S/);
    expect(xlsxRun.err).not.toMatch(/catatan\.txt/);
    for (const f of files) expect(lines.some((l) => l.includes(path.basename(f)))).toBe(true);
    expect(xlsxRun.out).toMatch(/^7 files in [\d.]+ s \(2 jobs\): 6 checked, 1 not read/);
    expect(xlsxRun.out).toMatch(/NOT READ .*rusak\.xlsx/);
  });

  it("exits 1 when a file has an error finding (or could not be read), 0 when all are clean", async () => {
    expect(xlsxRun.code).toBe(1);
    const clean = await cli("check", path.join(folder, "non-table-staff.xlsx"), path.join(sub, "sumenep-2023-matrix.xlsx"), "--jobs", "1");
    expect(single.get("dinas lain/sumenep-2023-matrix.xlsx")!.findings.filter((f) => f.severity === "error")).toHaveLength(0);
    expect(clean.code).toBe(0);
    expect(progressLines(clean.err)).toHaveLength(2);
    const onlyBroken = await cli("check", broken, "--report", path.join(outDir, "b.html"));
    expect(onlyBroken.code).toBe(1);
  });

  it("a file over the time limit is listed as not read and its worker replaced; the run goes on", async () => {
    const r = await cli("check", path.join(folder, "sumenep-2023.xlsx"), path.join(folder, "non-table-staff.xlsx"), "--timeout", "0.001", "--json");
    expect(r.code).toBe(1);
    const objs = r.out.trim().split("\n").map((l) => JSON.parse(l));
    expect(objs).toHaveLength(2);
    for (const o of objs) expect(o).toMatchObject({ ok: false, reason: "timed out after 0.001 s" });
    expect(progressLines(r.err).filter((l) => /NOT READ: timed out/.test(l))).toHaveLength(2);
  });

  it("exit 2 only for bad usage", async () => {
    expect((await cli("check", folder, "--report", path.join(outDir, "r.docx"))).code).toBe(2);
    expect((await cli("check", folder, "--jobs", "many")).code).toBe(2);
    expect((await cli("check", path.join(root, "empty-nothing-here"), path.join(root, "also-missing.xlsx"))).code).toBe(1);
  });

  it("the report workbook: a summary row per file and table, every finding, the predikat distribution", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(report);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Ringkasan", "Temuan", "Predikat"]);
    const rows = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const out: unknown[][] = [];
      ws.eachRow((row, n) => {
        if (n <= 2) return;
        out.push((row.values as unknown[]).slice(1).map((v) => (v && typeof v === "object" && "text" in (v as object) ? (v as { text: string }).text : v)));
      });
      return out;
    };
    const summary = rows("Ringkasan");
    for (const f of files) {
      const name = display(f);
      const want = Math.max(1, single.get(name)!.tables);
      expect(summary.filter((r) => r[0] === name)).toHaveLength(want);
    }
    const bad = summary.filter((r) => r[0] === "rusak.xlsx");
    expect(bad).toHaveLength(1);
    expect(String(bad[0][11])).toMatch(/not read: \S/);
    // errors per file in the summary add up to the file's error findings inside its tables
    const lumajang = summary.filter((r) => r[0] === "lumajang-2021-renja.xlsx");
    expect(lumajang[0][4]).toBe("renja-evaluasi");
    // files in a sub folder are named by their path below the folder given
    expect(summary.some((r) => r[0] === "dinas lain/sumenep-2023-matrix.xlsx")).toBe(true);
    expect(lumajang[0][6]).toBe(single.get("lumajang-2021-renja.xlsx")!.findings.filter((f) => f.severity === "error").length);
    expect(typeof lumajang[0][8]).toBe("number");
    expect(["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]).toContain(lumajang[0][9]);

    const findings = rows("Temuan");
    const total = [...single.values()].reduce((s, j) => s + j.findings.length, 0);
    expect(findings).toHaveLength(total);
    for (const [name, j] of single) {
      const mine = findings.filter((r) => r[0] === name).map((r) => `${r[1]}!${r[2]} ${r[3]} ${r[4]}`).sort();
      expect(mine).toEqual(j.findings.map((f) => `${f.sheet}!${f.cell} ${f.rule} ${f.severity}`).sort());
    }
    const planted = findings.filter((r) => r[0] === "variant-planted-errors.xlsx" && r[4] === "error");
    expect(planted.length).toBeGreaterThan(0);
    for (const r of planted) {
      expect(String(r[7]).length).toBeGreaterThan(0); // message ID
      expect(String(r[8]).length).toBeGreaterThan(0); // message EN
    }

    const dist = rows("Predikat");
    const tablesWithPredikat = summary.filter((r) => typeof r[9] === "string" && r[9] !== "").length;
    const counted = dist.filter((r) => !String(r[0]).startsWith("tanpa")).reduce((s, r) => s + Number(r[1]), 0);
    expect(counted).toBe(tablesWithPredikat);
  });

  it("hyperlinks open the workbook at the cell: the file exists and holds the sheet", async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(report));
    const linksOf = async (sheet: number) => {
      const sheetXml = await zip.file(`xl/worksheets/sheet${sheet}.xml`)!.async("string");
      const rels = await zip.file(`xl/worksheets/_rels/sheet${sheet}.xml.rels`)!.async("string");
      const targets = new Map<string, string>();
      for (const m of rels.matchAll(/<Relationship\s[^>]*\/>/g)) {
        targets.set(/Id="([^"]+)"/.exec(m[0])![1], /Target="([^"]*)"/.exec(m[0])![1]);
      }
      return [...sheetXml.matchAll(/<hyperlink\s[^>]*\/>/g)].map((m) => ({
        ref: /ref="([^"]+)"/.exec(m[0])![1],
        target: targets.get(/r:id="([^"]+)"/.exec(m[0])![1])!,
        location: /location="([^"]*)"/.exec(m[0])?.[1]?.replace(/&apos;/g, "'").replace(/&amp;/g, "&"),
      }));
    };
    const summaryLinks = await linksOf(1);
    // every table row links to the table's top-left cell; the folder with a space in its name too
    expect(summaryLinks.filter((l) => l.location).length).toBeGreaterThanOrEqual(files.length - 1);
    expect(summaryLinks.some((l) => l.target.startsWith("../kabupaten/dinas%20lain/") && l.location)).toBe(true);
    const cellLinks = [...(await linksOf(2)).filter((l) => l.ref.startsWith("C")), ...summaryLinks.filter((l) => l.location)];
    const total = [...single.values()].reduce((s, j) => s + j.findings.length, 0);
    expect(cellLinks.length - summaryLinks.filter((l) => l.location).length).toBe(total);
    const books = new Map<string, ExcelJS.Workbook>();
    for (const l of cellLinks) {
      expect(l.target).not.toContain("#");
      const file = path.resolve(outDir, decodeURIComponent(l.target));
      expect(fs.existsSync(file)).toBe(true);
      let wb = books.get(file);
      if (!wb) {
        wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(file);
        books.set(file, wb);
      }
      const m = /^(?:'((?:[^']|'')+)'|([^!]+))!([A-Z]+\d+)$/.exec(l.location ?? "");
      expect(m).not.toBeNull();
      const sheet = (m![1] ?? m![2]).replace(/''/g, "'");
      expect(wb.getWorksheet(sheet)).toBeDefined();
    }
  });

  (sofficeAvailable() ? it : it.skip)("LibreOffice opens the report with no error values", async () => {
    const values = await recalculate(fs.readFileSync(report));
    expect([...values.keys()]).toEqual(["Ringkasan", "Temuan", "Predikat"]);
    const errors: string[] = [];
    for (const [sheet, cells] of values) {
      for (const [ref, v] of cells) if (typeof v === "string" && /^#(DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!)$/.test(v)) errors.push(`${sheet}!${ref}`);
    }
    expect(errors).toEqual([]);
    expect(values.get("Ringkasan")!.size).toBeGreaterThan(20);
  });
});

describe("--json with several files: JSON Lines", () => {
  it("one object per file in input order, the same findings as the single-file check", async () => {
    const r = await cli("check", ...files, broken, "--json", "--jobs", "2");
    expect(r.code).toBe(1);
    const lines = r.out.trim().split("\n");
    expect(lines).toHaveLength(files.length + 1);
    const objs = lines.map((l) => JSON.parse(l));
    expect(objs.map((o) => path.basename(o.file))).toEqual([...files, broken].map((f) => path.basename(f)));
    for (const o of objs.slice(0, -1)) {
      const want = single.get(display(o.file))!;
      expect(o.ok).toBe(true);
      expect(o.tables).toHaveLength(want.tables);
      expect(o.findings.map((f: { rule: string; cell: string }) => `${f.rule}@${f.cell}`)).toEqual(want.findings.map((f) => `${f.rule}@${f.cell}`));
    }
    expect(objs[objs.length - 1]).toMatchObject({ ok: false, reason: expect.stringMatching(/rusak\.xlsx/) });
  });

  it("a single file without --report or --jobs stays the single-file check (no progress lines, the v1 JSON)", async () => {
    const f = files[0];
    const r = await cli("check", f, "--json");
    expect(progressLines(r.err)).toHaveLength(0);
    const j = JSON.parse(r.out);
    expect(j.version).toBe(1);
    expect(j.file).toBe(path.basename(f));
    expect(typeof j.tables).toBe("number");
  });
});

describe("HTML and CSV reports", () => {
  it("the HTML works offline: inline SVG chart, no external requests, every file and finding listed", async () => {
    const file = path.join(outDir, "laporan.html");
    const r = await cli("check", folder, "--report", file, "--jobs", "1");
    expect(r.code).toBe(1);
    const html = fs.readFileSync(file, "utf8");
    expect(html).toMatch(/<svg[\s\S]*<rect[\s\S]*<\/svg>/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    for (const f of [...files, broken]) expect(html).toContain(path.basename(f));
    const total = [...single.values()].reduce((s, j) => s + j.findings.length, 0);
    expect(html).toContain(`Temuan / Findings (${total})`);
  });

  it("CSV: summary, findings and predikat files; text that looks like a formula stays text", async () => {
    const file = path.join(outDir, "laporan.csv");
    const r = await cli("check", folder, "--report", file);
    expect(r.code).toBe(1);
    const summary = fs.readFileSync(file, "utf8");
    const findings = fs.readFileSync(path.join(outDir, "laporan.findings.csv"), "utf8");
    const predikat = fs.readFileSync(path.join(outDir, "laporan.predikat.csv"), "utf8");
    expect(summary.split("\r\n")[0]).toMatch(/^\uFEFFBerkas \/ File,Perangkat Daerah/);
    const total = [...single.values()].reduce((s, j) => s + j.findings.length, 0);
    // one line per finding (messages with line breaks are quoted, so count records by their file name)
    const records = findings.split("\r\n").filter((l) => /^(dinas lain\/)?[a-z0-9-]+\.xlsx,/.test(l));
    expect(records).toHaveLength(total);
    expect(predikat).toMatch(/Sangat Tinggi,\d+,\d+/);
    for (const line of [...summary.split("\r\n"), ...findings.split("\r\n")]) {
      for (const field of line.split(",")) expect(field).not.toMatch(/^=/);
    }
  });
});
