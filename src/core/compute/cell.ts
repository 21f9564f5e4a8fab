/**
 * The engine's computed cell (`ComputedCell`, ../model.ts) as the scheduler makes it: one class, one
 * small object shape, and everything that can be derived again derived on read.
 *
 * A large table has about eleven computed cells per row, all kept alive from compute to the write
 * plan, so the size of this object is most of what computing keeps in memory, and on 50,000-row
 * tables the garbage collector's copying of it was the largest part of computing. So a cell holds
 * only its row, column, role, value and formula, its place in the scheduler that made it (`owner`,
 * `at`) and, for the few cells that need them, extras (`x`). The rest is read from the owner:
 *  - `sheet`, `measure`, `numberFormat`: the table's and the column's (the same for every
 *    cell of a column, or decided by the cell's kind);
 *  - `how` ("R / T × 100 = 397 / 400 × 100 = 99.25"), read only where a finding or a note shows it:
 *    the first read runs the cell's family again in describing mode (every input is memoised by
 *    then, so this is cheap and gives the very text an eager pass gives) and keeps it;
 *  - `inputs`: the same, the family run once more (not describing) on the first read.
 * Outcomes that cannot be run again (a "circular" cell, rare texts that cost nothing) carry their
 * `how` and `inputs` from the start, in `x`, with a cell's note and an unusual number format.
 *
 * The derived fields live on the prototype, so JSON.stringify (through `toJSON`) is the way to copy
 * a cell as plain data; an object spread or structuredClone would lose them.
 */
import type { ComputedCell, Measure, Message, Role } from "../model";

/** What a cell reads from the scheduler that made it, by the cell's index there. */
export interface CellOwner {
  readonly table: { readonly sheet: string };
  measureOf(at: number): Measure | undefined;
  /** The number format of a cell with a number value (undefined: General). */
  formatOf(at: number): string | undefined;
  /** Builds a cell's `how` again. */
  describe(at: number): string;
  /** A cell's inputs again (its family run once more, not describing). */
  inputsOf(at: number): string[];
}

/** What few cells carry beyond the common shape. */
interface Extras {
  how?: string;
  inputs?: string[];
  note?: Message;
  /** Set when the cell's number format is not the one its owner derives (`fmtSet`). */
  fmt?: string;
  fmtSet?: boolean;
}

export class EngineCell implements ComputedCell {
  /** Sheet row and column (zero-based): read for every cell by every later stage, so kept. */
  readonly row: number;
  readonly col: number;
  /** The cell's role, read as often (kept too). */
  readonly role: Role;
  value: number | string | null;
  formula: string | undefined;
  private readonly owner: CellOwner;
  private readonly at: number;
  private x: Extras | undefined;

  constructor(
    owner: CellOwner,
    at: number,
    row: number,
    col: number,
    role: Role,
    value: number | string | null,
    formula: string | undefined,
    /** Given only for a cell whose `how` cannot be built again; then `inputs` comes with it. */
    how: string | undefined,
    inputs: string[] | undefined,
    note: Message | undefined,
  ) {
    this.row = row;
    this.col = col;
    this.role = role;
    this.value = value;
    this.formula = formula;
    this.owner = owner;
    this.at = at;
    this.x = how !== undefined || note ? { how, inputs: how === undefined ? undefined : inputs, note: note || undefined } : undefined;
  }

  get sheet(): string {
    return this.owner.table.sheet;
  }

  get measure(): Measure | undefined {
    return this.owner.measureOf(this.at);
  }

  get numberFormat(): string | undefined {
    const x = this.x;
    if (x?.fmtSet) return x.fmt;
    return typeof this.value === "number" ? this.owner.formatOf(this.at) || undefined : undefined;
  }

  set numberFormat(fmt: string | undefined) {
    const x = (this.x ??= {});
    x.fmt = fmt;
    x.fmtSet = true;
  }

  get note(): Message | undefined {
    return this.x?.note;
  }

  set note(note: Message | undefined) {
    (this.x ??= {}).note = note;
  }

  get how(): string {
    const x = (this.x ??= {});
    if (x.how === undefined) x.how = this.owner.describe(this.at);
    return x.how;
  }

  set how(text: string) {
    (this.x ??= {}).how = text;
  }

  get inputs(): string[] {
    const x = (this.x ??= {});
    if (x.inputs === undefined) x.inputs = this.owner.inputsOf(this.at);
    return x.inputs;
  }

  set inputs(refs: string[]) {
    (this.x ??= {}).inputs = refs;
  }

  /** The plain object of the cell: the fields in the order the engine always gave them, absent ones left out. */
  toJSON(): ComputedCell {
    const c: ComputedCell = { sheet: this.sheet, row: this.row, col: this.col, role: this.role, value: this.value, inputs: this.inputs, how: this.how };
    const measure = this.measure;
    if (measure !== undefined) c.measure = measure;
    if (this.formula !== undefined) c.formula = this.formula;
    const note = this.note;
    if (note !== undefined) c.note = note;
    const fmt = this.numberFormat;
    if (fmt !== undefined) c.numberFormat = fmt;
    return c;
  }
}
