/**
 * Other formats, detected by content (not by extension) and read into the same Grid through the
 * SheetJS conversion: .xls (BIFF8), .xlsb, .ods, .fods, .csv, HTML table, Excel 2003 XML.
 * Encrypted and non-spreadsheet files get a message that says what the file seems to be.
 */
import * as XLSX from "@e965/xlsx";
import { strToU8, zipSync } from "fflate";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readBook, readWorkbookFile } from "../../src/xlsx/read";
import { detect } from "../../src/xlsx/read-formats";
import { run } from "../../src/cli/main";
import type { Grid } from "../../src/core/grid";
import { fixtureBuffer } from "../fixtures";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capaian-formats-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function sheetJsBook(): XLSX.WorkBook {
  const ws: XLSX.WorkSheet = {
    A1: { t: "s", v: "Program" },
    B1: { t: "s", v: "Target" },
    C1: { t: "s", v: "Realisasi" },
    D1: { t: "s", v: "Capaian" },
    A2: { t: "s", v: "Program Penunjang" },
    B2: { t: "n", v: 400 },
    C2: { t: "n", v: 372, z: "#,##0" },
    D2: { t: "n", v: 0.93, f: "C2/B2", z: "0.00%" },
    A3: { t: "s", v: "Jumlah" },
    "!ref": "A1:D3",
    "!merges": [{ s: { r: 2, c: 0 }, e: { r: 2, c: 1 } }],
  };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, "E81");
  return wb;
}

function write(name: string, bookType: XLSX.BookType): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, XLSX.write(sheetJsBook(), { type: "buffer", bookType }) as Buffer);
  return file;
}

function sha(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

function expectTable(g: Grid, opts: { formulas: boolean; formats: boolean; merges: boolean }) {
  expect(g.sheet).toBe("E81");
  expect(g.value(0, 0)).toBe("Program");
  expect(g.value(1, 1)).toBe(400);
  expect(g.value(1, 2)).toBe(372);
  expect(g.value(1, 3)).toBeCloseTo(0.93);
  if (opts.formulas) expect(g.get(1, 3)?.f).toBe("=C2/B2");
  if (opts.formats) expect(g.get(1, 3)?.fmt).toBe("0.00%");
  if (opts.merges) expect(g.mergeAt(2, 1)).toEqual({ r1: 2, c1: 0, r2: 2, c2: 1 });
}

describe("formats detected by content", () => {
  const cases: [string, XLSX.BookType, string, { formulas: boolean; formats: boolean; merges: boolean }][] = [
    // SheetJS writes .xls / .xlsb without formulas (its reader keeps them: see the real-file note in src/xlsx/README.md).
    ["biff8.xls", "biff8", "xls", { formulas: false, formats: true, merges: true }],
    ["binary.xlsb", "xlsb", "xlsb", { formulas: false, formats: true, merges: true }],
    ["open.ods", "ods", "ods", { formulas: true, formats: false, merges: true }],
    ["flat.fods", "fods", "fods", { formulas: true, formats: false, merges: true }],
    ["excel2003.xml", "xlml", "xml2003", { formulas: true, formats: false, merges: true }],
  ];
  for (const [name, bookType, format, opts] of cases) {
    it(`${format}: values, formulas, merges${opts.formats ? ", number formats" : ""}`, async () => {
      const file = write(name, bookType);
      const before = sha(file);
      const book = await readBook(file);
      expect(book.sourceFormat).toBe(format);
      expectTable(book.sheets[0], opts);
      // The extension does not matter: the same bytes under an .xlsx name read the same.
      const renamed = path.join(dir, `renamed-${format}.xlsx`);
      fs.copyFileSync(file, renamed);
      expect((await readBook(renamed)).sourceFormat).toBe(format);
      expect(sha(file)).toBe(before);
    });
  }

  it("csv (and a semicolon csv) reads values as numbers and text", async () => {
    const file = path.join(dir, "table.csv");
    fs.writeFileSync(file, "Program,Target,Realisasi\nProgram Penunjang,400,372\n");
    const book = await readBook(file);
    expect(book.sourceFormat).toBe("csv");
    expect(book.sheets[0].value(1, 0)).toBe("Program Penunjang");
    expect(book.sheets[0].value(1, 1)).toBe(400);
    // Text under a zip format's name (.xlsx, .ods…) is not a workbook: a letter, an error page.
    const letter = path.join(dir, "letter.xlsx");
    fs.writeFileSync(letter, "Dengan hormat,\nbukan workbook");
    await expect(readBook(letter)).rejects.toThrow(/letter\.xlsx: not an \.xlsx workbook: it is a text file; if it is a table saved as CSV, rename it to \.csv/);
    const notes = path.join(dir, "README.md");
    fs.writeFileSync(notes, "# Catatan\nSatu, dua, tiga\n");
    await expect(readBook(notes)).rejects.toThrow(/README\.md: it is a text file; if it is a table saved as CSV, rename it to \.csv/);
    const tsvAsXls = path.join(dir, "ekspor.xls");
    fs.writeFileSync(tsvAsXls, "Program\tPagu\nA\t1500\n");
    expect((await readBook(tsvAsXls)).sheets[0].value(1, 1)).toBe(1500);
    const semi = path.join(dir, "semi.csv");
    fs.writeFileSync(semi, "Program;Target\nA;12\n");
    expect((await readBook(semi)).sheets[0].value(1, 1)).toBe(12);
  });

  it("the HTML table that web apps export as .xls", async () => {
    const file = path.join(dir, "export-sipd.xls");
    fs.writeFileSync(
      file,
      `<html><head><meta charset="utf-8"></head><body><table border="1"><tr><td colspan="2">Laporan RFK</td></tr><tr><td>Program</td><td>Pagu</td></tr><tr><td>Program Penunjang</td><td>1500000</td></tr></table></body></html>`,
    );
    expect(detect(fs.readFileSync(file)).kind).toBe("html");
    const book = await readBook(file);
    expect(book.sourceFormat).toBe("html");
    const g = book.sheets[0];
    expect(g.value(0, 0)).toBe("Laporan RFK");
    expect(g.mergeAt(0, 1)).toEqual({ r1: 0, c1: 0, r2: 0, c2: 1 });
    expect(g.value(2, 1)).toBe(1500000);
  });

  it("an encrypted workbook: password-protected, what to do", async () => {
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, "/EncryptionInfo", Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
    XLSX.CFB.utils.cfb_add(cfb, "/EncryptedPackage", Buffer.alloc(4096, 7));
    const file = path.join(dir, "rahasia.xlsx");
    fs.writeFileSync(file, XLSX.CFB.write(cfb, { type: "buffer" }) as Buffer);
    const before = sha(file);
    await expect(readBook(file)).rejects.toThrow(/rahasia\.xlsx: it is password-protected: open it in Excel, remove the password.*save, try again/);
    const r = await cli(["check", file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/password-protected/);
    expect(sha(file)).toBe(before);
  });

  it("files that are not spreadsheets say what they seem to be, naming the file", async () => {
    const cases: [string, Buffer | string, RegExp][] = [
      ["empty.xlsx", Buffer.alloc(0), /empty\.xlsx: the file is empty/],
      ["scan.xlsx", Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(200, 1)]), /scan\.xlsx: it is a PDF document, not a spreadsheet/],
      ["random.xlsx", Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)), /random\.xlsx: not an \.xlsx workbook.*binary file/],
      ["letter.xlsx", zipOf({ "word/document.xml": "<w/>", "[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>" }), /letter\.xlsx: not an \.xlsx workbook.*Word document/],
      ["truncated.xlsx", Buffer.from("PK\u0003\u0004 truncated"), /truncated\.xlsx: not an \.xlsx workbook.*damaged or truncated zip/],
    ];
    for (const [name, bytes, msg] of cases) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      const err = await readBook(file).catch((e: Error) => e);
      expect(String((err as Error).message)).toMatch(msg);
      expect((err as Error).message).not.toMatch(/stuk\.github|Cannot read properties|undefined/);
      const r = await cli(["inspect", file]);
      expect(r.code).toBe(2);
    }
  });

  it("a real table saved as .xls: check reads it, fill writes an .xlsx copy and says so; the input is unchanged", async () => {
    const xls = XLSX.write(XLSX.read(await fixtureBuffer("lumajang-2021-renja"), { type: "buffer", cellNF: true }), { type: "buffer", bookType: "biff8" }) as Buffer;
    const file = path.join(dir, "renja-2021.xls");
    fs.writeFileSync(file, xls);
    const before = sha(file);
    const c = await cli(["check", file]);
    expect(c.err).toBe("");
    expect(c.out).toMatch(/renja-2021\.xls: [1-9]\d* table\(s\)/);
    const out = path.join(dir, "renja-2021.filled.xlsx");
    const r = await cli(["fill", file, "-o", out]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/the input is \.xls: the copy is a new \.xlsx workbook/);
    const back = readWorkbookFile(out);
    expect(back.book.sourceFormat).toBe("xlsx");
    expect(back.book.sheets.length).toBeGreaterThan(0);
    expect(sha(file)).toBe(before);
  }, 60_000);

  it("fill of an .xls writes an .xlsx copy and says so; the input is unchanged", async () => {
    const file = write("rfk.xls", "biff8");
    const before = sha(file);
    const out = path.join(dir, "rfk-filled.xlsx");
    const r = await cli(["fill", file, "-o", out]);
    // No performance table in this small book: fill refuses to write, clearly.
    if (r.code === 2) expect(r.err).toMatch(/no performance table recognised/);
    else {
      expect(r.out).toMatch(/\.xls/);
      const back = readWorkbookFile(out);
      expect(back.book.sourceFormat).toBe("xlsx");
    }
    expect(sha(file)).toBe(before);
  });
});

function zipOf(files: Record<string, string>): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
}
