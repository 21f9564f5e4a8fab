/**
 * What the summary sheets read from the recognised tables: one Entry per node row (sasaran,
 * program, kegiatan ...) and per extra indicator row, with the source cell of each field.
 *
 * A field's source cell is referenced by formula (`='E81'!H12`) so later edits flow through. Its
 * expected value is the cell's stated value, its cached formula result, or — for a cell that is empty
 * now and gets filled — the engine's ComputedCell value. A number stored as text cannot be referenced
 * (Excel's arithmetic on text depends on the locale), so it is copied as a number with a note.
 */
import type { Book, Grid, Scalar } from "../grid";
import { a1, quoteSheet, sheetOf } from "../grid";
import type {
  CellWrite,
  ColumnModel,
  ComputedCell,
  ComputedTable,
  EngineOptions,
  Measure,
  Polarity,
  Role,
  RowLevel,
  RowModel,
  TableModel,
} from "../model";
import { parseValue } from "../value";
import { cellRef } from "./formulas";
import { isGeneratedSheet } from "./marker";
import { MONEY_ROLES } from "../domain/roles";

export type Field = "target" | "realisasi" | "capaian" | "pagu" | "realisasiAnggaran" | "penyerapan";

export const FIELDS: Field[] = ["target", "realisasi", "capaian", "pagu", "realisasiAnggaran", "penyerapan"];

/** How a field's values are shown: K as stated, Rp amounts, percentages (points, 92.95). */
type FieldKind = "display" | "amount" | "percent";

const FIELD_KIND: Record<Field, FieldKind> = {
  target: "display",
  realisasi: "display",
  capaian: "percent",
  pagu: "amount",
  realisasiAnggaran: "amount",
  penyerapan: "percent",
};

export const BUDGET_FIELDS: Field[] = ["pagu", "realisasiAnggaran", "penyerapan"];

export interface SourceCell {
  sheet: string;
  row: number;
  col: number;
  /** Sheet-qualified A1 reference: 'E81'!H12. */
  ref: string;
  /**
   * "ref": write a formula over `ref`; "value": copy `value` (a number stored as text, or an engine
   * value of a cell the plan does not fill); "expr": the engine's formula for a cell the plan does
   * not fill, with its references qualified by the source sheet (`expr`).
   */
  mode: "ref" | "value" | "expr";
  /** For mode "expr": the engine's formula without "=", references sheet-qualified. */
  expr?: string;
  /** Multiplier applied to a numeric value: Rp scale (1000 for "Rp. (000)"), 100 for a fraction shown as %. */
  factor: number;
  /** The value the summary cell shows (after factor); text passes through; null = blank. */
  value: Scalar;
  /** Number format to carry into the summary (undefined: use the field's default). */
  fmt?: string;
  /** Note for the summary cell (Bahasa Indonesia / English). */
  note?: string;
  /** The source cell is empty and the engine does not fill it. */
  unfilled?: boolean;
  /** The `showRef` formula over `ref` (mode "ref"), built once for the sheets that show the cell. */
  show?: string;
}

export interface Entry {
  table: TableModel;
  grid: Grid;
  /** The row this entry reads. */
  row: RowModel;
  /** The node the row belongs to (itself, or the node above an extra indicator row). */
  node: RowModel;
  /** Level of the node: sasaran, program, kegiatan ... */
  level: RowLevel;
  /** First (or only) indicator row of the node. */
  first: boolean;
  indicator?: string;
  polarity: Polarity;
  fields: Partial<Record<Field, SourceCell>>;
}

export const LEVEL_LABEL: Partial<Record<RowLevel, string>> = {
  tujuan: "Tujuan",
  sasaran: "Sasaran",
  urusan: "Urusan",
  bidang: "Bidang",
  program: "Program",
  kegiatan: "Kegiatan",
  subkegiatan: "Sub Kegiatan",
  indikator: "Indikator",
};

export const KIND_LABEL: Record<string, string> = {
  "renja-evaluasi": "Evaluasi Renja",
  "capaian-indikator": "Capaian Indikator",
  "kinerja-anggaran": "Kinerja dan Anggaran",
  "realisasi-anggaran": "Realisasi Anggaran",
  renstra: "Renstra",
  perbandingan: "Perbandingan",
};

type ColumnSpec = { roles: Role[]; measure?: Measure };

/** Which column feeds each field, per table kind (first match wins). */
function columnSpecs(kind: TableModel["kind"]): Partial<Record<Field, ColumnSpec[]>> {
  switch (kind) {
    case "renja-evaluasi":
      return {
        target: [{ roles: ["target_renja"], measure: "k" }],
        realisasi: [{ roles: ["realisasi_renja"], measure: "k" }],
        capaian: [{ roles: ["capaian_renja"], measure: "k" }],
        pagu: [{ roles: ["target_renja"], measure: "rp" }, { roles: ["pagu"] }],
        realisasiAnggaran: [{ roles: ["realisasi_renja"], measure: "rp" }, { roles: ["realisasi_anggaran"] }],
        penyerapan: [{ roles: ["capaian_renja"], measure: "rp" }, { roles: ["capaian_anggaran"] }],
      };
    case "kinerja-anggaran":
    case "capaian-indikator":
    case "realisasi-anggaran":
    case "perbandingan":
      return {
        target: [{ roles: ["target"], measure: "k" }, { roles: ["target"] }],
        realisasi: [{ roles: ["realisasi"], measure: "k" }, { roles: ["realisasi"] }],
        capaian: [{ roles: ["capaian"], measure: "k" }, { roles: ["capaian"] }],
        pagu: [{ roles: ["pagu"] }, { roles: ["target"], measure: "rp" }],
        realisasiAnggaran: [{ roles: ["realisasi_anggaran"] }, { roles: ["realisasi"], measure: "rp" }],
        penyerapan: [{ roles: ["capaian_anggaran"] }, { roles: ["capaian"], measure: "rp" }],
      };
    default:
      return {};
  }
}


function findColumn(table: TableModel, specs: ColumnSpec[] | undefined): ColumnModel | undefined {
  if (!specs) return undefined;
  for (const spec of specs) {
    const exact = table.columns.find(
      (c) =>
        spec.roles.includes(c.role) &&
        (spec.measure === undefined ? c.measure === undefined || MONEY_ROLES.has(c.role) : c.measure === spec.measure),
    );
    if (exact) return exact;
    if (spec.measure === "k") {
      // a K column whose measure the recogniser left open
      const open = table.columns.find((c) => spec.roles.includes(c.role) && c.measure === undefined);
      if (open) return open;
    }
  }
  return undefined;
}

export interface TableColumns {
  fields: Partial<Record<Field, ColumnModel>>;
  indicator?: ColumnModel;
}

export function tableColumns(table: TableModel): TableColumns {
  const specs = columnSpecs(table.kind);
  const fields: Partial<Record<Field, ColumnModel>> = {};
  for (const f of FIELDS) {
    const c = findColumn(table, specs[f]);
    if (c) fields[f] = c;
  }
  return { fields, indicator: table.columns.find((c) => c.role === "indikator") };
}


/** hasPercentFormat by format code (a sheet has a handful of formats; thousands of cells). */
const PERCENT_FORMAT = new Map<string, boolean>();

function hasPercentFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  let pct = PERCENT_FORMAT.get(fmt);
  if (pct === undefined) {
    pct = /%/.test(fmt.replace(/"[^"]*"/g, "").replace(/\\%/g, ""));
    if (PERCENT_FORMAT.size < 1000) PERCENT_FORMAT.set(fmt, pct);
  }
  return pct;
}

/**
 * A number format showing `unit` after the number ("General\" UM\""), so a K value written as
 * value | satuan in two cells reads "400 UM" on the summary and stays a number. Undefined when the
 * unit text or the base format does not lend itself to it.
 */
export function unitFormat(base: string | undefined, unit: string): string | undefined {
  const u = unit.trim();
  if (!u || u.length > 30 || !/^[\p{L}\p{N} .,/()%\-]+$/u.test(u)) return undefined;
  const b = base && base !== "General" && base !== "@" ? base : "General";
  if (b.includes(";") || b.includes('"') || /%/.test(b)) return undefined;
  return `${b}" ${u}"`;
}

/**
 * `formula` (with or without its "=") with every unqualified A1 reference prefixed by `sheet`
 * (quoted when needed); string literals and already qualified references are left alone. Returns
 * the expression without "=".
 */
export function qualifyRefs(formula: string, sheet: string): string {
  const q = quoteSheet(sheet) + "!";
  const body = formula.replace(/^=/, "");
  return body
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(
            /(^|[^A-Za-z0-9_$!'.])(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![A-Za-z0-9_(!.])/g,
            (_m, pre: string, ref: string) => pre + q + ref,
          ),
    )
    .join("");
}

/** Rows per page of a RowIndex: 4096 values (32 KB), well under V8's large-object size. */
const PAGE_BITS = 12;
const PAGE_MASK = (1 << PAGE_BITS) - 1;

/**
 * Values by sheet row for the rows of one table: pages of 4096 rows made on first use, indexed by
 * the row's position in the table, and a Map for a row outside them. A page is made at full length,
 * so it stays a plain array however sparsely it is filled (an array grown by writes at program rows
 * hundreds of rows apart turns into a hash table); pages keep each allocation small (an array of a
 * 50,000-row table's length, or a list grown to it by push, is a large object: fresh memory each
 * time, which costs more than the lookups).
 */
export class RowIndex<T> {
  private readonly pages: ((T | undefined)[] | undefined)[] = [];
  private outside?: Map<number, T>;

  constructor(
    private readonly base: number,
    private readonly size: number,
  ) {}

  get(r: number): T | undefined {
    const i = r - this.base;
    if (i >= 0 && i < this.size) {
      const page = this.pages[i >> PAGE_BITS];
      return page === undefined ? undefined : page[i & PAGE_MASK];
    }
    return this.outside?.get(r);
  }

  set(r: number, value: T): void {
    const i = r - this.base;
    if (i >= 0 && i < this.size) {
      const p = i >> PAGE_BITS;
      let page = this.pages[p];
      if (page === undefined) {
        page = new Array<T | undefined>(PAGE_MASK + 1);
        this.pages[p] = page;
      }
      page[i & PAGE_MASK] = value;
      return;
    }
    (this.outside ??= new Map()).set(r, value);
  }
}

/** A map keyed by (row, col) for the few field columns of a table: a RowIndex per column. */
export class ColumnMap<T> {
  private readonly cols: (RowIndex<T> | undefined)[] = [];

  constructor(
    private readonly base: number,
    private readonly size: number,
  ) {}

  get(r: number, c: number): T | undefined {
    const col = this.cols[c];
    return col === undefined ? undefined : col.get(r);
  }

  set(r: number, c: number, value: T): void {
    let col = this.cols[c];
    if (col === undefined) {
      col = new RowIndex<T>(this.base, this.size);
      this.cols[c] = col;
    }
    col.set(r, value);
  }
}

/** A source cell; `extra` (rare) gives the note, the expression or the unfilled flag. */
function makeSource(
  sheet: string,
  row: number,
  col: number,
  ref: string,
  mode: SourceCell["mode"],
  factor: number,
  value: Scalar,
  fmt: string | undefined,
  extra?: Pick<SourceCell, "expr" | "note" | "unfilled">,
): SourceCell {
  // Every source cell has one shape, its optional fields present (undefined when unused): `show`
  // set later then needs no property store of its own, and the sheets read one shape.
  if (extra === undefined) return { sheet, row, col, ref, mode, expr: undefined, factor, value, fmt, note: undefined, unfilled: undefined, show: undefined };
  return { sheet, row, col, ref, mode, expr: extra.expr, factor, value, fmt, note: extra.note, unfilled: extra.unfilled, show: undefined };
}

/** The source cell of one field (`q`: the source sheet as a formula prefix, `'E81'!`). */
function sourceCell(
  grid: Grid,
  table: TableModel,
  q: string,
  column: ColumnModel,
  row: number,
  kind: FieldKind,
  computed: ColumnMap<ComputedCell>,
  filled: boolean,
  write: CellWrite | undefined,
): SourceCell {
  const col = column.col;
  const sheet = table.sheet;
  const ref = q + cellRef(row, col);
  const rpScale = kind === "amount" && column.scale && column.scale > 0 ? column.scale : 1;
  const cell = grid.get(row, col);

  if (write) {
    // The plan writes this cell (a fill, possibly forced over a stated value): it will hold the
    // write's formula or value.
    const value: Scalar = write.formula ? (write.expected ?? null) : (write.value ?? null);
    let fmt = write.numberFormat ?? cell?.fmt;
    let factor = rpScale;
    if (kind === "percent" && hasPercentFormat(fmt)) {
      factor = 100;
      fmt = undefined;
    }
    return makeSource(sheet, row, col, ref, "ref", factor, typeof value === "number" ? value * factor : value, fmt);
  }

  if (grid.isEmpty(row, col)) {
    const cc = computed.get(row, col);
    if (!cc) return makeSource(sheet, row, col, ref, "ref", rpScale, null, cell?.fmt, { unfilled: true });
    // Filled by the engine: the cell will hold cc.formula (or cc.value). Percentages are points.
    let fmt = cc.numberFormat ?? cell?.fmt;
    let factor = rpScale;
    let value: Scalar = cc.value;
    if (kind === "percent" && hasPercentFormat(fmt)) {
      // the engine fills a %-formatted column with fractions (=R/T with "0.00%"): show points
      factor = 100;
      fmt = undefined;
    }
    if (typeof value === "number") value = value * factor;
    if (filled) return makeSource(sheet, row, col, ref, "ref", factor, value, fmt);
    // The plan does not fill the source: reproduce the engine's formula here, or copy its value.
    if (typeof cc.value !== "number") return makeSource(sheet, row, col, ref, "ref", rpScale, null, cell?.fmt, { unfilled: true });
    const how = `Sel sumber ${ref} kosong; nilai dihitung Capaian (${cc.how}). / Source cell ${ref} is empty; value computed by Capaian.`;
    if (cc.formula) return makeSource(sheet, row, col, ref, "expr", factor, value, fmt, { expr: qualifyRefs(cc.formula, table.sheet), note: how });
    return makeSource(sheet, row, col, ref, "value", 1, value, fmt, { note: how });
  }

  const fmt = cell?.fmt;
  const v: Scalar = cell ? cell.v : null;
  if (cell?.f || typeof v === "number") {
    if (cell?.error) return makeSource(sheet, row, col, ref, "ref", 1, v, undefined);
    let factor = rpScale;
    let outFmt = fmt;
    if (kind === "percent" && hasPercentFormat(fmt)) {
      factor = 100;
      outFmt = undefined;
    }
    return makeSource(sheet, row, col, ref, "ref", factor, typeof v === "number" ? v * factor : v, outFmt);
  }
  if (typeof v === "string") {
    const parsed = parseValue(v, { style: column.numberStyle });
    // K target/realisasi keep their text ("18 dokumen", "7%") through the reference.
    const pureNumber = kind !== "display" && parsed.kind === "number" && parsed.value !== undefined;
    if (pureNumber) {
      const n = parsed.value as number;
      let value = n * rpScale;
      if (kind === "percent" && parsed.percent !== true && hasPercentFormat(fmt)) value = n * 100;
      return makeSource(sheet, row, col, ref, "value", 1, value, kind === "percent" ? undefined : fmt, {
        note: `Angka disalin dari teks di ${ref} ("${v}"); perbaiki sel sumber menjadi angka agar tautan rumus dapat dipakai. / Number copied from text in ${ref}.`,
      });
    }
  }
  // Text, placeholder, grade, boolean: shown as stated through the reference.
  return makeSource(sheet, row, col, ref, "ref", 1, v, fmt);
}

export interface CollectOptions {
  /** Node levels to include; "indikator" includes indicator rows that belong to no node. */
  levels: RowLevel[];
  /** Include the extra indicator rows of included nodes. */
  indicators: boolean;
}

export interface Source {
  table: TableModel;
  grid: Grid;
  /** The computed cells of the field columns, by (row, col). */
  computed: ColumnMap<ComputedCell>;
  columns: TableColumns;
  /** Every empty computed cell gets filled (filled: true). */
  fillAll: boolean;
  /** The fill plan's writes into this table's field columns, by (row, col) (filled: CellWrite[]). */
  fillWrites: ColumnMap<CellWrite>;
  /** Source cells already resolved (the three sheets read the same cells), by (row, col). */
  cache: ColumnMap<SourceCell>;
  /** The source sheet as a formula prefix: `'E81'!`. */
  q: string;
  /** The fields the table has, in FIELDS order, with their columns. */
  fieldList: FieldColumn[];
  /** The rows' structure (owners of indicator rows), built on first use. */
  structure?: Structure;
  /** Entries already built, by row (the three sheets read the same rows), for `entryOpts`. */
  entries?: RowIndex<Entry>;
  entryOpts?: EngineOptions;
}

interface FieldColumn {
  field: Field;
  column: ColumnModel;
  kind: FieldKind;
  budget: boolean;
}

/** Which node each extra indicator row belongs to, and the indicator rows of no node. */
interface Structure {
  extras: Map<RowModel, RowModel[]>;
  orphans: Set<RowModel>;
}

/** The usable source tables: recognised tables on sheets that Capaian did not generate. */
/** What the plan fills: every empty computed cell (true), nothing (false), or exactly these writes. */
export type Filled = boolean | CellWrite[];

export function sources(book: Book, computed: ComputedTable[], filled: Filled = true): Source[] {
  const out: Source[] = [];
  const generated = new Map<Grid, boolean>();
  for (const ct of computed) {
    const grid = sheetOf(book, ct.table.sheet);
    if (!grid) continue;
    if (!generated.has(grid)) generated.set(grid, isGeneratedSheet(grid));
    if (generated.get(grid)) continue;
    // Only the field columns' cells are ever looked up: index those alone.
    const columns = tableColumns(ct.table);
    const wanted: boolean[] = [];
    const fieldList: FieldColumn[] = [];
    for (const f of FIELDS) {
      const c = columns.fields[f];
      if (!c) continue;
      wanted[c.col] = true;
      fieldList.push({ field: f, column: c, kind: FIELD_KIND[f], budget: BUDGET_FIELDS.includes(f) });
    }
    const sheet = ct.table.sheet;
    const base = ct.table.area.r1;
    const size = Math.max(0, ct.table.area.r2 - base + 1);
    const map = new ColumnMap<ComputedCell>(base, size);
    // (indexed loops: a for-of run once per call allocates an iterator result per element)
    const cells = ct.cells;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (wanted[c.col] === true && (c.sheet === sheet || !c.sheet)) map.set(c.row, c.col, c);
    }
    const fillWrites = new ColumnMap<CellWrite>(base, size);
    if (Array.isArray(filled)) {
      for (let i = 0; i < filled.length; i++) {
        const w = filled[i];
        if (wanted[w.col] === true && w.sheet === sheet && (w.formula || w.value !== undefined)) fillWrites.set(w.row, w.col, w);
      }
    }
    out.push({ table: ct.table, grid, computed: map, columns, fillAll: filled === true, fillWrites, cache: new ColumnMap(base, size), q: quoteSheet(ct.table.sheet) + "!", fieldList });
  }
  return out;
}

const NODE_LEVELS: RowLevel[] = ["tujuan", "sasaran", "urusan", "bidang", "program", "kegiatan", "subkegiatan"];

function polarityOf(table: TableModel, row: RowModel, opts: EngineOptions): Polarity {
  return opts.polarity?.[`${table.id}#${row.row}`] ?? row.polarity ?? "positive";
}

function indicatorText(grid: Grid, src: Source, row: RowModel): string | undefined {
  if (row.indicator) return row.indicator;
  if (row.level === "indikator") return row.label || undefined;
  const col = src.columns.indicator;
  if (col) {
    const t = grid.text(row.row, col.col);
    if (t) return t;
  }
  return undefined;
}

/**
 * One entry per included node row, each followed by the extra indicator rows of that node (an
 * indikator row belongs to its `parent` when that is a node row, else to the node row above it).
 */
export function collectEntries(src: Source, opts: EngineOptions, collect: CollectOptions): Entry[] {
  const { table } = src;
  const { extras, orphans } = (src.structure ??= structureOf(table));
  if (src.entries === undefined || src.entryOpts !== opts) {
    src.entries = new RowIndex<Entry>(table.area.r1, table.area.r2 - table.area.r1 + 1);
    src.entryOpts = opts;
  }
  const built = src.entries;
  // A row is either a node (its own owner) or an extra indicator row of one node: one Entry per row.
  const entry = (row: RowModel, owner: RowModel): Entry => {
    let e = built.get(row.row);
    if (e === undefined) {
      e = makeEntry(src, opts, row, owner);
      built.set(row.row, e);
    }
    return e;
  };
  const out: Entry[] = [];
  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!collect.levels.includes(row.level)) continue;
    if (!NODE_LEVELS.includes(row.level) && !orphans.has(row)) continue;
    out.push(entry(row, row));
    const more = collect.indicators ? extras.get(row) : undefined;
    if (more !== undefined) for (let k = 0; k < more.length; k++) out.push(entry(more[k], row));
  }
  return out;
}

/** The owners of the table's indicator rows (see collectEntries). */
function structureOf(table: TableModel): Structure {
  const byRow = new RowIndex<RowModel>(table.area.r1, table.area.r2 - table.area.r1 + 1);
  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) byRow.set(rows[i].row, rows[i]);
  const extras = new Map<RowModel, RowModel[]>();
  /** Indicator rows of no node (an IKU table listing indicators only): nodes of their own. */
  const orphans = new Set<RowModel>();
  let above: RowModel | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (NODE_LEVELS.includes(row.level)) above = row;
    else if (row.level === "indikator") {
      const p = row.parent !== undefined ? byRow.get(row.parent) : undefined;
      const owner = p && NODE_LEVELS.includes(p.level) ? p : above;
      if (!owner) {
        orphans.add(row);
        continue;
      }
      const list = extras.get(owner) ?? [];
      list.push(row);
      extras.set(owner, list);
    } else above = undefined; // total, rata-rata, predikat rows end the current node
  }
  return { extras, orphans };
}

/** The Entry of `row` (owned by `owner`: itself for a node row). */
function makeEntry(src: Source, opts: EngineOptions, row: RowModel, owner: RowModel): Entry {
  const { table, grid } = src;
  const fields: Partial<Record<Field, SourceCell>> = {};
  const paguCol = src.columns.fields.pagu?.col;
  // an extra indicator row without a pagu of its own shares its node's budget
  const shareBudget = row !== owner && (paguCol === undefined || grid.isEmpty(row.row, paguCol));
  const list = src.fieldList;
  for (let i = 0; i < list.length; i++) {
    const { field: f, column, kind, budget } = list[i];
    const r = shareBudget && budget ? owner.row : row.row;
    let cell = src.cache.get(r, column.col);
    if (!cell) {
      cell = sourceCell(grid, table, src.q, column, r, kind, src.computed, src.fillAll, src.fillWrites.get(r, column.col));
      if (kind === "display" && column.unitCol !== undefined && typeof cell.value === "number") {
        const fmt = unitFormat(cell.fmt, grid.text(r, column.unitCol));
        if (fmt) cell.fmt = fmt;
      }
      src.cache.set(r, column.col, cell);
    }
    fields[f] = cell;
  }
  return {
    table,
    grid,
    row,
    node: owner,
    level: owner.level,
    first: row === owner,
    indicator: indicatorText(grid, src, row),
    polarity: polarityOf(table, row, opts),
    fields,
  };
}

/** Human description of the sources, for the sheet's "Sumber" line. */
export function describeSources(srcs: Source[]): string {
  return srcs
    .map((s) => `${quoteSheet(s.table.sheet)}!${a1(s.table.area.r1, s.table.area.c1)}:${a1(s.table.area.r2, s.table.area.c2)} (${KIND_LABEL[s.table.kind] ?? s.table.kind})`)
    .join("; ");
}
