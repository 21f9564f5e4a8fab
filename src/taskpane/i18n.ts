/**
 * Every string of the task pane in Bahasa Indonesia and English. The language follows
 * Office.context.displayLanguage (id-* → Bahasa Indonesia, else English) and can be switched.
 */
import type { Message, Role, Severity, TableKind } from "../core/model";
import { ADDABLE_ROLE_LIST, ALL_ROLES, COMPUTED_ROLE_LIST, ROLE_CATALOG } from "../core/domain/roles";

export type Lang = "id" | "en";

export function detectLanguage(displayLanguage: string | undefined | null): Lang {
  return typeof displayLanguage === "string" && /^id(-|_|$)/i.test(displayLanguage) ? "id" : "en";
}

const id = {
  "app.title": "Capaian",
  "app.subtitle": "Evaluasi kinerja: pindai, isi, periksa",
  "lang.switch": "English",
  "lang.switchLabel": "Ganti bahasa ke English",
  "scope.label": "Cakupan",
  "scope.active": "Lembar aktif",
  "scope.workbook": "Seluruh buku kerja",
  "tab.scan": "Pindai",
  "tab.fill": "Isi",
  "tab.check": "Periksa",
  "tab.summary": "Ringkasan",
  "tab.undo": "Batalkan",
  "busy.scan": "Memindai tabel…",
  "busy.fill": "Mengisi kolom hitungan…",
  "busy.check": "Memeriksa hitungan…",
  "busy.summary": "Membuat lembar ringkasan…",
  "busy.undo": "Membatalkan perubahan…",
  "busy.select": "Memilih sel…",
  "scan.button": "Pindai tabel",
  "scan.intro": "Capaian mengenali tabel evaluasi (E.81, IKU, kinerja-anggaran, realisasi anggaran, Renstra) beserta peran setiap kolom. Koreksi peran kolom atau polaritas indikator bila perlu; koreksi disimpan di buku kerja.",
  "scan.found": "{n} tabel dikenali",
  "scan.none": "Tidak ada tabel yang dikenali pada cakupan ini.",
  "scan.unrecognized": "Lembar {sheet}: {reason}",
  "scan.notScanned": "Belum dipindai. Tekan “Pindai tabel”.",
  "table.summary": "{sheet} · {range} · {kind}",
  "table.headerRows": "Baris judul {first}–{last}",
  "table.columns": "Pemetaan kolom",
  "table.rows": "Baris dan polaritas indikator",
  "table.col": "Kolom",
  "table.header": "Judul kolom",
  "table.role": "Peran",
  "table.roleOf": "Peran kolom {col}",
  "table.measure": "Satuan ukur",
  "table.corrected": "dikoreksi",
  "table.rowsMore": "… dan {n} baris lain",
  "row.negative": "Negatif (makin kecil makin baik)",
  "row.negativeShort": "Negatif",
  "row.negativeHint": "Nyalakan “Negatif” untuk indikator yang makin kecil makin baik (inflasi, kemiskinan, pengangguran …).",
  "row.polarityOf": "Indikator negatif: baris {row}",
  "scale.label": "Skala kategori",
  "scale.custom": "Skala sendiri",
  "scale.bands": "Pita kategori (batas bawah dan label)",
  "scale.min": "Batas bawah",
  "scale.minOf": "Batas bawah pita {n}",
  "scale.bandLabel": "Label",
  "scale.bandLabelOf": "Label pita {n}",
  "scale.catchAll": "(di bawahnya)",
  "scale.addBand": "Tambah pita",
  "scale.removeBand": "Hapus pita {n}",
  "scale.roundTo": "Pembulatan sebelum dibandingkan",
  "scale.round.none": "Tanpa pembulatan",
  "scale.round.0": "Bilangan bulat",
  "scale.round.2": "2 desimal",
  "scale.negative": "Rumus indikator negatif",
  "scale.negative.seed": "(T − (R − T)) / T × 100",
  "scale.negative.ratio": "T / R × 100",
  "fill.mode": "Tulis sebagai",
  "fill.formulas": "Rumus Excel (tetap hidup)",
  "fill.values": "Nilai saja",
  "fill.roles": "Kolom hitungan yang diisi",
  "fill.allRoles": "Semua kolom hitungan tabel",
  "fill.add": "Tambahkan kolom di samping tabel",
  "fill.force": "Timpa sel yang sudah berisi",
  "fill.forceWarning": "Sel yang sudah berisi akan ditimpa. Isi lamanya disimpan dan dapat dipulihkan dengan Batalkan.",
  "fill.button": "Isi kolom hitungan",
  "fill.needScan": "Pindai dulu untuk memilih kolom.",
  "fill.done": "{n} sel ditulis.",
  "fill.skipped": "{n} sel yang sudah berisi tidak diubah (aktifkan “Timpa” untuk menimpanya).",
  "check.mark": "Tandai temuan di buku kerja (lembar Temuan, warna dan catatan sel)",
  "check.button": "Periksa hitungan",
  "check.none": "Tidak ada temuan. Hitungan sesuai.",
  "check.count": "{n} temuan",
  "check.select": "Pilih sel {cell} di lembar {sheet}",
  "check.stated": "tertulis {stated}, seharusnya {expected}",
  "check.marked": "Temuan ditandai di buku kerja.",
  "check.ribbon": "Pemeriksaan dari pita: {n} temuan ({time}).",
  "severity.error": "Kesalahan",
  "severity.warning": "Peringatan",
  "severity.info": "Informasi",
  "summary.intro": "Membuat lembar Ringkasan Capaian, Efisiensi dan Realisasi Anggaran. Lembar ringkasan yang sudah ada dibuat ulang; lembar milik Anda tidak pernah ditimpa.",
  "summary.button": "Buat lembar ringkasan",
  "summary.done": "Lembar dibuat: {sheets}.",
  "summary.none": "Tidak ada ringkasan yang dapat dibuat dari tabel ini.",
  "undo.button": "Batalkan perubahan terakhir",
  "undo.none": "Belum ada perubahan Capaian yang dapat dibatalkan di buku kerja ini.",
  "undo.will": "Akan memulihkan: {label} ({time})",
  "undo.cells": "{n} sel dikembalikan seperti semula",
  "undo.created": "Lembar yang dihapus lagi: {sheets}",
  "undo.regenerated": "Lembar yang dipulihkan: {sheets}",
  "undo.notes": "{n} catatan sel dipulihkan",
  "undo.done": "Dibatalkan: {label}.",
  "undo.force": "Batalkan tetap",
  "status.error": "Gagal",
  "status.success": "Berhasil",
  "status.warning": "Perhatian",
  "host.limited": "Excel ini tidak memiliki ExcelApi 1.9: gaya sel (tebal, warna, indentasi) dan baris tersembunyi tidak dibaca, dan warna tidak ditulis. Gunakan Excel 2021, Microsoft 365 atau Excel di web untuk hasil penuh.",
  "host.noExcel": "Capaian berjalan di dalam Excel. Buka dari Excel: Beranda › Capaian › Tampilkan panel.",
  "host.unsupported": "Capaian memerlukan ExcelApi 1.7 (Excel 2019 atau lebih baru, Microsoft 365, atau Excel di web). Excel ini lebih lama sehingga Capaian tidak dapat berjalan.",
  "dismiss": "Tutup pesan",
} as const;

export type StringKey = keyof typeof id;

const en: Record<StringKey, string> = {
  "app.title": "Capaian",
  "app.subtitle": "Performance evaluation: scan, fill, check",
  "lang.switch": "Bahasa Indonesia",
  "lang.switchLabel": "Switch language to Bahasa Indonesia",
  "scope.label": "Scope",
  "scope.active": "Active sheet",
  "scope.workbook": "Whole workbook",
  "tab.scan": "Scan",
  "tab.fill": "Fill",
  "tab.check": "Check",
  "tab.summary": "Summaries",
  "tab.undo": "Undo",
  "busy.scan": "Scanning tables…",
  "busy.fill": "Filling computed columns…",
  "busy.check": "Checking the arithmetic…",
  "busy.summary": "Building summary sheets…",
  "busy.undo": "Undoing the change…",
  "busy.select": "Selecting the cell…",
  "scan.button": "Scan tables",
  "scan.intro": "Capaian recognises evaluation tables (E.81, IKU, budget-performance, budget absorption, Renstra) and each column's role. Correct a column's role or an indicator's polarity when needed; corrections are saved in the workbook.",
  "scan.found": "{n} tables recognised",
  "scan.none": "No table was recognised in this scope.",
  "scan.unrecognized": "Sheet {sheet}: {reason}",
  "scan.notScanned": "Not scanned yet. Press “Scan tables”.",
  "table.summary": "{sheet} · {range} · {kind}",
  "table.headerRows": "Header rows {first}–{last}",
  "table.columns": "Column mapping",
  "table.rows": "Rows and indicator polarity",
  "table.col": "Column",
  "table.header": "Header",
  "table.role": "Role",
  "table.roleOf": "Role of column {col}",
  "table.measure": "Measure",
  "table.corrected": "corrected",
  "table.rowsMore": "… and {n} more rows",
  "row.negative": "Negative (lower is better)",
  "row.negativeShort": "Negative",
  "row.negativeHint": "Switch “Negative” on for indicators where lower is better (inflation, poverty, unemployment …).",
  "row.polarityOf": "Negative indicator: row {row}",
  "scale.label": "Category scale",
  "scale.custom": "Custom scale",
  "scale.bands": "Category bands (lower bound and label)",
  "scale.min": "Lower bound",
  "scale.minOf": "Lower bound of band {n}",
  "scale.bandLabel": "Label",
  "scale.bandLabelOf": "Label of band {n}",
  "scale.catchAll": "(below)",
  "scale.addBand": "Add band",
  "scale.removeBand": "Remove band {n}",
  "scale.roundTo": "Rounding before comparing",
  "scale.round.none": "No rounding",
  "scale.round.0": "Whole numbers",
  "scale.round.2": "2 decimals",
  "scale.negative": "Formula for negative indicators",
  "scale.negative.seed": "(T − (R − T)) / T × 100",
  "scale.negative.ratio": "T / R × 100",
  "fill.mode": "Write as",
  "fill.formulas": "Excel formulas (stay live)",
  "fill.values": "Values only",
  "fill.roles": "Computed columns to fill",
  "fill.allRoles": "All computed columns of the tables",
  "fill.add": "Add columns beside the table",
  "fill.force": "Overwrite cells that already hold something",
  "fill.forceWarning": "Cells that already hold something will be overwritten. Their old content is kept and can be restored with Undo.",
  "fill.button": "Fill computed columns",
  "fill.needScan": "Scan first to choose columns.",
  "fill.done": "{n} cells written.",
  "fill.skipped": "{n} cells that already held something were left alone (turn on “Overwrite” to replace them).",
  "check.mark": "Mark findings in the workbook (Temuan sheet, cell colours and notes)",
  "check.button": "Check arithmetic",
  "check.none": "No findings. The arithmetic is consistent.",
  "check.count": "{n} findings",
  "check.select": "Select cell {cell} on sheet {sheet}",
  "check.stated": "stated {stated}, expected {expected}",
  "check.marked": "Findings were marked in the workbook.",
  "check.ribbon": "Ribbon check: {n} findings ({time}).",
  "severity.error": "Errors",
  "severity.warning": "Warnings",
  "severity.info": "Information",
  "summary.intro": "Builds the Ringkasan Capaian, Efisiensi and Realisasi Anggaran sheets. Existing summary sheets are regenerated; your own sheets are never overwritten.",
  "summary.button": "Build summary sheets",
  "summary.done": "Sheets built: {sheets}.",
  "summary.none": "No summary can be built from these tables.",
  "undo.button": "Undo the last change",
  "undo.none": "There is no Capaian change to undo in this workbook.",
  "undo.will": "Will restore: {label} ({time})",
  "undo.cells": "{n} cells put back as they were",
  "undo.created": "Sheets removed again: {sheets}",
  "undo.regenerated": "Sheets restored: {sheets}",
  "undo.notes": "{n} cell notes restored",
  "undo.done": "Undone: {label}.",
  "undo.force": "Undo anyway",
  "status.error": "Failed",
  "status.success": "Done",
  "status.warning": "Note",
  "host.limited": "This Excel lacks ExcelApi 1.9: cell styles (bold, colour, indent) and hidden rows are not read, and colours are not written. Use Excel 2021, Microsoft 365 or Excel on the web for full results.",
  "host.noExcel": "Capaian runs inside Excel. Open it from Excel: Home › Capaian › Show task pane.",
  "host.unsupported": "Capaian needs ExcelApi 1.7 (Excel 2019 or later, Microsoft 365, or Excel on the web). This Excel is older, so Capaian cannot run.",
  "dismiss": "Dismiss message",
};

export const STRINGS: Record<Lang, Record<StringKey, string>> = { id, en };

export function t(lang: Lang, key: StringKey, vars: Record<string, string | number> = {}): string {
  return STRINGS[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** The language's half of a bilingual engine message. */
export function msg(lang: Lang, m: Message): string {
  return lang === "id" ? m.id : m.en;
}

/** Role names, the computed roles and the addable columns: from the domain catalog. */
export const ROLE_LABELS: Record<Role, Message> = Object.fromEntries(ALL_ROLES.map((r) => [r, ROLE_CATALOG[r].name])) as Record<Role, Message>;

export const ROLES = [...ALL_ROLES];

/** Roles the engine computes (the choices of "which computed columns"). */
export const COMPUTED_ROLES: Role[] = [...COMPUTED_ROLE_LIST];

/** Columns the fill can add beside a table. */
export const ADDABLE_ROLES: Role[] = [...ADDABLE_ROLE_LIST];

export const KIND_LABELS: Record<TableKind, Message> = {
  "renja-evaluasi": { id: "Evaluasi Renja (E.81)", en: "Renja evaluation (E.81)" },
  "capaian-indikator": { id: "Capaian indikator (IKU)", en: "Indicator achievement (IKU)" },
  "kinerja-anggaran": { id: "Kinerja dan anggaran", en: "Performance and budget" },
  "realisasi-anggaran": { id: "Realisasi anggaran", en: "Budget absorption" },
  renstra: { id: "Matriks Renstra", en: "Renstra matrix" },
  perbandingan: { id: "Perbandingan", en: "Comparison" },
};

export const SEVERITY_KEYS: Record<Severity, StringKey> = {
  error: "severity.error",
  warning: "severity.warning",
  info: "severity.info",
};

export function formatTime(lang: Lang, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return d.toLocaleString(lang === "id" ? "id-ID" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
  } catch {
    return d.toISOString();
  }
}
