/**
 * Findings into the workbook: a "Temuan" sheet listing every finding (with a link to the flagged
 * cell) and, for each flagged cell, a format-only mark (fill by severity plus a short bilingual
 * note). Marks never carry a value or formula, so the cell's content is untouched; they can be
 * removed again with `planRemoveMarks`, which restores the fill and note the cell had before.
 */
import type { Book, Scalar } from "../grid";
import { colLetter, quoteSheet, sheetOf } from "../grid";
import type { CellStyle, CellWrite, Finding, Scale, SheetPlan, Severity } from "../model";
import { DEFAULT_SCALE_ID, describeScale, getScale } from "../scale";

export const FINDINGS_SHEET = "Temuan";
/** Every note the add-in writes starts with this prefix. */
export const MARK_PREFIX = "[Capaian]";
const FILL_TAG = "[Capaian:fill ";
const NOTE_TAG = "[Capaian:note]";

/** Light red, amber, light blue. */
export const SEVERITY_FILL: Record<Severity, string> = {
  error: "#FFC7CE",
  warning: "#FFEB9C",
  info: "#DDEBF7",
};

const SEVERITY_LABEL: Record<Severity, string> = {
  error: "Kesalahan / Error",
  warning: "Peringatan / Warning",
  info: "Info",
};

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export const FINDINGS_COLUMNS = [
  "No",
  "Sheet",
  "Sel",
  "Aturan",
  "Tingkat",
  "Tertulis",
  "Seharusnya",
  "Cara hitung",
  "Pesan (ID)",
  "Message (EN)",
] as const;

const WIDTHS = [5, 16, 8, 20, 18, 16, 16, 40, 70, 70];

/** True for a note written by the add-in (a finding mark). */
export function isFindingMarkNote(note: string | undefined | null): boolean {
  return typeof note === "string" && note.startsWith(MARK_PREFIX);
}

/** The fill and note a marked cell had before it was marked (kept inside the mark's note). */
export function parseMarkNote(note: string): { fill?: string; note?: string } {
  const out: { fill?: string; note?: string } = {};
  const lines = note.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith(FILL_TAG)) {
      const m = /^\[Capaian:fill (#[0-9A-Fa-f]{6})\]$/.exec(line.trim());
      if (m) out.fill = m[1].toUpperCase();
    } else if (line === NOTE_TAG) {
      out.note = lines.slice(i + 1).join("\n");
      break;
    }
  }
  return out;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function text(v: Scalar | undefined): Scalar {
  if (v === undefined) return null;
  return v;
}

export interface PlanFindingsOptions {
  /** The scale used, stated on the sheet (default: permendagri86). */
  scale?: Scale;
}

/**
 * The Temuan sheet and the marks. `book` provides the existing fills and notes (kept in the mark
 * for later removal) and tells which sheets exist (links only to those).
 */
export function planFindings(findings: Finding[], book: Book, opts: PlanFindingsOptions = {}): { sheet: SheetPlan; marks: CellWrite[] } {
  const scale = opts.scale ?? getScale(DEFAULT_SCALE_ID);
  const name = FINDINGS_SHEET;
  const cells: CellWrite[] = [];
  const put = (row: number, col: number, value: Scalar, extra: Partial<CellWrite> = {}) => {
    cells.push({ sheet: name, row, col, value, purpose: "findings-sheet", ...extra });
  };
  const lastCol = FINDINGS_COLUMNS.length - 1;
  const conv = describeScale(scale);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;

  put(0, 0, `Temuan pemeriksaan / Audit findings: ${book.name}`, { style: { bold: true } });
  put(1, 0, conv.id, { style: { wrap: false, italic: true } });
  put(2, 0, conv.en, { style: { wrap: false, italic: true } });
  put(
    3,
    0,
    `Kesalahan / Errors: ${counts.error} · Peringatan / Warnings: ${counts.warning} · Info: ${counts.info} · Total: ${findings.length}`,
  );
  const headerRow = 4;
  const headStyle: CellStyle = { bold: true, fill: "#D9D9D9", border: true, wrap: true, hAlign: "center", vAlign: "middle" };
  FINDINGS_COLUMNS.forEach((h, c) => put(headerRow, c, h, { style: headStyle }));

  let r = headerRow + 1;
  if (findings.length === 0) {
    put(r, 0, "Tidak ada temuan. / No findings.", { style: { italic: true } });
  }
  findings.forEach((f, i) => {
    const body: CellStyle = { border: true, vAlign: "top" };
    const wrapStyle: CellStyle = { ...body, wrap: true };
    put(r, 0, i + 1, { style: body });
    put(r, 1, f.sheet, { style: body });
    const target = sheetOf(book, f.sheet) ? `${quoteSheet(f.sheet)}!${f.cell}` : undefined;
    // A grouped finding (many cells of one kind) shows the range it spans and its cell count.
    const where = f.cells && f.cells.length > 1 ? `${f.how && /^[A-Z]+\d+(:[A-Z]+\d+)?$/.test(f.how) ? f.how : f.cell} (${f.count ?? f.cells.length})` : f.cell;
    put(r, 2, where, target ? { style: { ...body, fontColor: "#0563C1" }, link: target } : { style: body });
    put(r, 3, f.rule, { style: body });
    put(r, 4, SEVERITY_LABEL[f.severity], { style: { ...body, fill: SEVERITY_FILL[f.severity] } });
    put(r, 5, text(f.stated), { style: body });
    put(r, 6, text(f.expected), { style: body });
    put(r, 7, f.how ?? null, { style: wrapStyle });
    put(r, 8, f.message.id, { style: wrapStyle });
    put(r, 9, f.message.en, { style: wrapStyle });
    r++;
  });
  // Empty-valued cells are not written (null) except header/body styling: drop null values
  // without a style to keep the plan small.
  const sheet: SheetPlan = {
    name,
    purpose: "temuan",
    cells: cells.filter((w) => !(w.value === null && w.style === undefined)),
    columnWidths: [...WIDTHS],
    merges: [0, 1, 2, 3].map((row) => ({ r1: row, c1: 0, r2: row, c2: lastCol })),
    freezeRows: headerRow + 1,
    print: { paper: "A4", orientation: "landscape", fitToWidth: true },
    charts: [],
  };
  return { sheet, marks: planMarks(findings, book) };
}

/**
 * One format-only mark per flagged cell: worst severity's fill, a short bilingual note; plus the
 * removal of stale marks (cells marked by an earlier run that have no finding now).
 */
export function planMarks(findings: Finding[], book: Book): CellWrite[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.sheet === FINDINGS_SHEET) continue;
    if (!sheetOf(book, f.sheet)) continue;
    const k = `${f.sheet}\u0000${f.row}\u0000${f.col}`;
    const list = groups.get(k) ?? [];
    list.push(f);
    groups.set(k, list);
  }
  const marks: CellWrite[] = [];
  for (const list of groups.values()) {
    const f0 = list[0];
    const worst = list.reduce<Severity>((w, f) => (SEVERITY_RANK[f.severity] < SEVERITY_RANK[w] ? f.severity : w), "info");
    const grid = sheetOf(book, f0.sheet)!;
    const cell = grid.get(f0.row, f0.col);
    // Keep what the cell had before (a re-run keeps the ORIGINAL, not our previous mark).
    let origFill = cell?.fill;
    let origNote = cell?.note;
    if (isFindingMarkNote(cell?.note)) {
      const prev = parseMarkNote(cell!.note!);
      origFill = prev.fill;
      origNote = prev.note;
    }
    const lines = list.map((f) => `${f.severity.toUpperCase()} ${f.rule}: ${clip(f.message.id, 180)} | ${clip(f.message.en, 180)}`);
    let note = `${MARK_PREFIX} ${lines.join("\n")}`;
    if (origFill) note += `\n${FILL_TAG}${origFill.toUpperCase()}]`;
    if (origNote) note += `\n${NOTE_TAG}\n${origNote}`;
    marks.push({
      sheet: f0.sheet,
      row: f0.row,
      col: f0.col,
      style: { fill: SEVERITY_FILL[worst] },
      note,
      purpose: "finding-mark",
    });
  }
  // A re-run: marks of an earlier run on cells with no finding now are removed (fill and note
  // restored), so the workbook shows only current findings.
  for (const w of planRemoveMarks(book)) {
    if (!groups.has(`${w.sheet}\u0000${w.row}\u0000${w.col}`)) marks.push(w);
  }
  marks.sort((a, b) => {
    const sa = book.sheets.findIndex((s) => s.sheet === a.sheet);
    const sb = book.sheets.findIndex((s) => s.sheet === b.sheet);
    return sa - sb || a.row - b.row || a.col - b.col;
  });
  return marks;
}

/**
 * Remove every finding mark: for each cell whose note starts with MARK_PREFIX, clear the fill and
 * the note, then put back the fill and note the cell had before it was marked.
 */
export function planRemoveMarks(book: Book): CellWrite[] {
  const out: CellWrite[] = [];
  for (const grid of book.sheets) {
    if (grid.sheet === FINDINGS_SHEET) continue;
    grid.cells.forEach((row, r) => {
      row?.forEach((cell, c) => {
        if (!cell || !isFindingMarkNote(cell.note)) return;
        const prev = parseMarkNote(cell.note!);
        const w: CellWrite = { sheet: grid.sheet, row: r, col: c, clear: ["fill", "note"], purpose: "finding-mark" };
        if (prev.fill) w.style = { fill: prev.fill };
        if (prev.note) w.note = prev.note;
        out.push(w);
      });
    });
  }
  return out;
}

/** "A1:J{n}" of the findings table on the Temuan sheet, for the integrator's messages. */
export function findingsRange(count: number): string {
  return `A5:${colLetter(FINDINGS_COLUMNS.length - 1)}${5 + Math.max(count, 1)}`;
}
