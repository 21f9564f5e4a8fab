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
  if (code === "RequestPayloadSizeLimitExceeded") {
    const e = payloadError();
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
