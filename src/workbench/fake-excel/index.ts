/**
 * The workbench's stand-in for the Excel JavaScript API (see api.ts for the semantics).
 *
 *   const wb = await memFromXlsx(bytes, "sample.xlsx");
 *   installFakeOffice(wb);          // globals Excel, Office, OfficeExtension
 *   await Excel.run(async (ctx) => { ... });
 */
export { MemWorkbook, MemSheet, type MemCell, type MemChart, type ChangeKind, type WorkbookStats } from "./workbook";
export { evaluateFormula, formulaRefs, roundExcel, formatGeneral, type EvalResult, type FormulaHost } from "./formula";
export { formatValue } from "./format";
export { FakeOfficeError, ErrorCodes, PROTECTED_MESSAGE } from "./errors";
export { FakeRequestContext, FakeRange, FakeWorksheet, parseAddress, sheetAddress } from "./api";
export { installFakeOffice, createExcel, createOffice, type FakeOfficeOptions, type InstalledOffice, type FakeExcelNamespace, type FakeOfficeNamespace } from "./install";
export { memFromXlsx, memFromExcelJs, memToXlsx, memToExcelJs } from "./xlsx";
