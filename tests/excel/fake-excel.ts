/**
 * A small fake of the Excel JavaScript API subset listed in src/excel/api-subset.ts, built over
 * office-addin-mock's OfficeMockObject (load/sync bookkeeping: reading an unloaded property gives an
 * error string). The state lives in FakeWorkbook; every Excel.run gets a FakeContext whose queued
 * commands and property writes are applied, in call order, at context.sync(). It counts syncs,
 * estimates each request's payload (and can reject requests over a limit like Excel on the web),
 * refuses writes to protected sheets, and can fail with an Office error code on demand.
 */
import { OfficeMockObject } from "office-addin-mock";
import type { Area, Scalar } from "../../src/core/grid";
import { a1, parseA1, parseAreaA1 } from "../../src/core/grid";

export interface FakeCell {
  v?: Scalar;
  f?: string;
  fmt?: string;
  error?: boolean;
  /** Written with Excel's quote prefix (text that would otherwise be read as something else). */
  quoted?: boolean;
  bold?: boolean;
  italic?: boolean;
  color?: string;
  fill?: string;
  indent?: number;
  wrap?: boolean;
  hAlign?: string;
}

const K = 16384;
/** Width in points of a column nobody sized (Excel's standard 8.43 characters). */
export const STANDARD_WIDTH = 48;
const MAX_ROWS = 1048576;
const MAX_COLS = 16384;

export class FakeSheet {
  cells = new Map<number, FakeCell>();
  protected = false;
  hiddenRows = new Set<number>();
  hiddenCols = new Set<number>();
  merges: Area[] = [];
  charts: FakeChart[] = [];
  frozenRows = 0;
  frozenCols = 0;
  orientation?: string;
  colWidths = new Map<number, number>();
  links = new Map<number, { documentReference?: string; textToDisplay?: string }>();

  constructor(public name: string) {}

  get(r: number, c: number): FakeCell | undefined {
    return this.cells.get(r * K + c);
  }

  /** Sets a cell by A1 or (r, c). */
  set(ref: string | [number, number], cell: FakeCell | Scalar): this {
    const [r, c] = typeof ref === "string" ? toRC(ref) : ref;
    const data: FakeCell = cell !== null && typeof cell === "object" ? cell : { v: cell as Scalar };
    this.cells.set(r * K + c, data);
    return this;
  }

  value(ref: string): Scalar | undefined {
    const [r, c] = toRC(ref);
    return this.get(r, c)?.v;
  }

  cell(ref: string): FakeCell | undefined {
    const [r, c] = toRC(ref);
    return this.get(r, c);
  }

  /** Bounding area of cells with content (valuesOnly) or with anything. */
  usedArea(valuesOnly: boolean): Area | undefined {
    let r1 = Infinity;
    let c1 = Infinity;
    let r2 = -1;
    let c2 = -1;
    for (const [key, cell] of this.cells) {
      const hasContent = cell.f !== undefined || (cell.v !== undefined && cell.v !== null && cell.v !== "");
      if (valuesOnly && !hasContent) continue;
      const r = Math.floor(key / K);
      const c = key % K;
      if (r < r1) r1 = r;
      if (c < c1) c1 = c;
      if (r > r2) r2 = r;
      if (c > c2) c2 = c;
    }
    return r2 < 0 ? undefined : { r1, c1, r2, c2 };
  }
}

export interface FakeChart {
  type: string;
  source: string;
  seriesBy: string;
  title: { text?: string };
  position?: string;
  deleted?: boolean;
}

export function toRC(ref: string): [number, number] {
  const p = parseA1(ref);
  if (!p) throw new Error(`bad ref ${ref}`);
  return [p.r, p.c];
}

export function officeError(code: string, message = code): Error & { code: string } {
  const e = new Error(message) as Error & { code: string };
  e.name = "RichApi.Error";
  e.code = code;
  return e;
}

export interface RequestLog {
  bytes: number;
  commands: number;
}

export class FakeWorkbook {
  sheets: FakeSheet[] = [];
  activeIndex = 0;
  settings = new Map<string, string>();
  /** Notes (1.18) or comments (1.10), keyed "Sheet!A1". */
  notes = new Map<string, string>();
  /** Highest ExcelApi minor version supported (1.x). */
  apiMinor = 18;
  syncCount = 0;
  requests: RequestLog[] = [];
  /** Reject requests whose estimated payload exceeds this (Excel on the web: 5 MB). */
  payloadLimit = 5_000_000;
  /** Errors the next syncs throw, in order (undefined = succeed). */
  failSyncs: (Error | undefined)[] = [];
  /** Error Excel.run throws before running the callback. */
  runError?: Error;
  runCalls: { delayForCellEdit?: boolean }[] = [];
  calcSuspended = 0;
  screenSuspended = 0;
  selection?: { sheet: string; address: string };
  /** Every write command applied, for assertions: [kind, sheet, address]. */
  log: [string, string, string][] = [];
  displayLanguage = "en-US";

  addSheet(name: string): FakeSheet {
    const s = new FakeSheet(name);
    this.sheets.push(s);
    return s;
  }

  sheet(name: string): FakeSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  find(name: string): FakeSheet | undefined {
    return this.sheets.find((x) => x.name.toLowerCase() === name.toLowerCase());
  }

  /** A deep copy of the whole state: equal copies mean nothing changed. */
  dump(): string {
    return JSON.stringify({
      sheets: this.sheets.map((s) => ({
        name: s.name,
        cells: [...s.cells.entries()].sort((a, b) => a[0] - b[0]),
        merges: [...s.merges].sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1 || a.r2 - b.r2 || a.c2 - b.c2),
        charts: s.charts,
        frozen: s.frozenRows,
        frozenCols: s.frozenCols,
        // merges and widths are sets: order-free
        widths: [...s.colWidths.entries()].sort((a, b) => a[0] - b[0]),
        links: [...s.links.entries()],
        protected: s.protected,
      })),
      settings: [...this.settings.entries()],
      notes: [...this.notes.entries()],
    });
  }

  /** Save and reopen: a new workbook with the same content (settings included), new counters. */
  reopen(): FakeWorkbook {
    const wb = new FakeWorkbook();
    wb.apiMinor = this.apiMinor;
    wb.displayLanguage = this.displayLanguage;
    wb.activeIndex = this.activeIndex;
    for (const s of this.sheets) {
      const t = wb.addSheet(s.name);
      for (const [k, c] of s.cells) t.cells.set(k, { ...c });
      t.protected = s.protected;
      t.merges = s.merges.map((m) => ({ ...m }));
      t.charts = s.charts.map((ch) => ({ ...ch, title: { ...ch.title } }));
      t.frozenRows = s.frozenRows;
      t.frozenCols = s.frozenCols;
      for (const [c, w] of s.colWidths) t.colWidths.set(c, w);
      for (const r of s.hiddenRows) t.hiddenRows.add(r);
      for (const c of s.hiddenCols) t.hiddenCols.add(c);
    }
    for (const [k, v] of this.settings) wb.settings.set(k, v);
    for (const [k, v] of this.notes) wb.notes.set(k, v);
    return wb;
  }

  /** The Excel and Office globals the adapter uses. */
  globals(): { Excel: unknown; Office: unknown } {
    const Excel = {
      run: async (a: unknown, b?: unknown) => {
        const cb = (typeof a === "function" ? a : b) as (ctx: unknown) => Promise<unknown>;
        const opts = (typeof a === "function" ? {} : a) as { delayForCellEdit?: boolean };
        this.runCalls.push(opts);
        if (this.runError) throw this.runError;
        return cb(new FakeContext(this));
      },
    };
    const Office = {
      context: {
        displayLanguage: this.displayLanguage,
        requirements: {
          isSetSupported: (name: string, version?: string) => {
            if (name !== "ExcelApi") return false;
            const minor = Number(String(version ?? "1.1").split(".")[1] ?? 0);
            return minor <= this.apiMinor;
          },
        },
      },
    };
    return { Excel, Office };
  }

  /** Installs the globals (returns a function that removes them). */
  install(): () => void {
    const g = globalThis as Record<string, unknown>;
    const { Excel, Office } = this.globals();
    g.Excel = Excel;
    g.Office = Office;
    return () => {
      delete g.Excel;
      delete g.Office;
    };
  }
}

interface Command {
  bytes: number;
  sheet?: FakeSheet;
  write: boolean;
  run: () => void;
}

function valueType(c: FakeCell | undefined): string {
  if (!c || c.v === undefined || c.v === null || c.v === "") return c?.f ? "Empty" : "Empty";
  if (c.error) return "Error";
  if (typeof c.v === "number") return "Double";
  if (typeof c.v === "boolean") return "Boolean";
  return "String";
}

function jsonSize(v: unknown): number {
  return JSON.stringify(v ?? null).length;
}

/** Mimics Excel's reading of a typed-in constant: quote prefix, numbers, formulas. */
function parseInput(sheet: FakeSheet, r: number, c: number, raw: unknown, asFormula: boolean): void {
  const key = r * K + c;
  const prev = sheet.cells.get(key) ?? {};
  const next: FakeCell = { ...prev };
  delete next.f;
  delete next.error;
  delete next.quoted;
  if (raw === "" ) {
    delete next.v;
  } else if (typeof raw === "string" && raw.startsWith("'")) {
    next.v = raw.slice(1);
    next.quoted = true;
  } else if (typeof raw === "string" && /^[=+-]/.test(raw) && raw.length > 1 && !/^[-+]?\d+(\.\d+)?$/.test(raw)) {
    // Excel reads it as a formula (through values as well as formulas: the injection risk).
    next.f = raw.startsWith("=") ? raw : `=${raw}`;
    next.v = null; // the fake does not calculate
  } else if (typeof raw === "string" && raw.startsWith("#") && /^#(N\/A|REF!|DIV\/0!|VALUE!|NAME\?|NUM!|NULL!)$/.test(raw)) {
    next.v = raw;
    next.error = true;
  } else if (typeof raw === "string" && prev.fmt === "@") {
    next.v = raw; // a text-formatted cell keeps what is typed as text
  } else if (typeof raw === "string" && /^[-+]?\d+(\.\d+)?$/.test(raw.trim())) {
    next.v = Number(raw);
  } else {
    next.v = raw as Scalar;
  }
  void asFormula;
  if (Object.keys(next).length === 0) sheet.cells.delete(key);
  else sheet.cells.set(key, next);
}

let wholeSheetWarned = false;

export class FakeContext {
  private queue: Command[] = [];
  private tracked: OfficeMockObject[] = [];
  readonly workbook: Record<string, unknown>;
  readonly application: Record<string, unknown>;

  constructor(readonly wb: FakeWorkbook) {
    this.workbook = {
      worksheets: this.worksheetCollection(),
      settings: this.settingsCollection(),
      notes: this.notesCollection(),
      comments: this.commentsCollection(),
    };
    this.application = {
      suspendApiCalculationUntilNextSync: () => void this.wb.calcSuspended++,
      suspendScreenUpdatingUntilNextSync: () => void this.wb.screenSuspended++,
    };
  }

  push(cmd: Command): void {
    this.queue.push(cmd);
  }

  track<T extends OfficeMockObject>(m: T): T {
    this.tracked.push(m);
    return m;
  }

  async sync(): Promise<void> {
    this.wb.syncCount++;
    const batch = this.queue;
    this.queue = [];
    const bytes = batch.reduce((n, c) => n + c.bytes, 0) + 64;
    this.wb.requests.push({ bytes, commands: batch.length });
    const fail = this.wb.failSyncs.shift();
    if (fail) throw fail;
    if (bytes > this.wb.payloadLimit) throw officeError("RequestPayloadSizeLimitExceeded", "The request payload size has exceeded the limit.");
    for (const cmd of batch) {
      if (cmd.write && cmd.sheet?.protected) throw officeError("AccessDenied", `The cell or chart you're trying to change is on a protected sheet (${cmd.sheet.name}).`);
      cmd.run();
    }
    for (const m of this.tracked) await m.sync();
    for (let i = 0; i < 12; i++) await Promise.resolve();
  }

  // -------------------------------------------------------------------------------------------

  clientResult<T>(value: T): OfficeMockObject & { value: T } {
    const r = new OfficeMockObject({ value: value as unknown as object }) as OfficeMockObject & { value: T };
    // A ClientResult needs no load: its value arrives with the next sync.
    if (Array.isArray(value)) {
      // populate() keeps arrays as plain values; mark it loaded.
    }
    r.load("value");
    return this.track(r);
  }

  /** A property that the adapter writes: recorded as a command in call order. */
  private writable(obj: object, prop: string, onWrite: (v: unknown) => Command, original?: unknown): void {
    let field: unknown = (obj as Record<string, unknown>)[prop];
    Object.defineProperty(obj, prop, {
      configurable: true,
      enumerable: true,
      get: () => field,
      set: (v: unknown) => {
        const internal = v === original || (typeof v === "string" && v.startsWith("Error, "));
        field = v;
        if (!internal) this.push(onWrite(v));
      },
    });
  }

  range(sheet: FakeSheet, area: Area): Record<string, unknown> & OfficeMockObject {
    const rows = area.r2 - area.r1 + 1;
    const cols = area.c2 - area.c1 + 1;
    const small = rows * cols <= 2_000_000;
    if (!small && !wholeSheetWarned) wholeSheetWarned = true;
    const values: unknown[][] = [];
    const formulas: unknown[][] = [];
    const formats: unknown[][] = [];
    const types: unknown[][] = [];
    if (small) {
      for (let i = 0; i < rows; i++) {
        const vr: unknown[] = [];
        const fr: unknown[] = [];
        const nr: unknown[] = [];
        const tr: unknown[] = [];
        for (let j = 0; j < cols; j++) {
          const c = sheet.get(area.r1 + i, area.c1 + j);
          const v = c?.v ?? "";
          vr.push(v);
          fr.push(c?.f ?? v);
          nr.push(c?.fmt ?? "General");
          tr.push(valueType(c));
        }
        values.push(vr);
        formulas.push(fr);
        formats.push(nr);
        types.push(tr);
      }
    }
    const address = `${sheet.name.includes(" ") ? `'${sheet.name}'` : sheet.name}!${a1(area.r1, area.c1)}${rows * cols > 1 ? ":" + a1(area.r2, area.c2) : ""}`;
    // Like Excel: the width of all columns of the range, null when they differ.
    let columnWidth: number | null = sheet.colWidths.get(area.c1) ?? STANDARD_WIDTH;
    for (let c = area.c1 + 1; c <= Math.min(area.c2, area.c1 + 500); c++) if ((sheet.colWidths.get(c) ?? STANDARD_WIDTH) !== columnWidth) columnWidth = null;
    const cmd = (bytes: number, run: () => void, kind: string): Command => ({
      bytes: bytes + 80,
      sheet,
      write: true,
      run: () => {
        this.wb.log.push([kind, sheet.name, address]);
        run();
      },
    });
    const m = new OfficeMockObject({
      address,
      rowIndex: area.r1,
      columnIndex: area.c1,
      rowCount: rows,
      columnCount: cols,
      values,
      formulas,
      numberFormat: formats,
      valueTypes: types,
      format: {
        fill: {
          clear: () =>
            this.push(
              cmd(0, () => {
                this.each(sheet, area, (cell) => delete cell.fill);
                for (const [key, cell] of [...sheet.cells]) if (Object.keys(cell).length === 0) sheet.cells.delete(key);
              }, "fill.clear"),
            ),
        },
        font: {},
        // (office-addin-mock cannot hold a null property: a mixed-width range leaves it out)
        ...(columnWidth === null ? {} : { columnWidth }),
      },
    }) as OfficeMockObject & Record<string, unknown>;
    (m as Record<string, unknown>).isNullObject = false;
    const matrixWriter = (prop: "values" | "formulas" | "numberFormat") => (v: unknown) => {
      const mx = v as unknown[][];
      if (!Array.isArray(mx) || mx.length !== rows || mx.some((row) => !Array.isArray(row) || row.length !== cols)) {
        throw new Error(`fake Excel: ${prop} matrix does not match ${address} (${rows}x${cols})`);
      }
      return cmd(jsonSize(mx), () => {
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) {
            const x = mx[i][j];
            if (x === null || x === undefined) continue;
            const r = area.r1 + i;
            const c = area.c1 + j;
            if (prop === "numberFormat") {
              const cell = sheet.get(r, c) ?? {};
              if (x === "General" || x === "") delete cell.fmt;
              else cell.fmt = String(x);
              if (Object.keys(cell).length) sheet.cells.set(r * K + c, cell);
              else sheet.cells.delete(r * K + c);
            } else parseInput(sheet, r, c, x, prop === "formulas");
          }
        }
      }, prop);
    };
    this.writable(m, "values", matrixWriter("values"), values);
    this.writable(m, "formulas", matrixWriter("formulas"), formulas);
    this.writable(m, "numberFormat", matrixWriter("numberFormat"), formats);
    this.writable(m, "hyperlink", (v) =>
      cmd(jsonSize(v), () => {
        const link = v as { documentReference?: string; textToDisplay?: string };
        sheet.links.set(area.r1 * K + area.c1, link);
        if (link.textToDisplay !== undefined) parseInput(sheet, area.r1, area.c1, link.textToDisplay, false);
      }, "hyperlink"),
    );
    const format = m.format as Record<string, unknown>;
    this.writable(
      format,
      "columnWidth",
      (v) =>
        cmd(8, () => {
          // The state is the width only: a column set back to the standard width is like one never sized.
          for (let c = area.c1; c <= area.c2; c++) {
            if (Number(v) === STANDARD_WIDTH) sheet.colWidths.delete(c);
            else sheet.colWidths.set(c, Number(v));
          }
        }, "columnWidth"),
      columnWidth,
    );
    m.getCellProperties = () => {
      const out = [];
      for (let i = 0; i < rows; i++) {
        const row = [];
        for (let j = 0; j < cols; j++) {
          const c = sheet.get(area.r1 + i, area.c1 + j);
          row.push({
            format: {
              font: { bold: c?.bold === true, italic: c?.italic === true, color: c?.color ?? "#000000" },
              fill: { color: c?.fill ?? "#FFFFFF", pattern: c?.fill ? "Solid" : "None" },
              indentLevel: c?.indent ?? 0,
            },
          });
        }
        out.push(row);
      }
      return this.clientResult(out);
    };
    m.getRowProperties = () => {
      const out = [];
      for (let i = 0; i < rows; i++) out.push({ rowIndex: area.r1 + i, rowHidden: sheet.hiddenRows.has(area.r1 + i) });
      return this.clientResult(out);
    };
    m.getColumnProperties = () => {
      const out = [];
      for (let j = 0; j < cols; j++) out.push({ columnIndex: area.c1 + j, columnHidden: sheet.hiddenCols.has(area.c1 + j) });
      return this.clientResult(out);
    };
    m.getMergedAreasOrNullObject = () => {
      const inside = sheet.merges.filter((g) => g.r1 >= area.r1 && g.r1 <= area.r2 && g.c1 >= area.c1 && g.c1 <= area.c2);
      const r = this.track(
        new OfficeMockObject({ address: inside.map((g) => `${sheet.name}!${a1(g.r1, g.c1)}:${a1(g.r2, g.c2)}`).join(", ") }),
      ) as OfficeMockObject & Record<string, unknown>;
      r.isNullObject = inside.length === 0;
      return r;
    };
    m.setCellProperties = (matrix: unknown) => {
      const mx = matrix as { format?: Record<string, unknown> }[][];
      if (mx.length !== rows || mx.some((row) => row.length !== cols)) throw new Error(`fake Excel: setCellProperties shape does not match ${address}`);
      this.push(
        cmd(jsonSize(mx), () => {
          for (let i = 0; i < rows; i++) {
            for (let j = 0; j < cols; j++) {
              const f = mx[i][j]?.format as
                | { fill?: { color?: string }; font?: { bold?: boolean; italic?: boolean; color?: string }; wrapText?: boolean; horizontalAlignment?: string }
                | undefined;
              if (!f) continue;
              const key = (area.r1 + i) * K + area.c1 + j;
              const cell = sheet.cells.get(key) ?? {};
              if (f.fill?.color) cell.fill = f.fill.color.toUpperCase();
              if (f.font?.bold !== undefined) cell.bold = f.font.bold || undefined;
              if (f.font?.italic !== undefined) cell.italic = f.font.italic || undefined;
              if (f.font?.color !== undefined) cell.color = f.font.color === "#000000" ? undefined : f.font.color;
              if (f.wrapText !== undefined) cell.wrap = f.wrapText;
              if (f.horizontalAlignment !== undefined) cell.hAlign = f.horizontalAlignment;
              for (const k of Object.keys(cell) as (keyof FakeCell)[]) if (cell[k] === undefined) delete cell[k];
              if (Object.keys(cell).length) sheet.cells.set(key, cell);
              else sheet.cells.delete(key);
            }
          }
        }, "setCellProperties"),
      );
    };
    // Like Excel: merging replaces the merged areas it overlaps; unmerging dissolves every merged area it touches.
    const overlaps = (g: Area) => g.r1 <= area.r2 && g.r2 >= area.r1 && g.c1 <= area.c2 && g.c2 >= area.c1;
    m.merge = () =>
      this.push(
        cmd(0, () => {
          sheet.merges = sheet.merges.filter((g) => !overlaps(g));
          sheet.merges.push({ ...area });
        }, "merge"),
      );
    m.unmerge = () => this.push(cmd(0, () => (sheet.merges = sheet.merges.filter((g) => !overlaps(g))), "unmerge"));
    m.clear = () =>
      this.push(
        cmd(0, () => {
          for (const key of [...sheet.cells.keys()]) {
            const r = Math.floor(key / K);
            const c = key % K;
            if (r >= area.r1 && r <= area.r2 && c >= area.c1 && c <= area.c2) sheet.cells.delete(key);
          }
          for (const key of [...sheet.links.keys()]) {
            const r = Math.floor(key / K);
            const c = key % K;
            if (r >= area.r1 && r <= area.r2 && c >= area.c1 && c <= area.c2) sheet.links.delete(key);
          }
        }, "clear"),
      );
    m.select = () =>
      this.push({ bytes: 40, write: false, run: () => (this.wb.selection = { sheet: sheet.name, address: address.split("!")[1] }) });
    return this.track(m);
  }

  private each(sheet: FakeSheet, area: Area, fn: (cell: FakeCell) => void): void {
    for (const [key, cell] of sheet.cells) {
      const r = Math.floor(key / K);
      const c = key % K;
      if (r >= area.r1 && r <= area.r2 && c >= area.c1 && c <= area.c2) fn(cell);
    }
  }

  nullObject(props: Record<string, unknown> = {}): Record<string, unknown> {
    const m = this.track(new OfficeMockObject(props as object)) as OfficeMockObject & Record<string, unknown>;
    m.isNullObject = true;
    m.delete = () => undefined;
    return m;
  }

  worksheet(sheet: FakeSheet): Record<string, unknown> {
    const m = new OfficeMockObject({
      name: sheet.name,
      protection: { protected: sheet.protected },
      freezePanes: {
        // Excel keeps one frozen pane: freezing rows or columns replaces it.
        freezeRows: (n: number) => this.push({ bytes: 40, sheet, write: true, run: () => ((sheet.frozenRows = n), (sheet.frozenCols = 0)) }),
        freezeColumns: (n: number) => this.push({ bytes: 40, sheet, write: true, run: () => ((sheet.frozenRows = 0), (sheet.frozenCols = n)) }),
        freezeAt: (range: Record<string, unknown>) => {
          const props = (range as unknown as { _properties: Map<string, { _valueBeforeLoaded: unknown }> })._properties;
          const r = Number(props.get("rowIndex")?._valueBeforeLoaded) + Number(props.get("rowCount")?._valueBeforeLoaded);
          const c = Number(props.get("columnIndex")?._valueBeforeLoaded) + Number(props.get("columnCount")?._valueBeforeLoaded);
          this.push({ bytes: 60, sheet, write: true, run: () => ((sheet.frozenRows = r >= MAX_ROWS ? 0 : r), (sheet.frozenCols = c >= MAX_COLS ? 0 : c)) });
        },
        unfreeze: () => this.push({ bytes: 40, sheet, write: true, run: () => ((sheet.frozenRows = 0), (sheet.frozenCols = 0)) }),
        getLocationOrNullObject: () => {
          const rows = sheet.frozenRows;
          const cols = sheet.frozenCols;
          if (!rows && !cols) return this.nullObject({ rowIndex: 0, columnIndex: 0, rowCount: 0, columnCount: 0 });
          return this.range(sheet, { r1: 0, c1: 0, r2: (rows || MAX_ROWS) - 1, c2: (cols || MAX_COLS) - 1 });
        },
      },
      pageLayout: {},
    }) as OfficeMockObject & Record<string, unknown>;
    m.isNullObject = false;
    this.writable(m.pageLayout as object, "orientation", (v) => ({ bytes: 40, sheet, write: true, run: () => (sheet.orientation = String(v)) }));
    m.getUsedRangeOrNullObject = (valuesOnly?: boolean) => {
      const used = sheet.usedArea(valuesOnly === true);
      if (!used) {
        return this.nullObject({ address: "", rowIndex: 0, columnIndex: 0, rowCount: 0, columnCount: 0, values: [], formulas: [], numberFormat: [], valueTypes: [] });
      }
      return this.range(sheet, used);
    };
    m.getRange = (address?: string) => {
      if (address === undefined) return this.range(sheet, { r1: 0, c1: 0, r2: MAX_ROWS - 1, c2: MAX_COLS - 1 });
      const area = parseAreaA1(address.replace(/\$/g, ""));
      if (!area) throw officeError("InvalidArgument", `bad address ${address}`);
      return this.range(sheet, area);
    };
    m.getRangeByIndexes = (r: number, c: number, rows: number, cols: number) => this.range(sheet, { r1: r, c1: c, r2: r + rows - 1, c2: c + cols - 1 });
    m.activate = () => this.push({ bytes: 40, write: false, run: () => (this.wb.activeIndex = this.wb.sheets.indexOf(sheet)) });
    m.delete = () =>
      this.push({
        bytes: 40,
        write: true,
        run: () => {
          this.wb.sheets = this.wb.sheets.filter((s) => s !== sheet);
          for (const key of [...this.wb.notes.keys()]) if (key.startsWith(`${sheet.name}!`)) this.wb.notes.delete(key);
          this.wb.log.push(["deleteSheet", sheet.name, ""]);
        },
      });
    const charts: Record<string, unknown> = {
      items: "Error, property was not loaded",
      load: () => {
        this.push({ bytes: 20, write: false, run: () => (charts.items = sheet.charts.map((ch) => chartProxy(ch))) });
        return charts;
      },
      add: (type: string, range: { address: string }, seriesBy: string) => {
        const ch: FakeChart = { type, source: String((range as Record<string, unknown>).address ?? ""), seriesBy, title: {} };
        // the source address is known at creation in the fake (populated property)
        const src = (range as unknown as { _properties: Map<string, { _valueBeforeLoaded: unknown }> })._properties?.get("address")?._valueBeforeLoaded;
        if (typeof src === "string") ch.source = src;
        this.push({ bytes: 80, sheet, write: true, run: () => sheet.charts.push(ch) });
        return chartProxy(ch);
      },
    };
    const chartProxy = (ch: FakeChart) => ({
      title: ch.title,
      setPosition: (start: string) => (ch.position = start),
      delete: () => this.push({ bytes: 20, sheet, write: true, run: () => (sheet.charts = sheet.charts.filter((x) => x !== ch)) }),
    });
    m.charts = charts;
    return this.track(m);
  }

  private worksheetCollection(): Record<string, unknown> {
    const col: Record<string, unknown> = {
      items: "Error, property was not loaded",
      getActiveWorksheet: () => this.worksheet(this.wb.sheets[this.wb.activeIndex]),
      getItem: (name: string) => {
        const s = this.wb.find(name);
        if (!s) throw officeError("ItemNotFound", `The requested resource doesn't exist (${name}).`);
        return this.worksheet(s);
      },
      getItemOrNullObject: (name: string) => {
        const s = this.wb.find(name);
        return s ? this.worksheet(s) : this.nullObject({ name: "" });
      },
      add: (name: string) => {
        if (this.wb.find(name)) throw officeError("ItemAlreadyExists", name);
        const s = new FakeSheet(name);
        this.push({ bytes: 40 + name.length, write: false, run: () => void this.wb.sheets.push(s) });
        return this.worksheet(s);
      },
      load: (what: string) => {
        const items = this.wb.sheets.map((s) => this.worksheet(s));
        for (const it of items) (it as unknown as OfficeMockObject).load(what.replace(/^items\//, ""));
        this.push({ bytes: 20, write: false, run: () => (col.items = items) });
        return col;
      },
    };
    return col;
  }

  private settingsCollection(): Record<string, unknown> {
    return {
      add: (key: string, value: unknown) =>
        this.push({ bytes: key.length + jsonSize(value) + 40, write: false, run: () => void this.wb.settings.set(key, value as string) }),
      getItemOrNullObject: (key: string) => {
        const has = this.wb.settings.has(key);
        const m = this.track(new OfficeMockObject({ key, value: has ? (this.wb.settings.get(key) as string) : "" })) as OfficeMockObject &
          Record<string, unknown>;
        m.isNullObject = !has;
        m.delete = () => this.push({ bytes: 40 + key.length, write: false, run: () => void this.wb.settings.delete(key) });
        return m;
      },
    };
  }

  private noteKey(address: string): string {
    const i = address.lastIndexOf("!");
    let sheet = address.slice(0, i);
    if (sheet.startsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
    return `${sheet}!${address.slice(i + 1).replace(/\$/g, "")}`;
  }

  private addNote(address: string, content: string): void {
    const key = this.noteKey(address);
    const sheet = this.wb.find(key.split("!")[0]);
    this.push({
      bytes: content.length + 60,
      sheet,
      write: true,
      run: () => {
        if (this.wb.notes.has(key)) throw officeError("InvalidArgument", `The cell ${key} already has a note.`);
        this.wb.notes.set(key, content);
      },
    });
  }

  private notesCollection(): Record<string, unknown> {
    return {
      add: (address: string, content: string) => {
        if (this.wb.apiMinor < 18) throw officeError("ApiNotFound", "notes");
        this.addNote(address, content);
      },
      getItemOrNullObject: (address: string) => {
        if (this.wb.apiMinor < 18) throw officeError("ApiNotFound", "notes");
        const key = this.noteKey(address);
        const has = this.wb.notes.has(key);
        const m = this.track(new OfficeMockObject({ content: has ? this.wb.notes.get(key)! : "" })) as OfficeMockObject & Record<string, unknown>;
        m.isNullObject = !has;
        m.delete = () => this.push({ bytes: 40, write: false, run: () => void this.wb.notes.delete(key) });
        return m;
      },
    };
  }

  private commentsCollection(): Record<string, unknown> {
    const col: Record<string, unknown> = {
      items: "Error, property was not loaded",
      add: (address: string, content: string) => this.addNote(address, content),
      load: () => {
        const items = [...this.wb.notes.entries()].map(([key, content]) => {
          const m = this.track(new OfficeMockObject({ content })) as OfficeMockObject & Record<string, unknown>;
          m.load("content");
          m.getLocation = () => {
            const [sheet, cell] = key.split("!");
            const loc = this.track(new OfficeMockObject({ address: `${sheet.includes(" ") ? `'${sheet}'` : sheet}!${cell}` }));
            return loc;
          };
          m.delete = () => this.push({ bytes: 40, write: false, run: () => void this.wb.notes.delete(key) });
          return m;
        });
        this.push({ bytes: 20, write: false, run: () => (col.items = items) });
        return col;
      },
    };
    return col;
  }
}

/** A sheet with `rows` data rows of `cols` numeric columns under a header row. */
export function numericSheet(wb: FakeWorkbook, name: string, rows: number, cols: number): FakeSheet {
  const s = wb.addSheet(name);
  for (let c = 0; c < cols; c++) s.set([0, c], { v: `H${c}`, bold: true });
  for (let r = 1; r <= rows; r++) for (let c = 0; c < cols; c++) s.set([r, c], { v: r * 10 + c });
  return s;
}
