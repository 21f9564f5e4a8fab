/**
 * Legitimate alternative readings a computed-mismatch finding must rule out before it is reported:
 * a K annual value as a flow (sum of quarters) or a stock (last quarter), a Renstra cumulative as
 * this year only or last + this year, efisiensi / rata-rata from the rounded stated or the engine's
 * own inputs, and the polarity hint (the stated capaian matches another polarity's formula).
 */
import type { ComputedCell, Message } from "../../model";
import { withinOneUnit } from "../util";
import type { AuditRule } from "../ruleIds";
import { PERCENT_ROLES, TableCtx, inputValue, numbersAt } from "../context";

/** Alternative K readings of an annual value: sum of the quarters (flow) or last reported (stock). */
export function quarterAlternatives(ctx: TableCtx, cc: ComputedCell): number[] {
  const measure = cc.measure ?? ctx.colByCol.get(cc.col)?.measure ?? "k";
  const qs = ([1, 2, 3, 4] as const).map((q) =>
    ctx.table.columns.find((c) => (c.quarter === q || c.role === `realisasi_tw${q}`) && (c.measure ?? "k") === measure),
  );
  const vals = numbersAt(ctx, cc.row, qs).filter((v): v is number => v !== undefined);
  if (vals.length === 0) return [];
  return [vals.reduce((a, b) => a + b, 0), vals[vals.length - 1]];
}

export function renstraAlternatives(ctx: TableCtx, cc: ComputedCell): number[] {
  const measure = cc.measure ?? ctx.colByCol.get(cc.col)?.measure ?? "k";
  const lalu = ctx.column("realisasi_renstra_lalu", measure);
  const renja = ctx.column("realisasi_renja", measure);
  const [l, r0] = numbersAt(ctx, cc.row, [lalu, renja]);
  let r = r0;
  if (r === undefined && renja) {
    const c = ctx.computedCell(cc.row, renja.col);
    if (c && typeof c.value === "number") r = c.value;
  }
  const out: number[] = [];
  if (r !== undefined) {
    out.push(r);
    if (l !== undefined) out.push(l + r);
  }
  return out;
}

/** The input `ref` (same-sheet A1) lies in a percentage (capaian-like) column of the table. */
function percentColumnRef(ctx: TableCtx, ref: string): boolean {
  const m = /^\$?([A-Z]{1,3})\$?\d+$/.exec(ref);
  const c = m ? ctx.columnAt(m[1]) : undefined;
  return c !== undefined && (PERCENT_ROLES.has(c.role) || c.role === "efisiensi");
}

/** Efisiensi (first / second input) or mean of the inputs, from stated or computed inputs. */
export function fromInputs(ctx: TableCtx, cc: ComputedCell, rule: AuditRule, source: "stated" | "computed"): number | undefined {
  // A Renja rata-rata without a capaian column is a mean of ratios (realisasi / target pairs), not
  // of its inputs: no alternative reading here (the engine's value from its own inputs is `pureAt`).
  if (rule === "rata-rata-mismatch" && cc.inputs.some((ref) => !percentColumnRef(ctx, ref))) return undefined;
  const vals: number[] = [];
  for (const ref of cc.inputs) {
    const v = inputValue(ctx, ref, source);
    if (v.value === undefined) {
      if (rule === "rata-rata-mismatch" && v.empty) continue;
      return undefined;
    }
    vals.push(v.value);
  }
  if (vals.length === 0) return undefined;
  if (rule === "efisiensi-mismatch") return vals.length === 2 && vals[1] !== 0 ? vals[0] / vals[1] : undefined;
  return vals.reduce((a, b) => a + b, 0) / vals.length;
}
/**
 * When a stated capaian matches another polarity's formula than the engine used, say so:
 * R / T × 100 (positive), (T − (R − T)) / T × 100 (negative, seed), T / R × 100 (negative, ratio).
 */
export function polarityHint(ctx: TableCtx, cc: ComputedCell, s: number, d: number): Message | undefined {
  if (cc.inputs.length !== 2) return undefined;
  const [R, T] = cc.inputs.map((ref) => inputValue(ctx, ref, "stated").value);
  if (R === undefined || T === undefined || T === 0 || R === 0) return undefined;
  const fraction = !!cc.numberFormat && /%/.test(cc.numberFormat);
  const k = fraction ? 1 : 100;
  const negative = /negative/i.test(cc.how);
  const ratio = /T\s*\/\s*R|T akhir \/ R/.test(cc.how) && negative;
  const candidates: { v: number; id: string; en: string }[] = [];
  if (negative) {
    candidates.push({
      v: (R / T) * k,
      id: "Nilai tertulis sama dengan R / T × 100 (rumus indikator positif), sedangkan indikator ini dibaca negatif (makin kecil makin baik); ubah polaritas baris bila keliru",
      en: "The stated value equals R / T × 100 (the positive formula) while this indicator is read as negative (lower is better); override the row's polarity if that is wrong",
    });
    if (!ratio) candidates.push({ v: (T / R) * k, id: "Nilai tertulis sama dengan T / R × 100 (rumus negatif 'rasio')", en: "The stated value equals T / R × 100 (the 'ratio' negative formula)" });
    else candidates.push({ v: ((T - (R - T)) / T) * k, id: "Nilai tertulis sama dengan (T − (R − T)) / T × 100 (rumus negatif seed)", en: "The stated value equals (T − (R − T)) / T × 100 (the seed's negative formula)" });
  } else {
    candidates.push({
      v: (T / R) * k,
      id: "Nilai tertulis sama dengan T / R × 100 (rumus indikator negatif 'rasio'), sedangkan indikator ini dibaca positif; ubah polaritas baris bila indikatornya makin kecil makin baik",
      en: "The stated value equals T / R × 100 (the 'ratio' formula for negative indicators) while this indicator is read as positive; override the row's polarity if lower is better",
    });
    candidates.push({
      v: ((T - (R - T)) / T) * k,
      id: "Nilai tertulis sama dengan (T − (R − T)) / T × 100 (rumus indikator negatif), sedangkan indikator ini dibaca positif; ubah polaritas baris bila indikatornya makin kecil makin baik",
      en: "The stated value equals (T − (R − T)) / T × 100 (the negative-indicator formula) while this indicator is read as positive; override the row's polarity if lower is better",
    });
  }
  const scaleUp = fraction ? 100 : 1;
  // A hint, not a verdict: within one unit of the last digit shown is close enough.
  for (const c of candidates) if (withinOneUnit(s, c.v * scaleUp, d)) return { id: c.id, en: c.en };
  return undefined;
}
