/**
 * A stand-in for the Excel JavaScript API over a MemWorkbook: the subset the Capaian adapter uses
 * (see src/excel/api-subset.ts), with Office.js's batching semantics.
 *
 *  - Every method call and property assignment on a proxy is QUEUED; nothing touches the workbook
 *    until `context.sync()` (or the implicit sync at the end of `Excel.run`).
 *  - `load(...)` queues a read; the value is captured when the sync executes the queue, so it sees
 *    the writes queued before it. Reading a property that was not loaded and synced THROWS
 *    PropertyNotLoaded (bookkeeping by office-addin-mock's OfficeMockObject, see ./bag.ts).
 *  - A failing command (ItemNotFound, AccessDenied on a protected sheet, InvalidArgument ...) stops
 *    the batch at that command and rejects the sync; commands before it stay applied, as in Excel.
 *  - Writes follow Excel's typed-input rules: a string starting with "=" (or "+"/"-" not followed by
 *    a plain number) becomes a formula, a numeric string becomes a number unless the cell is
 *    formatted as text ("@"), a leading apostrophe forces text, null inside a 2-D array leaves the
 *    cell unchanged, "" clears it.
 *  - Formulas are evaluated by ./formula.ts after each write.
 *
 * The objects live in ./proxies/ (one module per area, see the workbench README); this module is
 * their single entry point.
 */
export { versionAtMost, DEFAULT_PAYLOAD_LIMIT, DEFAULT_RESPONSE_LIMIT, DEFAULT_SETTINGS_LIMIT, MAX_MERGED_AREAS, STANDARD_WIDTH } from "./proxies/common";
export type { RunOptions, FakeExcelOptions } from "./proxies/common";
export { FakeRequestContext } from "./proxies/context";
export { FakeClientResult } from "./proxies/client-object";
export { FakeApplication, FakeWorkbook } from "./proxies/workbook";
export { FakeCustomXmlPart, FakeCustomXmlPartCollection } from "./proxies/custom-xml";
export { FakeSetting, FakeSettingCollection } from "./proxies/settings";
export { FakeWorksheetCollection, FakeWorksheet, FakeWorksheetProtection, FakeFreezePanes, FakePageLayout } from "./proxies/worksheet";
export { FakeTable, FakeTableCollection, shiftFormulaRows } from "./proxies/tables";
export { autoSeries, FakeChartSeries, FakeChartSeriesCollection, FakeChart, FakeChartCollection } from "./proxies/charts";
export { parseAddress, sheetAddress } from "./proxies/addresses";
export { FakeRange } from "./proxies/range";
export { FakeRangeAreas, FakeRangeCollection } from "./proxies/range-areas";
export { FakeRangeFormat } from "./proxies/range-format";
export type { FakeStyleGroup } from "./proxies/range-format";
export { FakeComment, FakeCommentCollection, FakeNoteCollection } from "./proxies/comments";
export { FakeOfficeError } from "./errors";
