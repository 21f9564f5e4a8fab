/**
 * Rule family "cross-table" (cross-table-amount): the same program / kegiatan / sub kegiatan (by
 * code when both rows have one, else by normalised name) with a different pagu or realisasi in two
 * tables of the workbook, column scales applied.
 */
import type { Book, Grid } from "../../grid";
import { a1, sheetOf } from "../../grid";
import type { ColumnModel, Finding, RowLevel, RowModel, TableModel } from "../../model";
import { fmtNum, readStated } from "../util";
import { LEVEL_NAME, makeFinding } from "../context";

interface AmountEntry {
  table: TableModel;
  grid: Grid;
  row: RowModel;
  col: ColumnModel;
  kind: "pagu" | "realisasi";
  value: number;
  rupiah: number;
  code?: string;
  name: string;
}

const CROSS_LEVELS = new Set<RowLevel>(["urusan", "bidang", "program", "kegiatan", "subkegiatan"]);

export function normCode(code: string): string {
  return code
    .split(/[.\s]+/)
    .filter((p) => p !== "")
    .map((p) => (/^\d+$/.test(p) ? String(Number(p)) : p.toUpperCase()))
    .join(".");
}

export function normName(label: string): string {
  return label
    .toLowerCase()
    .replace(/^\s*(?:[ivxlc]+|\d+(?:\.\d+)*|[a-z])[.)]\s+/i, "")
    .replace(/^\s*\d+(?:\.\d+)+\s*/, "")
    .replace(/[^a-z0-9\u00C0-\u024F]+/g, " ")
    .trim();
}

function amountColumns(table: TableModel): { col: ColumnModel; kind: "pagu" | "realisasi" }[] {
  const out: { col: ColumnModel; kind: "pagu" | "realisasi" }[] = [];
  for (const c of table.columns) {
    if (c.percent) continue;
    if (c.role === "pagu" || (c.role === "target_renja" && c.measure === "rp")) out.push({ col: c, kind: "pagu" });
    if (c.role === "realisasi_anggaran" || (c.role === "realisasi_renja" && c.measure === "rp")) out.push({ col: c, kind: "realisasi" });
  }
  // One column per kind (the first).
  return out.filter((x, i) => out.findIndex((y) => y.kind === x.kind) === i);
}

export function auditCrossTable(book: Book, tables: TableModel[], out: Finding[]): void {
  const firstByCode = new Map<string, AmountEntry>();
  const firstByName = new Map<string, AmountEntry>();
  for (const table of tables) {
    const grid = sheetOf(book, table.sheet);
    if (!grid) continue;
    const cols = amountColumns(table);
    if (cols.length === 0) continue;
    for (const row of table.rows) {
      if (!CROSS_LEVELS.has(row.level)) continue;
      const name = normName(row.label);
      const code = row.code ? normCode(row.code) : undefined;
      if (!code && name.length < 8) continue;
      for (const { col, kind } of cols) {
        const st = readStated(grid, row.row, col.col, col);
        if (st.value === undefined) continue;
        const entry: AmountEntry = { table, grid, row, col, kind, value: st.value, rupiah: st.value * (col.scale ?? 1), code, name };
        const keys: [Map<string, AmountEntry>, string | undefined][] = [
          [firstByCode, code ? `${kind}|${code}` : undefined],
          [firstByName, name ? `${kind}|${name}` : undefined],
        ];
        let other: AmountEntry | undefined;
        const byCode = code ? firstByCode.get(`${kind}|${code}`) : undefined;
        if (byCode && byCode.table.id !== table.id) other = byCode;
        else if (!byCode) {
          const byName = firstByName.get(`${kind}|${name}`);
          // Match by name only when one of the two rows has no code (codes decide otherwise).
          if (byName && byName.table.id !== table.id && (!byName.code || !code)) other = byName;
        }
        for (const [map, key] of keys) if (key && !map.has(key)) map.set(key, entry);
        if (!other) continue;
        const tol = 0.5 * Math.max(col.scale ?? 1, other.col.scale ?? 1);
        if (Math.abs(entry.rupiah - other.rupiah) <= tol) continue;
        const where = a1(row.row, col.col);
        const there = `${other.grid.sheet === grid.sheet ? "" : `'${other.grid.sheet}'!`}${a1(other.row.row, other.col.col)}`;
        const what = kind === "pagu" ? { id: "Pagu", en: "Pagu (budget)" } : { id: "Realisasi anggaran", en: "Budget realisasi" };
        const lvl = LEVEL_NAME[row.level];
        const label = row.label.trim().slice(0, 80);
        out.push(
          makeFinding(
            { grid, table },
            {
              rule: "cross-table-amount",
              row: row.row,
              col: col.col,
              stated: entry.value,
              expected: other.value,
              inputs: [there],
              how: `${other.table.title ?? other.table.id}: ${there}`,
              message: {
                id: `${what.id} ${lvl.id} "${label}" ${where} = ${fmtNum(entry.rupiah, "id")} berbeda dengan tabel lain (${other.table.title ?? other.table.id}, ${there} = ${fmtNum(other.rupiah, "id")})`,
                en: `${what.en} of ${lvl.en} "${label}" ${where} = ${fmtNum(entry.rupiah, "en")} differs from another table (${other.table.title ?? other.table.id}, ${there} = ${fmtNum(other.rupiah, "en")})`,
              },
            },
          ),
        );
      }
    }
  }
}
