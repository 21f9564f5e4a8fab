/** @jest-environment jsdom */
import { runCheckSheet } from "../../src/commands/commands";
import { LAST_CHECK_STORAGE_KEY, loadLastCheck, saveLastCheck } from "../../src/commands/last-check";
import { emptyCorrections } from "../../src/excel/settings";
import { fixtureBook } from "../fixtures";
import { FakeWorkbook } from "../excel/stand-in";
import { TextDecoder as NodeTextDecoder } from "util";

// jsdom has no TextDecoder; the .xlsx reader behind fixtureBook uses the platform's (browsers and Node have it).
if (typeof globalThis.TextDecoder === "undefined") (globalThis as { TextDecoder?: unknown }).TextDecoder = NodeTextDecoder;

beforeEach(() => localStorage.clear());

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
  expect(JSON.parse(localStorage.getItem(LAST_CHECK_STORAGE_KEY)!).time).toBe("2026-11-24T01:00:00.000Z");
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
