/**
 * @jest-environment jsdom
 *
 * The ES5 boot script of taskpane.html and commands.html (src/taskpane/boot.js): it parses as
 * ECMAScript 5 (Internet Explorer 11 can run it), it loads the bundle on a modern browser, and on
 * Trident / EdgeHTML it loads nothing and shows the bilingual message; the ribbon's checkSheet
 * completes its event there.
 */
import fs from "fs";
import path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const SOURCE = fs.readFileSync(path.join(ROOT, "src", "taskpane", "boot.js"), "utf8");
// acorn ships with webpack/eslint; a parser that knows ES5 only.
const acorn = require("acorn") as { parse(src: string, o: { ecmaVersion: number; sourceType: string }): unknown };

const IE11 = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; ms-office; MSOffice 16) like Gecko";
const EDGE_HTML = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041";
const WEBVIEW2 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0";

interface BootApi {
  legacy: boolean;
  isLegacyHost(ua: string): boolean;
  languageOf(tag: string): "id" | "en";
  messages: Record<"id" | "en", { title: string; hosts: string[]; fix: string; web: string; cli: string }>;
}
type W = Window & { CapaianBoot?: BootApi; checkSheet?: (e: { completed(): void }) => void; Office?: unknown };

function setNavigator(ua: string, language: string): void {
  Object.defineProperty(window.navigator, "userAgent", { value: ua, configurable: true });
  Object.defineProperty(window.navigator, "language", { value: language, configurable: true });
}

function page(bundle = "taskpane.js"): void {
  document.body.innerHTML = `<div id="container"></div><script id="capaian-boot" data-bundle="${bundle}"></script>`;
}

function runBoot(): BootApi {
  new Function(SOURCE)();
  return (window as W).CapaianBoot!;
}

function bundleScripts(): string[] {
  return [...document.querySelectorAll("script[src]")].map((s) => s.getAttribute("src") ?? "");
}

afterEach(() => {
  const w = window as W;
  delete w.CapaianBoot;
  delete w.checkSheet;
  delete w.Office;
  document.body.innerHTML = "";
});

test("is ECMAScript 5: acorn with ecmaVersion 5 parses it", () => {
  expect(() => acorn.parse(SOURCE, { ecmaVersion: 5, sourceType: "script" })).not.toThrow();
  // and the check can fail: a single ES2015 construct is refused
  expect(() => acorn.parse(SOURCE.replace("var d = w.document;", "const d = w.document;"), { ecmaVersion: 5, sourceType: "script" })).toThrow();
  expect(() => acorn.parse("var f = (a) => a;", { ecmaVersion: 5, sourceType: "script" })).toThrow();
});

test("no ES2015+ library calls that Internet Explorer 11 lacks", () => {
  const code = SOURCE.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  for (const banned of [".includes(", ".startsWith(", ".endsWith(", "Object.assign", "Array.from", ".forEach(", "Promise", "`", "=>", ".closest(", ".append(", ".remove()", "currentScript"]) {
    expect([banned, code.includes(banned)]).toEqual([banned, false]);
  }
});

test("recognises Trident and EdgeHTML, not Chromium Edge (Edg/) or WebKit", () => {
  setNavigator(WEBVIEW2, "en-US");
  page();
  const boot = runBoot();
  expect(boot.isLegacyHost(IE11)).toBe(true);
  expect(boot.isLegacyHost(EDGE_HTML)).toBe(true);
  expect(boot.isLegacyHost(WEBVIEW2)).toBe(false);
  expect(boot.isLegacyHost("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko)")).toBe(false);
  expect(boot.languageOf("id-ID")).toBe("id");
  expect(boot.languageOf("in-ID")).toBe("id");
  expect(boot.languageOf("en-GB")).toBe("en");
  expect(boot.languageOf("")).toBe("en");
});

test("a modern browser gets the bundle and no message", () => {
  setNavigator(WEBVIEW2, "id-ID");
  page("taskpane.js");
  const boot = runBoot();
  expect(boot.legacy).toBe(false);
  expect(bundleScripts()).toEqual(["taskpane.js"]);
  expect(document.getElementById("capaian-unsupported")).toBeNull();
  expect((window as W).checkSheet).toBeUndefined();
});

test.each([
  ["Trident", IE11, "id-ID", "id"],
  ["EdgeHTML", EDGE_HTML, "en-US", "en"],
])("%s: no bundle, the bilingual message in the browser's language first", (_name, ua, language, first) => {
  setNavigator(ua, language);
  page("taskpane.js");
  const boot = runBoot();
  expect(boot.legacy).toBe(true);
  expect(bundleScripts()).toEqual([]);
  const box = document.getElementById("capaian-unsupported")!;
  expect(box).not.toBeNull();
  expect(box.getAttribute("role")).toBe("alert");
  const sections = [...box.querySelectorAll("section")].map((s) => s.getAttribute("lang"));
  expect(sections).toEqual(first === "id" ? ["id", "en"] : ["en", "id"]);
  const text = box.textContent ?? "";
  for (const lang of ["id", "en"] as const) {
    const m = boot.messages[lang];
    expect(text).toContain(m.title);
    for (const h of m.hosts) expect(text).toContain(h);
    expect(text).toContain(m.fix);
    expect(text).toContain(m.web);
    expect(text).toContain(m.cli);
  }
  // what the message promises
  expect(text).toMatch(/Microsoft 365/);
  expect(text).toMatch(/Excel 2021/);
  expect(text).toMatch(/WebView2/);
  expect(text).toMatch(/Mac/);
  expect(text).toMatch(/Excel on the web/);
  expect(text).toMatch(/Excel di web/);
  expect(text).toMatch(/capaian check/);
});

test("Trident: Office's display language reorders the message once Office is ready", () => {
  setNavigator(IE11, "en-US");
  let ready: (() => void) | undefined;
  (window as W).Office = { context: { displayLanguage: "id-ID" }, onReady: (cb: () => void) => (ready = cb) };
  page();
  runBoot();
  expect(document.getElementById("capaian-unsupported")!.getAttribute("data-lang")).toBe("en");
  ready!();
  expect(document.querySelectorAll("#capaian-unsupported").length).toBe(1);
  expect(document.getElementById("capaian-unsupported")!.getAttribute("data-lang")).toBe("id");
});

test("Trident ribbon command: the message in a dialog, event.completed() once the dialog closes", () => {
  setNavigator(IE11, "id-ID");
  const handlers: Record<string, () => void> = {};
  const dialog = { addEventHandler: (type: string, fn: () => void) => (handlers[type] = fn), close: jest.fn() };
  const displayDialogAsync = jest.fn((_url: string, _o: object, cb: (r: object) => void) => cb({ status: "succeeded", value: dialog }));
  (window as W).Office = {
    context: { ui: { displayDialogAsync } },
    EventType: { DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" },
  };
  page("commands.js");
  runBoot();
  expect(bundleScripts()).toEqual([]);
  const checkSheet = (window as W).checkSheet!;
  expect(typeof checkSheet).toBe("function");
  const event = { completed: jest.fn() };
  checkSheet(event);
  expect(displayDialogAsync).toHaveBeenCalledTimes(1);
  expect(displayDialogAsync.mock.calls[0][0]).toMatch(/\/taskpane\.html\?capaian=unsupported$/);
  expect(event.completed).not.toHaveBeenCalled();
  handlers.dialogEventReceived(); // the user closed the dialog
  expect(event.completed).toHaveBeenCalledTimes(1);
  handlers.dialogMessageReceived(); // a late message completes nothing twice
  expect(event.completed).toHaveBeenCalledTimes(1);
});

test("Trident ribbon command without a dialog API, or when the dialog fails: completes at once", () => {
  setNavigator(EDGE_HTML, "en-US");
  page("commands.js");
  runBoot();
  const event = { completed: jest.fn() };
  (window as W).checkSheet!(event);
  expect(event.completed).toHaveBeenCalledTimes(1);

  (window as W).Office = { context: { ui: { displayDialogAsync: (_u: string, _o: object, cb: (r: object) => void) => cb({ status: "failed", error: { code: 12007 } }) } } };
  const event2 = { completed: jest.fn() };
  (window as W).checkSheet!(event2);
  expect(event2.completed).toHaveBeenCalledTimes(1);
});

test("the dialog page shows a Close button that tells the command to close the dialog", () => {
  setNavigator(IE11, "id-ID");
  window.history.replaceState(null, "", "/taskpane.html?capaian=unsupported");
  const messageParent = jest.fn();
  (window as W).Office = { context: { ui: { messageParent } } };
  try {
    page();
    runBoot();
    const button = document.querySelector<HTMLButtonElement>("#capaian-unsupported button")!;
    expect(button.textContent).toBe("Tutup / Close");
    button.click();
    expect(messageParent).toHaveBeenCalledWith("close");
  } finally {
    window.history.replaceState(null, "", "/");
  }
});

test("both pages load boot.js before their bundle, and the build copies it", () => {
  for (const html of ["src/taskpane/taskpane.html", "src/commands/commands.html"]) {
    const text = fs.readFileSync(path.join(ROOT, html), "utf8");
    expect(text).toMatch(/<script type="text\/javascript" id="capaian-boot" src="boot\.js" data-bundle="<%= htmlWebpackPlugin\.files\.js\.join\(' '\) %>"><\/script>/);
    expect(text.indexOf("office.js")).toBeLessThan(text.indexOf("boot.js"));
  }
  const config = fs.readFileSync(path.join(ROOT, "webpack.config.js"), "utf8");
  expect(config).toMatch(/from: "src\/taskpane\/boot\.js", to: "boot\.js"/);
  expect(config).toMatch(/inject: !e\.boot/);
});
