/**
 * A row's polarity (lower- or higher-is-better, domain.md §4) and aggregation (flow: quarters add
 * up; stock: the last quarter is the year's value), from the indicator text, its unit and, where
 * the template states the annual K value, from the quarters themselves.
 */
import type { Grid } from "../grid";
import type { Aggregation, ColumnModel, Polarity, RowModel } from "../model";
import { near } from "./rowInfo";
import { numOf } from "./text";
import { keepShape } from "./shapes";

// Patterns used per row or per cell, compiled once (a regex literal in a function body builds a
// new RegExp object each time it runs).
const PERCENT_UNIT = /%|persen/;

/** Lower-is-better indicators (domain.md §4). Price wording is handled apart (PRICE_NEGATIVE). */
const NEGATIVE =
  /inflasi|kemiskinan|miskin|pengangguran|koefisien variasi|\bkasus\b|keluhan|pengaduan|angka kematian|kematian|stunting|kerugian|pelanggaran|gizi buruk|kriminalitas|kecelakaan|sengketa|tunggakan|kumuh|putus sekolah|buta (huruf|aksara)|prevalensi|angka kesakitan|kebakaran|genangan|kemacetan|penyimpangan/i;

/**
 * Price change, fluctuation or disparity: lower is better ("Persentase fluktuasi harga Bapokti",
 * seed 002; "% rata – rata harga bahan kebutuhab pokok dan barang penting", seed 003 Tabel 4.8,
 * whose formulasi reads "persentase rata - rata kenaikan atau penurunan harga ... selama setahun").
 * The dash between "rata" and "rata" may be a hyphen, an en or em dash, with or without spaces.
 */
const PRICE_NEGATIVE = new RegExp(
  [
    "fluktuasi",
    "disparitas",
    "volatilitas\\s+harga",
    "gejolak\\s+harga",
    "(?:perubahan|kenaikan|lonjakan)\\s+harga",
    "kenaikan\\s+(?:atau|dan|/)\\s*penurunan\\s+harga",
    "(?:rata[\\s\\-\u2013\u2014]*rata|rerata)\\s+(?:(?:perubahan|kenaikan|penurunan)\\s+(?:(?:atau|dan)\\s+(?:kenaikan|penurunan)\\s+)?)?harga",
  ].join("|"),
  "i",
);

/**
 * Price indicators phrased as the good outcome ("Persentase Peningkatan Jumlah Bapokti Yang
 * Harganya Stabil", seed 002; "Prosentase barang kebutuhan pokok yang harganya stabil", seed 000;
 * "Persentase komoditas dengan fluktuasi harga yang stabil"): higher is better even when they
 * mention a price change. "Stabilisasi" (a programme's name) is not such a phrase.
 */
const PRICE_POSITIVE = /\b(?:stabil|terkendali|terjangkau)\b|stabilitas\s+harga/i;

export function polarityOf(text: string): Polarity {
  if (NEGATIVE.test(text)) return "negative";
  return PRICE_NEGATIVE.test(text) && !PRICE_POSITIVE.test(text) ? "negative" : "positive";
}

const STOCK =
  /^(persentase|prosentase|presentase|%|indeks|index|indek|rasio|ratio|nilai|tingkat|angka|rata-?\s?rata|proporsi|skor|opini|predikat|status|cakupan|kualitas|derajat|laju|pertumbuhan|kontribusi|pdrb)|%|persen|indeks|rasio|\bnilai\b/i;

export function aggregationOf(text: string, unit?: string): Aggregation {
  if (unit && PERCENT_UNIT.test(unit)) return "stock";
  return STOCK.test(text.trim()) ? "stock" : "flow";
}

/**
 * `polarityOf` and `aggregationOf` read once per distinct indicator text of a table (indicator
 * texts repeat down a matrix; the word lists are long alternations).
 */
export class TextVerdicts {
  private readonly polarities = new Map<string, Polarity>();
  private readonly flows = new Map<string, Aggregation>();

  polarity(text: string): Polarity {
    let p = this.polarities.get(text);
    if (p === undefined) this.polarities.set(text, (p = polarityOf(text)));
    return p;
  }

  aggregation(text: string, unit?: string): Aggregation {
    if (unit && PERCENT_UNIT.test(unit)) return "stock";
    let a = this.flows.get(text);
    if (a === undefined) this.flows.set(text, (a = aggregationOf(text)));
    return a;
  }
}

/**
 * Where the template states the annual K value and quarters are present, the rule that reproduces
 * it (sum or last) decides the row's aggregation; quarters repeating one value mean a stock.
 */
export function refineAggregation(grid: Grid, columns: ColumnModel[], rows: RowModel[], rowNumbers?: ArrayLike<number>): void {
  const isK = (c: ColumnModel) => c.measure !== "rp" && !c.percent;
  const tw = [1, 2, 3, 4]
    .map((q) => columns.find((c) => c.role === `realisasi_tw${q}` && isK(c)))
    .filter((c): c is ColumnModel => !!c);
  if (tw.length === 0) return;
  const annual = columns.find((c) => c.role === "realisasi_renja" && isK(c));
  const twCols = tw.map((c) => c.col);
  const twStyles = tw.map((c) => c.numberStyle);
  for (let ix = 0; ix < rows.length; ix++) {
    const rm = rows[ix];
    // (`rowNumbers[ix]` is `rm.row`: read from a plain list, as row models come in many shapes.)
    const r = rowNumbers !== undefined ? rowNumbers[ix] : rm.row;
    // The quarters' values in order: how many, their sum (added left to right), the first and
    // the last, and whether they all equal the first.
    let count = 0;
    let sum = 0;
    let first = 0;
    let last = 0;
    let same = true;
    for (let q = 0; q < twCols.length; q++) {
      const v = numOf(grid.value(r, twCols[q]), twStyles[q]);
      if (v === undefined) continue;
      if (count === 0) first = v;
      else if (v !== first) same = false;
      sum += v;
      last = v;
      count++;
    }
    if (count === 0) continue;
    const stated = annual ? numOf(grid.value(r, annual.col), annual.numberStyle) : undefined;
    if (stated !== undefined && count >= 2) {
      const s = near(stated, sum);
      const l = near(stated, last);
      if (s && !l) {
        rm.aggregation = "flow";
        addEvidence(rm, "annual = sum of quarters");
        continue;
      }
      if (l && !s) {
        rm.aggregation = "stock";
        addEvidence(rm, "annual = last quarter");
        continue;
      }
    }
    if (count >= 2 && same && first !== 0) {
      rm.aggregation = "stock";
      addEvidence(rm, "quarters repeat one value");
    }
  }
}

/**
 * One more evidence text on an output row: the list is copied to its exact size (a list grown by
 * push reserves room for sixteen more; rows are many and kept for the whole run).
 */
function addEvidence(rm: RowModel, text: string): void {
  const old = rm.evidence;
  if (!old) {
    rm.evidence = [text];
    return;
  }
  const ev = new Array<string>(old.length + 1);
  for (let k = 0; k < old.length; k++) ev[k] = old[k];
  ev[old.length] = text;
  rm.evidence = ev;
}

keepShape(new TextVerdicts());
