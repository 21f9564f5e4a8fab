/**
 * Formula family "parent sums": amounts of parent rows = sum of their children, total rows = sum of
 * the top-level rows (SUM over contiguous ranges or runs, plain + for a few cells).
 */
import type { Message } from "../../model";
import { type Operand, describeOperand } from "../operand";
import { MAX_FORMULA_LENGTH, num, runsOf, runsRef, snap } from "../formulas";
import { type Computer, type Outcome, GENERAL, PLAIN_NUM, msg, uncached } from "../context";

/** What a sum adds up, [Indonesian, English]. */
const TOP_LEVEL = ["baris teratas", "top-level rows"] as const;
const CHILDREN = ["anak", "children"] as const;

export function runSum(c: Computer, i: number, j: number): Outcome {
  const rows = c.taskRows.get(i * c.nCols + j)!;
  const n = rows.length;
  // The usual case first: every child a plain number or an empty cell (no Operand objects).
  const inputs: string[] = new Array(n);
  let value = 0;
  let count = 0;
  let plainOnly = true;
  for (let k = 0; k < n; k++) {
    inputs[k] = c.refAt(rows[k], j);
    const p = c.plain(rows[k], j);
    if (p === PLAIN_NUM) {
      value += c.plainValue;
      count++;
    } else if (p === GENERAL) plainOnly = false;
  }
  if (plainOnly) return sumOf(c, i, j, inputs, value, count, true, true, undefined, undefined);
  return generalSum(c, i, j);
}

/** Any child: text numbers, placeholders, errors, formulas without a cached value. */
function generalSum(c: Computer, i: number, j: number): Outcome {
  const rows = c.taskRows.get(i * c.nCols + j)!;
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
  const unc = uncached(ops);
  if (unc) [refable, note] = [false, note ?? unc];
  return sumOf(c, i, j, inputs, value, count, refable, plain, note, ops);
}

/**
 * The outcome of a sum of `count` amounts (`value`, not yet snapped). `plain`: no child holds
 * anything but a number or nothing; `ops`: the children's operands (undefined: all plain).
 */
function sumOf(
  c: Computer,
  i: number,
  j: number,
  inputs: string[],
  value: number,
  count: number,
  refable: boolean,
  plain: boolean,
  note: Message | undefined,
  ops: Operand[] | undefined,
): Outcome {
  const rows = c.taskRows.get(i * c.nCols + j)!;
  const n = rows.length;
  const what = c.rows[i].level === "total" ? TOP_LEVEL : CHILDREN;
  if (!count) {
    return {
      value: null,
      inputs,
      how: `sum of ${what[1]}: none has an amount`,
      note: msg(`Tidak ada ${what[0]} yang berisi nilai`, `None of the ${what[1]} holds an amount`),
    };
  }
  value = snap(value);
  let formula: string | undefined;
  if (refable) {
    let contiguous = n > 1;
    for (let k = 1; k < n && contiguous; k++) if (c.rows[rows[k]].row !== c.rows[rows[k - 1]].row + 1) contiguous = false;
    if (n === 1) formula = plain ? inputs[0] : `SUM(${inputs[0]})`;
    else if (contiguous) formula = `SUM(${inputs[0]}:${inputs[inputs.length - 1]})`;
    else if (plain && n <= 30) formula = inputs.join("+");
    else {
      const sorted = rows.map((k) => c.rows[k].row).sort((x, y) => x - y);
      formula = runsOf(sorted).length > 255 ? undefined : `SUM(${runsRef(c.specs[j].letters, sorted)})`;
    }
    if (formula === undefined || formula.length > MAX_FORMULA_LENGTH) {
      formula = undefined;
      note = msg(`Terlalu banyak ${what[0]} untuk satu rumus; nilai ditulis`, `Too many ${what[1]} for one formula; the value is written`);
    }
  }
  return { value, formula, inputs, how: c.describing ? sumHow(c, i, j, value, count, ops) : undefined, note };
}

/** "sum of children: 1 + 2 + 3 = 6" (the amounts shown when there are at most six). */
function sumHow(c: Computer, i: number, j: number, value: number, count: number, ops: Operand[] | undefined): string {
  const rows = c.taskRows.get(i * c.nCols + j)!;
  const what = c.rows[i].level === "total" ? TOP_LEVEL : CHILDREN;
  let shown = `${count} amounts`;
  if (count <= 6) {
    shown = "";
    for (let k = 0; k < rows.length; k++) {
      let v: number;
      if (ops) {
        if (ops[k].kind !== "num") continue;
        v = ops[k].value ?? 0;
      } else {
        if (c.plain(rows[k], j) !== PLAIN_NUM) continue;
        v = c.plainValue;
      }
      shown += (shown === "" ? "" : " + ") + num(v);
    }
  }
  return `sum of ${what[1]}: ${shown} = ${num(value)}`;
}
