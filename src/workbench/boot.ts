/**
 * Installs the stand-in `Excel`, `Office` and `OfficeExtension` globals. Imported FIRST by the
 * workbench entry, so that they exist before any task-pane module is evaluated.
 *
 * URL parameters: ?sample=<id> opens a bundled sample, ?api=1.13 caps the reported ExcelApi set,
 * ?lang=en-US sets Office.context.displayLanguage, ?latency=150 delays every sync (milliseconds).
 */
import { MemWorkbook, installFakeOffice, type InstalledOffice } from "./fake-excel";

export const params = new URLSearchParams(typeof location === "undefined" ? "" : location.search);

function emptyWorkbook(): MemWorkbook {
  const wb = new MemWorkbook("Book1.xlsx");
  wb.addSheet("Sheet1");
  return wb;
}

export const office: InstalledOffice = installFakeOffice(emptyWorkbook(), {
  apiVersion: params.get("api") ?? undefined,
  displayLanguage: params.get("lang") ?? undefined,
  latencyMs: Number(params.get("latency") ?? 0) || 0,
});

export { emptyWorkbook };
