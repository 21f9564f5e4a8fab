/**
 * Formula family "sisa anggaran": pagu − realisasi anggaran, column scales applied (penyerapan,
 * realisasi anggaran / pagu × 100, is a ratio: ./ratio.ts).
 */
import { type Operand, describeOperand } from "../operand";
import { num, snap, term } from "../formulas";
import { type ColSpec, type Computer, type Outcome, msg, refsOf } from "../context";

export function runSisa(c: Computer, i: number, spec: ColSpec): Outcome {
  const P = c.operand(i, spec.a);
  const RA = c.operand(i, spec.b);
  const inputs = refsOf(P, RA);
  for (const [o, name] of [
    [P, "Pagu"],
    [RA, "Realisasi anggaran"],
  ] as Array<[Operand, string]>) {
    if (o.kind !== "num") {
      const d = describeOperand(o);
      return { value: null, inputs, how: `${name} not available`, note: msg(`${name} belum tersedia: ${d.id}`, `${name} not available: ${d.en}`) };
    }
  }
  const target = spec.col.scale ?? 1;
  const fp = P.scale / target;
  const fa = RA.scale / target;
  const value = snap((P.value ?? 0) * fp - (RA.value ?? 0) * fa);
  const refable = P.refable && RA.refable;
  return {
    value,
    formula: refable ? `${term(P.ref, fp)}-${term(RA.ref, fa)}` : undefined,
    inputs,
    how: c.describing ? `P − RA = ${num((P.value ?? 0) * fp)} − ${num((RA.value ?? 0) * fa)} = ${num(value)}` : undefined,
    note: refable ? undefined : !P.refable ? P.why : RA.why,
  };
}
