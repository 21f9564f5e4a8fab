/**
 * End to end: the REAL task pane in a real browser (Debian Chromium via playwright-core), on the
 * workbench's stand-in Excel, over a seed-built sample workbook.
 *
 * Builds the workbench with webpack, serves it from 127.0.0.1, and drives it as a person would:
 * open the sample, scan, correct a column role, fill, check (marking the findings, then clicking
 * one selects its cell), build the summaries, undo everything; then the error paths: a workbook
 * without a recognisable table, and a protected sheet. Each step asserts cells and messages and
 * leaves a screenshot in test-output/e2e-screenshots/<step>.png.
 *
 * The expected cells come from running the same engine in Node over the same sample (with the
 * corrections the task pane stored in the workbook), so the test checks that what the task pane
 * wrote through the Excel API is exactly the engine's plan, and that the formulas it wrote compute
 * (in the workbench's evaluator) the value the engine expects.
 */
import fs from "fs";
import path from "path";
import ExcelJS from "exceljs";
import { chromium, type Browser, type BrowserContext, type Page, type Locator } from "playwright-core";
import { buildWorkbench, ROOT } from "./support/build";
import { serveStatic, type StaticServer } from "./support/server";
import { fixtureBuffer } from "../fixtures";
import { readBook } from "../../src/xlsx/read";
import { analyze } from "../../src/core/engine";
import { engineOptionsOf, emptyCorrections, type Corrections } from "../../src/excel/settings";
import { protectedSheetError } from "../../src/excel/errors";
import { t } from "../../src/taskpane/i18n";
import type { CellWrite, TableModel } from "../../src/core/model";
import { areaA1 } from "../../src/core/grid";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const OUT = path.join(ROOT, "test-output");
const BUILD_DIR = path.join(OUT, "workbench-build");
const SHOTS = path.join(OUT, "e2e-screenshots");
const SAMPLE = "lumajang-2021-renja";
const SAMPLE2 = "sumenep-2023-matrix";
const SHEET = "Evaluasi Renja TW IV";
const L = "id" as const; // the workbench reports displayLanguage id-ID: the pane speaks Bahasa Indonesia

jest.setTimeout(180_000);

let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const blocked: string[] = [];
const pageErrors: string[] = [];

type Dump = [string, Record<string, unknown>][];

async function shot(step: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${step}.png`), fullPage: false });
}

function pane(): Locator {
  return page.getByTestId("taskpane");
}

function cell(sheet: string, a1: string): Locator {
  return page.locator(`td[data-sheet="${sheet}"][data-cell="${a1}"]`);
}

async function dumpSheets(): Promise<Dump> {
  return page.evaluate(() => {
    const wb = window.__capaianWorkbench!.workbook();
    return wb.sheets.map((s) => [s.name, wb.dump(s.name)] as [string, Record<string, unknown>]);
  });
}

async function sheetNames(): Promise<string[]> {
  return page.locator('[data-testid="sheet-tab"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-sheet") ?? ""));
}

async function statusText(): Promise<string> {
  return (await pane().getByRole("status").innerText()).trim();
}

/** Waits until the pane's status region shows `re` (and the pane is not busy). */
async function waitStatus(re: RegExp, timeout = 45_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const text = await statusText();
    if (re.test(text)) return text;
    if (Date.now() - started > timeout) throw new Error(`status never matched ${re}; last: ${JSON.stringify(text)}`);
    await page.waitForTimeout(100);
  }
}

async function clickPaneTab(key: "tab.scan" | "tab.fill" | "tab.check" | "tab.summary" | "tab.undo"): Promise<void> {
  await pane().getByRole("tab", { name: t(L, key), exact: true }).click();
}

async function openSample(id: string): Promise<void> {
  await page.getByTestId("sample-select").selectOption(id);
  await page.locator(`[data-testid="workbench"][data-ready="true"][data-workbook="${id}.xlsx"]`).waitFor({ timeout: 30_000 });
  await pane().getByRole("button", { name: t(L, "scan.button") }).waitFor();
}

async function sampleBytes(id: string): Promise<Buffer> {
  const file = path.join(ROOT, "samples", `${id}.xlsx`);
  return fs.existsSync(file) ? fs.readFileSync(file) : fixtureBuffer(id);
}

/** Clicks the workbench's Download button and saves the file under test-output/e2e-downloads. */
async function downloadWorkbook(name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download").click()]);
  const saved = path.join(OUT, "e2e-downloads", `${name}.xlsx`);
  fs.mkdirSync(path.dirname(saved), { recursive: true });
  await download.saveAs(saved);
  expect(download.suggestedFilename()).toMatch(/-capaian\.xlsx$/);
  return saved;
}

function colName(c: number): string {
  let s = "";
  for (let k = c + 1; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

function near(a: unknown, b: unknown): boolean {
  if (typeof b === "number") {
    const x = Number(a);
    return Number.isFinite(x) && Math.abs(x - b) <= 1e-9 * Math.max(1, Math.abs(b));
  }
  return String(a ?? "") === String(b ?? "");
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
   
  console.log(`e2e screenshots: ${SHOTS}`);
  const ms = await buildWorkbench(BUILD_DIR);
  // the build copies samples/*.xlsx when they exist; otherwise serve the seed-built fixture itself
  const samplesDir = path.join(BUILD_DIR, "samples");
  fs.mkdirSync(samplesDir, { recursive: true });
  for (const id of [SAMPLE, SAMPLE2]) {
    if (fs.existsSync(path.join(samplesDir, `${id}.xlsx`))) continue;
    fs.writeFileSync(path.join(samplesDir, `${id}.xlsx`), await fixtureBuffer(id));
    const list = fs.readdirSync(samplesDir).filter((f) => f.endsWith(".xlsx"));
    fs.writeFileSync(path.join(samplesDir, "index.json"), JSON.stringify(list.sort()));
  }
  server = await serveStatic(BUILD_DIR);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  context = await browser.newContext({ viewport: { width: 1500, height: 920 }, acceptDownloads: true });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url + "/") || url.startsWith("blob:") || url.startsWith("data:")) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
   
  console.log(`workbench built in ${ms} ms, served at ${server.url}/workbench.html`);
}, 240_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
});

describe("workbench end to end", () => {
  let initial: Dump;
  let corrections: Corrections = emptyCorrections();
  let fillFormulaCell: { addr: string; formula: string; expected: unknown } | undefined;
  let table: TableModel | undefined;

  test("01 the page loads with the sample and the real task pane, and no external request", async () => {
    await page.goto(`${server.url}/workbench.html?sample=${SAMPLE}`);
    await page.locator(`[data-testid="workbench"][data-ready="true"][data-workbook="${SAMPLE}.xlsx"]`).waitFor({ timeout: 30_000 });
    await pane().getByRole("heading", { name: t(L, "app.title") }).waitFor();
    expect(await sheetNames()).toEqual([SHEET]);
    expect(await cell(SHEET, "D13").innerText()).toBe("Jumlah UM yang diberdayakan");
    expect(await cell(SHEET, "E13").innerText()).toBe("540");
    initial = await dumpSheets();
    await shot("01-open");
    expect(blocked).toEqual([]);
  });

  test("02 scan lists the recognised table", async () => {
    // what the engine recognises in this sample (same code, in Node)
    const book = await readBook(await sampleBytes(SAMPLE), `${SAMPLE}.xlsx`);
    const tables = analyze(book, { sheets: [SHEET], fill: false }).recognition.tables;
    expect(tables.length).toBeGreaterThan(0);
    table = tables[0];
    await pane().getByRole("button", { name: t(L, "scan.button") }).click();
    await pane().getByText(t(L, "scan.found", { n: tables.length })).waitFor({ timeout: 30_000 });
    const header = pane().getByRole("button", { name: `${SHEET} · ${areaA1(table.area)}`, exact: false });
    await header.first().waitFor();
    await header.first().click();
    for (const c of table.columns.slice(0, 5)) {
      expect(await pane().getByLabel(t(L, "table.roleOf", { col: colName(c.col) }), { exact: true }).inputValue()).toBe(c.role);
    }
    await shot("02-scan");
  });

  test("03 correcting a column role is stored in the workbook", async () => {
    // a descriptive column (not computed, not an input of a computation): its correction is harmless
    const DESCRIPTIVE = ["keterangan", "penanggung_jawab", "sumber_dana", "sumber_data"];
    const col = [...table!.columns].reverse().find((c) => DESCRIPTIVE.includes(c.role))!;
    expect(col).toBeDefined();
    const next = col.role === "penanggung_jawab" ? "keterangan" : "penanggung_jawab";
    const select = pane().getByLabel(t(L, "table.roleOf", { col: colName(col.col) }), { exact: true });
    expect(await select.inputValue()).toBe(col.role);
    await select.selectOption(next);
    await pane().getByText(t(L, "table.corrected"), { exact: true }).first().waitFor();
    await page.waitForFunction((role) => {
      const v = window.__capaianWorkbench!.workbook().settings.get("capaian.corrections");
      return typeof v === "string" && v.includes(role);
    }, next);
    corrections = JSON.parse(
      await page.evaluate(() => String(window.__capaianWorkbench!.workbook().settings.get("capaian.corrections"))),
    ) as Corrections;
    expect(corrections.roles[`${table!.id}#${col.col}`]).toMatchObject({ role: next });
    await select.scrollIntoViewIfNeeded();
    await shot("03-correct-role");
  });

  test("04 fill writes the engine's formulas into the sheet, and they compute the expected values", async () => {
    // what the engine plans for this sample with these corrections (same code, run in Node)
    const book = await readBook(await sampleBytes(SAMPLE), `${SAMPLE}.xlsx`);
    const plan = analyze(book, { ...engineOptionsOf(corrections), sheets: [SHEET], fill: { force: false, values: false, addColumns: [] } }).plan;
    const written = plan.writes.filter((w): w is CellWrite & { formula: string } => typeof w.formula === "string");
    expect(written.length).toBeGreaterThan(10);

    await clickPaneTab("tab.fill");
    const syncsBefore = await page.evaluate(() => window.__capaianWorkbench!.workbook().stats.syncs);
    await pane().getByRole("button", { name: t(L, "fill.button") }).click();
    const status = await waitStatus(/(\d+) sel ditulis/);
    const syncs = (await page.evaluate(() => window.__capaianWorkbench!.workbook().stats.syncs)) - syncsBefore;
    // reading the sheet, the before-image for Undo and the writes: a handful of round trips, not one per cell
    expect(syncs).toBeLessThanOrEqual(20);
    const n = Number(/(\d+) sel ditulis/.exec(status)![1]);
    expect(n).toBeGreaterThanOrEqual(written.length);

    const grid = await page.evaluate(() => window.__capaianWorkbench!.workbook().dump("Evaluasi Renja TW IV", { evaluation: true })) as Record<string, { f?: string; v: unknown; calc?: string }>;
    const colLetters = colName;
    const mismatches: string[] = [];
    for (const w of written) {
      const addr = `${colLetters(w.col)}${w.row + 1}`;
      const got = grid[addr];
      if (!got || got.f !== w.formula) mismatches.push(`${addr}: formula ${got?.f} ≠ ${w.formula}`);
      else if (got.calc !== "evaluated") mismatches.push(`${addr}: ${w.formula} not evaluated by the workbench (${got.calc})`);
      else if (w.expected !== undefined && w.expected !== null && !near(got.v, w.expected)) {
        mismatches.push(`${addr}: ${w.formula} computes ${String(got.v)} in the workbench, engine expects ${String(w.expected)}`);
      }
    }
    expect(mismatches).toEqual([]);
    // the grid shows them: the formula in the tooltip, the computed value in the cell
    const first = written.find((w) => typeof w.expected === "number") ?? written[0];
    fillFormulaCell = { addr: `${colLetters(first.col)}${first.row + 1}`, formula: first.formula, expected: first.expected };
    const td = cell(SHEET, `${colLetters(first.col)}${first.row + 1}`);
    expect(await td.getAttribute("data-formula")).toBe(first.formula);
    expect((await td.getAttribute("title")) ?? "").toContain(first.formula);
    await td.scrollIntoViewIfNeeded();
    await shot("04-fill");
  });

  test("05 check lists the engine's findings and marks them; clicking one selects its cell in the grid", async () => {
    // the findings the engine (CLI path) gives for the workbook as it stands after the fill
    const filledFile = await downloadWorkbook("after-fill");
    const filledBook = await readBook(filledFile, `${SAMPLE}.xlsx`);
    const expectedFindings = analyze(filledBook, { ...engineOptionsOf(corrections), sheets: [SHEET], fill: false }).findings;
    expect(expectedFindings.length).toBeGreaterThan(0);
    const before = await sheetNames();
    await clickPaneTab("tab.check");
    await pane().getByLabel(t(L, "check.mark")).check();
    await pane().getByRole("button", { name: t(L, "check.button") }).click();
    await pane().getByText(/^\d+ temuan$/).waitFor({ timeout: 45_000 });
    const count = Number(/^(\d+)/.exec(await pane().getByText(/^\d+ temuan$/).innerText())![1]);
    expect(count).toBe(expectedFindings.length);
    const labels = await pane()
      .getByRole("button", { name: /^Pilih sel \S+ di lembar / })
      .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""));
    const wanted = expectedFindings.map((f) => `${t(L, "check.select", { cell: f.cell, sheet: f.sheet })}: ${f.message.id}`);
    expect([...labels].sort()).toEqual([...wanted].sort());
    await waitStatus(new RegExp(t(L, "check.marked").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    // a findings sheet appeared and flagged cells carry a fill and a note
    const after = await sheetNames();
    expect(after.length).toBe(before.length + 1);
    const noted = await page.evaluate((name) => {
      const wb = window.__capaianWorkbench!.workbook();
      return Object.entries(wb.dump(name))
        .filter(([, c]) => c.note !== undefined && c.fill !== undefined)
        .map(([a]) => a);
    }, SHEET);
    expect(noted.length).toBeGreaterThan(0);
    const findingCells = new Set(expectedFindings.filter((f) => f.sheet === SHEET).map((f) => f.cell));
    expect(noted.filter((a) => !findingCells.has(a))).toEqual([]); // marks only where there are findings
    await shot("05-check");

    const buttons = pane().getByRole("button", { name: /^Pilih sel \S+ di lembar / });
    expect(await buttons.count()).toBe(count);
    const target = buttons.nth(Math.min(1, count - 1));
    const label = (await target.getAttribute("aria-label")) ?? "";
    const m = /^Pilih sel (\S+) di lembar (.+?): /.exec(label)!;
    const [addr, sheet] = [m[1], m[2]];
    await target.click();
    await page.locator(`td[data-sheet="${sheet}"][data-cell="${addr}"][data-selected="true"]`).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("name-box").innerText()).toBe(addr);
    expect(await page.locator('[data-testid="sheet-tab"][aria-selected="true"]').getAttribute("data-sheet")).toBe(sheet);
    expect(await page.locator('td[data-selected="true"]').count()).toBe(1);
    await shot("06-finding-selected");
  });

  test("06 download writes formulas and values; summaries add their sheets, computing what the engine expects", async () => {
    // the workbook as it stands (filled and marked), through the Download button
    const saved = await downloadWorkbook("before-summaries");
    const xl = new ExcelJS.Workbook();
    await xl.xlsx.readFile(saved);
    const filled = fillFormulaCell!;
    const x = xl.getWorksheet(SHEET)!.getCell(filled.addr).value as { formula?: string; result?: unknown };
    expect("=" + x.formula).toBe(filled.formula);
    expect(near(x.result, filled.expected)).toBe(true);
    expect(xl.worksheets.map((w) => w.name)).toEqual(await sheetNames());

    // what the engine plans for the summaries of that workbook
    const book = await readBook(saved, `${SAMPLE}.xlsx`);
    const planned = analyze(book, { ...engineOptionsOf(corrections), sheets: [SHEET], fill: false, summary: true }).plan.sheets;
    expect(planned.length).toBeGreaterThan(0);

    const before = await sheetNames();
    await clickPaneTab("tab.summary");
    await pane().getByRole("button", { name: t(L, "summary.button") }).click();
    const status = await waitStatus(/Lembar dibuat: /);
    const after = await sheetNames();
    const added = after.filter((s) => !before.includes(s));
    expect(added.sort()).toEqual(planned.map((p) => p.name).sort());
    for (const s of added) expect(status).toContain(s);

    // every planned cell is there; every formula computes (in the workbench) the engine's value
    const mismatches: string[] = [];
    let formulas = 0;
    for (const sp of planned) {
      const got = (await page.evaluate((name) => window.__capaianWorkbench!.workbook().dump(name, { evaluation: true }), sp.name)) as Record<string, { f?: string; v: unknown; calc?: string }>;
      for (const w of sp.cells) {
        const addr = colName(w.col) + (w.row + 1);
        const g = got[addr];
        if (w.formula) {
          formulas++;
          if (!g || g.f !== w.formula) mismatches.push(`${sp.name}!${addr}: formula ${g?.f} ≠ ${w.formula}`);
          else if (g.calc !== "evaluated") mismatches.push(`${sp.name}!${addr}: ${w.formula} not evaluated by the workbench`);
          else if (w.expected !== undefined && !near(g.v, w.expected ?? "")) mismatches.push(`${sp.name}!${addr}: ${w.formula} = ${String(g.v)}, engine expects ${String(w.expected)}`);
        } else if (w.value !== undefined && w.value !== null && !near(g?.v, w.value)) {
          mismatches.push(`${sp.name}!${addr}: value ${String(g?.v)} ≠ ${String(w.value)}`);
        }
      }
    }
    expect(formulas).toBeGreaterThan(5);
    expect(mismatches).toEqual([]);
    // the generated sheet is shown, with its chart(s)
    await page.locator(`[data-testid="sheet-tab"][data-sheet="Ringkasan Capaian"]`).click();
    expect(await page.locator('td[data-sheet="Ringkasan Capaian"][data-value]').count()).toBeGreaterThan(5);
    const charts = planned.find((p) => p.name === "Ringkasan Capaian")!.charts.length;
    expect(await page.getByTestId("chart").count()).toBe(charts);
    // each chart plots its measure against the 100 % reference line, nothing else (issue 12, item 6)
    const plotted = await page.getByTestId("chart").evaluateAll((els) => els.map((e) => e.getAttribute("data-series")));
    expect(plotted).toEqual(
      planned
        .find((p) => p.name === "Ringkasan Capaian")!
        .charts.map((c) => `${c.series.map((x) => x.name).join(" | ")} | Acuan / Reference ${c.referenceLine} [Line]`),
    );
    expect(plotted.every((p) => /^(Capaian|Penyerapan) \(%\) \| Acuan \/ Reference 100 \[Line\]$/.test(p ?? ""))).toBe(true);
    await shot("07-summaries");
    if (charts > 0) {
      await page.getByTestId("chart").first().scrollIntoViewIfNeeded();
      await shot("07b-summary-chart");
    }
  });

  test("07 undo, step by step, restores every cell as before", async () => {
    await clickPaneTab("tab.undo");
    const undo = pane().getByRole("button", { name: t(L, "undo.button") });
    // summaries, then the findings' marks, then the fill
    for (let i = 0; i < 3; i++) {
      await undo.click();
      await waitStatus(/^[\s\S]*Dibatalkan: /);
    }
    expect(await sheetNames()).toEqual([SHEET]);
    const now = await dumpSheets();
    expect(now).toEqual(initial);
    await pane().getByText(t(L, "undo.none")).waitFor();
    expect(await undo.isDisabled()).toBe(true);
    await page.locator(`[data-testid="sheet-tab"][data-sheet="${SHEET}"]`).click();
    await shot("08-undo");
  });

  test("08 a workbook without a recognisable table: the pane says so", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Daftar Pegawai");
    ws.addRow(["Nama", "NIP", "Jabatan", "Tanggal lahir"]);
    ws.addRow(["Siti Aminah", "198501012010012001", "Analis Kebijakan", "1985-01-01"]);
    ws.addRow(["Budi Santoso", "197903152005011002", "Perencana Ahli Muda", "1979-03-15"]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    await page.getByTestId("file-input").setInputFiles({ name: "daftar-pegawai.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer });
    await page.locator('[data-testid="workbench"][data-ready="true"][data-workbook="daftar-pegawai.xlsx"]').waitFor({ timeout: 30_000 });
    const before = await dumpSheets();
    await pane().getByRole("button", { name: t(L, "scan.button") }).click();
    await waitStatus(new RegExp(t(L, "scan.none").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    expect(await statusText()).toContain("Daftar Pegawai");
    await clickPaneTab("tab.fill");
    await pane().getByRole("button", { name: t(L, "fill.button") }).click();
    await waitStatus(/0 sel ditulis|Gagal|Perhatian/);
    expect(await dumpSheets()).toEqual(before);
    await shot("09-no-table");
  });

  test("09 a protected sheet: a clear message and nothing written", async () => {
    await openSample(SAMPLE);
    await page.getByTestId("toggle-protection").click();
    await page.getByTestId("protected-badge").waitFor();
    const before = await dumpSheets();
    await pane().getByRole("button", { name: t(L, "scan.button") }).click();
    await pane().getByText(/\d+ tabel dikenali/).waitFor({ timeout: 30_000 });
    await clickPaneTab("tab.fill");
    await pane().getByRole("button", { name: t(L, "fill.button") }).click();
    const expected = protectedSheetError([SHEET]).text.id;
    const status = await waitStatus(/diproteksi/);
    expect(status).toContain(expected);
    expect(await dumpSheets()).toEqual(before);
    const undoStack = await page.evaluate(() => window.__capaianWorkbench!.workbook().settings.get("capaian.undo.index") ?? null);
    expect(undoStack === null || undoStack === "[]").toBe(true);
    await shot("10-protected");
  });

  test("10 English, ExcelApi 1.12 (comments instead of notes), another sample: fill, check with marks, undo", async () => {
    const en = await context.newPage();
    en.on("pageerror", (e) => pageErrors.push(e.message));
    await en.goto(`${server.url}/workbench.html?sample=${SAMPLE2}&lang=en-US&api=1.12`);
    await en.locator(`[data-testid="workbench"][data-ready="true"][data-workbook="${SAMPLE2}.xlsx"]`).waitFor({ timeout: 30_000 });
    const p = en.getByTestId("taskpane");
    const status = async (re: RegExp) => {
      const started = Date.now();
      for (;;) {
        const text = (await p.getByRole("status").innerText()).trim();
        if (re.test(text)) return text;
        if (Date.now() - started > 45_000) throw new Error(`status never matched ${re}; last: ${JSON.stringify(text)}`);
        await en.waitForTimeout(100);
      }
    };
    const dump = () => en.evaluate(() => {
      const wb = window.__capaianWorkbench!.workbook();
      return wb.sheets.map((x) => [x.name, wb.dump(x.name)] as [string, Record<string, unknown>]);
    });
    const initial2 = await dump();
    const sheet = initial2[0][0];
    await p.getByRole("button", { name: t("en", "scan.button") }).click();
    await p.getByText(/^\d+ tables? recogni[sz]ed/i).waitFor({ timeout: 30_000 });
    await p.getByRole("tab", { name: t("en", "tab.fill"), exact: true }).click();
    await p.getByRole("button", { name: t("en", "fill.button") }).click();
    const filled = await status(/\d+ cells? written/i);
    expect(Number(/(\d+) cells? written/i.exec(filled)![1])).toBeGreaterThan(0);
    await p.getByRole("tab", { name: t("en", "tab.check"), exact: true }).click();
    await p.getByLabel(t("en", "check.mark")).check();
    await p.getByRole("button", { name: t("en", "check.button") }).click();
    await status(new RegExp(t("en", "check.marked").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    const comments = await en.evaluate((name) => {
      const s = window.__capaianWorkbench!.workbook().sheet(name)!;
      return [...s.cells()].filter(([, , c]) => c.note !== undefined).map(([, , c]) => c.noteKind);
    }, sheet);
    expect(comments.length).toBeGreaterThan(0);
    expect(new Set(comments)).toEqual(new Set(["comment"]));
    await en.screenshot({ path: path.join(SHOTS, "11-english-comments.png") });
    await p.getByRole("tab", { name: t("en", "tab.undo"), exact: true }).click();
    for (let i = 0; i < 2; i++) {
      await p.getByRole("button", { name: t("en", "undo.button") }).click();
      await status(/Undone|undone/);
    }
    expect(await dump()).toEqual(initial2);
    await en.close();
  });

  test("11 no page error and no external request during the whole run", () => {
    expect(pageErrors).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
