/**
 * A tiny evaluator for the formula subset the summary sheets write (IF, AND, OR, NOT, ISNUMBER,
 * ROUND, SUM, SUMIF, COUNTIF, COUNTIFS, AVERAGEIF, SUMPRODUCT, ROWS, comparisons, arithmetic), with
 * Excel's semantics for blanks and "" results. Used to check every CellWrite's `expected` without
 * LibreOffice. Not a general spreadsheet engine.
 */
import type { Book, Scalar } from "../../src/core/grid";
import { colIndex, sheetOf } from "../../src/core/grid";
import type { CellWrite, ComputedTable, SheetPlan } from "../../src/core/model";

type Val = Scalar | { error: string };
type Arr = { arr: Val[] };
type V = Val | Arr;

const BLANK = Symbol("blank");
type Cellish = Val | typeof BLANK;

export class Evaluator {
  private plans = new Map<string, Map<number, { formula?: string; value?: Scalar }>>();
  private cache = new Map<string, Val>();
  private computed = new Map<string, Scalar>();

  private writes = new Map<string, Scalar>();

  /**
   * `computed`: every empty source cell with a ComputedCell counts as filled with its value;
   * `writes`: the fill plan's writes (their expected value or value) overlay the source sheets.
   */
  constructor(
    private book: Book,
    plans: SheetPlan[],
    computed: ComputedTable[] = [],
    writes: CellWrite[] = [],
  ) {
    for (const w of writes) {
      if (w.formula) this.writes.set(`${w.sheet}!${w.row}:${w.col}`, w.expected ?? "");
      else if (w.value !== undefined) this.writes.set(`${w.sheet}!${w.row}:${w.col}`, w.value);
    }
    for (const p of plans) {
      const m = new Map<number, { formula?: string; value?: Scalar }>();
      for (const c of p.cells) m.set(c.row * 16384 + c.col, { formula: c.formula, value: c.value ?? null });
      this.plans.set(p.name, m);
    }
    for (const ct of computed) for (const c of ct.cells) this.computed.set(`${c.sheet}!${c.row}:${c.col}`, c.value);
  }

  /** The value of a cell (a summary cell is evaluated; a source cell is read, filled cells use the ComputedCell). */
  cell(sheet: string, r: number, c: number): Cellish {
    const plan = this.plans.get(sheet);
    if (plan) {
      const k = `${sheet}!${r}:${c}`;
      if (this.cache.has(k)) return this.cache.get(k) as Val;
      const w = plan.get(r * 16384 + c);
      if (!w) return BLANK;
      let v: Val;
      if (w.formula) v = this.evalFormula(w.formula, sheet);
      else if (w.value === null || w.value === undefined) return BLANK;
      else v = w.value;
      this.cache.set(k, v);
      return v;
    }
    const wk = `${sheet}!${r}:${c}`;
    if (this.writes.has(wk)) {
      const v = this.writes.get(wk);
      return v === null || v === undefined ? BLANK : v;
    }
    const grid = sheetOf(this.book, sheet);
    if (!grid) return { error: "#REF!" };
    const cell = grid.get(r, c);
    if (grid.isEmpty(r, c)) {
      const ck = `${sheet}!${r}:${c}`;
      if (this.computed.has(ck)) {
        const v = this.computed.get(ck);
        return v === null || v === undefined ? "" : v; // a filled formula returning ""
      }
      return BLANK;
    }
    if (cell?.error) return { error: String(cell.v) };
    return cell ? cell.v : BLANK;
  }

  evalFormula(formula: string, sheet: string): Val {
    const p = new Parser(formula.replace(/^=/, ""), sheet, this);
    const v = p.parseExpr();
    p.end();
    const s = scalar(v);
    return s;
  }
}

function scalar(v: V | Cellish): Val {
  if (v === BLANK) return 0;
  if (v && typeof v === "object" && "arr" in v) return scalar(v.arr[0] ?? 0);
  return v as Val;
}
function isErr(v: unknown): v is { error: string } {
  return !!v && typeof v === "object" && "error" in (v as object);
}
function num(v: Val | Cellish): number | { error: string } {
  if (v === BLANK || v === null) return 0;
  if (isErr(v)) return v;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") {
    if (v.trim() === "") return { error: "#VALUE!" };
    const n = Number(v);
    return Number.isNaN(n) ? { error: "#VALUE!" } : n;
  }
  return 0;
}
function truthy(v: Val): boolean | { error: string } {
  if (isErr(v)) return v;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (v === null) return false;
  return { error: "#VALUE!" };
}
function compare(a: Val | Cellish, b: Val | Cellish, op: string): Val {
  if (isErr(a)) return a;
  if (isErr(b)) return b;
  let x: Scalar = a === BLANK ? null : (a as Scalar);
  let y: Scalar = b === BLANK ? null : (b as Scalar);
  if (x === null) x = typeof y === "string" ? "" : typeof y === "boolean" ? false : 0;
  if (y === null) y = typeof x === "string" ? "" : typeof x === "boolean" ? false : 0;
  const rank = (s: Scalar): number => (typeof s === "number" ? 0 : typeof s === "string" ? 1 : 2);
  let cmp: number;
  if (rank(x) !== rank(y)) cmp = rank(x) - rank(y);
  else if (typeof x === "string") cmp = x.toLowerCase() < String(y).toLowerCase() ? -1 : x.toLowerCase() > String(y).toLowerCase() ? 1 : 0;
  else cmp = (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
  switch (op) {
    case "=":
      return cmp === 0;
    case "<>":
      return cmp !== 0;
    case "<":
      return cmp < 0;
    case ">":
      return cmp > 0;
    case "<=":
      return cmp <= 0;
    default:
      return cmp >= 0;
  }
}

/** Excel criterion matching ("=Program", "Program", ">=1", wildcards with ~ escapes). */
function matches(v: Cellish, crit: Val): boolean {
  const c = typeof crit === "string" ? crit : String(crit);
  const m = /^(<=|>=|<>|=|<|>)?(.*)$/s.exec(c) as RegExpExecArray;
  const op = m[1] ?? "=";
  const rhs = m[2];
  const val: Scalar = v === BLANK ? null : isErr(v) ? null : (v as Scalar);
  const rn = rhs.trim() !== "" && !Number.isNaN(Number(rhs)) ? Number(rhs) : undefined;
  if (rn !== undefined) {
    if (typeof val !== "number") return op === "<>";
    return compare(val, rn, op) === true;
  }
  if (op === "=" || op === "<>") {
    if (rhs === "") {
      const empty = val === null || val === "";
      return op === "=" ? empty : !empty;
    }
    const re = new RegExp(
      "^" +
        rhs
          .replace(/~([~*?])|([*?])|([.+^${}()|[\]\\])/g, (_s, esc, wild, meta) => (esc ? "\\" + esc : wild ? (wild === "*" ? ".*" : ".") : "\\" + meta)) +
        "$",
      "i",
    );
    const hit = typeof val === "string" && re.test(val);
    return op === "=" ? hit : !hit;
  }
  return false;
}

class Parser {
  private i = 0;
  constructor(
    private s: string,
    private sheet: string,
    private ev: Evaluator,
  ) {}

  end(): void {
    this.ws();
    if (this.i !== this.s.length) throw new Error(`unparsed: ${this.s.slice(this.i)} in ${this.s}`);
  }
  private ws(): void {
    while (this.s[this.i] === " ") this.i++;
  }
  private peek(t: string): boolean {
    this.ws();
    return this.s.startsWith(t, this.i);
  }
  private take(t: string): boolean {
    if (this.peek(t)) {
      this.i += t.length;
      return true;
    }
    return false;
  }

  parseExpr(): V {
    let a = this.parseConcat();
    for (;;) {
      const op = ["<=", ">=", "<>", "=", "<", ">"].find((o) => this.peek(o));
      if (!op) return a;
      this.i += op.length;
      const b = this.parseConcat();
      a = this.map2(a, b, (x, y) => compare(x, y, op));
    }
  }
  private parseConcat(): V {
    let a = this.parseAdd();
    while (this.take("&")) {
      const b = this.parseAdd();
      a = this.map2(a, b, (x, y) => (isErr(x) ? x : isErr(y) ? y : `${x === BLANK || x === null ? "" : x}${y === BLANK || y === null ? "" : y}`));
    }
    return a;
  }
  private parseAdd(): V {
    let a = this.parseMul();
    for (;;) {
      const op = this.peek("+") ? "+" : this.peek("-") ? "-" : undefined;
      if (!op) return a;
      this.i++;
      const b = this.parseMul();
      a = this.map2(a, b, (x, y) => arith(x, y, op));
    }
  }
  private parseMul(): V {
    let a = this.parseUnary();
    for (;;) {
      const op = this.peek("*") ? "*" : this.peek("/") ? "/" : undefined;
      if (!op) return a;
      this.i++;
      const b = this.parseUnary();
      a = this.map2(a, b, (x, y) => arith(x, y, op));
    }
  }
  private parseUnary(): V {
    if (this.take("-")) {
      const v = this.parseUnary();
      return this.map2(v, 0, (x) => arith(0, x, "-"));
    }
    return this.parsePrimary();
  }
  private map2(a: V, b: V, f: (x: Cellish, y: Cellish) => Val): V {
    const isA = (v: V): v is Arr => !!v && typeof v === "object" && "arr" in v;
    if (isA(a) || isA(b)) {
      const n = Math.max(isA(a) ? a.arr.length : 1, isA(b) ? b.arr.length : 1);
      const out: Val[] = [];
      for (let k = 0; k < n; k++) out.push(f(isA(a) ? a.arr[k] : (a as Val), isA(b) ? b.arr[k] : (b as Val)));
      return { arr: out };
    }
    return f(a as Cellish, b as Cellish);
  }

  private parsePrimary(): V {
    this.ws();
    if (this.take("(")) {
      const v = this.parseExpr();
      if (!this.take(")")) throw new Error("missing )");
      return v;
    }
    if (this.s[this.i] === '"') {
      let j = this.i + 1;
      let out = "";
      for (;;) {
        if (this.s[j] === '"') {
          if (this.s[j + 1] === '"') {
            out += '"';
            j += 2;
            continue;
          }
          break;
        }
        out += this.s[j++];
      }
      this.i = j + 1;
      return out;
    }
    const n = /^\d+(\.\d+)?(E[+-]?\d+)?/i.exec(this.s.slice(this.i));
    if (n) {
      this.i += n[0].length;
      return Number(n[0]);
    }
    // sheet-qualified or plain reference / range, or function call
    let sheet = this.sheet;
    const q = /^'((?:[^']|'')+)'!/.exec(this.s.slice(this.i)) ?? /^([A-Za-z_][A-Za-z0-9_.]*)!/.exec(this.s.slice(this.i));
    if (q) {
      sheet = q[1].replace(/''/g, "'");
      this.i += q[0].length;
    }
    const ref = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?(?![A-Za-z0-9_(])/.exec(this.s.slice(this.i));
    if (ref) {
      this.i += ref[0].length;
      const r1 = Number(ref[2]) - 1;
      const c1 = colIndex(ref[1]);
      if (!ref[3]) return this.ev.cell(sheet, r1, c1) as V;
      const r2 = Number(ref[4]) - 1;
      const c2 = colIndex(ref[3]);
      const arr: Val[] = [];
      for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) arr.push(this.ev.cell(sheet, r, c) as Val);
      return { arr };
    }
    const fn = /^([A-Z][A-Z0-9.]*)\(/.exec(this.s.slice(this.i));
    if (!fn) throw new Error(`cannot parse at ${this.s.slice(this.i)}`);
    this.i += fn[0].length;
    const args: V[] = [];
    if (!this.take(")")) {
      for (;;) {
        args.push(this.parseExpr());
        if (this.take(")")) break;
        if (!this.take(",")) throw new Error("expected ,");
      }
    }
    return call(fn[1], args);
  }
}

function arith(x: Cellish, y: Cellish, op: string): Val {
  const a = num(x);
  const b = num(y);
  if (isErr(a)) return a;
  if (isErr(b)) return b;
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    default:
      return b === 0 ? { error: "#DIV/0!" } : a / b;
  }
}

function items(v: V): Cellish[] {
  if (v && typeof v === "object" && "arr" in v) return v.arr as Cellish[];
  return [v as Cellish];
}

function call(name: string, args: V[]): V {
  switch (name) {
    case "IF": {
      const c = truthy(scalar(args[0]));
      if (isErr(c)) return c;
      return c ? (args[1] ?? true) : (args[2] ?? false);
    }
    case "IFERROR": {
      const v = scalar(args[0]);
      return isErr(v) ? args[1] : args[0];
    }
    case "AND":
    case "OR": {
      let acc = name === "AND";
      for (const a of args)
        for (const x of items(a)) {
          const t = truthy(x === BLANK ? null : (x as Val));
          if (isErr(t)) return t;
          acc = name === "AND" ? acc && t : acc || t;
        }
      return acc;
    }
    case "NOT": {
      const t = truthy(scalar(args[0]));
      return isErr(t) ? t : !t;
    }
    case "ISNUMBER": {
      const a = args[0];
      if (a && typeof a === "object" && "arr" in a) return { arr: a.arr.map((x) => typeof x === "number") };
      return typeof a === "number";
    }
    case "ROUND": {
      const v = num(scalar(args[0]));
      const d = num(scalar(args[1]));
      if (isErr(v) || isErr(d)) return isErr(v) ? v : d;
      const f = Math.pow(10, d);
      return (Math.sign(v) || 1) * (Math.floor(Math.abs(v) * f + 0.5 + 1e-9) / f);
    }
    case "SUM": {
      let s = 0;
      for (const a of args) for (const x of items(a)) if (typeof x === "number") s += x;
      return s;
    }
    case "ROWS":
      return items(args[0]).length;
    case "SUMPRODUCT": {
      const arrs = args.map(items);
      let s = 0;
      for (let k = 0; k < arrs[0].length; k++) {
        let p = 1;
        for (const a of arrs) {
          const v = a[k];
          if (isErr(v)) return v;
          p *= typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : 0;
        }
        s += p;
      }
      return s;
    }
    case "COUNTIF": {
      const crit = scalar(args[1]);
      return items(args[0]).filter((x) => matches(x, crit)).length;
    }
    case "COUNTIFS": {
      const ranges = args.filter((_, k) => k % 2 === 0).map(items);
      const crits = args.filter((_, k) => k % 2 === 1).map(scalar);
      let n = 0;
      for (let k = 0; k < ranges[0].length; k++) if (ranges.every((r, j) => matches(r[k], crits[j]))) n++;
      return n;
    }
    case "SUMIF":
    case "AVERAGEIF": {
      const range = items(args[0]);
      const crit = scalar(args[1]);
      const vals = items(args[2] ?? args[0]);
      let s = 0;
      let n = 0;
      for (let k = 0; k < range.length; k++) {
        if (!matches(range[k], crit)) continue;
        const v = vals[k];
        if (typeof v === "number") {
          s += v;
          n++;
        }
      }
      if (name === "SUMIF") return s;
      return n === 0 ? { error: "#DIV/0!" } : s / n;
    }
    default:
      throw new Error(`function ${name} not supported by the test evaluator`);
  }
}

/** Evaluate every formula of the plans; returns the mismatches against `expected`. */
export function checkExpected(
  book: Book,
  plans: SheetPlan[],
  computed: ComputedTable[] = [],
  writes: CellWrite[] = [],
): { count: number; mismatches: string[] } {
  const ev = new Evaluator(book, plans, computed, writes);
  const mismatches: string[] = [];
  let count = 0;
  for (const p of plans) {
    for (const w of p.cells) {
      if (!w.formula) continue;
      count++;
      let got = ev.evalFormula(w.formula, p.name);
      if (got === "") got = null;
      const exp = w.expected ?? null;
      const same =
        typeof got === "number" && typeof exp === "number" ? Math.abs(got - exp) <= 1e-9 * Math.max(1, Math.abs(exp)) : got === exp;
      if (!same) mismatches.push(`${p.name}!${w.row},${w.col} ${w.formula}: got ${JSON.stringify(got)} expected ${JSON.stringify(exp)}`);
    }
  }
  return { count, mismatches };
}
