/**
 * Budgets checked while reading: a zip bomb and a 1,048,576-row sheet end with a clear message
 * (file, sheet, size) and exit 2, quickly; special files are refused before any byte is read.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readBook } from "../../src/xlsx/read";
import { LimitError } from "../../src/xlsx/limits";
import { InputError } from "../../src/core/errors";
import { run } from "../../src/cli/main";
import { deflatePieces, manyRows, padded, workbookWithSheet } from "./helpers";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capaian-limits-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

describe("read budgets", () => {
  it("a 0.4 MB zip holding 400 MiB of sheet XML is refused by its declared size, in well under 10 s", async () => {
    const file = path.join(dir, "bomb.xlsx");
    fs.writeFileSync(file, await workbookWithSheet(await deflatePieces(() => padded(400)), "Realisasi"));
    expect(fs.statSync(file).size).toBeLessThan(1_000_000);
    const t0 = Date.now();
    const heap0 = process.memoryUsage().rss;
    const r = await cli(["check", file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("bomb.xlsx");
    expect(r.err).toMatch(/sheet "Realisasi" expands to 400 MiB \(limit \d+ MiB\)/);
    expect(r.err).not.toMatch(/at .*\.js|undefined|JSZip/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - heap0).toBeLessThan(200 * 1024 * 1024);
  }, 120_000);

  it("a 1,048,576-row sheet stops at the row budget with the sheet and its size named", async () => {
    const file = path.join(dir, "million.xlsx");
    fs.writeFileSync(file, await workbookWithSheet(await deflatePieces(() => manyRows(1_048_576)), "Semua"));
    // CPU time, not wall time: the budget is about work done, and the test machine may be busy.
    const c0 = process.cpuUsage();
    const err = await readBook(file).catch((e: unknown) => e);
    const cpu = process.cpuUsage(c0);
    expect(err).toBeInstanceOf(LimitError);
    expect((err as Error).message).toMatch(/million\.xlsx: sheet "Semua" is too large to read: more than 200,000 rows with content \(\d+ MiB of sheet XML\)/);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(10_000);
    // Reading stopped at the budget: row 200,001 of 1,048,576, no further.
    expect((err as LimitError).progress).toEqual({ sheet: "Semua", row: 200_001, rowsWithContent: 200_001, cells: 200_001 });
    for (const command of ["inspect", "check"]) {
      const r = await cli([command, file]);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(/^capaian: .*million\.xlsx: sheet "Semua" is too large to read: more than 200,000 rows with content \(\d+ MiB of sheet XML\)\. Split it into smaller workbooks, or delete unused rows\n$/);
    }
  }, 180_000);

  it("a zip whose directory understates the sheet is stopped while inflating, at the part budget", async () => {
    const file = path.join(dir, "liar.xlsx");
    fs.writeFileSync(file, await workbookWithSheet(await deflatePieces(() => padded(64)), "Realisasi", 100_000));
    const c0 = process.cpuUsage();
    const err = await readBook(file, undefined, { limits: { maxPartBytes: 16 * 1024 * 1024 } }).catch((e: unknown) => e);
    const cpu = process.cpuUsage(c0);
    expect(err).toBeInstanceOf(LimitError);
    expect((err as Error).message).toBe(`${file}: sheet "Realisasi" expands to more than 16 MiB (the zip declares 0.1 MiB); not read`);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(5_000);
    // Within the budget the same file reads (the directory's size is a claim, the budget the limit).
    const book = await readBook(file);
    expect(book.sheets[0].get(0, 0)?.v).toBe(1);
  }, 120_000);

  it("counts cells against the workbook budget", async () => {
    const file = path.join(dir, "cells.xlsx");
    fs.writeFileSync(file, await workbookWithSheet(await deflatePieces(() => manyRows(3000)), "Kecil"));
    await expect(readBook(file, undefined, { limits: { maxCells: 2000 } })).rejects.toThrow(/sheet "Kecil" is too large to read: more than 2,000 cells in the workbook/);
    const book = await readBook(file);
    expect(book.sheets[0].rowCount).toBe(3000);
  }, 60_000);
});

describe("special files are refused before reading", () => {
  it("a folder", async () => {
    await expect(readBook(dir)).rejects.toThrow(new RegExp(`cannot read ${dir}: it is a folder, not a file`));
  });

  it("/dev/zero (a device that never ends)", async () => {
    const t0 = Date.now();
    await expect(readBook("/dev/zero")).rejects.toThrow("cannot read /dev/zero: it is a device, not a file");
    const r = await cli(["inspect", "/dev/zero"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\/dev\/zero: it is a device/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("a FIFO does not block", async () => {
    const fifo = path.join(dir, "pipe.xlsx");
    execFileSync("mkfifo", [fifo]);
    const t0 = Date.now();
    await expect(readBook(fifo)).rejects.toThrow(/pipe\.xlsx: it is a pipe \(FIFO\), not a file/);
    const r = await cli(["check", fifo]);
    expect(r.code).toBe(2);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("a missing file and an unreadable one", async () => {
    await expect(readBook(path.join(dir, "nope.xlsx"))).rejects.toThrow(/nope\.xlsx: no such file/);
    const err = await readBook(path.join(dir, "nope.xlsx")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
  });
});
