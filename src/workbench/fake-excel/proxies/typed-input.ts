/**
 * Excel's typed-input rules for a value written through the API (formulas, numbers, percentages,
 * booleans, error literals, the quote prefix, Text-formatted cells), and a cell's valueType.
 */
import type { MemCell } from "../workbook";
import { invalidArgument } from "./common";

// ---------------------------------------------------------------------------------------------
// Typed input (what Excel does with a value written through the API)

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED_RE = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

export function writeInput(cell: MemCell, input: unknown, asFormula: boolean): void {
  cell.calc = undefined;
  cell.unsupported = undefined;
  cell.error = undefined;
  cell.quoted = undefined;
  if (input === "" ) {
    cell.v = null;
    cell.f = undefined;
    return;
  }
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw invalidArgument("Range.values");
    cell.v = input;
    cell.f = undefined;
    return;
  }
  if (typeof input === "boolean") {
    cell.v = input;
    cell.f = undefined;
    return;
  }
  if (typeof input !== "string") throw invalidArgument("Range.values", "The value type is not supported.");
  const s = input;
  if (cell.fmt === "@") {
    cell.v = s;
    cell.f = undefined;
    return;
  }
  if (s.startsWith("'")) {
    cell.v = s.slice(1);
    cell.f = undefined;
    cell.quoted = true;
    return;
  }
  if (s.startsWith("=") && s.length > 1) {
    cell.f = s;
    cell.v = null;
    return;
  }
  if (/^#(N\/A|REF!|DIV\/0!|VALUE!|NAME\?|NUM!|NULL!)$/.test(s)) {
    // an error literal typed in is Excel's error value
    cell.v = s;
    cell.f = undefined;
    cell.error = true;
    return;
  }
  const t = s.trim();
  if (NUMBER_RE.test(t)) {
    cell.v = Number(t);
    cell.f = undefined;
    return;
  }
  if (GROUPED_RE.test(t)) {
    cell.v = Number(t.replace(/,/g, ""));
    cell.f = undefined;
    if (!cell.fmt) cell.fmt = t.includes(".") ? "#,##0.00" : "#,##0";
    return;
  }
  const pct = /^([+-]?(\d+(\.\d*)?|\.\d+))\s*%$/.exec(t);
  if (pct) {
    cell.v = Number(pct[1]) / 100;
    cell.f = undefined;
    if (!cell.fmt) cell.fmt = pct[1].includes(".") ? "0.00%" : "0%";
    return;
  }
  if (/^(TRUE|FALSE)$/i.test(t)) {
    cell.v = t.toUpperCase() === "TRUE";
    cell.f = undefined;
    return;
  }
  if ((s.startsWith("+") || s.startsWith("-")) && s.length > 1) {
    // Excel treats "+x" / "-x" as a formula (the formula-injection hazard)
    cell.f = "=" + s;
    cell.v = null;
    return;
  }
  void asFormula;
  cell.v = s;
  cell.f = undefined;
}

export function valueType(cell: MemCell | undefined): string {
  if (!cell || cell.v === null || cell.v === "") return "Empty";
  if (cell.error) return "Error";
  if (typeof cell.v === "number") return "Double";
  if (typeof cell.v === "boolean") return "Boolean";
  return "String";
}
