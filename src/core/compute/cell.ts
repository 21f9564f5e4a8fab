/**
 * The engine's computed cell (`ComputedCell`, ../model.ts) as the scheduler makes it: one class, one
 * object shape, and `how` and `inputs` built on demand.
 *
 * `how` ("R / T × 100 = 397 / 400 × 100 = 99.25") is read only where a finding or a note shows it,
 * a few cells of a table, yet building it for every cell (number-to-text conversions, joined
 * strings) was a large part of computing a table. So the formula families skip it in the normal
 * pass (`Computer.describing` is false) and a cell made that way keeps the scheduler that made it:
 * the first read of `how` runs the cell's family again in describing mode (every input is
 * memoised by then, so this is cheap and gives the very text an eager pass gives) and keeps it.
 * Outcomes that cannot be run again (a "circular" cell, rare texts that cost nothing) carry their
 * `how` from the start. `inputs` is kept the same way: a lazily described cell runs its family
 * once more (not describing) on the first read of its inputs; on large tables the input arrays of
 * every cell were a third of the memory computing keeps alive, and most are never read.
 *
 * `how` and `inputs` live on the prototype, so JSON.stringify (through `toJSON`) is the way to copy
 * a cell as plain data; an object spread or structuredClone would lose them.
 */
import type { ComputedCell, Measure, Message, Role } from "../model";

/** Builds a cell's `how` again (the scheduler), by the cell's index in it. */
export interface Describer {
  describe(at: number): string;
  /** A cell's inputs again (its family run once more, not describing). */
  inputsOf(at: number): string[];
}

export class EngineCell implements ComputedCell {
  sheet: string;
  row: number;
  col: number;
  role: Role;
  value: number | string | null;
  measure: Measure | undefined;
  formula: string | undefined;
  note: Message | undefined;
  numberFormat: string | undefined;
  /** `how` once known. */
  private text: string | undefined;
  /** `inputs` once known. */
  private ins: string[] | undefined;
  /** Who builds `how` and `inputs` on demand (undefined when both came with the cell), and the cell's index there. */
  private readonly describer: Describer | undefined;
  private readonly at: number;

  constructor(
    sheet: string,
    row: number,
    col: number,
    role: Role,
    value: number | string | null,
    inputs: string[] | undefined,
    how: string | undefined,
    describer: Describer | undefined,
    at: number,
    measure: Measure | undefined,
    formula: string | undefined,
    note: Message | undefined,
    numberFormat: string | undefined,
  ) {
    this.sheet = sheet;
    this.row = row;
    this.col = col;
    this.role = role;
    this.value = value;
    this.ins = inputs;
    this.measure = measure || undefined;
    this.formula = formula;
    this.note = note || undefined;
    this.numberFormat = numberFormat || undefined;
    this.text = how;
    this.describer = how === undefined || inputs === undefined ? describer : undefined;
    this.at = at;
  }

  get how(): string {
    if (this.text === undefined) this.text = this.describer!.describe(this.at);
    return this.text;
  }

  set how(text: string) {
    this.text = text;
  }

  get inputs(): string[] {
    if (this.ins === undefined) this.ins = this.describer!.inputsOf(this.at);
    return this.ins;
  }

  set inputs(refs: string[]) {
    this.ins = refs;
  }

  /** The plain object of the cell: the fields in the order the engine always gave them, absent ones left out. */
  toJSON(): ComputedCell {
    const c: ComputedCell = { sheet: this.sheet, row: this.row, col: this.col, role: this.role, value: this.value, inputs: this.inputs, how: this.how };
    if (this.measure !== undefined) c.measure = this.measure;
    if (this.formula !== undefined) c.formula = this.formula;
    if (this.note !== undefined) c.note = this.note;
    if (this.numberFormat !== undefined) c.numberFormat = this.numberFormat;
    return c;
  }
}
