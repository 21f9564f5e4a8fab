/**
 * Formula family "capaian": realisasi against target with the row's polarity (the catalog's
 * formula, ../../domain/formulas.ts), letter grades, missing and zero targets; used for capaian,
 * tingkat capaian Renja / Renstra, capaian anggaran (penyerapan) and tingkat kemajuan.
 */
import type { Message, Polarity } from "../../model";
import { type CapaianRule, capaianExpr, capaianOf, capaianRule } from "../../domain/formulas";
import { type Operand, describeOperand } from "../operand";
import { num, snap, term } from "../formulas";
import { type ColSpec, type Computer, type Outcome, PLAIN_NUM, msg, refsOf } from "../context";
import { definitionOf } from "../../domain/definitions";

/** CAPAIAN and KEMAJUAN cells: the column's ratio over its two input specs. */
export function runRatio(c: Computer, i: number, spec: ColSpec, alwaysPolar: boolean): Outcome {
  const names = definitionOf(spec.col.role)?.names ?? ["R", "T"];
  // Tingkat kemajuan (alwaysPolar) applies the row's polarity like any capaian (seed 002 Tabel 3.4
  // applies R / T to a price-fluctuation indicator: an audit finding); Rp ratios are always positive.
  const polar = alwaysPolar || spec.m === "k";
  // The usual case first: two plain numbers (no Operand objects).
  if (c.plain(i, spec.a) === PLAIN_NUM) {
    const rv = c.plainValue;
    if (c.plain(i, spec.b) === PLAIN_NUM) {
      const tv = c.plainValue;
      const rRef = c.refAt(i, spec.a);
      const tRef = c.refAt(i, spec.b);
      const fr = (c.specs[spec.a].col.scale ?? 1) / (c.specs[spec.b].col.scale ?? 1);
      return numericRatio(c, rv, tv, fr, rRef, tRef, [rRef, tRef], true, undefined, polar ? c.polarity(i) : "positive", spec.fraction, names);
    }
  }
  return ratio(c, c.operand(i, spec.a), c.operand(i, spec.b), polar ? c.polarity(i) : "positive", spec.fraction, names);
}

/** R / T × 100 (positive), (T − (R − T)) / T × 100 (negative, "seed"), T / R × 100 (negative, "ratio"). */
export function ratio(c: Computer, R: Operand, T: Operand, polarity: Polarity, fraction: boolean, names: [string, string]): Outcome {
  const inputs = refsOf(R, T);
  const [rn, tn] = names;
  const hundred = fraction ? 1 : 100;
  if (R.kind === "grade" || T.kind === "grade") {
    if (R.kind === "grade" && T.kind === "grade") {
      if (R.grade === T.grade) {
        return {
          value: hundred,
          inputs,
          how: `${rn} = ${tn} = ${R.grade} → 100`,
          note: msg(
            `Target dan realisasi berupa nilai huruf yang sama (${R.grade}): capaian 100 %`,
            `Target and realisation are the same letter grade (${R.grade}): capaian 100 %`,
          ),
        };
      }
      return {
        value: null,
        inputs,
        how: `${rn} = ${R.grade}, ${tn} = ${T.grade}`,
        note: msg(
          `Nilai huruf berbeda (target ${T.grade}, realisasi ${R.grade}): perlu penilaian pejabat`,
          `Different letter grades (target ${T.grade}, realisation ${R.grade}): needs the officer's judgement`,
        ),
      };
    }
    const g = R.kind === "grade" ? R : T;
    const other = R.kind === "grade" ? T : R;
    return {
      value: null,
      inputs,
      how: "grade against a non-grade",
      note: msg(
        `${g.ref} berisi nilai huruf ${g.grade}, ${other.ref} tidak: perlu penilaian pejabat`,
        `${g.ref} holds the letter grade ${g.grade}, ${other.ref} does not: needs the officer's judgement`,
      ),
    };
  }
  if (T.kind !== "num") {
    const d = describeOperand(T);
    return { value: null, inputs, how: `${tn} not available`, note: msg(`Target belum tersedia: ${d.id}`, `Target not available: ${d.en}`) };
  }
  if (R.kind !== "num") {
    const d = describeOperand(R);
    return { value: null, inputs, how: `${rn} not available`, note: msg(`Realisasi belum tersedia: ${d.id}`, `Realisation not available: ${d.en}`) };
  }
  let rv = R.value ?? 0;
  let tv = T.value ?? 0;
  // A percent typed as text ("92,95%") against a fraction shown as percent (0.9295): same units.
  if (R.pctText && T.fraction) rv /= 100;
  if (T.pctText && R.fraction) tv /= 100;
  const refable = R.refable && T.refable;
  const note = refable ? undefined : !R.refable ? R.why : T.why;
  return numericRatio(c, rv, tv, R.scale / T.scale, R.ref, T.ref, inputs, refable, note, polarity, fraction, names);
}

/**
 * The ratio of two numbers: realisasi `rv` (in the units of its cell `rCell`, scaled by `fr` to the
 * target's) against target `tv` (cell `tCell`).
 */
function numericRatio(
  c: Computer,
  rv: number,
  tv: number,
  fr: number,
  rCell: string,
  tCell: string,
  inputs: string[],
  refable: boolean,
  note: Message | undefined,
  polarity: Polarity,
  fraction: boolean,
  names: [string, string],
): Outcome {
  const [rn, tn] = names;
  rv *= fr;
  const rRef = term(rCell, fr);
  if (tv === 0) {
    return {
      value: null,
      inputs,
      how: `${tn} = 0`,
      note: msg(`Target ${tCell} bernilai 0: capaian tidak dapat dihitung`, `Target ${tCell} is 0: capaian cannot be computed`),
    };
  }
  const rule = capaianRule(polarity, c.opts.negativeFormula);
  if (rule === "ratio" && rv === 0) {
    return {
      value: null,
      inputs,
      how: `${rn} = 0`,
      note: msg(
        `Realisasi ${rCell} bernilai 0: rumus T / R indikator negatif tidak dapat dihitung`,
        `Realisation ${rCell} is 0: the negative-indicator formula T / R cannot be computed`,
      ),
    };
  }
  let value = capaianOf(rule, rv, tv, !fraction);
  const formula = capaianExpr(rule, rRef, tCell, !fraction).expr;
  value = snap(value);
  return { value, formula: refable ? formula : undefined, inputs, how: c.describing ? ratioHow(rule, rn, tn, rv, tv, fraction, value) : undefined, note };
}

/** "R / T × 100 = 397 / 400 × 100 = 99.25" (the numbers scaled, `value` the result). */
function ratioHow(rule: CapaianRule, rn: string, tn: string, rv: number, tv: number, fraction: boolean, value: number): string {
  const timesTxt = fraction ? "" : " × 100";
  let how: string;
  if (rule === "ratio") {
    how = `negative indicator, ${tn} / ${rn}${timesTxt} = ${num(tv)} / ${num(rv)}${timesTxt}`;
  } else if (rule === "seed") {
    how = `negative indicator, (${tn} − (${rn} − ${tn})) / ${tn}${timesTxt} = (${num(tv)} − (${num(rv)} − ${num(tv)})) / ${num(tv)}${timesTxt}`;
  } else {
    how = `${rn} / ${tn}${timesTxt} = ${num(rv)} / ${num(tv)}${timesTxt}`;
  }
  return `${how} = ${fraction ? `${num(value * 100)} %` : num(value)}`;
}
