/**
 * Batch `capaian check <files or folders…> [--report out.xlsx|.html|.csv] [--jobs N] [--json]`:
 * every workbook checked in one process by a pool of worker threads (default: one per core), one
 * progress line per file on stderr, a file that cannot be read listed with its reason (the run
 * goes on), and one report for the whole batch (report.ts). `--json` prints JSON Lines, one object
 * per file, in input order. Exit 1 when any file has an error finding or could not be read.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import type { AnalyzeOptions } from "../core/engine";
import { InputError } from "../core/errors";
import type { BatchAnalyzeOptions, FileResult } from "./batch-file";
import { reportKind, writeReport } from "./report";

export interface BatchOptions {
  report?: string;
  jobs?: number;
  /** Per-file time limit in seconds (worker threads). */
  timeoutS?: number;
  json: boolean;
  analyze: Partial<AnalyzeOptions>;
}

type Out = (s: string) => void;

/** Workbook extensions picked up when a folder is given (explicit files are taken whatever their extension). */
export const WORKBOOK_EXTENSIONS = [".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"];

/** Files of the inputs: folders walked recursively (hidden folders and Office lock files skipped), in sorted order. */
export function expandInputs(inputs: string[], exclude: string[] = []): string[] {
  const skip = new Set(exclude.map((p) => path.resolve(p)));
  const files: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      files.push(dir); // unreadable folder: listed as such
      return;
    }
    for (const name of names) {
      if (name.startsWith(".") || name.startsWith("~$")) continue;
      const p = path.join(dir, name);
      let st: fs.Stats;
      try {
        st = fs.statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (WORKBOOK_EXTENSIONS.includes(path.extname(name).toLowerCase()) && !skip.has(path.resolve(p))) files.push(p);
    }
  };
  for (const input of inputs) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(input);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) walk(input);
    else files.push(input); // a missing file is reported as not read
  }
  const seen = new Set<string>();
  return files.filter((f) => {
    const k = path.resolve(f);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function defaultJobs(): number {
  const n = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, n);
}

/**
 * A worker thread running worker.ts. From the TypeScript sources (jest) the worker registers an
 * @swc/core require hook first; from dist/ it loads worker.js directly.
 */
function spawnWorker(data: BatchAnalyzeOptions): Worker {
  const ext = path.extname(__filename);
  const target = path.join(__dirname, `worker${ext}`);
  if (ext === ".ts") {
    const swc = require.resolve("@swc/core");
    const code = `
      const fs = require("fs");
      const swc = require(${JSON.stringify(swc)});
      require.extensions[".ts"] = (m, filename) => {
        const out = swc.transformSync(fs.readFileSync(filename, "utf8"), {
          filename, swcrc: false, jsc: { parser: { syntax: "typescript" }, target: "es2020" }, module: { type: "commonjs" },
        });
        m._compile(out.code, filename);
      };
      require(${JSON.stringify(target)});`;
    return new Worker(code, { eval: true, workerData: data });
  }
  return new Worker(target, { workerData: data });
}

function failed(file: string, reason: string, data: BatchAnalyzeOptions): FileResult {
  const scale = data.analyze?.scale;
  return {
    file,
    name: path.basename(file),
    ok: false,
    reason,
    ms: 0,
    scale: scale?.id ?? "permendagri86",
    scaleConvention: "",
    tables: [],
    unrecognized: [],
    findings: [],
    counts: { error: 0, warning: 0, info: 0 },
    sheets: [],
  };
}

/** A file's time limit in worker threads unless --timeout says otherwise. */
export const DEFAULT_TIMEOUT_S = 600;

/**
 * Check `files` with `jobs` worker threads; `done` is called as each file finishes. A file that takes
 * longer than `timeoutS` is listed as not read ("timed out") and its worker replaced. With one job and
 * no explicit time limit the files are checked in this thread (no time limit).
 */
export async function checkFiles(
  files: string[],
  jobs: number,
  data: BatchAnalyzeOptions,
  done: (index: number, r: FileResult) => void,
  timeoutS?: number,
): Promise<FileResult[]> {
  const results: FileResult[] = new Array(files.length);
  const finish = (i: number, r: FileResult) => {
    results[i] = r;
    done(i, r);
  };
  if (files.length === 0 || ((jobs <= 1 || files.length <= 1) && timeoutS === undefined)) {
    // In this thread only here: with workers the main thread never loads the engine (start-up time).
    const { checkFile } = require("./batch-file") as typeof import("./batch-file");
    for (let i = 0; i < files.length; i++) finish(i, await checkFile(files[i], data));
    return results;
  }
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve) => {
      let current = -1;
      let worker = spawnWorker(data);
      let timer: NodeJS.Timeout | undefined;
      const limitMs = (timeoutS ?? DEFAULT_TIMEOUT_S) * 1000;
      const feed = () => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        if (next >= files.length) {
          current = -1;
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        worker.postMessage({ id: current, file: path.resolve(files[current]) });
        timer = setTimeout(() => restart(`timed out after ${limitMs / 1000} s`), limitMs);
      };
      // The file in hand failed (worker crash or time limit): list it, replace the worker, go on.
      const restart = (reason: string) => {
        if (current < 0) return;
        const i = current;
        current = -1;
        finish(i, failed(files[i], reason, data));
        worker.removeAllListeners();
        void worker.terminate();
        worker = spawnWorker(data);
        attach();
        feed();
      };
      const attach = () => {
        worker.on("message", (msg: { id: number; result: FileResult }) => {
          if (msg.id !== current) return;
          finish(msg.id, { ...msg.result, file: files[msg.id] });
          feed();
        });
        const crashed = (why: string) => restart(`worker crashed: ${why}`);
        worker.on("error", (e) => crashed(e instanceof Error ? e.message : String(e)));
        worker.on("exit", (code) => {
          if (current >= 0) crashed(`exit code ${code}`);
        });
      };
      attach();
      feed();
    });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, files.length)) }, runWorker));
  return results;
}

/** The deepest folder holding every file (files named by their path below it in the report). */
export function commonFolder(files: string[]): string {
  if (files.length === 0) return process.cwd();
  let parts = path.dirname(path.resolve(files[0])).split(path.sep);
  for (const f of files.slice(1)) {
    const other = path.dirname(path.resolve(f)).split(path.sep);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(path.sep) || path.sep;
}

function bar(done: number, total: number, width = 20): string {
  const full = Math.round((done / total) * width);
  return "[" + "#".repeat(full) + "-".repeat(width - full) + "]";
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function progressLine(done: number, total: number, r: FileResult): string {
  const w = String(total).length;
  const head = `[${String(done).padStart(w)}/${total}] ${bar(done, total)} ${String(Math.round((done / total) * 100)).padStart(3)}%`;
  if (!r.ok) return `${head} ${r.file}: NOT READ: ${r.reason}`;
  return `${head} ${r.file}: ${plural(r.tables.length, "table")}, ${plural(r.counts.error, "error")}, ${plural(r.counts.warning, "warning")} (${(r.ms / 1000).toFixed(1)} s)`;
}

/** The JSON Lines object of one file. */
export function fileJson(r: FileResult) {
  return {
    version: 1,
    file: r.file,
    ok: r.ok,
    ...(r.reason ? { reason: r.reason } : {}),
    scale: r.scale,
    tables: r.tables,
    ...(r.unrecognized.length ? { unrecognized: r.unrecognized } : {}),
    counts: r.counts,
    findings: r.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      sheet: f.sheet,
      cell: f.cell,
      ...(f.stated !== undefined ? { stated: f.stated } : {}),
      ...(f.expected !== undefined ? { expected: f.expected } : {}),
      message: f.message.en,
      pesan: f.message.id,
    })),
  };
}

export async function runBatch(inputs: string[], opts: BatchOptions, out: Out, err: Out): Promise<number> {
  if (inputs.length === 0) throw new InputError("check needs at least one input file or folder");
  if (opts.report) reportKind(opts.report); // bad extension: usage error before any work
  const jobs = opts.jobs ?? defaultJobs();
  const files = expandInputs(inputs, opts.report ? [opts.report] : []);
  if (files.length === 0) throw new InputError(`no workbooks (${WORKBOOK_EXTENSIONS.join(", ")}) in ${inputs.join(", ")}`);
  const t0 = Date.now();
  let doneCount = 0;
  let printed = 0;
  const ready: FileResult[] = new Array(files.length);
  const data: BatchAnalyzeOptions = { analyze: opts.analyze };
  const results = await checkFiles(files, jobs, data, (i, r) => {
    doneCount++;
    err(progressLine(doneCount, files.length, r) + "\n");
    if (opts.json) {
      ready[i] = r;
      while (printed < files.length && ready[printed]) out(JSON.stringify(fileJson(ready[printed++])) + "\n");
    }
  }, opts.timeoutS);
  const ms = Date.now() - t0;
  // Name each file by its path below the folder common to all (two kabupaten may both have "Renja 2024.xlsx").
  const common = commonFolder(files);
  for (const r of results) r.name = path.relative(common, path.resolve(r.file)).split(path.sep).join("/");
  const unread = results.filter((r) => !r.ok);
  const sum = (f: (r: FileResult) => number) => results.reduce((s, r) => s + f(r), 0);
  const errors = sum((r) => r.counts.error);
  if (opts.report) {
    const written = await writeReport(opts.report, results);
    err(`report: ${written.join(", ")}\n`);
  }
  const summary =
    `${plural(files.length, "file")} in ${(ms / 1000).toFixed(1)} s (${jobs} job${jobs === 1 ? "" : "s"}): ${files.length - unread.length} checked, ${unread.length} not read; ` +
    `${plural(sum((r) => r.tables.length), "table")}; ${errors} error, ${sum((r) => r.counts.warning)} warning, ${sum((r) => r.counts.info)} info`;
  if (!opts.json) {
    const lines = [summary];
    for (const r of results) {
      if (!r.ok) lines.push(`  NOT READ ${r.file}: ${r.reason}`);
      else if (r.counts.error) lines.push(`  ${r.file}: ${plural(r.counts.error, "error")}`);
    }
    out(lines.join("\n") + "\n");
  } else {
    err(summary + "\n");
  }
  return errors > 0 || unread.length > 0 ? 1 : 0;
}
