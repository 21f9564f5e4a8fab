import { parseRefs, sumRanges, areaCells } from "../../src/core/formula";

const area = (r1: number, c1: number, r2 = r1, c2 = c1) => ({ r1, c1, r2, c2 });

describe("parseRefs", () => {
  test("single cells and ranges, zero-based", () => {
    const refs = parseRefs("=F9+G10*2");
    expect(refs.map((r) => r.area)).toEqual([area(8, 5), area(9, 6)]);
    expect(parseRefs("=SUM(F9:F12)")[0].area).toEqual(area(8, 5, 11, 5));
  });
  test("$ anchors and reversed ranges", () => {
    const [r] = parseRefs("=SUM($F$12:F9)");
    expect(r.area).toEqual(area(8, 5, 11, 5));
    expect(r.text).toBe("$F$12:F9");
  });
  test("sheet prefixes, quoted names with spaces and doubled quotes", () => {
    const refs = parseRefs("='Renja 2023'!F9+Data!B2+'It''s'!$A$1:B3+'E81'!F20");
    expect(refs.map((r) => r.sheet)).toEqual(["Renja 2023", "Data", "It's", "E81"]);
    expect(refs[2].area).toEqual(area(0, 0, 2, 1));
    expect(refs[0].text).toBe("'Renja 2023'!F9");
  });
  test("workbook prefix is dropped from the sheet", () => {
    expect(parseRefs("='[1]Sheet A'!C3")[0].sheet).toBe("Sheet A");
  });
  test("function names that look like cells are not references", () => {
    const refs = parseRefs("=LOG10(A1)+ATAN2(B1,C1)");
    expect(refs.map((r) => r.text)).toEqual(["A1", "B1", "C1"]);
  });
  test("string literals are skipped", () => {
    expect(parseRefs('=IF(A1="B2","C3",D4)').map((r) => r.text)).toEqual(["A1", "D4"]);
  });
  test("whole columns and rows", () => {
    const [c] = parseRefs("=SUM(F:G)");
    expect(c.wholeColumn).toBe(true);
    expect(c.area.c1).toBe(5);
    expect(c.area.c2).toBe(6);
    const [r] = parseRefs("=SUM(3:5)");
    expect(r.wholeRow).toBe(true);
    expect(r.area.r1).toBe(2);
    expect(r.area.r2).toBe(4);
  });
  test("numbers and names are not references", () => {
    expect(parseRefs("=100*1.5+TRUE")).toEqual([]);
    expect(parseRefs("=IFERROR(K9/J9*100,0)").map((r) => r.text)).toEqual(["K9", "J9"]);
  });
  test("without leading =", () => {
    expect(parseRefs("A1+B2").length).toBe(2);
  });
});

describe("sumRanges", () => {
  const texts = (f: string) => sumRanges(f)?.map((r) => r.text);
  test("SUM of a range", () => expect(texts("=SUM(F9:F12)")).toEqual(["F9:F12"]));
  test("SUM of a list", () => expect(texts("=SUM(F9,F11,F14)")).toEqual(["F9", "F11", "F14"]));
  test("additions", () => expect(texts("=F9+F11+F14")).toEqual(["F9", "F11", "F14"]));
  test("SUM plus a cell", () => expect(texts("=SUM(F9:F12)+F15")).toEqual(["F9:F12", "F15"]));
  test("lower-case, spaces, parentheses, leading plus", () => {
    expect(texts("= sum( F9 : F12 )")).toEqual(["F9 : F12"]);
    expect(texts("=(F9+F10)")).toEqual(["F9", "F10"]);
    expect(texts("=+F9+F10")).toEqual(["F9", "F10"]);
    expect(texts("=SUM(F9:F10,SUM(F12:F13))")).toEqual(["F9:F10", "F12:F13"]);
  });
  test("single reference counts as a one-term sum", () => expect(texts("=F9")).toEqual(["F9"]));
  test("SUBTOTAL 9 / 109 are sums, other SUBTOTALs are not", () => {
    expect(texts("=SUBTOTAL(9,F9:F12)")).toEqual(["F9:F12"]);
    expect(texts("=SUBTOTAL(109,F9:F12,F14)")).toEqual(["F9:F12", "F14"]);
    expect(sumRanges("=SUBTOTAL(1,F9:F12)")).toBeUndefined();
  });
  test("sheet-qualified", () => expect(sumRanges("=SUM('E 81'!F9:F12)")![0].sheet).toBe("E 81"));
  test("not SUM-shaped", () => {
    expect(sumRanges("=F9-F10")).toBeUndefined();
    expect(sumRanges("=F9/F10*100")).toBeUndefined();
    expect(sumRanges("=SUM(F9:F12)*2")).toBeUndefined();
    expect(sumRanges("=AVERAGE(F9:F12)")).toBeUndefined();
    expect(sumRanges("=F9+100")).toBeUndefined();
    expect(sumRanges("=SUM(F9:F12")).toBeUndefined();
    expect(sumRanges("")).toBeUndefined();
    expect(sumRanges("=SUMIF(A1:A5,\"x\",B1:B5)")).toBeUndefined();
  });
});

test("areaCells enumerates row-major and clips", () => {
  expect(areaCells(area(0, 0, 1, 1))).toEqual([{ r: 0, c: 0 }, { r: 0, c: 1 }, { r: 1, c: 0 }, { r: 1, c: 1 }]);
  expect(areaCells({ r1: 0, c1: 2, r2: 1048575, c2: 2 }, { rows: 3, cols: 10 }).length).toBe(3);
});
