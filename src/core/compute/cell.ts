/**
 * The engine's computed cell (`ComputedCell`, ../model.ts) as the scheduler makes it: one class, one
 * object shape, and `how` built on demand.
 *
 * `how` ("R / T × 100 = 397 / 400 × 100 = 99.25") is read only where a finding or a note shows it,
 * a few cells of a table, yet building it for every cell (number-to-text conversions, joined
 * strings) was a large part of computing a table. So the formula families skip it in the normal
 * pass (`Computer.describing` is false) and a cell made that way keeps the scheduler that made it:
 * the first read of `how` runs the cell's family again in describing mode (every input is
 * memoised by then, so this is cheap and gives the very text an eager pass gives) and keeps it.
 * Outcomes that cannot be run again (a "circular" cell, rare texts that cost nothing) carry their
 * `how` from the start.
 *
 * `how` lives on the prototype, so JSON.stringify (through `toJSON`) is the way to copy a cell as
 * plain data; an object spread or structuredClone would lose `how`.
 */
import type { ComputedCell, Measure, Message, Role } from "../model";

/** Builds a cell's `how` again (the scheduler), by the cell's index in it. */
export interface Describer {
  describe(at: number): string;
}

export class EngineCell implements ComputedCell {
  sheet: string;
  row: number;
  col: number;
  role: Role;
  value: number | string | null;
  inputs: string[];
  measure: Measure | undefined;
  formula: string | undefined;
  note: Message | undefined;
  numberFormat: string | undefined;
  /** `how` once known. */
  private text: string | undefined;
  /** Who builds `how` on demand (undefined once `text` is known), and the cell's index there. */
  private describer: Describer | undefined;
  private readonly at: number;

  constructor(
    sheet: string,
    row: number,
    col: number,
    role: Role,
    value: number | string | null,
    inputs: string[],
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
    this.inputs = inputs;
    this.measure = measure || undefined;
    this.formula = formula;
    this.note = note || undefined;
    this.numberFormat = numberFormat || undefined;
    this.text = how;
    this.describer = how === undefined ? describer : undefined;
    this.at = at;
  }

  get how(): string {
    if (this.text === undefined) {
      this.text = this.describer!.describe(this.at);
      this.describer = undefined;
    }
    return this.text;
  }

  set how(text: string) {
    this.text = text;
    this.describer = undefined;
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
