/**
 * The whole-process part of `npm run bench` (issue 14):
 *
 * - a batch of generated workbooks (a mixture of fixture families: E.81 Renja matrices, budget
 *   realisation tables, IKU capaian tables, 50–500 rows each, and the seed fixtures as they are)
 *   checked by ONE `capaian check <folder> --report report.xlsx` (worker threads), against one
 *   process per file measured on an evenly spread sample and extrapolated; prints both and the
 *   ratio. BENCH_BATCH_FILES sets the number of workbooks (default 150; issue 14's target is 1,500);
 *   BENCH_BATCH_SAMPLE the size of the one-process-per-file sample (default 12).
 * - whole-process `capaian check` of the 10,000-row E.81 matrix: wall time and peak RSS (and the
 *   `--help` start-up for scale).
 *
 * The CLI runs from dist/bench (compiled together with this script), in fresh `node` processes.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import ExcelJS from "exceljs";
import { Grid } from "../src/core/grid";
import { syntheticMatrix } from "../tests/recognize/synthetic";
import { FIXTURES, fixtureBuffer } from "../tests/fixtures";

const MAIN = path.join(__dirname, "..", "src", "cli", "main.js");

export interface ProcessRun {
  ms: number;
  /** Peak resident set size of the process, MB. */
  rssMb: number;
  /** CPU time of the process (user + system, all threads), ms: what the machine's load does not inflate. */
  cpuMs: number;
  code: number | null;
  err: string;
}

/** `capaian <args>` in a fresh node process: wall time, exit code and peak RSS. */
export function runCli(args: string[]): Promise<ProcessRun> {
  const code =
    `process.on("exit",()=>{try{const u=process.resourceUsage();require("fs").writeSync(2,"\\nCAPAIAN_MAXRSS_KB "+u.maxRSS+" "+(u.userCPUTime+u.systemCPUTime)+"\\n")}catch(e){}});` +
    `require(${JSON.stringify(MAIN)}).run(process.argv.slice(1)).then((c)=>process.exit(c),(e)=>{console.error(e);process.exit(2)});`;
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ["-e", code, "--", ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (exit) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const m = /CAPAIAN_MAXRSS_KB (\d+) (\d+)/.exec(err);
      resolve({ ms, rssMb: Number(m?.[1] ?? 0) / 1024, cpuMs: Number(m?.[2] ?? 0) / 1000, code: exit, err: err.replace(/\n?CAPAIAN_MAXRSS_KB \d+ \d+\n?/, "") });
    });
  });
}

export async function gridToXlsx(g: Grid): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(g.sheet);
  g.cells.forEach((row, r) =>
    row?.forEach((c, col) => {
      if (c) ws.getCell(r + 1, col + 1).value = c.v as ExcelJS.CellValue;
    }),
  );
  for (const m of g.merges) ws.mergeCells(m.r1 + 1, m.c1 + 1, m.r2 + 1, m.c2 + 1);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A small deterministic PRNG (mulberry32), so that every run checks the same batch. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SKPD = ["Dinas Pendidikan", "Dinas Kesehatan", "Dinas Pekerjaan Umum", "Bappeda", "Dinas Sosial", "Dinas Perhubungan", "Inspektorat", "Dinas Koperasi dan UKM"];

/** Realisasi anggaran: program / kegiatan / sub kegiatan with codes, pagu, realisasi, %, sisa; SUM totals. */
function budgetTable(rows: number, rand: () => number, skpd: string): Grid {
  const g = new Grid("Realisasi Anggaran");
  g.set(0, 0, { v: `Laporan Realisasi Anggaran ${skpd} Tahun 2024`, bold: true });
  g.set(1, 0, { v: "Perangkat Daerah" });
  g.set(1, 1, { v: `: ${skpd}` });
  const head = ["No", "Kode", "Program / Kegiatan / Sub Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "Persentase (%)", "Sisa Anggaran (Rp)"];
  head.forEach((h, c) => g.set(3, c, { v: h, bold: true }));
  let r = 4;
  const subsPerKeg = 4;
  const kegPerProg = 3;
  let p = 0;
  const totalRows: number[] = [];
  while (r < rows + 4) {
    p++;
    const progRow = r++;
    totalRows.push(progRow);
    g.set(progRow, 0, { v: p });
    g.set(progRow, 1, { v: `1.02.${String(p).padStart(2, "0")}` });
    g.set(progRow, 2, { v: `PROGRAM ${p} ${skpd.toUpperCase()}`, bold: true });
    const kegRows: number[] = [];
    for (let k = 1; k <= kegPerProg && r < rows + 4; k++) {
      const kegRow = r++;
      kegRows.push(kegRow);
      g.set(kegRow, 1, { v: `1.02.${String(p).padStart(2, "0")}.2.${String(k).padStart(2, "0")}` });
      g.set(kegRow, 2, { v: `Kegiatan ${p}.${k}` });
      const subs: number[] = [];
      for (let s = 1; s <= subsPerKeg && r < rows + 4; s++) {
        const sub = r++;
        subs.push(sub);
        const pagu = Math.round(50 + rand() * 950) * 1_000_000;
        const real = Math.round(pagu * (0.5 + rand() * 0.5));
        g.set(sub, 1, { v: `1.02.${String(p).padStart(2, "0")}.2.${String(k).padStart(2, "0")}.${String(s).padStart(4, "0")}` });
        g.set(sub, 2, { v: `Sub Kegiatan ${p}.${k}.${s}` });
        g.set(sub, 3, { v: pagu });
        g.set(sub, 4, { v: real });
        g.set(sub, 5, { v: Math.round((real / pagu) * 10000) / 100 });
        g.set(sub, 6, { v: pagu - real });
      }
      for (const c of [3, 4, 6]) {
        const sum = subs.reduce((acc, s) => acc + Number(g.value(s, c) ?? 0), 0);
        g.set(kegRow, c, { v: sum });
      }
      const kp = Number(g.value(kegRow, 3));
      if (kp) g.set(kegRow, 5, { v: Math.round((Number(g.value(kegRow, 4)) / kp) * 10000) / 100 });
    }
    for (const c of [3, 4, 6]) g.set(progRow, c, { v: kegRows.reduce((acc, k) => acc + Number(g.value(k, c) ?? 0), 0) });
    const pp = Number(g.value(progRow, 3));
    if (pp) g.set(progRow, 5, { v: Math.round((Number(g.value(progRow, 4)) / pp) * 10000) / 100 });
  }
  g.set(r, 2, { v: "JUMLAH", bold: true });
  for (const c of [3, 4, 6]) g.set(r, c, { v: totalRows.reduce((acc, k) => acc + Number(g.value(k, c) ?? 0), 0) });
  const tp = Number(g.value(r, 3));
  if (tp) g.set(r, 5, { v: Math.round((Number(g.value(r, 4)) / tp) * 10000) / 100 });
  return g;
}

/** IKU capaian: sasaran, indikator, satuan, target, realisasi, capaian (%). */
function ikuTable(rows: number, rand: () => number, skpd: string): Grid {
  const g = new Grid("Capaian IKU");
  g.set(0, 0, { v: `Capaian Indikator Kinerja Utama ${skpd} Tahun 2024`, bold: true });
  const head = ["No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)"];
  head.forEach((h, c) => g.set(2, c, { v: h, bold: true }));
  for (let i = 0; i < rows; i++) {
    const r = 3 + i;
    const target = Math.round(10 + rand() * 90);
    const real = Math.round(target * (0.6 + rand() * 0.5) * 100) / 100;
    g.set(r, 0, { v: i + 1 });
    g.set(r, 1, { v: `Meningkatnya kualitas layanan ${1 + Math.floor(i / 5)}` });
    g.set(r, 2, { v: `Persentase layanan ${i + 1} yang memenuhi standar` });
    g.set(r, 3, { v: "%" });
    g.set(r, 4, { v: target });
    g.set(r, 5, { v: real });
    g.set(r, 6, { v: Math.round((real / target) * 10000) / 100 });
  }
  return g;
}

/** Writes `count` workbooks into `dir`: E.81 matrices, budget tables, IKU tables (50–500 rows) and seed fixtures. */
export async function generateBatch(dir: string, count: number): Promise<{ files: string[]; bytes: number; rows: number }> {
  fs.mkdirSync(dir, { recursive: true });
  const rand = rng(14);
  const fixtureIds = FIXTURES.map((f) => f.id);
  const files: string[] = [];
  let bytes = 0;
  let rows = 0;
  for (let i = 0; i < count; i++) {
    const n = 50 + Math.floor(rand() * 451);
    const skpd = SKPD[i % SKPD.length];
    let buf: Buffer;
    let kind: string;
    switch (i % 4) {
      case 0:
        // syntheticMatrix(n) counts indicator rows; a 50–500-row sheet has about n / 1.4 of them
        buf = await gridToXlsx(syntheticMatrix(Math.max(30, Math.round(n / 1.4))));
        kind = "e81";
        break;
      case 1:
        buf = await gridToXlsx(budgetTable(n, rand, skpd));
        kind = "anggaran";
        break;
      case 2:
        buf = await gridToXlsx(ikuTable(n, rand, skpd));
        kind = "iku";
        break;
      default: {
        const id = fixtureIds[Math.floor(i / 4) % fixtureIds.length];
        buf = await fixtureBuffer(id);
        kind = id;
        break;
      }
    }
    rows += i % 4 === 3 ? 0 : n;
    const file = path.join(dir, `${String(i + 1).padStart(4, "0")}-${kind}.xlsx`);
    fs.writeFileSync(file, buf);
    bytes += buf.length;
    files.push(file);
  }
  return { files, bytes, rows };
}

const s = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1) + " s";

export interface BatchBench {
  files: number;
  ms: number;
  /** One process per file, estimated for the same files from the sample. */
  perProcessMs: number;
  ratio: number;
  /** The batch time for 1,500 files: measured when files >= 1,500, else extrapolated. */
  ms1500: number;
  extrapolated: boolean;
  rssMb: number;
}

/** The issue-14 target lines of a batch run. */
export function batchTargets(b: BatchBench): string[] {
  const how = b.extrapolated ? `extrapolated from ${b.files} files; BENCH_BATCH_FILES=1500 to measure it` : `measured`;
  return [
    `target: batch of 1,500 workbooks with --report in < 5 min: ${s(b.ms1500)} (${how}) ${b.ms1500 < 300_000 ? "OK" : "MISSED"}`,
    `target: batch >= 5x faster than one process per file: ${b.ratio.toFixed(1)}x (${b.files} files) ${b.ratio >= 5 ? "OK" : "MISSED"}`,
  ];
}

export async function benchBatch(): Promise<BatchBench> {
  const count = Number(process.env.BENCH_BATCH_FILES ?? 150);
  const sampleSize = Math.min(count, Number(process.env.BENCH_BATCH_SAMPLE ?? 12));
  const jobs = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "capaian-bench-batch-"));
  try {
    const dir = path.join(root, "workbooks");
    const t0 = Date.now();
    const gen = await generateBatch(dir, count);
    console.log(`\nBatch check: ${count} generated workbooks (${(gen.bytes / 1e6).toFixed(1)} MB; E.81, budget and IKU tables of 50–500 rows, and seed fixtures), generated in ${s(Date.now() - t0)}`);
    const report = path.join(root, "report.xlsx");
    const batch = await runCli(["check", dir, "--report", report, "--jobs", String(jobs)]);
    if (batch.code !== 0 && batch.code !== 1) throw new Error(`batch check failed (exit ${batch.code}): ${batch.err.slice(-500)}`);
    const notRead = (batch.err.match(/NOT READ/g) ?? []).length;
    console.log(`  one process, ${jobs} worker threads, --report xlsx: ${s(batch.ms)} (${(batch.ms / count).toFixed(0)} ms per file, peak RSS ${batch.rssMb.toFixed(0)} MB, ${notRead} not read, report ${(fs.statSync(report).size / 1e3).toFixed(0)} KB)`);
    const sample: string[] = [];
    for (let i = 0; i < sampleSize; i++) sample.push(gen.files[Math.floor((i * count) / sampleSize)]);
    let sampleMs = 0;
    for (const f of sample) sampleMs += (await runCli(["check", f])).ms;
    const perFile = sampleMs / sample.length;
    const estimate = perFile * count;
    console.log(`  one process per file (sample of ${sample.length}, sequential): ${perFile.toFixed(0)} ms per file → ${s(estimate)} for ${count} files`);
    const ratio = estimate / batch.ms;
    console.log(`  batch is ${ratio.toFixed(1)}× faster than one process per file`);
    // The fixed part of a batch (process start, worker start-up, report) does not grow with the
    // number of files: measured as a batch of one file, it is left out of the extrapolation.
    let fixedMs = 0;
    if (count < 1500) {
      const one = await runCli(["check", gen.files[0], "--report", path.join(root, "one.xlsx"), "--jobs", String(jobs)]);
      fixedMs = Math.min(one.ms, batch.ms);
      console.log(`  a batch of one file (process, workers, report): ${s(one.ms)}`);
    }
    const result: BatchBench = {
      files: count,
      ms: batch.ms,
      perProcessMs: estimate,
      ratio,
      ms1500: count >= 1500 ? batch.ms : fixedMs + ((batch.ms - fixedMs) / count) * 1500,
      extrapolated: count < 1500,
      rssMb: batch.rssMb,
    };
    for (const line of batchTargets(result)) console.log("  " + line);
    return result;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export interface ProcessBench {
  helpMs: number;
  helpRssMb: number;
  checkMs: number;
  checkRssMb: number;
}

export function processTargets(p: ProcessBench): string[] {
  return [
    `target: whole-process check of the 10,000-row E.81 < 1.5 s: ${s(p.checkMs)} ${p.checkMs < 1500 ? "OK" : "MISSED"}`,
    `target: whole-process check of the 10,000-row E.81 < 200 MB peak RSS: ${p.checkRssMb.toFixed(0)} MB ${p.checkRssMb < 200 ? "OK" : "MISSED"}`,
  ];
}

export async function benchWholeProcess(): Promise<ProcessBench> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "capaian-bench-proc-"));
  try {
    const file = path.join(root, "synthetic-10000.xlsx");
    fs.writeFileSync(file, await gridToXlsx(syntheticMatrix(10000)));
    console.log(`\nWhole process (fresh node, best of 2): ${(fs.statSync(file).size / 1e6).toFixed(1)} MB 10,000-row E.81`);
    const best = async (args: string[]) => {
      const a = await runCli(args);
      const b = await runCli(args);
      return a.ms <= b.ms ? a : b;
    };
    const help = await best(["--help"]);
    console.log(`  capaian --help                   ${s(help.ms).padStart(7)}   CPU ${s(help.cpuMs).padStart(7)}   peak RSS ${help.rssMb.toFixed(0).padStart(5)} MB`);
    const check = await best(["check", file]);
    if (check.code !== 0 && check.code !== 1) throw new Error(`check failed (exit ${check.code}): ${check.err.slice(-500)}`);
    console.log(`  capaian check (10,000 rows)      ${s(check.ms).padStart(7)}   CPU ${s(check.cpuMs).padStart(7)}   peak RSS ${check.rssMb.toFixed(0).padStart(5)} MB`);
    const result: ProcessBench = { helpMs: help.ms, helpRssMb: help.rssMb, checkMs: check.ms, checkRssMb: check.rssMb };
    for (const line of processTargets(result)) console.log("  " + line);
    return result;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  (async () => {
    const which = process.argv[2] ?? "all";
    if (which === "all" || which === "process") await benchWholeProcess();
    if (which === "all" || which === "batch") await benchBatch();
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
