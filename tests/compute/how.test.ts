/**
 * A computed cell's `how` is built on demand (src/core/compute/cell.ts): the text must be the very
 * one a pass that builds every `how` gives, in any order of reading, and a cell must copy as plain
 * data (JSON) with the fields in the engine's order.
 */
import { computeTable } from "../../src/core/compute";
import { TableComputer } from "../../src/core/compute/scheduler";
import { recognizeBook } from "../../src/core/recognize";
import { defaultOptions } from "../../src/core/engine";
import { sheetOf } from "../../src/core/grid";
import type { ComputedCell } from "../../src/core/model";
import { FIXTURES, fixtureBook } from "../fixtures";

const KEYS = ["sheet", "row", "col", "role", "value", "inputs", "how", "measure", "formula", "note", "numberFormat"];

describe("how on demand equals how built in the pass", () => {
  it.each(FIXTURES.map((f) => [f.id]))("%s", async (id) => {
    const book = await fixtureBook(id);
    for (const opts of [defaultOptions(), { ...defaultOptions(), overwrite: () => true }]) {
      for (const table of recognizeBook(book).tables) {
        const grid = sheetOf(book, table.sheet)!;
        const lazy = computeTable(grid, table, opts).cells;
        const eager = new TableComputer(grid, table, opts, true).compute();
        expect(lazy.length).toBe(eager.length);
        // Read the lazy texts bottom up (the opposite of the pass's order).
        for (let k = lazy.length - 1; k >= 0; k--) expect(lazy[k].how).toBe(eager[k].how);
        for (let k = 0; k < lazy.length; k++) {
          const json: ComputedCell = JSON.parse(JSON.stringify(lazy[k]));
          expect(JSON.stringify(json)).toBe(JSON.stringify(eager[k]));
          const keys = Object.keys(json);
          expect(keys).toEqual(KEYS.filter((key) => keys.includes(key)));
          expect(keys.slice(0, 7)).toEqual(KEYS.slice(0, 7));
        }
      }
    }
  });
});
