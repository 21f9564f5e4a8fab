/**
 * The fill plan: which cells of the computed columns to write, with what.
 *
 *  - An EMPTY target cell gets the engine's formula (or its value when there is no formula, or
 *    when the user asked for values only), with `expected`, number format and note.
 *  - A NON-EMPTY cell is left alone and listed in `plan.skipped` with the reason, unless the user
 *    forced the fill: then cells of computed columns (never input columns, e.g. a parent's stated
 *    target) are overwritten and `overwrites` keeps the old content (the formula text when the cell
 *    held a formula). A forced cell whose value is not computable is left alone (skipped).
 *  - A cell whose value is NOT computable (placeholder, missing target, unequal grades ...) stays
 *    empty — never 0, never #DIV/0! — but when the row has some input we attach the note that
 *    says why (a CellWrite with a note and no value), so the officer sees the reason in the
 *    workbook. Rows without any input (label rows, an extra indicator's empty Rp cells) get nothing.
 *  - Columns the user asks for (kategori, efisiensi, kategori_efisiensi) that the table lacks are
 *    added in the first empty columns right of the table, with a header in the table's style.
 *  - A formula is written only when the cells it references will hold what the engine assumed:
 *    if a referenced computed cell stays empty (the user filtered its role out), the value is
 *    written instead.
 *  - The fill follows the column (issue 11): where the other rows of a column mostly hold one
 *    formula pattern (equal relative references, R1C1-equivalent: `=J12-G12`, `=J13-G13` …), a new
 *    cell is filled only when the engine's formula has that same pattern; otherwise it stays empty
 *    with a note saying which formula the column holds. A column whose own formulas say it is
 *    something else (a deviasi `=J-G` read as absorption) is so never written.
 *  - Label rows are never written: a row without a single number in the table's input columns
 *    (a "Perangkat Daerah : …" heading inside the data) gets neither a value nor a note.
 *  - A note-only write (`note` without formula or value) is not a filled value: callers count
 *    values with `isValueWrite`.
 *  - A formula that would read a number stored as text ("0,00") is written as its value: Excel
 *    outside the Indonesian locale and LibreOffice give #VALUE! for "0,00" + 1.
 */
import type { Area, Book, CellData, Grid } from "../grid";
import { readA1, sheetOf } from "../grid";
import type { CellWrite, ColumnModel, ComputedCell, ComputedTable, EngineOptions, Message, Role, TableModel, WritePlan } from "../model";
import { emptyPlan } from "../model";
import { COMPUTED_ROLES, computeTable, measureOf } from "../compute";
import { numberOf } from "../value";
import { type TableWrites, W_FORCED, W_FORMULA, W_VALUE, followColumns, noteText, reason } from "./follow";

export { relativeFormula } from "./follow";

/** What `fill` writes (the engine's AnalyzeOptions.fill). */
export interface FillOptions {
  /** Overwrite non-empty cells of computed columns. */
  force?: boolean;
  /** Write values only, no formulas. */
  values?: boolean;
  /** Only these computed roles (default: all the table has). */
  roles?: Role[];
  /** Add missing columns beside the table: "kategori", "efisiensi", "kategori_efisiensi". */
  addColumns?: Role[];
}

export type PlanFillOptions = EngineOptions & { fill: FillOptions };

/** Columns the fill can add beside a table, in the order they are added. */
export const ADDABLE_ROLES: Role[] = ["kategori", "efisiensi", "kategori_efisiensi"];

const HEADER_LABELS: Partial<Record<Role, string>> = {
  kategori: "Kategori",
  efisiensi: "Tingkat Efisiensi",
  kategori_efisiensi: "Kategori Efisiensi",
};

/** A write that puts a formula or a value into the cell (not a note-only or style-only write). */
export function isValueWrite(w: CellWrite): boolean {
  return w.formula !== undefined || w.value !== undefined;
}

const KEY_COLS = 16384;
const key = (r: number, c: number): number => r * KEY_COLS + c;

function columnFree(grid: Grid, area: Area, c: number): boolean {
  for (let r = area.r1; r <= area.r2; r++) {
    if (!grid.isEmpty(r, c) || grid.mergeAt(r, c)) return false;
  }
  return true;
}

function hasKinerjaCapaian(cols: ColumnModel[]): boolean {
  return cols.some((c) => (c.role === "capaian" || c.role === "capaian_renja" || c.role === "capaian_renstra") && measureOf(c) === "k");
}

interface Added {
  columns: ColumnModel[];
  writes: CellWrite[];
}

/** New columns (and their header writes) for the roles asked for that the table lacks. */
export function addedColumns(grid: Grid, table: TableModel, roles: Role[]): Added {
  const out: Added = { columns: [], writes: [] };
  const want = ADDABLE_ROLES.filter((r) => roles.includes(r));
  if (!want.length) return out;
  const have = new Set(table.columns.map((c) => c.role));
  const cols = [...table.columns];
  const lastCol = Math.max(table.area.c2, ...table.columns.map((c) => c.col));
  let next = lastCol + 1;
  // Header band rows for the new header cell (the number row, if inside the band, is separate).
  const h = table.header;
  let top = h.firstRow;
  let bottom = h.lastRow;
  if (h.numberRow !== undefined && h.numberRow >= top && h.numberRow <= bottom) {
    if (h.numberRow === bottom) bottom--;
    else if (h.numberRow === top) top++;
  }
  if (bottom < top) bottom = top;
  const nMerge = grid.mergeAt(top, lastCol);
  const nMaster = nMerge ? grid.get(nMerge.r1, nMerge.c1) : grid.get(top, lastCol);
  let numberLabel: number | undefined;
  if (h.numberRow !== undefined) {
    const nm = grid.mergeAt(h.numberRow, lastCol);
    const v = nm ? grid.value(nm.r1, nm.c1) : grid.value(h.numberRow, lastCol);
    const n = typeof v === "number" ? v : numberOf(v);
    if (n !== undefined && Number.isInteger(n)) numberLabel = n;
  }
  for (const role of want) {
    if (have.has(role)) continue;
    const computable =
      role === "kategori"
        ? hasKinerjaCapaian(cols)
        : role === "efisiensi"
          ? (hasKinerjaCapaian(cols) || (cols.some((c) => c.role === "target" && measureOf(c) === "k") && cols.some((c) => c.role === "realisasi" && measureOf(c) === "k"))) &&
            cols.some((c) => c.role === "capaian_anggaran")
          : cols.some((c) => c.role === "efisiensi");
    if (!computable) continue;
    while (!columnFree(grid, table.area, next)) next++;
    const col: ColumnModel = { col: next, role, header: HEADER_LABELS[role] ?? role };
    cols.push(col);
    have.add(role);
    out.columns.push(col);
    const w: CellWrite = {
      sheet: table.sheet,
      row: top,
      col: next,
      value: HEADER_LABELS[role] ?? role,
      purpose: "header",
      style: {
        bold: nMaster?.bold ?? true,
        wrap: true,
        border: true,
        hAlign: "center",
        vAlign: "middle",
        ...(nMaster?.fill ? { fill: nMaster.fill } : {}),
      },
    };
    if (nMerge && bottom > top) w.merge = { r1: top, c1: next, r2: bottom, c2: next };
    out.writes.push(w);
    if (h.numberRow !== undefined && numberLabel !== undefined) {
      numberLabel++;
      out.writes.push({
        sheet: table.sheet,
        row: h.numberRow,
        col: next,
        value: numberLabel,
        purpose: "header",
        style: { border: true, hAlign: "center", ...(nMaster?.fill ? { fill: nMaster.fill } : {}) },
      });
    }
    next++;
  }
  return out;
}

/** The fill plan for the computed tables of a book (see the module comment). */
export function planFill(book: Book, computed: ComputedTable[], opts: PlanFillOptions): WritePlan {
  const plan = emptyPlan(opts.scale);
  const fill: FillOptions = opts.fill ?? {};
  const textNumbers = new Map<Grid, boolean>();
  for (const ct of computed) {
    const grid = sheetOf(book, ct.table.sheet);
    if (!grid) continue;
    let table = ct.table;
    let cells = ct.cells;
    const added = addedColumns(grid, table, fill.addColumns ?? []);
    if (added.columns.length) {
      const c2 = Math.max(table.area.c2, ...added.columns.map((c) => c.col));
      table = { ...table, columns: [...table.columns, ...added.columns], area: { ...table.area, c2 } };
    }
    const inRoles = (role: Role): boolean => !fill.roles || fill.roles.includes(role) || added.columns.some((c) => c.role === role);
    const overwrite = fill.force ? (role: Role): boolean => COMPUTED_ROLES.has(role) && inRoles(role) : undefined;
    // Forcing changes what downstream cells read (the engine's results instead of stated ones),
    // and added columns need computing: recompute the table under those conditions.
    if (added.columns.length || overwrite) cells = computeTable(grid, table, { ...opts, overwrite }).cells;
    plan.writes.push(...added.writes);
    planTable(grid, table, cells, fill, inRoles, new Set(added.columns.map((c) => c.col)), plan, textNumbers);
  }
  return plan;
}

function planTable(
  grid: Grid,
  table: TableModel,
  cells: ComputedCell[],
  fill: FillOptions,
  inRoles: (role: Role) => boolean,
  addedCols: Set<number>,
  plan: WritePlan,
  /** Per sheet: whether it holds a number stored as text (found on first need, once per plan). */
  textNumbers: Map<Grid, boolean>,
): void {
  const tw: TableWrites = {
    writes: [],
    source: new Int32Array(cells.length),
    kind: new Uint8Array(cells.length),
    n: 0,
    lastRow: 0,
    lastCol: 0,
    valueCols: new Uint8Array(KEY_COLS),
  };
  const { writes, source, kind } = tw;
  /** Computed cells with a value that stay empty after the plan (role filtered out, merged away). */
  const unfilled = new Set<number>();
  const sheet = table.sheet;
  const values = !!fill.values;
  const force = !!fill.force;
  /** No role filter: every cell is in the roles (no call per cell). */
  const allRoles = fill.roles === undefined;
  const anyAdded = addedCols.size > 0;
  /** Rows some merged area covers (a merge lookup per cell only there). */
  const mergedRow = mergedRows(grid);
  const notes = new NoteTexts();

  // Indexed loops over the big arrays: a for-of there allocates an iterator result per element
  // unless the optimiser removes it, which it does not for a loop run once per call.
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const r = cell.row;
    const c = cell.col;
    const cd = grid.get(r, c);
    const empty = cd === undefined || grid.isEmpty(r, c);
    if (!allRoles && !inRoles(cell.role)) {
      if (empty && cell.value !== null) unfilled.add(key(r, c));
      continue;
    }
    if (mergedRow !== undefined && mergedRow[r] === 1) {
      const m = grid.mergeAt(r, c);
      if (m && (m.r1 !== r || m.c1 !== c)) {
        // Inside a merged area: its top-left cell holds the value.
        if (empty && cell.value !== null) unfilled.add(key(r, c));
        continue;
      }
    }
    const added = anyAdded && addedCols.has(c);
    if (!empty) {
      const existing = cd === undefined ? null : (cd.f ?? cd.v);
      const computedRole = COMPUTED_ROLES.has(cell.role);
      if (!force || !computedRole) {
        plan.skipped.push({ sheet, row: r, col: c, existing, reason: computedRole ? NOT_EMPTY : INPUT_NOT_EMPTY });
        continue;
      }
      if (cell.value === null) {
        plan.skipped.push({
          sheet,
          row: r,
          col: c,
          existing,
          reason: reason(
            `Nilai tidak dapat dihitung (${cell.note?.id ?? "masukan tidak lengkap"}); isi lama dipertahankan`,
            `The value cannot be computed (${cell.note?.en ?? "incomplete inputs"}); the old content is kept`,
          ),
        });
        continue;
      }
      if (!values && cell.formula && cd?.f === cell.formula) {
        plan.skipped.push({ sheet, row: r, col: c, existing, reason: SAME_FORMULA });
        continue;
      }
      const w = makeWrite(cell, values, added, notes);
      w.overwrites = existing;
      push(tw, w, i, r, c, (w.formula !== undefined ? W_FORMULA : 0) | W_VALUE | W_FORCED);
      continue;
    }
    if (cell.value === null) {
      // Not computable: leave the cell empty; explain why when the row has something to explain.
      if (cell.note && anyInputPresent(grid, cell.inputs)) {
        const note = notes.of(cell.note);
        push(tw, added ? { sheet, row: r, col: c, purpose: "fill", note, style: { border: true } } : { sheet, row: r, col: c, purpose: "fill", note }, i, r, c, 0);
      }
      continue;
    }
    const w = makeWrite(cell, values, added, notes);
    push(tw, w, i, r, c, (w.formula !== undefined ? W_FORMULA : 0) | W_VALUE);
  }

  followColumns(grid, table, cells, tw);

  // A formula is written as its value when it would not give `expected`:
  //  - it reads a number stored as text ("0,00"): #VALUE! in Excel outside the Indonesian locale
  //    and in LibreOffice;
  //  - it references a computed cell that stays empty.
  // Usually neither can happen (no text number in the sheet, every computed cell filled): then the
  // references are not read at all.
  if (unfilled.size > 0 || hasTextNumber(grid, textNumbers)) {
    for (let k = 0; k < tw.n; k++) {
      if ((kind[k] & W_FORMULA) === 0) continue;
      const w = writes[k];
      const cell = cells[source[k]];
      const inputs = cell.inputs;
      for (let i = 0; i < inputs.length; i++) {
        if (!readA1(inputs[i], REF)) continue;
        if (textNumber(grid.get(REF.r, REF.c)) || (unfilled.size > 0 && unfilled.has(key(REF.r, REF.c)))) {
          delete w.formula;
          w.value = cell.value;
          break;
        }
      }
    }
  }

  // Computed cells come in sheet order (row, col); so do the writes.
  if (plan.writes.length === 0) plan.writes = writes;
  else for (let k = 0; k < writes.length; k++) plan.writes.push(writes[k]);
}

function push(tw: TableWrites, w: CellWrite, source: number, r: number, c: number, kind: number): void {
  tw.source[tw.n] = source;
  tw.kind[tw.n] = kind;
  tw.writes.push(w);
  tw.n++;
  if (r > tw.lastRow) tw.lastRow = r;
  if (c > tw.lastCol) tw.lastCol = c;
  if ((kind & (W_VALUE | W_FORCED)) === W_VALUE) tw.valueCols[c] = 1;
}

/** 1 for each row a merged area covers; undefined when the sheet has no merges. */
function mergedRows(grid: Grid): Uint8Array | undefined {
  if (!grid.merges.length) return undefined;
  let last = 0;
  for (const m of grid.merges) if (m.r2 > last) last = m.r2;
  const rows = new Uint8Array(last + 1);
  for (const m of grid.merges) rows.fill(1, Math.max(0, m.r1), m.r2 + 1);
  return rows;
}

/** A cell holding a number stored as text ("0,00"), not a formula. */
function textNumber(cell: CellData | undefined): boolean {
  return cell !== undefined && !cell.f && typeof cell.v === "string" && numberOf(cell.v) !== undefined;
}

/**
 * Whether any cell of the sheet is a number stored as text (`textNumber`): one pass over the
 * grid instead of a cell lookup per formula reference. Texts that cannot start a number are not
 * parsed (`mayBeNumber`).
 */
function hasTextNumber(grid: Grid, known: Map<Grid, boolean>): boolean {
  // Once per sheet and plan, not once per table: a sheet with many tables is scanned once.
  let has = known.get(grid);
  if (has === undefined) known.set(grid, (has = scanTextNumber(grid)));
  return has;
}

function scanTextNumber(grid: Grid): boolean {
  const rows = grid.cells;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row === undefined) continue;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (cell === undefined || cell.f) continue;
      const v = cell.v;
      if (typeof v === "string" && mayBeNumber(v) && numberOf(v) !== undefined) return true;
    }
  }
  return false;
}

/**
 * False only for a text `numberOf` cannot read as a number: its first character is printable
 * ASCII (so also its first after trimming) and none a number starts with in value.ts (a digit,
 * "-", "+", "Rp", "IDR"; other texts are words, never numbers). Anything else numberOf decides.
 */
export function mayBeNumber(s: string): boolean {
  const c0 = s.charCodeAt(0);
  if (!(c0 > 32 && c0 < 127)) return true;
  return (c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 82 || c0 === 114 || c0 === 73 || c0 === 105;
}

/** Row and column of the reference `readA1` read last (no object per reference). */
const REF = { r: 0, c: 0 };

const NOT_EMPTY = reason("Sel sudah berisi; tidak ditimpa (gunakan paksa untuk menimpa)", "The cell is not empty; not overwritten (force to overwrite)");
const INPUT_NOT_EMPTY = reason("Sel masukan sudah berisi; tidak pernah ditimpa", "An input cell that is not empty; never overwritten");
const SAME_FORMULA = reason("Sel sudah berisi rumus yang sama", "The cell already holds the same formula");

/** Whether any of the referenced cells holds something. */
function anyInputPresent(grid: Grid, inputs: string[]): boolean {
  for (let i = 0; i < inputs.length; i++) if (readA1(inputs[i], REF) && !grid.isEmpty(REF.r, REF.c)) return true;
  return false;
}

/**
 * The note text of each Message, built once per distinct text (the compute stage makes a Message
 * per cell; thousands of cells share a few hundred texts).
 */
class NoteTexts {
  private readonly byId = new Map<string, Map<string, string>>();

  of(m: Message): string {
    let byEn = this.byId.get(m.id);
    if (byEn === undefined) {
      byEn = new Map();
      this.byId.set(m.id, byEn);
    }
    let text = byEn.get(m.en);
    if (text === undefined) {
      text = noteText(m);
      byEn.set(m.en, text);
    }
    return text;
  }
}

/**
 * The fill write of a computable cell. Its properties, in this order: sheet, row, col, purpose,
 * expected, formula or value, numberFormat?, note?, style? (the usual shapes are built as literals,
 * in one allocation each).
 */
function makeWrite(cell: ComputedCell, values: boolean, added: boolean, notes: NoteTexts): CellWrite {
  const { sheet, row, col, value, numberFormat } = cell;
  const note = cell.note ? notes.of(cell.note) : undefined;
  const formula = cell.formula && !values ? cell.formula : undefined;
  if (!added) {
    if (formula !== undefined) {
      if (numberFormat) {
        if (note === undefined) return { sheet, row, col, purpose: "fill", expected: value, formula, numberFormat };
        return { sheet, row, col, purpose: "fill", expected: value, formula, numberFormat, note };
      }
      if (note === undefined) return { sheet, row, col, purpose: "fill", expected: value, formula };
      return { sheet, row, col, purpose: "fill", expected: value, formula, note };
    }
    if (numberFormat) {
      if (note === undefined) return { sheet, row, col, purpose: "fill", expected: value, value, numberFormat };
      return { sheet, row, col, purpose: "fill", expected: value, value, numberFormat, note };
    }
    if (note === undefined) return { sheet, row, col, purpose: "fill", expected: value, value };
  }
  const w: CellWrite = { sheet, row, col, purpose: "fill", expected: value };
  if (formula !== undefined) w.formula = formula;
  else w.value = value;
  if (numberFormat) w.numberFormat = numberFormat;
  if (note !== undefined) w.note = note;
  if (added) w.style = { border: true };
  return w;
}
