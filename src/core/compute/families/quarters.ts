/**
 * Formula family "annual realisasi": realisasi Renja from the quarters. Rp and K flows: the sum
 * (SUM, or N() terms when column scales differ); K stocks: the last reported quarter (nested
 * IF(ISNUMBER)). Flow or stock: the row's override, else the rule that reproduces a stated annual
 * value, else recognition's.
 */
import type { Aggregation, Message } from "../../model";
import { type Operand, describeOperand } from "../operand";
import { num, snap, term } from "../formulas";
import { type ColSpec, type Computer, type Outcome, GENERAL, PLAIN_NUM, QUARTER_LABELS, msg, uncached } from "../context";

export function runQuarters(c: Computer, i: number, spec: ColSpec): Outcome {
  const qs = spec.quarters;
  // The usual case first: every quarter a plain number or an empty cell (no Operand objects).
  const inputs: string[] = new Array(qs.length);
  const values: (number | undefined)[] = new Array(qs.length);
  for (let k = 0; k < qs.length; k++) {
    const p = c.plain(i, qs[k]);
    if (p === GENERAL) return generalQuarters(c, i, spec);
    inputs[k] = c.refAt(i, qs[k]);
    values[k] = p === PLAIN_NUM ? c.plainValue : undefined;
  }
  return quartersOf(c, i, spec, inputs, values, undefined);
}

/** Any quarter: text numbers, placeholders, errors, formulas without a cached value. */
function generalQuarters(c: Computer, i: number, spec: ColSpec): Outcome {
  const ops = spec.quarters.map((q) => c.operand(i, q));
  const inputs = ops.map((o) => o.ref);
  const bad = ops.find((o) => o.kind === "error");
  if (bad) return { value: null, inputs, how: "quarters", note: describeOperand(bad) };
  return quartersOf(
    c,
    i,
    spec,
    inputs,
    ops.map((o) => (o.kind === "num" ? (o.value ?? 0) : undefined)),
    ops,
  );
}

/** Rp amounts always flow. */
const RP_FLOW: { readonly agg: Aggregation; readonly why?: string } = { agg: "flow", why: undefined };

/**
 * The annual value from the quarters' numbers (`values`, undefined where a quarter holds no
 * number); `ops`: the quarters' operands (undefined: all plain numbers or empty cells).
 */
function quartersOf(c: Computer, i: number, spec: ColSpec, inputs: string[], values: (number | undefined)[], ops: Operand[] | undefined): Outcome {
  const qs = spec.quarters;
  const target = spec.col.scale ?? 1;
  let count = 0;
  for (const v of values) if (v !== undefined) count++;
  if (!count) {
    return {
      value: null,
      inputs,
      how: "no quarter reported",
      note: msg("Realisasi triwulan belum tersedia", "No quarterly realisation reported yet"),
    };
  }
  const agg = spec.m === "rp" ? RP_FLOW : c.aggregation(i, spec);
  const factors = (spec.quarterFactors ??= qs.map((q) => (c.specs[q].col.scale ?? 1) / target));
  let unscaled = true;
  for (const f of factors) if (f !== 1) unscaled = false;
  if (agg.agg === "flow") {
    let value = 0;
    let refable = true;
    let note: Message | undefined;
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (v === undefined) continue;
      value += v * factors[k];
      if (ops && !ops[k].refable) {
        refable = false;
        note ??= ops[k].why;
      }
    }
    value = snap(value);
    const unc = ops && uncached(ops);
    if (unc) [refable, note] = [false, note ?? unc];
    let formula: string | undefined;
    if (refable) {
      formula = unscaled ? `SUM(${inputs.join(",")})` : inputs.map((ref, k) => term(`N(${ref})`, factors[k])).join("+");
    }
    return { value, formula, inputs, how: c.describing ? flowHow(c, spec, agg.why, values, value) : undefined, note };
  }
  // Stock: the last reported quarter.
  let k = values.length - 1;
  while (values[k] === undefined) k--;
  const value = snap(values[k]! * factors[k]);
  const pickRefable = !ops || ops[k].refable;
  let formula: string | undefined;
  const later = ops && uncached(ops.slice(k + 1));
  if (pickRefable && !later) {
    let expr = term(inputs[0], factors[0]);
    for (let q = 1; q < inputs.length; q++) expr = `IF(ISNUMBER(${inputs[q]}),${term(inputs[q], factors[q])},${expr})`;
    formula = expr;
  }
  let how: string | undefined;
  if (c.describing) {
    const why = agg.why === "override" ? "stock (chosen)" : agg.why === "stated" ? "stock (reproduces the stated annual value)" : "stock";
    how = `${why}: last reported quarter ${quarterLabel(c, qs, k)} = ${num(value)}`;
  }
  return { value, formula, inputs, how, note: pickRefable ? later : ops![k].why };
}

/** "flow: TW I + TW II = 10 + 20 = 30" over the quarters that hold a number. */
function flowHow(c: Computer, spec: ColSpec, aggWhy: string | undefined, values: (number | undefined)[], value: number): string {
  const parts: string[] = [];
  const shown: string[] = [];
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v === undefined) continue;
    parts.push(quarterLabel(c, spec.quarters, k));
    shown.push(num(v));
  }
  const why = spec.m === "rp" ? "Rp" : aggWhy === "override" ? "flow (chosen)" : aggWhy === "stated" ? "flow (reproduces the stated annual value)" : "flow";
  return `${why}: ${parts.join(" + ")} = ${shown.join(" + ")} = ${num(value)}`;
}

/** "TW II" for the k-th quarter column of `qs` (spec indices). */
function quarterLabel(c: Computer, qs: number[], k: number): string {
  return QUARTER_LABELS[(c.specs[qs[k]].col.quarter ?? k + 1) - 1];
}
