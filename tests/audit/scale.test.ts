/** The audit stays fast on a large table (linear-ish): 6,000 rows with SUM formulas on parents. */
import { auditBook } from "../../src/core/audit";
import { computeTable } from "../../src/core/compute";
import { Grid, a1 } from "../../src/core/grid";
import type { RowModel } from "../../src/core/model";
import { OPTS, col, row, table } from "./helpers";

test("a 6,000-row budget table with consistent sums gives no error finding (speed: npm run bench)", () => {
  const g = new Grid("Big");
  ["Kode", "Uraian", "Pagu", "Realisasi", "%"].forEach((h, c) => g.set(0, c, { v: h }));
  const rows: RowModel[] = [];
  let r = 1;
  const programs: number[] = [];
  for (let p = 0; p < 100; p++) {
    const pr = r++;
    programs.push(pr);
    rows.push(row(pr, "program", `Program ${p}`, { code: `${p + 1}` }));
    const kegs: number[] = [];
    for (let k = 0; k < 6; k++) {
      const kr = r++;
      kegs.push(kr);
      rows.push(row(kr, "kegiatan", `Kegiatan ${p}.${k}`, { code: `${p + 1}.${k + 1}`, parent: pr, depth: 1 }));
      const subs: number[] = [];
      for (let s = 0; s < 9; s++) {
        const sr = r++;
        subs.push(sr);
        rows.push(row(sr, "subkegiatan", `Sub ${p}.${k}.${s}`, { code: `${p + 1}.${k + 1}.${s + 1}`, parent: kr, depth: 2 }));
        g.set(sr, 2, { v: 1000 + s, fmt: "#,##0" });
        g.set(sr, 3, { v: 900 + s, fmt: "#,##0" });
        g.set(sr, 4, { v: Math.round(((900 + s) / (1000 + s)) * 10000) / 100, fmt: "0.00" });
      }
      for (const c of [2, 3]) {
        const v = subs.reduce((a, x) => a + (g.value(x, c) as number), 0);
        g.set(kr, c, { v, f: `=SUM(${a1(subs[0], c)}:${a1(subs[subs.length - 1], c)})`, fmt: "#,##0" });
      }
      g.set(kr, 4, { v: Math.round(((g.value(kr, 3) as number) / (g.value(kr, 2) as number)) * 10000) / 100 });
    }
    for (const c of [2, 3]) {
      const v = kegs.reduce((a, x) => a + (g.value(x, c) as number), 0);
      g.set(pr, c, { v, f: `=${kegs.map((x) => a1(x, c)).join("+")}`, fmt: "#,##0" });
    }
    g.set(pr, 4, { v: Math.round(((g.value(pr, 3) as number) / (g.value(pr, 2) as number)) * 10000) / 100 });
  }
  const tr = r++;
  rows.push(row(tr, "total", "Jumlah"));
  for (const c of [2, 3]) {
    const v = programs.reduce((a, x) => a + (g.value(x, c) as number), 0);
    g.set(tr, c, { v, f: `=${programs.map((x) => a1(x, c)).join("+")}` });
  }
  g.set(tr, 4, { v: Math.round(((g.value(tr, 3) as number) / (g.value(tr, 2) as number)) * 10000) / 100 });
  const t = table("Big", "realisasi-anggaran", tr, 4, [col(0, "kode"), col(1, "uraian"), col(2, "pagu", { measure: "rp" }), col(3, "realisasi_anggaran", { measure: "rp" }), col(4, "capaian_anggaran", { percent: true })], rows);
  const book = { name: "big", sheets: [g] };
  const computed = [computeTable(g, t, OPTS)];
  const fs = auditBook(book, [t], computed, OPTS);
  expect(rows.length).toBeGreaterThan(6000);
  expect(fs.filter((f) => f.severity === "error")).toEqual([]);
});
