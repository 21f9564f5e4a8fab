/**
 * The sheet reader's own row loop (sheet-reader.ts `rowCells`) reads the usual tokens itself and
 * leaves everything else to the tokenizer. The same sheet with every element under a namespace
 * prefix (`<x:c>`) never enters the loop, so the two Grids must be equal, for every odd form a row
 * may take.
 */
import ExcelJS from "exceljs";
import { strToU8, unzipSync, zipSync } from "fflate";
import { readBook } from "../../src/xlsx/read";
import { Grid } from "../../src/core/grid";
import { parseSharedStrings } from "../../src/xlsx/sheet-reader";

const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

async function book(sheetXml: string) {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Data").getCell("A1").value = "kata";
  const files = unzipSync(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  files["xl/worksheets/sheet1.xml"] = strToU8(sheetXml);
  return readBook(Buffer.from(zipSync(files)), "rows.xlsx");
}

function plain(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${rows}</sheetData><mergeCells count="1"><mergeCell ref="A20:B20"/></mergeCells></worksheet>`;
}

/** Every element of the sheet under the prefix x: (the tokenizer reads it all). */
function prefixed(rows: string): string {
  const body = rows.replace(/<(\/?)([A-Za-z])/g, "<$1x:$2");
  return `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="${NS}"><x:sheetData>${body}</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A20:B20"/></x:mergeCells></x:worksheet>`;
}

function shape(g: Grid) {
  return { cells: g.cells, hiddenRows: [...g.hiddenRows], hiddenCols: [...g.hiddenCols], merges: g.merges, rows: g.rowCount, cols: g.colCount };
}

const ROWS = [
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12</v></c><c r="C1"><v>-0.5</v></c><c r="D1"><v>1e3</v></c><c r="E1"><v> 7 </v></c></row>',
  '<row r="2" hidden="1"><c r="A2"/><c r="B2" s="0"></c><c r="C2"><v/></c><c r="D2"><v></v></c><c r="E2"><v>3</v></c></row>',
  "<row r='3'><c r='A3' t='str'><v>a &amp; b</v></c><c r='B3'><v>&#49;2</v></c><c r='C3'><v><![CDATA[42]]></v></c></row>",
  '<row r="4"><c r="A4"><v>1<!-- note -->2</v></c><!-- between --><c r="B4" t="inlineStr"><is><t>inline</t></is></c><c r="C4"><v>5</v></c></row>',
  '<row r="5"><c r="A5"><f>SUM(B1:C1)</f><v>11.5</v></c><c r="B5"><f t="shared" ref="B5:B7" si="0">A5*2</f><v>23</v></c></row>',
  '<row r="6"><c r="B6"><f t="shared" si="0"/><v>0</v></c><c r="C6" t="b"><v>1</v></c><c r="D6" t="e"><v>#DIV/0!</v></c></row>',
  '<row r="7"><c r="B7"><f t="shared" si="0"/></c><c r="C7" t="d"><v>2024-01-31T00:00:00</v></c></row>',
  '<row r="8" spans="1:3"/>',
  "<row>\n  <c><v>1</v></c>\n  <c><v>2</v></c>\n</row>",
  '<row r="10"><c r="A10" ><v >4</v ></c ><c r="B10"><v>5</v></c></row>',
  '<row r="11"><c r="A11"><v>1.</v></c><c r="B11"><v>.25</v></c><c r="C11"><v>123456789012345678</v></c><c r="D11"><v>-0</v></c></row>',
  '<row r="12"><c r="A12" t="s"><v>00</v></c><c r="B12" t="n"><v>8</v></c><c r="C12" t="str"><f>"x"&amp;"y"</f><v>xy</v></c></row>',
  '<row r="20"><c r="A20"><v>1</v></c><c r="B20"><v>2</v></c></row>',
];

describe("the row loop reads what the tokenizer reads", () => {
  it.each(ROWS.map((r, i) => [i + 1, r]))("row form %i", async (_i, row) => {
    const a = await book(plain(row as string));
    const b = await book(prefixed(row as string));
    expect(shape(a.sheets[0])).toEqual(shape(b.sheets[0]));
  });

  it("all forms in one sheet", async () => {
    const rows = ROWS.join("");
    const a = await book(plain(rows));
    const b = await book(prefixed(rows));
    expect(shape(a.sheets[0])).toEqual(shape(b.sheets[0]));
    expect(a.sheets[0].value(0, 0)).toBe("kata");
    expect(a.sheets[0].value(3, 0)).toBe(12);
    expect(a.sheets[0].value(3, 1)).toBe("inline");
    expect(a.sheets[0].get(5, 1)?.f).toBe("=A6*2");
  });

  it("a damaged tag inside a row is still an error", async () => {
    await expect(book(plain('<row r="1"><c r="A1"><v>1</v></c><c r="B1 t="s"><v>0</v></c></row>'))).rejects.toThrow(/damaged/);
    await expect(book(plain('<row r="1"><c r="A1" t=s><v>1</v></c></row>'))).rejects.toThrow(/damaged/);
  });
});

describe("the shared strings loop reads what the tokenizer reads", () => {
  const SST = [
    "<si><t>a</t></si>",
    '<si><t xml:space="preserve"> b </t></si>',
    "<si><r><t>c</t></r><r><rPr><b/></rPr><t>d</t></r></si>",
    "<si><t>e</t><rPh sb=\"0\" eb=\"1\"><t>phonetic</t></rPh><phoneticPr fontId=\"1\"/></si>",
    "<si/>",
    "<si><t/></si>",
    "<si><t>f &amp; g<!-- note --> h</t></si>",
    "<si><t><![CDATA[1 < 2]]></t></si>",
    "<si>\n  <t>i\r\nj</t>\n</si>",
    "<si><t>k</t></si >",
  ];
  const plainSst = (body: string) => `<?xml version="1.0"?><sst xmlns="${NS}">${body}</sst>`;
  const prefixedSst = (body: string) => `<?xml version="1.0"?><x:sst xmlns:x="${NS}">${body.replace(/<(\/?)([A-Za-z])/g, "<$1x:$2")}</x:sst>`;

  it("gives the same strings", () => {
    const body = SST.join("");
    const a = parseSharedStrings(plainSst(body));
    expect(a).toEqual(parseSharedStrings(prefixedSst(body)));
    expect(a).toEqual(["a", " b ", "cd", "e", "", "", "f & g h", "1 < 2", "i\nj", "k"]);
  });

  it("a damaged tag is still an error", () => {
    expect(() => parseSharedStrings(plainSst('<si><t x=1>a</t></si>'))).toThrow();
  });
});
