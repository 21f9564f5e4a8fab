/**
 * Office errors turned into one bilingual message with what to do about it.
 */
import type { Message } from "../core/model";
import { officeVersionsFor } from "./api-subset";

export type OfficeErrorKind =
  | "protected"
  | "edit-mode"
  | "payload"
  | "api-missing"
  | "sheet-missing"
  | "no-undo"
  | "changed"
  | "too-large"
  | "undo-storage"
  | "table"
  | "array"
  | "generic";

export class CapaianOfficeError extends Error {
  readonly kind: OfficeErrorKind;
  readonly text: Message;
  /** The Office error code, when there was one. */
  readonly code?: string;
  /** Extra detail (the sheet that is protected, the API set that is missing). */
  readonly detail?: string;

  constructor(kind: OfficeErrorKind, text: Message, opts: { code?: string; detail?: string; cause?: unknown } = {}) {
    super(text.en);
    this.name = "CapaianOfficeError";
    this.kind = kind;
    this.text = text;
    this.code = opts.code;
    this.detail = opts.detail;
    if (opts.cause !== undefined) (this as { cause?: unknown }).cause = opts.cause;
  }
}

export function protectedSheetError(sheets: string[]): CapaianOfficeError {
  const list = sheets.map((s) => `"${s}"`).join(", ");
  return new CapaianOfficeError(
    "protected",
    {
      id: `Lembar ${list} diproteksi. Tidak ada yang diubah. Buka proteksinya (Tinjau › Buka Proteksi Lembar) lalu coba lagi.`,
      en: `Sheet ${list} is protected. Nothing was changed. Unprotect it (Review › Unprotect Sheet) and try again.`,
    },
    { detail: sheets.join(", ") },
  );
}

export function sheetMissingError(sheet: string): CapaianOfficeError {
  return new CapaianOfficeError(
    "sheet-missing",
    {
      id: `Lembar "${sheet}" tidak ditemukan (mungkin diganti nama atau dihapus). Pindai ulang lalu coba lagi.`,
      en: `Sheet "${sheet}" was not found (renamed or deleted?). Scan again and retry.`,
    },
    { detail: sheet },
  );
}

export function apiMissingError(version: string, what: Message): CapaianOfficeError {
  const versions = officeVersionsFor(version);
  return new CapaianOfficeError(
    "api-missing",
    {
      id: `${what.id} memerlukan ExcelApi ${version}, yang tidak tersedia di Excel ini. Tersedia di ${versions.id}.`,
      en: `${what.en} needs ExcelApi ${version}, which this Excel does not have. It is available in ${versions.en}.`,
    },
    { detail: `ExcelApi ${version}` },
  );
}

/** Excel reads at most 5,000,000 cells per range; Capaian refuses larger used ranges up front. */
export const MAX_SHEET_CELLS = 5_000_000;

export function tooLargeError(sheet: string, address: string, cells: number): CapaianOfficeError {
  const n = cells.toLocaleString("en-US");
  return new CapaianOfficeError(
    "too-large",
    {
      id: `Area terpakai lembar "${sheet}" (${address}) berisi ${n} sel, lebih dari ${MAX_SHEET_CELLS.toLocaleString("en-US")} yang dapat dibaca. Biasanya ada isian nyasar jauh di kanan atau bawah tabel: hapus isian itu (Ctrl+End menunjukkannya) lalu pindai lagi. Tidak ada yang diubah.`,
      en: `The used range of sheet "${sheet}" (${address}) holds ${n} cells, more than the ${MAX_SHEET_CELLS.toLocaleString("en-US")} that can be read. Usually a stray entry sits far right or below the table: clear it (Ctrl+End shows where) and scan again. Nothing was changed.`,
    },
    { detail: sheet },
  );
}

export function payloadError(): CapaianOfficeError {
  return new CapaianOfficeError(
    "payload",
    {
      id: "Data terlalu besar untuk satu permintaan ke Excel, bahkan setelah dipecah. Pilih lebih sedikit lembar atau kolom lalu coba lagi.",
      en: "The data is too large for one request to Excel, even after splitting it. Select fewer sheets or columns and try again.",
    },
    { code: "RequestPayloadSizeLimitExceeded" },
  );
}

export function responseError(): CapaianOfficeError {
  return new CapaianOfficeError(
    "payload",
    {
      id: "Jawaban Excel terlalu besar untuk satu permintaan, bahkan setelah dipecah (batas 5 MB Excel di web). Tidak ada yang diubah. Pilih lebih sedikit lembar atau kolom lalu coba lagi.",
      en: "Excel's answer is too large for one request, even after splitting it (the 5 MB limit of Excel on the web). Nothing was changed. Select fewer sheets or columns and try again.",
    },
    { code: "ResponsePayloadSizeLimitExceeded" },
  );
}

/** The before-image could not be stored: the write is refused before any cell changes. */
export function undoStorageError(reason: "too-large" | "failed", detail = ""): CapaianOfficeError {
  const why =
    reason === "too-large"
      ? {
          id: `Data pembatalannya terlalu besar untuk disimpan di buku kerja (${detail}).`,
          en: `Its undo data is too large to keep in the workbook (${detail}).`,
        }
      : {
          id: `Excel menolak menyimpan data pembatalannya di buku kerja${detail ? ` (${detail})` : ""}.`,
          en: `Excel refused to store its undo data in the workbook${detail ? ` (${detail})` : ""}.`,
        };
  return new CapaianOfficeError(
    "undo-storage",
    {
      id: `Perubahan ini tidak ditulis karena tidak akan dapat dibatalkan: ${why.id} Tidak ada sel yang diubah. Pilih lebih sedikit lembar atau kolom lalu coba lagi.`,
      en: `This change was not written because it could not be undone: ${why.en} No cell was changed. Select fewer sheets or columns and try again.`,
    },
    { detail },
  );
}

/** Writing into an Excel Table would let calculated-column AutoCorrect rewrite cells: refused. */
export function tableError(sheet: string, table: string, where: string): CapaianOfficeError {
  return new CapaianOfficeError(
    "table",
    {
      id: `Sel yang akan ditulis (${sheet}!${where}) berada di dalam atau tepat di samping Tabel Excel "${table}". Excel akan menyalin satu rumus ke seluruh kolom tabel (kolom terhitung) atau memperluas tabel, sehingga rumus baris jumlah dan baris rasio tertimpa. Tidak ada yang diubah. Ubah tabel menjadi rentang biasa (Desain Tabel › Konversi ke Rentang) lalu coba lagi.`,
      en: `The cells to write (${sheet}!${where}) are inside or right beside the Excel Table "${table}". Excel would copy one formula down the whole table column (a calculated column) or extend the table, overwriting the formulas of total and ratio rows. Nothing was changed. Convert the table to a normal range (Table Design › Convert to Range) and try again.`,
    },
    { detail: `${sheet}!${where}` },
  );
}

/** A forced overwrite would cut into a dynamic-array spill or a legacy array formula: refused. */
export function arrayFormulaError(sheet: string, where: string): CapaianOfficeError {
  return new CapaianOfficeError(
    "array",
    {
      id: `Sel ${sheet}!${where} adalah bagian dari rumus array (tumpahan array dinamis atau rumus array lama). Excel tidak mengizinkan menimpa sebagian array, dan menulis ke area tumpahan membuat rumusnya #SPILL!. Tidak ada yang diubah. Hapus atau pindahkan rumus array itu lalu coba lagi.`,
      en: `Cell ${sheet}!${where} is part of an array formula (a dynamic-array spill or a legacy array formula). Excel does not allow overwriting part of an array, and writing into a spill range turns its formula into #SPILL!. Nothing was changed. Remove or move that array formula and try again.`,
    },
    { detail: `${sheet}!${where}` },
  );
}

export function noUndoError(): CapaianOfficeError {
  return new CapaianOfficeError("no-undo", {
    id: "Tidak ada perubahan Capaian yang dapat dibatalkan di buku kerja ini.",
    en: "There is no Capaian change to undo in this workbook.",
  });
}

/** The Office error code of anything thrown by Excel.run / context.sync. */
export function officeCode(err: unknown): string | undefined {
  if (err && typeof err === "object") {
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** Any error → CapaianOfficeError (an existing one is returned as is). */
export function toOfficeError(err: unknown): CapaianOfficeError {
  if (err instanceof CapaianOfficeError) return err;
  const code = officeCode(err);
  const raw = err instanceof Error ? err.message : typeof err === "string" ? err : "";
  if (code === "InvalidOperationInCellEditMode" || /cell edit mode/i.test(raw)) {
    return new CapaianOfficeError(
      "edit-mode",
      {
        id: "Excel sedang dalam mode edit sel. Selesaikan pengeditan sel (tekan Enter atau Esc) lalu coba lagi.",
        en: "Excel is in cell edit mode. Finish editing the cell (press Enter or Esc) and try again.",
      },
      { code, cause: err },
    );
  }
  if (code === "RequestPayloadSizeLimitExceeded" || code === "ResponsePayloadSizeLimitExceeded") {
    const e = code === "RequestPayloadSizeLimitExceeded" ? payloadError() : responseError();
    (e as { cause?: unknown }).cause = err;
    return e;
  }
  if (code === "ApiNotFound" || code === "ApiNotAvailable") {
    return new CapaianOfficeError(
      "api-missing",
      {
        id: "Fungsi Excel yang diperlukan tidak tersedia di versi Excel ini. Gunakan Excel 2021, Microsoft 365 atau Excel di web.",
        en: "A required Excel feature is not available in this version of Excel. Use Excel 2021, Microsoft 365 or Excel on the web.",
      },
      { code, cause: err },
    );
  }
  if (code === "AccessDenied" || code === "InsertDeleteConflict" || /protect/i.test(raw)) {
    return new CapaianOfficeError(
      "protected",
      {
        id: "Excel menolak perubahan (lembar atau buku kerja diproteksi, atau dibuka hanya-baca). Buka proteksi lalu coba lagi.",
        en: "Excel refused the change (the sheet or workbook is protected, or opened read-only). Unprotect it and try again.",
      },
      { code, cause: err },
    );
  }
  const tail = raw ? ` (${code ? code + ": " : ""}${raw})` : code ? ` (${code})` : "";
  return new CapaianOfficeError(
    "generic",
    {
      id: `Excel melaporkan kesalahan${tail}. Coba lagi; jika berulang, simpan buku kerja lalu buka kembali.`,
      en: `Excel reported an error${tail}. Try again; if it persists, save the workbook and reopen it.`,
    },
    { code, cause: err },
  );
}
