/**
 * fill's output path: compared with the input by identity (symlink, hard link, real path), an
 * existing file replaced only with --replace, missing folders created, the copy renamed into place
 * from a temporary file (none left behind); the input's sha256 never changes.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../src/cli/main";
import { fixtureBuffer } from "../fixtures";

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

const sha = (f: string) => crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");
let dir: string;
let input: string;
let before: string;

beforeAll(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "capaian-paths-")));
  input = path.join(dir, "renja.xlsx");
  fs.writeFileSync(input, await fixtureBuffer("lumajang-2021-renja"));
  before = sha(input);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

afterEach(() => {
  expect(sha(input)).toBe(before);
  // no temporary file left behind anywhere under dir
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [e.name]));
  expect(walk(dir).filter((n) => n.includes(".capaian-"))).toEqual([]);
});

describe("fill output path", () => {
  it("refuses -o a symlink to the input", async () => {
    const link = path.join(dir, "link.xlsx");
    fs.symlinkSync(input, link);
    const r = await cli("fill", input, "-o", link, "--replace");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the output is the input file itself/);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it("refuses -o a hard link to the input", async () => {
    const hard = path.join(dir, "hard.xlsx");
    fs.linkSync(input, hard);
    const r = await cli("fill", input, "-o", hard, "--replace");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the output is the input file itself/);
    expect(sha(hard)).toBe(before);
  });

  it("refuses the input through a symlink with -o its real path, and another spelling of it", async () => {
    const viaLink = path.join(dir, "via.xlsx");
    fs.symlinkSync(input, viaLink);
    expect((await cli("fill", viaLink, "-o", input, "--replace")).code).toBe(2);
    const sub = path.join(dir, "sub");
    fs.mkdirSync(sub);
    const r = await cli("fill", input, "-o", path.join(sub, "..", "renja.xlsx"), "--replace");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the output is the input file itself/);
  });

  it("refuses to replace an existing file without --replace, replaces it with --replace", async () => {
    const out = path.join(dir, "existing.xlsx");
    fs.writeFileSync(out, "keep me");
    const r = await cli("fill", input, "-o", out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already exists; nothing written\. Add --replace/);
    expect(fs.readFileSync(out, "utf8")).toBe("keep me");
    // --force is about cells, not files
    expect((await cli("fill", input, "-o", out, "--force")).code).toBe(2);
    expect(fs.readFileSync(out, "utf8")).toBe("keep me");
    const ok = await cli("fill", input, "-o", out, "--replace");
    expect(ok.code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe("PK");
  });

  it("replaces a symlink at the output path instead of writing through it", async () => {
    const target = path.join(dir, "elsewhere.txt");
    fs.writeFileSync(target, "untouched");
    const link = path.join(dir, "out-link.xlsx");
    fs.symlinkSync(target, link);
    expect((await cli("fill", input, "-o", link)).code).toBe(2);
    expect((await cli("fill", input, "-o", link, "--replace")).code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(target, "utf8")).toBe("untouched");
  });

  it("creates missing folders", async () => {
    const out = path.join(dir, "a", "b", "c", "copy.xlsx");
    const r = await cli("fill", input, "-o", out);
    expect(r.code).toBe(0);
    expect(fs.statSync(out).isFile()).toBe(true);
  });

  it("refuses a folder or a special file as the output", async () => {
    const folder = path.join(dir, "folder.xlsx");
    fs.mkdirSync(folder);
    const r = await cli("fill", input, "-o", folder, "--replace");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is a folder/);
    const dev = await cli("fill", input, "-o", "/dev/null", "--replace");
    expect(dev.code).toBe(2);
    expect(dev.err).toMatch(/not a regular file/);
  });
});
