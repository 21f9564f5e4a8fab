/**
 * The evaluator proper: a syntax tree (./formula-syntax.ts) evaluated over a host's cells, with
 * array arithmetic (element-wise with broadcasting), implicit intersection, and the functions the
 * add-in writes (SUM, AVERAGE, MIN, MAX, COUNT, COUNTA, ROUND*, INT, ABS, IF, IFERROR, IFNA, AND,
 * OR, NOT, IS*, N, NA, COUNTIF(S), SUMIF, AVERAGEIF, SUMPRODUCT). Anything else throws `Unsupported`.
 */
import type { Node } from "./formula-syntax";
import { compare, criterion, formatGeneral, FormulaError, fromCell, isRange, roundExcel, Unsupported, type FormulaHost, type V, type Val } from "./formula-values";

export class Evaluator {
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
      case "NA":
        if (args.length !== 0) throw new Unsupported("NA arity");
        return new FormulaError("#N/A");
      case "N": {
        const v = arg(0);
        return typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : v instanceof FormulaError ? v : 0;
      }
      default:
        throw new Unsupported(`function ${name}`);
    }
  }
}
