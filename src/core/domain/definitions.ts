/**
 * Computed roles of the domain catalog: for every role the engine computes, its inputs (each slot
 * lists the roles that can fill it, first present wins), the operation, how the row's polarity
 * enters, the rounding, and the formula it becomes. Compute builds its column specs from these,
 * recognition checks a column-number label ("14 = 13/8 x 100%") against them, and docs/domain.md
 * ("Formulas") describes them in words. The formula texts themselves are built in ./formulas.ts.
 */
import type { Measure, Role } from "../model";

export type Operation =
  /** Annual realisasi from the quarters: SUM (Rp, and K flows) or the last reported quarter (K stocks). */
  | "quarters"
  /** R / T × 100 with the row's polarity (negative: (T − (R − T)) / T × 100 or T / R × 100). */
  | "ratio"
  /** Cumulative: s/d tahun lalu + tahun ini (K stocks: this year's value). */
  | "cumulative"
  /** A − B. */
  | "difference"
  /** A / B of two percentages (efisiensi), in the same units. */
  | "quotient"
  /** The scale's label of a value (nested IF). */
  | "category";

/** The measure an input slot is read in: the computed column's own, or a fixed one. */
export type SlotMeasure = "same" | Measure;

export interface Definition {
  role: Role;
  op: Operation;
  /** Input slots in formula order; each slot: candidate roles, the first the table has wins. */
  inputs: Role[][];
  /** Measure of each slot. */
  measures: SlotMeasure[];
  /**
   * How the row's polarity enters (ratio): "k" on K columns only (Rp ratios are always positive),
   * "always" whatever the measure, "none" never.
   */
  polarity: "k" | "always" | "none";
  /** Names of the two operands in `how` texts (ratio). */
  names?: [string, string];
  /** Scale of a category: the table's (options) or the efisiensi scale. */
  scale?: "table" | "efisiensi";
  /** The rounding applied (results are exact; the number format shows the decimals). */
  rounding: string;
  /** The formula in words. */
  formula: string;
}

const CAPAIAN_K: Role[] = ["capaian", "capaian_renja", "capaian_renstra"];

/** Every computed role's definition, in catalog order. */
export const DEFINITIONS: Readonly<Partial<Record<Role, Definition>>> = {
  realisasi_renja: {
    role: "realisasi_renja",
    op: "quarters",
    inputs: [["realisasi_tw1", "realisasi_tw2", "realisasi_tw3", "realisasi_tw4"]],
    measures: ["same"],
    polarity: "none",
    rounding: "none",
    formula: "Rp and K flows: TW I + TW II + TW III + TW IV; K stocks: the last reported quarter",
  },
  capaian_renja: {
    role: "capaian_renja",
    op: "ratio",
    inputs: [["realisasi_renja"], ["target_renja"]],
    measures: ["same", "same"],
    polarity: "k",
    rounding: "none (the number format shows 2 decimals)",
    formula: "realisasi Renja / target Renja × 100",
  },
  realisasi_renstra: {
    role: "realisasi_renstra",
    op: "cumulative",
    inputs: [["realisasi_renstra_lalu"], ["realisasi_renja"]],
    measures: ["same", "same"],
    polarity: "none",
    rounding: "none",
    formula: "realisasi Renstra s/d tahun lalu + realisasi Renja (K stocks: realisasi Renja)",
  },
  capaian_renstra: {
    role: "capaian_renstra",
    op: "ratio",
    inputs: [["realisasi_renstra"], ["target_renstra"]],
    measures: ["same", "same"],
    polarity: "k",
    rounding: "none (the number format shows 2 decimals)",
    formula: "realisasi Renstra s/d tahun ini / target Renstra × 100",
  },
  capaian: {
    role: "capaian",
    op: "ratio",
    inputs: [["realisasi"], ["target"]],
    measures: ["same", "same"],
    polarity: "k",
    rounding: "none (the number format shows 2 decimals)",
    formula: "realisasi / target × 100",
  },
  kategori: {
    role: "kategori",
    op: "category",
    inputs: [CAPAIAN_K],
    measures: ["k"],
    polarity: "none",
    scale: "table",
    rounding: "the scale's roundTo (none by default) before comparing with the band bounds",
    formula: "the scale's label of the capaian kinerja",
  },
  capaian_anggaran: {
    role: "capaian_anggaran",
    op: "ratio",
    inputs: [["realisasi_anggaran"], ["pagu"]],
    measures: ["rp", "rp"],
    polarity: "k",
    names: ["RA", "P"],
    rounding: "none (the number format shows 2 decimals)",
    formula: "realisasi anggaran / pagu × 100",
  },
  sisa_anggaran: {
    role: "sisa_anggaran",
    op: "difference",
    inputs: [["pagu"], ["realisasi_anggaran"]],
    measures: ["rp", "rp"],
    polarity: "none",
    rounding: "none",
    formula: "pagu − realisasi anggaran",
  },
  efisiensi: {
    role: "efisiensi",
    op: "quotient",
    inputs: [CAPAIAN_K, ["capaian_anggaran"]],
    measures: ["k", "rp"],
    polarity: "none",
    rounding: "none (the number format shows 2 decimals)",
    formula: "capaian kinerja % / capaian anggaran % (without a capaian column: (realisasi / target × 100) inline)",
  },
  kategori_efisiensi: {
    role: "kategori_efisiensi",
    op: "category",
    inputs: [["efisiensi"]],
    measures: ["k"],
    polarity: "none",
    scale: "efisiensi",
    rounding: "none",
    formula: "Efisien when efisiensi ≥ 1, else Tidak efisien",
  },
  tingkat_kemajuan: {
    role: "tingkat_kemajuan",
    op: "ratio",
    inputs: [["realisasi"], ["target_akhir_renstra"]],
    measures: ["k", "k"],
    polarity: "always",
    names: ["R", "T akhir"],
    rounding: "none (the number format shows 2 decimals)",
    formula: "realisasi / target akhir Renstra × 100",
  },
};

export function definitionOf(role: Role): Definition | undefined {
  return DEFINITIONS[role];
}

/** The arithmetic a column-number label writes for an operation ("12 = 8+9+10+11", "14 = 13/8"). */
export function labelOperator(op: Operation): "+" | "/" | "-" | undefined {
  switch (op) {
    case "quarters":
    case "cumulative":
      return "+";
    case "ratio":
    case "quotient":
      return "/";
    case "difference":
      return "-";
    default:
      return undefined;
  }
}

/** What a column-number label of each computed role should say: operator and input roles. */
export const LABEL_EXPECTATIONS: Readonly<Partial<Record<Role, { op: "+" | "/" | "-"; refs: Role[][] }>>> = Object.fromEntries(
  Object.values(DEFINITIONS).flatMap((d) => {
    const op = d ? labelOperator(d.op) : undefined;
    return d && op ? [[d.role, { op, refs: d.inputs }]] : [];
  }),
);
