/** @jest-environment jsdom */
import { runCheckSheet } from "../../src/commands/commands";
import { LAST_CHECK_STORAGE_KEY, loadLastCheck, saveLastCheck, type LastCheck } from "../../src/commands/last-check";
import { emptyCorrections } from "../../src/excel/settings";
import { FakeWorkbook } from "../excel/stand-in";
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from "util";

// jsdom has no TextDecoder; the .xlsx reader behind fixtureBook uses the platform's (browsers and Node have it).
if (typeof globalThis.TextDecoder === "undefined") (globalThis as { TextDecoder?: unknown }).TextDecoder = NodeTextDecoder;
if (typeof globalThis.TextEncoder === "undefined") (globalThis as { TextEncoder?: unknown }).TextEncoder = NodeTextEncoder;

/** Loaded after the polyfills above (the .xlsx reader may use them when its modules load). */
async function fixtureBook(name: string): ReturnType<typeof import("../fixtures").fixtureBook> {
  return (await import("../fixtures")).fixtureBook(name);
}

type Globals = { Office?: unknown; __capaianLastChecks?: unknown };
const globals = globalThis as Globals;

/** The document the (simulated) host has open. */
function openDocument(url: string): void {
  globals.Office = { context: { document: { url } } };
}

/** The task pane's copy of last-check.ts: another bundle (its own module registry), same or other window. */
function paneModule(): typeof import("../../src/commands/last-check") {
  let mod: typeof import("../../src/commands/last-check") | undefined;
  jest.isolateModules(() => {
    mod = jest.requireActual<typeof import("../../src/commands/last-check")>("../../src/commands/last-check");
  });
  return mod!;
}

async function ribbonCheck(): Promise<LastCheck> {
  const book = await fixtureBook("lumajang-2021-renja");
  const result = await runCheckSheet({
    read: async () => ({ ...book, sheets: book.sheets.slice(0, 1) }),
    corrections: async () => emptyCorrections(),
    select: async () => undefined,
    save: saveLastCheck,
    now: () => new Date("2026-11-24T01:00:00Z"),
  });
  expect(result).not.toBeNull();
  return result!;
}

beforeEach(() => {
  localStorage.clear();
  delete globals.__capaianLastChecks;
  delete globals.Office;
});
afterEach(() => {
  jest.restoreAllMocks();
  delete globals.Office;
});

test("Check sheet: checks the active sheet, selects the first error, remembers the counts, changes nothing", async () => {
  const book = await fixtureBook("lumajang-2021-renja");
  const select = jest.fn(async () => undefined);
  const save = jest.fn(saveLastCheck);
  const read = jest.fn(async () => ({ ...book, sheets: book.sheets.slice(0, 1) }));
  const result = await runCheckSheet({ read, corrections: async () => emptyCorrections(), select, save, now: () => new Date("2026-11-24T01:00:00Z") });
  expect(read).toHaveBeenCalledWith({ scope: "active" });
  expect(result).not.toBeNull();
  expect(result!.findings).toBeGreaterThan(0);
  expect(result!.errors).toBeGreaterThan(0);
  expect(select).toHaveBeenCalledTimes(1);
  expect(loadLastCheck()).toEqual(result);
  expect(JSON.parse(localStorage.getItem(LAST_CHECK_STORAGE_KEY)!)[0].time).toBe("2026-11-24T01:00:00.000Z");
});

test("Check sheet over the fake Excel: the workbook is left untouched", async () => {
  const wb = new FakeWorkbook();
  const s = wb.addSheet("IKU");
  s.set("A1", "No").set("B1", "Indikator").set("C1", "Target").set("D1", "Realisasi").set("E1", "Capaian (%)");
  s.set("A2", 1).set("B2", "Jumlah koperasi").set("C2", 100).set("D2", 90).set("E2", 9000);
  const uninstall = wb.install();
  try {
    const before = wb.dump();
    const result = await runCheckSheet();
    expect(result).not.toBeNull();
    expect(wb.dump()).toBe(before);
  } finally {
    uninstall();
  }
});

test("a failing check completes quietly (no dialog) and remembers nothing", async () => {
  const result = await runCheckSheet({
    read: async () => Promise.reject(new Error("no Excel")),
    corrections: async () => emptyCorrections(),
    select: async () => undefined,
    save: saveLastCheck,
    now: () => new Date(),
  });
  expect(result).toBeNull();
  expect(loadLastCheck()).toBeNull();
});

describe("the ribbon's result reaches the task pane, for its own workbook only (issue 12, item 9)", () => {
  test("a pane of another open workbook never shows this workbook's ribbon check", async () => {
    openDocument("https://contoso.sharepoint.com/Renja%20Dinas%20A.xlsx");
    const result = await ribbonCheck();
    openDocument("https://contoso.sharepoint.com/Renja%20Dinas%20B.xlsx");
    expect(paneModule().loadLastCheck()).toBeNull();
    openDocument("https://contoso.sharepoint.com/Renja%20Dinas%20A.xlsx");
    expect(paneModule().loadLastCheck()).toMatchObject({ findings: result.findings, errors: result.errors, time: result.time });
  });

  test("the pane opened later in a separate runtime (another window, same origin) finds the result", async () => {
    openDocument("https://contoso.sharepoint.com/Renja.xlsx");
    const result = await ribbonCheck();
    delete globals.__capaianLastChecks; // the command's window is gone
    expect(paneModule().loadLastCheck()).toMatchObject({ sheet: result.sheet, findings: result.findings, errors: result.errors });
  });

  test("command and pane in one shared runtime find it even where the host blocks localStorage", async () => {
    jest.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("blocked", "SecurityError");
    });
    jest.spyOn(Storage.prototype, "getItem").mockImplementation(() => {
      throw new DOMException("blocked", "SecurityError");
    });
    openDocument("https://contoso.sharepoint.com/Renja.xlsx");
    const result = await ribbonCheck();
    expect(paneModule().loadLastCheck()).toMatchObject({ findings: result.findings, errors: result.errors, time: result.time });
  });

  test("a newer check of the same workbook replaces the older one; at most MAX_LAST_CHECKS workbooks are kept", () => {
    const mod = paneModule();
    for (let i = 0; i < mod.MAX_LAST_CHECKS + 5; i++) {
      openDocument(`file:///D:/Renja${i}.xlsx`);
      mod.saveLastCheck({ sheet: "Renja", findings: i, errors: 0, time: `2026-11-24T01:${String(i).padStart(2, "0")}:00.000Z` });
    }
    mod.saveLastCheck({ sheet: "Renja", findings: 99, errors: 1, time: "2026-11-24T02:00:00.000Z" });
    expect(mod.loadLastCheck()).toMatchObject({ findings: 99 });
    const kept = JSON.parse(localStorage.getItem(LAST_CHECK_STORAGE_KEY)!) as LastCheck[];
    expect(kept).toHaveLength(mod.MAX_LAST_CHECKS);
    expect(new Set(kept.map((c) => c.document)).size).toBe(mod.MAX_LAST_CHECKS);
  });
});
