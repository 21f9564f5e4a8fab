/** Small navigation helpers for the task pane: select a cell, name of the active sheet. */
import { runExcel } from "./run";

/** Activates `sheet` and selects `cell` (A1, e.g. "F20"). */
export async function selectCell(sheet: string, cell: string): Promise<void> {
  await runExcel(async (context) => {
    const ws = context.workbook.worksheets.getItem(sheet);
    ws.activate();
    ws.getRange(cell).select();
    await context.sync();
  });
}

export async function activeSheetName(): Promise<string> {
  return runExcel(async (context) => {
    const ws = context.workbook.worksheets.getActiveWorksheet();
    ws.load("name");
    await context.sync();
    return ws.name;
  });
}
