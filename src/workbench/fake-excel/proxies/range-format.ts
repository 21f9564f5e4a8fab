/**
 * A range's looks: cell properties (getCellProperties / setCellProperties), the RangeFormat proxy
 * (column width, wrap, alignment, indent) and its font and fill groups.
 */
import type { MemCell } from "../workbook";
import { sheetAddress } from "./addresses";
import { ClientObject } from "./client-object";
import { STANDARD_WIDTH, assertWritable } from "./common";
import type { FakeRequestContext } from "./context";
import { FakeRange } from "./range";

export interface CellPropsRequest {
  address?: boolean;
  format?: {
    font?: { bold?: boolean; italic?: boolean; color?: boolean; name?: boolean; size?: boolean };
    fill?: { color?: boolean; pattern?: boolean };
    indentLevel?: boolean;
    wrapText?: boolean;
    horizontalAlignment?: boolean;
    verticalAlignment?: boolean;
    borders?: Record<string, unknown> | boolean;
  };
  hyperlink?: boolean;
}

const EDGES = { top: "t", bottom: "b", left: "l", right: "r" } as const;

export function cellProperties(cell: MemCell | undefined, req: CellPropsRequest, sheet: string, r: number, c: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (req.address) out.address = sheetAddress(sheet, { r1: r, c1: c, r2: r, c2: c });
  if (req.hyperlink) out.hyperlink = cell?.link ? { documentReference: cell.link } : undefined;
  const f = req.format;
  if (f) {
    const fmt: Record<string, unknown> = {};
    if (f.font) {
      const font: Record<string, unknown> = {};
      if (f.font.bold) font.bold = !!cell?.bold;
      if (f.font.italic) font.italic = !!cell?.italic;
      if (f.font.color) font.color = cell?.color ?? "#000000";
      if (f.font.name) font.name = "Calibri";
      if (f.font.size) font.size = 11;
      fmt.font = font;
    }
    if (f.fill) {
      const fill: Record<string, unknown> = {};
      if (f.fill.color) fill.color = cell?.fill ?? "#FFFFFF";
      if (f.fill.pattern) fill.pattern = cell?.fill ? "Solid" : "None";
      fmt.fill = fill;
    }
    if (f.indentLevel) fmt.indentLevel = cell?.indent ?? 0;
    if (f.wrapText) fmt.wrapText = !!cell?.wrap;
    if (f.horizontalAlignment) fmt.horizontalAlignment = cell?.hAlign ?? "General";
    if (f.verticalAlignment) fmt.verticalAlignment = cell?.vAlign ?? "Bottom";
    if (f.borders) {
      const borders: Record<string, unknown> = {};
      for (const [edge, k] of Object.entries(EDGES)) borders[edge] = { style: cell?.borders?.[k] ?? "None" };
      fmt.borders = borders;
    }
    out.format = fmt;
  }
  return out;
}

function normalizeColor(color: unknown): string | undefined {
  if (typeof color !== "string" || color === "") return undefined;
  const named: Record<string, string> = { red: "#FF0000", yellow: "#FFFF00", white: "#FFFFFF", black: "#000000", green: "#008000", blue: "#0000FF", orange: "#FFA500" };
  const c = named[color.toLowerCase()] ?? color;
  return /^#[0-9a-f]{6}$/i.test(c) ? c.toUpperCase() : c;
}

/** Black is the automatic font colour: the API cannot tell them apart, so neither does the workbench. */
function fontColor(color: unknown): string | undefined {
  const c = normalizeColor(color);
  return c === "#000000" ? undefined : c;
}

export function applyCellProperties(cell: MemCell, p: Record<string, unknown>): void {
  const f = p.format as Record<string, unknown> | undefined;
  if (f) {
    const font = f.font as Record<string, unknown> | undefined;
    if (font) {
      if (font.bold !== undefined) cell.bold = !!font.bold || undefined;
      if (font.italic !== undefined) cell.italic = !!font.italic || undefined;
      if (font.color !== undefined) cell.color = fontColor(font.color);
    }
    const fill = f.fill as Record<string, unknown> | undefined;
    if (fill && fill.color !== undefined) {
      const col = normalizeColor(fill.color);
      cell.fill = col === "#FFFFFF" && fill.pattern === undefined ? undefined : col;
    }
    if (fill && fill.pattern === "None") cell.fill = undefined;
    if (f.verticalAlignment !== undefined) cell.vAlign = f.verticalAlignment === "Bottom" ? undefined : String(f.verticalAlignment);
    const borders = f.borders as Record<string, { style?: string } | undefined> | undefined;
    if (borders) {
      const next = { ...(cell.borders ?? {}) };
      for (const [edge, k] of Object.entries(EDGES)) {
        const style = borders[edge]?.style;
        if (style === undefined) continue;
        if (style === "None") delete next[k];
        else next[k] = String(style);
      }
      cell.borders = Object.keys(next).length ? next : undefined;
    }
    if (f.indentLevel !== undefined) cell.indent = Number(f.indentLevel) || undefined;
    if (f.wrapText !== undefined) cell.wrap = !!f.wrapText || undefined;
    if (f.horizontalAlignment !== undefined) cell.hAlign = f.horizontalAlignment === "General" ? undefined : String(f.horizontalAlignment);
  }
  if (p.hyperlink !== undefined) {
    const l = p.hyperlink as { documentReference?: string; address?: string } | null;
    cell.link = l ? (l.documentReference ?? l.address) : undefined;
  }
}

export class FakeRangeFormat extends ClientObject {
  readonly font: FakeStyleGroup;
  readonly fill: FakeStyleGroup & { clear(): void };
  constructor(
    context: FakeRequestContext,
    private readonly range: FakeRange,
  ) {
    super(context, "RangeFormat", ["columnWidth", "rowHeight", "wrapText", "horizontalAlignment", "indentLevel"]);
    const each = (loc: string, fn: (cell: MemCell) => void) => {
      context.enqueue(
        () => {
          const { sheet, area } = range.target(loc);
          assertWritable(sheet, loc);
          for (let r = area.r1; r <= area.r2; r++) for (let c = area.c1; c <= area.c2; c++) fn(sheet.ensure(r, c));
        },
        loc,
        "cells",
      );
    };
    this.font = makeStyleGroup(context, "RangeFont", range, ["bold", "italic", "color"], (name, v) =>
      each(`RangeFont.${name}`, (cell) => {
        if (name === "bold") cell.bold = !!v || undefined;
        else if (name === "italic") cell.italic = !!v || undefined;
        else if (name === "color") cell.color = fontColor(v);
      }),
    );
    const fill = makeStyleGroup(context, "RangeFill", range, ["color"], (_name, v) =>
      each("RangeFill.color", (cell) => {
        const col = normalizeColor(v);
        cell.fill = col === "#FFFFFF" ? undefined : col;
      }),
    ) as FakeStyleGroup & { clear(): void };
    fill.clear = () => each("RangeFill.clear", (cell) => (cell.fill = undefined));
    this.fill = fill;
  }
  protected override navigation(): Record<string, ClientObject> {
    return { font: this.font, fill: this.fill };
  }
  protected fetch(name: string): unknown {
    const { sheet, area } = this.range.target(`RangeFormat.${name}`);
    const same = <T>(fn: (cell: MemCell | undefined, r: number, c: number) => T): T | null => {
      let first: T | undefined;
      for (let r = area.r1; r <= Math.min(area.r2, area.r1 + 10000); r++) {
        for (let c = area.c1; c <= Math.min(area.c2, area.c1 + 500); c++) {
          const v = fn(sheet.get(r, c), r, c);
          if (first === undefined) first = v;
          else if (v !== first) return null;
        }
      }
      return first ?? null;
    };
    switch (name) {
      case "columnWidth":
        return same((_cell, _r, c) => sheet.colWidths.get(c) ?? STANDARD_WIDTH);
      case "rowHeight":
        return 15;
      case "wrapText":
        return same((cell) => !!cell?.wrap);
      case "horizontalAlignment":
        return same((cell) => cell?.hAlign ?? "General");
      case "indentLevel":
        return same((cell) => cell?.indent ?? 0);
    }
    return undefined;
  }
  get columnWidth(): number {
    return this.read("columnWidth");
  }
  set columnWidth(points: number) {
    this.assign("columnWidth", points, () => {
      const { sheet, area } = this.range.target("RangeFormat.columnWidth");
      assertWritable(sheet, "RangeFormat.columnWidth");
      // the state is the width only: a column set to the standard width is like one never sized
      for (let c = area.c1; c <= area.c2; c++) {
        if (points === STANDARD_WIDTH) sheet.colWidths.delete(c);
        else sheet.colWidths.set(c, points);
      }
    });
  }
  get wrapText(): boolean {
    return this.read("wrapText");
  }
  set wrapText(v: boolean) {
    this.assign("wrapText", v, () => {
      const { sheet, area } = this.range.target("RangeFormat.wrapText");
      assertWritable(sheet, "RangeFormat.wrapText");
      for (let r = area.r1; r <= area.r2; r++) for (let c = area.c1; c <= area.c2; c++) sheet.ensure(r, c).wrap = v || undefined;
    });
  }
  get horizontalAlignment(): string {
    return this.read("horizontalAlignment");
  }
  set horizontalAlignment(v: string) {
    this.assign("horizontalAlignment", v, () => {
      const { sheet, area } = this.range.target("RangeFormat.horizontalAlignment");
      assertWritable(sheet, "RangeFormat.horizontalAlignment");
      for (let r = area.r1; r <= area.r2; r++) for (let c = area.c1; c <= area.c2; c++) sheet.ensure(r, c).hAlign = v === "General" ? undefined : v;
    });
  }
  set verticalAlignment(v: string) {
    this.assign("verticalAlignment", v, () => {
      const { sheet, area } = this.range.target("RangeFormat.verticalAlignment");
      assertWritable(sheet, "RangeFormat.verticalAlignment");
      for (let r = area.r1; r <= area.r2; r++) for (let c = area.c1; c <= area.c2; c++) sheet.ensure(r, c).vAlign = v === "Bottom" ? undefined : v;
    });
  }
  get indentLevel(): number {
    return this.read("indentLevel");
  }
  set indentLevel(v: number) {
    this.assign("indentLevel", v, () => {
      const { sheet, area } = this.range.target("RangeFormat.indentLevel");
      assertWritable(sheet, "RangeFormat.indentLevel");
      for (let r = area.r1; r <= area.r2; r++) for (let c = area.c1; c <= area.c2; c++) sheet.ensure(r, c).indent = v || undefined;
    });
  }
  autofitColumns(): void {
    this.context.enqueue(() => undefined, "RangeFormat.autofitColumns");
  }
  autofitRows(): void {
    this.context.enqueue(() => undefined, "RangeFormat.autofitRows");
  }
}

/** font / fill: loadable properties with setters that queue writes. */
export type FakeStyleGroup = ClientObject & Record<string, unknown>;

function makeStyleGroup(
  context: FakeRequestContext,
  typeName: string,
  range: FakeRange,
  props: string[],
  write: (name: string, v: unknown) => void,
): FakeStyleGroup {
  class Group extends ClientObject {
    constructor() {
      super(context, typeName, props);
      for (const p of props) {
        Object.defineProperty(this, p, {
          get: () => this.read(p),
          set: (v: unknown) => {
            this.bag.setLocal(p, v);
            write(p, v);
          },
          enumerable: true,
        });
      }
    }
    protected fetch(name: string): unknown {
      const { sheet, area } = range.target(`${typeName}.${name}`);
      let first: unknown;
      for (let r = area.r1; r <= Math.min(area.r2, area.r1 + 10000); r++) {
        for (let c = area.c1; c <= Math.min(area.c2, area.c1 + 500); c++) {
          const cell = sheet.get(r, c);
          const v =
            typeName === "RangeFill"
              ? (cell?.fill ?? "#FFFFFF")
              : name === "bold"
                ? !!cell?.bold
                : name === "italic"
                  ? !!cell?.italic
                  : (cell?.color ?? "#000000");
          if (first === undefined) first = v;
          else if (first !== v) return null;
        }
      }
      return first ?? null;
    }
  }
  return new Group() as unknown as FakeStyleGroup;
}
