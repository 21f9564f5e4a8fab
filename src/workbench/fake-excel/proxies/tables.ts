/**
 * Excel Tables (ListObjects): the table proxies, and calculated-column AutoCorrect (the first
 * formula written into an empty table column is filled down the whole column).
 */
import type { Area } from "../../../core/grid";
import { MemWorkbook, type MemSheet } from "../workbook";
import { ClientObject } from "./client-object";
import type { FakeRequestContext } from "./context";
import { FakeRange } from "./range";

/** An Excel Table (ListObject): name and range; writing into it meets calculated-column AutoCorrect. */
export class FakeTable extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly sheet: MemSheet,
    private readonly table: MemSheet["tables"][number],
  ) {
    super(context, "Table", ["name", "id"]);
  }
  protected fetch(name: string): unknown {
    return name === "name" ? this.table.name : `{${this.table.name}}`;
  }
  get name(): string {
    return this.read("name");
  }
  get id(): string {
    return this.read("id");
  }
  getRange(): FakeRange {
    return new FakeRange(this.context, () => this.sheet, () => ({ ...this.table.area }));
  }
}

export class FakeTableCollection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    /** The sheet of a worksheet's collection; undefined for the workbook's (every sheet). */
    private readonly sheet: ((loc: string) => MemSheet) | undefined,
  ) {
    super(context, "TableCollection", ["count", "items"]);
  }
  protected fetch(name: string): unknown {
    const sheets = this.sheet ? [this.sheet("TableCollection.load")] : this.context.mem.sheets;
    const all = sheets.flatMap((s) => s.tables.map((t) => ({ s, t })));
    if (name === "count") return all.length;
    return all.map(({ s, t }) => {
      const item = new FakeTable(this.context, s, t);
      item.stageNow(["name", "id"]);
      return item;
    });
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(paths: string[]): void {
    if (paths.length === 1 && paths[0] === "count") this.stageNow(["count"]);
    else this.stageNow(["items"]);
  }
  get count(): number {
    return this.read("count");
  }
  get items(): FakeTable[] {
    return this.read("items");
  }
}

// ---------------------------------------------------------------------------------------------
// Excel Tables: calculated-column AutoCorrect

/** Shifts the relative row references of an en-US formula by `dr` rows (for a calculated column). */
export function shiftFormulaRows(formula: string, dr: number): string {
  let out = "";
  let quoted = false;
  for (let i = 0; i < formula.length; ) {
    const ch = formula[i];
    if (ch === '"') {
      quoted = !quoted;
      out += ch;
      i++;
      continue;
    }
    if (!quoted) {
      const m = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?![\w(!])/.exec(formula.slice(i));
      const prev = i > 0 ? formula[i - 1] : "";
      if (m && !/[\w.]/.test(prev)) {
        const row = m[3] === "$" ? Number(m[4]) : Number(m[4]) + dr;
        out += `${m[1]}${m[2]}${m[3]}${row}`;
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

/**
 * Excel's calculated-column AutoCorrect, as far as the add-in meets it: a formula written into a
 * table column whose data cells were all empty turns the column into a calculated column, so the
 * FIRST formula written there is filled into every data row of the column, replacing whatever
 * other formulas the same write put in the other rows. Returns what to run after the write.
 */
export function tableAutoCorrect(mem: MemWorkbook, sheet: MemSheet, area: Area, input: unknown): (() => void) | undefined {
  if (!Array.isArray(input) || sheet.tables.length === 0) return undefined;
  const jobs: (() => void)[] = [];
  for (const t of sheet.tables) {
    const b1 = t.area.r1 + 1;
    const b2 = t.area.r2;
    if (b2 < b1) continue;
    for (let c = Math.max(area.c1, t.area.c1); c <= Math.min(area.c2, t.area.c2); c++) {
      let first: { r: number; f: string } | undefined;
      for (let r = Math.max(area.r1, b1); r <= Math.min(area.r2, b2) && !first; r++) {
        const x = (input as unknown[][])[r - area.r1]?.[c - area.c1];
        if (typeof x === "string" && x.startsWith("=") && x.length > 1) first = { r, f: x };
      }
      if (!first) continue;
      let empty = true;
      for (let r = b1; r <= b2 && empty; r++) {
        const cell = sheet.get(r, c);
        if (cell && (cell.f !== undefined || (cell.v !== null && cell.v !== ""))) empty = false;
      }
      if (!empty) continue;
      const { r: r0, f } = first;
      jobs.push(() => {
        for (let r = b1; r <= b2; r++) {
          const cell = sheet.ensure(r, c);
          cell.f = shiftFormulaRows(f, r - r0);
          cell.v = null;
          cell.calc = undefined;
          cell.quoted = undefined;
          mem.markDirty(sheet.name, r, c);
        }
      });
    }
  }
  return jobs.length ? () => jobs.forEach((j) => j()) : undefined;
}
