/**
 * One workbook of a batch `capaian check`: read it, analyse it (no fill), and reduce the analysis to
 * what the batch report shows: per table the Perangkat Daerah / title, kind, rows, errors, warnings,
 * rata-rata capaian, predikat and penyerapan; the findings with their bilingual messages. Runs in a
 * worker thread (worker.ts) or, with --jobs 1, in the main thread. Never throws: a file that cannot
 * be read, or whose analysis fails, comes back with `ok: false` and the reason.
 */
import * as path from "path";
import { analyze, AnalyzeOptions } from "../core/engine";
import { InputError } from "../core/errors";
import { Grid, areaA1, sheetOf } from "../core/grid";
import type { ColumnModel, Finding, Scale, Severity, TableModel } from "../core/model";
import { categorize, describeScale, getScale, DEFAULT_SCALE_ID } from "../core/scale";
import { numericValue } from "../core/value";
import { readBook } from "../xlsx/read";
import { FOOTER_LEVELS } from "../core/domain/levels";

export interface BatchTable {
  sheet: string;
  /** A1 range of the table. */
  range: string;
  kind: string;
  title?: string;
  /** The Perangkat Daerah / SKPD / OPD named above the table, when the sheet names one. */
  perangkatDaerah?: string;
  /** Data rows (total / rata-rata / predikat rows included). */
  rows: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Mean capaian (K) over the indicator rows, in percent. */
  rataRataCapaian?: number;
  /** The scale's category of rataRataCapaian. */
  predikat?: string;
  /** Realisasi anggaran / pagu × 100 of the table's total (or top-level rows). */
  penyerapan?: number;
}

export interface BatchFinding {
  sheet: string;
  cell: string;
  rule: string;
  severity: Severity;
  stated?: unknown;
  expected?: unknown;
  message: { id: string; en: string };
}

export interface FileResult {
  /** The path as resolved. */
  file: string;
  /** Base name. */
  name: string;
  ok: boolean;
  /** Why the file could not be checked (ok false). */
  reason?: string;
  ms: number;
  scale: string;
  scaleConvention: string;
  tables: BatchTable[];
  unrecognized: { sheet: string; reason: string }[];
  findings: BatchFinding[];
  counts: { error: number; warning: number; info: number };
  /** Sheet names of the workbook (hyperlink targets are checked against them). */
  sheets: string[];
}

/** Options a worker can receive (structured-clone safe). */
export interface BatchAnalyzeOptions {
  /** The options main.ts passes to analyze for a single file (plain data: they cross to workers). */
  analyze?: Partial<AnalyzeOptions>;
}

function capaianColumn(t: TableModel): ColumnModel | undefined {
  for (const role of ["capaian_renja", "capaian", "capaian_renstra"] as const) {
    const c = t.columns.find((x) => x.role === role && x.measure !== "rp");
    if (c) return c;
  }
  return undefined;
}

function budgetColumns(t: TableModel): { pagu?: ColumnModel; real?: ColumnModel } {
  const pagu =
    t.columns.find((c) => c.role === "pagu") ??
    t.columns.find((c) => (c.role === "target_renja" || c.role === "target") && c.measure === "rp") ??
    t.columns.find((c) => c.role === "pagu_tahun");
  const real =
    t.columns.find((c) => c.role === "realisasi_anggaran") ??
    t.columns.find((c) => (c.role === "realisasi_renja" || c.role === "realisasi") && c.measure === "rp");
  return { pagu, real };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

function num(g: Grid, row: number, col: ColumnModel): number | undefined {
  const v = numericValue(g.get(row, col.col), col);
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

/** A line above a table that is itself the name of a Perangkat Daerah ("DINAS KESEHATAN", "Badan …"). */
const PD_NAME = /^(dinas|badan|kantor|sekretariat|inspektorat|satuan\s+polisi|satpol|kecamatan|kelurahan|rsud|rumah\s+sakit|bagian|biro|uptd|puskesmas)\s+\S.{2,}$/i;

/**
 * The Perangkat Daerah named in the rows above the table: a label line ("Perangkat Daerah : Dinas …",
 * "SKPD: …"), else a line that is a Perangkat Daerah's name ("DINAS KESEHATAN").
 */
function perangkatDaerah(g: Grid, t: TableModel): string | undefined {
  const re = /^\s*(nama\s+)?(perangkat\s+daerah|skpd|opd|unit\s+kerja|satuan\s+kerja|instansi|organisasi)\b\s*:?\s*(.*)$/i;
  const first = Math.max(0, t.header.firstRow - 15);
  for (let r = first; r < t.header.firstRow; r++) {
    const row = g.cells[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) {
      const text = g.text(r, c);
      const m = re.exec(text);
      if (!m) continue;
      const rest = m[3].replace(/^[:\s]+/, "").trim();
      if (rest) return rest;
      for (let c2 = c + 1; c2 < Math.min(row.length, c + 6); c2++) {
        const v = g.text(r, c2).replace(/^[:\s]+/, "").trim();
        if (v) return v;
      }
    }
  }
  for (let r = first; r < t.header.firstRow; r++) {
    const row = g.cells[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) {
      const text = g.text(r, c).replace(/\s+/g, " ");
      if (text.length <= 120 && PD_NAME.test(text)) return text;
    }
  }
  return undefined;
}

function tableStats(g: Grid | undefined, t: TableModel, computedCapaian: Map<number, number>, scale: Scale): Pick<BatchTable, "rataRataCapaian" | "predikat" | "penyerapan"> {
  const out: Pick<BatchTable, "rataRataCapaian" | "predikat" | "penyerapan"> = {};
  if (!g) return out;
  const cap = capaianColumn(t);
  if (cap) {
    let sum = 0;
    let n = 0;
    for (const r of t.rows) {
      if (FOOTER_LEVELS.has(r.level)) continue;
      const v = computedCapaian.get(r.row) ?? num(g, r.row, cap);
      if (v === undefined) continue;
      sum += v;
      n++;
    }
    // The table's own rata-rata row, as the engine computes it, when it has one; else the mean.
    const avgRow = t.rows.find((r) => r.level === "rata-rata");
    const stated = avgRow ? computedCapaian.get(avgRow.row) : undefined;
    const mean = stated ?? (n > 0 ? sum / n : undefined);
    if (mean !== undefined) {
      out.rataRataCapaian = round2(mean);
      out.predikat = categorize(mean, scale);
    }
  }
  const { pagu, real } = budgetColumns(t);
  // Amount columns only (a "%" column read as an amount would give a meaningless ratio).
  if (pagu && real && !pagu.percent && !real.percent) {
    const ratio = (rows: number[]): number | undefined => {
      let p = 0;
      let q = 0;
      let any = false;
      for (const row of rows) {
        const a = num(g, row, pagu);
        const b = num(g, row, real);
        if (a === undefined || b === undefined) continue;
        p += a * (pagu.scale ?? 1);
        q += b * (real.scale ?? 1);
        any = true;
      }
      if (!any || p <= 0) return undefined;
      const pct = (q / p) * 100;
      // Outside 0–1,000 % the columns are not what they seem: say nothing rather than something false.
      return pct >= 0 && pct <= 1000 ? round2(pct) : undefined;
    };
    const totals = t.rows.filter((r) => r.level === "total").map((r) => r.row);
    out.penyerapan = totals.length ? ratio([totals[totals.length - 1]]) : undefined;
    // No total row: the shallowest level of rows that states both amounts.
    for (let depth = 0; out.penyerapan === undefined && depth <= 4; depth++) {
      out.penyerapan = ratio(t.rows.filter((r) => !FOOTER_LEVELS.has(r.level) && r.depth === depth).map((r) => r.row));
    }
  }
  return out;
}

function inArea(f: Finding, t: TableModel): boolean {
  if (f.sheet !== t.sheet) return false;
  const m = /^\$?([A-Z]+)\$?(\d+)/.exec(f.cell);
  if (!m) return false;
  let c = 0;
  for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
  const r = Number(m[2]) - 1;
  c -= 1;
  return r >= t.area.r1 && r <= t.area.r2 && c >= t.area.c1 && c <= t.area.c2;
}

function scaleOf(opts: BatchAnalyzeOptions): Scale {
  return opts.analyze?.scale ?? getScale(DEFAULT_SCALE_ID);
}

export async function checkFile(file: string, opts: BatchAnalyzeOptions = {}): Promise<FileResult> {
  const t0 = Date.now();
  const scale = scaleOf(opts);
  const result: FileResult = {
    file,
    name: path.basename(file),
    ok: true,
    ms: 0,
    scale: scale.id,
    scaleConvention: describeScale(scale).en,
    tables: [],
    unrecognized: [],
    findings: [],
    counts: { error: 0, warning: 0, info: 0 },
    sheets: [],
  };
  try {
    const book = await readBook(file, path.basename(file));
    result.sheets = book.sheets.map((g) => g.sheet);
    if (book.sheets.length === 0) throw new InputError(`${path.basename(file)} has no worksheets`);
    const analysis = analyze(book, { ...(opts.analyze ?? {}), scale, fill: false });
    result.unrecognized = analysis.recognition.unrecognized;
    for (const f of analysis.findings) {
      result.counts[f.severity]++;
      result.findings.push({
        sheet: f.sheet,
        cell: f.cell,
        rule: f.rule,
        severity: f.severity,
        ...(f.stated !== undefined ? { stated: f.stated } : {}),
        ...(f.expected !== undefined ? { expected: f.expected } : {}),
        message: { id: f.message.id, en: f.message.en },
      });
    }
    for (const t of analysis.recognition.tables) {
      const g = sheetOf(book, t.sheet);
      const cap = capaianColumn(t);
      const computedCapaian = new Map<number, number>();
      const ct = analysis.computed.find((c) => c.table.id === t.id);
      if (ct && cap) {
        for (const cell of ct.cells) {
          if (cell.col === cap.col && typeof cell.value === "number" && Number.isFinite(cell.value)) computedCapaian.set(cell.row, cell.value);
        }
      }
      const own = analysis.findings.filter((f) => inArea(f, t));
      const pd = g ? perangkatDaerah(g, t) : undefined;
      result.tables.push({
        sheet: t.sheet,
        range: areaA1(t.area),
        kind: t.kind,
        ...(t.title ? { title: t.title } : {}),
        ...(pd ? { perangkatDaerah: pd } : {}),
        rows: t.rows.length,
        errors: own.filter((f) => f.severity === "error").length,
        warnings: own.filter((f) => f.severity === "warning").length,
        infos: own.filter((f) => f.severity === "info").length,
        ...tableStats(g, t, computedCapaian, scale),
      });
    }
  } catch (e) {
    result.ok = false;
    result.reason =
      e instanceof InputError
        ? e.message
        : `analysis failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
  result.ms = Date.now() - t0;
  return result;
}
