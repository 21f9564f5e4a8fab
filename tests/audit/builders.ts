/**
 * Four small hand-built workbooks (budget table, IKU table, E.81-style quarterly table, efficiency
 * table), each with an optional map of planted cells. The ComputedCells are produced by a tiny
 * stand-in for computeTable that reads the grid AFTER planting, as the engine would.
 */
import { a1, parseA1, type Book, type Grid } from "../../src/core/grid";
import type { ComputedCell, ComputedTable, EngineOptions, TableModel } from "../../src/core/model";
import { categorize, SCALE_PRESETS } from "../../src/core/scale";
import { computeTable } from "../../src/core/compute";
import { numberOf } from "../../src/core/value";
import { cc, col, makeGrid, OPTS, row, sumCell, table, type CellInput } from "./helpers";

export type Plants = Record<string, CellInput>;

/**
 * true: use the hand-made stand-in computations below (how the audit tests started);
 * false (default): the engine's computeTable. AUDIT_HAND_COMPUTE=1 switches back.
 */
export const HAND = process.env.AUDIT_HAND_COMPUTE === "1";

export interface Case {
  book: Book;
  tables: TableModel[];
  computed: ComputedTable[];
  opts: EngineOptions;
}

function plant(g: Grid, plants: Plants): void {
  for (const [ref, x] of Object.entries(plants)) {
    const p = parseA1(ref)!;
    if (x === undefined || x === null) {
      if (g.cells[p.r]) g.cells[p.r]![p.c] = undefined;
      continue;
    }
    g.set(p.r, p.c, typeof x === "object" ? x : { v: x });
  }
}

const num = (g: Grid, r: number, c: number): number | undefined => {
  const cell = g.get(r, c);
  if (!cell || cell.error) return undefined;
  return numberOf(cell.v);
};

// ---------------------------------------------------------------------------------------------
// Budget table: program with three kegiatan and a total row, parents as SUM formulas.

export function budgetRows(): CellInput[][] {
  return [
    ["Kode", "Uraian", "Pagu", "Realisasi", "%", "Sisa"],
    ["2.17.02", "Program Pemberdayaan Usaha Menengah", { v: 600, f: "=SUM(C3:C5)" }, { v: 540, f: "=SUM(D3:D5)" }, 90, 60],
    ["2.17.02.1.01", "Kegiatan Pelatihan", 100, 90, 90, 10],
    ["2.17.02.1.02", "Kegiatan Pendampingan", 200, 180, 90, 20],
    ["2.17.02.1.03", "Kegiatan Fasilitasi", 300, 270, 90, 30],
    [null, "Jumlah", { v: 600, f: "=C2" }, { v: 540, f: "=D2" }, 90, 60],
  ];
}

export function budgetTable(sheet: string): TableModel {
  return table(
    sheet,
    "realisasi-anggaran",
    5,
    5,
    [
      col(0, "kode"),
      col(1, "uraian"),
      col(2, "pagu", { measure: "rp" }),
      col(3, "realisasi_anggaran", { measure: "rp" }),
      col(4, "capaian_anggaran", { percent: true }),
      col(5, "sisa_anggaran", { measure: "rp" }),
    ],
    [
      row(1, "program", "Program Pemberdayaan Usaha Menengah", { code: "2.17.02" }),
      row(2, "kegiatan", "Kegiatan Pelatihan", { code: "2.17.02.1.01", parent: 1 }),
      row(3, "kegiatan", "Kegiatan Pendampingan", { code: "2.17.02.1.02", parent: 1 }),
      row(4, "kegiatan", "Kegiatan Fasilitasi", { code: "2.17.02.1.03", parent: 1 }),
      row(5, "total", "Jumlah"),
    ],
  );
}

export function computeBudget(g: Grid, t: TableModel): ComputedTable {
  const cells: ComputedCell[] = [];
  const P = new Map<number, number | undefined>();
  const R = new Map<number, number | undefined>();
  for (const r of [2, 3, 4]) {
    P.set(r, num(g, r, 2));
    R.set(r, num(g, r, 3));
  }
  const parent = (rr: number, kids: number[]) => {
    for (const [c, role, m] of [[2, "pagu", P], [3, "realisasi_anggaran", R]] as const) {
      const vals = kids.map((k) => m.get(k));
      const total = vals.every((v) => v !== undefined) ? vals.reduce<number>((a, b) => a + b!, 0) : null;
      const inputs = kids.map((k) => a1(k, c));
      cells.push(cc(g.sheet, rr, c, role, total, inputs, `SUM(${inputs.join(",")}) = ${total}`, "rp"));
      m.set(rr, total ?? undefined);
    }
  };
  parent(1, [2, 3, 4]);
  parent(5, [1]);
  for (const r of [1, 2, 3, 4, 5]) {
    const p = P.get(r);
    const ra = R.get(r);
    const ok = p !== undefined && ra !== undefined && p !== 0;
    cells.push(cc(g.sheet, r, 4, "capaian_anggaran", ok ? (ra! / p!) * 100 : null, [a1(r, 3), a1(r, 2)], `RA / P × 100 = ${ra} / ${p} × 100`));
    cells.push(cc(g.sheet, r, 5, "sisa_anggaran", p !== undefined && ra !== undefined ? p - ra : null, [a1(r, 2), a1(r, 3)], `P − RA = ${p} − ${ra}`, "rp"));
  }
  return { table: t, cells };
}

export function budgetCase(plants: Plants = {}, extra: Partial<TableModel> = {}): Case {
  const g = makeGrid("Anggaran", budgetRows());
  plant(g, plants);
  const t = { ...budgetTable("Anggaran"), ...extra };
  return { book: { name: "budget.xlsx", sheets: [g] }, tables: [t], computed: [HAND ? computeBudget(g, t) : computeTable(g, t, OPTS)], opts: OPTS };
}

// ---------------------------------------------------------------------------------------------
// IKU table: target, realisasi, capaian, kategori; rata-rata and predikat rows.

export function ikuCase(plants: Plants = {}, opts: EngineOptions = OPTS): Case {
  const g = makeGrid("IKU", [
    ["No", "Indikator", "Target", "Realisasi", "Capaian (%)", "Kategori"],
    [1, "Persentase koperasi aktif", 80, 72, 90, "Tinggi"],
    [2, "Jumlah UMKM terfasilitasi", "400 UM", "397 UM", 99.25, "Sangat Tinggi"],
    [3, "Nilai SAKIP", "BB", "BB", 100, "Sangat Tinggi"],
    [null, "Rata-rata capaian kinerja (%)", null, null, 96.42, null],
    [null, "Predikat kinerja", null, null, "Sangat Tinggi", null],
  ]);
  plant(g, plants);
  const t = table(
    "IKU",
    "capaian-indikator",
    5,
    5,
    [col(0, "no"), col(1, "indikator"), col(2, "target", { measure: "k" }), col(3, "realisasi", { measure: "k" }), col(4, "capaian", { percent: true }), col(5, "kategori")],
    [
      row(1, "sasaran", "Persentase koperasi aktif"),
      row(2, "sasaran", "Jumlah UMKM terfasilitasi"),
      row(3, "sasaran", "Nilai SAKIP"),
      row(4, "rata-rata", "Rata-rata capaian kinerja (%)"),
      row(5, "predikat", "Predikat kinerja"),
    ],
  );
  const cells: ComputedCell[] = [];
  const caps: number[] = [];
  for (const r of [1, 2, 3]) {
    const tv = g.value(r, 2);
    const rv = g.value(r, 3);
    let v: number | null = null;
    if (typeof tv === "string" && typeof rv === "string" && /^[A-D]{1,2}$/.test(tv) && tv === rv) v = 100;
    else {
      const T = num(g, r, 2);
      const R = num(g, r, 3);
      if (T !== undefined && R !== undefined && T !== 0) v = (R / T) * 100;
    }
    cells.push(cc("IKU", r, 4, "capaian", v, [a1(r, 3), a1(r, 2)], `R / T × 100 = ${g.value(r, 3)} / ${g.value(r, 2)} × 100`, "k"));
    cells.push(cc("IKU", r, 5, "kategori", v === null ? null : categorize(v, opts.scale), [a1(r, 4)], `capaian ${v} → ${opts.scale.name}`));
    if (v !== null) caps.push(v);
  }
  const mean = caps.length ? caps.reduce((a, b) => a + b, 0) / caps.length : null;
  cells.push(cc("IKU", 4, 4, "capaian", mean, ["E2", "E3", "E4"], `AVERAGE(E2:E4) = ${mean}`));
  cells.push(cc("IKU", 5, 4, "capaian", mean === null ? null : categorize(mean, opts.scale), ["E5"], `rata-rata ${mean} → ${opts.scale.name}`));
  return { book: { name: "iku.xlsx", sheets: [g] }, tables: [t], computed: [HAND ? { table: t, cells } : computeTable(g, t, opts)], opts };
}

// ---------------------------------------------------------------------------------------------
// E.81-style K columns: quarters, annual, capaian Renja, cumulative Renstra, capaian Renstra.

export function renjaCase(plants: Plants = {}, opts: { stockAsFlow?: boolean } = {}): Case {
  const g = makeGrid("E81", [
    ["No", "Program", "Indikator", "Target Renja", "TW I", "TW II", "TW III", "TW IV", "Realisasi", "Capaian", "Renstra lalu", "Renstra s/d", "Target Renstra", "Capaian Renstra"],
    [1, "Program X", "Jumlah UMKM dibina", 400, 100, 100, 100, 97, 397, 99.25, 800, 1197, 2000, 59.85],
    [null, null, "Jumlah ASN bersertifikat", 24, 24, 24, 24, 24, 24, 100, 24, 24, 24, 100],
  ]);
  plant(g, plants);
  const t = table(
    "E81",
    "renja-evaluasi",
    2,
    13,
    [
      col(0, "no"),
      col(1, "uraian"),
      col(2, "indikator"),
      col(3, "target_renja", { measure: "k" }),
      col(4, "realisasi_tw1", { measure: "k", quarter: 1 }),
      col(5, "realisasi_tw2", { measure: "k", quarter: 2 }),
      col(6, "realisasi_tw3", { measure: "k", quarter: 3 }),
      col(7, "realisasi_tw4", { measure: "k", quarter: 4 }),
      col(8, "realisasi_renja", { measure: "k" }),
      col(9, "capaian_renja", { measure: "k", percent: true }),
      col(10, "realisasi_renstra_lalu", { measure: "k" }),
      col(11, "realisasi_renstra", { measure: "k" }),
      col(12, "target_renstra", { measure: "k" }),
      col(13, "capaian_renstra", { measure: "k", percent: true }),
    ],
    [row(1, "program", "Program X", { indicator: "Jumlah UMKM dibina" }), row(2, "indikator", "Jumlah ASN bersertifikat", { parent: 1, aggregation: "stock" })],
  );
  const cells: ComputedCell[] = [];
  for (const r of [1, 2]) {
    const stock = r === 2 && !opts.stockAsFlow;
    const qs = [4, 5, 6, 7].map((c) => num(g, r, c)).filter((v): v is number => v !== undefined);
    const R = stock ? qs[qs.length - 1] : qs.reduce((a, b) => a + b, 0);
    const qin = [4, 5, 6, 7].map((c) => a1(r, c));
    cells.push(cc("E81", r, 8, "realisasi_renja", R, stock ? [qin[3]] : qin, stock ? `TW IV = ${R}` : `SUM(${qin.join(",")}) = ${R}`, "k"));
    const T = num(g, r, 3)!;
    cells.push(cc("E81", r, 9, "capaian_renja", (R / T) * 100, [a1(r, 8), a1(r, 3)], `R / T × 100 = ${R} / ${T} × 100`, "k"));
    const lalu = num(g, r, 10)!;
    const RR = stock ? R : lalu + R;
    cells.push(cc("E81", r, 11, "realisasi_renstra", RR, stock ? [a1(r, 8)] : [a1(r, 10), a1(r, 8)], stock ? `R = ${R}` : `${lalu} + ${R}`, "k"));
    const TR = num(g, r, 12)!;
    cells.push(cc("E81", r, 13, "capaian_renstra", (RR / TR) * 100, [a1(r, 11), a1(r, 12)], `${RR} / ${TR} × 100`, "k"));
  }
  return { book: { name: "e81.xlsx", sheets: [g] }, tables: [t], computed: [HAND ? { table: t, cells } : computeTable(g, t, OPTS)], opts: OPTS };
}

// ---------------------------------------------------------------------------------------------
// Efficiency table: capaian K, pagu, realisasi, penyerapan, efisiensi, kategori efisiensi.

export function efisiensiCase(plants: Plants = {}): Case {
  const g = makeGrid("Efisiensi", [
    ["Indikator", "Capaian (%)", "Pagu", "Realisasi", "Penyerapan (%)", "Efisiensi", "Kategori"],
    ["Jumlah UMKM dibina", 99.25, 1000, 900, 90, 1.1, "Efisien"],
    ["Persentase koperasi sehat", 80, 500, 500, 100, 0.8, "Tidak efisien"],
  ]);
  plant(g, plants);
  const t = table(
    "Efisiensi",
    "kinerja-anggaran",
    2,
    6,
    [
      col(0, "indikator"),
      col(1, "capaian", { percent: true }),
      col(2, "pagu", { measure: "rp" }),
      col(3, "realisasi_anggaran", { measure: "rp" }),
      col(4, "capaian_anggaran", { percent: true }),
      col(5, "efisiensi"),
      col(6, "kategori_efisiensi"),
    ],
    [row(1, "sasaran", "Jumlah UMKM dibina"), row(2, "sasaran", "Persentase koperasi sehat")],
  );
  const cells: ComputedCell[] = [];
  for (const r of [1, 2]) {
    const k = num(g, r, 1)!;
    const p = num(g, r, 2)!;
    const ra = num(g, r, 3)!;
    const pen = (ra / p) * 100;
    cells.push(cc("Efisiensi", r, 4, "capaian_anggaran", pen, [a1(r, 3), a1(r, 2)], `${ra} / ${p} × 100`));
    const ef = k / pen;
    cells.push(cc("Efisiensi", r, 5, "efisiensi", ef, [a1(r, 1), a1(r, 4)], `${k} / ${pen}`));
    cells.push(cc("Efisiensi", r, 6, "kategori_efisiensi", categorize(ef, SCALE_PRESETS.efisiensi), [a1(r, 5)], `efisiensi ${ef}`));
  }
  return { book: { name: "ef.xlsx", sheets: [g] }, tables: [t], computed: [HAND ? { table: t, cells } : computeTable(g, t, OPTS)], opts: OPTS };
}

export { sumCell };
