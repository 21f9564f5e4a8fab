/**
 * What the scheduler (./scheduler.ts) and the formula families (./families/*.ts) share: the task
 * kinds, a column's spec (what it computes from which columns), an outcome (value, formula, inputs,
 * how, note), the Computer interface the families call back into, and small message helpers.
 */
import type { Aggregation, ColumnModel, EngineOptions, Measure, Message, Polarity, Role, RowModel, Scale, TableModel } from "../model";
import type { Grid } from "../grid";
import type { Operand } from "./operand";

export interface ComputeOptions extends EngineOptions {
  /**
   * Roles whose non-empty cells the fill will overwrite (forced fill): for those, downstream cells
   * use the engine's result instead of the stated content. Internal to planFill.
   */
  overwrite?: (role: Role) => boolean;
}

// Task kinds (small integers: one byte per cell of the table).
export const NONE = 0;
export const QUARTERS = 1;
export const CAPAIAN = 2;
export const RENSTRA = 3;
export const SISA = 4;
export const EFISIENSI = 5;
export const KATEGORI = 6;
export const KEMAJUAN = 7;
export const SUM = 8;
export const MEAN = 9;
export const PREDIKAT = 10;
/** Rata-rata of a Renja matrix without a capaian Renja column: mean of realisasi / target Renja K × 100. */
export const RENJA_MEAN = 11;

/**
 * Plain operand classes (Computer.plain): a refable number or an empty cell read without an Operand
 * object; GENERAL: anything else (read with Computer.operand).
 */
export const GENERAL = 0;
export const PLAIN_EMPTY = 1;
export const PLAIN_NUM = 2;

/** What a column computes and from which columns (indices into the specs), decided once. */
export interface ColSpec {
  col: ColumnModel;
  letters: string;
  m: Measure;
  /** The kind computed on ordinary rows (NONE when the column is an input or lacks its inputs). */
  regular: number;
  /** Summed over children on parent and total rows. */
  amount: boolean;
  /** A kinerja (K) result: not on total rows. */
  kinerja: boolean;
  /** The template stores this percentage as a fraction with a % format. */
  fraction: boolean;
  /** Input columns of the regular kind. */
  a: number;
  b: number;
  quarters: number[];
  /** Each quarter's scale over this column's (made on first use by ./families/quarters.ts). */
  quarterFactors?: number[];
  /** Efisiensi without a capaian column: [realisasi, target] K columns, capaian computed inline. */
  inline?: [number, number];
  /**
   * A role the table has no column for, computed only as an inline sub-expression of the columns
   * that need it (e.g. the annual realisasi Renja inside a realisasi Renstra s/d formula). Never
   * written, never listed among the computed cells.
   */
  virtual?: boolean;
  scale?: Scale;
  fmtRegular?: string;
  fmtSum: string;
  fmtMean: string;
}

export interface Outcome {
  value: number | string | null;
  formula?: string;
  inputs: string[];
  /**
   * How it was computed: a family builds it only when the computer is describing (else the cell
   * builds it on demand, ./cell.ts); a fixed text may always be given.
   */
  how?: string;
  note?: Message;
}

/**
 * A value per cell (row index i, spec index j), kept column by column, a column's array made on
 * first use: one array of rows × specs would be large (slow to allocate: hundreds of thousands of
 * slots on a large table) and mostly empty (a few columns are computed).
 */
export class CellArray<T> {
  private readonly byCol: (T[] | undefined)[];

  constructor(
    private readonly nRows: number,
    private readonly nCols: number,
  ) {
    this.byCol = new Array(nCols).fill(undefined);
  }

  at(i: number, j: number): T | undefined {
    const col = this.byCol[j];
    return col === undefined ? undefined : col[i];
  }

  put(i: number, j: number, value: T): void {
    (this.byCol[j] ??= new Array(this.nRows))[i] = value;
  }

  /** By cell index (row index × nCols + spec index). */
  get(f: number): T | undefined {
    const j = f % this.nCols;
    return this.at((f - j) / this.nCols, j);
  }

  set(f: number, value: T): void {
    const j = f % this.nCols;
    this.put((f - j) / this.nCols, j, value);
  }
}

/**
 * The rows a SUM / MEAN / PREDIKAT cell reads, by cell index (row index × nCols + spec index).
 */
export type TaskRows = CellArray<number[]>;

/** The scheduler as the formula families see it. */
export interface Computer {
  readonly grid: Grid;
  readonly table: TableModel;
  readonly opts: ComputeOptions;
  readonly rows: RowModel[];
  readonly specs: ColSpec[];
  readonly nCols: number;
  /** SUM / MEAN: the row indices; PREDIKAT: [the rata-rata row index]. */
  readonly taskRows: TaskRows;
  /** RENJA_MEAN cells (and the PREDIKAT cells labelling them): cell index → the mean is a fraction. */
  readonly renjaCells: Map<number, boolean>;
  /** [realisasi_renja K, target_renja K] spec indices when the table has no capaian_renja K column. */
  readonly renjaPair?: [number, number];
  readonly efScale: Scale;
  /**
   * Build `how` texts: false in the normal pass (a cell's `how` is built on demand by running its
   * family again with this set, ./cell.ts).
   */
  readonly describing: boolean;
  /** What row i, spec j holds as far as computation goes: stated content, or the engine's result. */
  operand(i: number, j: number): Operand;
  /** Row i, spec j without an Operand object when plain (GENERAL / PLAIN_EMPTY / PLAIN_NUM). */
  plain(i: number, j: number): number;
  /** The value of the last PLAIN_NUM `plain` answered (plain numbers need no fraction / live flags: the plain paths never read them). */
  readonly plainValue: number;
  /** A1 of row i, spec j (a real column). */
  refAt(i: number, j: number): string;
  polarity(i: number): Polarity;
  /** Flow or stock for row i (annual: the K realisasi_renja spec). */
  aggregation(i: number, annual: ColSpec): { agg: Aggregation; why?: string };
  /** The K realisasi_renja spec (for a row's aggregation), if the table has quarters. */
  annualK(): ColSpec | undefined;
}

export function msg(id: string, en: string): Message {
  return { id, en };
}

export function joinNotes(a: Message | undefined, b: Message | undefined): Message | undefined {
  if (!a) return b;
  if (!b) return a;
  return { id: `${a.id}; ${b.id}`, en: `${a.en}; ${b.en}` };
}

export const QUARTER_LABELS = ["TW I", "TW II", "TW III", "TW IV"];

/** The cells an operand stands for: its own, or the inputs of an inline sub-expression. */
export function refsOf(...ops: Operand[]): string[] {
  const out: string[] = [];
  for (const o of ops) {
    if (o.refs) out.push(...o.refs);
    else out.push(o.ref);
  }
  return out;
}

/**
 * A formula cell without a cached result among cells a SUM / AVERAGE would reference: the engine
 * reads it as empty, a spreadsheet would compute it, so no formula can promise the engine's value.
 */
export function uncached(ops: Operand[]): Message | undefined {
  for (const o of ops) {
    if (o.kind === "empty" && o.live) {
      return msg(`${o.ref} berisi rumus tanpa nilai tersimpan; nilai ditulis, bukan rumus`, `${o.ref} holds a formula without a cached result; the value is written, not a formula`);
    }
  }
  return undefined;
}
