/**
 * `npm run corpus -- <folder> [--json out.json] [--jobs N] [--fill-args "..."] [--args "..."]
 *                    [--no-recalc] [--timeout S] [--examples N] [--keep DIR]`
 *
 * Runs `capaian inspect`, `check` and `fill` (in-process, through the CLI's own `run`) on every
 * workbook of a folder and reports per file: tables (sheet, range, kind), finding counts by
 * severity and rule, crashes, times, and the FILL DAMAGE: the original and the filled copy are both
 * recalculated by LibreOffice headless (tests/support/libreoffice.ts) and compared cell by cell
 * (scripts/corpus-damage.ts), split into damage from Capaian's own writes (cells it wrote and the
 * formulas depending on them) and damage from the writer (cells Capaian did not touch that changed).
 *
 * Each file runs in its own child process with a time limit, so one bad file (a crash, a hang, an
 * out-of-memory) never stops the run. Fills are written to a temporary directory.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../src/cli/main";
import { readBook } from "../src/xlsx/read";
import type { Book } from "../src/core/grid";
import { recalculateMany, sofficeAvailable } from "../tests/support/libreoffice";
import { Damage, fillDamage } from "./corpus-damage";

export const SPREADSHEET_EXT = [".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv"];

export interface CommandResult {
  /** Exit code of the CLI (0, 1, 2), or null when it threw. */
  exit: number | null;
  ms: number;
  /** The one-line reason of an exit 2. */
  reason?: string;
  /** An exception that escaped the CLI: a crash. */
  crash?: string;
}

export interface TableInfo {
  sheet: string;
  range: string;
  kind: string;
  title?: string;
  rows: number;
}

export interface FileReport {
  file: string;
  bytes: number;
  status: "ok" | "unsupported" | "unreadable" | "crash" | "timeout";
  /** Crash messages (command: message). */
  crashes: string[];
  inspect?: CommandResult;
  check?: CommandResult;
  fill?: CommandResult;
  tables: TableInfo[];
  unrecognized: { sheet: string; reason: string }[];
  findings: { error: number; warning: number; info: number };
  /** severity → rule → count. */
  byRule: Record<string, Record<string, number>>;
  /** The fill's own summary line(s). */
  fillSummary?: string;
  recalcMs?: number;
  damage?: Damage;
  damageError?: string;
  totalMs: number;
}

interface Options {
  json?: string;
  jobs: number;
  fillArgs: string[];
  args: string[];
  recalc: boolean;
  timeoutS: number;
  examples: number;
  keep?: string;
}

function splitArgs(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

function parse(argv: string[]): { folders: string[]; opts: Options; one?: { file: string; result: string; tmp: string } } {
  const opts: Options = { jobs: 1, fillArgs: [], args: [], recalc: true, timeoutS: 600, examples: 5 };
  const folders: string[] = [];
  let oneFile: string | undefined;
  let result: string | undefined;
  let tmp: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case "--json": opts.json = next(); break;
      case "--jobs": opts.jobs = Math.max(1, Number(next()) || 1); break;
      case "--fill-args": opts.fillArgs = splitArgs(next()); break;
      case "--args": opts.args = splitArgs(next()); break;
      case "--no-recalc": opts.recalc = false; break;
      case "--timeout": opts.timeoutS = Number(next()) || 600; break;
      case "--examples": opts.examples = Number(next()) || 0; break;
      case "--keep": opts.keep = next(); break;
      case "--one": oneFile = next(); break;
      case "--result": result = next(); break;
      case "--tmp": tmp = next(); break;
      case "-h": case "--help":
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
        folders.push(a);
    }
  }
  return { folders, opts, one: oneFile && result && tmp ? { file: oneFile, result, tmp } : undefined };
}

const USAGE = `npm run corpus -- <folder or file…> [--json out.json] [--jobs N] [--fill-args "--summary --findings"]
       [--args "<extra options for inspect, check and fill>"] [--no-recalc] [--timeout S] [--examples N] [--keep DIR]`;

// ---------------------------------------------------------------------------------------------
// One file (child process)

async function cli(argv: string[]): Promise<CommandResult & { out: string; err: string }> {
  let out = "";
  let err = "";
  const t0 = Date.now();
  try {
    const exit = await run(argv, (s) => (out += s), (s) => (err += s));
    const res: CommandResult & { out: string; err: string } = { exit, ms: Date.now() - t0, out, err };
    if (exit === 2) res.reason = err.trim().replace(/^capaian: /, "");
    return res;
  } catch (e) {
    const msg = e instanceof Error ? `${e.name}: ${e.message}${e.stack ? " @ " + (e.stack.split("\n")[1] ?? "").trim() : ""}` : String(e);
    return { exit: null, ms: Date.now() - t0, crash: msg, out, err };
  }
}

const strip = ({ exit, ms, reason, crash }: CommandResult): CommandResult => ({
  exit,
  ms,
  ...(reason ? { reason } : {}),
  ...(crash ? { crash } : {}),
});

export async function measureFile(file: string, tmp: string, opts: Options): Promise<FileReport> {
  const t0 = Date.now();
  const report: FileReport = {
    file: path.basename(file),
    bytes: fs.statSync(file).size,
    status: "ok",
    crashes: [],
    tables: [],
    unrecognized: [],
    findings: { error: 0, warning: 0, info: 0 },
    byRule: {},
    totalMs: 0,
  };
  const ins = await cli(["inspect", file, "--json", ...opts.args]);
  report.inspect = strip(ins);
  if (ins.crash) report.crashes.push(`inspect: ${ins.crash}`);
  if (ins.exit === 0) {
    try {
      const j = JSON.parse(ins.out) as {
        tables: { sheet: string; range: string; kind: string; title?: string; rows?: unknown[] }[];
        unrecognized?: { sheet: string; reason: string }[];
      };
      report.tables = j.tables.map((t) => ({ sheet: t.sheet, range: t.range, kind: t.kind, ...(t.title ? { title: t.title } : {}), rows: t.rows?.length ?? 0 }));
      report.unrecognized = j.unrecognized ?? [];
    } catch (e) {
      report.crashes.push(`inspect: output is not JSON (${(e as Error).message})`);
    }
  }
  const chk = await cli(["check", file, "--json", ...opts.args]);
  report.check = strip(chk);
  if (chk.crash) report.crashes.push(`check: ${chk.crash}`);
  if (chk.exit === 0 || chk.exit === 1) {
    try {
      const j = JSON.parse(chk.out) as { findings: { rule: string; severity: "error" | "warning" | "info" }[] };
      for (const f of j.findings) {
        report.findings[f.severity] = (report.findings[f.severity] ?? 0) + 1;
        const m = (report.byRule[f.severity] ??= {});
        m[f.rule] = (m[f.rule] ?? 0) + 1;
      }
    } catch (e) {
      report.crashes.push(`check: output is not JSON (${(e as Error).message})`);
    }
  }
  const copy = path.join(tmp, path.basename(file).replace(/\.[^.]+$/, "") + ".filled.xlsx");
  const fil = await cli(["fill", file, "-o", copy, ...opts.args, ...opts.fillArgs]);
  report.fill = strip(fil);
  if (fil.crash) report.crashes.push(`fill: ${fil.crash}`);
  if (fil.exit === 0) {
    report.fillSummary = fil.out
      .split("\n")
      .slice(1)
      .map((s) => s.trim())
      .filter((s) => s && !/^Scale /.test(s))
      .join("; ");
  }

  // inspect's exit 2 with a well-formed command line means the workbook was not read
  if (ins.exit === 2) {
    report.status = path.extname(file).toLowerCase() === ".xlsx" ? "unreadable" : "unsupported";
  }
  if (report.crashes.length) report.status = "crash";

  if (fil.exit === 0 && fs.existsSync(copy) && opts.recalc) {
    try {
      const t1 = Date.now();
      const readOr = async (p: string): Promise<Book | undefined> => {
        try {
          return await readBook(p, path.basename(p));
        } catch {
          return undefined;
        }
      };
      const [origBook, copyBook] = [await readOr(file), await readOr(copy)];
      const [origValues, copyValues] = await recalculateMany([fs.readFileSync(file), fs.readFileSync(copy)]);
      report.recalcMs = Date.now() - t1;
      report.damage = fillDamage(origValues, copyValues, origBook, copyBook, opts.examples);
    } catch (e) {
      report.damageError = e instanceof Error ? e.message.split("\n")[0] : String(e);
    }
  }
  if (opts.keep && fs.existsSync(copy)) {
    fs.mkdirSync(opts.keep, { recursive: true });
    fs.copyFileSync(copy, path.join(opts.keep, path.basename(copy)));
  }
  report.totalMs = Date.now() - t0;
  return report;
}

// ---------------------------------------------------------------------------------------------
// The run (parent process)

function listFiles(inputs: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    const st = fs.statSync(input);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(input).sort()) {
        const p = path.join(input, name);
        if (fs.statSync(p).isFile() && SPREADSHEET_EXT.includes(path.extname(name).toLowerCase()) && !name.startsWith("~$")) files.push(p);
      }
    } else files.push(input);
  }
  return files;
}

function child(file: string, tmp: string, opts: Options, argv: string[], profile: string): Promise<FileReport> {
  const result = path.join(tmp, `${path.basename(file)}.result.json`);
  return new Promise((resolve) => {
    const t0 = Date.now();
    const proc = spawn(process.execPath, ["--max-old-space-size=6144", __filename, "--one", file, "--result", result, "--tmp", tmp, ...argv], {
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      // one LibreOffice profile per worker slot, kept across files (a new profile costs many seconds)
      env: { ...process.env, CAPAIAN_LO_PROFILE: profile, CAPAIAN_SOFFICE_TIMEOUT_MS: process.env.CAPAIAN_SOFFICE_TIMEOUT_MS ?? String(Math.max(60, opts.timeoutS - 60) * 1000) },
    });
    let log = "";
    proc.stdout.on("data", (d) => (log += d));
    proc.stderr.on("data", (d) => (log += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (proc.pid) process.kill(-proc.pid, "SIGKILL");
      } catch {
        // gone
      }
    }, opts.timeoutS * 1000);
    proc.on("close", (code, signal) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(fs.readFileSync(result, "utf8")) as FileReport);
      } catch {
        const tail = log.trim().split("\n").slice(-3).join(" | ");
        resolve({
          file: path.basename(file),
          bytes: fs.existsSync(file) ? fs.statSync(file).size : 0,
          status: timedOut ? "timeout" : "crash",
          crashes: [timedOut ? `timed out after ${opts.timeoutS} s` : `process ended (exit ${code}${signal ? ", " + signal : ""}): ${tail}`],
          tables: [],
          unrecognized: [],
          findings: { error: 0, warning: 0, info: 0 },
          byRule: {},
          totalMs: Date.now() - t0,
        });
      }
    });
  });
}

const sec = (ms: number | undefined) => (ms === undefined ? "-" : (ms / 1000).toFixed(1) + " s");
const mb = (b: number) => (b >= 1e6 ? (b / 1e6).toFixed(1) + " MB" : Math.round(b / 1e3) + " KB");

function cmdText(name: string, c: CommandResult | undefined): string {
  if (!c) return `${name} -`;
  if (c.crash) return `${name} CRASH`;
  return `${name} ${sec(c.ms)} exit ${c.exit}`;
}

export function fileText(r: FileReport): string {
  const L: string[] = [];
  L.push(`== ${r.file}  (${mb(r.bytes)})  ${r.status.toUpperCase()}  ${sec(r.totalMs)}`);
  L.push(`  ${cmdText("inspect", r.inspect)} | ${cmdText("check", r.check)} | ${cmdText("fill", r.fill)}${r.recalcMs !== undefined ? ` | recalc ${sec(r.recalcMs)}` : ""}`);
  for (const c of r.crashes) L.push(`  CRASH ${c}`);
  const reason = r.inspect?.reason ?? r.check?.reason;
  if (reason && r.inspect?.exit === 2) L.push(`  not read: ${reason}`);
  L.push(`  tables: ${r.tables.length}`);
  for (const t of r.tables.slice(0, 12)) L.push(`    ${`${t.sheet}!${t.range}`.padEnd(34)} ${t.kind.padEnd(18)} ${String(t.rows).padStart(5)} rows${t.title ? `  "${t.title.slice(0, 50)}"` : ""}`);
  if (r.tables.length > 12) L.push(`    … ${r.tables.length - 12} more`);
  if (r.unrecognized.length) {
    const reasons = new Map<string, number>();
    for (const u of r.unrecognized) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1);
    L.push(`  sheets without a table: ${r.unrecognized.length} (${[...reasons].slice(0, 3).map(([k, v]) => `${v}× ${k.slice(0, 70)}`).join("; ")})`);
  }
  L.push(`  findings: ${r.findings.error} error, ${r.findings.warning} warning, ${r.findings.info} info`);
  for (const sev of ["error", "warning", "info"]) {
    const m = r.byRule[sev];
    if (!m) continue;
    L.push(`    ${sev.padEnd(8)} ${Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  }
  if (r.fill?.exit === 2) L.push(`  fill: nothing written (${(r.fill.reason ?? "").slice(0, 140)})`);
  if (r.fillSummary) L.push(`  fill: ${r.fillSummary.slice(0, 300)}`);
  if (r.damage) {
    const d = r.damage;
    L.push(
      `  FILL DAMAGE own writes: ${d.own.changed} changed, ${d.own.newErrors} new errors | writer: ${d.writer.changed} changed, ${d.writer.newErrors} new errors` +
        ` (${d.writtenCells} cells written, ${d.dependentCells} dependent formulas${d.missingSheets.length ? `, sheets lost: ${d.missingSheets.join(", ")}` : ""})`,
    );
    for (const e of d.examples) {
      L.push(`    ${e.cause.padEnd(6)} ${`${e.sheet}!${e.cell}`.padEnd(28)} ${JSON.stringify(e.before ?? null)} → ${JSON.stringify(e.after ?? null)}${e.written ? " (written)" : ""}`);
    }
  } else if (r.damageError) L.push(`  fill damage: not measured (${r.damageError})`);
  return L.join("\n");
}

export function summaryText(reports: FileReport[]): string {
  const head = ["file", "status", "tables", "error", "warn", "info", "crash", "own dmg", "writer dmg", "time"];
  const rows = reports.map((r) => [
    r.file.length > 36 ? r.file.slice(0, 35) + "…" : r.file,
    r.status,
    String(r.tables.length),
    String(r.findings.error),
    String(r.findings.warning),
    String(r.findings.info),
    String(r.crashes.length),
    r.damage ? `${r.damage.own.changed}/${r.damage.own.newErrors}` : r.fill?.exit === 0 ? "n/m" : "-",
    r.damage ? `${r.damage.writer.changed}/${r.damage.writer.newErrors}` : r.fill?.exit === 0 ? "n/m" : "-",
    sec(r.totalMs),
  ]);
  const sum = (f: (r: FileReport) => number) => reports.reduce((s, r) => s + f(r), 0);
  rows.push([
    `TOTAL (${reports.length} files)`,
    `${reports.filter((r) => r.status === "ok").length} ok`,
    String(sum((r) => r.tables.length)),
    String(sum((r) => r.findings.error)),
    String(sum((r) => r.findings.warning)),
    String(sum((r) => r.findings.info)),
    String(sum((r) => r.crashes.length)),
    `${sum((r) => r.damage?.own.changed ?? 0)}/${sum((r) => r.damage?.own.newErrors ?? 0)}`,
    `${sum((r) => r.damage?.writer.changed ?? 0)}/${sum((r) => r.damage?.writer.newErrors ?? 0)}`,
    sec(sum((r) => r.totalMs)),
  ]);
  const measured = reports.filter((r) => r.damage).length;
  const filled = reports.filter((r) => r.fill?.exit === 0).length;
  if (measured < filled) {
    rows[rows.length - 1][7] += ` (${measured} of ${filled})`;
    rows[rows.length - 1][8] += ` (${measured} of ${filled})`;
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(0, -1).map(line), widths.map((w) => "-".repeat(w)).join("  "), line(rows[rows.length - 1])].join("\n") +
    "\n(damage = changed cells / new error values, after LibreOffice recalculation of the original and the filled copy; n/m = not measured)";
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { folders, opts, one } = parse(argv);
  if (one) {
    let report: FileReport;
    try {
      report = await measureFile(one.file, one.tmp, opts);
    } catch (e) {
      report = {
        file: path.basename(one.file),
        bytes: 0,
        status: "crash",
        crashes: [`corpus: ${e instanceof Error ? e.message : String(e)}`],
        tables: [],
        unrecognized: [],
        findings: { error: 0, warning: 0, info: 0 },
        byRule: {},
        totalMs: 0,
      };
    }
    fs.writeFileSync(one.result, JSON.stringify(report));
    return;
  }
  if (folders.length === 0) {
    console.error(USAGE);
    process.exit(2);
  }
  const files = listFiles(folders);
  if (opts.recalc && !sofficeAvailable()) {
    console.error("corpus: LibreOffice (soffice) not found; fill damage is not measured (install libreoffice-calc-nogui, or pass --no-recalc)");
    opts.recalc = false;
  }
  const passOn: string[] = [];
  if (!opts.recalc) passOn.push("--no-recalc");
  if (opts.fillArgs.length) passOn.push("--fill-args", opts.fillArgs.join(" "));
  if (opts.args.length) passOn.push("--args", opts.args.join(" "));
  passOn.push("--examples", String(opts.examples));
  if (opts.keep) passOn.push("--keep", path.resolve(opts.keep));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "capaian-corpus-"));
  const started = new Date().toISOString();
  const t0 = Date.now();
  console.log(`corpus: ${files.length} workbook(s) from ${folders.join(", ")}; ${opts.jobs} at a time; fill ${opts.fillArgs.join(" ") || "(default options)"}; recalc ${opts.recalc ? "LibreOffice" : "off"}\n`);
  const reports: FileReport[] = new Array(files.length);
  let nextIndex = 0;
  let printed = 0;
  const done = new Set<number>();
  const flush = () => {
    while (done.has(printed)) {
      console.log(fileText(reports[printed]) + "\n");
      printed++;
    }
  };
  const worker = async (slot: number) => {
    const profile = path.join(tmp, `lo-profile-${slot}`);
    while (nextIndex < files.length) {
      const i = nextIndex++;
      const dir = path.join(tmp, String(i));
      fs.mkdirSync(dir);
      process.stderr.write(`[${i + 1}/${files.length}] ${path.basename(files[i])} …\n`);
      reports[i] = await child(path.resolve(files[i]), dir, opts, passOn, profile);
      done.add(i);
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, files.length) }, (_, slot) => worker(slot)));
  console.log(summaryText(reports));
  console.log(`wall time ${sec(Date.now() - t0)}`);
  if (opts.json) {
    fs.mkdirSync(path.dirname(path.resolve(opts.json)), { recursive: true });
    fs.writeFileSync(opts.json, JSON.stringify({ version: 1, started, folders, options: { fillArgs: opts.fillArgs, args: opts.args, recalc: opts.recalc }, files: reports }, null, 2) + "\n");
    console.log(`JSON written to ${opts.json}`);
  }
  if (!opts.keep) fs.rmSync(tmp, { recursive: true, force: true });
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(2);
  });
}
