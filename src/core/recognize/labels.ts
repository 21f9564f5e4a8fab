/**
 * Column-number labels as a cross-check (domain.md §4): a number-row label that contradicts the
 * header text ("14 = 13/8 x 100%" under a column read as a sum) is a label conflict, with the
 * label the row should carry when it can be derived.
 */
import type { LabelConflict, Role, TableModel } from "../model";
import { LABEL_EXPECTATIONS } from "../domain/definitions";

/**
 * What the number-row label of a derived column must say (domain.md §4): a sum ("+", any order of
 * the listed roles), a ratio ("/": numerator / denominator) or a difference ("-": minuend −
 * subtrahend), with the roles of the columns it may reference.
 */
/** What a column-number label of each computed role should say: from the domain catalog. */
const EXPECT: Partial<Record<Role, { op: "+" | "/" | "-"; refs?: Role[][] }>> = LABEL_EXPECTATIONS;

const OP_NAME = { "+": "a sum", "/": "a ratio", "-": "a difference" } as const;

/** The column number the header text gives a role (K side first). */
function numberOfRole(table: TableModel, roles: Role[]): number[] {
  const out: number[] = [];
  for (const r of roles) {
    const c = table.columns.find((x) => x.role === r && x.numberLabel && x.measure !== "rp") ?? table.columns.find((x) => x.role === r && x.numberLabel);
    const m = c ? /^\(?(\d+)/.exec(c.numberLabel!) : null;
    if (m && !out.includes(Number(m[1]))) out.push(Number(m[1]));
  }
  return out;
}

/** The label the number row should carry for this column ("14 = 13/8 x 100%"), when derivable. */
function correctedLabel(table: TableModel, label: string, exp: (typeof EXPECT)[Role], sameOp: boolean): string | undefined {
  if (!exp?.refs) return undefined;
  const eq = label.indexOf("=");
  const lhs = label.slice(0, eq);
  const rhs = label.slice(eq + 1);
  let want: number[];
  if (exp.op === "/" || exp.op === "-") {
    const num = numberOfRole(table, exp.refs[0]);
    const den = numberOfRole(table, exp.refs[1]);
    if (!num.length || !den.length) return undefined;
    want = [num[0], den[0]];
  } else {
    want = exp.refs.flatMap((rs) => numberOfRole(table, rs));
    if (want.length < 2) return undefined;
  }
  const have = (rhs.match(/\d+/g) ?? []).map(Number).filter((n) => n !== 100);
  if (sameOp && have.length === want.length) {
    let i = 0;
    return `${lhs}=${rhs.replace(/\d+/g, (d) => (Number(d) === 100 && exp.op === "/" ? d : String(want[i++] ?? d)))}`;
  }
  if (exp.op === "/") return `${lhs.trim()} = ${want[0]}/${want[1]} x 100%`;
  return exp.op === "-" ? `${lhs.trim()} = ${want[0]} - ${want[1]}` : `${lhs.trim()} = ${want.join(" + ")}`;
}

export function labelConflicts(table: TableModel): LabelConflict[] {
  const out: LabelConflict[] = [];
  const row = table.header.numberRow;
  if (row === undefined) return out;
  // Column number → roles of the columns carrying it.
  const byNum = new Map<number, Set<Role>>();
  for (const c of table.columns) {
    if (!c.numberLabel) continue;
    const m = /^\(?(\d+)/.exec(c.numberLabel);
    if (!m) continue;
    const n = Number(m[1]);
    let s = byNum.get(n);
    if (!s) byNum.set(n, (s = new Set()));
    s.add(c.role);
  }
  const seen = new Set<string>();
  for (const c of table.columns) {
    const label = c.numberLabel;
    if (!label || !/=/.test(label) || c.role === "satuan") continue;
    const key = `${label}|${c.role}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rhs = label.split("=")[1];
    const isDiv = /[/:]/.test(rhs);
    const isSum = /\+/.test(rhs) && !isDiv;
    // A difference: a minus sign (hyphen, en dash, minus) between two column numbers.
    const isSub = !isDiv && !isSum && /\d\s*\)?\s*[-\u2013\u2212]\s*\(?\s*\d/.test(rhs);
    const op = isDiv ? "/" : isSum ? "+" : isSub ? "-" : undefined;
    const exp = EXPECT[c.role];
    const expected = correctedLabel(table, label, exp, exp?.op === op) ?? `${c.role}${c.measure ? "/" + c.measure : ""}`;
    if (!exp) {
      // (A hyphen alone is not taken as a formula here: "2019-2023" is a period, not a difference.)
      if (isDiv || isSum)
        out.push({ col: c.col, row, label, expected, reason: `the header text says ${c.role}, which is not computed, but the label is a formula` });
      continue;
    }
    if (exp.op !== op) {
      out.push({
        col: c.col,
        row,
        label,
        expected,
        reason: `the header text says ${c.role} (${OP_NAME[exp.op]}) but the label is ${op ? OP_NAME[op] : "not a formula"}`,
      });
      continue;
    }
    if (!exp.refs) continue;
    const nums = (rhs.match(/\d+/g) ?? []).map(Number).filter((n) => n !== 100);
    const refRoles = nums.map((n) => byNum.get(n));
    if (refRoles.some((s) => s === undefined)) continue;
    if (exp.op === "/" || exp.op === "-") {
      const [num, den] = refRoles as Set<Role>[];
      if (!num || !den) continue;
      const okNum = exp.refs[0].some((r) => num.has(r));
      const okDen = exp.refs[1].some((r) => den.has(r));
      if (!okNum || !okDen)
        out.push({
          col: c.col,
          row,
          label,
          expected,
          reason:
            exp.op === "/"
              ? `the label divides column ${nums[0]} (${[...num].join(", ")}) by column ${nums[1]} (${[...den].join(", ")}); ${c.role} needs ${exp.refs[0].join("|")} / ${exp.refs[1].join("|")}`
              : `the label subtracts column ${nums[1]} (${[...den].join(", ")}) from column ${nums[0]} (${[...num].join(", ")}); ${c.role} needs ${exp.refs[0].join("|")} − ${exp.refs[1].join("|")}`,
        });
    } else {
      const allowed = new Set(exp.refs.flat());
      const bad = (refRoles as Set<Role>[]).filter((s) => ![...s].some((r) => allowed.has(r)));
      if (bad.length)
        out.push({
          col: c.col,
          row,
          label,
          expected,
          reason: `the label adds columns whose roles (${bad.map((s) => [...s].join(", ")).join("; ")}) do not make up ${c.role}`,
        });
    }
  }
  return out;
}
