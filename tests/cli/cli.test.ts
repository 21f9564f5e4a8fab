/**
 * The command line over seed-built workbooks: the JSON contract of inspect and check (domain.md §7),
 * exit codes, and fill's guarantees (input never modified, formulas or values, summary sheets).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../src/cli/main";
import { readBook } from "../../src/xlsx/read";
import { fixtureBuffer, getFixture } from "../fixtures";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capaian-cli-fx-"));
const files: Record<string, string> = {};
const sha = (f: string) => crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");

beforeAll(async () => {
  for (const id of ["lumajang-2021-renja", "sumenep-2023", "non-table-staff"]) {
    files[id] = path.join(dir, `${id}.xlsx`);
    fs.writeFileSync(files[id], await fixtureBuffer(id));
  }
});

describe("capaian inspect", () => {
  it("--json follows the v1 contract: one-based rows, column letters, roles, levels, parents", async () => {
    const r = await cli("inspect", files["lumajang-2021-renja"], "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const want = getFixture("lumajang-2021-renja").tables[0];
    expect(j.version).toBe(1);
    expect(j.file).toBe("lumajang-2021-renja.xlsx");
    expect(j.tables).toHaveLength(1);
    const t = j.tables[0];
    expect(t).toMatchObject({ sheet: want.sheet, kind: "renja-evaluasi", range: want.range });
    expect(t.header).toMatchObject({ firstRow: want.headerRows[0], lastRow: want.headerRows[1] });
    for (const c of want.columns ?? []) {
      const got = t.columns.find((x: { column: string }) => x.column === c.column);
      expect(got).toMatchObject({ role: c.role, ...(c.measure ? { measure: c.measure } : {}) });
    }
    for (const row of want.rows ?? []) {
      const got = t.rows.find((x: { row: number }) => x.row === row.excelRow);
      expect(got).toMatchObject({ level: row.level });
      if (row.parentExcelRow !== undefined) expect(got.parent).toBe(row.parentExcelRow);
    }
  });

  it("reads as text by default, and says why a sheet has no table", async () => {
    const r = await cli("inspect", files["non-table-staff"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 table\(s\) recognised/);
    expect(r.out).toMatch(/no table \(/);
  });
});

describe("capaian check", () => {
  it("exits 1 on error findings and lists the seed's real mistakes with stated and expected values", async () => {
    const r = await cli("check", files["lumajang-2021-renja"], "--json");
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ version: 1, file: "lumajang-2021-renja.xlsx", scale: "permendagri86" });
    const fx = getFixture("lumajang-2021-renja");
    const quarter = fx.knownErrors.filter((k) => k.rule === "quarter-sum");
    expect(quarter.length).toBeGreaterThan(0);
    for (const k of quarter) {
      const f = j.findings.find((x: { cell: string; rule: string }) => x.cell === k.cell && x.rule === "quarter-sum");
      expect(f).toMatchObject({ severity: "error", sheet: k.sheet, stated: k.stated, expected: k.expected });
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.pesan.length).toBeGreaterThan(10);
    }
  });

  it("groups the readable report by sheet and severity and states the scale", async () => {
    const r = await cli("check", files["lumajang-2021-renja"], "--scale", "lakip4");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/== Evaluasi Renja TW IV/);
    expect(r.out).toMatch(/ERROR \(\d+\)/);
    expect(r.out).toMatch(/Scale LAKIP 4 kategori: Sangat Baik ≥ 85/);
  });

  it("exits 0 on a workbook with no performance table, saying so", async () => {
    const r = await cli("check", files["non-table-staff"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/No performance table recognised/);
  });
});

describe("capaian fill", () => {
  it("writes formulas and summary sheets to a new file and never modifies the input", async () => {
    const input = files["sumenep-2023"];
    const before = sha(input);
    const out = path.join(dir, "out", "sumenep-filled.xlsx");
    const r = await cli("fill", input, "-o", out, "--summary", "--findings");
    expect(r.code).toBe(0);
    expect(sha(input)).toBe(before);
    expect(r.out).toMatch(/cell\(s\) filled/);
    const book = await readBook(out);
    const names = book.sheets.map((s) => s.sheet);
    expect(names).toEqual(expect.arrayContaining(["Tabel 3.2", "Tabel 3.9", "Tabel 3.10", "Ringkasan Capaian", "Efisiensi", "Temuan"]));
    const formulas = book.sheets.flatMap((g) => g.cells.flatMap((row) => (row ?? []).filter((c) => c?.f)));
    expect(formulas.length).toBeGreaterThan(20);
  });

  it("--values writes no formula into the cells it fills", async () => {
    const input = files["lumajang-2021-renja"];
    const withF = path.join(dir, "l-formulas.xlsx");
    const withV = path.join(dir, "l-values.xlsx");
    expect((await cli("fill", input, "-o", withF)).code).toBe(0);
    expect((await cli("fill", input, "-o", withV, "--values")).code).toBe(0);
    const src = (await readBook(input)).sheets[0];
    const f = (await readBook(withF)).sheets[0];
    const v = (await readBook(withV)).sheets[0];
    let filled = 0;
    for (let r = 0; r < f.rowCount; r++) {
      for (let c = 0; c < f.colCount; c++) {
        if (!src.isEmpty(r, c) || f.isEmpty(r, c)) continue;
        filled++;
        expect(v.get(r, c)?.f).toBeUndefined();
        expect(v.value(r, c)).toEqual(f.value(r, c));
      }
    }
    expect(filled).toBeGreaterThan(10);
  });

  it("exit 2 and no output file when the workbook has no performance table", async () => {
    const out = path.join(dir, "staff-filled.xlsx");
    const r = await cli("fill", files["non-table-staff"], "-o", out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no performance table recognised/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
