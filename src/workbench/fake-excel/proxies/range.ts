/**
 * The Range proxy: values, formulas, number formats, text, hyperlinks, spills, cell / row / column
 * properties, merged areas (failing past 512), merge, clear, select and derived ranges.
 */
import type { Area, Scalar } from "../../../core/grid";
import { officeError } from "../errors";
import { formatValue } from "../format";
import { MemWorkbook, type MemCell, type MemSheet } from "../workbook";
import { sheetAddress } from "./addresses";
import { ClientObject, FakeClientResult } from "./client-object";
import { MAX_COLS, MAX_MERGED_AREAS, MAX_ROWS, assertWritable, invalidArgument, itemNotFound, jsonBytes } from "./common";
import type { FakeRequestContext } from "./context";
import { FakeRangeAreas } from "./range-areas";
import { type CellPropsRequest, FakeRangeFormat, applyCellProperties, cellProperties } from "./range-format";
import { tableAutoCorrect } from "./tables";
import { valueType, writeInput } from "./typed-input";
import { FakeWorksheet } from "./worksheet";

// ---------------------------------------------------------------------------------------------
// Ranges

type AreaResolver = () => Area | null;

export class FakeRange extends ClientObject {
  private resolved?: { sheet: MemSheet; area: Area | null };
  private formatObject?: FakeRangeFormat;

  constructor(
    context: FakeRequestContext,
    private readonly sheetOf: () => MemSheet,
    private readonly areaOf: AreaResolver,
    private readonly nullable = false,
  ) {
    super(context, "Range", [
      "address",
      "addressLocal",
      "rowIndex",
      "columnIndex",
      "rowCount",
      "columnCount",
      "cellCount",
      "values",
      "formulas",
      "numberFormat",
      "valueTypes",
      "text",
      "hyperlink",
      "hasSpill",
      "isNullObject",
    ]);
    if (nullable) context.enqueue(() => this.bag.stage("isNullObject", this.resolve().area === null), "Range");
  }

  get format(): FakeRangeFormat {
    if (!this.formatObject) this.formatObject = new FakeRangeFormat(this.context, this);
    return this.formatObject;
  }

  protected override navigation(): Record<string, ClientObject> {
    return { format: this.format };
  }
  /** Without creating the format object (three more proxies) for every load of a range. */
  protected override navigationTo(head: string): ClientObject | undefined {
    return head === "format" ? this.format : ({} as Record<string, ClientObject>)[head];
  }

  /** @internal Sheet and area, fixed at the first command that needs them. */
  resolve(): { sheet: MemSheet; area: Area | null } {
    if (!this.resolved) {
      const sheet = this.sheetOf();
      const area = this.areaOf();
      this.resolved = { sheet, area };
    }
    return this.resolved;
  }

  /** @internal */
  target(location: string): { sheet: MemSheet; area: Area } {
    const { sheet, area } = this.resolve();
    if (!area) throw itemNotFound(location);
    return { sheet, area };
  }

  /** @internal "Sheet!A1:B2", resolved now (inside a sync). */
  describe(): string {
    const { sheet, area } = this.target("Range");
    return sheetAddress(sheet.name, area);
  }

  private grid<T>(fn: (cell: MemCell | undefined, r: number, c: number) => T, location: string): T[][] {
    const { sheet, area } = this.target(location);
    const cells = (area.r2 - area.r1 + 1) * (area.c2 - area.c1 + 1);
    if (cells > 5_000_000) throw officeError("RangeExceedsLimit", "The number of cells in the range has exceeded the maximum supported number.", location);
    const out: T[][] = [];
    for (let r = area.r1; r <= area.r2; r++) {
      const row: T[] = [];
      for (let c = area.c1; c <= area.c2; c++) row.push(fn(sheet.get(r, c), r, c));
      out.push(row);
    }
    return out;
  }

  protected fetch(name: string): unknown {
    if (name === "isNullObject") return this.resolve().area === null;
    if (this.nullable && this.resolve().area === null) return null;
    const loc = `Range.${name}`;
    const { sheet, area } = this.target(loc);
    switch (name) {
      case "address":
      case "addressLocal":
        return sheetAddress(sheet.name, area);
      case "rowIndex":
        return area.r1;
      case "columnIndex":
        return area.c1;
      case "rowCount":
        return area.r2 - area.r1 + 1;
      case "columnCount":
        return area.c2 - area.c1 + 1;
      case "cellCount":
        return (area.r2 - area.r1 + 1) * (area.c2 - area.c1 + 1);
      case "values":
        return this.grid((cell) => (cell && cell.v !== null ? cell.v : ""), loc);
      case "formulas":
        return this.grid((cell) => (cell?.f ? cell.f : cell && cell.v !== null ? cell.v : ""), loc);
      case "numberFormat":
        return this.grid((cell) => cell?.fmt ?? "General", loc);
      case "valueTypes":
        return this.grid((cell) => valueType(cell), loc);
      case "text":
        return this.grid((cell) => (cell ? formatValue(cell.v, cell.fmt) : ""), loc);
      case "hasSpill": {
        // true when every cell has a spill border, false when none has, null when mixed (1.12)
        let some = false;
        let all = true;
        for (let r = area.r1; r <= Math.min(area.r2, area.r1 + 100_000); r++) {
          for (let c = area.c1; c <= Math.min(area.c2, area.c1 + 500); c++) {
            const inSpill = sheet.spills.some((x) => r >= x.r1 && r <= x.r2 && c >= x.c1 && c <= x.c2);
            if (inSpill) some = true;
            else all = false;
          }
        }
        return all ? true : some ? null : false;
      }
      case "hyperlink": {
        const cell = sheet.get(area.r1, area.c1);
        if (!cell?.link) return null;
        return cell.link.includes("!") ? { documentReference: cell.link, textToDisplay: cell.linkText } : { address: cell.link, textToDisplay: cell.linkText };
      }
    }
    return undefined;
  }

  get address(): string {
    return this.read("address");
  }
  get addressLocal(): string {
    return this.read("addressLocal");
  }
  get rowIndex(): number {
    return this.read("rowIndex");
  }
  get columnIndex(): number {
    return this.read("columnIndex");
  }
  get rowCount(): number {
    return this.read("rowCount");
  }
  get columnCount(): number {
    return this.read("columnCount");
  }
  get cellCount(): number {
    return this.read("cellCount");
  }
  get valueTypes(): string[][] {
    return this.read("valueTypes");
  }
  get text(): string[][] {
    return this.read("text");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  get hasSpill(): boolean | null {
    return this.read("hasSpill");
  }
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.resolve().sheet, false, "Range.worksheet");
  }

  get values(): Scalar[][] {
    return this.read("values");
  }
  set values(input: unknown) {
    this.writeGrid("values", input, (cell, x) => writeInput(cell, x, false));
  }
  get formulas(): Scalar[][] {
    return this.read("formulas");
  }
  set formulas(input: unknown) {
    this.writeGrid("formulas", input, (cell, x) => writeInput(cell, x, true));
  }
  get numberFormat(): string[][] {
    return this.read("numberFormat");
  }
  set numberFormat(input: unknown) {
    this.writeGrid("numberFormat", input, (cell, x) => {
      if (typeof x !== "string") throw invalidArgument("Range.numberFormat");
      cell.fmt = x === "" || x === "General" ? undefined : x;
    });
  }
  get hyperlink(): unknown {
    return this.read("hyperlink");
  }
  set hyperlink(link: unknown) {
    const l = (link ?? {}) as { address?: string; documentReference?: string; textToDisplay?: string; screenTip?: string };
    this.assign("hyperlink", link, () => {
      const { sheet, area } = this.target("Range.hyperlink");
      assertWritable(sheet, "Range.hyperlink");
      for (let r = area.r1; r <= area.r2; r++) {
        for (let c = area.c1; c <= area.c2; c++) {
          const cell = sheet.ensure(r, c);
          cell.link = l.documentReference ?? l.address;
          if (l.textToDisplay !== undefined) {
            cell.v = l.textToDisplay;
            cell.f = undefined;
            this.context.mem.markDirty(sheet.name, r, c);
          }
          cell.linkText = l.textToDisplay;
        }
      }
    });
  }

  /** Queue a 2-D write (or a scalar applied to every cell); null entries leave cells unchanged. */
  private writeGrid(name: string, input: unknown, apply: (cell: MemCell, x: unknown) => void): void {
    const loc = `Range.${name}`;
    if (input === null || input === undefined) throw invalidArgument(loc);
    this.assign(name, input, () => {
      const { sheet, area } = this.target(loc);
      assertWritable(sheet, loc);
      this.context.mem.log?.push([name, sheet.name, MemWorkbook.address(sheet.name, area)]);
      const autoCorrect = name === "formulas" || name === "values" ? tableAutoCorrect(this.context.mem, sheet, area, input) : undefined;
      const rows = area.r2 - area.r1 + 1;
      const cols = area.c2 - area.c1 + 1;
      const is2d = Array.isArray(input);
      if (is2d) {
        const arr = input as unknown[];
        if (arr.length !== rows || arr.some((row) => !Array.isArray(row) || row.length !== cols)) {
          throw invalidArgument(
            loc,
            "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
          );
        }
      } else if (rows * cols > 1_000_000) {
        throw officeError("RangeExceedsLimit", "The number of cells in the range has exceeded the maximum supported number.", loc);
      }
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const x = is2d ? (input as unknown[][])[i][j] : input;
          if (x === null || x === undefined) continue;
          const r = area.r1 + i;
          const c = area.c1 + j;
          apply(sheet.ensure(r, c), x);
          sheet.prune(r, c);
          this.context.mem.markDirty(sheet.name, r, c);
        }
      }
      autoCorrect?.();
      // a value written into a spill range blocks it: the anchor shows #SPILL!
      for (const x of [...sheet.spills]) {
        const hit = x.r1 <= area.r2 && x.r2 >= area.r1 && x.c1 <= area.c2 && x.c2 >= area.c1;
        const onlyAnchor = area.r1 === x.r1 && area.c1 === x.c1 && area.r2 === x.r1 && area.c2 === x.c1;
        if (!hit || onlyAnchor) continue;
        const anchor = sheet.ensure(x.r1, x.c1);
        if (anchor.f === undefined) continue;
        anchor.v = "#SPILL!";
        anchor.error = true;
        anchor.calc = "cached";
        sheet.spills = sheet.spills.filter((y) => y !== x);
      }
    }, "cells", jsonBytes(input));
  }

  getCellProperties(request: CellPropsRequest): FakeClientResult<Record<string, unknown>[][]> {
    this.context.requires("1.9", "Range.getCellProperties");
    return new FakeClientResult(
      this.context,
      () => this.grid((cell, r, c) => cellProperties(cell, request, this.resolve().sheet.name, r, c), "Range.getCellProperties"),
      "Range.getCellProperties",
    );
  }

  getRowProperties(request: { rowHidden?: boolean; rowIndex?: boolean; address?: boolean }): FakeClientResult<Record<string, unknown>[]> {
    this.context.requires("1.9", "Range.getRowProperties");
    return new FakeClientResult(
      this.context,
      () => {
        const { sheet, area } = this.target("Range.getRowProperties");
        const out: Record<string, unknown>[] = [];
        for (let r = area.r1; r <= area.r2; r++) {
          const p: Record<string, unknown> = {};
          if (request.rowIndex) p.rowIndex = r;
          if (request.rowHidden) p.rowHidden = sheet.hiddenRows.has(r);
          if (request.address) p.address = sheetAddress(sheet.name, { r1: r, c1: area.c1, r2: r, c2: area.c2 });
          out.push(p);
        }
        return out;
      },
      "Range.getRowProperties",
    );
  }

  getColumnProperties(request: { columnHidden?: boolean; columnIndex?: boolean; address?: boolean; format?: { columnWidth?: boolean } }): FakeClientResult<Record<string, unknown>[]> {
    this.context.requires("1.9", "Range.getColumnProperties");
    return new FakeClientResult(
      this.context,
      () => {
        const { sheet, area } = this.target("Range.getColumnProperties");
        const out: Record<string, unknown>[] = [];
        for (let c = area.c1; c <= area.c2; c++) {
          const p: Record<string, unknown> = {};
          if (request.columnIndex) p.columnIndex = c;
          if (request.columnHidden) p.columnHidden = sheet.hiddenCols.has(c);
          if (request.address) p.address = sheetAddress(sheet.name, { r1: area.r1, c1: c, r2: area.r2, c2: c });
          if (request.format?.columnWidth) p.format = { columnWidth: sheet.colWidths.get(c) ?? 48 };
          out.push(p);
        }
        return out;
      },
      "Range.getColumnProperties",
    );
  }

  setCellProperties(props: Record<string, unknown>[][]): void {
    this.context.requires("1.9", "Range.setCellProperties");
    const loc = "Range.setCellProperties";
    this.context.enqueue(
      () => {
        const { sheet, area } = this.target(loc);
        assertWritable(sheet, loc);
        const rows = area.r2 - area.r1 + 1;
        const cols = area.c2 - area.c1 + 1;
        if (!Array.isArray(props) || props.length !== rows || props.some((row) => !Array.isArray(row) || row.length !== cols)) {
          throw invalidArgument(loc, "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
        }
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) {
            const p = props[i][j];
            if (!p) continue;
            applyCellProperties(sheet.ensure(area.r1 + i, area.c1 + j), p);
            sheet.prune(area.r1 + i, area.c1 + j);
          }
        }
      },
      loc,
      "cells",
      jsonBytes(props),
    );
  }

  getMergedAreasOrNullObject(): FakeRangeAreas {
    this.context.requires("1.13", "Range.getMergedAreasOrNullObject");
    return new FakeRangeAreas(this.context, () => {
      const { sheet, area } = this.target("Range.getMergedAreasOrNullObject");
      const inside = sheet.merges.filter((m) => m.r1 >= area.r1 && m.r1 <= area.r2 && m.c1 >= area.c1 && m.c1 <= area.c2);
      if (inside.length > MAX_MERGED_AREAS) {
        // documented: the API fails when the range holds more than 512 merged areas
        throw officeError(
          "GeneralException",
          `There are more than ${MAX_MERGED_AREAS} merged areas in the range (${inside.length}); getMergedAreasOrNullObject cannot return them.`,
          "Range.getMergedAreasOrNullObject",
        );
      }
      return { sheet, areas: inside };
    });
  }

  merge(across = false): void {
    this.context.enqueue(
      () => {
        const { sheet, area } = this.target("Range.merge");
        assertWritable(sheet, "Range.merge");
        const pieces: Area[] = across
          ? Array.from({ length: area.r2 - area.r1 + 1 }, (_, i) => ({ r1: area.r1 + i, c1: area.c1, r2: area.r1 + i, c2: area.c2 }))
          : [area];
        for (const p of pieces) {
          if (p.r1 === p.r2 && p.c1 === p.c2) continue;
          sheet.merges = sheet.merges.filter((m) => !(m.r1 <= p.r2 && m.r2 >= p.r1 && m.c1 <= p.c2 && m.c2 >= p.c1));
          sheet.merges.push({ ...p });
          for (let r = p.r1; r <= p.r2; r++) {
            for (let c = p.c1; c <= p.c2; c++) {
              if (r === p.r1 && c === p.c1) continue;
              const cell = sheet.get(r, c);
              if (cell) {
                cell.v = null;
                cell.f = undefined;
                sheet.prune(r, c);
                this.context.mem.markDirty(sheet.name, r, c);
              }
            }
          }
        }
      },
      "Range.merge",
      "cells",
    );
  }

  unmerge(): void {
    this.context.enqueue(
      () => {
        const { sheet, area } = this.target("Range.unmerge");
        assertWritable(sheet, "Range.unmerge");
        sheet.merges = sheet.merges.filter((m) => !(m.r1 <= area.r2 && m.r2 >= area.r1 && m.c1 <= area.c2 && m.c2 >= area.c1));
      },
      "Range.unmerge",
      "cells",
    );
  }

  clear(applyTo: string = "All"): void {
    this.context.enqueue(
      () => {
        const { sheet, area } = this.target("Range.clear");
        assertWritable(sheet, "Range.clear");
        const what = String(applyTo);
        const rows = [...sheet.rows.keys()].filter((r) => r >= area.r1 && r <= area.r2);
        for (const r of rows) {
          const row = sheet.rows.get(r)!;
          for (const c of [...row.keys()]) {
            if (c < area.c1 || c > area.c2) continue;
            const cell = row.get(c)!;
            if (what === "All" || what === "Contents") this.context.mem.markDirty(sheet.name, r, c);
            if (what === "All") {
              sheet.delete(r, c);
              continue;
            }
            if (what === "Contents") {
              cell.v = null;
              cell.f = undefined;
              cell.error = undefined;
              cell.calc = undefined;
            } else if (what === "Formats") {
              for (const k of ["fmt", "bold", "italic", "color", "fill", "indent", "wrap", "hAlign", "vAlign", "borders", "quoted"] as const) delete cell[k];
            } else if (what === "Hyperlinks" || what === "RemoveHyperlinks") {
              delete cell.link;
              delete cell.linkText;
            }
            sheet.prune(r, c);
          }
        }
        if (what === "All" || what === "Formats") {
          sheet.merges = sheet.merges.filter((m) => !(m.r1 >= area.r1 && m.r2 <= area.r2 && m.c1 >= area.c1 && m.c2 <= area.c2));
        }
      },
      "Range.clear",
      "cells",
    );
  }

  select(): void {
    this.context.enqueue(
      () => {
        const { sheet, area } = this.target("Range.select");
        this.context.mem.activeSheet = sheet.name;
        this.context.mem.selection = { sheet: sheet.name, area: { ...area } };
      },
      "Range.select",
      "selection",
    );
  }

  private derived(loc: string, fn: (a: Area) => Area): FakeRange {
    return new FakeRange(
      this.context,
      () => this.resolve().sheet,
      () => {
        const a = fn(this.target(loc).area);
        if (a.r1 < 0 || a.c1 < 0 || a.r2 >= MAX_ROWS || a.c2 >= MAX_COLS || a.r2 < a.r1 || a.c2 < a.c1) throw invalidArgument(loc);
        return a;
      },
    );
  }
  getCell(row: number, column: number): FakeRange {
    return this.derived("Range.getCell", (a) => ({ r1: a.r1 + row, c1: a.c1 + column, r2: a.r1 + row, c2: a.c1 + column }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derived("Range.getResizedRange", (a) => ({ ...a, r2: a.r2 + deltaRows, c2: a.c2 + deltaColumns }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this.derived("Range.getOffsetRange", (a) => ({ r1: a.r1 + rowOffset, c1: a.c1 + columnOffset, r2: a.r2 + rowOffset, c2: a.c2 + columnOffset }));
  }
  getRow(row: number): FakeRange {
    return this.derived("Range.getRow", (a) => ({ r1: a.r1 + row, c1: a.c1, r2: a.r1 + row, c2: a.c2 }));
  }
  getColumn(column: number): FakeRange {
    return this.derived("Range.getColumn", (a) => ({ r1: a.r1, c1: a.c1 + column, r2: a.r2, c2: a.c1 + column }));
  }
}
