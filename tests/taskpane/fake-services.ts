/** A fake CapaianServices for component tests: jest mocks with sensible defaults. */
import type { Finding, TableModel } from "../../src/core/model";
import { emptyCorrections } from "../../src/excel/settings";
import type { CapaianServices, CheckOutcome, Corrections, FillRequest, ScanResult, Scope, UndoEntry, WriteOutcome } from "../../src/taskpane/services";

export const TABLE: TableModel = {
  id: "IKU!A5:F9",
  sheet: "IKU",
  kind: "capaian-indikator",
  title: "Tabel 3.1 Capaian IKU",
  area: { r1: 4, c1: 0, r2: 8, c2: 5 },
  header: { firstRow: 4, lastRow: 5 },
  columns: [
    { col: 0, role: "no", header: "No" },
    { col: 1, role: "indikator", header: "Indikator Kinerja" },
    { col: 2, role: "target", header: "Target" },
    { col: 3, role: "realisasi", header: "Realisasi" },
    { col: 4, role: "capaian", header: "Capaian (%)", percent: true },
    { col: 5, role: "kategori", header: "Kategori" },
  ],
  rows: [
    { row: 6, level: "indikator", label: "Tingkat inflasi", indicator: "Tingkat inflasi", depth: 0, polarity: "negative", aggregation: "stock" },
    { row: 7, level: "indikator", label: "Jumlah koperasi aktif", indicator: "Jumlah koperasi aktif", depth: 0, polarity: "positive", aggregation: "flow" },
    { row: 8, level: "rata-rata", label: "Rata-rata", depth: 0, polarity: "positive", aggregation: "flow" },
  ],
  labelConflicts: [],
  notes: [],
};

export const SCAN: ScanResult = { tables: [TABLE], unrecognized: [{ sheet: "Catatan", reason: "no header row found" }], sheets: ["IKU", "Catatan"] };

export const FINDINGS: Finding[] = [
  {
    rule: "capaian-recompute",
    severity: "error",
    sheet: "IKU",
    row: 7,
    col: 4,
    cell: "E8",
    stated: 9925,
    expected: 99.25,
    message: { id: "Capaian tertulis 9925, seharusnya 99,25 (selisih faktor 100)", en: "Stated capaian 9925, expected 99.25 (a factor of 100)" },
  },
  {
    rule: "number-as-text",
    severity: "warning",
    sheet: "IKU",
    row: 6,
    col: 3,
    cell: "D7",
    message: { id: "Angka disimpan sebagai teks", en: "Number stored as text" },
  },
  {
    rule: "kategori",
    severity: "warning",
    sheet: "IKU",
    row: 6,
    col: 5,
    cell: "F7",
    message: { id: "Kategori tidak sesuai skala", en: "Category contradicts the scale" },
  },
];

export const UNDO_ENTRY: UndoEntry = {
  format: "capaian-undo/1",
  id: "abc",
  label: { id: "Isi kolom hitungan", en: "Fill computed columns" },
  time: "2026-11-24T00:10:00.000Z",
  chunks: 1,
  cells: 12,
  notes: 0,
  sheetsCreated: [],
  sheetsRegenerated: [],
  sheetsTouched: ["IKU"],
};

export const WRITE: WriteOutcome = { cellsWritten: 12, sheetsCreated: [], sheetsRegenerated: [], skipped: 2, warnings: [], undo: UNDO_ENTRY };

export function fakeServices(over: Partial<CapaianServices> = {}): jest.Mocked<CapaianServices> {
  const s: jest.Mocked<CapaianServices> = {
    host: jest.fn(() => ({ inExcel: true, supported: true, limited: false })),
    loadCorrections: jest.fn(async () => emptyCorrections()),
    saveCorrections: jest.fn(async (_c: Corrections) => undefined),
    scan: jest.fn(async (_scope: Scope, _c: Corrections) => SCAN),
    fill: jest.fn(async (_scope: Scope, _c: Corrections, _r: FillRequest) => WRITE),
    check: jest.fn(async (_scope: Scope, _c: Corrections, _o: { mark: boolean }): Promise<CheckOutcome> => ({ findings: FINDINGS })),
    summaries: jest.fn(async (_scope: Scope, _c: Corrections) => ({
      ...WRITE,
      cellsWritten: 40,
      skipped: 0,
      sheetsCreated: ["Ringkasan Capaian"],
      sheetsRegenerated: ["Efisiensi"],
    })),
    peekUndo: jest.fn(async () => null),
    undo: jest.fn(async (_force?: boolean) => ({ entry: UNDO_ENTRY, requests: 2, remaining: 0, warnings: [] })),
    selectCell: jest.fn(async (_sheet: string, _cell: string) => undefined),
    lastCheck: jest.fn(async () => null),
  };
  Object.assign(s, over);
  return s;
}
