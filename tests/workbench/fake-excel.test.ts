/**
 * The workbench's stand-in Excel API: Office.js batching semantics over an in-memory workbook.
 */
import { MemWorkbook, installFakeOffice, PROTECTED_MESSAGE, type InstalledOffice } from "../../src/workbench/fake-excel";
import type { FakeRequestContext } from "../../src/workbench/fake-excel/api";

type Run = <T>(cb: (ctx: FakeRequestContext) => Promise<T>) => Promise<T>;

function setup(api = "1.18"): { wb: MemWorkbook; run: Run; office: InstalledOffice } {
  const wb = new MemWorkbook("test.xlsx");
  const s = wb.addSheet("E81");
  s.ensure(0, 0).v = "Program";
  s.ensure(1, 0).v = 400;
  s.ensure(1, 1).v = 397;
  s.ensure(2, 0).v = "teks";
  wb.addSheet("Other");
  const office = installFakeOffice(wb, { apiVersion: api });
  const run: Run = (cb) => office.Excel.run(cb);
  return { wb, run, office };
}

let current: InstalledOffice | undefined;
afterEach(() => current?.uninstall());

function init(api?: string) {
  const s = setup(api);
  current = s.office;
  return s;
}

async function rejection(p: Promise<unknown>): Promise<{ code?: string; message: string; name?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error("expected a rejection");
}

describe("load / sync bookkeeping", () => {
  test("a property throws PropertyNotLoaded until it is loaded AND synced", async () => {
    const { run } = init();
    await run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("E81").getRange("A1:B2");
      expect(() => r.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      r.load("values");
      expect(() => r.values).toThrow(/not available/); // loaded, not synced
      await ctx.sync();
      expect(r.values).toEqual([
        ["Program", ""],
        [400, 397],
      ]);
      expect(() => r.formulas).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
  });

  test("load accepts comma lists, arrays and object forms; unknown properties are rejected", async () => {
    const { run } = init();
    await run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("E81");
      const a = ws.getRange("A2:B2").load("address, rowIndex, columnIndex");
      const b = ws.getRange("B2").load(["rowCount", "columnCount", "valueTypes"]);
      ws.load({ name: true, protection: { protected: true } } as never);
      await ctx.sync();
      expect([a.address, a.rowIndex, a.columnIndex]).toEqual(["'E81'!A2:B2", 1, 0]);
      expect([b.rowCount, b.columnCount, b.valueTypes]).toEqual([1, 1, [["Double"]]]);
      expect([ws.name, ws.protection.protected]).toEqual(["E81", false]);
      expect(() => ws.getRange("A1").load("nonsense")).toThrow(expect.objectContaining({ code: "InvalidArgument" }));
    });
  });

  test("a load queued after a write sees the write (and the formula's computed value)", async () => {
    const { run } = init();
    await run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("E81");
      ws.getRange("C2").formulas = [["=B2/A2*100"]];
      const r = ws.getRange("C2").load(["values", "formulas"]);
      await ctx.sync();
      expect(r.formulas).toEqual([["=B2/A2*100"]]);
      expect(r.values[0][0]).toBeCloseTo(99.25, 10);
    });
  });

  test("a value loaded before the write keeps the old value until reloaded", async () => {
    const { run } = init();
    await run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("E81").getRange("A2").load("values");
      await ctx.sync();
      const again = ctx.workbook.worksheets.getItem("E81").getRange("A2");
      again.values = [[500]];
      await ctx.sync();
      expect(r.values).toEqual([[400]]);
      r.load("values");
      await ctx.sync();
      expect(r.values).toEqual([[500]]);
    });
  });
});

describe("writes", () => {
  test("writes are queued and applied at sync", async () => {
    const { run, wb } = init();
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem("E81").getRangeByIndexes(3, 0, 1, 2).values = [[1, 2]];
      expect(wb.sheet("E81")!.get(3, 0)).toBeUndefined();
      await ctx.sync();
      expect(wb.sheet("E81")!.get(3, 0)?.v).toBe(1);
    });
  });

  test("Excel's typed-input rules: formulas, apostrophes, numeric text, null keeps, empty clears", async () => {
    const { run, wb } = init();
    await run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("E81");
      ws.getRange("A5:F5").values = [["=A2+1", "'=A2+1", "123", "1,234.5", "-abc", "50%"]];
      ws.getRange("A2:B2").values = [[null, ""]];
      await ctx.sync();
    });
    const s = wb.sheet("E81")!;
    expect(s.get(4, 0)).toMatchObject({ f: "=A2+1", v: 401, calc: "evaluated" });
    expect(s.get(4, 1)).toMatchObject({ v: "=A2+1" });
    expect(s.get(4, 1)?.f).toBeUndefined();
    expect(s.get(4, 2)?.v).toBe(123);
    expect(s.get(4, 3)).toMatchObject({ v: 1234.5, fmt: "#,##0.00" });
    expect(s.get(4, 4)).toMatchObject({ f: "=-abc", v: null, calc: "cached" }); // the formula-injection hazard
    expect(s.get(4, 5)).toMatchObject({ v: 0.5, fmt: "0%" });
    expect(s.get(1, 0)?.v).toBe(400); // null: unchanged
    expect(s.get(1, 1)).toBeUndefined(); // "": cleared
  });

  test("a text-formatted cell keeps numeric strings as text", async () => {
    const { run, wb } = init();
    await run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("E81").getRange("D1");
      r.numberFormat = [["@"]];
      r.values = [["11,238,069,445"]];
      await ctx.sync();
    });
    expect(wb.sheet("E81")!.get(0, 3)).toMatchObject({ v: "11,238,069,445", fmt: "@" });
  });

  test("dimension mismatch fails at sync with InvalidArgument; earlier commands stay applied", async () => {
    const { run, wb } = init();
    const err = await rejection(
      run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("E81");
        ws.getRange("D1").values = [["first"]];
        ws.getRange("A1:B1").values = [[1, 2, 3]];
        ws.getRange("D2").values = [["never"]];
        await ctx.sync();
      }),
    );
    expect(err.code).toBe("InvalidArgument");
    expect(wb.sheet("E81")!.get(0, 3)?.v).toBe("first");
    expect(wb.sheet("E81")!.get(1, 3)).toBeUndefined();
  });

  test("dependent formulas recalculate when their inputs change", async () => {
    const { run, wb } = init();
    await run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("E81");
      ws.getRange("C2:D2").formulas = [["=B2/A2*100", '=IF(C2>=91,"Sangat Tinggi","Tinggi")']];
      await ctx.sync();
      expect(wb.sheet("E81")!.get(1, 3)?.v).toBe("Sangat Tinggi");
      ws.getRange("B2").values = [[300]];
      const d = ws.getRange("C2:D2").load("values");
      await ctx.sync();
      expect(d.values).toEqual([[75, "Tinggi"]]);
    });
  });

  test("cell properties, row and column properties, merges, widths, hyperlinks, clear", async () => {
    const { run, wb } = init();
    wb.sheet("E81")!.hiddenRows.add(2);
    wb.sheet("E81")!.merges.push({ r1: 0, c1: 0, r2: 0, c2: 1 });
    await run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("E81");
      ws.getRange("A2:B2").setCellProperties([
        [{ format: { fill: { color: "#FFC7CE" }, font: { bold: true, color: "#9C0006" } } }, { format: { indentLevel: 2 } as never }],
      ]);
      const props = ws.getRange("A2:B2").getCellProperties({
        format: { font: { bold: true, italic: true, color: true }, fill: { color: true, pattern: true }, indentLevel: true },
      } as never);
      const rows = ws.getRange("A1:A3").getRowProperties({ rowHidden: true, rowIndex: true });
      const cols = ws.getRange("A1:B1").getColumnProperties({ columnHidden: true, columnIndex: true });
      const merged = ws.getRange("A1:C3").getMergedAreasOrNullObject();
      merged.load("address");
      const none = ws.getRange("C3:D4").getMergedAreasOrNullObject();
      none.load("address");
      expect(() => props.value).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await ctx.sync();
      expect(props.value[0][0]).toEqual({ format: { font: { bold: true, italic: false, color: "#9C0006" }, fill: { color: "#FFC7CE", pattern: "Solid" }, indentLevel: 0 } });
      expect(props.value[0][1].format).toMatchObject({ fill: { color: "#FFFFFF", pattern: "None" }, indentLevel: 2 });
      expect(rows.value.map((r) => r.rowHidden)).toEqual([false, false, true]);
      expect(cols.value).toEqual([
        { columnIndex: 0, columnHidden: false },
        { columnIndex: 1, columnHidden: false },
      ]);
      expect(merged.isNullObject).toBe(false);
      expect(merged.address).toBe("'E81'!A1:B1") // E81 looks like a cell reference: quoted;
      expect(none.isNullObject).toBe(true);

      const r = ws.getRange("D4");
      r.hyperlink = { documentReference: "'Other'!A1", textToDisplay: "ke Other" };
      r.format.columnWidth = 120;
      ws.getRange("A2").format.fill.clear();
      ws.getRange("E1:F1").merge(false);
      await ctx.sync();
      const s = wb.sheet("E81")!;
      expect(s.get(3, 3)).toMatchObject({ v: "ke Other", link: "'Other'!A1" });
      expect(s.colWidths.get(3)).toBe(120);
      expect(s.get(1, 0)?.fill).toBeUndefined();
      expect(s.merges).toContainEqual({ r1: 0, c1: 4, r2: 0, c2: 5 });
      ws.getRange().unmerge();
      ws.getRange("A1:B2").clear();
      await ctx.sync();
      expect(s.merges).toEqual([]);
      expect(s.get(1, 0)).toBeUndefined();
    });
  });
});

describe("worksheets", () => {
  test("getItem of a missing sheet fails at sync with ItemNotFound; OrNullObject reports isNullObject", async () => {
    const { run } = init();
    const err = await rejection(
      run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Nope").getRange("A1").values = [[1]];
        await ctx.sync();
      }),
    );
    expect(err.code).toBe("ItemNotFound");
    await run(async (ctx) => {
      const a = ctx.workbook.worksheets.getItemOrNullObject("nope");
      const b = ctx.workbook.worksheets.getItemOrNullObject("other"); // case-insensitive
      b.load("name");
      await ctx.sync();
      expect(a.isNullObject).toBe(true);
      expect(b.isNullObject).toBe(false);
      expect(b.name).toBe("Other");
    });
  });

  test("add, list, activate, freeze, delete; duplicates fail with ItemAlreadyExists", async () => {
    const { run, wb } = init();
    const changes: string[] = [];
    wb.subscribe((k) => changes.push(k));
    await run(async (ctx) => {
      const ws = ctx.workbook.worksheets.add("Ringkasan Capaian");
      ws.getRange("A1").values = [["Ringkasan"]];
      ws.freezePanes.freezeRows(2);
      ws.activate();
      ws.pageLayout.orientation = "Landscape";
      const list = ctx.workbook.worksheets;
      list.load("items/name");
      await ctx.sync();
      expect(list.items.map((w) => w.name)).toEqual(["E81", "Other", "Ringkasan Capaian"]);
    });
    const s = wb.sheet("Ringkasan Capaian")!;
    expect([wb.activeSheet, s.freezeRows, s.orientation, s.get(0, 0)?.v]).toEqual(["Ringkasan Capaian", 2, "Landscape", "Ringkasan"]);
    expect(changes).toEqual(expect.arrayContaining(["sheets", "cells", "selection"]));
    const err = await rejection(
      run(async (ctx) => {
        ctx.workbook.worksheets.add("ringkasan capaian");
        await ctx.sync();
      }),
    );
    expect(err.code).toBe("ItemAlreadyExists");
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Ringkasan Capaian").delete();
      await ctx.sync();
    });
    expect(wb.sheets.map((x) => x.name)).toEqual(["E81", "Other"]);
  });

  test("used range, with and without a null object", async () => {
    const { run } = init();
    await run(async (ctx) => {
      const used = ctx.workbook.worksheets.getItem("E81").getUsedRangeOrNullObject(true);
      used.load(["address", "rowCount", "columnCount"]);
      const empty = ctx.workbook.worksheets.getItem("Other").getUsedRangeOrNullObject(true);
      empty.load("address");
      await ctx.sync();
      expect(used.isNullObject).toBe(false);
      expect([used.address, used.rowCount, used.columnCount]).toEqual(["'E81'!A1:B3", 3, 2]);
      expect(empty.isNullObject).toBe(true);
    });
  });

  test("charts: add with title and position, list, delete", async () => {
    const { run, wb } = init();
    await run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("E81");
      const chart = ws.charts.add("ColumnClustered", ws.getRange("A1:B2"), "Columns");
      chart.title.text = "Capaian";
      chart.setPosition("D2");
      await ctx.sync();
    });
    expect(wb.sheet("E81")!.charts).toEqual([
      {
        name: "Chart 1",
        type: "ColumnClustered",
        source: "'E81'!A1:B2",
        seriesBy: "Columns",
        title: "Capaian",
        position: { start: "D2", end: undefined },
        // what Excel plots of that source: every column a series (no text column for categories here)
        series: [
          { name: "Program", values: "'E81'!A2" },
          { name: "Series2", values: "'E81'!B2" },
        ],
      },
    ]);
    await run(async (ctx) => {
      const charts = ctx.workbook.worksheets.getItem("E81").charts;
      charts.load("items");
      await ctx.sync();
      for (const c of charts.items) c.delete();
      await ctx.sync();
    });
    expect(wb.sheet("E81")!.charts).toEqual([]);
  });
});

describe("protection", () => {
  test("writing to a protected sheet fails with AccessDenied and Excel's message; nothing is written", async () => {
    const { run, wb } = init();
    wb.sheet("E81")!.protected = true;
    const before = JSON.stringify(wb.dump("E81"));
    const err = await rejection(
      run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("E81");
        ws.protection.load("protected");
        await ctx.sync();
        expect(ws.protection.protected).toBe(true);
        ws.getRange("C2").formulas = [["=B2/A2*100"]];
        await ctx.sync();
      }),
    );
    expect(err.code).toBe("AccessDenied");
    expect(err.message).toBe(PROTECTED_MESSAGE);
    expect(JSON.stringify(wb.dump("E81"))).toBe(before);
    for (const write of [
      (ws: ReturnType<FakeRequestContext["workbook"]["worksheets"]["getItem"]>) => ws.getRange("A1").setCellProperties([[{ format: { fill: { color: "#FF0000" } } }]]),
      (ws: ReturnType<FakeRequestContext["workbook"]["worksheets"]["getItem"]>) => ws.getRange("A1").clear(),
      (ws: ReturnType<FakeRequestContext["workbook"]["worksheets"]["getItem"]>) => (ws.getRange("A1").numberFormat = [["0.00"]]),
    ]) {
      const e = await rejection(
        run(async (ctx) => {
          write(ctx.workbook.worksheets.getItem("E81"));
          await ctx.sync();
        }),
      );
      expect(e.code).toBe("AccessDenied");
    }
    const e = await rejection(
      run(async (ctx) => {
        ctx.workbook.notes.add("E81!A1", "catatan");
        await ctx.sync();
      }),
    );
    expect(e.code).toBe("AccessDenied");
    expect(JSON.stringify(wb.dump("E81"))).toBe(before);
    // reading and selecting still work on a protected sheet
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem("E81").getRange("B2").select();
      await ctx.sync();
    });
    expect(wb.selection).toEqual({ sheet: "E81", area: { r1: 1, c1: 1, r2: 1, c2: 1 } });
  });
});

describe("settings", () => {
  test("settings persist across Excel.run calls as JSON copies; missing keys are null objects", async () => {
    const { run, wb } = init();
    const obj = { version: 1, roles: { "E81!A1:B3#1": { role: "target" } } };
    await run(async (ctx) => {
      ctx.workbook.settings.add("capaian.corrections", JSON.stringify(obj));
      ctx.workbook.settings.add("capaian.obj", obj);
      await ctx.sync();
    });
    obj.version = 2; // the stored value is a copy
    await run(async (ctx) => {
      const a = ctx.workbook.settings.getItemOrNullObject("capaian.corrections");
      a.load("value");
      const b = ctx.workbook.settings.getItemOrNullObject("capaian.obj");
      b.load("value");
      const missing = ctx.workbook.settings.getItemOrNullObject("capaian.none");
      missing.load("value");
      await ctx.sync();
      expect(JSON.parse(a.value as string)).toEqual({ version: 1, roles: { "E81!A1:B3#1": { role: "target" } } });
      expect((b.value as { version: number }).version).toBe(1);
      expect(missing.isNullObject).toBe(true);
      missing.delete(); // no-op on a null object
      a.delete();
      await ctx.sync();
    });
    expect([...wb.settings.keys()]).toEqual(["capaian.obj"]);
    const err = await rejection(
      run(async (ctx) => {
        const s = ctx.workbook.settings.getItem("capaian.corrections");
        s.load("value");
        await ctx.sync();
      }),
    );
    expect(err.code).toBe("ItemNotFound");
  });
});

describe("notes, comments, selection, run", () => {
  test("notes: add, look up by cell, delete", async () => {
    const { run, wb } = init();
    await run(async (ctx) => {
      ctx.workbook.notes.add("'E81'!B2", "Temuan: jumlah salah");
      await ctx.sync();
      const n = ctx.workbook.notes.getItemOrNullObject("E81!B2");
      n.load("content");
      const none = ctx.workbook.notes.getItemOrNullObject("E81!A1");
      none.load("content");
      await ctx.sync();
      expect(n.isNullObject).toBe(false);
      expect(n.content).toBe("Temuan: jumlah salah");
      expect(none.isNullObject).toBe(true);
      expect(wb.sheet("E81")!.get(1, 1)?.note).toBe("Temuan: jumlah salah");
      n.delete();
      await ctx.sync();
    });
    expect(wb.sheet("E81")!.get(1, 1)?.note).toBeUndefined();
  });

  test("comments: add, list with locations, delete", async () => {
    const { run, wb } = init("1.17");
    await run(async (ctx) => {
      ctx.workbook.comments.add("E81!A2", "komentar");
      await ctx.sync();
      const list = ctx.workbook.comments;
      list.load("items/content");
      await ctx.sync();
      expect(list.items.map((c) => c.content)).toEqual(["komentar"]);
      const loc = list.items[0].getLocation();
      loc.load("address");
      await ctx.sync();
      expect(loc.address).toBe("'E81'!A2");
      list.items[0].delete();
      await ctx.sync();
    });
    expect(wb.sheet("E81")!.get(1, 0)?.note).toBeUndefined();
  });

  test("select activates the sheet and records the selection; Excel.run syncs what is left queued", async () => {
    const { run, wb } = init();
    const before = wb.stats.syncs;
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Other").getRange("C5").select();
    });
    expect(wb.stats.syncs).toBe(before + 1);
    expect(wb.activeSheet).toBe("Other");
    expect(wb.selection).toEqual({ sheet: "Other", area: { r1: 4, c1: 2, r2: 4, c2: 2 } });
  });

  test("an object used after its Excel.run ended fails with InvalidObjectPath", async () => {
    const { run } = init();
    let leaked: { values: unknown } | undefined;
    await run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("E81").getRange("A2").load("values");
      await ctx.sync();
      leaked = r;
    });
    expect((leaked as { values: unknown }).values).toEqual([[400]]); // loaded values stay readable
    expect(() => {
      (leaked as { values: unknown }).values = [[1]];
    }).toThrow(expect.objectContaining({ code: "InvalidObjectPath" }));
  });

  test("a request above 5 MB fails with RequestPayloadSizeLimitExceeded and applies nothing", async () => {
    const { run, wb } = init();
    const big = Array.from({ length: 6000 }, () => ["x".repeat(1000)]);
    const err = await rejection(
      run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("E81");
        ws.getRange("D1").values = [["small"]];
        ws.getRange("A1001:A7000").values = big;
        await ctx.sync();
      }),
    );
    expect(err.code).toBe("RequestPayloadSizeLimitExceeded");
    expect(wb.sheet("E81")!.get(0, 3)).toBeUndefined();
    expect(wb.sheet("E81")!.get(1000, 0)).toBeUndefined();
  });

  test("an API above the host's requirement set fails at sync with ApiNotFound", async () => {
    const { run } = init("1.8");
    const err = await rejection(
      run(async (ctx) => {
        const p = ctx.workbook.worksheets.getItem("E81").getRange("A1:B2").getCellProperties({ format: { font: { bold: true } } } as never);
        await ctx.sync();
        return p.value;
      }),
    );
    expect(err.code).toBe("ApiNotFound");
    const e2 = await rejection(
      run(async (ctx) => {
        ctx.workbook.notes.add("E81!A1", "x");
        await ctx.sync();
      }),
    );
    expect(e2.code).toBe("ApiNotFound");
    await run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("E81").getRangeByIndexes(0, 0, 1, 1).load("values"); // 1.7: fine
      await ctx.sync();
      expect(r.values).toEqual([["Program"]]);
    });
  });

  test("Office global: onReady, requirement sets, display language; Excel.run with options", async () => {
    const { office } = init("1.13");
    const info = await office.Office.onReady();
    expect(info.host).toBe("Excel");
    const req = office.Office.context.requirements;
    expect([req.isSetSupported("ExcelApi", "1.7"), req.isSetSupported("ExcelApi", "1.13"), req.isSetSupported("ExcelApi", "1.18")]).toEqual([true, true, false]);
    expect(office.Office.context.displayLanguage).toBe("id-ID");
    const g = globalThis as unknown as { Excel: { run: (o: object, cb: (ctx: FakeRequestContext) => Promise<string>) => Promise<string> } };
    const name = await g.Excel.run({ delayForCellEdit: true }, async (ctx) => {
      const ws = ctx.workbook.worksheets.getActiveWorksheet();
      ws.load("name");
      await ctx.sync();
      return ws.name;
    });
    expect(name).toBe("E81");
  });
});
