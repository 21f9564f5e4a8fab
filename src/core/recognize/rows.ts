/**
 * Data rows: levels (program / kegiatan / sub kegiatan ...), parents, polarity and aggregation.
 *
 * Levels come from the strongest evidence available: footer words, leading words ("Program",
 * "Kegiatan", "Sub Kegiatan"), upper-case "PROGRAM …", Kode segments, the Sasaran/Tujuan column;
 * for the remaining rows from column indentation, numbering (I, 1.1, 1.1.1, a), indentation, bold,
 * upper case, and, when none of these exist, from the sums themselves.
 */
import type { Grid } from "../grid";
import type { Aggregation, ColumnModel, HierarchyEvidence, Polarity, RowLevel, RowModel } from "../model";
import { NUMERIC_ROLES } from "../model";
import { codeParents, codePathOf, formulaLinks, isAccountCode, isOrganisationCode, structureColumns, sumChildren } from "./structure";
import { cellText, isNumeric, numOf } from "./text";

const GOAL =
  /^(meningkat|menurun|terwujud|terjamin|tercapai|terkendali|berkurang|bertambah|terlaksana|tersedia|terpenuhi|menguat|membaik|bertumbuh|berkembang|terbina|terciptanya|optimal)\w*nya\b/i;

const NUMERIC_K_ROLES = /^(target|realisasi|capaian)/;

const ORDER: Record<string, number> = {
  tujuan: 0,
  sasaran: 1,
  urusan: 2,
  bidang: 3,
  program: 4,
  kegiatan: 5,
  subkegiatan: 6,
};

function childLevel(l: RowLevel | undefined): RowLevel {
  switch (l) {
    case "tujuan":
      return "sasaran";
    case "sasaran":
      return "program";
    case "urusan":
      return "bidang";
    case "bidang":
      return "program";
    case "program":
      return "kegiatan";
    case "kegiatan":
    case "subkegiatan":
      return "subkegiatan";
    default:
      return "program";
  }
}

interface Info {
  row: number;
  label: string;
  indicator?: string;
  code?: string;
  codePath?: string[];
  /** The Kode cells' path even when the code reads as numbering ("1"). */
  rawPath?: string[];
  account?: boolean;
  hierarchy?: HierarchyEvidence;
  formulaChildren?: number[];
  /** Left out of the table (hidden and outside every SUM formula). */
  drop?: boolean;
  numbering?: string;
  numDepth?: number;
  roman?: boolean;
  letter?: boolean;
  colOffset: number;
  indent: number;
  bold: boolean;
  fill?: string;
  upper: boolean;
  amount?: number;
  level?: RowLevel;
  explicit: boolean;
  evidence: string[];
  parentIdx?: number;
  hasName: boolean;
  /** Budget / K fill pattern, read on demand (see `fillDetails`). */
  hasRp?: boolean;
  nameRole?: "uraian" | "sasaran" | "tujuan";
  noNumbered: boolean;
  filledK?: number[];
  unit?: string;
}

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
  if (unit && /%|persen/.test(unit)) return "stock";
  return STOCK.test(text.trim()) ? "stock" : "flow";
}

const CODE_RE = /^\d{1,2}(\s*\.\s*[0-9a-z]{1,6})+\.?$|^\d{1,2}$/i;

/** "Perangkat Daerah : Badan …", "SKPD : …": a caption line inside the table, not a data row. */
const CAPTION = /^(perangkat daerah|skpd|opd|unit kerja|unit organisasi|organisasi|satuan kerja|satker)\s*:/i;

const LADDER: RowLevel[] = ["urusan", "bidang", "program", "kegiatan", "subkegiatan"];

function parseNumbering(s: string): { depth: number; roman?: boolean; letter?: boolean } | undefined {
  const t = s.trim().replace(/[.)]+$/, "");
  if (!t) return undefined;
  if (/^[IVXL]+$/.test(t) && t.length <= 5) return { depth: 1, roman: true };
  if (/^\d{1,3}(\.\d{1,3})*$/.test(t)) return { depth: t.split(".").length };
  if (/^[a-z]$/.test(t)) return { depth: 9, letter: true };
  return undefined;
}

function wordLevel(name: string): RowLevel | undefined {
  const s = name.replace(/^\s*((?:[IVX]+|\d+(?:\.\d+)*|[a-z])[.)]\s*)/, "").trim();
  if (/^sub\s*-?\s*kegiatan\b/i.test(s)) return "subkegiatan";
  if (/^program\b/i.test(s)) return "program";
  if (/^kegiatan\b/i.test(s)) return "kegiatan";
  if (/^urusan\b/i.test(s)) return "urusan";
  if (/^bidang\b/i.test(s)) return "bidang";
  if (/^sasaran\b/i.test(s)) return "sasaran";
  if (/^tujuan\b/i.test(s)) return "tujuan";
  return undefined;
}

/** "J U M L A H" → "JUMLAH": a word written with spaced letters. */
export function unspaced(s: string): string {
  return s.replace(/^\s*((?:[A-Za-z]\s+){3,}[A-Za-z])(?=\s|$|:)/, (m) => m.replace(/\s+/g, ""));
}

function footerLevel(s: string): RowLevel | undefined {
  const t = unspaced(s).trim().toLowerCase();
  if (/^(belanja|pendapatan)( daerah| langsung| tidak langsung)?$/.test(t)) return "total";
  if (/^rata[-\s]?rata/.test(t) || /capaian.*rata[-\s]?rata/.test(t)) return "rata-rata";
  if (/^predikat/.test(t)) return "predikat";
  if (/^(jumlah|total|grand total|sub ?total)\b/.test(t) && !/yang|\bdan\b.*\bdi/.test(t.slice(0, 40))) {
    // "Jumlah UM yang diberdayakan" is an indicator, not a total.
    if (/^jumlah\s+\w+\s+(yang|dokumen|laporan)/.test(t) && !/total/.test(t)) return undefined;
    return "total";
  }
  return undefined;
}

function codeLevel(code: string): RowLevel | undefined {
  const segs = code.split(".").filter((x) => x !== "");
  // Permendagri 90 codes: urusan "2", bidang "2.17", program "2.17.02", kegiatan "2.17.02.2.01",
  // sub kegiatan "2.17.02.2.01.0001"; 13/2006-style "1.20.01.01" kegiatan.
  const n = segs.length;
  if (n <= 1) return "urusan";
  if (n === 2) return "bidang";
  if (n === 3) return "program";
  if (n <= 5) return "kegiatan";
  return "subkegiatan";
}

function isCode(code: string): boolean {
  const segs = code.split(".");
  // Codes have at least one segment of two or more digits ("2.17"); numbering has single digits.
  return segs.length >= 2 && segs.some((s) => s.length >= 2);
}

export interface RowInput {
  grid: Grid;
  columns: ColumnModel[];
  rows: number[];
}

export function buildRows({ grid, columns, rows: allRows }: RowInput): RowModel[] {
  const numericCols = columns.filter((c) => NUMERIC_ROLES.has(c.role)).map((c) => c.col);
  const rows = allRows.filter((r) => !isCaptionRow(grid, r, columns, numericCols));
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
  const details = (i: Info): Required<Pick<Info, "hasRp" | "filledK">> & Pick<Info, "unit"> => {
    if (i.hasRp === undefined) {
      const r = i.row;
      i.hasRp = rpCols.some((c) => numOf(grid.value(r, c)) !== undefined);
      i.filledK = kCols.filter((c) => numOf(grid.value(r, c)) !== undefined);
      i.unit = unitCols.map((c) => cellText(grid.value(r, c)).toLowerCase()).find((t) => t);
    }
    return i as Required<Pick<Info, "hasRp" | "filledK">> & Pick<Info, "unit">;
  };
  const infos: Info[] = [];
  for (const r of rows) {
    const evidence: string[] = [];
    let label = "";
    let colOffset = 0;
    let nameCol: number | undefined;
    let nameRole: "uraian" | "sasaran" | "tujuan" | undefined;
    for (let i = 0; i < uraianCols.length; i++) {
      const t = cellText(grid.value(r, uraianCols[i]));
      if (t) {
        label = t;
        colOffset = i;
        nameCol = uraianCols[i];
        nameRole = "uraian";
        break;
      }
    }
    if (!label) {
      for (const [cols, role] of [
        [sasaranCols, "sasaran"],
        [tujuanCols, "tujuan"],
      ] as const) {
        for (const c of cols) {
          const t = cellText(grid.value(r, c));
          if (t) {
            label = t;
            nameCol = c;
            nameRole = role;
            break;
          }
        }
        if (label) break;
      }
    }
    const indicator = indikatorCols.map((c) => cellText(grid.value(r, c))).find((t) => t) || undefined;
    const codeParts = kodeCols.map((c) => cellText(grid.value(r, c)).replace(/\.+$/, "")).filter((t) => t);
    const cp = codePathOf(codeParts);
    let code = cp?.code;
    const noText = noCols.map((c) => cellText(grid.value(r, c))).find((t) => t) ?? "";
    let numbering: string | undefined;
    if (code && !isCode(code) && parseNumbering(code)) {
      numbering = code;
      code = undefined;
    } else if (code && !CODE_RE.test(code)) {
      // Not a code at all (text in the Kode column).
      if (!label) label = code;
      code = undefined;
    }
    if (!numbering && noText && parseNumbering(noText)) numbering = noText;
    if (!numbering && label) {
      const m = /^\s*((?:[IVX]+|\d+(?:\.\d+)*|[a-z])[.)])\s+/.exec(label);
      if (m && parseNumbering(m[1])) numbering = m[1];
    }
    const nb = numbering ? parseNumbering(numbering) : undefined;
    const cell = nameCol !== undefined ? grid.get(r, nameCol) : undefined;
    const rawName = cell && typeof cell.v === "string" ? cell.v : "";
    const lead = /^ */.exec(rawName)?.[0].length ?? 0;
    const indent = (cell?.indent ?? 0) + Math.floor(lead / 2);
    const bold = !!cell?.bold;
    const letters = label.replace(/[^A-Za-z]/g, "");
    const upper = letters.length >= 6 && letters === letters.toUpperCase();
    const info: Info = {
      row: r,
      label: label || indicator || noText || "",
      indicator,
      code,
      codePath: code && cp && cp.path.length > 1 ? cp.path : undefined,
      rawPath: cp?.path,
      numbering,
      numDepth: nb?.depth,
      roman: nb?.roman,
      letter: nb?.letter,
      colOffset,
      indent,
      bold,
      fill: cell?.fill,
      upper,
      amount: amountCol !== undefined ? numOf(grid.value(r, amountCol)) : undefined,
      nameRole,
      noNumbered: !!noText && parseNumbering(noText) !== undefined,

      explicit: false,
      evidence,
      hasName: !!label,
    };
    // Footer rows: the words may sit in any of the first text cells.
    // Footer rows: "Jumlah" / "Rata-rata capaian kinerja (%)" / "Predikat kinerja" in the name, No
    // or Kode cell, or in the first text cell left of the indicator (merged over the name columns).
    let footerText = (label ? [label] : [noText, code ?? "", firstText(grid, r, columns, indikatorCols[0])]).find(
      (t) => t && footerLevel(t),
    );
    // "Jumlah UM yang didata" in a name cell beside an indicator text is an indicator, not a total.
    if (footerText && footerLevel(footerText) === "total" && indicator && !isNumeric(indicator) && !/total/i.test(footerText))
      footerText = undefined;
    // "Jumlah Pemakaian BBM untuk Operasional" with a unit beside it is a measured thing, not a total.
    if (
      footerText &&
      footerLevel(footerText) === "total" &&
      !/total|seluruh|keseluruhan/i.test(footerText) &&
      footerText.trim().split(/\s+/).length >= 3 &&
      satuanCols.some((c) => {
        const u = cellText(grid.value(r, c.col));
        return u !== "" && !isNumeric(u);
      })
    )
      footerText = undefined;
    if (footerText) {
      info.level = footerLevel(footerText);
      info.explicit = true;
      evidence.push(`footer "${footerText.slice(0, 30)}"`);
    } else if (code && info.codePath && (isAccountCode(code) || isOrganisationCode(code))) {
      // SIPD export: account lines under a sub kegiatan, the SKPD line under its bidang.
      info.account = isAccountCode(code);
      info.level = info.account ? "subkegiatan" : "bidang";
      info.explicit = true;
      evidence.push(info.account ? `account code ${code}` : `organisation code ${code}`);
    } else if (code && codeLevel(code) && isCode(code)) {
      info.level = codeLevel(code);
      info.explicit = true;
      evidence.push(`code ${code}`);
    } else if (label && nameRole === "uraian" && wordLevel(label)) {
      info.level = wordLevel(label);
      info.explicit = true;
      evidence.push("leading word");
    } else if (label && nameRole === "uraian" && /^\s*(?:[IVX0-9.]+\s+)?PROGRAM\b/.test(label)) {
      info.level = "program";
      info.explicit = true;
      evidence.push("upper case PROGRAM");
    } else if (code) {
      info.level = codeLevel(code);
      info.explicit = true;
      evidence.push(`code ${code}`);
    } else if (label && nameRole === "uraian" && GOAL.test(label) && (uraianMentionsGoal || !details(info).hasRp)) {
      // "Meningkatnya …", "Terjaminnya …": a sasaran statement in a mixed Tujuan/Sasaran/Program column.
      info.level = "sasaran";
      info.explicit = true;
      evidence.push("sasaran statement (…nya)");
    } else if (label && (nameRole === "sasaran" || nameRole === "tujuan")) {
      const w = wordLevel(label);
      info.level = w === "tujuan" || w === "sasaran" ? w : nameRole;
      info.explicit = true;
      evidence.push(`${nameRole} column`);
    } else if (!label && indicator) {
      info.level = "indikator";
      info.explicit = true;
      evidence.push("empty name with indicator");
    } else if (label && nameRole === "uraian" && /^(sasaran|tujuan)\s*:/i.test(label)) {
      info.level = /^sasaran/i.test(label) ? "sasaran" : "tujuan";
      info.explicit = true;
      evidence.push("leading word");
    }
    infos.push(info);
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
        i.evidence.push(asTujuan ? "Tujuan/Sasaran column: numbered or indicator-like" : "Tujuan/Sasaran column: unnumbered");
      }
    }
  }

  // Tables without name columns (an IKU list: No | Indikator | Target ...): every row is an indicator.
  if (!hasNameCols) {
    for (const i of infos) {
      if (!i.level) {
        i.level = "indikator";
        i.explicit = true;
        i.evidence.push("no name column");
      }
    }
  }

  // The workbook's own SUM formulas: which rows each row adds up.
  const links = formulaLinks(grid, columns, rows);
  const idxOf = new Map<number, number>();
  infos.forEach((i, k) => idxOf.set(i.row, k));
  for (const i of infos) {
    const kids = links.children.get(i.row);
    if (kids) i.formulaChildren = kids;
    // A row without any label whose formulas add up two or more rows above it is a total.
    if (!i.explicit && !i.label && !i.code && !i.indicator && kids && kids.length >= 2 && kids.every((k) => k < i.row)) {
      i.level = "total";
      i.explicit = true;
      i.evidence.push("no label; its SUM formulas add up rows above");
    }
  }

  assignImplicit(infos, details);
  for (const i of infos) if (i.parentIdx !== undefined && !i.hierarchy) i.hierarchy = implicitEvidence(i);
  applyCodes(infos);
  applyFormulas(grid, infos, idxOf, links.minority, columns);
  arbitrate(infos);

  // Parents and depth.
  const out: RowModel[] = [];
  const depthOf: number[] = [];
  const kept = infos.filter((i) => !i.drop);
  const keptIdx = new Map<number, number>();
  for (let k = 0, j = 0; k < infos.length; k++) if (!infos[k].drop) keptIdx.set(k, j++);
  for (let k = 0; k < kept.length; k++) {
    const i = kept[k];
    const p = i.parentIdx !== undefined ? keptIdx.get(i.parentIdx) : undefined;
    const depth = p !== undefined && p < k ? depthOf[p] + 1 : 0;
    depthOf.push(depth);
    const text = i.indicator || i.label;
    const unitCol = satuanCols.find((c) => c.unitOf !== undefined)?.col ?? satuanCols[0]?.col;
    const unit = unitCol !== undefined ? cellText(grid.value(i.row, unitCol)) : undefined;
    const rm: RowModel = {
      row: i.row,
      level: i.level ?? "program",
      label: i.label,
      depth,
      // Physical progress (fisik REN / REAL / CAP) is higher-is-better whatever the activity's name
      // ("Penanganan kebakaran" is not a lower-is-better indicator).
      polarity: fisikProgress ? "positive" : polarityOf(text),
      aggregation: aggregationOf(text, unit),
    };
    if (i.indicator) rm.indicator = i.indicator;
    if (i.code) rm.code = i.code;
    if (p !== undefined) rm.parent = kept[p].row;
    if (grid.hiddenRows.has(i.row)) rm.hidden = true;
    if (i.evidence.length) rm.evidence = i.evidence;
    if (p !== undefined && i.hierarchy) rm.hierarchy = i.hierarchy;
    if (i.formulaChildren) rm.formulaChildren = i.formulaChildren.filter((r) => idxOf.has(r) && !infos[idxOf.get(r)!].drop);
    if (i.codePath) rm.codePath = i.codePath;
    if (i.account) rm.account = true;
    out.push(rm);
  }
  refineAggregation(grid, columns, out);
  return out;
}

/** A caption line ("Perangkat Daerah : …") with no number in any numeric column. */
function isCaptionRow(grid: Grid, r: number, columns: ColumnModel[], numericCols: number[]): boolean {
  let text = "";
  for (const c of columns) {
    const t = cellText(grid.value(r, c.col));
    if (t && !text && !isNumeric(t)) text = t;
  }
  if (!CAPTION.test(text)) return false;
  return numericCols.every((c) => numOf(grid.value(r, c)) === undefined);
}

/** The kind of evidence behind a parent link made by the level / stack pass. */
function implicitEvidence(i: Info): HierarchyEvidence {
  const e = i.evidence.join(" ");
  if (/^sums|sums \(/.test(e)) return "sum";
  if (/code |numbering/.test(e)) return "code";
  if (/leading word|footer|column|statement|PROGRAM|empty name|no name column/.test(e)) return "word";
  return "format";
}

/**
 * Code paths: when most rows carry codes in the Kode columns, a row's parent is the row holding
 * the longest prefix of its code (or the previous element of a cumulative code path).
 */
function applyCodes(infos: Info[]): void {
  const data = infos.filter((i) => !isFooterLevel(i.level));
  const coded = data.filter((i) => i.rawPath && i.rawPath.some((p) => p.includes(".")));
  if (coded.length < 2 || coded.length < data.length / 2) return;
  const paths = infos.map((i) => (isFooterLevel(i.level) ? undefined : i.rawPath));
  const parents = codeParents(paths);
  for (let k = 0; k < infos.length; k++) {
    const p = parents.get(k);
    const i = infos[k];
    if (p === undefined || i.level === "indikator") continue;
    if (i.parentIdx !== p) i.evidence.push(`parent by code path`);
    i.parentIdx = p;
    i.hierarchy = "code";
  }
  // Rows of a coded table without a code parent are top-level (urusan "1", "2").
  for (const i of coded) if (i.hierarchy !== "code" && i.level !== "indikator") i.parentIdx = undefined;
}

/**
 * The numbers arbitrate a hierarchy read from words, formatting or sums alone: when most parents'
 * amounts disagree with the sum of their children (or equal an exact multiple of it), the reading
 * is wrong, not the workbook: the rows are a flat list, without parent sums.
 */
function arbitrate(infos: Info[]): void {
  const kids = new Map<number, Info[]>();
  for (const i of infos) {
    if (i.drop || i.parentIdx === undefined || i.level === "indikator" || isFooterLevel(i.level) || i.hierarchy !== "format") continue;
    const l = kids.get(i.parentIdx) ?? [];
    l.push(i);
    kids.set(i.parentIdx, l);
  }
  let agree = 0;
  let disagree = 0;
  let multiple = 0;
  for (const [p, list] of kids) {
    const a = infos[p].amount;
    if (a === undefined || a === 0 || !list.some((c) => c.amount !== undefined)) continue;
    const sum = list.reduce((s, c) => s + (c.amount ?? 0), 0);
    if (near(sum, a)) agree++;
    else {
      disagree++;
      const k = sum / a;
      if (k >= 2 && Math.abs(k - Math.round(k)) < 1e-9) multiple++;
    }
  }
  if (disagree === 0 || (disagree <= agree && multiple === 0) || (disagree < 2 && multiple === 0)) return;
  for (const i of infos) {
    if (i.parentIdx === undefined || i.level === "indikator" || i.hierarchy !== "format") continue;
    i.parentIdx = undefined;
    i.hierarchy = undefined;
    i.evidence.push(`flat list: ${disagree} of ${agree + disagree} parent amounts disagree with their rows`);
  }
}

function isFooterLevel(l: RowLevel | undefined): boolean {
  return l === "total" || l === "rata-rata" || l === "predikat";
}

/**
 * The workbook's SUM formulas decide parents: every row a parent's formula names is its child
 * (the innermost such parent). Levels follow: a named row without explicit level evidence is one
 * level below its parent, a formula root one level above its nearest explicit descendant. Rows
 * hidden and outside every formula of a visible row are left out of the table.
 */
function applyFormulas(grid: Grid, infos: Info[], idxOf: Map<number, number>, minority: Map<number, number[]>, columns: ColumnModel[]): void {
  const parentsWithKids = infos.filter((i) => i.formulaChildren && !isFooterLevel(i.level));
  if (parentsWithKids.length === 0) return;
  const namedBy = new Map<number, number>(); // child idx -> parent idx (innermost = nearest above)
  for (const i of parentsWithKids) {
    const pi = idxOf.get(i.row)!;
    for (const r of i.formulaChildren!) {
      const ci = idxOf.get(r);
      if (ci === undefined || isFooterLevel(infos[ci].level)) continue;
      const prev = namedBy.get(ci);
      if (prev === undefined || (pi < ci && (prev > ci || pi > prev))) namedBy.set(ci, pi);
    }
  }
  // Rows only some columns' formulas name ("K40:K44" beside "R42:R44") belong to that parent
  // when no other row's formulas claim them; their link keeps its own evidence (not "formula":
  // most columns' formulas do not name them), and formulaChildren stays the majority reading.
  const minorityOf = new Map<number, number>();
  for (const i of parentsWithKids) {
    const pi = idxOf.get(i.row)!;
    for (const r of minority.get(i.row) ?? []) {
      const ci = idxOf.get(r);
      if (ci !== undefined && !namedBy.has(ci) && !minorityOf.has(ci) && !isFooterLevel(infos[ci].level) && r > i.row) minorityOf.set(ci, pi);
    }
  }
  // Rows hidden and named by no formula of a visible row: left out (the author's leftovers).
  if (parentsWithKids.length >= 2) {
    const visibleNamed = new Set<number>();
    for (const [ci, pi] of namedBy) if (!grid.hiddenRows.has(infos[pi].row)) visibleNamed.add(ci);
    for (const [ci, pi] of minorityOf) if (!grid.hiddenRows.has(infos[pi].row)) visibleNamed.add(ci);
    for (const i of infos) {
      if (isFooterLevel(i.level)) continue;
      for (const r of i.formulaChildren ?? []) {
        const ci = idxOf.get(r);
        if (ci !== undefined && !grid.hiddenRows.has(i.row)) visibleNamed.add(ci);
      }
    }
    for (let k = 0; k < infos.length; k++) {
      const i = infos[k];
      if (grid.hiddenRows.has(i.row) && !visibleNamed.has(k) && !isFooterLevel(i.level)) {
        i.drop = true;
        i.evidence.push("hidden and outside every SUM formula: left out");
      }
    }
  }
  for (const [ci, pi] of namedBy) {
    const c = infos[ci];
    if (c.drop || infos[pi].drop || pi === ci) continue;
    if (c.parentIdx !== pi) c.evidence.push("parent by SUM formula");
    c.parentIdx = pi;
    c.hierarchy = "formula";
  }
  // A minority-named row is a formula child when every column whose formula leaves it out holds
  // nothing (or 0) in it (hidden rows of zeros skipped by some ranges); otherwise the columns
  // disagree about real amounts and the link keeps the row's own evidence.
  const sCols = structureColumns(columns);
  const inTable = new Set(infos.map((i) => i.row));
  const lo = infos.length ? infos[0].row : 0;
  const hi = infos.length ? infos[infos.length - 1].row : 0;
  for (const [ci, pi] of minorityOf) {
    const c = infos[ci];
    const p = infos[pi];
    if (c.drop || p.drop) continue;
    const omittedWithValue = sCols.some((col) => {
      const kids = sumChildren(grid, p.row, col, inTable, lo, hi);
      if (!kids || kids.includes(c.row)) return false;
      const v = numOf(grid.value(c.row, col));
      return v !== undefined && v !== 0;
    });
    c.evidence.push("parent by the SUM formulas of some columns");
    c.parentIdx = pi;
    if (omittedWithValue) c.hierarchy = c.hierarchy === "formula" || !c.hierarchy ? implicitEvidence(c) : c.hierarchy;
    else {
      c.hierarchy = "formula";
      namedBy.set(ci, pi);
    }
  }
  // A visible row its stack parent's formulas do not name stays that parent's child (a SUM range
  // that stops one row short is the workbook's mistake, reported by the audit).
  // Levels from the formula tree.
  const kidsOf = new Map<number, number[]>();
  for (const [ci, pi] of namedBy) {
    if (infos[ci].drop) continue;
    const l = kidsOf.get(pi) ?? [];
    l.push(ci);
    kidsOf.set(pi, l);
  }
  const fromBelow = (k: number): RowLevel | undefined => {
    let frontier = kidsOf.get(k) ?? [];
    for (let d = 1; d <= 5 && frontier.length; d++) {
      for (const c of frontier) {
        const l = infos[c].level;
        if (infos[c].explicit && l && LADDER.includes(l)) return LADDER[Math.max(0, LADDER.indexOf(l) - d)];
      }
      frontier = frontier.flatMap((c) => kidsOf.get(c) ?? []);
    }
    return undefined;
  };
  for (let k = 0; k < infos.length; k++) {
    const i = infos[k];
    if (i.explicit || i.drop || isFooterLevel(i.level) || i.level === "indikator") continue;
    let lvl: RowLevel | undefined;
    if (i.hierarchy === "formula" && i.parentIdx !== undefined && infos[i.parentIdx].level) lvl = childLevel(infos[i.parentIdx].level);
    if (kidsOf.has(k)) {
      const below = fromBelow(k);
      if (below && (!lvl || i.hierarchy !== "formula")) lvl = below;
    }
    if (lvl && lvl !== i.level) {
      i.level = lvl;
      i.evidence.push("level from the SUM formulas");
    }
  }
}

function firstText(grid: Grid, r: number, columns: ColumnModel[], before = Infinity): string {
  for (const c of columns) {
    if (c.col >= before) break;
    const v = grid.value(r, c.col);
    if (typeof v === "string" && v.trim()) return v.trim();
  }
  return "";
}

/** The Rp column used to read hierarchy from sums. */
function pickAmountColumn(grid: Grid, columns: ColumnModel[], rows: number[]): number | undefined {
  const prefs: Array<(c: ColumnModel) => boolean> = [
    (c) => c.role === "pagu" && !c.percent,
    (c) => c.role === "target_renja" && c.measure === "rp",
    (c) => c.role === "realisasi_renja" && c.measure === "rp",
    (c) => c.role === "realisasi_anggaran",
    (c) => c.role === "target_renstra" && c.measure === "rp",
    (c) => c.role === "pagu_tahun",
  ];
  for (const pref of prefs) {
    for (const c of columns.filter(pref)) {
      let n = 0;
      for (const r of rows) if (numOf(grid.value(r, c.col)) !== undefined) n++;
      if (n >= Math.max(1, rows.length / 4)) return c.col;
    }
  }
  return undefined;
}

/** Levels and parents of rows without explicit level evidence. */
/** "81.1" after "8.1" is "8.1.1" with a dot lost: repair numbering that breaks the sequence. */
function repairNumbering(infos: Info[]): void {
  let prev: string | undefined;
  for (const i of infos) {
    const n = i.numbering?.trim().replace(/[.)]+$/, "");
    if (!n || !/^\d+(\.\d+)*$/.test(n)) continue;
    if (prev) {
      const s = n.split(".");
      const p = prev.split(".");
      const fits = s[0] === p[0] || Number(s[0]) === Number(p[0]) + 1 || s.length === 1;
      const digits = s.join("");
      const pd = p.join("");
      if (!fits && digits.length === pd.length + 1 && digits.startsWith(pd)) {
        const fixed = `${prev}.${digits.slice(pd.length)}`;
        i.evidence.push(`numbering "${n}" read as "${fixed}"`);
        i.numbering = fixed;
        i.numDepth = fixed.split(".").length;
        prev = fixed;
        continue;
      }
    }
    prev = n;
  }
}

function assignImplicit(infos: Info[], details: (i: Info) => { hasRp: boolean; filledK: number[]; unit?: string }): void {
  repairNumbering(infos);
  const implicit = infos.filter((i) => !i.explicit);
  const varies = (f: (i: Info) => number | undefined) => {
    const s = new Set<number>();
    for (const i of implicit) {
      const v = f(i);
      if (v !== undefined) s.add(v);
    }
    return s.size > 1;
  };
  const anyRoman = implicit.some((i) => i.roman);
  const numKey = (i: Info) =>
    i.numDepth === undefined ? undefined : i.letter ? 20 : i.roman ? 1 : i.numDepth + (anyRoman ? 1 : 0);
  const numbered = implicit.filter((i) => i.numDepth !== undefined).length;
  // Fill colours ranked by first appearance; no fill ranks last.
  const fillRank = new Map<string, number>();
  for (const i of implicit) if (i.fill && !fillRank.has(i.fill)) fillRank.set(i.fill, fillRank.size);
  fillRank.set("", fillRank.size);
  let key: ((i: Info) => number) | undefined;
  let why = "";
  if (varies((i) => i.colOffset)) {
    key = (i) => i.colOffset;
    why = "column indentation";
  } else if (numbered >= implicit.length / 2 && varies(numKey)) {
    key = (i) => numKey(i) ?? 99;
    why = "numbering";
  } else if (varies((i) => i.indent)) {
    key = (i) => i.indent;
    why = "indent";
  } else if (varies((i) => (i.bold ? 0 : 1))) {
    key = (i) => (i.bold ? 0 : 1);
    why = "bold";
  } else if (varies((i) => fillRank.get(i.fill ?? ""))) {
    key = (i) => fillRank.get(i.fill ?? "")!;
    why = "fill colour";
  } else if (varies((i) => (i.upper ? 0 : 1))) {
    key = (i) => (i.upper ? 0 : 1);
    why = "upper case";
  }

  // Stack pass: explicit rows by level order, implicit rows by key below their explicit parent.
  // Run twice when a key decides: the first pass learns which level each key value has where its
  // parent is explicit ("PROGRAM …" over UPPER CASE kegiatan), the second gives that level to rows
  // of the same key without a parent.
  type Node = { idx: number; order: number; key?: number };
  const groups = new Map<number, number[]>(); // parent idx (-1 = none) -> implicit rows (sums mode)
  const keyLevel = new Map<number, RowLevel>();
  const keys = key ? [...new Set(implicit.map((i) => key!(i)))].sort((a, b) => a - b) : [];
  const hasProgram = infos.some((x) => x.explicit && x.level === "program");
  const ladder: RowLevel[] = hasProgram ? ["kegiatan", "subkegiatan", "subkegiatan"] : ["program", "kegiatan", "subkegiatan"];
  const pass = (learn: boolean) => {
    const stack: Node[] = [];
    let lastNode: number | undefined;
    for (let k = 0; k < infos.length; k++) {
      const i = infos[k];
      if (i.level === "total" || i.level === "rata-rata" || i.level === "predikat") {
        stack.length = 0;
        continue;
      }
      if (i.level === "indikator" && i.explicit) {
        if (lastNode !== undefined) {
          // An indicator without budget under a budgeted node belongs to the nearest node without
          // budget above it (the sasaran whose outcome indicator it is).
          let p: number | undefined = lastNode;
          if (!details(i).hasRp && details(infos[p]).hasRp) {
            let q: number | undefined = infos[p].parentIdx;
            while (q !== undefined && details(infos[q]).hasRp) q = infos[q].parentIdx;
            if (q !== undefined && similarity(details(i), details(infos[q])) > similarity(details(i), details(infos[p]))) {
              p = q;
              if (!learn) i.evidence.push("indicator without budget: attached to the node without budget above");
            }
          }
          i.parentIdx = p;
        }
        continue;
      }
      if (i.explicit) {
        const order = ORDER[i.level!] ?? 4;
        while (stack.length && stack[stack.length - 1].order >= order) stack.pop();
        i.parentIdx = stack.length ? stack[stack.length - 1].idx : undefined;
        stack.push({ idx: k, order });
        lastNode = k;
        continue;
      }
      if (key) {
        const kk = key(i);
        while (stack.length && stack[stack.length - 1].key !== undefined && stack[stack.length - 1].key! >= kk) stack.pop();
        const top = stack[stack.length - 1];
        i.parentIdx = top ? top.idx : undefined;
        let lvl: RowLevel;
        if (top) lvl = childLevel(infos[top.idx].level);
        else lvl = keyLevel.get(kk) ?? ladder[Math.min(keys.indexOf(kk), ladder.length - 1)];
        if (learn && top && infos[top.idx].explicit && !keyLevel.has(kk)) keyLevel.set(kk, lvl);
        i.level = lvl;
        if (!learn) i.evidence.push(why);
        stack.push({ idx: k, order: (ORDER[lvl] ?? 4) + 0.5, key: kk });
        lastNode = k;
      } else {
        const top = stack[stack.length - 1];
        const p = top ? top.idx : -1;
        i.parentIdx = top ? top.idx : undefined;
        if (!learn) {
          let g = groups.get(p);
          if (!g) groups.set(p, (g = []));
          g.push(k);
        }
        lastNode = k;
      }
    }
  };
  if (key) pass(true);
  pass(false);
  // Sums mode: split each group into nodes and their children.
  for (const [p, members] of groups) {
    // Groups are contiguous runs under p; split runs broken by explicit rows.
    const runs: number[][] = [];
    let cur: number[] = [];
    for (const m of members) {
      if (cur.length && !contiguous(infos, cur[cur.length - 1], m)) {
        runs.push(cur);
        cur = [];
      }
      cur.push(m);
    }
    if (cur.length) runs.push(cur);
    for (const run of runs) {
      const parent = p >= 0 ? infos[p] : undefined;
      partition(infos, run, parent?.amount, p >= 0 ? p : undefined, parent?.level);
    }
  }
}

/** How alike two rows are filled (K columns with a value, and the unit). */
function similarity(a: { filledK: number[]; unit?: string }, b: { filledK: number[]; unit?: string }): number {
  let inter = 0;
  for (const c of a.filledK) if (b.filledK.includes(c)) inter++;
  const union = a.filledK.length + b.filledK.length - inter;
  let s = union ? inter / union : 0;
  if (a.unit && a.unit === b.unit) s += 0.25;
  return s;
}

/** No explicit non-indikator row between a and b. */
function contiguous(infos: Info[], a: number, b: number): boolean {
  for (let k = a + 1; k < b; k++) if (infos[k].explicit && infos[k].level !== "indikator") return false;
  return true;
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1, Math.abs(b) * 1e-6);
}

function partition(infos: Info[], run: number[], total: number | undefined, parentIdx: number | undefined, parentLevel: RowLevel | undefined): void {
  const level = childLevel(parentLevel);
  const setFlat = () => {
    for (const k of run) {
      infos[k].level = level;
      infos[k].parentIdx = parentIdx;
      infos[k].evidence.push(total !== undefined ? "sums (children of parent)" : "default level");
    }
  };
  const amt = (k: number) => infos[k].amount ?? 0;
  const sumAll = run.reduce((s, k) => s + amt(k), 0);
  if (run.length <= 1 || run.every((k) => infos[k].amount === undefined) || (total !== undefined && near(sumAll, total))) {
    setFlat();
    return;
  }
  // Greedy: a node is followed by rows whose amounts add up to the node's amount (mult 1: its
  // children) or to twice it (mult 2: children and grandchildren, each level summing to it).
  const childrenEnd = (i: number, mult: number): number | undefined => {
    const a0 = infos[run[i]].amount;
    if (a0 === undefined || a0 === 0) return undefined;
    const a = a0 * mult;
    let s = 0;
    for (let j = i + 1; j < run.length && j <= i + 400; j++) {
      s += amt(run[j]);
      if (near(s, a)) return j;
      if (s > a + Math.max(1, Math.abs(a) * 1e-6)) return undefined;
    }
    return undefined;
  };
  const plan = (mult: number) => {
    const nodes: Array<{ i: number; end: number; matched: boolean }> = [];
    let i = 0;
    let matched = 0;
    while (i < run.length) {
      const e = childrenEnd(i, mult);
      if (e !== undefined) {
        nodes.push({ i, end: e, matched: true });
        matched++;
        i = e + 1;
        continue;
      }
      // Unmatched: this row is a node; its children run until the next row that opens a matched node.
      let j = i + 1;
      while (j < run.length && childrenEnd(j, mult) === undefined) j++;
      nodes.push({ i, end: j - 1, matched: false });
      i = j;
    }
    return { nodes, matched };
  };
  const p2 = plan(2);
  const p1 = plan(1);
  const { nodes, matched } = p2.matched === p2.nodes.length && p2.matched > 0 ? p2 : p1;
  const nodeSum = nodes.reduce((s, n) => s + amt(run[n.i]), 0);
  const good = matched > 0 && matched >= nodes.length / 2 && (total === undefined || near(nodeSum, total) || matched === nodes.length);
  if (!good || nodes.every((n) => n.end === n.i)) {
    setFlat();
    return;
  }
  for (const n of nodes) {
    const k = run[n.i];
    infos[k].level = level;
    infos[k].parentIdx = parentIdx;
    infos[k].evidence.push(n.matched ? "sums (amount equals the following rows)" : "sums (node between matched nodes)");
    const kids = run.slice(n.i + 1, n.end + 1);
    if (kids.length) partition(infos, kids, infos[k].amount, k, level);
  }
}

/**
 * Where the template states the annual K value and quarters are present, the rule that reproduces
 * it (sum or last) decides the row's aggregation; quarters repeating one value mean a stock.
 */
function refineAggregation(grid: Grid, columns: ColumnModel[], rows: RowModel[]): void {
  const isK = (c: ColumnModel) => c.measure !== "rp" && !c.percent;
  const tw = [1, 2, 3, 4]
    .map((q) => columns.find((c) => c.role === `realisasi_tw${q}` && isK(c)))
    .filter((c): c is ColumnModel => !!c);
  if (tw.length === 0) return;
  const annual = columns.find((c) => c.role === "realisasi_renja" && isK(c));
  for (const rm of rows) {
    const vals: number[] = [];
    for (const c of tw) {
      const v = numOf(grid.value(rm.row, c.col), c.numberStyle);
      if (v !== undefined) vals.push(v);
    }
    if (vals.length === 0) continue;
    const sum = vals.reduce((a, b) => a + b, 0);
    const last = vals[vals.length - 1];
    const stated = annual ? numOf(grid.value(rm.row, annual.col), annual.numberStyle) : undefined;
    if (stated !== undefined && vals.length >= 2) {
      const s = near(stated, sum);
      const l = near(stated, last);
      if (s && !l) {
        rm.aggregation = "flow";
        (rm.evidence ??= []).push("annual = sum of quarters");
        continue;
      }
      if (l && !s) {
        rm.aggregation = "stock";
        (rm.evidence ??= []).push("annual = last quarter");
        continue;
      }
    }
    if (vals.length >= 2 && vals.every((v) => v === vals[0]) && vals[0] !== 0) {
      rm.aggregation = "stock";
      (rm.evidence ??= []).push("quarters repeat one value");
    }
  }
}
