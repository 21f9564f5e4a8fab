/**
 * The batch report an auditor acts on (batch.ts), as .xlsx, .html or .csv:
 *
 * - Ringkasan / Summary: one row per file and table: file, Perangkat Daerah / title, sheet, range,
 *   kind, rows, errors, warnings, rata-rata capaian, predikat, penyerapan; a file that could not be
 *   read has one row with the reason.
 * - Temuan / Findings: file, sheet, cell (a hyperlink that opens the workbook at the cell), rule,
 *   severity, stated, expected, message ID and EN.
 * - Predikat: the distribution of the tables' predikat across files (a bar chart in the HTML, inline
 *   SVG: the page makes no external request).
 *
 * Values only (no formulas), so any spreadsheet opens the workbook without error values. Links are
 * relative to the report's folder. CSV: <name>.csv (summary), <name>.findings.csv, <name>.predikat.csv.
 */
import * as fs from "fs";
import * as path from "path";
import type ExcelJS from "exceljs";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { InputError } from "../core/errors";
import { getScale } from "../core/scale";
import type { FileResult } from "./batch-file";

export type ReportKind = "xlsx" | "html" | "csv";

export function reportKind(file: string): ReportKind {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".xlsx") return "xlsx";
  if (ext === ".html" || ext === ".htm") return "html";
  if (ext === ".csv") return "csv";
  throw new InputError(`--report takes a .xlsx, .html or .csv file; got "${file}"`);
}

type Cell = string | number | null;

interface Link {
  /** Path of the workbook relative to the report's folder, "/" separated. */
  file: string;
  /** Sheet!Cell inside it, e.g. 'E.81 2023'!F12. */
  location?: string;
}

interface Row {
  cells: Cell[];
  /** Column index → link. */
  links?: Record<number, Link>;
}

interface Section {
  name: string;
  title: string;
  headers: string[];
  /** Column widths (characters) for the workbook. */
  widths: number[];
  rows: Row[];
}

const NOT_READ = "tidak terbaca / not read";

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function topLeft(range: string): string {
  return range.split(":")[0];
}

function relLink(reportDir: string, file: string, sheet?: string, cell?: string): Link {
  const rel = path.relative(reportDir, path.resolve(file)).split(path.sep).join("/");
  return { file: rel, ...(sheet && cell ? { location: `${quoteSheet(sheet)}!${cell.replace(/\$/g, "")}` } : {}) };
}

function scalar(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

/** The predikat labels of the scale in band order, then any other label met. */
function predikatOrder(results: FileResult[]): string[] {
  const scaleId = results.find((r) => r.ok)?.scale;
  let labels: string[] = [];
  try {
    if (scaleId) labels = getScale(scaleId).bands.map((b) => b.label);
  } catch {
    labels = [];
  }
  for (const r of results) for (const t of r.tables) if (t.predikat && !labels.includes(t.predikat)) labels.push(t.predikat);
  return labels;
}

export interface Distribution {
  label: string;
  tables: number;
  files: number;
}

export function predikatDistribution(results: FileResult[]): Distribution[] {
  const out: Distribution[] = predikatOrder(results).map((label) => ({ label, tables: 0, files: 0 }));
  const none: Distribution = { label: "tanpa predikat / no predikat", tables: 0, files: 0 };
  for (const r of results) {
    if (!r.ok) continue;
    const seen = new Set<string>();
    for (const t of r.tables) {
      const d = t.predikat ? out.find((x) => x.label === t.predikat)! : none;
      d.tables++;
      if (!seen.has(d.label)) {
        seen.add(d.label);
        d.files++;
      }
    }
  }
  return [...out, none];
}

export function reportSections(results: FileResult[], reportDir: string): Section[] {
  const summary: Section = {
    name: "Ringkasan",
    title: "Ringkasan per berkas dan tabel / Summary per file and table",
    headers: [
      "Berkas / File",
      "Perangkat Daerah / Judul (Title)",
      "Sheet",
      "Tabel / Range",
      "Jenis / Kind",
      "Baris / Rows",
      "Error",
      "Peringatan / Warnings",
      "Rata-rata capaian (%)",
      "Predikat",
      "Penyerapan (%)",
      "Status",
    ],
    widths: [34, 40, 18, 12, 20, 8, 8, 10, 12, 14, 12, 30],
    rows: [],
  };
  const findings: Section = {
    name: "Temuan",
    title: "Temuan / Findings",
    headers: ["Berkas / File", "Sheet", "Sel / Cell", "Aturan / Rule", "Tingkat / Severity", "Tertulis / Stated", "Seharusnya / Expected", "Pesan (ID)", "Message (EN)"],
    widths: [34, 18, 9, 22, 10, 16, 16, 60, 60],
    rows: [],
  };
  for (const r of results) {
    if (!r.ok) {
      summary.rows.push({ cells: [r.name, null, null, null, null, null, null, null, null, null, null, `${NOT_READ}: ${r.reason ?? ""}`], links: { 0: relLink(reportDir, r.file) } });
      continue;
    }
    if (r.tables.length === 0) {
      const why = r.unrecognized.map((u) => `${u.sheet}: ${u.reason}`).join("; ");
      summary.rows.push({ cells: [r.name, null, null, null, null, null, r.counts.error, r.counts.warning, null, null, null, `tidak ada tabel / no table${why ? ` (${why.slice(0, 200)})` : ""}`], links: { 0: relLink(reportDir, r.file) } });
    }
    for (const t of r.tables) {
      summary.rows.push({
        cells: [
          r.name,
          t.perangkatDaerah ?? t.title ?? null,
          t.sheet,
          t.range,
          t.kind,
          t.rows,
          t.errors,
          t.warnings,
          t.rataRataCapaian ?? null,
          t.predikat ?? null,
          t.penyerapan ?? null,
          "ok",
        ],
        links: { 0: relLink(reportDir, r.file, t.sheet, topLeft(t.range)) },
      });
    }
    for (const f of r.findings) {
      findings.rows.push({
        cells: [r.name, f.sheet, f.cell, f.rule, f.severity, scalar(f.stated), scalar(f.expected), f.message.id, f.message.en],
        links: { 0: relLink(reportDir, r.file), 2: relLink(reportDir, r.file, f.sheet, /^\$?[A-Z]+\$?\d+$/.test(f.cell) ? f.cell : f.cell.split(":")[0]) },
      });
    }
  }
  const dist = predikatDistribution(results);
  const predikat: Section = {
    name: "Predikat",
    title: "Sebaran predikat antar berkas / Predikat distribution across files",
    headers: ["Predikat", "Tabel / Tables", "Berkas / Files", "% tabel / % of tables"],
    widths: [30, 14, 14, 16],
    rows: [],
  };
  const totalTables = dist.reduce((s, d) => s + d.tables, 0);
  for (const d of dist) predikat.rows.push({ cells: [d.label, d.tables, d.files, totalTables ? Math.round((d.tables / totalTables) * 10000) / 100 : 0] });
  return [summary, findings, predikat];
}

// ---------------------------------------------------------------------------------------------
// xlsx

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function xmlUnescape(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function encodePath(p: string): string {
  return p.split("/").map((seg) => (seg === ".." || seg === "." ? seg : encodeURIComponent(seg))).join("/");
}

/**
 * exceljs writes a link "book.xlsx#'Sheet'!A1" as one relationship target (and, since the target
 * looks like Sheet!A1, also as location). Excel's own form is the file as the relationship target
 * and the place inside it as `location`: rewrite each hyperlink that way.
 */
function splitHyperlinkTargets(xlsx: Uint8Array): Uint8Array {
  const files = unzipSync(xlsx);
  for (const name of Object.keys(files)) {
    const m = /^xl\/worksheets\/_rels\/(sheet\d+\.xml)\.rels$/.exec(name);
    if (!m) continue;
    const sheetName = `xl/worksheets/${m[1]}`;
    let rels = strFromU8(files[name]);
    const locations = new Map<string, string>();
    rels = rels.replace(/<Relationship\s[^>]*\/>/g, (rel) => {
      if (!/\/hyperlink"/.test(rel)) return rel;
      const id = /\bId="([^"]+)"/.exec(rel)?.[1];
      const target = /\bTarget="([^"]*)"/.exec(rel)?.[1];
      if (!id || target === undefined) return rel;
      const raw = xmlUnescape(target);
      const hash = raw.indexOf("#");
      const file = hash >= 0 ? raw.slice(0, hash) : raw;
      if (hash >= 0) locations.set(id, raw.slice(hash + 1));
      return rel.replace(/\bTarget="[^"]*"/, `Target="${xmlEscape(encodePath(file))}"`);
    });
    files[name] = strToU8(rels);
    if (!files[sheetName]) continue;
    let xml = strFromU8(files[sheetName]);
    xml = xml.replace(/<hyperlink\s[^>]*\/>/g, (h) => {
      const id = /\br:id="([^"]+)"/.exec(h)?.[1];
      const without = h.replace(/\s+location="[^"]*"/, "");
      const loc = id ? locations.get(id) : undefined;
      return loc === undefined ? without : without.replace(/\/>$/, ` location="${xmlEscape(loc)}"/>`);
    });
    files[sheetName] = strToU8(xml);
  }
  return zipSync(files, { level: 6 });
}

/** exceljs, loaded only when an .xlsx report is written (it costs start-up time a check does not need). */
function exceljs(): typeof ExcelJS {
  const m = require("exceljs") as typeof ExcelJS & { default?: typeof ExcelJS };
  return m.default ?? m;
}

export async function reportWorkbook(sections: Section[]): Promise<Buffer> {
  const wb = new (exceljs().Workbook)();
  wb.creator = "Capaian";
  for (const s of sections) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: "frozen", ySplit: 2 }] });
    ws.getCell(1, 1).value = s.title;
    ws.getCell(1, 1).font = { bold: true, size: 12 };
    s.headers.forEach((h, i) => {
      const c = ws.getCell(2, i + 1);
      c.value = h;
      c.font = { bold: true };
      c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } };
      c.alignment = { wrapText: true, vertical: "top" };
    });
    s.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    s.rows.forEach((row, ri) => {
      row.cells.forEach((v, ci) => {
        if (v === null) return;
        const cell = ws.getCell(ri + 3, ci + 1);
        const link = row.links?.[ci];
        if (link && typeof v === "string") {
          cell.value = { text: v, hyperlink: link.location ? `${link.file}#${link.location}` : link.file, tooltip: link.location ? `${link.file} ${link.location}` : link.file };
          cell.font = { color: { argb: "FF0563C1" }, underline: true };
        } else cell.value = v;
        if (typeof v === "number" && !Number.isInteger(v)) cell.numFmt = "0.00";
      });
    });
    if (s.rows.length) ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: s.rows.length + 2, column: s.headers.length } };
  }
  const buf = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  return Buffer.from(splitHyperlinkTargets(buf));
}

// ---------------------------------------------------------------------------------------------
// csv

function csvField(v: Cell): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  // Text that a spreadsheet would take for a formula is kept as text.
  const s = /^[=+\-@\t\r]/.test(v) && !/^-?\d/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function sectionCsv(s: Section, withLinks = true): string {
  const linkCols = withLinks ? [...new Set(s.rows.flatMap((r) => Object.keys(r.links ?? {}).map(Number)))].sort((a, b) => a - b) : [];
  const head = [...s.headers, ...linkCols.map((c) => `Tautan / Link (${s.headers[c]})`)];
  const lines = [head.map(csvField).join(",")];
  for (const r of s.rows) {
    const links = linkCols.map((c) => {
      const l = r.links?.[c];
      return l ? (l.location ? `${l.file}#${l.location}` : l.file) : null;
    });
    lines.push([...r.cells, ...links].map(csvField).join(","));
  }
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

// ---------------------------------------------------------------------------------------------
// html

function h(s: unknown): string {
  return String(s ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function fmtCell(v: Cell): string {
  if (v === null) return "";
  if (typeof v === "number") return Number.isInteger(v) ? v.toLocaleString("en-US") : v.toLocaleString("en-US", { maximumFractionDigits: 2 });
  return v;
}

function href(l: Link): string {
  return encodePath(l.file) + (l.location ? "#" + encodeURIComponent(l.location) : "");
}

export function predikatSvg(dist: Distribution[]): string {
  const max = Math.max(1, ...dist.map((d) => d.tables));
  const barH = 26;
  const labelW = 210;
  const chartW = 360;
  const height = dist.length * (barH + 8) + 10;
  const colors = ["#1a7f37", "#4caf50", "#f2c037", "#f08c00", "#d32f2f", "#7b1fa2", "#455a64", "#9e9e9e"];
  const bars = dist
    .map((d, i) => {
      const y = 5 + i * (barH + 8);
      const w = Math.round((d.tables / max) * chartW);
      const color = d.label.startsWith("tanpa") ? "#9e9e9e" : colors[i % colors.length];
      return (
        `<text x="${labelW - 8}" y="${y + barH / 2 + 5}" text-anchor="end">${h(d.label)}</text>` +
        `<rect x="${labelW}" y="${y}" width="${Math.max(w, 1)}" height="${barH}" fill="${color}"><title>${h(d.label)}: ${d.tables}</title></rect>` +
        `<text x="${labelW + Math.max(w, 1) + 6}" y="${y + barH / 2 + 5}">${d.tables} tabel / ${d.files} berkas</text>`
      );
    })
    .join("");
  return `<svg role="img" aria-label="Sebaran predikat / Predikat distribution" width="${labelW + chartW + 160}" height="${height}" font-family="sans-serif" font-size="13">${bars}</svg>`;
}

export function reportHtml(results: FileResult[], sections: Section[]): string {
  const [summary, findings, predikat] = sections;
  const table = (s: Section) => {
    const head = `<tr>${s.headers.map((x) => `<th>${h(x)}</th>`).join("")}</tr>`;
    const body = s.rows
      .map((r) => {
        const tds = r.cells.map((v, ci) => {
          const l = r.links?.[ci];
          const text = h(fmtCell(v));
          const cls = typeof v === "number" ? ' class="n"' : "";
          return `<td${cls}>${l ? `<a href="${h(href(l))}" title="${h(l.location ? `${l.file} ${l.location}` : l.file)}">${text}</a>` : text}</td>`;
        });
        return `<tr>${tds.join("")}</tr>`;
      })
      .join("\n");
    return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
  };
  const files = results.length;
  const unread = results.filter((r) => !r.ok).length;
  const tables = results.reduce((s, r) => s + r.tables.length, 0);
  const count = (sev: "error" | "warning" | "info") => results.reduce((s, r) => s + r.counts[sev], 0);
  const scale = results.find((r) => r.ok)?.scaleConvention ?? "";
  return `<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Capaian: laporan pemeriksaan / check report</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.45rem; vertical-align: top; text-align: left; }
th { background: #d9e1f2; position: sticky; top: 0; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr:nth-child(even) td { background: #f7f7f7; }
.totals span { margin-right: 1.2rem; }
</style>
</head>
<body>
<h1>Capaian: laporan pemeriksaan / check report</h1>
<p class="totals"><span>${files} berkas / files</span><span>${unread} tidak terbaca / not read</span><span>${tables} tabel / tables</span><span>${count("error")} error</span><span>${count("warning")} peringatan / warnings</span><span>${count("info")} info</span></p>
<p>${h(scale)}</p>
<h2>${h(predikat.title)}</h2>
${predikatSvg(predikatDistribution(results))}
${table(predikat)}
<h2>${h(summary.title)}</h2>
${table(summary)}
<h2>${h(findings.title)} (${findings.rows.length})</h2>
${table(findings)}
</body>
</html>
`;
}

/** Write the report; returns the files written. */
export async function writeReport(file: string, results: FileResult[]): Promise<string[]> {
  const kind = reportKind(file);
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const sections = reportSections(results, dir);
  if (kind === "xlsx") {
    fs.writeFileSync(file, await reportWorkbook(sections));
    return [file];
  }
  if (kind === "html") {
    fs.writeFileSync(file, reportHtml(results, sections));
    return [file];
  }
  const base = file.replace(/\.csv$/i, "");
  const out = [file, `${base}.findings.csv`, `${base}.predikat.csv`];
  fs.writeFileSync(out[0], sectionCsv(sections[0]));
  fs.writeFileSync(out[1], sectionCsv(sections[1]));
  fs.writeFileSync(out[2], sectionCsv(sections[2], false));
  return out;
}
