import { groupBlocks, needsTextPrefix, packChunks, splitAreas, splitBlockRows, textForExcel, valueForExcel } from "../../src/excel/blocks";
import { toOfficeError, CapaianOfficeError } from "../../src/excel/errors";
import { officeVersionsFor } from "../../src/excel/api-subset";
import { officeError } from "./stand-in";

const at = (sheet: string, row: number, col: number, kind = "v") => ({ sheet, row, col, kind });

describe("groupBlocks", () => {
  test("rows of adjacent cells stack into rectangles; kinds and sheets split blocks", () => {
    const items = [
      at("A", 1, 5, "f"), at("A", 2, 5, "f"), at("A", 3, 5, "f"),
      at("A", 1, 6), at("A", 2, 6), at("A", 1, 7), at("A", 2, 7),
      at("A", 5, 5, "f"),
      at("B", 0, 0), at("B", 0, 1),
    ];
    const blocks = groupBlocks(items, (x) => x.kind).map((b) => `${b.sheet}!${b.r},${b.c} ${b.rows}x${b.cols} ${b.kind}`);
    expect(blocks.sort()).toEqual(["A!1,5 3x1 f", "A!1,6 2x2 v", "A!5,5 1x1 f", "B!0,0 1x2 v"].sort());
  });

  test("the last write to a cell wins", () => {
    const b = groupBlocks([{ ...at("A", 0, 0), n: 1 }, { ...at("A", 0, 0), n: 2 }]);
    expect(b).toHaveLength(1);
    expect(b[0].cells[0][0]!.n).toBe(2);
  });

  test("splitBlockRows keeps every slice under the limit", () => {
    const items = Array.from({ length: 100 }, (_, i) => at("A", i, 0));
    const [block] = groupBlocks(items);
    const parts = splitBlockRows(block, () => 10, 95);
    expect(parts).toHaveLength(12);
    for (const p of parts) expect(p.rows * 10).toBeLessThanOrEqual(95);
    expect(parts.reduce((n, p) => n + p.rows, 0)).toBe(100);
    expect(parts[1].r).toBe(9);
  });

  test("packChunks packs in order under the budget", () => {
    const ops = [5, 5, 5, 12, 1].map((bytes) => ({ bytes, run: () => undefined }));
    expect(packChunks(ops, 10).map((c) => c.map((o) => o.bytes))).toEqual([[5, 5], [5], [12], [1]]);
  });
});

describe("text that Excel must keep as text", () => {
  test.each([
    ["=SUM(A1)", true], ["+62", true], ["-", true], ["@x", true], ["'quoted", true], ["#N/A", true],
    ["001", true], ["1.1", true], ["12/3", true], ["50%", true], ["Rp 1.000", true], ["TRUE", true], ["Jan-21", true],
    ["Sangat Tinggi", false], ["Program Peningkatan", false], ["", false], ["2.17.02 is code", true],
  ])("%s → prefixed: %s", (s, expected) => {
    expect(needsTextPrefix(s)).toBe(expected);
    expect(textForExcel(s)).toBe(expected ? `'${s}` : s);
  });

  test("valueForExcel: null clears, numbers stay numbers", () => {
    expect(valueForExcel(null)).toBe("");
    expect(valueForExcel(3.5)).toBe(3.5);
    expect(valueForExcel(Number.NaN)).toBe("");
    expect(valueForExcel(true)).toBe(true);
  });
});

test("splitAreas handles quoted sheet names with commas", () => {
  expect(splitAreas("'a,b'!A1:B2, 'a,b'!C3:D3")).toEqual(["'a,b'!A1:B2", "'a,b'!C3:D3"]);
  expect(splitAreas("S!A1:B2")).toEqual(["S!A1:B2"]);
});

describe("Office errors", () => {
  test("edit mode, payload, api, generic", () => {
    expect(toOfficeError(officeError("InvalidOperationInCellEditMode")).kind).toBe("edit-mode");
    expect(toOfficeError(officeError("RequestPayloadSizeLimitExceeded")).kind).toBe("payload");
    expect(toOfficeError(officeError("ApiNotFound")).kind).toBe("api-missing");
    expect(toOfficeError(officeError("AccessDenied")).kind).toBe("protected");
    const g = toOfficeError(new Error("weird"));
    expect(g).toBeInstanceOf(CapaianOfficeError);
    expect(g.kind).toBe("generic");
    expect(g.text.id).toMatch(/weird/);
    const same = new CapaianOfficeError("no-undo", { id: "x", en: "y" });
    expect(toOfficeError(same)).toBe(same);
  });

  test("Office versions per API set", () => {
    expect(officeVersionsFor("1.7").en).toMatch(/Excel 2019/);
    expect(officeVersionsFor("1.13").en).toMatch(/^Excel 2021/);
    expect(officeVersionsFor("1.18").en).toMatch(/Microsoft 365/);
  });
});
