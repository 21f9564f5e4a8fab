/**
 * The workbench's stand-in for the Excel JavaScript API (see api.ts for the semantics).
 *
 *   const wb = await memFromXlsx(bytes, "sample.xlsx");
 *   installFakeOffice(wb);          // globals Excel, Office, OfficeExtension
 *   await Excel.run(async (ctx) => { ... });
 */
export { MemWorkbook, MemSheet, type MemCell, type MemChart, type MemSeries, type MemTable, type ChangeKind, type WorkbookStats, type Faults } from "./workbook";
export { evaluateFormula, formulaRefs, roundExcel, formatGeneral, type EvalResult, type FormulaHost } from "./formula";
export { formatValue } from "./format";
export { FakeOfficeError, ErrorCodes, PROTECTED_MESSAGE } from "./errors";
export { FakeRequestContext, FakeRange, FakeWorksheet, parseAddress, sheetAddress, autoSeries, shiftFormulaRows, MAX_MERGED_AREAS, DEFAULT_PAYLOAD_LIMIT, DEFAULT_RESPONSE_LIMIT, DEFAULT_SETTINGS_LIMIT } from "./api";
export { installFakeOffice, createExcel, createOffice, HOST_PROFILES, DEFAULT_API, type FakeOfficeOptions, type InstalledOffice, type FakeExcelNamespace, type FakeOfficeNamespace } from "./install";
export { memFromXlsx, memFromExcelJs, memToXlsx, memToExcelJs } from "./xlsx";
