/**
 * `npm run digest [-- <corpus folder>] [> digest.txt]`: a fingerprint of everything the engine
 * says about every seed fixture, two synthetic E.81 matrices and (when given) every workbook of a
 * corpus folder: the Grid the reader builds, recognition, computed cells, findings, the fill plan,
 * the summary sheets and the Temuan plan, one SHA-1 per (workbook, stage). Speed work must leave
 * every line the same: run it before and after, `diff` the two outputs. Only for that comparison;
 * the tests say what the answers must be.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { FIXTURES, fixtureBook } from "../tests/fixtures";
import { syntheticMatrix } from "../tests/recognize/synthetic";
import type { Book, Grid } from "../src/core/grid";
import { analyze, defaultOptions } from "../src/core/engine";
import { recognizeBook } from "../src/core/recognize";
import { computeBook } from "../src/core/compute";
import { auditBook } from "../src/core/audit";
import { planFill } from "../src/core/plan/fill";
import { planSummaries } from "../src/core/summary";
import { planFindings } from "../src/core/audit/plan";
import { readWorkbookFile } from "../src/xlsx/read";

const sha = (x: unknown): string =>
  crypto
    .createHash("sha1")
    .update(JSON.stringify(x, (_k, v) => (v instanceof Set ? [...v] : v instanceof Map ? [...v] : v)))
    .digest("hex")
    .slice(0, 16);

function gridDigest(g: Grid): unknown {
  return [g.sheet, g.cells, g.merges, [...g.hiddenRows], [...g.hiddenCols], g.protected, g.hidden, g.rowCount, g.colCount];
}

function digest(name: string, book: Book): string[] {
  const out: string[] = [];
  const line = (stage: string, x: unknown) => out.push(`${name}\t${stage}\t${sha(x)}`);
  try {
    line("grid", book.sheets.map(gridDigest));
    const opts = defaultOptions();
    const rec = recognizeBook(book);
    line("recognize", rec);
    const computed = computeBook(book, rec.tables, opts);
    line("compute", computed);
    const findings = auditBook(book, rec.tables, computed, opts);
    line("audit", findings);
    line("fill", planFill(book, computed, { ...opts, fill: {} }));
    line("summaries", planSummaries(book, computed, opts));
    line("findings-plan", planFindings(findings, book, { scale: opts.scale }));
    line("analyze", analyze(book, { fill: {}, summary: true, findings: true }).plan);
  } catch (e) {
    out.push(`${name}\terror\t${(e as Error).message}`);
  }
  return out;
}

async function main(): Promise<void> {
  const lines: string[] = [];
  for (const f of FIXTURES) lines.push(...digest(`fixture:${f.id}`, await fixtureBook(f.id)));
  for (const n of [1000, 10000]) lines.push(...digest(`synthetic:${n}`, { name: `synthetic-${n}`, sheets: [syntheticMatrix(n)] }));
  const folder = process.argv[2];
  if (folder) {
    for (const file of fs.readdirSync(folder).sort()) {
      if (!/\.(xlsx|xlsm|xls|ods|csv)$/i.test(file)) continue;
      try {
        const res = readWorkbookFile(path.join(folder, file), file);
        lines.push(...digest(`corpus:${file}`, res.book));
      } catch (e) {
        lines.push(`corpus:${file}\tread-error\t${(e as Error).message}`);
      }
    }
  }
  process.stdout.write(lines.join("\n") + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
