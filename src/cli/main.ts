/**
 * The `capaian` command line (domain.md §7): inspect, check, fill over .xlsx files, with the same
 * engine as the add-in. Exit codes: 0 ok, 1 check found error-severity findings, 2 unreadable input
 * or bad usage (with a one-line reason on stderr). The input file is never modified.
 */
import * as fs from "fs";
import * as path from "path";
import type { AnalyzeOptions, Analysis } from "../core/engine";
import { InputError } from "../core/errors";
import { Book, areaA1, colLetter, a1 } from "../core/grid";
import type { Finding, Role, Scale, Severity, TableModel } from "../core/model";

// The engine and the reader are loaded when a command needs them (`--help` and usage errors answer
// without them: start-up time).
const engine = (): typeof import("../core/engine") => require("../core/engine");
const scales = (): typeof import("../core/scale") => require("../core/scale");
const reader = (): typeof import("../xlsx/read") => require("../xlsx/read");
const analyze = (book: Book, opts: Partial<AnalyzeOptions>): Analysis => engine().analyze(book, opts);
const describeScale = (scale: Scale) => scales().describeScale(scale);
// Loaded only by the commands that need them (start-up time): the patching writer for fill, the
// batch runner (worker pool, report writer) for a batch check.
const output = (): typeof import("./output") => require("./output");
const batch = (): typeof import("./batch") => require("./batch");

export const USAGE = `Usage:
  capaian inspect <file.xlsx> [--json]
  capaian check   <file.xlsx> [--json] [--scale ID]
  capaian check   <files or folders…> [--report report.xlsx|report.html|report.csv] [--jobs N] [--timeout S] [--json]
  capaian fill    <file.xlsx> -o <out.xlsx> [--values] [--scale ID] [--summary] [--findings] [--replace]
                  [--force] [--add-columns kategori,efisiensi,kategori_efisiensi] [--negative seed|ratio]

Any command takes --include-hidden: hidden sheets are analysed too (never written); by default they are skipped.
Scales: permendagri86 (default), lakip4, sakip-berhasil, efisiensi.
Exit codes: 0 ok, 1 check found errors, 2 unreadable input or bad usage.
Batch check (several files, a folder, --report or --jobs): one line per file on stderr, --json gives
JSON Lines (one object per file); a file that cannot be read is listed and the run goes on;
exit 1 when any file has an error finding or could not be read, 2 only for bad usage.`;

interface Args {
  command: string;
  file?: string;
  /** Every positional input (batch check takes several). */
  files: string[];
  report?: string;
  jobs?: number;
  timeout?: number;
  out?: string;
  json: boolean;
  values: boolean;
  summary: boolean;
  findings: boolean;
  force: boolean;
  /** Replace an existing output file (fill). */
  replace?: boolean;
  scale?: string;
  negative?: string;
  addColumns: Role[];
  /** Analyse hidden sheets too (they are never written). */
  includeHidden?: boolean;
}

const ADDABLE: Role[] = ["kategori", "efisiensi", "kategori_efisiensi"];

function parseArgs(argv: string[]): Args {
  const args: Args = { command: argv[0] ?? "", files: [], json: false, values: false, summary: false, findings: false, force: false, addColumns: [] };
  const positional: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new InputError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case "--json": args.json = true; break;
      case "--values": args.values = true; break;
      case "--summary": args.summary = true; break;
      case "--findings": args.findings = true; break;
      case "--force": args.force = true; break;
      case "--include-hidden": args.includeHidden = true; break;
      case "--replace": args.replace = true; break;
      case "-o": case "--out": args.out = next(); break;
      case "--scale": args.scale = next(); break;
      case "--report": args.report = next(); break;
      case "--jobs": {
        const v = next();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new InputError(`--jobs takes a whole number of at least 1; got "${v}"`);
        args.jobs = n;
        break;
      }
      case "--timeout": {
        const v = next();
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) throw new InputError(`--timeout takes a number of seconds; got "${v}"`);
        args.timeout = n;
        break;
      }
      case "--negative": args.negative = next(); break;
      case "--add-columns":
        for (const r of next().split(",").map((s) => s.trim()).filter(Boolean)) {
          if (!ADDABLE.includes(r as Role)) throw new InputError(`--add-columns takes ${ADDABLE.join(", ")}; got "${r}"`);
          args.addColumns.push(r as Role);
        }
        break;
      default:
        if (a.startsWith("-")) throw new InputError(`unknown option ${a}`);
        positional.push(a);
    }
  }
  if (positional.length > 1 && args.command !== "check") throw new InputError(`one input file expected, got ${positional.length}`);
  args.file = positional[0];
  args.files = positional;
  return args;
}

function options(args: Args): Partial<AnalyzeOptions> {
  const opts: Partial<AnalyzeOptions> = {};
  if (args.scale) opts.scale = scales().getScale(args.scale);
  if (args.negative) {
    if (args.negative !== "seed" && args.negative !== "ratio") throw new InputError(`--negative takes seed or ratio`);
    opts.negativeFormula = args.negative;
  }
  if (args.includeHidden) opts.includeHidden = true;
  return opts;
}

type Out = (s: string) => void;

export async function run(argv: string[], out: Out = (s) => process.stdout.write(s), err: Out = (s) => process.stderr.write(s)): Promise<number> {
  try {
    return await runOrThrow(argv, out, err);
  } catch (e) {
    if (e instanceof InputError) {
      err(`capaian: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

async function runOrThrow(argv: string[], out: Out, err: Out): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    out(USAGE + "\n");
    return argv.length === 0 ? 2 : 0;
  }
  const args = parseArgs(argv);
  if (!["inspect", "check", "fill"].includes(args.command)) throw new InputError(`unknown command "${args.command}" (inspect, check or fill)`);
  if (!args.file) throw new InputError(`${args.command} needs an input .xlsx file`);
  const opts = options(args);
  if ((args.report || args.jobs || args.timeout) && args.command !== "check") throw new InputError(`--report, --jobs and --timeout are options of check`);
  if (args.command === "check" && isBatch(args)) {
    return batch().runBatch(args.files, { report: args.report, jobs: args.jobs, timeoutS: args.timeout, json: args.json, analyze: opts }, out, err);
  }
  if (args.command === "fill") {
    if (!args.out) throw new InputError("fill needs -o <out.xlsx>");
    output().checkOutputPath(args.file, args.out, { replace: !!args.replace });
  }
  // The file's format is detected by content; .xls / .ods / .csv … are converted to an .xlsx package.
  const read = reader().readWorkbookFile(args.file, path.basename(args.file));
  const book = read.book;
  for (const note of book.readNotes ?? []) err(`capaian: ${args.file}: ${note}\n`);
  if (book.sheets.length === 0) throw new InputError(`${args.file} has no worksheets`);
  const converted = book.sourceFormat !== "xlsx" && book.sourceFormat !== "xlsm";

  if (args.command === "inspect") {
    const analysis = analyze(book, { ...opts, fill: false });
    out(args.json ? JSON.stringify(inspectJson(book, analysis), null, 2) + "\n" : inspectText(book, analysis));
    return 0;
  }
  if (args.command === "check") {
    const analysis = analyze(book, { ...opts, fill: false });
    out(args.json ? JSON.stringify(checkJson(book, analysis), null, 2) + "\n" : checkText(book, analysis));
    return analysis.findings.some((f) => f.severity === "error") ? 1 : 0;
  }
  const analysis = analyze(book, {
    ...opts,
    fill: { values: args.values, force: args.force, addColumns: args.addColumns },
    summary: args.summary,
    findings: args.findings,
  });
  if (analysis.recognition.tables.length === 0) {
    throw new InputError(`no performance table recognised in ${args.file}; nothing written (${reasons(analysis)})`);
  }
  const copy = output().writeFillCopy({
    input: args.file,
    out: args.out!,
    plan: analysis.plan,
    values: args.values,
    replace: !!args.replace,
    xlsxBytes: read.xlsxBytes,
    ...(converted ? { sourceFormat: book.sourceFormat } : {}),
  });
  out(fillText(args, analysis, copy.chartsSkipped) + copy.notes.map((l) => l + "\n").join(""));
  return 0;
}

/** Several inputs, a folder, --report or --jobs: the batch check (batch.ts); one file: as ever. */
function isBatch(args: Args): boolean {
  if (args.files.length > 1 || args.report || args.jobs || args.timeout) return true;
  try {
    return fs.statSync(args.files[0]).isDirectory();
  } catch {
    return false;
  }
}

function reasons(a: Analysis): string {
  return a.recognition.unrecognized.map((u) => `${u.sheet}: ${u.reason}`).join("; ") || "no sheets";
}

// ---------------------------------------------------------------------------------------------
// inspect

export function inspectJson(book: Book, a: Analysis) {
  return {
    version: 1,
    file: book.name,
    tables: a.recognition.tables.map((t) => tableJson(t)),
    unrecognized: a.recognition.unrecognized,
  };
}

function tableJson(t: TableModel) {
  return {
    sheet: t.sheet,
    kind: t.kind,
    range: areaA1(t.area),
    ...(t.title ? { title: t.title } : {}),
    header: { firstRow: t.header.firstRow + 1, lastRow: t.header.lastRow + 1, ...(t.header.numberRow !== undefined ? { numberRow: t.header.numberRow + 1 } : {}) },
    columns: t.columns.map((c) => ({
      column: colLetter(c.col),
      role: c.role,
      ...(c.measure ? { measure: c.measure } : {}),
      ...(c.quarter ? { quarter: c.quarter } : {}),
      ...(c.year ? { year: c.year } : {}),
      ...(c.unitCol !== undefined ? { unitColumn: colLetter(c.unitCol) } : {}),
      ...(c.scale && c.scale !== 1 ? { scale: c.scale } : {}),
      ...(c.percent ? { percent: true } : {}),
      ...(c.numberLabel ? { label: c.numberLabel } : {}),
      header: c.header,
    })),
    rows: t.rows.map((r) => ({
      row: r.row + 1,
      level: r.level,
      label: r.label,
      ...(r.indicator ? { indicator: r.indicator } : {}),
      ...(r.code ? { code: r.code } : {}),
      ...(r.parent !== undefined ? { parent: r.parent + 1 } : {}),
      ...(r.hidden ? { hidden: true } : {}),
      polarity: r.polarity,
      aggregation: r.aggregation,
    })),
    ...(t.labelConflicts.length ? { labelConflicts: t.labelConflicts.map((l) => ({ cell: a1(l.row, l.col), label: l.label, expected: l.expected, reason: l.reason })) } : {}),
  };
}

function inspectText(book: Book, a: Analysis): string {
  const lines: string[] = [`${book.name}: ${a.recognition.tables.length} table(s) recognised`];
  for (const t of a.recognition.tables) {
    lines.push("");
    lines.push(`${t.sheet}!${areaA1(t.area)}  ${t.kind}${t.title ? `  "${t.title}"` : ""}`);
    lines.push(`  header rows ${t.header.firstRow + 1}-${t.header.lastRow + 1}${t.header.numberRow !== undefined ? `, number row ${t.header.numberRow + 1}` : ""}`);
    const cols = t.columns.map((c) => `${colLetter(c.col)}=${c.role}${c.measure ? `/${c.measure.toUpperCase()}` : ""}${c.scale && c.scale !== 1 ? `×${c.scale}` : ""}`);
    for (let i = 0; i < cols.length; i += 6) lines.push(`  columns ${cols.slice(i, i + 6).join("  ")}`);
    const counts = new Map<string, number>();
    for (const r of t.rows) counts.set(r.level, (counts.get(r.level) ?? 0) + 1);
    lines.push(`  rows ${t.rows.length}: ${[...counts].map(([k, v]) => `${v} ${k}`).join(", ")}`);
    for (const l of t.labelConflicts) lines.push(`  ! ${a1(l.row, l.col)} label "${l.label}" contradicts the header (${l.expected})`);
  }
  for (const u of a.recognition.unrecognized) lines.push(``, `${u.sheet}: no table (${u.reason})`);
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------------
// check

export function checkJson(book: Book, a: Analysis) {
  return {
    version: 1,
    file: book.name,
    scale: a.plan.scale.id,
    scaleConvention: describeScale(a.plan.scale).en,
    tables: a.recognition.tables.length,
    findings: a.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      sheet: f.sheet,
      cell: f.cell,
      ...(f.stated !== undefined ? { stated: f.stated } : {}),
      ...(f.expected !== undefined ? { expected: f.expected } : {}),
      ...(f.how ? { how: f.how } : {}),
      ...(f.inputs ? { inputs: f.inputs } : {}),
      ...(f.cells ? { cells: f.cells, count: f.count ?? f.cells.length } : {}),
      message: f.message.en,
      pesan: f.message.id,
    })),
  };
}

const SEVERITIES: Severity[] = ["error", "warning", "info"];

function checkText(book: Book, a: Analysis): string {
  const lines: string[] = [];
  const count = (s: Severity) => a.findings.filter((f) => f.severity === s).length;
  lines.push(`${book.name}: ${a.recognition.tables.length} table(s), ${a.findings.length} finding(s): ${count("error")} error, ${count("warning")} warning, ${count("info")} info`);
  lines.push(describeScale(a.plan.scale).en);
  const bySheet = new Map<string, Finding[]>();
  for (const f of a.findings) {
    const list = bySheet.get(f.sheet) ?? [];
    list.push(f);
    bySheet.set(f.sheet, list);
  }
  for (const [sheet, list] of bySheet) {
    lines.push("", `== ${sheet}`);
    for (const sev of SEVERITIES) {
      const group = list.filter((f) => f.severity === sev);
      if (group.length === 0) continue;
      lines.push(`  ${sev.toUpperCase()} (${group.length})`);
      for (const f of group) {
        const sv = f.stated !== undefined && f.stated !== null ? ` stated ${fmt(f.stated)}` : "";
        const ev = f.expected !== undefined && f.expected !== null ? ` expected ${fmt(f.expected)}` : "";
        lines.push(`    ${f.cell.padEnd(7)} ${f.rule.padEnd(20)}${sv}${ev}`);
        lines.push(`            ${f.message.en}`);
      }
    }
  }
  if (a.recognition.tables.length === 0) lines.push("", `No performance table recognised: ${reasons(a)}`);
  return lines.join("\n") + "\n";
}

function fmt(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Math.round(v * 10000) / 10000);
  return JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------
// fill

function fillText(args: Args, a: Analysis, chartsSkipped: number): string {
  const p = a.plan;
  // Note-only writes (a cell left empty with the reason) are not filled values. Counted in one
  // pass (a 10,000-row fill plans ~100,000 writes).
  let fills = 0;
  let formulas = 0;
  for (const w of p.writes) {
    if (w.purpose !== "fill" || (w.formula === undefined && w.value === undefined)) continue;
    fills++;
    if (w.formula && !args.values) formulas++;
  }
  const lines = [
    `${args.file} → ${args.out}`,
    `  ${a.recognition.tables.length} table(s); ${fills} cell(s) filled (${formulas} formulas, ${fills - formulas} values); ${p.skipped.length} non-empty cell(s) left as they were`,
  ];
  if (p.sheets.length) lines.push(`  sheets generated: ${p.sheets.map((s) => s.name).join(", ")}`);
  if (args.findings) lines.push(`  ${a.findings.length} finding(s) marked`);
  if (chartsSkipped) lines.push(`  ${chartsSkipped} chart(s) not written: .xlsx output has no charts (the add-in draws them in Excel)`);
  lines.push(`  ${describeScale(p.scale).en}`);
  return lines.join("\n") + "\n";
}
