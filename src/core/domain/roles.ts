/**
 * The column roles of the domain catalog: for every role its name (Indonesian / English, as the
 * task pane lists it, and as a finding's sentence names it), whether it is an input, a label or a
 * computed column, and its kind of number (budget amount, percentage, amount summed over children).
 * Every role set the engine, the audit, the summaries and the task pane use is derived from this
 * table (docs/domain.md §2 and §4).
 */
import type { Message, Role } from "../model";

export interface RoleInfo {
  /** Name as the task pane lists it. */
  name: Message;
  /** Name inside a finding's sentence, when it differs from `name`. */
  noun?: Message;
  /** What the column holds: descriptive text, an input number, or a value the engine computes. */
  kind: "label" | "input" | "computed";
  /** Evidence of a performance table (recognition). */
  perf?: boolean;
  /** A budget amount or budget ratio even without an explicit Rp measure. */
  money?: boolean;
  /** A percentage (capaian-like): fraction-or-percent style, averaged on rata-rata rows. */
  percent?: boolean;
  /** Summed over children on parent and total rows (when Rp and not a percentage). */
  amount?: boolean;
  /** Holds a category label, not a number. */
  category?: boolean;
  /** A column the fill can add beside a table. */
  addable?: boolean;
}

const m = (id: string, en: string): Message => ({ id, en });

/** Every role, in the order the task pane lists them. */
export const ROLE_CATALOG: Readonly<Record<Role, RoleInfo>> = {
  no: { name: m("No", "No."), kind: "label" },
  tujuan: { name: m("Tujuan", "Goal (tujuan)"), kind: "label" },
  sasaran: { name: m("Sasaran", "Objective (sasaran)"), kind: "label" },
  kode: { name: m("Kode", "Code"), kind: "label" },
  uraian: { name: m("Uraian (program/kegiatan)", "Description (programme/activity)"), kind: "label" },
  indikator: { name: m("Indikator", "Indicator"), kind: "label" },
  formulasi: { name: m("Formulasi", "Formula text"), kind: "label" },
  satuan: { name: m("Satuan", "Unit"), kind: "label" },
  target_renstra: { name: m("Target Renstra", "Renstra target"), kind: "input", perf: true, amount: true },
  realisasi_renstra_lalu: { name: m("Realisasi Renstra s/d tahun lalu", "Renstra realisation to last year"), kind: "input", perf: true, amount: true },
  target_renja: { name: m("Target Renja", "Renja target"), kind: "input", perf: true, amount: true },
  realisasi_tw1: { name: m("Realisasi Triwulan I", "Realisation Q1"), kind: "input", perf: true, amount: true },
  realisasi_tw2: { name: m("Realisasi Triwulan II", "Realisation Q2"), kind: "input", perf: true, amount: true },
  realisasi_tw3: { name: m("Realisasi Triwulan III", "Realisation Q3"), kind: "input", perf: true, amount: true },
  realisasi_tw4: { name: m("Realisasi Triwulan IV", "Realisation Q4"), kind: "input", perf: true, amount: true },
  realisasi_renja: { name: m("Realisasi Renja", "Renja realisation"), kind: "computed", perf: true, amount: true },
  capaian_renja: {
    name: m("Tingkat capaian Renja (%)", "Renja achievement (%)"),
    noun: m("Tingkat capaian Renja", "Renja achievement"),
    kind: "computed",
    perf: true,
    percent: true,
  },
  realisasi_renstra: { name: m("Realisasi Renstra s/d tahun ini", "Renstra realisation to date"), kind: "computed", perf: true, amount: true },
  capaian_renstra: {
    name: m("Tingkat capaian Renstra (%)", "Renstra achievement (%)"),
    noun: m("Tingkat capaian Renstra", "Renstra achievement"),
    kind: "computed",
    perf: true,
    percent: true,
  },
  target: { name: m("Target", "Target"), kind: "input", perf: true, amount: true },
  realisasi: { name: m("Realisasi", "Realisation"), kind: "input", perf: true, amount: true },
  capaian: { name: m("Capaian (%)", "Achievement (%)"), noun: m("Capaian", "Capaian (achievement)"), kind: "computed", perf: true, percent: true },
  kategori: { name: m("Kategori / predikat", "Category"), noun: m("Kategori", "Category"), kind: "computed", perf: true, category: true, addable: true },
  pagu: { name: m("Pagu anggaran", "Budget ceiling (pagu)"), kind: "input", perf: true, money: true, amount: true },
  realisasi_anggaran: { name: m("Realisasi anggaran", "Budget realisation"), kind: "input", perf: true, money: true, amount: true },
  capaian_anggaran: {
    name: m("Capaian anggaran / penyerapan (%)", "Budget absorption (%)"),
    noun: m("Capaian anggaran (penyerapan)", "Budget absorption"),
    kind: "computed",
    perf: true,
    money: true,
    percent: true,
  },
  sisa_anggaran: { name: m("Sisa anggaran", "Budget remaining"), noun: m("Sisa anggaran", "Remaining budget"), kind: "computed", perf: true, money: true },
  efisiensi: { name: m("Tingkat efisiensi", "Efficiency"), noun: m("Tingkat efisiensi", "Efficiency ratio"), kind: "computed", perf: true, addable: true },
  kategori_efisiensi: {
    name: m("Kategori efisiensi", "Efficiency category"),
    noun: m("Kategori efisiensi", "Efficiency category"),
    kind: "computed",
    perf: true,
    category: true,
    addable: true,
  },
  kondisi_awal: { name: m("Kondisi awal", "Baseline"), kind: "input", perf: true },
  target_tahun: { name: m("Target tahun", "Target of year"), kind: "input", perf: true },
  pagu_tahun: { name: m("Pagu tahun", "Budget of year"), kind: "input", perf: true, money: true, amount: true },
  kondisi_akhir: { name: m("Kondisi akhir", "End condition"), kind: "input", perf: true },
  realisasi_tahun_lalu: { name: m("Realisasi tahun lalu", "Last year's realisation"), kind: "input", perf: true },
  target_akhir_renstra: { name: m("Target akhir Renstra", "End-of-Renstra target"), kind: "input", perf: true },
  tingkat_kemajuan: {
    name: m("Tingkat kemajuan", "Progress"),
    noun: m("Tingkat kemajuan", "Progress towards the Renstra target"),
    kind: "computed",
    perf: true,
    percent: true,
  },
  penanggung_jawab: { name: m("Penanggung jawab", "Person in charge"), kind: "label" },
  sumber_dana: { name: m("Sumber dana", "Source of funds"), kind: "label" },
  sumber_data: { name: m("Sumber data", "Data source"), kind: "label" },
  keterangan: { name: m("Keterangan", "Remarks"), kind: "label" },
  other: { name: m("Lainnya (abaikan)", "Other (ignore)"), kind: "label" },
};

/** Every role, in catalog order. */
export const ALL_ROLES: readonly Role[] = Object.keys(ROLE_CATALOG) as Role[];

function rolesWhere(pred: (info: RoleInfo) => boolean | undefined): Role[] {
  return ALL_ROLES.filter((r) => pred(ROLE_CATALOG[r]));
}

/** Roles whose columns the engine computes (fills), in catalog order. */
export const COMPUTED_ROLE_LIST: readonly Role[] = rolesWhere((i) => i.kind === "computed");
export const COMPUTED_ROLES: ReadonlySet<Role> = new Set(COMPUTED_ROLE_LIST);
/** Columns the fill can add beside a table. */
export const ADDABLE_ROLE_LIST: readonly Role[] = rolesWhere((i) => i.addable);
/** Amount columns summed over children on parent and total rows (Rp measure, not percentages). */
export const AMOUNT_ROLES: ReadonlySet<Role> = new Set(rolesWhere((i) => i.amount));
/** Budget amounts or budget ratios even without an explicit measure. */
export const MONEY_ROLES: ReadonlySet<Role> = new Set(rolesWhere((i) => i.money));
/** Percentage columns (capaian-like). */
export const PERCENT_ROLES: ReadonlySet<Role> = new Set(rolesWhere((i) => i.percent));
/** Budget amounts in rupiah (money roles that are not percentages). */
export const RP_ROLES: ReadonlySet<Role> = new Set(rolesWhere((i) => i.money && !i.percent));
/** Roles that count as evidence of a performance table (recognition). */
export const PERF_ROLES: ReadonlySet<Role> = new Set(rolesWhere((i) => i.perf));
/** Roles whose cells hold numbers: the performance roles but the category labels. */
export const NUMERIC_ROLES: ReadonlySet<Role> = new Set(rolesWhere((i) => i.perf && !i.category));
/** The quarterly realisation roles, TW I to TW IV. */
export const QUARTER_ROLES: readonly Role[] = ["realisasi_tw1", "realisasi_tw2", "realisasi_tw3", "realisasi_tw4"];

/** The role's name as the task pane lists it. */
export function roleName(role: Role): Message {
  return ROLE_CATALOG[role].name;
}

/** The role's name inside a sentence (findings), undefined for roles findings do not name. */
export function roleNoun(role: Role): Message | undefined {
  return ROLE_CATALOG[role].noun;
}
