/**
 * Rule family "target / realisasi pairs": over-absorption (realisasi Rp above pagu), unit-mismatch
 * (target and realisasi K in different units) and target-missing (realisasi without a target).
 */
import { a1 } from "../../grid";
import type { ColumnModel, Finding } from "../../model";
import { roundHalfUp } from "../../scale";
import { fmtNum, fmtScalar, isPlainNumber, readStated, statedValue } from "../util";
import { FOOTER_LEVELS, TableCtx, makeFinding } from "../context";

interface Pair {
  target: ColumnModel;
  real: ColumnModel;
}

function pairs(ctx: TableCtx, measure: "k" | "rp", renstra = false): Pair[] {
  const out: Pair[] = [];
  const add = (t?: ColumnModel, r?: ColumnModel) => {
    if (t && r) out.push({ target: t, real: r });
  };
  if (measure === "k") {
    add(ctx.column("target", "k"), ctx.column("realisasi", "k"));
    add(ctx.column("target_renja", "k"), ctx.column("realisasi_renja", "k"));
  } else {
    add(ctx.column("pagu"), ctx.column("realisasi_anggaran"));
    add(ctx.column("target_renja", "rp"), ctx.column("realisasi_renja", "rp"));
  }
  if (renstra) add(ctx.column("target_renstra", measure), ctx.column("realisasi_renstra", measure));
  return out.filter((p) => !p.target.percent && !p.real.percent);
}

/** A1 of a pair's realisasi (w) and target (tw) cells in row r. */
function refsOf(r: number, p: Pair): { w: string; tw: string } {
  return { w: a1(r, p.real.col), tw: a1(r, p.target.col) };
}

/** The unit of the value at (r, c) of column `col`: its unit column's text, else the unit written in the cell. */
function unitOf(ctx: TableCtx, r: number, c: number, col: ColumnModel): string | undefined {
  if (col.unitCol !== undefined) {
    const t = ctx.grid.text(r, col.unitCol);
    return t === "" ? undefined : t;
  }
  // A stored number carries no unit (no Stated needed).
  const cell = ctx.grid.get(r, c);
  if (cell !== undefined && typeof cell.v === "number" && Number.isFinite(cell.v)) return undefined;
  return readStated(ctx.grid, r, c, col).parsed.unit;
}

function normUnit(u: string): string {
  const t = u
    .toLowerCase()
    .replace(/\bpersen\b|\bprosen\b/g, "%")
    .trim();
  const first = t.split(/[\s/]+/)[0] ?? "";
  return first.replace(/[.,;:()]/g, "");
}

const MEASURES = ["k", "rp"] as const;

export function auditPairs(ctx: TableCtx, out: Finding[]): void {
  const { grid, table } = ctx;
  const rows = table.rows.filter((r) => !FOOTER_LEVELS.has(r.level));
  const rpPairs = pairs(ctx, "rp");
  const withRenstra = { k: pairs(ctx, "k", true), rp: pairs(ctx, "rp", true) };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    // Over-absorption (Rp).
    for (let j = 0; j < rpPairs.length; j++) {
      const p = rpPairs[j];
      const target = statedValue(grid, row.row, p.target.col, p.target);
      let rv = statedValue(grid, row.row, p.real.col, p.real);
      if (rv === undefined && grid.isEmpty(row.row, p.real.col)) {
        const cc = ctx.computedCell(row.row, p.real.col);
        if (cc && typeof cc.value === "number") rv = cc.value;
      }
      if (target === undefined || rv === undefined) continue;
      const tv = target * (p.target.scale ?? 1);
      const rr = rv * (p.real.scale ?? 1);
      if (rr > tv + 0.5 && tv >= 0) {
        const { w, tw } = refsOf(row.row, p);
        out.push(
          makeFinding(ctx, {
            rule: "over-absorption",
            row: row.row,
            col: p.real.col,
            stated: rv,
            expected: target,
            how: `${w} ≤ ${tw}`,
            inputs: [tw],
            message: {
              id: `Realisasi anggaran ${w} = ${fmtNum(rv, "id")} melebihi pagu ${tw} = ${fmtNum(target, "id")}${tv > 0 ? ` (penyerapan ${fmtNum(roundHalfUp((rr / tv) * 100, 2), "id")}%)` : ""}`,
              en: `Budget realisasi ${w} = ${fmtNum(rv, "en")} exceeds the pagu ${tw} = ${fmtNum(target, "en")}${tv > 0 ? ` (absorption ${fmtNum(roundHalfUp((rr / tv) * 100, 2), "en")}%)` : ""}`,
            },
          }),
        );
      }
    }
    // Units and missing targets (K), missing pagu (Rp).
    for (let m = 0; m < MEASURES.length; m++) {
      const measure = MEASURES[m];
      const ps = withRenstra[measure];
      for (let j = 0; j < ps.length; j++) {
        const p = ps[j];
        // Stored numbers need no Stated: present, and a target that is one is not missing.
        const realCell = grid.get(row.row, p.real.col);
        if (realCell === undefined || realCell.v === null) continue; // empty: nothing realised
        if (!isPlainNumber(realCell)) {
          const rs = readStated(grid, row.row, p.real.col, p.real);
          const realPresent = rs.value !== undefined || rs.parsed.kind === "grade";
          if (!realPresent) continue;
        }
        const tCell = grid.get(row.row, p.target.col);
        const merged = grid.mergeAt(row.row, p.target.col);
        const tr = merged ? merged.r1 : row.row;
        const tc = merged ? merged.c1 : p.target.col;
        const tRaw = merged ? grid.value(merged.r1, merged.c1) : tCell?.v ?? null;
        const targetMissing =
          tRaw === null ||
          (typeof tRaw === "string" && tRaw.trim() === "") ||
          (!(typeof tRaw === "number" && Number.isFinite(tRaw)) && readStated(grid, tr, tc, p.target).parsed.kind === "placeholder");
        if (targetMissing) {
          const rs = readStated(grid, row.row, p.real.col, p.real);
          const { w, tw } = refsOf(row.row, p);
          out.push(
            makeFinding(ctx, {
              rule: "target-missing",
              row: row.row,
              col: p.target.col,
              stated: tRaw,
              inputs: [w],
              message: {
                id: `Target ${tw} ${tRaw === null || String(tRaw).trim() === "" ? "kosong" : `berisi "${String(tRaw).trim()}"`} padahal realisasi ${w} = ${fmtScalar(rs.value ?? rs.parsed.raw, "id")} terisi; capaian tidak dapat dihitung`,
              en: `Target ${tw} is ${tRaw === null || String(tRaw).trim() === "" ? "empty" : `"${String(tRaw).trim()}"`} while realisasi ${w} = ${fmtScalar(rs.value ?? rs.parsed.raw, "en")} is filled; capaian cannot be computed`,
            },
          }),
          );
          continue;
        }
        if (measure !== "k") continue;
        const ut = unitOf(ctx, tr, tc, p.target);
        const ur = unitOf(ctx, row.row, p.real.col, p.real);
        if (!ut || !ur) continue;
        if (normUnit(ut) === normUnit(ur)) continue;
        const rs = readStated(grid, row.row, p.real.col, p.real);
        const { w, tw } = refsOf(row.row, p);
        out.push(
          makeFinding(ctx, {
            rule: "unit-mismatch",
            row: row.row,
            col: p.real.col,
            stated: typeof rs.parsed.raw === "string" ? rs.parsed.raw : `${rs.value} ${ur}`,
            expected: ut,
            inputs: [tw],
            message: {
              id: `Satuan realisasi ${w} ("${ur}") berbeda dengan satuan target ${tw} ("${ut}"); capaian membandingkan besaran yang berbeda`,
              en: `Realisasi ${w} is in "${ur}" but the target ${tw} is in "${ut}"; the capaian compares different quantities`,
            },
          }),
        );
      }
    }
  }
}
