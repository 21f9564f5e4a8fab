/**
 * Number formats: Excel's built-in format codes (the ids every .xlsx may use without declaring
 * them), date-format detection and serial-date conversion. The rules match what exceljs did before
 * the streaming reader, so the Grid a workbook gives does not change.
 */

/** Built-in number formats (ECMA-376 §18.8.30, locale-independent ids). */
export const BUILTIN_NUMFMTS: Record<number, string> = {
  0: "General",
  1: "0",
  2: "0.00",
  3: "#,##0",
  4: "#,##0.00",
  9: "0%",
  10: "0.00%",
  11: "0.00E+00",
  12: "# ?/?",
  13: "# ??/??",
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: 'm/d/yy "h":mm',
  37: "#,##0 ;(#,##0)",
  38: "#,##0 ;[Red](#,##0)",
  39: "#,##0.00 ;(#,##0.00)",
  40: "#,##0.00 ;[Red](#,##0.00)",
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mmss.0",
  48: "##0.0E+0",
  49: "@",
};

const dateCache = new Map<string, boolean>();

/** A format that shows a date or time (text in quotes and [..] sections ignored). */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  let v = dateCache.get(fmt);
  if (v === undefined) {
    const bare = fmt.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
    v = /[ymdhMsb]+/.test(bare);
    dateCache.set(fmt, v);
  }
  return v;
}

/**
 * A serial date as the Grid stores dates: "YYYY-MM-DD" (UTC). Undefined when the number is not a
 * representable date (the caller keeps the number).
 */
export function serialToIsoDate(serial: number, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial)) return undefined;
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000);
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString().slice(0, 10);
}
