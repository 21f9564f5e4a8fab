/**
 * Formula family "Renstra cumulative": realisasi Renstra s/d tahun ini = s/d tahun lalu + this
 * year's realisasi (K stocks: this year's value; no earlier realisation: this year's alone).
 */
import { describeOperand } from "../operand";
import { num, snap, term } from "../formulas";
import { type ColSpec, type Computer, type Outcome, joinNotes, msg, refsOf } from "../context";

export function runRenstra(c: Computer, i: number, spec: ColSpec): Outcome {
  const renja = c.operand(i, spec.a);
  const lalu = c.operand(i, spec.b);
  const target = spec.col.scale ?? 1;
  const fr = renja.scale / target;
  const fl = lalu.scale / target;
  const inputs = refsOf(lalu, renja);
  if (renja.kind !== "num") {
    const d = describeOperand(renja);
    return {
      value: null,
      inputs,
      how: "realisasi Renja not available",
      note: msg(`Realisasi tahun ini belum tersedia: ${d.id}`, `This year's realisation not available: ${d.en}`),
    };
  }
  const rv = (renja.value ?? 0) * fr;
  const annual = c.annualK();
  if (spec.m === "k" && (annual ? c.aggregation(i, annual).agg : c.rows[i].aggregation) === "stock") {
    const value = snap(rv);
    return {
      value,
      formula: renja.refable ? term(renja.ref, fr) : undefined,
      inputs: refsOf(renja),
      how: `stock: realisasi Renstra = this year's realisation = ${num(value)}`,
      note: renja.refable ? undefined : renja.why,
    };
  }
  if (lalu.kind === "error") return { value: null, inputs, how: "error", note: describeOperand(lalu) };
  if (lalu.kind === "num") {
    const value = snap((lalu.value ?? 0) * fl + rv);
    const refable = lalu.refable && renja.refable;
    return {
      value,
      formula: refable ? `${term(lalu.ref, fl)}+${term(renja.ref, fr)}` : undefined,
      inputs,
      how: `s/d tahun lalu + tahun ini = ${num((lalu.value ?? 0) * fl)} + ${num(rv)} = ${num(value)}`,
      note: refable ? undefined : !lalu.refable ? lalu.why : renja.why,
    };
  }
  // No earlier realisation stated: the cumulative value is this year's (SUM ignores "-").
  const value = snap(rv);
  const d = describeOperand(lalu);
  const formula = fl === 1 && fr === 1 ? `SUM(${lalu.ref},${renja.ref})` : `${term(`N(${lalu.ref})`, fl)}+${term(renja.ref, fr)}`;
  return {
    value,
    formula: renja.refable ? formula : undefined,
    inputs,
    how: `s/d tahun lalu (none) + tahun ini = ${num(value)}`,
    note: joinNotes(
      msg(`Realisasi s/d tahun lalu tidak ada (${d.id}); dihitung dari realisasi tahun ini saja`, `No earlier realisation (${d.en}); computed from this year's only`),
      renja.refable ? undefined : renja.why,
    ),
  };
}
