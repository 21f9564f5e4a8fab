/**
 * When the engine's unchained value of a cell (`TableCtx.pureAt`: every computed cell read as the
 * engine's result, never as its stated content) is, provably, the chained value the audit already
 * has (its ComputedCell), so that the second computation of the table can be skipped.
 *
 * The two computations of a table differ only where a cell is read: compute reads a non-empty
 * cell as its stated content, except (unchained) a cell of a computed role with a task, which it
 * reads as its result — and even then as its stated content when that result is empty
 * (value null). So the unchained value of X equals the chained one when every cell X reads,
 * directly or through the results it reads, is
 *  - a cell without a task (no ComputedCell): read as stated in both; or
 *  - a cell with a task whose own reads pass this test, and that is either empty (read as its
 *    result in both, the same result), or of a role that is not computed (read as stated in both),
 *    or whose result is null (unchained: the result is null, so the stated content is read).
 * A cell of a computed role that is not empty and whose result is a number or a label fails: it
 * is exactly where the two computations may part.
 *
 * What a result reads is taken from its `inputs` (compute lists every operand it reads; a virtual
 * column's reads stand in for it). The one reading that reads a cell it does not list, realisasi
 * Renstra as a stock (s/d tahun lalu is read but not used), fails the test, and so does a cycle,
 * a reference that is no plain same-sheet cell, and a table with two columns at one sheet column.
 * Like every rule, this takes `computed` to be compute's output for the same book and options.
 */
import type { ComputedCell } from "../model";
import { readA1 } from "../grid";
import { COMPUTED_ROLES } from "../domain";
import type { TableCtx } from "./context";

const UNKNOWN = 0;
const VISITING = 1;
const SAME = 2;
const DIFFERENT = 3;

/** Deeper chains of results than this are not followed (the answer is then "not proven"). */
const MAX_DEPTH = 400;

/** Per table: the verdict per cell (row * 16384 + col), made on first need. */
export class UnchainedCheck {
  private readonly state = new Map<number, number>();
  private readonly at = { r: 0, c: 0 };

  constructor(private readonly ctx: TableCtx) {}

  /** The unchained value of `cc`'s cell is provably `cc`'s own (same value, same number format). */
  same(cc: ComputedCell): boolean {
    if (this.ctx.colByCol.size !== this.ctx.table.columns.length) return false;
    return this.visit(cc, 0);
  }

  private visit(cc: ComputedCell, depth: number): boolean {
    const key = cc.row * 16384 + cc.col;
    const s = this.state.get(key) ?? UNKNOWN;
    if (s === SAME) return true;
    if (s !== UNKNOWN) return false; // DIFFERENT, or VISITING: a cycle
    if (depth > MAX_DEPTH || cc.role === "realisasi_renstra") {
      this.state.set(key, DIFFERENT);
      return false;
    }
    this.state.set(key, VISITING);
    const ok = this.inputsSame(cc, depth);
    this.state.set(key, ok ? SAME : DIFFERENT);
    return ok;
  }

  private inputsSame(cc: ComputedCell, depth: number): boolean {
    const { ctx, at } = this;
    const grid = ctx.grid;
    const inputs = cc.inputs;
    for (let k = 0; k < inputs.length; k++) {
      if (!readA1(inputs[k], at)) return false;
      const r = at.r;
      const c = at.c;
      const input = ctx.computedCell(r, c);
      if (input === undefined) continue; // no task: read as stated by both
      // A computed role's stated content (not empty) is where the two readings part, unless its
      // result is null (then both read the stated content).
      if (input.value !== null && COMPUTED_ROLES.has(input.role) && !grid.isEmpty(r, c)) return false;
      if (!this.visit(input, depth + 1)) return false;
    }
    return true;
  }
}
