/**
 * Data rows: levels (program / kegiatan / sub kegiatan ...), parents, polarity and aggregation.
 *
 * Levels come from the strongest evidence available: footer words, leading words ("Program",
 * "Kegiatan", "Sub Kegiatan"), upper-case "PROGRAM …", Kode segments, the Sasaran/Tujuan column;
 * for the remaining rows from column indentation, numbering (I, 1.1, 1.1.1, a), indentation, bold,
 * upper case, and, when none of these exist, from the sums themselves. This module assembles the
 * passes: per-row facts (rowInfo.ts), implicit levels (implicit.ts), code / formula parents and
 * arbitration (hierarchy.ts), polarity and aggregation (polarity.ts).
 */
import type { Grid } from "../grid";
import type { ColumnModel, RowModel } from "../model";
import { NUMERIC_ROLES } from "../model";
import { formulaLinks, RowIndex } from "./structure";
import { applyCodes, applyFormulas, arbitrate, implicitEvidence } from "./hierarchy";
import { assignImplicit } from "./implicit";
import { TextVerdicts, refineAggregation } from "./polarity";
import { addEvidence, isCaptionRow, pickAmountColumn, readRowInfo, type Details, type Info } from "./rowInfo";
import { cellText, numOf } from "./text";

const NUMERIC_K_ROLES = /^(target|realisasi|capaian)/;

export interface RowInput {
  grid: Grid;
  columns: ColumnModel[];
  rows: number[];
  /** The rows with a formula in any column, when the caller has them (a shortcut, same result). */
  formulaRows?: { has(r: number): boolean };
}

/**
 * One row of each shape ever built (at most 512), kept for the life of the process: V8 drops an
 * object shape in a full garbage collection once no object has it, and the next run's rows would
 * meet new shapes and deoptimize every loop over rows (here and in the later stages).
 */
const ROW_SHAPES: RowModel[] = [];

export function buildRows({ grid, columns, rows: allRows, formulaRows }: RowInput): RowModel[] {
  const numericCols = columns.filter((c) => NUMERIC_ROLES.has(c.role)).map((c) => c.col);
  const allCols = columns.map((c) => c.col);
  const rows = allRows.filter((r) => !isCaptionRow(grid, r, allCols, numericCols));
  const byRole = (role: string) => columns.filter((c) => c.role === role).map((c) => c.col);
  const uraianCols = byRole("uraian");
  const sasaranCols = byRole("sasaran");
  const tujuanCols = byRole("tujuan");
  const indikatorCols = byRole("indikator");
  const kodeCols = byRole("kode");
  const noCols = byRole("no");
  const satuanCols = columns.filter((c) => c.role === "satuan");
  const amountCol = pickAmountColumn(grid, columns, rows);
  const rpCols = columns
    .filter((c) => (c.measure === "rp" && !c.percent) || c.role === "pagu" || c.role === "realisasi_anggaran")
    .map((c) => c.col);
  const kCols = columns
    .filter((c) => NUMERIC_K_ROLES.test(c.role) && c.measure !== "rp" && c.role !== "satuan")
    .map((c) => c.col);
  const unitCols = columns.filter((c) => c.role === "satuan").map((c) => c.col);
  const uraianMentionsGoal = columns.some((c) => c.role === "uraian" && /sasaran|tujuan/i.test(c.header));
  const hasNameCols = uraianCols.length + sasaranCols.length + tujuanCols.length > 0;
  const fisikProgress =
    indikatorCols.length === 0 && columns.some((c) => /^(target|realisasi|capaian)$/.test(c.role) && /\bfisik\b/i.test(c.header));

  /** Reads the row's budget and K fill pattern once, when a rule needs it. */
  const details = (i: Info): Details => {
    if (i.hasRp === undefined) {
      const r = i.row;
      let hasRp = false;
      for (let k = 0; k < rpCols.length && !hasRp; k++) hasRp = numOf(grid.value(r, rpCols[k])) !== undefined;
      i.hasRp = hasRp;
      const filledK: number[] = [];
      for (let k = 0; k < kCols.length; k++) if (numOf(grid.value(r, kCols[k])) !== undefined) filledK.push(kCols[k]);
      i.filledK = filledK;
      // The first unit column's text that is not empty (every unit column is read, as before).
      let unit: string | undefined;
      for (let k = 0; k < unitCols.length; k++) {
        const t = cellText(grid.value(r, unitCols[k])).toLowerCase();
        if (unit === undefined && t) unit = t;
      }
      i.unit = unit;
    }
    return i as Details;
  };
  const infos: Info[] = [];
  const ctx = { grid, columns, uraianCols, sasaranCols, tujuanCols, indikatorCols, kodeCols, noCols, satuanCols, amountCol, uraianMentionsGoal, details };
  for (let ix1 = 0; ix1 < rows.length; ix1++) {
    const r = rows[ix1];
    infos.push(readRowInfo(ctx, r));
  }

  // A "Tujuan/Sasaran" column mixing numbered and unnumbered rows: the numbered rows are tujuan,
  // the unnumbered ones their sasaran (an unnumbered row written as an indicator, "Persentase …",
  // is a further tujuan).
  const sasCol = columns.find((c) => c.role === "sasaran");
  if (sasCol && /tujuan/i.test(sasCol.header) && /sasaran/i.test(sasCol.header)) {
    const named = infos.filter((i) => i.nameRole === "sasaran");
    const numbered = named.filter((i) => i.noNumbered);
    if (numbered.length > 0 && numbered.length < named.length) {
      for (const i of named) {
        const asTujuan = i.noNumbered || /^(persentase|prosentase|presentase|nilai|jumlah|indeks|rasio|angka|tingkat)\b/i.test(i.label);
        i.level = asTujuan ? "tujuan" : "sasaran";
        addEvidence(i, asTujuan ? "Tujuan/Sasaran column: numbered or indicator-like" : "Tujuan/Sasaran column: unnumbered");
      }
    }
  }

  // Tables without name columns (an IKU list: No | Indikator | Target ...): every row is an indicator.
  if (!hasNameCols) {
    for (let ix2 = 0; ix2 < infos.length; ix2++) {
      const i = infos[ix2];
      if (!i.level) {
        i.level = "indikator";
        i.explicit = true;
        addEvidence(i, "no name column");
      }
    }
  }

  // The workbook's own SUM formulas: which rows each row adds up.
  const links = formulaLinks(grid, columns, rows, formulaRows);
  const idxOf = new RowIndex(infos.map((i) => i.row));
  for (let ix3 = 0; ix3 < infos.length; ix3++) {
    const i = infos[ix3];
    const kids = links.children.get(i.row);
    if (kids) i.formulaChildren = kids;
    // A row without any label whose formulas add up two or more rows above it is a total.
    if (!i.explicit && !i.label && !i.code && !i.indicator && kids && kids.length >= 2 && kids.every((k) => k < i.row)) {
      i.level = "total";
      i.explicit = true;
      addEvidence(i, "no label; its SUM formulas add up rows above");
    }
  }

  assignImplicit(infos, details);
  for (let ix4 = 0; ix4 < infos.length; ix4++) {
    const i = infos[ix4];
    if (i.parentIdx !== undefined && !i.hierarchy) i.hierarchy = implicitEvidence(i);
  }
  applyCodes(infos);
  applyFormulas(grid, infos, idxOf, links.minority, columns);
  arbitrate(infos);

  // Parents and depth.
  const out: RowModel[] = [];
  const depthOf: number[] = [];
  const kept = infos.filter((i) => !i.drop);
  const keptIdx: (number | undefined)[] = new Array(infos.length);
  for (let k = 0, j = 0; k < infos.length; k++) if (!infos[k].drop) keptIdx[k] = j++;
  const unitCol = satuanCols.find((c) => c.unitOf !== undefined)?.col ?? satuanCols[0]?.col;
  const verdicts = new TextVerdicts();
  for (let k = 0; k < kept.length; k++) {
    const i = kept[k];
    const p = i.parentIdx !== undefined ? keptIdx[i.parentIdx] : undefined;
    const depth = p !== undefined && p < k ? depthOf[p] + 1 : 0;
    depthOf.push(depth);
    const text = i.indicator || i.label;
    const unit = unitCol !== undefined ? cellText(grid.value(i.row, unitCol)) : undefined;
    const rm: RowModel = {
      row: i.row,
      level: i.level ?? "program",
      label: i.label,
      depth,
      // Physical progress (fisik REN / REAL / CAP) is higher-is-better whatever the activity's name
      // ("Penanganan kebakaran" is not a lower-is-better indicator).
      polarity: fisikProgress ? "positive" : verdicts.polarity(text),
      aggregation: verdicts.aggregation(text, unit),
    };
    // The optional fields are added in this fixed order: which of them a row has (`shape`, one bit
    // each) names its object shape.
    let shape = 0;
    if (i.indicator) {
      rm.indicator = i.indicator;
      shape |= 1;
    }
    if (i.code) {
      rm.code = i.code;
      shape |= 2;
    }
    if (p !== undefined) {
      rm.parent = kept[p].row;
      shape |= 4;
    }
    if (grid.hiddenRows.has(i.row)) {
      rm.hidden = true;
      shape |= 8;
    }
    if (i.evidence.length) {
      rm.evidence = i.evidence;
      shape |= 16;
    }
    if (p !== undefined && i.hierarchy) {
      rm.hierarchy = i.hierarchy;
      shape |= 32;
    }
    if (i.formulaChildren) {
      rm.formulaChildren = i.formulaChildren.filter((r) => idxOf.has(r) && !infos[idxOf.get(r)!].drop);
      shape |= 64;
    }
    if (i.codePath) {
      rm.codePath = i.codePath;
      shape |= 128;
    }
    if (i.account) {
      rm.account = true;
      shape |= 256;
    }
    if (ROW_SHAPES[shape] === undefined) ROW_SHAPES[shape] = rm;
    out.push(rm);
  }
  const rowNumbers = new Int32Array(kept.length);
  for (let k = 0; k < kept.length; k++) rowNumbers[k] = kept[k].row;
  refineAggregation(grid, columns, out, rowNumbers);
  return out;
}
