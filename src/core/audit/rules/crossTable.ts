/**
 * Rule family "cross-table" (cross-table-amount): the same program / kegiatan / sub kegiatan with a
 * different pagu or realisasi in two tables of the workbook, column scales applied. "The same" is
 * decided by identity, never by a generic label: the row's code path (its ancestors' codes and its
 * own, RowModel.codePath) when both rows have codes, else the path of names from the top of the
 * table (a "Belanja Barang dan Jasa" under two different sub kegiatan is two items). A key that
 * occurs more than once in one table names no single item and is not compared. Name matches
 * between two tables count only where the tables list mostly the same items or the matched items
 * mostly agree: every SKPD has a "Penyusunan Dokumen Perencanaan Perangkat Daerah" of its own.
 */
import type { Book, Grid } from "../../grid";
import { a1, sheetOf } from "../../grid";
import type { ColumnModel, Finding, RowModel, TableModel } from "../../model";
import { fmtNum, statedValue } from "../util";
import { LEVEL_NAME, makeFinding } from "../context";
import { BUDGET_ITEM_LEVELS } from "../../domain";

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

const CROSS_LEVELS = BUDGET_ITEM_LEVELS;

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

/** Identity keys of every row: by code path (when coded) and by name path. */
function identities(table: TableModel): Map<number, { code?: string; name: string }> {
  const byRow = new Map<number, RowModel>();
  for (const r of table.rows) byRow.set(r.row, r);
  const memo = new Map<number, { code?: string; name: string }>();
  const ownCode = (r: RowModel): string | undefined => {
    const c = r.code ? normCode(r.code) : undefined;
    // A lone number ("1", "01") is numbering, not an identity.
    return c && c.includes(".") ? c : undefined;
  };
  const of = (r: RowModel, depth = 0): { code?: string; name: string } => {
    const hit = memo.get(r.row);
    if (hit) return hit;
    const parent = r.parent !== undefined && depth < 20 ? byRow.get(r.parent) : undefined;
    const up = parent ? of(parent, depth + 1) : undefined;
    const name = `${up ? `${up.name} > ` : ""}${normName(r.label)}`;
    let code: string | undefined;
    if (r.codePath && r.codePath.length) code = r.codePath.map(normCode).join(" > ");
    else {
      const c = ownCode(r);
      // A full Kepmendagri code names its item; an account code (5.1.02) only under its sub kegiatan.
      if (c) code = r.account ? (up?.code ? `${up.code} > ${c}` : undefined) : c;
    }
    const id = { code, name };
    memo.set(r.row, id);
    return id;
  };
  for (const r of table.rows) of(r);
  return memo;
}

export function auditCrossTable(book: Book, tables: TableModel[], out: Finding[]): void {
  // Amounts are only compared between two tables: a single table with amounts has nothing to match.
  if (tables.filter((t) => sheetOf(book, t.sheet) && amountColumns(t).length > 0).length < 2) return;
  /**
   * Name matches are judged per pair of tables: where the items matched by name carry mostly
   * different amounts, the names are the standard nomenclature of different organisations (every
   * SKPD has a "Penyusunan Dokumen Perencanaan Perangkat Daerah"), not the same items.
   */
  const byPair = new Map<string, { agree: number; differ: number; found: Finding[]; rows: Set<number>; a: TableModel; b: TableModel }>();
  const pairOf = (a: TableModel, b: TableModel) => {
    const k = a.id < b.id ? `${a.id}\u0000${b.id}` : `${b.id}\u0000${a.id}`;
    let p = byPair.get(k);
    if (!p) byPair.set(k, (p = { agree: 0, differ: 0, found: [], rows: new Set(), a, b }));
    return p;
  };
  /** Rows of each table that could be matched by name. */
  const named = new Map<string, number>();
  const firstByCode = new Map<string, AmountEntry>();
  const firstByName = new Map<string, AmountEntry>();
  for (const table of tables) {
    const grid = sheetOf(book, table.sheet);
    if (!grid) continue;
    const cols = amountColumns(table);
    if (cols.length === 0) continue;
    const ids = identities(table);
    // Keys used more than once in this table name no single item.
    const seenCode = new Map<string, number>();
    const seenName = new Map<string, number>();
    for (const row of table.rows) {
      if (!CROSS_LEVELS.has(row.level)) continue;
      const id = ids.get(row.row)!;
      if (id.code) seenCode.set(id.code, (seenCode.get(id.code) ?? 0) + 1);
      seenName.set(id.name, (seenName.get(id.name) ?? 0) + 1);
    }
    for (const row of table.rows) {
      if (!CROSS_LEVELS.has(row.level)) continue;
      const id = ids.get(row.row)!;
      const code = id.code && seenCode.get(id.code) === 1 ? id.code : undefined;
      const leaf = normName(row.label);
      const name = seenName.get(id.name) === 1 && leaf.length >= 8 ? id.name : "";
      if (!code && !name) continue;
      if (name) named.set(table.id, (named.get(table.id) ?? 0) + 1);
      for (const { col, kind } of cols) {
        const value = statedValue(grid, row.row, col.col, col);
        if (value === undefined) continue;
        const entry: AmountEntry = { table, grid, row, col, kind, value, rupiah: value * (col.scale ?? 1), code, name };
        const keys: [Map<string, AmountEntry>, string | undefined][] = [
          [firstByCode, code ? `${kind}|${code}` : undefined],
          [firstByName, name ? `${kind}|${name}` : undefined],
        ];
        let other: AmountEntry | undefined;
        let byNameMatch = false;
        const byCode = code ? firstByCode.get(`${kind}|${code}`) : undefined;
        if (byCode && byCode.table.id !== table.id) other = byCode;
        else if (!byCode && name) {
          const byName = firstByName.get(`${kind}|${name}`);
          // Match by name only when one of the two rows has no code (codes decide otherwise).
          if (byName && byName.table.id !== table.id && (!byName.code || !code)) {
            other = byName;
            byNameMatch = true;
          }
        }
        for (const [map, key] of keys) if (key && !map.has(key)) map.set(key, entry);
        if (!other) continue;
        const tol = 0.5 * Math.max(col.scale ?? 1, other.col.scale ?? 1);
        const pair = byNameMatch ? pairOf(table, other.table) : undefined;
        pair?.rows.add(row.row);
        if (Math.abs(entry.rupiah - other.rupiah) <= tol) {
          if (pair) pair.agree++;
          continue;
        }
        if (pair) pair.differ++;
        const where = a1(row.row, col.col);
        const there = `${other.grid.sheet === grid.sheet ? "" : `'${other.grid.sheet}'!`}${a1(other.row.row, other.col.col)}`;
        const what = kind === "pagu" ? { id: "Pagu", en: "Pagu (budget)" } : { id: "Realisasi anggaran", en: "Budget realisasi" };
        const lvl = LEVEL_NAME[row.level];
        const label = row.label.trim().slice(0, 80);
        (pair ? pair.found : out).push(
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
  // Trusted: the two tables list mostly the same items (a report's two views of one budget), or
  // the items matched by name mostly carry the same amounts.
  for (const p of byPair.values()) {
    const larger = Math.max(named.get(p.a.id) ?? 0, named.get(p.b.id) ?? 0);
    if (p.rows.size * 2 >= larger || p.agree * 3 >= p.differ) out.push(...p.found);
  }
}
