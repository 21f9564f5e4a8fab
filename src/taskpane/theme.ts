/** The Fluent theme that follows Office's theme (dark or light), when Office tells us. */
import { webDarkTheme, webLightTheme } from "@fluentui/react-components";
import type { Theme } from "@fluentui/react-components";

interface OfficeThemeLike {
  bodyBackgroundColor?: string;
  isDarkTheme?: boolean;
}

/** Relative luminance of "#RRGGBB" (0 black … 1 white), or undefined when unreadable. */
export function luminance(color: string | undefined): number | undefined {
  const m = /^#?([0-9a-f]{6})$/i.exec(color ?? "");
  if (!m) return undefined;
  const n = parseInt(m[1], 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

export function isDarkOfficeTheme(theme: OfficeThemeLike | undefined | null): boolean {
  if (!theme) return false;
  if (typeof theme.isDarkTheme === "boolean") return theme.isDarkTheme;
  const l = luminance(theme.bodyBackgroundColor);
  return l !== undefined && l < 0.3;
}

export function officeTheme(): OfficeThemeLike | undefined {
  try {
    const office = (globalThis as { Office?: { context?: { officeTheme?: OfficeThemeLike } } }).Office;
    return office?.context?.officeTheme ?? undefined;
  } catch {
    return undefined;
  }
}

export function themeFor(dark: boolean): Theme {
  return dark ? webDarkTheme : webLightTheme;
}
