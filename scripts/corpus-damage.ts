/**
 * Fill damage: what changed between a workbook and the copy `capaian fill` made of it, both
 * recalculated by LibreOffice (see tests/support/libreoffice.ts).
 *
 * - `changed`: a cell that is non-empty in the recalculated original and whose recalculated value in
 *   the copy differs (numbers with a relative tolerance of 1e-9 and an absolute one of 1e-9; a sheet
 *   missing from the copy changes every cell of it).
 * - `newErrors`: a cell whose recalculated value in the copy is an error value (#DIV/0!, #NAME? …)
 *   that the original did not hold in that cell.
 *
 * Each damaged cell is attributed:
 * - `own`: a cell Capaian wrote (its formula or constant differs between original and copy), or a
 *   formula that depends on one, directly or through other formulas (references as written: A1
 *   refs, ranges, whole columns/rows, other sheets; defined names, INDIRECT and OFFSET are not
 *   followed);
 * - `writer`: everything else, i.e. cells Capaian did not touch that changed anyway because the
 *   .xlsx writer dropped or altered something (external links, autofilter criteria, …).
 */
import type { Book, Scalar } from "../src/core/grid";
import { a1 } from "../src/core/grid";
import { parseRefs } from "../src/core/formula";
import type { RecalcResult, RecalcValue } from "../tests/support/libreoffice";

export type Cause = "own" | "writer";

export interface DamagedCell {
  sheet: string;
  cell: string;
  before: RecalcValue | undefined;
  after: RecalcValue | undefined;
  /** Whether Capaian wrote the cell itself (else it depends on a written cell, or is the writer's). */
  written: boolean;
  cause: Cause;
  kind: "changed" | "new-error" | "changed+new-error";
}

export interface DamageCounts {
  changed: number;
  newErrors: number;
}

export interface Damage {
  own: DamageCounts;
  writer: DamageCounts;
  /** Sheets of the original that the copy lacks. */
  missingSheets: string[];
  /** Cells whose stored content (formula or constant) differs between original and copy, on the original's sheets. */
  writtenCells: number;
  /** Formula cells that depend on a written cell (transitively). */
  dependentCells: number;
  /** Up to `limit` damaged cells, own damage first. */
  examples: DamagedCell[];
}

const ERROR_RE = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|EXTERNAL!|PYTHON!)$/;

export function isErrorValue(v: RecalcValue | undefined): boolean {
  return typeof v === "string" && ERROR_RE.test(v);
}

function isEmptyValue(v: RecalcValue | undefined): boolean {
  return v === null || v === undefined || v === "";
}

export function sameRecalcValue(a: RecalcValue | undefined, b: RecalcValue | undefined): boolean {
  if (isEmptyValue(a)) return isEmptyValue(b);
  if (typeof a === "number" && typeof b === "number") {
    const diff = Math.abs(a - b);
    return diff <= 1e-9 || diff <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
  return a === b;
}

const KEY = 16384;
const key = (r: number, c: number) => r * KEY + c;

function content(cell: { v: Scalar; f?: string } | undefined): string {
  if (!cell) return "";
  if (cell.f) return "f:" + cell.f.replace(/^=/, "").replace(/\s+/g, "").toUpperCase();
  if (cell.v === null || cell.v === "") return "";
  return typeof cell.v + ":" + String(cell.v);
}

/** sheet → keys of cells whose stored content differs between `orig` and `copy` (only sheets of the original). */
export function writtenCells(orig: Book, copy: Book): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const copyByName = new Map(copy.sheets.map((g) => [g.sheet, g]));
  for (const og of orig.sheets) {
    const cg = copyByName.get(og.sheet);
    if (!cg) continue;
    const set = new Set<number>();
    const rows = Math.max(og.cells.length, cg.cells.length);
    for (let r = 0; r < rows; r++) {
      const orow = og.cells[r];
      const crow = cg.cells[r];
      if (!orow && !crow) continue;
      const cols = Math.max(orow?.length ?? 0, crow?.length ?? 0);
      for (let c = 0; c < cols; c++) {
        if (content(orow?.[c]) !== content(crow?.[c])) set.add(key(r, c));
      }
    }
    out.set(og.sheet, set);
  }
  return out;
}

interface FormulaCell {
  k: number;
  refs: { sheet: string; r1: number; c1: number; r2: number; c2: number }[];
}

/**
 * The written cells plus every formula cell of `book` that depends on one (transitively), per sheet.
 */
export function dependents(book: Book, written: Map<string, Set<number>>): Map<string, Set<number>> {
  const tainted = new Map<string, Set<number>>();
  const lists = new Map<string, { r: number; c: number }[]>();
  const add = (sheet: string, k: number) => {
    let s = tainted.get(sheet);
    if (!s) tainted.set(sheet, (s = new Set()));
    if (s.has(k)) return false;
    s.add(k);
    let l = lists.get(sheet);
    if (!l) lists.set(sheet, (l = []));
    l.push({ r: Math.floor(k / KEY), c: k % KEY });
    return true;
  };
  for (const [sheet, set] of written) for (const k of set) add(sheet, k);
  const names = new Map(book.sheets.map((g) => [g.sheet.toUpperCase(), g.sheet]));
  const formulas = new Map<string, FormulaCell[]>();
  for (const g of book.sheets) {
    const list: FormulaCell[] = [];
    g.cells.forEach((row, r) =>
      row?.forEach((cell, c) => {
        if (!cell?.f) return;
        let refs: FormulaCell["refs"] = [];
        try {
          refs = parseRefs(cell.f).flatMap((ref) => {
            const sheet = ref.sheet === undefined ? g.sheet : names.get(ref.sheet.toUpperCase());
            return sheet === undefined ? [] : [{ sheet, ...ref.area }];
          });
        } catch {
          // an unparsable formula: no known dependencies
        }
        if (refs.length) list.push({ k: key(r, c), refs });
      }),
    );
    formulas.set(g.sheet, list);
  }
  const hits = (ref: FormulaCell["refs"][number]): boolean => {
    const set = tainted.get(ref.sheet);
    if (!set || set.size === 0) return false;
    if (ref.r1 === ref.r2 && ref.c1 === ref.c2) return set.has(key(ref.r1, ref.c1));
    const span = (ref.r2 - ref.r1 + 1) * (ref.c2 - ref.c1 + 1);
    if (span <= set.size) {
      for (let r = ref.r1; r <= ref.r2; r++) for (let c = ref.c1; c <= ref.c2; c++) if (set.has(key(r, c))) return true;
      return false;
    }
    for (const p of lists.get(ref.sheet) ?? []) if (p.r >= ref.r1 && p.r <= ref.r2 && p.c >= ref.c1 && p.c <= ref.c2) return true;
    return false;
  };
  for (let pass = 0; pass < 100; pass++) {
    let grew = false;
    for (const [sheet, list] of formulas) {
      for (const f of list) {
        if (tainted.get(sheet)?.has(f.k)) continue;
        if (f.refs.some(hits)) grew = add(sheet, f.k) || grew;
      }
    }
    if (!grew) break;
  }
  return tainted;
}

function parseCell(ref: string): { r: number; c: number } | undefined {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!m) return undefined;
  let c = 0;
  for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
  return { r: Number(m[2]) - 1, c: c - 1 };
}

/**
 * Compare the recalculated original with the recalculated copy. `orig`/`copy` are the books as
 * read before recalculation (for the written cells and their dependents); when either is missing,
 * every damaged cell is attributed to the writer unless nothing is known (then "writer" too, with
 * writtenCells 0).
 */
export function fillDamage(
  origValues: RecalcResult,
  copyValues: RecalcResult,
  orig: Book | undefined,
  copy: Book | undefined,
  limit = 20,
): Damage {
  const written = orig && copy ? writtenCells(orig, copy) : new Map<string, Set<number>>();
  const tainted = copy ? dependents(copy, written) : written;
  let writtenCount = 0;
  for (const s of written.values()) writtenCount += s.size;
  let taintedCount = 0;
  for (const s of tainted.values()) taintedCount += s.size;
  const damage: Damage = {
    own: { changed: 0, newErrors: 0 },
    writer: { changed: 0, newErrors: 0 },
    missingSheets: [],
    writtenCells: writtenCount,
    dependentCells: taintedCount - writtenCount,
    examples: [],
  };
  const own: DamagedCell[] = [];
  const other: DamagedCell[] = [];
  for (const [sheet, ocells] of origValues) {
    const ccells = copyValues.get(sheet);
    if (!ccells) {
      damage.missingSheets.push(sheet);
      for (const v of ocells.values()) if (!isEmptyValue(v)) damage.writer.changed++;
      continue;
    }
    const refs = new Set<string>([...ocells.keys(), ...ccells.keys()]);
    for (const ref of refs) {
      const before = ocells.get(ref);
      const after = ccells.get(ref);
      const changed = !isEmptyValue(before) && !sameRecalcValue(before, after);
      const newError = isErrorValue(after) && after !== before;
      if (!changed && !newError) continue;
      const p = parseCell(ref);
      const k = p ? key(p.r, p.c) : -1;
      const isWritten = written.get(sheet)?.has(k) ?? false;
      const cause: Cause = tainted.get(sheet)?.has(k) ? "own" : "writer";
      const counts = damage[cause];
      if (changed) counts.changed++;
      if (newError) counts.newErrors++;
      const d: DamagedCell = {
        sheet,
        cell: ref,
        before,
        after,
        written: isWritten,
        cause,
        kind: changed && newError ? "changed+new-error" : changed ? "changed" : "new-error",
      };
      const bucket = cause === "own" ? own : other;
      if (bucket.length < limit) bucket.push(d);
    }
  }
  damage.examples = [...own, ...other].slice(0, limit);
  return damage;
}

/** The cell key helpers, for tests. */
export const cellKey = { key, a1: (k: number) => a1(Math.floor(k / KEY), k % KEY) };
