/**
 * Undo, part 1 — the snapshot: what a before-image holds (types), how it is read from Excel (in
 * pieces sized for the 5 MB response cap, split further when Excel cannot answer), the layout of a
 * regenerated sheet, merged areas read in row bands (the API fails past 512 merged areas), and the
 * fingerprints that tell whether the user edited what Capaian wrote.
 */
import type { Scalar } from "../../core/grid";
import { parseAreaA1 } from "../../core/grid";
import type { Message } from "../../core/model";
import type { Capabilities } from "../api-subset";
import type { NoteApi } from "../notes";
import { splitAreas, stripSheet } from "../blocks";
import { DEFAULT_RESPONSE_BUDGET, ReadPiece, SNAPSHOT_CELL_BYTES, SNAPSHOT_CELL_BYTES_NO_PROPS, readPieces } from "../requests";
import type { Ctx } from "../run";

export const UNDO_FORMAT = "capaian-undo/1";
export const MAX_UNDO = 5;

/**
 * [fill "#RRGGBB" or null for no fill, bold, italic, font colour], followed, when the cell has any,
 * by [wrap, horizontal alignment, vertical alignment, borders "t=Continuous;b=…"] (the looks
 * --add-columns writes). A block read with those (`x: 1`) restores the defaults for a 4-element look.
 */
export type CellLook =
  | [string | null, 0 | 1, 0 | 1, string | null]
  | [string | null, 0 | 1, 0 | 1, string | null, 0 | 1, string, string, string];

export interface SnapshotBlock {
  /** Sheet, top-left (zero-based), size. */
  s: string;
  r: number;
  c: number;
  rows: number;
  cols: number;
  /** Constant values ("" for empty); null where the cell held a formula. */
  v: Scalar[][];
  /** Formulas; null where the cell held a constant. */
  f: (string | null)[][];
  /** Number formats. */
  n: string[][];
  /** Cells whose constant is an error literal (#N/A typed by the user): written back raw. */
  e?: [number, number][];
  /** Fill and font, when the host has cell properties (ExcelApi 1.9). */
  p?: CellLook[][];
  /** 1 when wrap, alignment and borders were read too (absent in older snapshots). */
  x?: 1;
}

export interface SnapshotNote {
  s: string;
  /** A1 address on sheet s. */
  a: string;
  /** Text before the operation, null when the cell had no note. */
  text: string | null;
}

/** A zero-based rectangle on a sheet. */
export interface SnapshotArea {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/**
 * A regenerated sheet's layout before the operation. Every field is optional: snapshots written
 * before layout was kept (same format stamp) have none, and their undo restores content only.
 */
export interface SheetLayout {
  /** Merged areas; absent when the host has no getMergedAreasOrNullObject (ExcelApi 1.13). */
  merges?: SnapshotArea[];
  /** Column widths in points of columns 0 .. w.length-1 (the used columns and those the plan sizes). */
  widths?: number[];
  /** The frozen top-left pane (rowIndex, columnIndex, rowCount, columnCount), null when nothing was frozen. */
  freeze?: [number, number, number, number] | null;
}

export interface SnapshotSheet {
  name: string;
  existed: boolean;
  /** The generated sheet's used range before it was regenerated. */
  block?: SnapshotBlock;
  /** Its merges, column widths and frozen panes before it was regenerated. */
  layout?: SheetLayout;
}

export interface Snapshot {
  format: typeof UNDO_FORMAT;
  id: string;
  label: Message;
  time: string;
  /** "note" (ExcelApi 1.18) or "comment" (1.10): which API held the notes. */
  noteApi: NoteApi;
  blocks: SnapshotBlock[];
  /** Areas the operation merged (unmerged again on undo). */
  merged?: ({ s: string } & SnapshotArea)[];
  /**
   * Merged areas that existed before the operation and overlap an area it merged (merged again on
   * undo, after the unmerge). Absent in older snapshots and on hosts without ExcelApi 1.13.
   */
  premerged?: ({ s: string } & SnapshotArea)[];
  notes: SnapshotNote[];
  sheets: SnapshotSheet[];
}

/** What the task pane shows about an undoable operation. */
export interface UndoEntry {
  format: typeof UNDO_FORMAT;
  id: string;
  label: Message;
  time: string;
  /** Pieces of the stored snapshot (custom XML parts; settings keys in snapshots of earlier versions). */
  chunks: number;
  /** Ids of the custom XML parts holding the snapshot; absent: settings keys (earlier versions). */
  parts?: string[];
  /** Id of the custom XML part holding `check` (kept out of the settings, which stay small). */
  checkPart?: string;
  /** Cells in existing sheets that will be restored. */
  cells: number;
  notes: number;
  sheetsCreated: string[];
  sheetsRegenerated: string[];
  sheetsTouched: string[];
  /**
   * Fingerprints of what the operation left in Excel (read back after writing): the formulas of every
   * touched rectangle and of every generated sheet's used range. Undo compares them with the
   * workbook's current content so it never silently overwrites edits made after the operation.
   */
  check?: FingerprintSet;
}

export interface FingerprintSet {
  /** "sheet\tr\tc\trows\tcols" rectangles, or "sheet\t*" for a generated sheet's used range. */
  areas: string[];
  hashes: string[];
}


// ---------------------------------------------------------------------------------------------
// Fingerprints

/** FNV-1a (32 bit) of the JSON of a formulas matrix, as hex. */
export function hashMatrix(m: unknown): string {
  const s = JSON.stringify(m ?? null);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * Reads the fingerprints of `areas` (one sync per ~cellBudget cells of rectangles; generated sheets'
 * used ranges ride along with the first request). Missing sheets fingerprint as "missing".
 */
export async function readFingerprints(context: Ctx, areas: string[], sheetOf: (name: string) => Excel.Worksheet | undefined, budget = DEFAULT_RESPONSE_BUDGET): Promise<string[]> {
  const out: string[] = new Array(areas.length).fill("missing");
  // A generated sheet's used range: its formulas, in one piece (generated sheets are small).
  const pieces: ReadPiece<void>[] = [];
  areas.forEach((area, i) => {
    const parts = area.split("\t");
    const ws = sheetOf(parts[0]);
    if (!ws) return;
    if (parts[1] === "*") {
      pieces.push({
        bytes: 50_000,
        queue: () => {
          const used = ws.getUsedRangeOrNullObject(false);
          used.load("formulas");
          return () => void (out[i] = used.isNullObject ? "empty" : hashMatrix(used.formulas));
        },
      });
    } else {
      // a rectangle's hash is the hash of its rows' hashes, so it can be read in row bands
      const r = Number(parts[1]);
      const c = Number(parts[2]);
      const rows = Number(parts[3]);
      const cols = Number(parts[4]);
      const bands: (string | undefined)[] = [];
      let pending = 0;
      const band = (r0: number, n: number, slot: number): ReadPiece<void> => ({
        bytes: n * cols * 24 + 200,
        queue: () => {
          const range = ws.getRangeByIndexes(r + r0, c, n, cols);
          range.load("formulas");
          return () => {
            bands[slot] = (range.formulas as unknown[][]).map((row) => hashMatrix(row)).join("");
            if (--pending === 0) out[i] = hashMatrix(bands.join(""));
          };
        },
        split:
          n > 1
            ? () => {
                // replace this band's slot by two sub-slots kept in order
                const half = Math.floor(n / 2);
                const sub: string[] = [];
                let left = 2;
                pending += 1;
                const part = (o: number, m: number, k: number): ReadPiece<void> => ({
                  bytes: m * cols * 24 + 200,
                  queue: () => {
                    const range = ws.getRangeByIndexes(r + r0 + o, c, m, cols);
                    range.load("formulas");
                    return () => {
                      sub[k] = (range.formulas as unknown[][]).map((row) => hashMatrix(row)).join("");
                      if (--left === 0) bands[slot] = sub.join("");
                      if (--pending === 0) out[i] = hashMatrix(bands.join(""));
                    };
                  },
                });
                return [part(0, half, 0), part(half, n - half, 1)];
              }
            : undefined,
      });
      const per = Math.max(1, Math.floor(budget / 2 / Math.max(1, cols * 24)));
      for (let r0 = 0, slot = 0; r0 < rows; r0 += per, slot++) {
        pending++;
        pieces.push(band(r0, Math.min(per, rows - r0), slot));
      }
    }
  });
  await readPieces(context, pieces, budget);
  if (pieces.length === 0) await context.sync();
  return out;
}

export function areaKey(sheet: string, r: number, c: number, rows: number, cols: number): string {
  return [sheet, r, c, rows, cols].join("\t");
}

export function sheetKey(sheet: string): string {
  return `${sheet}\t*`;
}


// ---------------------------------------------------------------------------------------------
// Describing a snapshot

export function describeSnapshot(s: Snapshot, chunks: number): UndoEntry {
  const cells = s.blocks.reduce((n, b) => n + b.rows * b.cols, 0);
  return {
    format: UNDO_FORMAT,
    id: s.id,
    label: s.label,
    time: s.time,
    chunks,
    cells,
    notes: s.notes.length,
    sheetsCreated: s.sheets.filter((x) => !x.existed).map((x) => x.name),
    sheetsRegenerated: s.sheets.filter((x) => x.existed).map((x) => x.name),
    sheetsTouched: [...new Set(s.blocks.map((b) => b.s))],
  };
}


// ---------------------------------------------------------------------------------------------
// Reading a snapshot block from Excel

/** What getCellProperties is asked for a before-image. */
export const LOOK_REQUEST = {
  format: {
    font: { bold: true, italic: true, color: true },
    fill: { color: true, pattern: true },
    wrapText: true,
    horizontalAlignment: true,
    verticalAlignment: true,
    borders: { style: true },
  },
} as const;

/** A rectangle's before-image as a read piece (split in halves when Excel cannot answer it at once). */
export function snapshotPiece(ws: Excel.Worksheet, sheet: string, r: number, c: number, rows: number, cols: number, caps: Capabilities): ReadPiece<SnapshotBlock> {
  return {
    bytes: rows * cols * (caps.cellProperties ? SNAPSHOT_CELL_BYTES : SNAPSHOT_CELL_BYTES_NO_PROPS),
    queue: () => {
      const range = ws.getRangeByIndexes(r, c, rows, cols);
      range.load(["values", "formulas", "numberFormat", "valueTypes"]);
      const props = caps.cellProperties ? range.getCellProperties(LOOK_REQUEST as unknown as Excel.CellPropertiesLoadOptions) : undefined;
      return () => snapshotFromLoaded(sheet, r, c, rows, cols, range.values, range.formulas, range.numberFormat, range.valueTypes, props?.value);
    },
    split: () => {
      if (rows > 1) {
        const h = Math.floor(rows / 2);
        return [snapshotPiece(ws, sheet, r, c, h, cols, caps), snapshotPiece(ws, sheet, r + h, c, rows - h, cols, caps)];
      }
      if (cols > 1) {
        const h = Math.floor(cols / 2);
        return [snapshotPiece(ws, sheet, r, c, 1, h, caps), snapshotPiece(ws, sheet, r, c + h, 1, cols - h, caps)];
      }
      return undefined;
    },
  };
}

/** A rectangle's before-image as pieces of at most `budget` estimated response bytes (row bands). */
export function snapshotPieces(ws: Excel.Worksheet, sheet: string, r: number, c: number, rows: number, cols: number, caps: Capabilities, budget = DEFAULT_RESPONSE_BUDGET): ReadPiece<SnapshotBlock>[] {
  const perCell = caps.cellProperties ? SNAPSHOT_CELL_BYTES : SNAPSHOT_CELL_BYTES_NO_PROPS;
  const band = Math.max(1, Math.floor(budget / Math.max(1, cols * perCell)));
  const out: ReadPiece<SnapshotBlock>[] = [];
  for (let i = 0; i < rows; i += band) out.push(snapshotPiece(ws, sheet, r + i, c, Math.min(band, rows - i), cols, caps));
  return out;
}

const EDGE_KEYS = [
  ["top", "t"],
  ["bottom", "b"],
  ["left", "l"],
  ["right", "r"],
] as const;

/** A cell's look from its cell properties. */
export function lookOf(cp: Excel.CellProperties | undefined, extended: boolean): CellLook {
  const pattern = cp?.format?.fill?.pattern;
  const color = cp?.format?.fill?.color;
  const fill = pattern === "None" || typeof color !== "string" || (pattern === undefined && color.toUpperCase() === "#FFFFFF") ? null : color;
  const base: CellLook = [fill, cp?.format?.font?.bold ? 1 : 0, cp?.format?.font?.italic ? 1 : 0, cp?.format?.font?.color ?? null];
  if (!extended) return base;
  const f = cp?.format;
  const wrap = f?.wrapText === true ? 1 : 0;
  const h = typeof f?.horizontalAlignment === "string" ? f.horizontalAlignment : "General";
  const v = typeof f?.verticalAlignment === "string" ? f.verticalAlignment : "Bottom";
  const borders = EDGE_KEYS.map(([edge, k]) => {
    const style = (f?.borders as Record<string, { style?: string } | undefined> | undefined)?.[edge]?.style;
    return style && style !== "None" ? `${k}=${style}` : "";
  })
    .filter(Boolean)
    .join(";");
  if (!wrap && h === "General" && v === "Bottom" && !borders) return base;
  return [base[0], base[1], base[2], base[3], wrap, h, v, borders];
}

/** The cell properties that put a look back (defaults for what it does not say, when `extended`). */
export function propsOfLook(look: CellLook, extended: boolean): Excel.SettableCellProperties {
  const [fill, bold, italic, color] = look;
  const format: Excel.CellPropertiesFormat = { font: { bold: bold === 1, italic: italic === 1 } };
  if (color) format.font!.color = color;
  if (fill) format.fill = { color: fill };
  if (look.length > 4 || extended) {
    const wrap = look.length > 4 ? look[4] : 0;
    const h = look.length > 4 ? look[5] : "General";
    const v = look.length > 4 ? look[6] : "Bottom";
    const b = look.length > 4 ? look[7] : "";
    const styles = new Map((b ?? "").split(";").filter(Boolean).map((x) => x.split("=") as [string, string]));
    format.wrapText = wrap === 1;
    format.horizontalAlignment = h as Excel.HorizontalAlignment;
    format.verticalAlignment = v as Excel.VerticalAlignment;
    const borders: Record<string, { style: string }> = {};
    for (const [edge, k] of EDGE_KEYS) borders[edge] = { style: styles.get(k) ?? "None" };
    format.borders = borders as unknown as Excel.CellBorderCollection;
  }
  return { format } as Excel.SettableCellProperties;
}

export function snapshotFromLoaded(
  sheet: string,
  r: number,
  c: number,
  rows: number,
  cols: number,
  values: unknown[][],
  formulas: unknown[][],
  formats: unknown[][],
  types: unknown[][] | undefined,
  props: Excel.CellProperties[][] | undefined,
): SnapshotBlock {
  const v: Scalar[][] = [];
  const f: (string | null)[][] = [];
  const n: string[][] = [];
  const e: [number, number][] = [];
  const p: CellLook[][] | undefined = props ? [] : undefined;
  for (let i = 0; i < rows; i++) {
    const vr: Scalar[] = [];
    const fr: (string | null)[] = [];
    const nr: string[] = [];
    const pr: CellLook[] = [];
    for (let j = 0; j < cols; j++) {
      const raw = values?.[i]?.[j] as unknown;
      const fo = formulas?.[i]?.[j] as unknown;
      const isFormula = typeof fo === "string" && fo.startsWith("=") && fo !== raw;
      if (isFormula) {
        vr.push(null);
        fr.push(fo as string);
      } else {
        vr.push(raw === undefined || raw === null ? "" : (raw as Scalar));
        fr.push(null);
        if (types?.[i]?.[j] === "Error") e.push([i, j]);
      }
      const fmt = formats?.[i]?.[j];
      nr.push(typeof fmt === "string" ? fmt : "General");
      if (p) pr.push(lookOf(props?.[i]?.[j], true));
    }
    v.push(vr);
    f.push(fr);
    n.push(nr);
    if (p) p.push(pr);
  }
  const block: SnapshotBlock = { s: sheet, r, c, rows, cols, v, f, n };
  if (e.length) block.e = e;
  if (p) {
    block.p = p;
    block.x = 1;
  }
  return block;
}

// ---------------------------------------------------------------------------------------------
// Merged areas (ExcelApi 1.13), in row bands

/** Rows per band when reading merged areas (the API fails past 512 merged areas in a range). */
export const MERGE_BAND_ROWS = 200;

/** Merged areas of a RangeAreas address ("S!A1:B2, S!C3:D3"), single cells left out. */
export function mergedAreasOf(address: unknown): SnapshotArea[] {
  if (typeof address !== "string" || address === "") return [];
  const out: SnapshotArea[] = [];
  for (const part of splitAreas(address)) {
    const a = parseAreaA1(stripSheet(part).replace(/\$/g, ""));
    if (a && (a.r1 !== a.r2 || a.c1 !== a.c2)) out.push({ r1: a.r1, c1: a.c1, r2: a.r2, c2: a.c2 });
  }
  return out;
}

/**
 * Read pieces for the merged areas whose top-left cell lies in rows r1..r2 (all columns): bands of
 * MERGE_BAND_ROWS rows, each halved again when Excel still finds more than 512 merged areas in it.
 */
export function mergeBandPieces(ws: Excel.Worksheet, r1: number, r2: number, bandRows = MERGE_BAND_ROWS): ReadPiece<SnapshotArea[]>[] {
  const piece = (a: number, b: number): ReadPiece<SnapshotArea[]> => ({
    bytes: 2_000,
    queue: () => {
      const areas = ws.getRangeByIndexes(a, 0, b - a + 1, 16384).getMergedAreasOrNullObject();
      areas.load("address");
      return () => (areas.isNullObject ? [] : mergedAreasOf(areas.address));
    },
    split: b > a ? () => [piece(a, a + Math.floor((b - a) / 2)), piece(a + Math.floor((b - a) / 2) + 1, b)] : undefined,
  });
  const out: ReadPiece<SnapshotArea[]>[] = [];
  for (let a = r1; a <= r2; a += bandRows) out.push(piece(a, Math.min(r2, a + bandRows - 1)));
  return out;
}

/** The merged areas with their top-left cell in rows r1..r2 (own syncs: one per ~1,700 bands). */
export async function readMergedAreas(context: Ctx, ws: Excel.Worksheet, r1: number, r2: number): Promise<SnapshotArea[]> {
  if (r2 < r1) return [];
  return (await readPieces(context, mergeBandPieces(ws, r1, r2))).flat();
}

// ---------------------------------------------------------------------------------------------
// A regenerated sheet's layout (merges, column widths, frozen panes)

/** Columns whose width is kept per regenerated sheet (generated sheets are far narrower). */
export const MAX_LAYOUT_COLUMNS = 1000;


export interface PendingLayout {
  /** Queues the column width reads of columns 0 .. count-1 (call after the first sync). */
  queueWidths: (count: number) => void;
  /** The layout; `merges` read apart in row bands (undefined below ExcelApi 1.13). */
  finish: (merges: SnapshotArea[] | undefined) => SheetLayout;
}

/**
 * Queues the layout reads of a sheet that is about to be regenerated: frozen panes now, column
 * widths once the used range is known (queueWidths). No sync of its own: the reads ride with the
 * before-image requests. Merged areas are read in row bands by the caller (mergeBandPieces).
 */
export function queueLayoutSnapshot(ws: Excel.Worksheet): PendingLayout {
  const freeze = ws.freezePanes.getLocationOrNullObject();
  freeze.load(["rowIndex", "columnIndex", "rowCount", "columnCount"]);
  const widths: Excel.RangeFormat[] = [];
  return {
    queueWidths: (count) => {
      widths.length = 0; // queued again when the request it rode with is asked again
      for (let c = 0; c < Math.min(count, MAX_LAYOUT_COLUMNS); c++) {
        const format = ws.getRangeByIndexes(0, c, 1, 1).format;
        format.load("columnWidth");
        widths.push(format);
      }
    },
    finish: (merges) => {
      const layout: SheetLayout = {
        freeze: freeze.isNullObject ? null : [freeze.rowIndex, freeze.columnIndex, freeze.rowCount, freeze.columnCount],
      };
      if (merges) layout.merges = merges;
      if (widths.length) layout.widths = widths.map((f) => f.columnWidth);
      return layout;
    },
  };
}
