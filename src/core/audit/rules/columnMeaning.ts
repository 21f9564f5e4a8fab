/**
 * The precision review's judgement of computed-column findings (capaian, penyerapan, sisa,
 * efisiensi, factor-100): a header naming another quantity, a stated formula that reads none of
 * the engine's inputs, a capaian whose negative polarity was only guessed from words, and the
 * count of cells the engine could compare in a column (for "nearly every value disagrees").
 */
import { a1 } from "../../grid";
import type { Finding, Message } from "../../model";
import { parseRefs } from "../../formula";
import { inputValue, TableCtx } from "../context";
import { isErrorCell, readStated } from "../util";

/** Header words of columns that are not the absorption / achievement they sit beside. */
const OTHER_QUANTITY = /\b(bobot|tertimbang|deviasi|akas|selisih|rata-?rata tertimbang)\b/i;

function refKey(ref: string): string {
  return ref.replace(/\$/g, "").toUpperCase();
}

export function judgeColumnFinding(ctx: TableCtx, f: Finding): Message | undefined {
  const col = ctx.colByCol.get(f.col);
  if (!col) return undefined;
  if (OTHER_QUANTITY.test(col.header)) {
    return {
      id: `judul kolom "${col.header}" menyebut besaran lain (bobot / tertimbang / deviasi), bukan ${f.rule === "capaian-mismatch" ? "capaian" : "penyerapan"}`,
      en: `the column header "${col.header}" names another quantity (weight / weighted / deviation), not ${f.rule === "capaian-mismatch" ? "achievement" : "absorption"}`,
    };
  }
  const cell = ctx.grid.get(f.row, f.col);
  if (cell?.f && f.inputs && f.inputs.length) {
    const refs = parseRefs(cell.f).filter((r) => r.sheet === undefined || r.sheet === ctx.grid.sheet);
    if (refs.length > 0) {
      const want = new Set(f.inputs.map(refKey));
      const hit = refs.some((r) => {
        for (let rr = r.area.r1; rr <= Math.min(r.area.r2, r.area.r1 + 200); rr++) {
          for (let cc = r.area.c1; cc <= Math.min(r.area.c2, r.area.c1 + 50); cc++) if (want.has(a1(rr, cc))) return true;
        }
        return false;
      });
      if (!hit) {
        return {
          id: `rumus sel itu sendiri (${cell.f}) tidak membaca ${f.inputs.join(", ")}; kolom ini menghitung besaran lain`,
          en: `the cell's own formula (${cell.f}) reads none of ${f.inputs.join(", ")}; the column computes something else`,
        };
      }
    }
  }
  return undefined;
}

/**
 * A capaian read with the negative formula whose stated value is the positive R / T × 100: the
 * polarity was guessed from the indicator's words, so which of the two is wrong is uncertain.
 */
export function polarityGuess(ctx: TableCtx, f: Finding): Message | undefined {
  const row = ctx.rowAt(f.row);
  if (!row || row.polarity !== "negative") return undefined;
  if (ctx.opts.polarity && ctx.opts.polarity[`${ctx.table.id}#${f.row}`]) return undefined;
  if (!f.inputs || f.inputs.length !== 2 || typeof f.stated !== "number") return undefined;
  const [R, T] = f.inputs.map((ref) => inputValue(ctx, ref, "stated").value);
  if (R === undefined || T === undefined || T === 0) return undefined;
  const pos = (R / T) * 100;
  const st = readStated(ctx.grid, f.row, f.col, ctx.colByCol.get(f.col));
  const shown = st.percentFormat ? f.stated : f.stated;
  const d = Math.min(st.decimals ?? 2, 2);
  if (Math.abs(roundTo(shown, d) - roundTo(pos, d)) > Math.pow(10, -d) * 1.0001) return undefined;
  return {
    id: "nilai tertulis = R / T × 100; polaritas negatif indikator ini hanya dugaan dari kata-katanya, jadi belum pasti mana yang keliru",
    en: "the stated value is R / T × 100; this indicator's negative polarity is only guessed from its words, so which one is wrong is uncertain",
  };
}

function roundTo(v: number, d: number): number {
  const k = Math.pow(10, d);
  return Math.round(v * k) / k;
}

/** Computed cells of a column the engine could compare (stated, non-empty, not an error). */
export function comparedCells(ctx: TableCtx, col: number): number {
  let n = 0;
  for (const cc of ctx.cells) {
    if (cc.col !== col || cc.value === null || typeof cc.value !== "number") continue;
    if (ctx.grid.isEmpty(cc.row, cc.col) || isErrorCell(ctx.grid.get(cc.row, cc.col))) continue;
    n++;
  }
  return n;
}
