/**
 * The exact subset of the Excel JavaScript API that src/excel uses. The workbench (an in-memory
 * stand-in for Excel built on office-addin-mock) implements this list and nothing more; keep the two
 * in step. Anything not listed here must not be called by src/excel, src/taskpane or src/commands.
 *
 * Entry points
 *   Excel.run(cb), Excel.run({ delayForCellEdit: true }, cb)          (delayForCellEdit: ExcelApi 1.11,
 *                                                                      ignored by older hosts)
 *   context.sync()
 *   context.application.suspendApiCalculationUntilNextSync()           1.6
 *   context.application.suspendScreenUpdatingUntilNextSync()           1.9 (lit up)
 *   Office.onReady, Office.context.displayLanguage, Office.context.officeTheme (optional),
 *   Office.context.requirements.isSetSupported("ExcelApi", "1.x")
 *
 * Worksheets
 *   context.workbook.worksheets: getActiveWorksheet(), getItem(name), getItemOrNullObject(name)
 *     (+ .isNullObject after sync), add(name), load("items/name")
 *   worksheet.name (load "name"), worksheet.getUsedRangeOrNullObject(valuesOnly),
 *   worksheet.getRange(address), worksheet.getRange() (whole sheet, for clear/unmerge),
 *   worksheet.getRangeByIndexes(r, c, rows, cols)                      1.7
 *   worksheet.protection.load("protected") / .protected
 *   worksheet.activate(), worksheet.freezePanes.freezeRows(n), worksheet.delete() (only for a sheet
 *     the add-in itself created, when undoing that creation)
 *   worksheet.charts.add(type, range, "Columns"), chart.title.text, chart.setPosition(startCell)
 *   ADDITION: worksheet.charts.load("items") + chart.delete()  (regenerating a generated sheet: a
 *     range clear does not remove charts)
 *   ADDITION: worksheet.pageLayout.orientation = "Landscape"           1.9 (lit up)
 *   ADDITION: worksheet.freezePanes.getLocationOrNullObject() + load(["rowIndex","columnIndex",
 *     "rowCount","columnCount"]) (+ .isNullObject), freezePanes.unfreeze(), freezeColumns(n),
 *     freezeAt(range)                                                  1.7 (undo of a regenerated
 *     sheet puts its frozen panes back)
 *
 * Ranges
 *   range.load(["address","rowIndex","columnIndex","rowCount","columnCount","values","formulas",
 *     "numberFormat","valueTypes"])
 *   range.getCellProperties({ format: { font: { bold, italic, color }, fill: { color, pattern },
 *     indentLevel } })                                                 1.9 (lit up)
 *     ADDITION: fill.pattern ("None" tells "no fill" from a white fill)
 *   range.getRowProperties({ rowHidden: true, rowIndex: true })       1.9 (lit up)
 *   range.getColumnProperties({ columnHidden: true, columnIndex: true }) 1.9 (lit up)
 *   range.getMergedAreasOrNullObject() + load("address") (+ .isNullObject)  1.13 (lit up)
 *     (also on worksheet.getRange(): the merges of a whole sheet, kept for undo)
 *   writes: range.values, range.formulas, range.numberFormat (2-D arrays; null = leave cell as is)
 *   range.setCellProperties([[{ format: { fill: { color }, font: { bold, italic, color }, wrapText,
 *     horizontalAlignment, verticalAlignment, borders: { top, bottom, left, right: { style } } } }]])
 *                                                                      1.9 (lit up)
 *   ADDITION: range.format.load("columnWidth") / .columnWidth (one 1x1 range per column: the width
 *     of a regenerated sheet's columns, kept for undo)
 *   range.format.columnWidth, range.merge(false), range.hyperlink = { documentReference,
 *     textToDisplay }, range.select(), range.clear()
 *   worksheet.getRangeByIndexes(...) is used for every block (reads and writes); getRange(address)
 *     only for selecting a finding's cell and for whole-sheet clear.
 *   ADDITION: range.format.fill.clear()  (restoring "no fill" on undo)
 *   ADDITION: range.unmerge()            (regenerating a generated sheet)
 *
 * Notes and comments (lit up: notes 1.18, else comments 1.10, else no notes)
 *   context.workbook.notes.add(cellAddress, content), notes.getItemOrNullObject(cellAddress)
 *     (+ load("content"), .content, .isNullObject, delete())
 *   context.workbook.comments.add(cellAddress, content)
 *   CHANGED: CommentCollection has no getItemByCellOrNullObject (only getItemByCell, which throws
 *     when the cell has none), so existing comments are found with
 *     context.workbook.comments.load("items/content"), comment.getLocation() + load("address"),
 *     and removed with comment.delete()
 *
 * ADDITIONS (issue 12)
 *   context.workbook.customXmlParts.add(xml), .getByNamespace(ns) + load("items/id"), .getItem(id),
 *     part.getXml() (ClientResult<string>), part.delete()            1.5 (undo before-images: not
 *     capped at 2 MB like settings; one part per ~1 MB of JSON, read back in requests under 5 MB)
 *   context.workbook.tables.load("items/name") + table.getRange() + load("address") (refusing writes
 *     into or beside an Excel Table: calculated-column AutoCorrect)  1.1
 *   context.application.calculate("Recalculate")                      1.1 (after a suspended batch)
 *   Excel.run({ delayForCellEdit: true, mergeUndoGroup: true }, …)    1.20 (lit up: one Ctrl+Z step)
 *   chart.series.getItemAt(0) / .add(name), series.name, series.setValues(range),
 *     series.setXAxisValues(range), series.chartType = "Line", chart.series.load("items/name")  1.7
 *   chart.displayBlanksAs = "NotPlotted"                              1.8 (lit up)
 *   range.getCellProperties({ format: { wrapText, horizontalAlignment, verticalAlignment,
 *     borders: { style } } }) and the same in setCellProperties      1.9 (undo restores them)
 *   range.getMergedAreasOrNullObject() on row bands (the API fails past 512 merged areas)
 *   range.load("hasSpill")                                            1.12 (lit up: refuse writing
 *     into a dynamic-array spill)
 *
 * Settings (ExcelApi 1.4, saved with the document)
 *   context.workbook.settings.add(key, value), settings.getItemOrNullObject(key) (+ load("value"),
 *     .value, .isNullObject, delete())
 */

/** Lowest ExcelApi version the add-in runs on (manifest Requirements): Office 2019 and later. */
export const FLOOR_API = "1.7";

/** Features lit up when the host has them, with the set they need. */
export const FEATURE_SETS = {
  /** getCellProperties / setCellProperties / row & column properties / screen updating / page layout. */
  cellProperties: "1.9",
  comments: "1.10",
  delayForCellEdit: "1.11",
  mergedAreas: "1.13",
  notes: "1.18",
  /** chart.displayBlanksAs. */
  chartBlanks: "1.8",
  /** Excel.run({ mergeUndoGroup: true }): one Ctrl+Z step per operation. */
  undoGroup: "1.20",
} as const;

export type Feature = keyof typeof FEATURE_SETS;

/** Office versions that have an ExcelApi set, for messages. */
export function officeVersionsFor(version: string): { id: string; en: string } {
  const v = Number(version.split(".")[1] ?? 0);
  let en: string;
  let id: string;
  if (v <= 7) {
    en = "Excel 2019, Excel 2021, Excel 2024, Microsoft 365 or Excel on the web";
    id = "Excel 2019, Excel 2021, Excel 2024, Microsoft 365 atau Excel di web";
  } else if (v <= 14) {
    en = "Excel 2021, Excel 2024, Microsoft 365 or Excel on the web";
    id = "Excel 2021, Excel 2024, Microsoft 365 atau Excel di web";
  } else if (v <= 17) {
    en = "Excel 2024, Microsoft 365 or Excel on the web";
    id = "Excel 2024, Microsoft 365 atau Excel di web";
  } else {
    en = "Microsoft 365 (current channel) or Excel on the web";
    id = "Microsoft 365 (saluran terkini) atau Excel di web";
  }
  return { id, en };
}

interface OfficeLike {
  context?: { requirements?: { isSetSupported?: (name: string, version?: string) => boolean } };
}

/** True when the host supports ExcelApi `version`. Without Office (tests, Node) everything is off except the floor. */
export function isApiSupported(version: string): boolean {
  const office = (globalThis as { Office?: OfficeLike }).Office;
  const fn = office?.context?.requirements?.isSetSupported;
  if (typeof fn !== "function") return version === FLOOR_API;
  try {
    return fn.call(office!.context!.requirements, "ExcelApi", version) === true;
  } catch {
    return false;
  }
}

export function supports(feature: Feature): boolean {
  return isApiSupported(FEATURE_SETS[feature]);
}

/** A snapshot of what the host supports, computed once per operation. */
export interface Capabilities {
  floor: boolean;
  cellProperties: boolean;
  comments: boolean;
  mergedAreas: boolean;
  notes: boolean;
  chartBlanks: boolean;
  undoGroup: boolean;
}

export function capabilities(): Capabilities {
  return {
    floor: isApiSupported(FLOOR_API),
    cellProperties: supports("cellProperties"),
    comments: supports("comments"),
    mergedAreas: supports("mergedAreas"),
    notes: supports("notes"),
    chartBlanks: supports("chartBlanks"),
    undoGroup: supports("undoGroup"),
  };
}
