/**
 * Formula family "parent sums": amounts of parent rows = sum of their children, total rows = sum of
 * the top-level rows (SUM over contiguous ranges or runs, plain + for a few cells).
 */
import type { Message } from "../../model";
import { describeOperand } from "../operand";
import { MAX_FORMULA_LENGTH, num, runsOf, runsRef, snap } from "../formulas";
import { type Computer, type Outcome, msg, uncached } from "../context";

export function runSum(c: Computer, i: number, j: number): Outcome {
  const rows = c.taskRows.get(i * c.nCols + j)!;
  const spec = c.specs[j];
  const ops = rows.map((k) => c.operand(k, j));
  const inputs = ops.map((o) => o.ref);
  const bad = ops.find((o) => o.kind === "error");
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
    const sheetRows = rows.map((k) => c.rows[k].row);
    const contiguous = sheetRows.length > 1 && sheetRows.every((r, k) => k === 0 || r === sheetRows[k - 1] + 1);
    if (sheetRows.length === 1) formula = plain ? inputs[0] : `SUM(${inputs[0]})`;
    else if (contiguous) formula = `SUM(${inputs[0]}:${inputs[inputs.length - 1]})`;
    else if (plain && sheetRows.length <= 30) formula = inputs.join("+");
    else {
      const sorted = [...sheetRows].sort((x, y) => x - y);
      formula = runsOf(sorted).length > 255 ? undefined : `SUM(${runsRef(spec.letters, sorted)})`;
    }
    if (formula === undefined || formula.length > MAX_FORMULA_LENGTH) {
      formula = undefined;
      note = msg(`Terlalu banyak ${what[0]} untuk satu rumus; nilai ditulis`, `Too many ${what[1]} for one formula; the value is written`);
    }
  }
  const shown = count <= 6 ? ops.filter((o) => o.kind === "num").map((o) => num(o.value ?? 0)).join(" + ") : `${count} amounts`;
  return { value, formula, inputs, how: `sum of ${what[1]}: ${shown} = ${num(value)}`, note };
}
