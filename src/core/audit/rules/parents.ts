/**
 * Rule family "parent / sum": a parent row's annual Rp against its own quarters (quarter-sum),
 * parent and total amounts typed as constants (constant-total), and SUM-shaped formulas on a
 * parent that skip a child or add a row that is not its detail (sum-range).
 */
import { a1, type CellData, type Grid } from "../../grid";
import type { ColumnModel, Finding, RowModel } from "../../model";
import { roundHalfUp } from "../../scale";
import { sumRanges } from "../../formula";
import { describeInputs, fmtNum, isErrorCell, readStated, statedValue } from "../util";
import { FOOTER_LEVELS, LEVEL_NAME, TableCtx, makeFinding, rangeMessageParts, sameColumnInputs } from "../context";

/**
 * Parent rows: the engine computes their annual Rp as the sum of the children, so the row's own
 * quarters are checked here: annual Rp = TW I + … + TW IV of the same row (Rp always sums).
 */
export function auditParentQuarters(ctx: TableCtx, out: Finding[]): void {
  const { grid, table } = ctx;
  const annual = ctx.column("realisasi_renja", "rp");
  if (!annual || annual.percent) return;
  const qs = ([1, 2, 3, 4] as const)
    .map((q) => table.columns.find((c) => (c.quarter === q || c.role === `realisasi_tw${q}`) && c.measure === "rp" && !c.percent))
    .filter((c): c is ColumnModel => c !== undefined);
  if (qs.length === 0) return;
  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (ctx.childrenOf(row).length === 0) continue;
    const cc = ctx.computedCell(row.row, annual.col);
    if (cc && !sameColumnInputs(cc)) continue; // the engine already compares with the quarters
    const stated = statedValue(grid, row.row, annual.col, annual);
    if (stated === undefined || isErrorCell(grid.get(row.row, annual.col))) continue;
    // The sum first (the same additions in the same order as below); labels and references only
    // for a row that disagrees.
    let sum = 0;
    let any = false;
    let bad = false;
    for (let j = 0; j < qs.length; j++) {
      const q = qs[j];
      const v = statedValue(grid, row.row, q.col, q);
      if (v !== undefined) {
        sum += v;
        any = true;
      } else if (!(grid.isEmpty(row.row, q.col) || readStated(grid, row.row, q.col, q).parsed.kind === "placeholder")) bad = true;
    }
    if (bad || !any) continue;
    if (Math.abs(stated - sum) <= 0.5 + 1e-9) continue;
    out.push(parentQuarterFinding(ctx, row, annual, qs, stated, sum));
  }
}

/** The quarter-sum finding of a parent row whose annual Rp (`stated`) is not its quarters' `sum`. */
function parentQuarterFinding(ctx: TableCtx, row: RowModel, annual: ColumnModel, qs: readonly ColumnModel[], stated: number, sum: number): Finding {
  const { grid } = ctx;
  const parts: { label: string; ref: string; value: number }[] = [];
  qs.forEach((q, i) => {
    const v = readStated(grid, row.row, q.col, q);
    if (v.value !== undefined) parts.push({ label: `TW ${["I", "II", "III", "IV"][Number(q.role.slice(-1)) - 1] ?? i + 1}`, ref: a1(row.row, q.col), value: v.value });
  });
  const where = a1(row.row, annual.col);
  const how = `Rp: ${parts.map((p) => p.label).join(" + ")} = ${parts.map((p) => fmtNum(p.value, "en")).join(" + ")} = ${fmtNum(sum, "en")}`;
  return makeFinding(ctx, {
    rule: "quarter-sum",
    row: row.row,
    col: annual.col,
    stated,
    expected: roundHalfUp(sum, 2),
    how,
    inputs: parts.map((p) => p.ref),
    message: {
      id: `Realisasi tahunan Rp ${where} = ${fmtNum(stated, "id")} tidak sama dengan jumlah realisasi triwulan baris ini (${parts.map((p) => p.ref).join(" + ")} = ${fmtNum(sum, "id")})`,
      en: `Annual realisasi Rp ${where} = ${fmtNum(stated, "en")} differs from the sum of this row's quarters (${parts.map((p) => p.ref).join(" + ")} = ${fmtNum(sum, "en")})`,
    },
  });
}

/** The engine's sum for a parent cell (else the sum of the stated children), for `expected`. */
export function childrenSum(ctx: TableCtx, row: RowModel, col: ColumnModel): { expected?: number } {
  const cc = ctx.computedCell(row.row, col.col);
  if (cc && typeof cc.value === "number") return { expected: cc.value };
  let sum: number | undefined;
  for (const k of ctx.childrenOf(row)) {
    const v = statedValue(ctx.grid, k.row, col.col, col);
    if (v !== undefined) sum = (sum ?? 0) + v;
  }
  return sum === undefined ? {} : { expected: sum };
}

export function auditParents(ctx: TableCtx, out: Finding[]): void {
  const { grid, table } = ctx;
  /** Parent cells typed as constants (a finding is made only for those reported one by one). */
  const constants: Constants = { rows: [], cols: [], stated: [] };
  // Sisa is a row-wise difference, not a sum of children.
  const rpCols = table.columns.filter((c) => ctx.isRpColumn(c) && c.role !== "sisa_anggaran");
  const dataRows = table.rows.filter((r) => r.level !== "indikator" && !FOOTER_LEVELS.has(r.level));
  /** Descendant rows of a row (made once per row, read-only). */
  const descMemo = new Map<number, RowSet>();
  const descendants = (row: RowModel): RowSet => {
    let set = descMemo.get(row.row);
    if (!set) descMemo.set(row.row, (set = descendantsOf(row)));
    return set;
  };
  const descendantsOf = (row: RowModel): RowSet => {
    if (row.level === "total") return dataRowSet(dataRows);
    const set = new Set<number>();
    const walk = (r: number) => {
      for (const k of ctx.children(r)) {
        set.add(k.row);
        walk(k.row);
      }
    };
    walk(row.row);
    return set;
  };
  /**
   * level → the columns where a parent of that level holds a formula (any row with children,
   * footer rows included), gathered in the same pass.
   */
  const formulaLevels = new Map<string, Set<number>>();
  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const kids = ctx.childrenOf(row);
    if (kids.length === 0) continue;
    const checked = row.level !== "rata-rata" && row.level !== "predikat" && row.level !== "indikator";
    for (let j = 0; j < rpCols.length; j++) {
      const col = rpCols[j];
      const cell = grid.get(row.row, col.col);
      if (cell === undefined) continue;
      if (cell.f) addFormulaLevel(formulaLevels, row, col);
      if (!checked || grid.isEmpty(row.row, col.col) || isErrorCell(cell)) continue;
      if (!cell.f) {
        const stated = statedValue(grid, row.row, col.col, col);
        if (stated === undefined || !anyStated(grid, kids, col)) continue;
        constants.rows.push(row);
        constants.cols.push(col);
        constants.stated.push(stated);
        continue;
      }
      sumRangeAt(ctx, out, row, col, cell as CellData & { f: string }, kids, descendants);
    }
  }
  const n = constants.rows.length;
  if (n === 0) return;
  // Where other parents of the same level in the same column are SUM formulas, a typed parent
  // stands out: flag each. Where every parent of that level is typed (a copy of a printed
  // report) say so once for the table.
  /** Indexes into `constants` of the cells reported together. */
  const grouped: number[] = [];
  for (let i = 0; i < n; i++) {
    if (formulaLevels.get(`${ctx.rowAt(constants.rows[i].row)?.level}`)?.has(constants.cols[i].col)) out.push(constantFinding(ctx, constants, i));
    else grouped.push(i);
  }
  if (grouped.length === 0) return;
  if (grouped.length === 1) {
    out.push(constantFinding(ctx, constants, grouped[0]));
    return;
  }
  out.push(groupedConstants(ctx, constants, grouped));
}

/**
 * The one constant-total finding of a table whose parents are all typed: the first cell's finding
 * listing every cell. Its `inputs` and `message` replace the first finding's in place (the same
 * fields in the same order as a copy; no object spread, whose shape V8 would learn anew each run).
 */
function groupedConstants(ctx: TableCtx, constants: Constants, grouped: number[]): Finding {
  const f = constantFinding(ctx, constants, grouped[0]);
  const cells = grouped.map((i) => a1(constants.rows[i].row, constants.cols[i].col));
  const list = cells.length > 6 ? `${cells.slice(0, 6).join(", ")} …` : cells.join(", ");
  f.inputs = cells;
  f.message = {
    id: `${grouped.length} jumlah induk/total di tabel ini diketik sebagai angka tetap, bukan rumus SUM (${list}); jumlah tidak ikut berubah bila rinciannya diubah`,
    en: `${grouped.length} parent/total amounts in this table are typed as constants, not SUM formulas (${list}); they will not follow changes in the detail`,
  };
  return f;
}

/**
 * The sum-range check of a parent's SUM-shaped formula (`cell` at `row`, column `col`). A function
 * of its own: closures in the parent × column loop would allocate a context per cell.
 */
function sumRangeAt(
  ctx: TableCtx,
  out: Finding[],
  row: RowModel,
  col: ColumnModel,
  cell: CellData & { f: string },
  kids: readonly RowModel[],
  descendants: (row: RowModel) => RowSet,
): void {
  const { grid } = ctx;
  const areas = sumRanges(cell.f);
  if (!areas) return;
  if (areas.some((a) => a.sheet !== undefined && a.sheet !== grid.sheet)) return;
  // Only vertical sums in this column (a row-wise SUM of quarters is another matter).
  if (!areas.every((a) => a.area.c1 === col.col && a.area.c2 === col.col)) return;
  const covered = new Set<number>();
  const foreign: string[] = [];
  for (const a of areas) {
    const r2 = Math.min(a.area.r2, grid.rowCount - 1);
    for (let r = a.area.r1; r <= r2; r++) {
      for (let c = a.area.c1; c <= a.area.c2 && c < Math.max(grid.colCount, col.col + 1); c++) {
        if (grid.isEmpty(r, c)) continue;
        if (c !== col.col) foreign.push(a1(r, c));
        else covered.add(r);
      }
    }
  }
  const desc = descendants(row);
  const skipped: string[] = [];
  const extra: string[] = [];
  // Walk the tree: each non-empty node is covered directly, or through all its descendants.
  const nonEmpty = (r: number) => !grid.isEmpty(r, col.col);
  const check = (kidsOf: readonly RowModel[]) => {
    for (const k of kidsOf) {
      const sub = ctx.children(k.row);
      if (covered.has(k.row)) {
        // Double count: a descendant covered as well.
        const inner = descendants(k);
        for (const r of inner) if (covered.has(r) && nonEmpty(r)) extra.push(a1(r, col.col));
        continue;
      }
      if (sub.length > 0 && sub.some((s) => nonEmpty(s.row))) check(sub);
      else if (nonEmpty(k.row)) skipped.push(a1(k.row, col.col));
    }
  };
  check(kids);
  for (const r of covered) {
    if (r === row.row) extra.push(a1(r, col.col));
    else if (!desc.has(r)) {
      const rm = ctx.rowAt(r);
      if (rm?.level === "indikator") continue;
      extra.push(a1(r, col.col));
    }
  }
  extra.push(...foreign);
  if (skipped.length === 0 && extra.length === 0) return;
  const where = a1(row.row, col.col);
  const sorted = (xs: string[]) => Array.from(new Set(xs));
  const sk = sorted(skipped);
  const ex = sorted(extra);
  const parts = rangeMessageParts(sk, ex);
  out.push(
    makeFinding(ctx, {
      rule: "sum-range",
      row: row.row,
      col: col.col,
      stated: typeof cell.v === "number" ? cell.v : cell.f,
      ...childrenSum(ctx, row, col),
      how: `${cell.f} → ${describeInputs(kids.map((k) => a1(k.row, col.col)))}`,
      inputs: kids.map((k) => a1(k.row, col.col)),
      message: {
        id: `Rumus ${where} (${cell.f}) ${parts.id.join(" dan ")}`,
        en: `Formula ${where} (${cell.f}) ${parts.en.join(" and ")}`,
      },
    }),
  );
}

function addFormulaLevel(formulaLevels: Map<string, Set<number>>, row: RowModel, col: ColumnModel): void {
  let cols = formulaLevels.get(`${row.level}`);
  if (!cols) formulaLevels.set(`${row.level}`, (cols = new Set()));
  cols.add(col.col);
}

/** Some of `rows` states a number in column `col`. */
function anyStated(grid: Grid, rows: readonly RowModel[], col: ColumnModel): boolean {
  for (let i = 0; i < rows.length; i++) if (statedValue(grid, rows[i].row, col.col, col) !== undefined) return true;
  return false;
}

/** Rows as a set (membership and iteration in insertion order). */
interface RowSet {
  has(r: number): boolean;
  [Symbol.iterator](): Iterator<number>;
}

/** The data rows of a table as a RowSet: a mask by row, not a Set of thousands of rows. */
function dataRowSet(dataRows: readonly RowModel[]): RowSet {
  let mask: Uint8Array | undefined;
  const maskOf = (): Uint8Array => {
    if (!mask) {
      let max = 0;
      for (let i = 0; i < dataRows.length; i++) if (dataRows[i].row > max) max = dataRows[i].row;
      mask = new Uint8Array(max + 1);
      for (let i = 0; i < dataRows.length; i++) mask[dataRows[i].row] = 1;
    }
    return mask;
  };
  return {
    has: (r) => maskOf()[r] === 1,
    *[Symbol.iterator]() {
      const seen = new Uint8Array(maskOf().length);
      for (let i = 0; i < dataRows.length; i++) {
        const r = dataRows[i].row;
        if (seen[r]) continue;
        seen[r] = 1;
        yield r;
      }
    },
  };
}

/**
 * Parent cells typed as constants, as parallel lists (tens of thousands at 50,000 rows: no object
 * per cell); cell i is (rows[i], cols[i]) stating stated[i].
 */
interface Constants {
  rows: RowModel[];
  cols: ColumnModel[];
  stated: number[];
}

function constantFinding(ctx: TableCtx, k: Constants, i: number): Finding {
  const row = k.rows[i];
  const col = k.cols[i];
  const kids = ctx.childrenOf(row);
  const where = a1(row.row, col.col);
  const lvl = LEVEL_NAME[row.level];
  return makeFinding(ctx, {
    rule: "constant-total",
    row: row.row,
    col: col.col,
    stated: k.stated[i],
    ...childrenSum(ctx, row, col),
    inputs: kids.map((kid) => a1(kid.row, col.col)),
    message: {
      id: `Jumlah ${lvl.id} ${where} diketik sebagai angka tetap, bukan rumus SUM atas ${kids.length} baris di bawahnya; jumlah tidak ikut berubah bila rinciannya diubah`,
      en: `The ${lvl.en} amount ${where} is typed as a constant, not a SUM over its ${kids.length} child rows; it will not follow changes in the detail`,
    },
  });
}
