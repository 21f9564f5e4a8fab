/**
 * LibreOffice as an independent formula engine for tests: convert an .xlsx with headless soffice,
 * forcing a full recalculation, and read the recalculated (cached) results back from its XML.
 *
 * - The plans are written by the writer `capaian fill` uses (src/xlsx/patch.ts: the source package
 *   patched), so that the independent check covers the copy users get.
 * - Many workbooks are converted in one soffice run (recalculateMany, recalcAndCompareMany):
 *   LibreOffice's start-up is most of the time of a small conversion.
 * - One private LibreOffice profile per process (jest workers run in parallel; two soffice
 *   instances must not share a profile), under $TMPDIR/capaian-lo-profiles/<pid>. Created on
 *   first use, reused afterwards; profiles of ended processes are removed by the next user.
 * - The profile sets Calc's OOXMLRecalcMode to 0 ("always recalculate"): otherwise LibreOffice
 *   trusts the cached results stored in the file.
 * - Calls within one process are serialised (one soffice at a time per profile).
 * - $CAPAIAN_LO_PROFILE, when set, is the profile directory to use instead (one caller at a time).
 * - A missing soffice is an error, not a reason to skip: CI installs libreoffice-calc-nogui.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type ExcelJS from "exceljs";
import JSZip from "jszip";
import type { CellWrite, WritePlan } from "../../src/core/model";
import { a1 } from "../../src/core/grid";
import { PatchOptions, patchWorkbook } from "../../src/xlsx/patch";

export type RecalcValue = number | string | boolean | null;
/** sheet name → A1 address → value. */
export type RecalcResult = Map<string, Map<string, RecalcValue>>;

const RECALC_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
`;

const TIMEOUT_MS = Number(process.env.CAPAIAN_SOFFICE_TIMEOUT_MS ?? 45000);

/** The soffice executable: $SOFFICE, else the first `soffice` / `libreoffice` on PATH. */
export function sofficePath(): string | undefined {
  const env = process.env.SOFFICE;
  if (env && fs.existsSync(env)) return env;
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const name of ["soffice", "libreoffice"]) {
    for (const d of dirs) {
      const p = path.join(d, name);
      try {
        fs.accessSync(p, fs.constants.X_OK);
        return p;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export function sofficeAvailable(): boolean {
  return sofficePath() !== undefined;
}

const PROFILE_ROOT = path.join(os.tmpdir(), "capaian-lo-profiles");
let cleaned = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Remove the profiles of processes that are gone (jest workers end without an exit hook). */
function removeStaleProfiles(): void {
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(PROFILE_ROOT);
  } catch {
    return;
  }
  for (const name of entries) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
    try {
      fs.rmSync(path.join(PROFILE_ROOT, name), { recursive: true, force: true });
    } catch {
      // another process may be removing it too
    }
  }
}

/**
 * This process's LibreOffice profile directory: one per process id, so that every test file a
 * jest worker runs reuses it (jest gives each test file its own module registry), and parallel
 * workers never share one. Our setting is (re)written whenever it is missing from the profile.
 */
function profile(): string {
  if (!cleaned) {
    cleaned = true;
    removeStaleProfiles();
  }
  // CAPAIAN_LO_PROFILE: a profile directory kept by the caller across processes (scripts/corpus.ts
  // runs one process per workbook; a fresh profile costs LibreOffice many seconds at start-up).
  const dir = process.env.CAPAIAN_LO_PROFILE || path.join(PROFILE_ROOT, String(process.pid));
  const xcu = path.join(dir, "user", "registrymodifications.xcu");
  let current = "";
  try {
    current = fs.readFileSync(xcu, "utf8");
  } catch {
    // first use
  }
  if (!current.includes('oor:name="OOXMLRecalcMode"')) {
    fs.mkdirSync(path.dirname(xcu), { recursive: true });
    fs.writeFileSync(xcu, RECALC_XCU);
  }
  return dir;
}

function fileUrl(p: string): string {
  return "file://" + p.split(path.sep).map(encodeURIComponent).join("/");
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      detached: true, // own process group, so that a timeout can end soffice.bin too
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LANG: "en_US.UTF-8", LC_ALL: "en_US.UTF-8", SAL_USE_VCLPLUGIN: "svp" },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      reject(new Error(`soffice timed out after ${timeoutMs} ms\n${out}`));
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

let queue: Promise<unknown> = Promise.resolve();

/** Run `task` after every earlier call of this process has finished. */
function serial<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

function decodeXml(s: string): string {
  if (s.indexOf("&") < 0 && s.indexOf("_x") < 0) return s;
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
      if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e];
    })
    .replace(/_x([0-9a-fA-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The text of all <t> runs inside an <si> or <is> element. */
function runsText(xml: string): string {
  let out = "";
  const re = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) out += decodeXml(m[1]);
  return out;
}

/**
 * Every cell value of an .xlsx, read straight from its XML: formulas give their cached result.
 * (exceljs drops cached results that are FALSE or "", which a comparison must see.)
 */
export async function xlsxValues(xlsx: Buffer): Promise<RecalcResult> {
  const zip = await JSZip.loadAsync(xlsx);
  const read = async (name: string) => (await zip.file(name)?.async("string")) ?? "";
  const shared: string[] = [];
  const sst = await read("xl/sharedStrings.xml");
  for (const m of sst.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) shared.push(m[1] ? runsText(m[1]) : "");
  const rels = new Map<string, string>();
  for (const m of (await read("xl/_rels/workbook.xml.rels")).matchAll(/<Relationship\s[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) rels.set(id, target.replace(/^\/?(xl\/)?/, "xl/"));
  }
  const result: RecalcResult = new Map();
  for (const m of (await read("xl/workbook.xml")).matchAll(/<sheet\s[^>]*>/g)) {
    const name = decodeXml(/\bname="([^"]*)"/.exec(m[0])?.[1] ?? "");
    const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1] ?? "";
    const cells = new Map<string, RecalcValue>();
    result.set(name, cells);
    const xml = await read(rels.get(rid) ?? "");
    for (const c of xml.matchAll(/<c\s([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1];
      const body = c[2] ?? "";
      const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1];
      if (!ref) continue;
      const t = /\bt="(\w+)"/.exec(attrs)?.[1] ?? "n";
      const vm = /<v>([\s\S]*?)<\/v>|<v\/>/.exec(body);
      const hasF = /<f[\s>/]/.test(body);
      const v = vm ? decodeXml(vm[1] ?? "") : undefined;
      let value: RecalcValue;
      if (t === "inlineStr") value = runsText(body);
      else if (v === undefined) {
        if (!hasF) continue; // a styled empty cell
        value = t === "str" ? "" : null;
      } else if (t === "s") value = shared[Number(v)] ?? null;
      else if (t === "str" || t === "e") value = v;
      else if (t === "b") value = v === "1" || v === "true";
      else value = v === "" ? null : Number(v);
      cells.set(ref, value);
    }
  }
  return result;
}

/**
 * Recalculate every formula of `xlsx` with LibreOffice and return the results
 * (sheet → A1 → value; error values as their text, e.g. "#DIV/0!").
 */
export async function recalculate(xlsx: Buffer): Promise<RecalcResult> {
  return (await recalculateMany([xlsx]))[0];
}

/** Workbooks per soffice run: large enough that start-up is paid rarely, small enough for the timeout. */
const BATCH = Number(process.env.CAPAIAN_SOFFICE_BATCH ?? 40);

/**
 * recalculate for several workbooks in as few soffice runs as possible (one per BATCH workbooks;
 * LibreOffice's start-up is most of the time of a small conversion). Results in the order of the
 * inputs; throws when any workbook gives no result.
 */
export async function recalculateMany(books: Uint8Array[]): Promise<RecalcResult[]> {
  const results = await recalculateEach(books);
  return results.map((r) => {
    if (r instanceof Error) throw r;
    return r;
  });
}

/**
 * recalculateMany, with a workbook LibreOffice could not convert given as its Error (the others'
 * results stand), so that a batch of independent checks fails only where it must.
 */
export async function recalculateEach(books: Uint8Array[]): Promise<(RecalcResult | Error)[]> {
  const out: (RecalcResult | Error)[] = [];
  for (let i = 0; i < books.length; i += BATCH) out.push(...(await convertBatch(books.slice(i, i + BATCH))));
  return out;
}

function convertBatch(books: Uint8Array[]): Promise<(RecalcResult | Error)[]> {
  const soffice = sofficePath();
  if (!soffice) {
    return Promise.reject(
      new Error("LibreOffice (soffice) not found: apt-get install -y --no-install-recommends libreoffice-calc-nogui"),
    );
  }
  if (books.length === 0) return Promise.resolve([]);
  return serial(async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "capaian-lo-"));
    try {
      const outDir = path.join(work, "out");
      fs.mkdirSync(outDir);
      const inputs = books.map((xlsx, i) => {
        const input = path.join(work, `book${i}.xlsx`);
        fs.writeFileSync(input, xlsx);
        return input;
      });
      const args = [
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        `-env:UserInstallation=${fileUrl(profile())}`,
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        outDir,
        ...inputs,
      ];
      const { code, out } = await run(soffice, args, work, TIMEOUT_MS * Math.max(1, Math.ceil(books.length / 4)));
      const results: (RecalcResult | Error)[] = [];
      for (let i = 0; i < books.length; i++) {
        const output = path.join(outDir, `book${i}.xlsx`);
        if (!fs.existsSync(output)) results.push(new Error(`soffice produced no output for book ${i} of ${books.length} (exit ${code}):\n${out}`));
        else results.push(await xlsxValues(fs.readFileSync(output)));
      }
      return results;
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
}

export interface RecalcMismatch {
  sheet: string;
  /** A1 address. */
  cell: string;
  formula: string;
  expected: CellWrite["expected"];
  actual: RecalcValue | undefined;
}

function sameValue(expected: CellWrite["expected"], actual: RecalcValue | undefined): boolean {
  if (expected === null || expected === "") return actual === null || actual === undefined || actual === "";
  if (typeof expected === "number") {
    if (typeof actual !== "number") return false;
    const diff = Math.abs(actual - expected);
    return diff <= 1e-6 || diff <= 1e-9 * Math.max(Math.abs(actual), Math.abs(expected));
  }
  return actual === expected;
}

/** A source workbook: its .xlsx bytes, or an exceljs workbook (saved as it is, without the plan). */
export type RecalcSource = Uint8Array | ExcelJS.Workbook;

async function sourceBytes(source: RecalcSource): Promise<Uint8Array> {
  return source instanceof Uint8Array ? source : Buffer.from((await source.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The copy `capaian fill` writes: `plan` patched into the source package (src/xlsx/patch.ts). */
export async function filledCopy(source: RecalcSource, plan: WritePlan, opts: PatchOptions = {}): Promise<Buffer> {
  return Buffer.from(patchWorkbook(await sourceBytes(source), plan, opts).data);
}

export interface RecalcCheck {
  /** The copy as `capaian fill` writes it. */
  filled: Buffer;
  /** Every cell of the copy after LibreOffice's recalculation. */
  values: RecalcResult;
  mismatches: RecalcMismatch[];
}

/**
 * Patch each plan (with formulas) into its source workbook with fill's writer, recalculate all the
 * copies with LibreOffice in as few soffice runs as possible, and return, per case, every formula
 * write (in `writes` and in generated sheets) whose recalculated value differs from the engine's
 * `expected` value. Numbers are compared with a relative tolerance of 1e-9 and an absolute one of
 * 1e-6, everything else exactly; a null or "" expected value matches an empty result (null or "").
 * Writes without `expected` are not compared. A case whose copy cannot be written or recalculated
 * is its Error (the other cases stand).
 */
export async function recalcAndCompareMany(cases: { source: RecalcSource; plan: WritePlan }[]): Promise<(RecalcCheck | Error)[]> {
  const filled: (Buffer | Error)[] = [];
  for (const c of cases) {
    try {
      filled.push(await filledCopy(c.source, c.plan));
    } catch (err) {
      filled.push(err instanceof Error ? err : new Error(String(err)));
    }
  }
  const books = filled.filter((f): f is Buffer => !(f instanceof Error));
  const recalculated = await recalculateEach(books);
  let k = 0;
  return filled.map((f, i) => {
    if (f instanceof Error) return f;
    const values = recalculated[k++];
    if (values instanceof Error) return values;
    return { filled: f, values, mismatches: compareRecalculated(cases[i].plan, values) };
  });
}

/** recalcAndCompareMany for one case: the mismatches (the source is not changed). */
export async function recalcAndCompare(source: RecalcSource, plan: WritePlan): Promise<RecalcMismatch[]> {
  const [r] = await recalcAndCompareMany([{ source, plan }]);
  if (r instanceof Error) throw r;
  return r.mismatches;
}

/** The comparison of recalcAndCompare over values already recalculated (one soffice run for several checks). */
export function compareRecalculated(plan: WritePlan, values: RecalcResult): RecalcMismatch[] {
  const mismatches: RecalcMismatch[] = [];
  const all: CellWrite[] = [...plan.writes];
  for (const sp of plan.sheets) for (const c of sp.cells) all.push({ ...c, sheet: sp.name });
  for (const w of all) {
    if (!w.formula || w.expected === undefined) continue;
    const cell = a1(w.row, w.col);
    const actual = values.get(w.sheet)?.get(cell);
    if (!sameValue(w.expected, actual)) {
      mismatches.push({ sheet: w.sheet, cell, formula: w.formula, expected: w.expected, actual });
    }
  }
  return mismatches;
}
