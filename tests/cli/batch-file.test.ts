/**
 * The per-table figures of the batch report (src/cli/batch-file.ts): the Perangkat Daerah named
 * above the table, penyerapan of the total row, rata-rata capaian and predikat; a file that cannot
 * be read comes back with its reason instead of throwing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import ExcelJS from "exceljs";
import { checkFile } from "../../src/cli/batch-file";
import { fixtureBuffer } from "../fixtures";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capaian-batch-file-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A budget realisation table: 2 programs × 2 kegiatan × 3 sub kegiatan, a JUMLAH row. */
async function budgetWorkbook(file: string, above: (ws: ExcelJS.Worksheet) => void): Promise<{ pagu: number; real: number }> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Realisasi");
  ws.getCell("A1").value = "LAPORAN REALISASI ANGGARAN TAHUN 2024";
  above(ws);
  ["No", "Kode", "Program / Kegiatan / Sub Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "Persentase (%)"].forEach((h, i) => (ws.getCell(5, i + 1).value = h));
  let r = 6;
  let pagu = 0;
  let real = 0;
  const progRows: number[] = [];
  for (let p = 1; p <= 2; p++) {
    const pr = r++;
    progRows.push(pr);
    ws.getCell(pr, 1).value = p;
    ws.getCell(pr, 2).value = `1.02.0${p}`;
    ws.getCell(pr, 3).value = `PROGRAM ${p}`;
    const kegRows: number[] = [];
    for (let k = 1; k <= 2; k++) {
      const kr = r++;
      kegRows.push(kr);
      ws.getCell(kr, 2).value = `1.02.0${p}.2.0${k}`;
      ws.getCell(kr, 3).value = `Kegiatan ${p}.${k}`;
      let kp = 0;
      let kq = 0;
      for (let s = 1; s <= 3; s++) {
        const sr = r++;
        const a = (100 + 10 * s + p + k) * 1_000_000;
        const b = Math.round(a * (0.7 + 0.05 * s));
        ws.getCell(sr, 2).value = `1.02.0${p}.2.0${k}.000${s}`;
        ws.getCell(sr, 3).value = `Sub Kegiatan ${p}.${k}.${s}`;
        ws.getCell(sr, 4).value = a;
        ws.getCell(sr, 5).value = b;
        ws.getCell(sr, 6).value = Math.round((b / a) * 10000) / 100;
        kp += a;
        kq += b;
      }
      ws.getCell(kr, 4).value = kp;
      ws.getCell(kr, 5).value = kq;
      ws.getCell(kr, 6).value = Math.round((kq / kp) * 10000) / 100;
    }
    const pp = kegRows.reduce((s, k) => s + Number(ws.getCell(k, 4).value), 0);
    const pq = kegRows.reduce((s, k) => s + Number(ws.getCell(k, 5).value), 0);
    ws.getCell(pr, 4).value = pp;
    ws.getCell(pr, 5).value = pq;
    ws.getCell(pr, 6).value = Math.round((pq / pp) * 10000) / 100;
    pagu += pp;
    real += pq;
  }
  ws.getCell(r, 3).value = "JUMLAH";
  ws.getCell(r, 4).value = pagu;
  ws.getCell(r, 5).value = real;
  ws.getCell(r, 6).value = Math.round((real / pagu) * 10000) / 100;
  await wb.xlsx.writeFile(file);
  return { pagu, real };
}

describe("batch figures per table", () => {
  it("takes the Perangkat Daerah from a name line above the table and penyerapan from the total", async () => {
    const file = path.join(dir, "dinkes.xlsx");
    const { pagu, real } = await budgetWorkbook(file, (ws) => (ws.getCell("A2").value = "DINAS KESEHATAN"));
    const r = await checkFile(file);
    expect(r.ok).toBe(true);
    expect(r.tables).toHaveLength(1);
    expect(r.tables[0].perangkatDaerah).toBe("DINAS KESEHATAN");
    expect(r.tables[0].penyerapan).toBeCloseTo(Math.round((real / pagu) * 10000) / 100, 2);
  });

  it("takes it from a label line too (Perangkat Daerah : …), the label cell and the value cell apart", async () => {
    const file = path.join(dir, "dinsos.xlsx");
    await budgetWorkbook(file, (ws) => {
      ws.getCell("A3").value = "Perangkat Daerah";
      ws.getCell("B3").value = ": Dinas Sosial";
    });
    const r = await checkFile(file);
    expect(r.tables[0].perangkatDaerah).toBe("Dinas Sosial");
  });

  it("no Perangkat Daerah when the sheet names none (a lone 'DINAS' is not a name)", async () => {
    const file = path.join(dir, "anon.xlsx");
    await budgetWorkbook(file, (ws) => (ws.getCell("A2").value = "DINAS "));
    const r = await checkFile(file);
    expect(r.tables[0].perangkatDaerah).toBeUndefined();
  });

  it("rata-rata capaian and predikat of a Renja matrix", async () => {
    const file = path.join(dir, "renja.xlsx");
    fs.writeFileSync(file, await fixtureBuffer("sumenep-2023-matrix"));
    const r = await checkFile(file);
    const t = r.tables[0];
    expect(typeof t.rataRataCapaian).toBe("number");
    expect(t.predikat).toBe(t.rataRataCapaian! >= 91 ? "Sangat Tinggi" : t.rataRataCapaian! >= 76 ? "Tinggi" : t.rataRataCapaian! >= 66 ? "Sedang" : t.rataRataCapaian! >= 51 ? "Rendah" : "Sangat Rendah");
  });

  it("an unreadable file comes back with its reason, never an exception", async () => {
    const file = path.join(dir, "rusak.xlsx");
    fs.writeFileSync(file, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    const r = await checkFile(file);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/rusak\.xlsx/);
    const missing = await checkFile(path.join(dir, "tidak-ada.xlsx"));
    expect(missing.ok).toBe(false);
  });
});
