/**
 * Excel.run with the add-in's conventions: delayForCellEdit, and every failure turned into a
 * CapaianOfficeError.
 */
import { FEATURE_SETS, FLOOR_API, isApiSupported } from "./api-subset";
import { CapaianOfficeError, apiMissingError, toOfficeError } from "./errors";

export type Ctx = Excel.RequestContext;

interface ExcelLike {
  run: (...args: unknown[]) => Promise<unknown>;
}

/** True when the Excel JavaScript API is loaded (inside Excel, or the workbench). */
export function hasExcel(): boolean {
  const excel = (globalThis as { Excel?: ExcelLike }).Excel;
  return !!excel && typeof excel.run === "function";
}

function excelGlobal(): ExcelLike {
  const excel = (globalThis as { Excel?: ExcelLike }).Excel;
  if (!excel || typeof excel.run !== "function") {
    throw new CapaianOfficeError("api-missing", {
      id: "Capaian berjalan di dalam Excel. Buka dari Excel: Beranda › Capaian › Tampilkan panel.",
      en: "Capaian runs inside Excel. Open it from Excel: Home › Capaian › Show task pane.",
    });
  }
  return excel;
}

/**
 * Every batch waits for the user to finish editing a cell (delayForCellEdit, ExcelApi 1.11; older hosts
 * ignore the option and fail with InvalidOperationInCellEditMode, which becomes a clear message).
 */
export async function runExcel<T>(cb: (context: Ctx) => Promise<T>, options: { write?: boolean } = {}): Promise<T> {
  const excel = excelGlobal();
  const office = (globalThis as { Office?: unknown }).Office;
  // Below the floor (Office 2016 volume licence: ExcelApi 1.1) refuse with a clear message.
  if (office && !isApiSupported(FLOOR_API)) {
    throw apiMissingError(FLOOR_API, { id: "Capaian", en: "Capaian" });
  }
  try {
    // A write on ExcelApi 1.20 is one Ctrl+Z step, not one per sync.
    const runOptions = options.write && isApiSupported(FEATURE_SETS.undoGroup) ? { delayForCellEdit: true, mergeUndoGroup: true } : { delayForCellEdit: true };
    return (await excel.run(runOptions, cb)) as T;
  } catch (err) {
    throw toOfficeError(err);
  }
}
