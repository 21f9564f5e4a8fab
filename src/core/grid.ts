/**
 * The engine's view of one worksheet: values, formulas, formats and the few cell styles that
 * recognition and auditing use. Pure data, no I/O.
 *
 * Coordinates are ZERO-BASED everywhere inside the engine: row 0 is Excel row 1, column 0 is A.
 * Only A1 strings (see `a1`) and the command line's JSON use Excel's one-based numbering.
 */

export type Scalar = number | string | boolean | null;

export interface CellData {
  /**
   * The value Excel shows (for a formula: its cached result). number, string, boolean, or null when
   * the cell is empty. For an error cell this is the error text ("#REF!") and `error` is true.
   */
  v: Scalar;
  /** Formula in en-US syntax with its leading "=", when the cell holds one. */
  f?: string;
  /** True when `v` is an Excel error value such as #REF!, #DIV/0!, #VALUE!, #N/A. */
  error?: boolean;
  /** Number format code ("#,##0", "0.00%"); absent means General. */
  fmt?: string;
  bold?: boolean;
  italic?: boolean;
  /** Indent level (Excel's IndentLevel, 0..15). */
  indent?: number;
  /** Fill colour "#RRGGBB" when the cell has a solid fill. */
  fill?: string;
  /** Note / comment text on the cell. */
  note?: string;
}

/** A rectangle of cells, zero-based and inclusive on both ends. */
export interface Area {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export class Grid {
  /** Row-major, sparse: a missing row or cell is empty. */
  readonly cells: Array<Array<CellData | undefined> | undefined> = [];
  readonly merges: Area[] = [];
  readonly hiddenRows = new Set<number>();
  readonly hiddenCols = new Set<number>();
  /** Sheet protection is on (writes to locked cells will fail in Excel). */
  protected = false;
  /** The sheet tab is hidden ("hidden") or hidden from the Unhide dialog too ("veryHidden"); absent when visible. */
  hidden?: "hidden" | "veryHidden";
  rowCount = 0;
  colCount = 0;
  private mergeIndex?: Map<number, Area>;
  /** Rows any merge covers (1), built with `mergeIndex`. */
  private mergeRows?: Uint8Array;

  constructor(readonly sheet: string) {}

  set(r: number, c: number, cell: CellData): void {
    let row = this.cells[r];
    if (!row) {
      row = [];
      this.cells[r] = row;
    }
    row[c] = cell;
    if (r + 1 > this.rowCount) this.rowCount = r + 1;
    if (c + 1 > this.colCount) this.colCount = c + 1;
  }

  // get / value / isEmpty run for every cell in every stage: no allocation, no string built.
  get(r: number, c: number): CellData | undefined {
    const row = this.cells[r];
    return row === undefined ? undefined : row[c];
  }

  /** The cell's value, or null when empty. */
  value(r: number, c: number): Scalar {
    const row = this.cells[r];
    if (row === undefined) return null;
    const cell = row[c];
    return cell === undefined ? null : cell.v;
  }

  /** The value of the merge's top-left cell when (r, c) lies inside a merged area. */
  mergedValue(r: number, c: number): Scalar {
    const m = this.mergeAt(r, c);
    return m ? this.value(m.r1, m.c1) : this.value(r, c);
  }

  /** The cell's value as trimmed text ("" when empty). */
  text(r: number, c: number): string {
    const v = this.value(r, c);
    return v === null ? "" : String(v).trim();
  }

  isEmpty(r: number, c: number): boolean {
    const row = this.cells[r];
    const cell = row === undefined ? undefined : row[c];
    if (!cell) return true;
    if (cell.f) return false;
    const v = cell.v;
    return v === null || (typeof v === "string" && isBlankText(v));
  }

  addMerge(area: Area): void {
    this.merges.push(area);
    this.mergeIndex = undefined;
    if (area.r2 + 1 > this.rowCount) this.rowCount = area.r2 + 1;
    if (area.c2 + 1 > this.colCount) this.colCount = area.c2 + 1;
  }

  /** The merged area covering (r, c), if any. */
  mergeAt(r: number, c: number): Area | undefined {
    if (this.merges.length === 0) return undefined;
    if (!this.mergeIndex) {
      const index = new Map<number, Area>();
      let maxRow = -1;
      for (const m of this.merges) if (m.r2 > maxRow) maxRow = m.r2;
      const rows = new Uint8Array(maxRow + 1);
      for (const m of this.merges) {
        for (let rr = m.r1; rr <= m.r2; rr++) {
          if (rr >= 0) rows[rr] = 1;
          for (let cc = m.c1; cc <= m.c2; cc++) index.set(rr * 16384 + cc, m);
        }
      }
      this.mergeIndex = index;
      this.mergeRows = rows;
    }
    // Most rows of a table have no merge at all: answered from one flag per row.
    if (r >= 0 && r < this.mergeRows!.length && this.mergeRows![r] === 0) return undefined;
    if (r >= this.mergeRows!.length) return undefined;
    return this.mergeIndex.get(r * 16384 + c);
  }
}

/** `s.trim() === ""` without building the trimmed string. */
function isBlankText(s: string): boolean {
  if (s.length === 0) return true;
  const c0 = s.charCodeAt(0);
  // A first character that is not white space (the usual case) decides at once.
  if (c0 > 32 && c0 < 127) return false;
  return s.trim() === "";
}

/** A workbook as the engine sees it: its sheets in tab order. */
export interface Book {
  /** File name or workbook title, for messages. */
  name: string;
  sheets: Grid[];
  /**
   * The file format the book was read from, when read from a file ("xlsx", "xlsm", "xls", "xlsb",
   * "ods", "fods", "csv", "html", "xml2003"). Anything but xlsx / xlsm means `fill` writes an .xlsx copy.
   */
  sourceFormat?: string;
  /** Things the reader skipped or repaired (a sheet whose part is missing, overlapping merges), for messages. */
  readNotes?: string[];
}

export function sheetOf(book: Book, name: string): Grid | undefined {
  return book.sheets.find((s) => s.sheet === name);
}

// ---------------------------------------------------------------------------------------------
// A1 helpers

export function colLetter(c: number): string {
  let n = c + 1;
  let s = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "B7" for (6, 1). */
export function a1(r: number, c: number): string {
  return `${colLetter(c)}${r + 1}`;
}

/** Absolute "$B$7" for (6, 1). */
export function a1Abs(r: number, c: number): string {
  return `$${colLetter(c)}$${r + 1}`;
}

export function areaA1(area: Area): string {
  return `${a1(area.r1, area.c1)}:${a1(area.r2, area.c2)}`;
}

/** (row, col) of "B7" / "$B$7"; undefined if not a cell reference. */
export function parseA1(ref: string): { r: number; c: number } | undefined {
  return readA1(ref, A1_OUT) ? { r: A1_OUT.r, c: A1_OUT.c } : undefined;
}

const A1_OUT = { r: 0, c: 0 };

/**
 * parseA1 without a result object, for loops over many references: writes (row, col) into `out`
 * and says whether `ref` is a cell reference.
 */
export function readA1(ref: string, out: { r: number; c: number }): boolean {
  // Fast path for the usual "G8" (capital letters then digits); anything else takes the regex.
  const n = ref.length;
  let i = 0;
  let c = 0;
  while (i < n && i < 3) {
    const ch = ref.charCodeAt(i);
    if (ch < 65 || ch > 90) break;
    c = c * 26 + (ch - 64);
    i++;
  }
  if (i > 0 && i < n) {
    let r = 0;
    let j = i;
    for (; j < n; j++) {
      const d = ref.charCodeAt(j) - 48;
      if (d < 0 || d > 9) break;
      r = r * 10 + d;
    }
    if (j === n && r <= Number.MAX_SAFE_INTEGER) {
      out.r = r - 1;
      out.c = c - 1;
      return true;
    }
  }
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref.trim());
  if (!m) return false;
  out.r = Number(m[2]) - 1;
  out.c = colIndex(m[1]);
  return true;
}

export function parseAreaA1(ref: string): Area | undefined {
  const [a, b] = ref.split(":");
  const p = parseA1(a);
  if (!p) return undefined;
  const q = b ? parseA1(b) : p;
  if (!q) return undefined;
  return { r1: Math.min(p.r, q.r), c1: Math.min(p.c, q.c), r2: Math.max(p.r, q.r), c2: Math.max(p.c, q.c) };
}

/** A sheet name as it must appear in a formula reference: quoted when needed. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

/**
 * A sparse map keyed by (row, col): an array of rows, each an array of columns. Much cheaper than a
 * Map keyed by row * 16384 + col when it holds tens of thousands of cells (no hashing, no rehashing).
 */
export class CellMap<T> {
  private readonly rows: (T[] | undefined)[] = [];

  get(r: number, c: number): T | undefined {
    const row = this.rows[r];
    return row === undefined ? undefined : row[c];
  }

  has(r: number, c: number): boolean {
    return this.get(r, c) !== undefined;
  }

  set(r: number, c: number, value: T): void {
    let row = this.rows[r];
    if (row === undefined) {
      row = [];
      this.rows[r] = row;
    }
    row[c] = value;
  }
}
