/**
 * Formula family "efisiensi": capaian kinerja % / capaian anggaran %, both in percent units (a
 * fraction-style side is scaled); without a capaian column the kinerja capaian is computed inline.
 */
import { type Operand, describeOperand, makeOperand } from "../operand";
import { num, snap } from "../formulas";
import { type ColSpec, type Computer, type Outcome, msg, refsOf } from "../context";
import { ratio } from "./ratio";

export function runEfisiensi(c: Computer, i: number, spec: ColSpec): Outcome {
  let K: Operand;
  let kInputs: string[];
  if (spec.inline) {
    // Capaian kinerja inline: (R / T × 100) as a parenthesised expression.
    const q = ratio(c, c.operand(i, spec.inline[0]), c.operand(i, spec.inline[1]), c.polarity(i), false, ["R", "T"]);
    kInputs = q.inputs;
    if (typeof q.value !== "number") {
      K = makeOperand("missing", q.inputs[0], undefined, false, null, 1, { why: q.note });
    } else {
      const expr = q.formula === undefined ? `(${q.value})` : `(${q.formula})`;
      K = makeOperand("num", expr, q.value, q.formula !== undefined, q.value, 1, { computed: true, live: true, why: q.note });
    }
  } else {
    K = c.operand(i, spec.a);
    kInputs = refsOf(K);
  }
  const A = c.operand(i, spec.b);
  const inputs = [...kInputs, ...refsOf(A)];
  for (const [o, name] of [
    [K, ["Capaian kinerja", "Performance achievement"]],
    [A, ["Capaian anggaran", "Budget absorption"]],
  ] as Array<[Operand, [string, string]]>) {
    if (o.kind !== "num") {
      const d = describeOperand(o);
      return {
        value: null,
        inputs,
        how: `${name[1]} not available`,
        note: msg(`${name[0]} belum tersedia (${d.id}); efisiensi tidak dihitung`, `${name[1]} not available (${d.en}); efficiency not computed`),
      };
    }
  }
  const kv = K.value ?? 0;
  const av = A.value ?? 0;
  if (av === 0) {
    return {
      value: null,
      inputs,
      how: "capaian anggaran = 0",
      note: msg(`Capaian anggaran ${A.ref} bernilai 0: efisiensi tidak dapat dihitung`, `Budget absorption ${A.ref} is 0: efficiency cannot be computed`),
    };
  }
  // Both sides in percent units; the same convention on both sides cancels out.
  const kf = !!K.fraction;
  const af = !!A.fraction;
  let value: number;
  let formula: string;
  if (kf === af) {
    value = kv / av;
    formula = `${K.ref}/${A.ref}`;
  } else if (kf) {
    value = (kv * 100) / av;
    formula = `${K.ref}*100/${A.ref}`;
  } else {
    value = kv / (av * 100);
    formula = `${K.ref}/(${A.ref}*100)`;
  }
  value = snap(value);
  const refable = K.refable && A.refable;
  return {
    value,
    formula: refable ? formula : undefined,
    inputs,
    how: c.describing ? `capaian kinerja % / capaian anggaran % = ${num(kf ? kv * 100 : kv)} / ${num(af ? av * 100 : av)} = ${num(value)}` : undefined,
    note: refable ? undefined : !K.refable ? K.why : A.why,
  };
}

