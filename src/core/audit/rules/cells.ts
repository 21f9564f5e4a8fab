/**
 * Rule family "single cells": numbers stored as text in a number column (number-as-text) and
 * formula errors (#DIV/0!, #REF! …) anywhere in the table's data area (formula-error).
 */
import { a1 } from "../../grid";
import type { Finding } from "../../model";
import { NUMERIC_ROLES } from "../../model";
import { fmtNum, isErrorCell, readStated } from "../util";
import { PERCENT_ROLES, RP_ROLES, TableCtx, makeFinding } from "../context";

export function auditCells(ctx: TableCtx, out: Finding[]): void {
  const { grid, table } = ctx;
  const numCols = table.columns.filter((c) => NUMERIC_ROLES.has(c.role));
  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    for (let j = 0; j < numCols.length; j++) {
      const col = numCols[j];
      const cell = grid.get(row.row, col.col);
      if (!cell || cell.f || typeof cell.v !== "string" || isErrorCell(cell)) continue;
      const st = readStated(grid, row.row, col.col, col);
      if (!st.fromText || st.value === undefined) continue;
      // A K quantity written with its unit or percent sign ("400 UM", "16,24%") is the template's
      // one-cell K convention, not a number meant for SUM; computed and Rp columns are flagged.
      const kInput = (col.measure ?? "k") === "k" && !col.percent && !PERCENT_ROLES.has(col.role) && col.role !== "efisiensi" && !RP_ROLES.has(col.role);
      if (st.parsed.unit || (kInput && (st.parsed.percent || st.parsed.multiplier))) continue;
      const where = a1(row.row, col.col);
      out.push(
        makeFinding(ctx, {
          rule: "number-as-text",
          row: row.row,
          col: col.col,
          stated: cell.v,
          expected: st.value,
          message: {
            id: `${where} berisi angka yang disimpan sebagai teks ("${cell.v.trim()}", dibaca sebagai ${fmtNum(st.value, "id")}${st.parsed.unit ? ` ${st.parsed.unit}` : ""}); SUM dan rumus Excel mengabaikannya`,
            en: `${where} holds a number stored as text ("${cell.v.trim()}", read as ${fmtNum(st.value, "en")}${st.parsed.unit ? ` ${st.parsed.unit}` : ""}); Excel's SUM ignores it`,
          },
        }),
      );
    }
  }
  // Formula errors anywhere in the table's data area.
  const { area, header } = table;
  for (let r = header.lastRow + 1; r <= area.r2; r++) {
    for (let c = area.c1; c <= area.c2; c++) {
      const cell = grid.get(r, c);
      if (!isErrorCell(cell)) continue;
      const where = a1(r, c);
      const err = String(cell!.v).trim();
      out.push(
        makeFinding(ctx, {
          rule: "formula-error",
          row: r,
          col: c,
          stated: err,
          how: cell!.f,
          message: {
            id: `${where} menampilkan galat ${err}${cell!.f ? ` (rumus ${cell!.f})` : ""}${err.toUpperCase() === "#DIV/0!" ? ": pembagi (target/pagu) kosong atau nol" : ""}`,
            en: `${where} shows the error ${err}${cell!.f ? ` (formula ${cell!.f})` : ""}${err.toUpperCase() === "#DIV/0!" ? ": the divisor (target/pagu) is empty or zero" : ""}`,
          },
        }),
      );
    }
  }
}
