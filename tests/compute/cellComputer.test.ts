/**
 * compute's `cellComputer` (the audit's on-demand second computation) answers exactly what
 * `computeTable` gives for every cell, in any order of asking, on every fixture, and on a table
 * whose hierarchy is circular (where evaluation order would otherwise matter).
 */
import { cellComputer, computeTable } from "../../src/core/compute";
import { TableComputer } from "../../src/core/compute/scheduler";
import { recognizeBook } from "../../src/core/recognize";
import { defaultOptions } from "../../src/core/engine";
import { sheetOf } from "../../src/core/grid";
import type { ComputedCell, TableModel } from "../../src/core/model";
import { FIXTURES, fixtureBook } from "../fixtures";

const opts = { ...defaultOptions(), overwrite: () => true };

/** A cell as plain data (its `how`, built on demand, included): what JSON output of it gives. */
const plain = (cc: ComputedCell | undefined): unknown => (cc === undefined ? undefined : JSON.parse(JSON.stringify(cc)));

function compareAll(grid: Parameters<typeof computeTable>[0], table: TableModel): number {
  const whole = computeTable(grid, table, opts).cells;
  const ask = cellComputer(grid, table, opts);
  // Ask from the bottom right up: the opposite of compute()'s sheet order.
  for (const cc of [...whole].reverse()) expect(plain(ask(cc.row, cc.col))).toEqual(plain(cc));
  return whole.length;
}

describe("cellComputer equals computeTable", () => {
  it.each(FIXTURES.map((f) => [f.id]))("%s", async (id) => {
    const book = await fixtureBook(id);
    for (const table of recognizeBook(book).tables) compareAll(sheetOf(book, table.sheet)!, table);
  });

  it("on a circular hierarchy (falls back to sheet order)", async () => {
    const book = await fixtureBook("lumajang-2023-anggaran");
    const table = recognizeBook(book).tables.find((t) => t.rows.some((r) => r.parent !== undefined))!;
    // Make a parent the child of its own first child: a cycle.
    const child = table.rows.find((r) => r.parent !== undefined && table.rows.some((p) => p.row === r.parent && p.parent === undefined))!;
    const cyclic: TableModel = {
      ...table,
      rows: table.rows.map((r) => (r.row === child.parent ? { ...r, parent: child.row } : r)),
    };
    const grid = sheetOf(book, table.sheet)!;
    // Empty amounts on both rows, so each sum reads the other's result.
    for (const r of [child.row, child.parent!]) for (const c of table.columns) grid.set(r, c.col, { v: null });
    const n = compareAll(grid, cyclic);
    expect(n).toBeGreaterThan(0);
    // Without the fallback the answer would depend on the order of asking: the lower row asked
    // first sums the upper one, which reads the lower one as missing (sheet order does the opposite).
    const naive = new TableComputer(grid, cyclic, opts);
    const amountCol = table.columns.find((c) => c.role === "pagu")!.col;
    const first = naive.cellAt(child.row, amountCol)!;
    expect(naive.sawCycle).toBe(true);
    const whole = computeTable(grid, cyclic, opts).cells.find((c) => c.row === child.row && c.col === amountCol)!;
    expect(first.value).not.toEqual(whole.value);
    expect(plain(cellComputer(grid, cyclic, opts)(child.row, amountCol))).toEqual(plain(whole));
  });
});
