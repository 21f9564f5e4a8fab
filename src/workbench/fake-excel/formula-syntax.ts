/**
 * The formula syntax of the workbench's evaluator: en-US tokens (numbers, strings, booleans, error
 * literals, A1 references with sheets, whole columns and rows, functions, operators), a
 * precedence-climbing parser to a syntax tree, and a cache of parsed formulas. Anything it cannot
 * read throws `Unsupported`.
 */
import type { Scalar } from "../../core/grid";
import { colIndex } from "../../core/grid";
import { ERROR_CODES, FormulaError, Unsupported, type ErrorCode } from "./formula-values";

// ---------------------------------------------------------------------------------------------
// Tokens and syntax tree

export type Token =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "bool"; v: boolean }
  | { t: "err"; v: ErrorCode }
  | { t: "ref"; sheet?: string; r1: number; c1: number; r2: number; c2: number }
  | { t: "func"; name: string }
  | { t: "name"; v: string }
  | { t: "op"; v: string };

export type Node =
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

export function tokenize(src: string): Token[] {
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

export function parseFormula(formula: string): Node {
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
