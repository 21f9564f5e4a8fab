/**
 * Formula family "Renstra cumulative": realisasi Renstra s/d tahun ini = s/d tahun lalu + this
 * year's realisasi (K stocks: this year's value; no earlier realisation: this year's alone).
 */
import type { Message } from "../../model";
import { describeOperand } from "../operand";
import { num, snap, term } from "../formulas";
import { type ColSpec, type Computer, type Outcome, PLAIN_NUM, joinNotes, msg, refsOf } from "../context";

export function runRenstra(c: Computer, i: number, spec: ColSpec): Outcome {
  // The usual case first: both realisations plain numbers (no Operand objects).
  if (c.plain(i, spec.a) === PLAIN_NUM) {
    const renja = c.plainValue;
    if (c.plain(i, spec.b) === PLAIN_NUM) {
      const lalu = c.plainValue;
      const target = spec.col.scale ?? 1;
      const fr = (c.specs[spec.a].col.scale ?? 1) / target;
      const fl = (c.specs[spec.b].col.scale ?? 1) / target;
      const renjaRef = c.refAt(i, spec.a);
      const laluRef = c.refAt(i, spec.b);
      const rv = renja * fr;
      if (isStock(c, i, spec)) return thisYears(c, rv, term(renjaRef, fr), [renjaRef], undefined);
      return laluPlus(c, lalu * fl, rv, `${term(laluRef, fl)}+${term(renjaRef, fr)}`, [laluRef, renjaRef], undefined);
    }
  }
  return generalRenstra(c, i, spec);
}

/** Any input: text numbers, placeholders, errors, a missing earlier realisation, inline sub-expressions. */
function generalRenstra(c: Computer, i: number, spec: ColSpec): Outcome {
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
  if (isStock(c, i, spec)) {
    return thisYears(c, rv, renja.refable ? term(renja.ref, fr) : undefined, refsOf(renja), renja.refable ? undefined : renja.why);
  }
  if (lalu.kind === "error") return { value: null, inputs, how: "error", note: describeOperand(lalu) };
  if (lalu.kind === "num") {
    const refable = lalu.refable && renja.refable;
    return laluPlus(
      c,
      (lalu.value ?? 0) * fl,
      rv,
      refable ? `${term(lalu.ref, fl)}+${term(renja.ref, fr)}` : undefined,
      inputs,
      refable ? undefined : !lalu.refable ? lalu.why : renja.why,
    );
  }
  // No earlier realisation stated: the cumulative value is this year's (SUM ignores "-").
  const value = snap(rv);
  const d = describeOperand(lalu);
  const formula = fl === 1 && fr === 1 ? `SUM(${lalu.ref},${renja.ref})` : `${term(`N(${lalu.ref})`, fl)}+${term(renja.ref, fr)}`;
  return {
    value,
    formula: renja.refable ? formula : undefined,
    inputs,
    how: c.describing ? `s/d tahun lalu (none) + tahun ini = ${num(value)}` : undefined,
    note: joinNotes(
      msg(`Realisasi s/d tahun lalu tidak ada (${d.id}); dihitung dari realisasi tahun ini saja`, `No earlier realisation (${d.en}); computed from this year's only`),
      renja.refable ? undefined : renja.why,
    ),
  };
}

/** K stocks count this year's value only (the row's flow / stock as for the annual realisasi). */
function isStock(c: Computer, i: number, spec: ColSpec): boolean {
  const annual = c.annualK();
  return spec.m === "k" && (annual ? c.aggregation(i, annual).agg : c.rows[i].aggregation) === "stock";
}

/** Stock: realisasi Renstra = this year's realisation `rv` (scaled). */
function thisYears(c: Computer, rv: number, formula: string | undefined, inputs: string[], note: Message | undefined): Outcome {
  const value = snap(rv);
  return { value, formula, inputs, how: c.describing ? `stock: realisasi Renstra = this year's realisation = ${num(value)}` : undefined, note };
}

/** s/d tahun lalu `lv` + tahun ini `rv` (both scaled). */
function laluPlus(c: Computer, lv: number, rv: number, formula: string | undefined, inputs: string[], note: Message | undefined): Outcome {
  const value = snap(lv + rv);
  return { value, formula, inputs, how: c.describing ? `s/d tahun lalu + tahun ini = ${num(lv)} + ${num(rv)} = ${num(value)}` : undefined, note };
}
