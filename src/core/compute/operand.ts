/**
 * Reading the inputs of a computation: what a cell holds, as far as arithmetic is concerned, and
 * whether a formula may reference it (a formula may only reference a cell whose content Excel and
 * LibreOffice see as a number).
 */
import type { Grid, Scalar } from "../grid";
import { a1 } from "../grid";
import type { ColumnModel, Message } from "../model";
import { parseValue } from "../value";
import { isPercentFormat } from "../domain/formats";

export { isPercentFormat } from "../domain/formats";

export type OperandKind =
  /** A number: a real number, a formula with a numeric result, a text number, or our own result. */
  | "num"
  | "empty"
  | "placeholder"
  | "grade"
  | "text"
  | "error"
  /** A computed cell the engine could not compute (its note says why). */
  | "missing";

export interface Operand {
  kind: OperandKind;
  /** A1 of the cell (same sheet). */
  ref: string;
  value?: number;
  /** A formula referencing this cell evaluates it as `value` (false for text numbers, errors). */
  refable: boolean;
  raw: Scalar;
  grade?: string;
  /** A real number shown with a percent format: 0.9295 means 92.95 %. */
  fraction?: boolean;
  /** A text number written with a percent sign ("92,95%"): value in percent units. */
  pctText?: boolean;
  /** The value is the engine's result for an empty cell the fill plan writes. */
  computed?: boolean;
  /** The cell holds, or will hold, a formula (a live value rather than a typed constant). */
  live?: boolean;
  /** Column scale ("Rp. (000)" = 1000). */
  scale: number;
  /** Why the operand cannot be used as is. */
  why?: Message;
  /** An inline sub-expression (a role the table has no column for): the cells it reads. */
  refs?: string[];
}

function describeRaw(raw: Scalar): string {
  const s = raw === null ? "" : String(raw);
  return s.length > 40 ? s.slice(0, 37) + "..." : s;
}

/**
 * Every operand is made here, one object shape with every field present (fast property access on
 * hot paths). One allocation site on purpose: `value` and `raw` see numbers and undefined / text,
 * so V8 keeps them as tagged fields (a numbers-only site would box each number anew).
 */
function build(
  kind: OperandKind,
  ref: string,
  value: number | undefined,
  refable: boolean,
  raw: Scalar,
  grade: string | undefined,
  fraction: boolean | undefined,
  pctText: boolean | undefined,
  computed: boolean | undefined,
  live: boolean | undefined,
  scale: number,
  why: Message | undefined,
  refs: string[] | undefined,
): Operand {
  return { kind, ref, value, refable, raw, grade, fraction, pctText, computed, live, scale, why, refs };
}

export function makeOperand(
  kind: OperandKind,
  ref: string,
  value: number | undefined,
  refable: boolean,
  raw: Scalar,
  scale: number,
  extra?: { grade?: string; fraction?: boolean; pctText?: boolean; computed?: boolean; live?: boolean; why?: Message; refs?: string[] },
): Operand {
  return build(kind, ref, value, refable, raw, extra?.grade, extra?.fraction, extra?.pctText, extra?.computed, extra?.live, scale, extra?.why, extra?.refs);
}

/** A numeric operand without the options object (the hot path). */
export function numOperand(
  ref: string,
  value: number,
  refable: boolean,
  raw: Scalar,
  scale: number,
  fraction: boolean | undefined,
  computed: boolean | undefined,
  live: boolean | undefined,
): Operand {
  return build("num", ref, value, refable, raw, undefined, fraction, undefined, computed, live, scale, undefined, undefined);
}

/** Whether a number format shows percentages, memoised per format text (a workbook has few). */
const percentFormats = new Map<string, boolean>();
export function percentFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  let known = percentFormats.get(fmt);
  if (known === undefined) {
    if (percentFormats.size > 4096) percentFormats.clear();
    known = isPercentFormat(fmt);
    percentFormats.set(fmt, known);
  }
  return known;
}

/** What a sheet cell holds, read with its column's conventions. */
export function readCell(grid: Grid, r: number, c: number, col: ColumnModel | undefined, ref: string = a1(r, c)): Operand {
  const scale = col?.scale ?? 1;
  const cell = grid.get(r, c);
  if (!cell) return makeOperand("empty", ref, undefined, true, null, scale);
  if (cell.error) {
    const t = describeRaw(cell.v);
    return makeOperand("error", ref, undefined, false, cell.v, scale, { why: { id: `${ref} berisi galat ${t}`, en: `${ref} holds the error ${t}` } });
  }
  const live = !!cell.f;
  if (typeof cell.v === "number") {
    if (!Number.isFinite(cell.v)) return makeOperand("text", ref, undefined, false, cell.v, scale);
    return numOperand(ref, cell.v, true, cell.v, scale, cell.fmt !== undefined && percentFormat(cell.fmt), undefined, live);
  }
  if (cell.v === null || cell.v === undefined) {
    // A formula without a cached value, or a truly empty cell.
    return makeOperand("empty", ref, undefined, !live, null, scale, { live });
  }
  const p = parseValue(cell.v, { style: col?.numberStyle });
  const t = describeRaw(cell.v);
  switch (p.kind) {
    case "empty":
      return makeOperand("empty", ref, undefined, true, cell.v, scale);
    case "number":
      return makeOperand("num", ref, p.value, false, cell.v, scale, {
        pctText: !!p.percent,
        why: {
          id: `${ref} berisi teks '${t}'; nilai ditulis, bukan rumus`,
          en: `${ref} holds the text '${t}'; the value is written, not a formula`,
        },
      });
    case "placeholder":
      return makeOperand("placeholder", ref, undefined, false, cell.v, scale, { why: { id: `${ref} berisi '${t}'`, en: `${ref} holds '${t}'` } });
    case "grade":
      return makeOperand("grade", ref, undefined, false, cell.v, scale, { grade: p.grade });
    default:
      return makeOperand("text", ref, undefined, false, cell.v, scale, { why: { id: `${ref} berisi teks '${t}'`, en: `${ref} holds the text '${t}'` } });
  }
}

/** Short bilingual description of a non-numeric operand, for notes. */
export function describeOperand(op: Operand): Message {
  switch (op.kind) {
    case "empty":
      return { id: `${op.ref} kosong`, en: `${op.ref} is empty` };
    case "missing":
      return op.why
        ? { id: `${op.ref} tidak dapat dihitung (${op.why.id})`, en: `${op.ref} cannot be computed (${op.why.en})` }
        : { id: `${op.ref} tidak dapat dihitung`, en: `${op.ref} cannot be computed` };
    case "grade":
      return { id: `${op.ref} berisi nilai huruf ${op.grade}`, en: `${op.ref} holds the letter grade ${op.grade}` };
    default:
      return op.why ?? { id: `${op.ref} berisi '${describeRaw(op.raw)}'`, en: `${op.ref} holds '${describeRaw(op.raw)}'` };
  }
}
