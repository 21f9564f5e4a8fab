/**
 * Document settings (context.workbook.settings, saved with the workbook): chunked JSON values and the
 * user's corrections (column roles, row polarity, aggregation, scale), so that a re-run and a
 * reopened task pane give the same answer.
 */
import type { Aggregation, EngineOptions, Measure, NegativeFormula, Polarity, Role, Scale } from "../core/model";
import { DEFAULT_SCALE_ID, SCALE_PRESETS } from "../core/scale";
import { Ctx, runExcel } from "./run";

export const SETTINGS_PREFIX = "capaian.";
export const CORRECTIONS_KEY = "capaian.corrections";

/** Queues a read of a setting; call `.get()` after the next sync. */
export function queueSettingRead(context: Ctx, key: string): { get: () => unknown } {
  const item = context.workbook.settings.getItemOrNullObject(key);
  item.load("value");
  return {
    get: () => {
      if (item.isNullObject) return undefined;
      const v = item.value as unknown;
      return typeof v === "string" && v.startsWith("Error, ") ? undefined : v;
    },
  };
}

export function parseJson<T>(v: unknown): T | undefined {
  if (typeof v !== "string") return (v as T) ?? undefined;
  try {
    return JSON.parse(v) as T;
  } catch {
    return undefined;
  }
}

export async function readSettingJson<T>(context: Ctx, key: string): Promise<T | undefined> {
  const r = queueSettingRead(context, key);
  await context.sync();
  return parseJson<T>(r.get());
}

export function queueSettingWrite(context: Ctx, key: string, value: unknown): void {
  context.workbook.settings.add(key, typeof value === "string" ? value : JSON.stringify(value));
}

export function queueSettingDelete(context: Ctx, key: string): void {
  // getItemOrNullObject + delete on a missing key is a no-op in Excel; the workbench treats it so too.
  const item = context.workbook.settings.getItemOrNullObject(key);
  item.delete();
}

// ---------------------------------------------------------------------------------------------
// Corrections

export interface StoredScale {
  id: string;
  name: string;
  /** Bands, descending; the catch-all band has min null (JSON has no -Infinity). */
  bands: { min: number | null; label: string }[];
  roundTo: number | null;
}

export interface Corrections {
  version: 1;
  roles: Record<string, { role: Role; measure?: Measure }>;
  polarity: Record<string, Polarity>;
  aggregation: Record<string, Aggregation>;
  /** A preset id, or "custom" with `customScale`. */
  scaleId: string;
  customScale?: StoredScale;
  negativeFormula: NegativeFormula;
}

export function emptyCorrections(): Corrections {
  return { version: 1, roles: {}, polarity: {}, aggregation: {}, scaleId: DEFAULT_SCALE_ID, negativeFormula: "seed" };
}

export function storeScale(scale: Scale): StoredScale {
  return {
    id: scale.id,
    name: scale.name,
    bands: scale.bands.map((b) => ({ min: Number.isFinite(b.min) ? b.min : null, label: b.label })),
    roundTo: scale.roundTo,
  };
}

export function restoreScale(s: StoredScale): Scale {
  return {
    id: s.id,
    name: s.name,
    bands: s.bands
      .map((b) => ({ min: b.min === null || !Number.isFinite(b.min) ? Number.NEGATIVE_INFINITY : b.min, label: b.label }))
      .sort((a, b) => b.min - a.min),
    roundTo: s.roundTo,
  };
}

/** The scale the corrections choose (a preset, or the custom bands). */
export function scaleOf(c: Corrections): Scale {
  if (c.scaleId === "custom" && c.customScale) return restoreScale(c.customScale);
  return SCALE_PRESETS[c.scaleId] ?? SCALE_PRESETS[DEFAULT_SCALE_ID];
}

/** Corrections → the engine options they stand for. */
export function engineOptionsOf(c: Corrections): EngineOptions {
  return {
    scale: scaleOf(c),
    negativeFormula: c.negativeFormula,
    roles: c.roles,
    polarity: c.polarity,
    aggregation: c.aggregation,
  };
}

function normalize(raw: Partial<Corrections> | undefined): Corrections {
  const base = emptyCorrections();
  if (!raw || raw.version !== 1) return base;
  return {
    version: 1,
    roles: raw.roles ?? {},
    polarity: raw.polarity ?? {},
    aggregation: raw.aggregation ?? {},
    scaleId: typeof raw.scaleId === "string" ? raw.scaleId : base.scaleId,
    customScale: raw.customScale,
    negativeFormula: raw.negativeFormula === "ratio" ? "ratio" : "seed",
  };
}

export async function loadCorrections(): Promise<Corrections> {
  return runExcel(async (context) => normalize(await readSettingJson<Partial<Corrections>>(context, CORRECTIONS_KEY)));
}

export async function saveCorrections(c: Corrections): Promise<void> {
  await runExcel(async (context) => {
    queueSettingWrite(context, CORRECTIONS_KEY, JSON.stringify(c));
    await context.sync();
  });
}
