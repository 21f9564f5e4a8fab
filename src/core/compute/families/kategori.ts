/**
 * Formula family "kategori / predikat": the scale's label of a value (the catalog's nested IF,
 * ../../domain/formulas.ts) for kategori, kategori efisiensi and the predikat of a rata-rata row.
 */
import type { Scale } from "../../model";
import { categorize, roundHalfUp } from "../../scale";
import { categorizeFormula } from "../../domain/formulas";
import { type Operand, describeOperand } from "../operand";
import { num, snap } from "../formulas";
import { type ColSpec, type Computer, type Outcome, msg, refsOf } from "../context";

export function runKategori(c: Computer, i: number, spec: ColSpec): Outcome {
  return spec.col.role === "kategori_efisiensi"
    ? label(c, c.operand(i, spec.a), spec.scale!, ["Efisiensi", "Efficiency"])
    : label(c, c.operand(i, spec.a), spec.scale!, ["Capaian", "Capaian"]);
}

export function runPredikat(c: Computer, i: number, j: number): Outcome {
  const spec = c.specs[j];
  const from = c.taskRows.get(i * c.nCols + j)![0];
  const scale = spec.col.role === "efisiensi" ? c.efScale : c.opts.scale;
  return label(c, c.operand(from, j), scale, ["Rata-rata capaian", "Mean capaian"]);
}

/** The label of a value on a scale, as a nested IF over the cell, or as a value. */
export function label(c: Computer, src: Operand, scale: Scale, what: [string, string]): Outcome {
  const inputs = refsOf(src);
  if (src.kind !== "num") {
    const d = describeOperand(src);
    return { value: null, inputs, how: `${what[1]} not available`, note: msg(`${what[0]} belum tersedia: ${d.id}`, `${what[1]} not available: ${d.en}`) };
  }
  const f = src.fraction ? 100 : 1;
  const v = snap((src.value ?? 0) * f);
  const value = categorize(v, scale);
  // A label follows a live cell as a formula; when the capaian itself is a written value (letter
  // grades, text inputs) the label is written as a value too.
  const live = src.refable && !(src.computed && !src.live);
  const x = f === 1 ? src.ref : `${src.ref}*100`;
  let how: string | undefined;
  if (c.describing) {
    const rounded = scale.roundTo === null ? "" : ` (rounded to ${scale.roundTo} decimals: ${num(roundHalfUp(v, scale.roundTo))})`;
    how = `${num(v)}${rounded} → ${value} (${scale.name})`;
  }
  return {
    value,
    formula: live ? categorizeFormula(x, scale) : undefined,
    inputs,
    how,
    note: live ? undefined : src.why,
  };
}
