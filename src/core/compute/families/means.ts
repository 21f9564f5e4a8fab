/**
 * Formula family "rata-rata": the mean capaian of a "Rata-rata capaian kinerja" row (AVERAGE over
 * the program-level, else leaf, rows), and the Renja rata-rata without a capaian Renja column
 * (the mean of realisasi / target Renja K × 100 as one formula).
 */
import type { Message } from "../../model";
import { isPercentFormat } from "../../domain/formats";
import { describeOperand } from "../operand";
import { MAX_FORMULA_LENGTH, num, runsOf, runsRef, snap } from "../formulas";
import { type Computer, type Outcome, joinNotes, msg, uncached } from "../context";
import { ratio } from "./ratio";

export function runMean(c: Computer, i: number, j: number): Outcome {
  const rows = c.taskRows.get(i * c.nCols + j)!;
  const spec = c.specs[j];
  const ops = rows.map((k) => c.operand(k, j));
  const inputs = ops.map((o) => o.ref);
  let sum = 0;
  let count = 0;
  let refable = true;
  let note: Message | undefined;
  for (const o of ops) {
    if (o.kind === "num") {
      sum += o.value ?? 0;
      count++;
      if (!o.refable) {
        refable = false;
        note ??= o.why;
      }
    } else if (o.kind === "error") {
      refable = false;
      note ??= describeOperand(o);
    }
  }
  if (!count) {
    return { value: null, inputs, how: "mean: no capaian available", note: msg("Belum ada capaian yang dapat dirata-ratakan", "No capaian available to average") };
  }
  const value = snap(sum / count);
  const unc = uncached(ops);
  if (unc) [refable, note] = [false, note ?? unc];
  let formula: string | undefined;
  if (refable) {
    const sorted = rows.map((k) => c.rows[k].row).sort((x, y) => x - y);
    const runs = runsOf(sorted);
    formula = `AVERAGE(${runsRef(spec.letters, sorted)})`;
    if (runs.length > 255 || formula.length > MAX_FORMULA_LENGTH) {
      formula = undefined;
      note = msg("Terlalu banyak baris untuk satu rumus; nilai ditulis", "Too many rows for one formula; the value is written");
    }
  }
  const skipped = ops.length - count;
  if (skipped) {
    note = joinNotes(note, msg(`${skipped} baris tanpa capaian tidak ikut dirata-ratakan`, `${skipped} rows without a capaian are left out of the mean`));
  }
  return { value, formula, inputs, how: c.describing ? `mean of ${count} capaian = ${num(sum)} / ${count} = ${num(value)}` : undefined, note };
}


/** The number format of a Renja rata-rata cell: the template's own when it fits, else 0.00 (or 0.00%). */
export function renjaFormat(c: Computer, i: number, j: number): string {
  const fraction = c.renjaCells.get(i * c.nCols + j) ?? false;
  const fmt = c.grid.get(c.rows[i].row, c.specs[j].col.col)?.fmt;
  if (fmt && fmt !== "General" && isPercentFormat(fmt) === fraction && /0/.test(fmt)) return fmt;
  return fraction ? "0.00%" : "0.00";
}

/**
 * Rata-rata of a Renja matrix without a capaian Renja column: the mean of each averaged row's
 * capaian Renja K (realisasi / target × 100, with the row's polarity), as one formula
 * `=(W13/H13*100+W18/H18*100+…)/n` over the rows that have a capaian (plain arithmetic, the same
 * in Excel and LibreOffice), else the value with a note.
 */
export function runRenjaMean(c: Computer, i: number, j: number): Outcome {
  const f = i * c.nCols + j;
  const rows = c.taskRows.get(f)!;
  const [ra, ta] = c.renjaPair!;
  const fraction = c.renjaCells.get(f) ?? false;
  const inputs: string[] = [];
  const parts: string[] = [];
  const shown: string[] = [];
  let sum = 0;
  let count = 0;
  let refable = true;
  let note: Message | undefined;
  let skipped = 0;
  for (const k of rows) {
    const q = ratio(c, c.operand(k, ra), c.operand(k, ta), c.polarity(k), fraction, ["R", "T"]);
    inputs.push(...q.inputs);
    if (typeof q.value !== "number") {
      skipped++;
      continue;
    }
    sum += q.value;
    count++;
    if (c.describing) shown.push(num(fraction ? q.value * 100 : q.value));
    if (q.formula === undefined) {
      refable = false;
      note ??= q.note ?? msg(`${q.inputs.join(", ")}: nilai ditulis, bukan rumus`, `${q.inputs.join(", ")}: the value is written, not a formula`);
    } else parts.push(q.formula);
  }
  const what = "capaian Renja K (realisasi Renja K / target Renja K × 100)";
  if (!count) {
    return { value: null, inputs, how: `mean of ${what}: none available`, note: msg("Belum ada capaian Renja yang dapat dirata-ratakan", "No capaian Renja available to average") };
  }
  const value = snap(sum / count);
  let formula: string | undefined;
  if (refable) {
    formula = count === 1 ? parts[0] : `(${parts.join("+")})/${count}`;
    if (formula.length > MAX_FORMULA_LENGTH) {
      formula = undefined;
      note = msg("Terlalu banyak baris untuk satu rumus; nilai ditulis", "Too many rows for one formula; the value is written");
    }
  }
  if (skipped) {
    note = joinNotes(note, msg(`${skipped} baris tanpa capaian tidak ikut dirata-ratakan`, `${skipped} rows without a capaian are left out of the mean`));
  }
  let how: string | undefined;
  if (c.describing) {
    const total = num(fraction ? sum * 100 : sum);
    const shownAll = count <= 8 ? shown.join(" + ") : `${count} capaian`;
    how = `mean of ${count} ${what} = (${shownAll}) / ${count} = ${total} / ${count} = ${fraction ? `${num(value * 100)} %` : num(value)}`;
  }
  return { value, formula, inputs, how, note };
}
