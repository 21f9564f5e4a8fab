/**
 * `npm run bench`: speed of the engine on synthetic E.81 matrices of 1,000, 10,000 and 50,000
 * indicator rows (read + recognize, compute, plan, audit), .xlsx reading, and the task pane's
 * production bundle size. Prints a table; targets from the issues are checked and reported.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import ExcelJS from "exceljs";
import { syntheticMatrix } from "../tests/recognize/synthetic";
import { recognizeBook } from "../src/core/recognize";
import { computeBook } from "../src/core/compute";
import { auditBook } from "../src/core/audit";
import { planFill } from "../src/core/plan/fill";
import { planSummaries } from "../src/core/summary";
import { defaultOptions } from "../src/core/engine";
import type { Book, Grid } from "../src/core/grid";
import { readBook } from "../src/xlsx/read";
import { analyze } from "../src/core/engine";
import { readBook as readExcelBook, applyPlan, undoLast } from "../src/excel";
import { memFromXlsx, installFakeOffice } from "../src/workbench/fake-excel";
import { benchBatch, benchWholeProcess } from "./bench-batch";

function cellsOf(g: Grid): number {
  let n = 0;
  for (const row of g.cells) if (row) for (const c of row) if (c) n++;
  return n;
}

function time<T>(fn: () => T, runs = 3): { ms: number; result: T } {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    // Start each run from a collected heap, so one phase's garbage is not billed to the next.
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = process.hrtime.bigint();
    result = fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms < best) best = ms;
  }
  return { ms: best, result };
}

async function gridToXlsx(g: Grid): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(g.sheet);
  g.cells.forEach((row, r) => row?.forEach((c, col) => {
    if (c) ws.getCell(r + 1, col + 1).value = c.v as ExcelJS.CellValue;
  }));
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0)).padStart(8) + " ms";

async function main(): Promise<void> {
  const sizes = [1000, 10000, 50000];
  const opts = defaultOptions();
  const rows: string[] = [];
  const recognizeMs: Record<number, number> = {};
  rows.push("rows     cells      recognize   cells/s       compute      fill plan    audit        summaries");
  for (const n of sizes) {
    const grid = syntheticMatrix(n);
    const book: Book = { name: `synthetic-${n}`, sheets: [grid] };
    const cells = cellsOf(grid);
    const runs = n >= 50000 ? 2 : 3;
    const rec = time(() => recognizeBook(book), runs);
    recognizeMs[n] = rec.ms;
    const tables = rec.result.tables;
    if (tables.length !== 1) throw new Error(`synthetic ${n}: expected 1 table, got ${tables.length}`);
    const comp = time(() => computeBook(book, tables, opts), runs);
    const fill = time(() => planFill(book, comp.result, { ...opts, fill: {} }), runs);
    const aud = time(() => auditBook(book, tables, comp.result, opts), runs);
    const sum = time(() => planSummaries(book, comp.result, opts), runs);
    rows.push(
      `${String(n).padEnd(8)} ${String(cells).padEnd(10)} ${fmt(rec.ms)} ${String(Math.round(cells / (rec.ms / 1000))).padStart(12)} ${fmt(comp.ms)} ${fmt(fill.ms)} ${fmt(aud.ms)} ${fmt(sum.ms)}`,
    );
  }
  console.log("Engine on synthetic E.81 matrices (best of 2-3 runs)");
  console.log(rows.join("\n"));
  const ratio = recognizeMs[50000] / recognizeMs[10000];
  console.log(`\ntarget: 10,000 rows recognised in < 500 ms: ${recognizeMs[10000].toFixed(0)} ms ${recognizeMs[10000] < 500 ? "OK" : "MISSED"}`);
  console.log(`target: 50,000 rows in <= 6x the 10,000-row time: ${ratio.toFixed(2)}x ${ratio <= 6 ? "OK" : "MISSED"}`);

  console.log("\n.xlsx read (exceljs parse + Grid) and recognize");
  for (const n of [1000, 10000]) {
    const buf = await gridToXlsx(syntheticMatrix(n));
    const t0 = process.hrtime.bigint();
    const book = await readBook(buf, `synthetic-${n}.xlsx`);
    const readMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const rec = time(() => recognizeBook(book), 1);
    console.log(`${String(n).padEnd(8)} ${(buf.length / 1024).toFixed(0).padStart(6)} KB  read ${fmt(readMs)}  recognize ${fmt(rec.ms)}  (${cellsOf(book.sheets[0])} cells, ${Math.round(cellsOf(book.sheets[0]) / ((readMs + rec.ms) / 1000))} cells/s)`);
  }

  // The office-js adapter over the workbench's stand-in Excel (Excel on the web's 5 MB request and
  // response caps modelled): syncs of a read and of a fill, the largest request and response, and
  // whether undoing the fill gives back exactly the workbook it started from.
  console.log("\noffice-js adapter on the stand-in Excel (ExcelApi 1.18, 5 MB request and response caps)");
  console.log("rows     read syncs  apply syncs  cells     largest request  largest response  undo      read ms   apply ms  undo ms");
  const MB = 1024 * 1024;
  let adapterOk = true;
  for (const n of (process.env.BENCH_SYNC_ROWS ?? "10,1000,10000").split(",").map(Number)) {
    const mem = await memFromXlsx(await gridToXlsx(syntheticMatrix(n)), `synthetic-${n}.xlsx`);
    const office = installFakeOffice(mem, { apiVersion: "1.18" });
    const dumpAll = () => JSON.stringify(mem.sheets.map((x) => [x.name, mem.dump(x.name), x.merges, [...x.colWidths]]));
    try {
      const before = dumpAll();
      const s0 = mem.stats.syncs;
      const r0 = mem.stats.requests.length;
      const t0 = process.hrtime.bigint();
      const book = await readExcelBook({ scope: "active" });
      const readMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const readSyncs = mem.stats.syncs - s0;
      const plan = analyze(book, { fill: {} }).plan;
      const s1 = mem.stats.syncs;
      const t1 = process.hrtime.bigint();
      const res = await applyPlan(plan, {});
      const applyMs = Number(process.hrtime.bigint() - t1) / 1e6;
      const applySyncs = mem.stats.syncs - s1;
      const reqs = mem.stats.requests.slice(r0).filter((r) => !r.failed);
      const maxReq = Math.max(...reqs.map((r) => r.bytes));
      const maxRes = Math.max(...reqs.map((r) => r.responseBytes));
      const t2 = process.hrtime.bigint();
      await undoLast();
      const undoMs = Number(process.hrtime.bigint() - t2) / 1e6;
      const exact = dumpAll() === before;
      if (!exact || maxReq > 5 * MB || maxRes > 5 * MB) adapterOk = false;
      console.log(
        `${String(n).padEnd(8)} ${String(readSyncs).padStart(10)}  ${String(applySyncs).padStart(11)}  ${String(res.cellsWritten).padEnd(8)}  ${(maxReq / MB).toFixed(2).padStart(12)} MB  ${(maxRes / MB).toFixed(2).padStart(13)} MB  ${exact ? "exact" : "DIFFERS"}  ${fmt(readMs)} ${fmt(applyMs)} ${fmt(undoMs)}`,
      );
    } finally {
      office.uninstall();
    }
  }
  console.log(`target: no request or response over 5 MB, undo exact: ${adapterOk ? "OK" : "MISSED"}`);

  // Whole process and batch check (issue 14): scripts/bench-batch.ts. BENCH_BATCH=0 skips them.
  if (process.env.BENCH_BATCH !== "0") {
    await benchWholeProcess();
    await benchBatch();
  }

  const bundle = path.join(__dirname, "..", "..", "..", "dist", "addin", "taskpane.js");
  if (fs.existsSync(bundle)) {
    const raw = fs.readFileSync(bundle);
    const gz = zlib.gzipSync(raw, { level: 9 }).length;
    console.log(`\ntask pane bundle: ${(raw.length / 1024).toFixed(0)} KB, ${(gz / 1024).toFixed(0)} KB gzip (target < 250 KB gzip) ${gz < 250 * 1024 ? "OK" : "MISSED"}`);
  } else {
    console.log("\ntask pane bundle: dist/addin/taskpane.js not built (run `npm run build` first)");
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
