import ExcelJS from "exceljs";
import { strToU8, zipSync } from "fflate";
import { listZip, openPackage, resolveTarget, relsPartOf, NotZipError } from "../../src/xlsx/package";
import { LimitError } from "../../src/xlsx/limits";

async function sample(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Data").getCell("A1").value = "x";
  const h = wb.addWorksheet("Rahasia");
  h.state = "hidden";
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe("package layer (zip, content types, relationships)", () => {
  it("lists entries, resolves the workbook and its sheets through relationships", async () => {
    const p = openPackage(await sample(), { file: "t.xlsx" });
    expect(p.names()).toContain("[Content_Types].xml");
    const wb = p.workbook()!;
    expect(wb.part).toBe("xl/workbook.xml");
    expect(wb.sheets.map((s) => [s.name, s.state, s.kind, s.part])).toEqual([
      ["Data", "visible", "worksheet", "xl/worksheets/sheet1.xml"],
      ["Rahasia", "hidden", "worksheet", "xl/worksheets/sheet2.xml"],
    ]);
    expect(p.relOfKind(wb.part, "sharedStrings")?.part).toBe("xl/sharedStrings.xml");
    expect(p.contentType("xl/worksheets/sheet1.xml")).toMatch(/worksheet\+xml/);
    expect(p.text("xl/worksheets/sheet1.xml")).toMatch(/<sheetData>/);
  });

  it("resolves relative, absolute and parent targets", () => {
    expect(resolveTarget("xl/workbook.xml", "worksheets/catatan.xml")).toBe("xl/worksheets/catatan.xml");
    expect(resolveTarget("xl/workbook.xml", "/xl/data/s.xml")).toBe("xl/data/s.xml");
    expect(resolveTarget("xl/worksheets/sheet1.xml", "../comments1.xml")).toBe("xl/comments1.xml");
    expect(resolveTarget("", "xl/workbook.xml")).toBe("xl/workbook.xml");
    expect(relsPartOf("xl/workbook.xml")).toBe("xl/_rels/workbook.xml.rels");
  });

  it("refuses by the central directory's declared size before inflating", () => {
    const big = new Uint8Array(12 * 1024 * 1024).fill(32);
    const zip = zipSync({ "xl/worksheets/sheet1.xml": big, "a.txt": strToU8("a") }, { level: 9 });
    expect(zip.length).toBeLessThan(200_000);
    const p = openPackage(zip, { file: "bomb.xlsx", limits: { maxPartBytes: 4 * 1024 * 1024 } });
    const t0 = Date.now();
    expect(() => p.bytes("xl/worksheets/sheet1.xml", "sheet Data")).toThrow(LimitError);
    expect(() => p.bytes("xl/worksheets/sheet1.xml", "sheet Data")).toThrow(/bomb\.xlsx: sheet Data expands to 12 MiB/);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it("stops inflating when the directory lies about the size", () => {
    const big = new Uint8Array(12 * 1024 * 1024).fill(32);
    const zip = zipSync({ "s.xml": big }, { level: 9 });
    // Patch the central directory's uncompressed size to 100 bytes.
    const e = listZip(zip)[0];
    let cd = zip.length - 22;
    cd = zip[cd + 16] | (zip[cd + 17] << 8) | (zip[cd + 18] << 16) | (zip[cd + 19] << 24);
    zip[cd + 24] = 100; zip[cd + 25] = 0; zip[cd + 26] = 0; zip[cd + 27] = 0;
    expect(listZip(zip)[0].size).toBe(100);
    expect(e.size).toBe(12 * 1024 * 1024);
    const p = openPackage(zip, { file: "liar.xlsx", limits: { maxPartBytes: 2 * 1024 * 1024 } });
    let pieces = 0;
    expect(() => p.streamText("s.xml", "sheet S", () => pieces++)).toThrow(/liar\.xlsx: sheet S expands to more than 2 MiB/);
    expect(() => p.bytes("s.xml", "sheet S")).toThrow(LimitError);
  });

  it("says NotZip for bytes that are not a zip", () => {
    expect(() => openPackage(strToU8("hello"), { file: "x" })).toThrow(NotZipError);
  });
});
