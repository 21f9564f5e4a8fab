/**
 * A small en-US Excel formula evaluator for the workbench's stand-in Excel. It covers what the
 * add-in writes (arithmetic, comparisons, &, %, SUM, AVERAGE, IF, IFERROR, ROUND, OR, AND and a few
 * companions) over cell and range references, including references to other sheets. Anything it
 * does not know (an unknown function, a defined name) yields `unsupported`, and the caller keeps
 * the cell's cached value instead of inventing one.
 */
import type { Scalar } from "../../core/grid";
import { colIndex } from "../../core/grid";

export type ErrorCode = "#DIV/0!" | "#VALUE!" | "#REF!" | "#NAME?" | "#N/A" | "#NUM!" | "#NULL!";

const ERROR_CODES: ErrorCode[] = ["#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#N/A", "#NUM!", "#NULL!"];

export class FormulaError {
  constructor(readonly code: ErrorCode) {}
}

/** A cell as the evaluator sees it. */
export interface HostCell {
  v: Scalar;
  error?: boolean;
}

export interface FormulaHost {
  /** The cell's current value (a formula cell's value is computed on demand by the host). */
  cell(sheet: string, r: number, c: number): HostCell | undefined;
  /** The sheet's canonical name, or undefined when the workbook has no such sheet. */
  sheetName(name: string): string | undefined;
  /** Rows and columns in use on the sheet; whole-column/row references are clipped to it. */
  extent?(sheet: string): { rows: number; cols: number };
}

export interface EvalResult {
  value: Scalar;
  error?: boolean;
  /** Set when the formula uses something the evaluator cannot compute (value is then null). */
  unsupported?: string;
}

class Unsupported extends Error {}

// ---------------------------------------------------------------------------------------------
// Tokens and syntax tree

type Token =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "bool"; v: boolean }
  | { t: "err"; v: ErrorCode }
  | { t: "ref"; sheet?: string; r1: number; c1: number; r2: number; c2: number }
  | { t: "func"; name: string }
  | { t: "name"; v: string }
  | { t: "op"; v: string };

type Node =
  | { k: "lit"; v: Scalar | FormulaError }
  | { k: "ref"; sheet?: string; r1: number; c1: number; r2: number; c2: number }
  | { k: "func"; name: string; args: Node[] }
  | { k: "un"; op: string; a: Node }
  | { k: "bin"; op: string; a: Node; b: Node }
  | { k: "pct"; a: Node };

const MAX_ROW = 1048575;
const MAX_COL = 16383;

function cellPart(s: string): { r?: number; c?: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/.exec(s);
  if (!m || (!m[1] && !m[2])) return undefined;
  return { c: m[1] ? colIndex(m[1]) : undefined, r: m[2] ? Number(m[2]) - 1 : undefined };
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const s = src;
  const refRe =
    /^(?:('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)(?![A-Za-z0-9_(])/;
  while (i < s.length) {
    const ch = s[i];
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      i++;
      continue;
    }
    const rest = s.slice(i);
    if (/^[0-9.]/.test(ch)) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest);
      // "1:3" is a row range, not a number
      const rowRange = /^\$?\d+:\$?\d+/.exec(rest);
      if (rowRange && (!m || m[0].length <= rowRange[0].indexOf(":"))) {
        const ref = refRe.exec(rest);
        if (ref) {
          out.push(refToken(ref[1], ref[2]));
          i += ref[0].length;
          continue;
        }
      }
      if (!m) throw new Unsupported(`bad number at ${i}`);
      out.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let v = "";
      for (;;) {
        if (j >= s.length) throw new Unsupported("unterminated string");
        if (s[j] === '"') {
          if (s[j + 1] === '"') {
            v += '"';
            j += 2;
            continue;
          }
          break;
        }
        v += s[j++];
      }
      out.push({ t: "str", v });
      i = j + 1;
      continue;
    }
    if (ch === "#") {
      const code = ERROR_CODES.find((e) => rest.toUpperCase().startsWith(e));
      if (!code) throw new Unsupported(`unknown error literal at ${i}`);
      out.push({ t: "err", v: code });
      i += code.length;
      continue;
    }
    const ref = refRe.exec(rest);
    if (ref) {
      out.push(refToken(ref[1], ref[2]));
      i += ref[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (word) {
      const after = s.slice(i + word[0].length).trimStart();
      if (after.startsWith("(")) {
        out.push({ t: "func", name: word[0].toUpperCase().replace(/^_XLFN\./, "") });
      } else if (/^(TRUE|FALSE)$/i.test(word[0])) {
        out.push({ t: "bool", v: word[0].toUpperCase() === "TRUE" });
      } else {
        out.push({ t: "name", v: word[0] });
      }
      i += word[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (two === "<>" || two === "<=" || two === ">=") {
      out.push({ t: "op", v: two });
      i += 2;
      continue;
    }
    if ("+-*/^&=<>%(),:".includes(ch)) {
      out.push({ t: "op", v: ch });
      i++;
      continue;
    }
    throw new Unsupported(`unexpected '${ch}'`);
  }
  return out;
}

function refToken(sheetPart: string | undefined, area: string): Token {
  let sheet: string | undefined;
  if (sheetPart) {
    sheet = sheetPart.startsWith("'") ? sheetPart.slice(1, -1).replace(/''/g, "'") : sheetPart;
  }
  const [a, b] = area.split(":");
  const p = cellPart(a)!;
  const q = b ? cellPart(b)! : p;
  const r1 = p.r ?? 0;
  const c1 = p.c ?? 0;
  const r2 = q.r ?? MAX_ROW;
  const c2 = q.c ?? MAX_COL;
  return { t: "ref", sheet, r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) };
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  parse(): Node {
    const n = this.comparison();
    if (this.i < this.toks.length) throw new Unsupported("trailing tokens");
    return n;
  }

  private peekOp(...ops: string[]): string | undefined {
    const t = this.toks[this.i];
    return t && t.t === "op" && ops.includes(t.v) ? t.v : undefined;
  }

  private comparison(): Node {
    let a = this.concat();
    for (let op = this.peekOp("=", "<>", "<", ">", "<=", ">="); op; op = this.peekOp("=", "<>", "<", ">", "<=", ">=")) {
      this.i++;
      a = { k: "bin", op, a, b: this.concat() };
    }
    return a;
  }

  private concat(): Node {
    let a = this.additive();
    while (this.peekOp("&")) {
      this.i++;
      a = { k: "bin", op: "&", a, b: this.additive() };
    }
    return a;
  }

  private additive(): Node {
    let a = this.multiplicative();
    for (let op = this.peekOp("+", "-"); op; op = this.peekOp("+", "-")) {
      this.i++;
      a = { k: "bin", op, a, b: this.multiplicative() };
    }
    return a;
  }

  private multiplicative(): Node {
    let a = this.power();
    for (let op = this.peekOp("*", "/"); op; op = this.peekOp("*", "/")) {
      this.i++;
      a = { k: "bin", op, a, b: this.power() };
    }
    return a;
  }

  private power(): Node {
    let a = this.unary();
    while (this.peekOp("^")) {
      this.i++;
      a = { k: "bin", op: "^", a, b: this.unary() };
    }
    return a;
  }

  private unary(): Node {
    const op = this.peekOp("+", "-");
    if (op) {
      this.i++;
      return { k: "un", op, a: this.unary() };
    }
    return this.postfix();
  }

  private postfix(): Node {
    let a = this.primary();
    while (this.peekOp("%")) {
      this.i++;
      a = { k: "pct", a };
    }
    return a;
  }

  private primary(): Node {
    const t = this.toks[this.i++];
    if (!t) throw new Unsupported("unexpected end");
    switch (t.t) {
      case "num":
      case "str":
      case "bool":
        return { k: "lit", v: t.v };
      case "err":
        return { k: "lit", v: new FormulaError(t.v) };
      case "ref":
        return { k: "ref", sheet: t.sheet, r1: t.r1, c1: t.c1, r2: t.r2, c2: t.c2 };
      case "name":
        throw new Unsupported(`name ${t.v}`);
      case "func": {
        const open = this.toks[this.i++];
        if (!open || open.t !== "op" || open.v !== "(") throw new Unsupported("expected (");
        const args: Node[] = [];
        if (this.peekOp(")")) {
          this.i++;
          return { k: "func", name: t.name, args };
        }
        for (;;) {
          if (this.peekOp(",") || this.peekOp(")")) args.push({ k: "lit", v: null });
          else args.push(this.comparison());
          const sep = this.toks[this.i++];
          if (!sep || sep.t !== "op") throw new Unsupported("expected , or )");
          if (sep.v === ")") break;
          if (sep.v !== ",") throw new Unsupported("expected , or )");
        }
        return { k: "func", name: t.name, args };
      }
      case "op":
        if (t.v === "(") {
          const n = this.comparison();
          const close = this.toks[this.i++];
          if (!close || close.t !== "op" || close.v !== ")") throw new Unsupported("expected )");
          return n;
        }
        throw new Unsupported(`unexpected ${t.v}`);
    }
  }
}

const parseCache = new Map<string, Node | Unsupported>();

function parseFormula(formula: string): Node {
  let n = parseCache.get(formula);
  if (!n) {
    try {
      n = new Parser(tokenize(formula.replace(/^=/, ""))).parse();
    } catch (e) {
      n = e instanceof Unsupported ? e : new Unsupported(String(e));
    }
    if (parseCache.size > 5000) parseCache.clear();
    parseCache.set(formula, n);
  }
  if (n instanceof Unsupported) throw n;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

type V = Scalar | FormulaError;
interface RangeValue {
  range: V[][];
}
type Val = V | RangeValue;

function isRange(v: Val): v is RangeValue {
  return v !== null && typeof v === "object" && "range" in v;
}

function fromCell(cell: HostCell | undefined): V {
  if (!cell) return null;
  if (cell.error) {
    const code = ERROR_CODES.find((e) => e === String(cell.v).toUpperCase());
    return new FormulaError(code ?? "#VALUE!");
  }
  return cell.v;
}

class Evaluator {
  constructor(
    private readonly host: FormulaHost,
    private readonly sheet: string,
  ) {}

  eval(n: Node): Val {
    switch (n.k) {
      case "lit":
        return n.v;
      case "ref":
        return this.ref(n);
      case "un": {
        return this.map1(this.eval(n.a), (x) => {
          const v = this.num(x);
          if (v instanceof FormulaError) return v;
          return n.op === "-" ? -v : v;
        });
      }
      case "pct": {
        return this.map1(this.eval(n.a), (x) => {
          const v = this.num(x);
          return v instanceof FormulaError ? v : v / 100;
        });
      }
      case "bin":
        return this.map2(this.eval(n.a), this.eval(n.b), (a, b) => this.binary(n.op, a, b));
      case "func":
        return this.func(n.name, n.args);
    }
  }

  private ref(n: { sheet?: string; r1: number; c1: number; r2: number; c2: number }): Val {
    const sheet = n.sheet === undefined ? this.sheet : this.host.sheetName(n.sheet);
    if (sheet === undefined) return new FormulaError("#REF!");
    if (n.r1 === n.r2 && n.c1 === n.c2) return fromCell(this.host.cell(sheet, n.r1, n.c1));
    const ext = this.host.extent?.(sheet);
    const r2 = ext ? Math.max(n.r1, Math.min(n.r2, ext.rows - 1)) : n.r2;
    const c2 = ext ? Math.max(n.c1, Math.min(n.c2, ext.cols - 1)) : n.c2;
    const rows = r2 - n.r1 + 1;
    const cols = c2 - n.c1 + 1;
    if (rows * cols > 2_000_000) throw new Unsupported("range too large");
    const range: V[][] = [];
    for (let r = n.r1; r <= r2; r++) {
      const row: V[] = [];
      for (let c = n.c1; c <= c2; c++) row.push(fromCell(this.host.cell(sheet, r, c)));
      range.push(row);
    }
    return { range };
  }

  /** Element-wise over an array (a range or an array result), or the plain function on a scalar. */
  private map1(v: Val, fn: (x: V) => V): Val {
    if (!isRange(v)) return fn(v);
    return { range: v.range.map((row) => row.map(fn)) };
  }

  /** Element-wise with broadcasting of scalars and single rows/columns; mismatched sizes give #N/A. */
  private map2(a: Val, b: Val, fn: (x: V, y: V) => V): Val {
    if (!isRange(a) && !isRange(b)) return fn(a, b);
    const A = isRange(a) ? a.range : [[a]];
    const B = isRange(b) ? b.range : [[b]];
    const rows = Math.max(A.length, B.length);
    const cols = Math.max(A[0]?.length ?? 0, B[0]?.length ?? 0);
    const pick = (M: V[][], r: number, c: number): V | undefined => {
      const rr = M.length === 1 ? 0 : r;
      const cc = M[0].length === 1 ? 0 : c;
      return M[rr]?.[cc];
    };
    const range: V[][] = [];
    for (let r = 0; r < rows; r++) {
      const row: V[] = [];
      for (let c = 0; c < cols; c++) {
        const x = pick(A, r, c);
        const y = pick(B, r, c);
        row.push(x === undefined || y === undefined ? new FormulaError("#N/A") : fn(x, y));
      }
      range.push(row);
    }
    return { range };
  }

  /** Implicit intersection, simplified: a 1×1 range is its cell, a larger one is #VALUE!. */
  scalar(v: Val): V {
    if (!isRange(v)) return v;
    if (v.range.length === 1 && v.range[0].length === 1) return v.range[0][0];
    return new FormulaError("#VALUE!");
  }

  num(v: V): number | FormulaError {
    if (v instanceof FormulaError) return v;
    if (v === null) return 0;
    if (typeof v === "number") return v;
    if (typeof v === "boolean") return v ? 1 : 0;
    const t = v.trim();
    if (t === "") return new FormulaError("#VALUE!");
    const pct = /%$/.test(t);
    const n = Number(t.replace(/%$/, "").replace(/,/g, ""));
    if (!Number.isFinite(n)) return new FormulaError("#VALUE!");
    return pct ? n / 100 : n;
  }

  private bool(v: V): boolean | FormulaError {
    if (v instanceof FormulaError) return v;
    if (v === null) return false;
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return v !== 0;
    const t = v.trim().toUpperCase();
    if (t === "TRUE") return true;
    if (t === "FALSE") return false;
    return new FormulaError("#VALUE!");
  }

  private text(v: V): string | FormulaError {
    if (v instanceof FormulaError) return v;
    if (v === null) return "";
    if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
    if (typeof v === "number") return formatGeneral(v);
    return v;
  }

  private binary(op: string, a: V, b: V): V {
    if (a instanceof FormulaError) return a;
    if (b instanceof FormulaError) return b;
    if (op === "&") {
      return (this.text(a) as string) + (this.text(b) as string);
    }
    if (op === "=" || op === "<>" || op === "<" || op === ">" || op === "<=" || op === ">=") {
      const c = compare(a, b);
      switch (op) {
        case "=":
          return c === 0;
        case "<>":
          return c !== 0;
        case "<":
          return c < 0;
        case ">":
          return c > 0;
        case "<=":
          return c <= 0;
        default:
          return c >= 0;
      }
    }
    const x = this.num(a);
    if (x instanceof FormulaError) return x;
    const y = this.num(b);
    if (y instanceof FormulaError) return y;
    switch (op) {
      case "+":
        return x + y;
      case "-":
        return x - y;
      case "*":
        return x * y;
      case "/":
        return y === 0 ? new FormulaError("#DIV/0!") : x / y;
      case "^": {
        const p = Math.pow(x, y);
        return Number.isFinite(p) ? p : new FormulaError("#NUM!");
      }
    }
    throw new Unsupported(`operator ${op}`);
  }

  /** Every value of the arguments, ranges flattened; `direct` tells whether it was typed as an argument. */
  private *values(args: Node[]): Generator<{ v: V; direct: boolean }> {
    for (const a of args) {
      const v = this.eval(a);
      if (isRange(v)) {
        for (const row of v.range) for (const x of row) yield { v: x, direct: false };
      } else {
        yield { v, direct: a.k !== "ref" };
      }
    }
  }

  /** Numbers as SUM/AVERAGE/MIN/MAX see them: range text and booleans are ignored, typed ones coerced. */
  private numbers(args: Node[]): number[] | FormulaError {
    const out: number[] = [];
    for (const { v, direct } of this.values(args)) {
      if (v instanceof FormulaError) return v;
      if (typeof v === "number") out.push(v);
      else if (direct && v !== null) {
        const n = this.num(v);
        if (n instanceof FormulaError) return n;
        out.push(n);
      }
    }
    return out;
  }

  /** A range argument as a 2-D array (a scalar as 1×1). */
  private rangeOf(n: Node): V[][] {
    const v = this.eval(n);
    return isRange(v) ? v.range : [[v]];
  }

  private func(name: string, args: Node[]): V {
    const arg = (i: number): V => (i < args.length ? this.scalar(this.eval(args[i])) : null);
    switch (name) {
      case "SUM": {
        const ns = this.numbers(args);
        return ns instanceof FormulaError ? ns : ns.reduce((s, x) => s + x, 0);
      }
      case "AVERAGE": {
        const ns = this.numbers(args);
        if (ns instanceof FormulaError) return ns;
        return ns.length === 0 ? new FormulaError("#DIV/0!") : ns.reduce((s, x) => s + x, 0) / ns.length;
      }
      case "MIN":
      case "MAX": {
        const ns = this.numbers(args);
        if (ns instanceof FormulaError) return ns;
        if (ns.length === 0) return 0;
        return name === "MIN" ? Math.min(...ns) : Math.max(...ns);
      }
      case "COUNT": {
        let n = 0;
        for (const { v, direct } of this.values(args)) {
          if (typeof v === "number") n++;
          else if (direct && typeof v === "string" && !(this.num(v) instanceof FormulaError)) n++;
        }
        return n;
      }
      case "COUNTA": {
        let n = 0;
        for (const { v } of this.values(args)) if (v !== null && v !== "") n++;
        return n;
      }
      case "ABS": {
        const x = this.num(arg(0));
        return x instanceof FormulaError ? x : Math.abs(x);
      }
      case "INT": {
        const x = this.num(arg(0));
        return x instanceof FormulaError ? x : Math.floor(x);
      }
      case "ROUND":
      case "ROUNDUP":
      case "ROUNDDOWN": {
        const x = this.num(arg(0));
        if (x instanceof FormulaError) return x;
        const d = this.num(arg(1));
        if (d instanceof FormulaError) return d;
        return roundExcel(x, Math.trunc(d), name);
      }
      case "IF": {
        if (args.length < 2 || args.length > 3) throw new Unsupported("IF arity");
        const c = this.bool(arg(0));
        if (c instanceof FormulaError) return c;
        if (c) return arg(1);
        return args.length === 3 ? arg(2) : false;
      }
      case "IFERROR": {
        const v = arg(0);
        return v instanceof FormulaError ? arg(1) : v;
      }
      case "IFNA": {
        const v = arg(0);
        return v instanceof FormulaError && v.code === "#N/A" ? arg(1) : v;
      }
      case "AND":
      case "OR": {
        let seen = false;
        let acc = name === "AND";
        for (const { v, direct } of this.values(args)) {
          if (v instanceof FormulaError) return v;
          if (v === null) continue;
          if (typeof v === "string" && !direct) continue;
          const b = this.bool(v);
          if (b instanceof FormulaError) return b;
          seen = true;
          acc = name === "AND" ? acc && b : acc || b;
        }
        return seen ? acc : new FormulaError("#VALUE!");
      }
      case "NOT": {
        const b = this.bool(arg(0));
        return b instanceof FormulaError ? b : !b;
      }
      case "ISNUMBER":
      case "ISTEXT":
      case "ISBLANK":
      case "ISERROR": {
        const test = (v: V): boolean =>
          name === "ISNUMBER" ? typeof v === "number" : name === "ISTEXT" ? typeof v === "string" : name === "ISBLANK" ? v === null : v instanceof FormulaError;
        const v = args.length ? this.eval(args[0]) : null;
        return this.map1(v, test) as V;
      }
      case "SUMPRODUCT": {
        if (args.length === 0) throw new Unsupported("SUMPRODUCT arity");
        const arrays = args.map((a) => {
          const v = this.eval(a);
          return isRange(v) ? v.range : [[v]];
        });
        const rows = arrays[0].length;
        const cols = arrays[0][0]?.length ?? 0;
        if (arrays.some((m) => m.length !== rows || (m[0]?.length ?? 0) !== cols)) return new FormulaError("#VALUE!");
        let sum = 0;
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            let prod = 1;
            for (const m of arrays) {
              const x = m[r][c];
              if (x instanceof FormulaError) return x;
              prod *= typeof x === "number" ? x : 0; // text and booleans count as 0, as in Excel
            }
            sum += prod;
          }
        }
        return sum;
      }
      case "COUNTIF":
      case "COUNTIFS": {
        if (args.length < 2 || args.length % 2 !== 0) throw new Unsupported(`${name} arity`);
        const pairs: { cells: V[][]; crit: (v: V) => boolean }[] = [];
        for (let i = 0; i < args.length; i += 2) {
          const cells = this.rangeOf(args[i]);
          const crit = this.scalar(this.eval(args[i + 1]));
          if (crit instanceof FormulaError) return crit;
          pairs.push({ cells, crit: criterion(crit) });
        }
        const rows = pairs[0].cells.length;
        const cols = pairs[0].cells[0]?.length ?? 0;
        if (pairs.some((p) => p.cells.length !== rows || (p.cells[0]?.length ?? 0) !== cols)) return new FormulaError("#VALUE!");
        let n = 0;
        for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (pairs.every((p) => p.crit(p.cells[r][c]))) n++;
        return n;
      }
      case "SUMIF":
      case "AVERAGEIF": {
        if (args.length < 2 || args.length > 3) throw new Unsupported(`${name} arity`);
        const cells = this.rangeOf(args[0]);
        const critV = this.scalar(this.eval(args[1]));
        if (critV instanceof FormulaError) return critV;
        const crit = criterion(critV);
        const values = args.length === 3 ? this.rangeOf(args[2]) : cells;
        let sum = 0;
        let n = 0;
        for (let r = 0; r < cells.length; r++) {
          for (let c = 0; c < (cells[r]?.length ?? 0); c++) {
            if (!crit(cells[r][c])) continue;
            const x = values[r]?.[c];
            if (x instanceof FormulaError) return x;
            if (typeof x === "number") {
              sum += x;
              n++;
            }
          }
        }
        if (name === "SUMIF") return sum;
        return n === 0 ? new FormulaError("#DIV/0!") : sum / n;
      }
      case "N": {
        const v = arg(0);
        return typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : v instanceof FormulaError ? v : 0;
      }
      default:
        throw new Unsupported(`function ${name}`);
    }
  }
}

/** Excel's criteria wildcards as a regular expression: * any text, ? one character, ~ escapes *, ? and ~. */
function wildcardPattern(operand: string): string {
  let out = "";
  for (let i = 0; i < operand.length; i++) {
    const ch = operand[i];
    if (ch === "~" && i + 1 < operand.length && "*?~".includes(operand[i + 1])) {
      out += "\\" + operand[++i];
    } else if (ch === "*") out += "[\\s\\S]*";
    else if (ch === "?") out += "[\\s\\S]";
    else out += ch.replace(/[.+^${}()|[\]\\*?]/g, "\\$&");
  }
  return out;
}

/** COUNTIF-style criteria: 5, "5", ">=91", "<>x", "=Program", "Prog*", "Cukup~?", "" (blank). */
function criterion(crit: Scalar): (v: V) => boolean {
  if (typeof crit === "number" || typeof crit === "boolean") return (v) => !(v instanceof FormulaError) && v !== null && compare(v, crit) === 0 && typeof v === typeof crit;
  const text = crit === null ? "" : crit;
  const m = /^(<=|>=|<>|=|<|>)?([\s\S]*)$/.exec(text)!;
  const op = m[1] ?? "=";
  const operand = m[2];
  const asNumber = operand.trim() !== "" && Number.isFinite(Number(operand)) ? Number(operand) : undefined;
  if (op === "=" || op === "<>") {
    let test: (v: V) => boolean;
    if (operand === "") test = (v) => v === null || v === "";
    else if (asNumber !== undefined) test = (v) => typeof v === "number" && v === asNumber;
    else {
      const re = new RegExp("^" + wildcardPattern(operand) + "$", "i");
      test = (v) => typeof v === "string" && re.test(v);
    }
    return op === "=" ? (v) => !(v instanceof FormulaError) && test(v) : (v) => !(v instanceof FormulaError) && !test(v);
  }
  return (v) => {
    if (v instanceof FormulaError || v === null) return false;
    if (asNumber !== undefined) {
      if (typeof v !== "number") return false;
      return op === "<" ? v < asNumber : op === ">" ? v > asNumber : op === "<=" ? v <= asNumber : v >= asNumber;
    }
    if (typeof v !== "string") return false;
    const c = compare(v, operand);
    return op === "<" ? c < 0 : op === ">" ? c > 0 : op === "<=" ? c <= 0 : c >= 0;
  };
}

function typeRank(v: Scalar): number {
  if (typeof v === "number") return 0;
  if (typeof v === "string") return 1;
  return 2; // boolean
}

/** Excel's comparison: numbers < text < booleans; text case-insensitive; empty is 0 or "". */
function compare(a: Scalar, b: Scalar): number {
  if (a === null && b === null) return 0;
  if (a === null) a = typeof b === "string" ? "" : typeof b === "boolean" ? false : 0;
  if (b === null) b = typeof a === "string" ? "" : typeof a === "boolean" ? false : 0;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x === y ? 0 : x < y ? -1 : 1;
}

/** ROUND/ROUNDUP/ROUNDDOWN with Excel's half-away-from-zero rule (guarding binary noise). */
export function roundExcel(x: number, digits: number, mode: "ROUND" | "ROUNDUP" | "ROUNDDOWN" = "ROUND"): number {
  const f = Math.pow(10, digits);
  const scaled = Number((Math.abs(x) * f).toPrecision(15));
  let r: number;
  if (mode === "ROUND") r = Math.floor(scaled + 0.5);
  else if (mode === "ROUNDUP") r = Math.ceil(scaled);
  else r = Math.floor(scaled);
  const out = (Math.sign(x) * r) / f;
  return out === 0 ? 0 : out;
}

/** Excel's General format, roughly: up to 15 significant digits, no trailing zeros. */
export function formatGeneral(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return String(Number(n.toPrecision(15)));
}

/**
 * Evaluate `formula` (with or without the leading "=") as if it sat on `sheet`. Never throws:
 * Excel errors come back as `{ value: "#DIV/0!", error: true }`, unsupported syntax as
 * `{ value: null, unsupported: reason }`.
 */
export function evaluateFormula(formula: string, sheet: string, host: FormulaHost): EvalResult {
  try {
    const ev = new Evaluator(host, sheet);
    const v = ev.scalar(ev.eval(parseFormula(formula)));
    if (v instanceof FormulaError) return { value: v.code, error: true };
    if (typeof v === "number" && !Number.isFinite(v)) return { value: "#NUM!", error: true };
    // a formula never yields "empty": a reference to a blank cell shows 0
    return { value: v === null ? 0 : v };
  } catch (e) {
    if (e instanceof Unsupported) return { value: null, unsupported: e.message };
    if (e instanceof RangeError) return { value: null, unsupported: "too deep" };
    throw e;
  }
}

/** The sheet-qualified cells and ranges a formula refers to (for dependency display and tests). */
export function formulaRefs(formula: string): { sheet?: string; r1: number; c1: number; r2: number; c2: number }[] {
  try {
    return tokenize(formula.replace(/^=/, ""))
      .filter((t): t is Extract<Token, { t: "ref" }> => t.t === "ref")
      .map(({ sheet, r1, c1, r2, c2 }) => ({ sheet, r1, c1, r2, c2 }));
  } catch {
    return [];
  }
}
