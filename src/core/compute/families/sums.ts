/**
 * Formula family "parent sums": amounts of parent rows = sum of their children, total rows = sum of
 * the top-level rows (SUM over contiguous ranges or runs, plain + for a few cells).
 */
import type { Message } from "../../model";
import { type Operand, describeOperand } from "../operand";
import { MAX_FORMULA_LENGTH, num, runsOf, runsRef, snap } from "../formulas";
import { type Computer, type Outcome, msg, uncached } from "../context";

export function runSum(c: Computer, i: number, j: number): Outcome {
  const rows = c.taskRows.get(i * c.nCols + j)!;
  const spec = c.specs[j];
  const n = rows.length;
  const ops: Operand[] = new Array(n);
  const inputs: string[] = new Array(n);
  let bad: Operand | undefined;
  for (let k = 0; k < n; k++) {
    const o = c.operand(rows[k], j);
    ops[k] = o;
    inputs[k] = o.ref;
    if (bad === undefined && o.kind === "error") bad = o;
  }
  if (bad) return { value: null, inputs, how: "sum of children", note: describeOperand(bad) };
  const what = c.rows[i].level === "total" ? ["baris teratas", "top-level rows"] : ["anak", "children"];
  let value = 0;
  let count = 0;
  let refable = true;
  let plain = true;
  let note: Message | undefined;
  for (const o of ops) {
    if (o.kind === "num") {
      value += o.value ?? 0;
      count++;
      if (!o.refable) {
        refable = false;
        note ??= o.why;
      }
    } else if (o.kind !== "empty" && o.kind !== "missing") plain = false;
  }
  if (!count) {
    return {
      value: null,
      inputs,
      how: `sum of ${what[1]}: none has an amount`,
      note: msg(`Tidak ada ${what[0]} yang berisi nilai`, `None of the ${what[1]} holds an amount`),
    };
  }
  value = snap(value);
  const unc = uncached(ops);
  if (unc) [refable, note] = [false, note ?? unc];
  let formula: string | undefined;
  if (refable) {
    const sheetRows: number[] = new Array(n);
    let contiguous = n > 1;
    for (let k = 0; k < n; k++) {
      const r = c.rows[rows[k]].row;
      sheetRows[k] = r;
      if (k > 0 && r !== sheetRows[k - 1] + 1) contiguous = false;
    }
    if (sheetRows.length === 1) formula = plain ? inputs[0] : `SUM(${inputs[0]})`;
    else if (contiguous) formula = `SUM(${inputs[0]}:${inputs[inputs.length - 1]})`;
    else if (plain && sheetRows.length <= 30) formula = inputs.join("+");
    else {
      const sorted = sheetRows.sort((x, y) => x - y);
      formula = runsOf(sorted).length > 255 ? undefined : `SUM(${runsRef(spec.letters, sorted)})`;
    }
    if (formula === undefined || formula.length > MAX_FORMULA_LENGTH) {
      formula = undefined;
      note = msg(`Terlalu banyak ${what[0]} untuk satu rumus; nilai ditulis`, `Too many ${what[1]} for one formula; the value is written`);
    }
  }
  let shown = `${count} amounts`;
  if (count <= 6) {
    shown = "";
    for (const o of ops) if (o.kind === "num") shown += (shown === "" ? "" : " + ") + num(o.value ?? 0);
  }
  return { value, formula, inputs, how: `sum of ${what[1]}: ${shown} = ${num(value)}`, note };
}
