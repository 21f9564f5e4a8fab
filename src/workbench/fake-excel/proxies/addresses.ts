/**
 * A1 addresses ⇄ areas: "A1", "$A$1:B7", "A:C", "3:5" (optionally sheet-qualified), and the
 * addresses Excel reports ("Sheet!A1:B2", whole columns as "A:C").
 */
import { a1, colLetter, parseA1, colIndex, type Area } from "../../../core/grid";
import { MemWorkbook } from "../workbook";
import { MAX_COLS, MAX_ROWS } from "./common";

// ---------------------------------------------------------------------------------------------
// Addresses

/** "A1", "$A$1:B7", "A:C", "3:5", optionally prefixed by "Sheet!" (ignored here). */
export function parseAddress(address: string): Area | undefined {
  const local = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const [p, q] = local.split(":");
  if (q === undefined) {
    const c = parseA1(p);
    return c ? { r1: c.r, c1: c.c, r2: c.r, c2: c.c } : undefined;
  }
  const cell = (s: string) => parseA1(s);
  const cp = cell(p);
  const cq = cell(q);
  if (cp && cq) {
    return { r1: Math.min(cp.r, cq.r), c1: Math.min(cp.c, cq.c), r2: Math.max(cp.r, cq.r), c2: Math.max(cp.c, cq.c) };
  }
  const colRe = /^\$?([A-Za-z]{1,3})$/;
  const rowRe = /^\$?(\d+)$/;
  const pc = colRe.exec(p.trim());
  const qc = colRe.exec(q.trim());
  if (pc && qc) {
    const x = colIndex(pc[1]);
    const y = colIndex(qc[1]);
    return { r1: 0, c1: Math.min(x, y), r2: MAX_ROWS - 1, c2: Math.max(x, y) };
  }
  const pr = rowRe.exec(p.trim());
  const qr = rowRe.exec(q.trim());
  if (pr && qr) {
    const x = Number(pr[1]) - 1;
    const y = Number(qr[1]) - 1;
    return { r1: Math.min(x, y), c1: 0, r2: Math.max(x, y), c2: MAX_COLS - 1 };
  }
  return undefined;
}

function localAddress(area: Area): string {
  const fullCols = area.r1 === 0 && area.r2 === MAX_ROWS - 1;
  const fullRows = area.c1 === 0 && area.c2 === MAX_COLS - 1;
  if (fullCols && !fullRows) return `${colLetter(area.c1)}:${colLetter(area.c2)}`;
  if (fullRows && !fullCols) return `${area.r1 + 1}:${area.r2 + 1}`;
  if (area.r1 === area.r2 && area.c1 === area.c2) return a1(area.r1, area.c1);
  return `${a1(area.r1, area.c1)}:${a1(area.r2, area.c2)}`;
}

export function sheetAddress(sheet: string, area: Area): string {
  return MemWorkbook.address(sheet, area).replace(/!.*$/, "!" + localAddress(area));
}
