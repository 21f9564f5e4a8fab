/**
 * Formula family "annual realisasi": realisasi Renja from the quarters. Rp and K flows: the sum
 * (SUM, or N() terms when column scales differ); K stocks: the last reported quarter (nested
 * IF(ISNUMBER)). Flow or stock: the row's override, else the rule that reproduces a stated annual
 * value, else recognition's.
 */
import type { Aggregation, Message } from "../../model";
import { describeOperand } from "../operand";
import { num, snap, term } from "../formulas";
import { type ColSpec, type Computer, type Outcome, QUARTER_LABELS, msg, uncached } from "../context";

export function runQuarters(c: Computer, i: number, spec: ColSpec): Outcome {
  const qs = spec.quarters;
  const ops = qs.map((q) => c.operand(i, q));
  const inputs = ops.map((o) => o.ref);
  const target = spec.col.scale ?? 1;
  const bad = ops.find((o) => o.kind === "error");
  if (bad) return { value: null, inputs, how: "quarters", note: describeOperand(bad) };
  const label = (k: number): string => QUARTER_LABELS[(c.specs[qs[k]].col.quarter ?? k + 1) - 1];
  let count = 0;
  for (const o of ops) if (o.kind === "num") count++;
  if (!count) {
    return {
      value: null,
      inputs,
      how: "no quarter reported",
      note: msg("Realisasi triwulan belum tersedia", "No quarterly realisation reported yet"),
    };
  }
  const agg = spec.m === "rp" ? { agg: "flow" as Aggregation, why: undefined } : c.aggregation(i, spec);
  const factors = ops.map((o) => o.scale / target);
  if (agg.agg === "flow") {
    let value = 0;
    let refable = true;
    let note: Message | undefined;
    const parts: string[] = [];
    const shown: string[] = [];
    ops.forEach((o, k) => {
      if (o.kind !== "num") return;
      value += (o.value ?? 0) * factors[k];
      if (!o.refable) {
        refable = false;
        note ??= o.why;
      }
      parts.push(label(k));
      shown.push(num(o.value ?? 0));
    });
    value = snap(value);
    const unc = uncached(ops);
    if (unc) [refable, note] = [false, note ?? unc];
    let formula: string | undefined;
    if (refable) {
      formula = factors.every((x) => x === 1) ? `SUM(${inputs.join(",")})` : ops.map((o, k) => term(`N(${o.ref})`, factors[k])).join("+");
    }
    const why = spec.m === "rp" ? "Rp" : agg.why === "override" ? "flow (chosen)" : agg.why === "stated" ? "flow (reproduces the stated annual value)" : "flow";
    return { value, formula, inputs, how: `${why}: ${parts.join(" + ")} = ${shown.join(" + ")} = ${num(value)}`, note };
  }
  // Stock: the last reported quarter.
  let k = ops.length - 1;
  while (ops[k].kind !== "num") k--;
  const pick = ops[k];
  const value = snap((pick.value ?? 0) * factors[k]);
  let formula: string | undefined;
  const later = uncached(ops.slice(k + 1));
  if (pick.refable && !later) {
    let expr = term(ops[0].ref, factors[0]);
    for (let q = 1; q < ops.length; q++) expr = `IF(ISNUMBER(${ops[q].ref}),${term(ops[q].ref, factors[q])},${expr})`;
    formula = expr;
  }
  const why = agg.why === "override" ? "stock (chosen)" : agg.why === "stated" ? "stock (reproduces the stated annual value)" : "stock";
  return { value, formula, inputs, how: `${why}: last reported quarter ${label(k)} = ${num(value)}`, note: pick.refable ? later : pick.why };
}
