/**
 * End to end: the task pane page as built (taskpane.html + the ES5 boot.js + taskpane.js) in headless
 * Chromium (playwright-core), once with an Internet Explorer 11 (Trident) user agent, as Excel
 * 2016/2019 perpetual would load it, and once with a normal one.
 *
 * - Trident: the bundle is never requested, the bilingual message is shown (screenshot
 *   test-output/e2e-screenshots/trident-message.png), and no script error occurs.
 * - Chromium: the bundle loads and the real task pane renders (outside Office: Office.js from the
 *   CDN is blocked like every external request, so it renders as in a plain browser).
 * - Trident, ribbon command (commands.html, Office.js replaced by a small stand-in that records
 *   dialogs): commands.js is never requested, checkSheet opens the message page in a dialog and
 *   completes its event when the dialog is closed; the dialog page shows the message and a Close
 *   button (screenshot trident-dialog.png).
 */
import fs from "fs";
import path from "path";
import { chromium, type Browser } from "playwright-core";
import { buildEntries, ROOT } from "./support/build";
import { serveStatic, type StaticServer } from "./support/server";
import { t } from "../../src/taskpane/i18n";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const OUT = path.join(ROOT, "test-output");
const BUILD_DIR = path.join(OUT, "trident-build");
const SHOTS = path.join(OUT, "e2e-screenshots");
const IE11 = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; ms-office; MSOffice 16) like Gecko";

jest.setTimeout(180_000);

/** The task pane and ribbon command pages as built by the project's webpack config. */
async function buildTaskpane(outDir: string): Promise<void> {
  await buildEntries(outDir, ["taskpane", "commands"]);
}

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  await buildTaskpane(BUILD_DIR);
  server = await serveStatic(BUILD_DIR);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
});

const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

/**
 * A stand-in for Office.js in the ribbon's function file: onReady at once, a dialog API that records
 * the URLs it opens and lets the test close the dialog.
 */
const OFFICE_STUB = `
window.__dialogs = [];
window.Office = {
  context: { displayLanguage: "en-US", ui: {
    displayDialogAsync: function (url, options, cb) {
      var handlers = {};
      window.__dialogs.push({ url: url, handlers: handlers });
      cb({ status: "succeeded", value: { addEventHandler: function (t, f) { handlers[t] = f; }, close: function () {} } });
    } } },
  EventType: { DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" },
  onReady: function (cb) { setTimeout(cb, 0); return Promise.resolve({}); }
};`;

/** Opens a page (taskpane.html by default) with a user agent; external requests (Office.js CDN) are blocked unless stubbed. */
async function open(userAgent: string | undefined, locale: string, pagePath = "/taskpane.html", officeStub?: string) {
  const context = await browser.newContext({ viewport: { width: 420, height: 760 }, locale, ...(userAgent ? { userAgent } : {}) });
  const requested: string[] = [];
  const errors: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    requested.push(url);
    if (officeStub && url === OFFICE_JS) return route.fulfill({ status: 200, contentType: "text/javascript", body: officeStub });
    return url.startsWith(server.url + "/") ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}${pagePath}`);
  return { context, page, requested, errors };
}

test("a Trident user agent gets the bilingual message and never loads the bundle", async () => {
  const { context, page, requested, errors } = await open(IE11, "id-ID");
  try {
    const box = page.getByTestId("capaian-unsupported");
    await box.waitFor({ timeout: 30_000 });
    expect(await box.getAttribute("data-lang")).toBe("id");
    const text = await box.innerText();
    expect(text).toContain("Capaian tidak dapat berjalan di Excel ini");
    expect(text).toContain("Capaian cannot run in this Excel");
    expect(text).toMatch(/Microsoft 365 dan Excel 2021 atau lebih baru di Windows, dengan Microsoft Edge WebView2/);
    expect(text).toMatch(/Excel on the web/);
    expect(text).toMatch(/capaian check, capaian fill/);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SHOTS, "trident-message.png"), fullPage: true });
    expect(requested.some((u) => u.endsWith("/boot.js"))).toBe(true);
    expect(requested.filter((u) => u.endsWith("/taskpane.js"))).toEqual([]);
    expect(await page.getByTestId("taskpane").count()).toBe(0);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test("a normal user agent loads the bundle and renders the task pane", async () => {
  const { context, page, requested, errors } = await open(undefined, "en-US");
  try {
    await page.getByRole("heading", { name: t("en", "app.title") }).waitFor({ timeout: 60_000 });
    expect(requested.some((u) => u.endsWith("/taskpane.js"))).toBe(true);
    expect(await page.getByTestId("capaian-unsupported").count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, "taskpane-normal-ua.png"), fullPage: true });
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test("Trident ribbon command: no commands.js, the message in a dialog, event completed when it closes", async () => {
  const { context, page, requested, errors } = await open(IE11, "en-US", "/commands.html", OFFICE_STUB);
  try {
    await page.waitForFunction(() => typeof (window as unknown as { checkSheet?: unknown }).checkSheet === "function");
    const result = await page.evaluate(() => {
      const w = window as unknown as {
        checkSheet(e: { completed(): void }): void;
        __dialogs: { url: string; handlers: Record<string, () => void> }[];
      };
      let completed = 0;
      w.checkSheet({ completed: () => completed++ });
      const afterOpen = completed;
      w.__dialogs[0].handlers.dialogEventReceived(); // the user closes the dialog
      return { dialogs: w.__dialogs.map((d) => d.url), afterOpen, completed };
    });
    expect(result.dialogs).toEqual([`${server.url}/taskpane.html?capaian=unsupported`]);
    expect(result.afterOpen).toBe(0);
    expect(result.completed).toBe(1);
    expect(requested.filter((u) => u.endsWith("/commands.js"))).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
  // the dialog's page: the message with a Close button
  const dialog = await open(IE11, "en-US", "/taskpane.html?capaian=unsupported", OFFICE_STUB);
  try {
    const box = dialog.page.getByTestId("capaian-unsupported");
    await box.waitFor({ timeout: 30_000 });
    expect(await box.getAttribute("data-lang")).toBe("en");
    await dialog.page.getByRole("button", { name: "Close / Tutup" }).waitFor();
    await dialog.page.screenshot({ path: path.join(SHOTS, "trident-dialog.png"), fullPage: true });
    expect(dialog.errors).toEqual([]);
  } finally {
    await dialog.context.close();
  }
});
