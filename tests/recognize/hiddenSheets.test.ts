/**
 * Hidden sheets (issue 11): analysed only when asked, never written.
 */
import { analyze } from "../../src/core/engine";
import type { Book } from "../../src/core/grid";
import { buildGrid } from "./helpers";

function book(): Book {
  const rows = [
    ["No", "Program", "Indikator", "Target", "Realisasi", "Capaian (%)"],
    [1, "Program Pemberdayaan UMKM", "Persentase UMKM naik kelas", 10, 9, null],
    [2, "Program Pengembangan Koperasi", "Persentase koperasi aktif", 50, 40, null],
  ];
  const visible = buildGrid("Capaian", { rows });
  const hidden = buildGrid("Capaian lama", { rows });
  hidden.hidden = "hidden";
  return { name: "hidden.xlsx", sheets: [visible, hidden] };
}

describe("hidden sheets", () => {
  it("are not analysed unless asked, and say so", () => {
    const a = analyze(book(), { fill: {} });
    expect(a.recognition.tables.map((t) => t.sheet)).toEqual(["Capaian"]);
    expect(a.recognition.unrecognized).toEqual([{ sheet: "Capaian lama", reason: expect.stringMatching(/hidden sheet/) }]);
    expect(a.plan.writes.some((w) => w.sheet === "Capaian")).toBe(true);
  });

  it("are analysed with includeHidden, and still never written", () => {
    const a = analyze(book(), { fill: {}, includeHidden: true });
    expect(a.recognition.tables.map((t) => t.sheet)).toEqual(["Capaian", "Capaian lama"]);
    expect(a.computed.some((c) => c.table.sheet === "Capaian lama" && c.cells.length > 0)).toBe(true);
    expect(a.plan.writes.filter((w) => w.sheet === "Capaian lama")).toEqual([]);
    expect(a.plan.writes.some((w) => w.sheet === "Capaian")).toBe(true);
  });
});
