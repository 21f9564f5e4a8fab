/**
 * Column specs: what each column of a table computes and from which columns, decided once per
 * table from the domain catalog's definitions (../domain/definitions.ts), plus the number formats
 * the template uses. A definition whose input role the table lacks chains through it: the missing
 * intermediate (annual realisasi Renja, realisasi Renstra s/d) becomes a virtual spec, computed as
 * an inline sub-expression of the formulas that need it, when its own inputs are present.
 */
import { colLetter } from "../grid";
import type { ColumnModel, Measure, Role, Scale } from "../model";
import { AMOUNT_ROLES, COMPUTED_ROLES, MONEY_ROLES, PERCENT_ROLES, QUARTER_ROLES } from "../domain/roles";
import { type Definition, definitionOf } from "../domain/definitions";
import { isPercentFormat } from "../domain/formats";
import type { ColumnStore } from "./store";
import { type ColSpec, type ComputeOptions, CAPAIAN, EFISIENSI, KATEGORI, KEMAJUAN, NONE, QUARTERS, RENSTRA, SISA } from "./context";

export function measureOf(col: ColumnModel): Measure {
  return col.measure ?? (MONEY_ROLES.has(col.role) ? "rp" : "k");
}

/** Roles a missing column of which is computed inline (amount intermediates of a chain). */
const VIRTUAL_OPS = new Set<Definition["op"]>(["quarters", "cumulative"]);

export interface Specs {
  specs: ColSpec[];
  /** Number of real columns: specs at and above this index are virtual. */
  real: number;
  /** [realisasi_renja K, target_renja K] when the table has no capaian_renja K column. */
  renjaPair?: [number, number];
}

export function makeSpecs(store: ColumnStore, columns: ColumnModel[], opts: ComputeOptions, efScale: Scale): Specs {
  const byRole = new Map<string, number[]>();
  columns.forEach((c, j) => {
    const k = `${c.role}|${measureOf(c)}`;
    const list = byRole.get(k);
    if (list) list.push(j);
    else byRole.set(k, [j]);
  });
  // The column of a role for the column being specified: when a role repeats (year blocks of a
  // perbandingan table: Target | Realisasi | Capaian per year), the same year, else the nearest
  // one to the left, else the first.
  let near: ColumnModel | undefined;
  const find = (role: Role, m: Measure): number => {
    const list = byRole.get(`${role}|${m}`);
    if (!list) return -1;
    if (list.length === 1 || !near) return list[0];
    const at = near;
    const sameYear = at.year === undefined ? [] : list.filter((j) => columns[j].year === at.year);
    if (sameYear.length) return sameYear[0];
    let best = -1;
    for (const j of list) if (columns[j].col < at.col && (best < 0 || columns[j].col > columns[best].col)) best = j;
    return best >= 0 ? best : list[0];
  };
  const virtuals: ColSpec[] = [];
  const virtualAt = new Map<string, number>();
  const building = new Set<string>();
  /** A missing intermediate as a virtual spec (its index), or -1 when it cannot be computed. */
  const virtual = (role: Role, m: Measure): number => {
    const key = `${role}|${m}`;
    const known = virtualAt.get(key);
    if (known !== undefined) return known;
    const def = definitionOf(role);
    if (!def || !VIRTUAL_OPS.has(def.op) || building.has(key)) return -1;
    building.add(key);
    const col: ColumnModel = { col: -1, role, measure: m, header: "" };
    const spec = build(col, -1);
    building.delete(key);
    if (spec.regular === NONE) {
      virtualAt.set(key, -1);
      return -1;
    }
    spec.virtual = true;
    spec.amount = false;
    const j = columns.length + virtuals.length;
    virtuals.push(spec);
    virtualAt.set(key, j);
    return j;
  };
  /** The spec index of input slot k of a definition: the first candidate role the table has. */
  const slot = (def: Definition, k: number, m: Measure, chain: boolean): number => {
    const sm = def.measures[k] === "same" ? m : (def.measures[k] as Measure);
    for (const role of def.inputs[k]) {
      const j = find(role, sm);
      if (j >= 0) return j;
    }
    if (!chain) return -1;
    for (const role of def.inputs[k]) {
      const j = virtual(role, sm);
      if (j >= 0) return j;
    }
    return -1;
  };
  const quarters = (m: Measure): number[] => QUARTER_ROLES.map((r) => find(r, m)).filter((j) => j >= 0);
  const { dominant, fraction } = scanFormats(store, columns);

  function build(col: ColumnModel, j: number): ColSpec {
    if (j >= 0) near = col;
    const m = measureOf(col);
    const spec: ColSpec = {
      col,
      letters: j >= 0 ? colLetter(col.col) : "",
      m,
      regular: NONE,
      amount: AMOUNT_ROLES.has(col.role) && m === "rp" && !col.percent,
      kinerja: (m === "k" && !MONEY_ROLES.has(col.role)) || col.role === "efisiensi" || col.role === "kategori" || col.role === "kategori_efisiensi",
      fraction: j >= 0 ? fraction[j] : false,
      a: -1,
      b: -1,
      quarters: [],
      fmtSum: (j >= 0 ? dominant[j] : undefined) ?? "#,##0",
      fmtMean: "",
    };
    const pair = (kind: number, a: number, b: number): void => {
      if (a >= 0 && b >= 0) [spec.regular, spec.a, spec.b] = [kind, a, b];
    };
    const def = definitionOf(col.role);
    if (def) {
      switch (def.op) {
        case "quarters":
          spec.quarters = quarters(m);
          if (spec.quarters.length) spec.regular = QUARTERS;
          break;
        case "ratio":
          pair(def.polarity === "always" ? KEMAJUAN : CAPAIAN, slot(def, 0, m, true), slot(def, 1, m, false));
          break;
        case "cumulative":
          // Formula order lalu + tahun ini; the spec keeps a = this year's, b = s/d tahun lalu.
          pair(RENSTRA, slot(def, 1, m, true), slot(def, 0, m, false));
          break;
        case "difference":
          pair(SISA, slot(def, 0, m, false), slot(def, 1, m, false));
          break;
        case "quotient": {
          pair(EFISIENSI, slot(def, 0, m, false), slot(def, 1, m, false));
          const absorption = slot(def, 1, m, false);
          if (spec.regular === NONE && find("realisasi", "k") >= 0 && find("target", "k") >= 0 && absorption >= 0) {
            // No capaian column: the kinerja capaian is computed inside the formula.
            [spec.regular, spec.a, spec.b] = [EFISIENSI, -1, absorption];
            spec.inline = [find("realisasi", "k"), find("target", "k")];
          }
          break;
        }
        case "category": {
          const a = slot(def, 0, m, false);
          if (a >= 0) [spec.regular, spec.a, spec.scale] = [KATEGORI, a, def.scale === "efisiensi" ? efScale : opts.scale];
          break;
        }
      }
    }
    if (j < 0) return spec;
    // Number formats: the template's own (most frequent among the column's numbers), else defaults.
    const dom = dominant[j];
    const pctFmt = dom !== undefined && isPercentFormat(dom);
    const pct = spec.fraction ? (pctFmt ? dom : "0.00%") : dom !== undefined && !pctFmt ? dom : "0.00";
    spec.fmtMean = pct;
    if (col.role === "kategori" || col.role === "kategori_efisiensi") spec.fmtRegular = undefined;
    else if (col.role === "efisiensi") spec.fmtRegular = dom !== undefined && !pctFmt ? dom : "0.00";
    else if (PERCENT_ROLES.has(col.role)) spec.fmtRegular = pct;
    else if (m === "rp") spec.fmtRegular = dom ?? "#,##0";
    else spec.fmtRegular = dom ?? spec.quarters.map((q) => dominant[q]).find((f) => f !== undefined);
    return spec;
  }

  const specs = columns.map((col, j) => build(col, j));
  const out: Specs = { specs: [...specs, ...virtuals], real: columns.length };
  near = undefined;
  const ra = find("realisasi_renja", "k");
  const ta = find("target_renja", "k");
  if (ra >= 0 && ta >= 0 && find("capaian_renja", "k") < 0) out.renjaPair = [ra, ta];
  return out;
}

/**
 * The most frequent number format of each written / summed column, and whether it stores fractions
 * (from the column store's one pass down the column).
 */
function scanFormats(store: ColumnStore, columns: ColumnModel[]): { dominant: (string | undefined)[]; fraction: boolean[] } {
  const dominant: (string | undefined)[] = [];
  const fraction: boolean[] = [];
  const scanned = (col: ColumnModel): boolean => COMPUTED_ROLES.has(col.role) || AMOUNT_ROLES.has(col.role);
  store.preload(columns.flatMap((col, j) => (scanned(col) ? [j] : [])));
  columns.forEach((col, j) => {
    // Only columns the engine writes, sums, or takes K formats from.
    if (!scanned(col)) {
      dominant.push(undefined);
      fraction.push(false);
      return;
    }
    const stored = store.column(j);
    dominant.push(stored.dominant);
    fraction.push(PERCENT_ROLES.has(col.role) && stored.percent);
  });
  return { dominant, fraction };
}
