import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../src/cli/main";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

describe("capaian command line: usage and bad input", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capaian-cli-"));

  it("prints usage with exit 2 when called without arguments, 0 with --help", async () => {
    expect((await cli()).code).toBe(2);
    const help = await cli("--help");
    expect(help.code).toBe(0);
    expect(help.out).toContain("capaian inspect");
  });

  it.each([
    [["frobnicate", "x.xlsx"], /unknown command "frobnicate"/],
    [["inspect"], /needs an input \.xlsx file/],
    [["check", "a.xlsx", "--scale"], /--scale needs a value/],
    [["check", "a.xlsx", "--wat"], /unknown option --wat/],
    [["fill", "a.xlsx"], /fill needs -o/],
    [["fill", "a.xlsx", "-o", "a.xlsx"], /input is never modified/],
    [["fill", "a.xlsx", "-o", "b.xlsx", "--add-columns", "pagu"], /--add-columns takes/],
    // check takes several files since issue 14 (batch, tests/cli/batch.test.ts); inspect and fill take one
    [["inspect", "a.xlsx", "b.xlsx"], /one input file expected/],
    [["fill", "a.xlsx", "b.xlsx", "-o", "c.xlsx"], /one input file expected/],
    [["check", "a.xlsx", "--report", "r.pdf"], /--report takes a \.xlsx, \.html or \.csv file/],
    [["check", "a.xlsx", "--jobs", "0"], /--jobs takes a whole number/],
    [["check", "a.xlsx", "--timeout", "soon"], /--timeout takes a number of seconds/],
    [["inspect", "a.xlsx", "--report", "r.xlsx"], /--report, --jobs and --timeout are options of check/],
  ])("%j → exit 2 with a one-line reason", async (argv, reason) => {
    const r = await cli(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(reason as RegExp);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it("refuses an unknown scale", async () => {
    const f = path.join(dir, "missing.xlsx");
    const r = await cli("check", f, "--scale", "nope");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown scale "nope"/);
  });

  it("exit 2 on a file that is not a workbook, or missing", async () => {
    const bad = path.join(dir, "letter.xlsx");
    fs.writeFileSync(bad, "Dengan hormat,\nbukan workbook");
    const r = await cli("inspect", bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not an \.xlsx workbook/);
    const m = await cli("check", path.join(dir, "nothing.xlsx"));
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/no such file/);
  });
});
