/**
 * Number-format facts the engine and the audit must agree on: whether a cell's number format shows
 * the stored value as a percentage (0.9295 shown "92.95%").
 */

/**
 * A "%" in the FIRST section of the format (the one positive numbers use), outside quoted text and
 * escapes. A "%" only in the negative or zero section does not make positive values percentages.
 */
export function isPercentFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const section = fmt.split(";")[0].replace(/"[^"]*"/g, "").replace(/\\./g, "");
  return section.includes("%");
}
