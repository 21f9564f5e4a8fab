/**
 * styles.xml → the few style facts the Grid keeps, per cell style index (`<c s="…">`): number
 * format code, bold, italic, indent, solid fill colour.
 */
import { BUILTIN_NUMFMTS, isDateFormat } from "./formats";
import { parseXml } from "./package";

export interface CellStyleInfo {
  fmt?: string;
  isDate: boolean;
  bold: boolean;
  italic: boolean;
  indent: number;
  fill?: string;
}

const EMPTY: CellStyleInfo = { isDate: false, bold: false, italic: false, indent: 0 };

function truthy(v: string | undefined): boolean {
  return v === undefined || !(v === "0" || v === "false");
}

export function parseStyles(text: string | undefined): CellStyleInfo[] {
  if (!text) return [];
  const numFmts = new Map<number, string>();
  const fonts: { bold: boolean; italic: boolean }[] = [];
  const fills: (string | undefined)[] = [];
  const xfs: CellStyleInfo[] = [];
  let section = "";
  let font: { bold: boolean; italic: boolean } | undefined;
  let fill: { solid: boolean; rgb?: string } | undefined;
  let inPattern = false;
  let xf: CellStyleInfo | undefined;
  parseXml(text, {
    open(name, a) {
      switch (name) {
        case "numFmt":
          // Backslash escapes dropped ("\\-" → "-"), as the exceljs reader gave them to the engine.
          if (a.numFmtId !== undefined && a.formatCode !== undefined) numFmts.set(Number(a.numFmtId), a.formatCode.replace(/[\\](.)/g, "$1"));
          break;
        case "fonts":
        case "fills":
        case "cellXfs":
        case "cellStyleXfs":
        case "dxfs":
          section = name;
          break;
        case "font":
          if (section === "fonts") font = { bold: false, italic: false };
          break;
        case "b":
          if (font) font.bold = truthy(a.val);
          break;
        case "i":
          if (font) font.italic = truthy(a.val);
          break;
        case "fill":
          if (section === "fills") fill = { solid: false };
          break;
        case "patternFill":
          if (fill) {
            fill.solid = a.patternType === "solid";
            inPattern = true;
          }
          break;
        case "fgColor":
          if (fill && inPattern && a.rgb) fill.rgb = a.rgb;
          break;
        case "xf":
          if (section === "cellXfs") {
            const id = a.numFmtId !== undefined ? parseInt(a.numFmtId, 10) : NaN;
            const fmt = id ? numFmts.get(id) ?? BUILTIN_NUMFMTS[id] : undefined;
            const f = fonts[parseInt(a.fontId, 10)];
            const fi = fills[parseInt(a.fillId, 10)];
            xf = {
              ...(fmt !== undefined ? { fmt } : {}),
              isDate: isDateFormat(fmt),
              bold: f?.bold ?? false,
              italic: f?.italic ?? false,
              indent: 0,
              ...(fi ? { fill: fi } : {}),
            };
          }
          break;
        case "alignment":
          if (xf && a.indent) xf.indent = parseInt(a.indent, 10) || 0;
          break;
      }
    },
    close(name) {
      switch (name) {
        case "fonts":
        case "fills":
        case "cellXfs":
        case "cellStyleXfs":
        case "dxfs":
          section = "";
          break;
        case "font":
          if (font) fonts.push(font);
          font = undefined;
          break;
        case "patternFill":
          inPattern = false;
          break;
        case "fill":
          if (fill) fills.push(fill.solid && fill.rgb ? "#" + fill.rgb.slice(-6).toUpperCase() : undefined);
          fill = undefined;
          break;
        case "xf":
          if (xf) xfs.push(xf);
          xf = undefined;
          break;
      }
    },
  });
  return xfs;
}

export function styleAt(styles: CellStyleInfo[], index: number): CellStyleInfo {
  return styles[index] ?? EMPTY;
}
