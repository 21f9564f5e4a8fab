/**
 * Category scales of the domain catalog (docs/domain.md §5): presets, custom bands, and the explicit boundary convention:
 * a value belongs to the highest band whose lower bound it reaches (value >= min), after rounding
 * half-up to `roundTo` decimals when roundTo is not null. Values above 100 take the top band.
 */
import type { Scale, ScaleBand } from "../model";
import { InputError } from "../errors";

const LOW = Number.NEGATIVE_INFINITY;

export const SCALE_PRESETS: Record<string, Scale> = {
  permendagri86: {
    id: "permendagri86",
    name: "Permendagri 86/2017",
    bands: [
      { min: 91, label: "Sangat Tinggi" },
      { min: 76, label: "Tinggi" },
      { min: 66, label: "Sedang" },
      { min: 51, label: "Rendah" },
      { min: LOW, label: "Sangat Rendah" },
    ],
    roundTo: null,
  },
  lakip4: {
    id: "lakip4",
    name: "LAKIP 4 kategori",
    bands: [
      { min: 85, label: "Sangat Baik" },
      { min: 70, label: "Baik" },
      { min: 55, label: "Cukup Baik" },
      { min: LOW, label: "Kurang Baik" },
    ],
    roundTo: null,
  },
  "sakip-berhasil": {
    id: "sakip-berhasil",
    name: "e-SAKIP (Berhasil)",
    bands: [
      { min: 100, label: "Sangat Berhasil" },
      { min: 75, label: "Berhasil" },
      { min: 55, label: "Cukup Berhasil" },
      { min: LOW, label: "Kurang Berhasil" },
    ],
    roundTo: null,
  },
  efisiensi: {
    id: "efisiensi",
    name: "Tingkat efisiensi",
    bands: [
      { min: 1, label: "Efisien" },
      { min: LOW, label: "Tidak efisien" },
    ],
    roundTo: null,
  },
};

export const DEFAULT_SCALE_ID = "permendagri86";

export function getScale(id: string): Scale {
  const s = SCALE_PRESETS[id];
  if (!s) {
    const known = Object.keys(SCALE_PRESETS).join(", ");
    throw new InputError({ id: `skala "${id}" tidak dikenal; pilih salah satu dari ${known}`, en: `unknown scale "${id}"; choose one of ${known}` });
  }
  return s;
}

/** Half-up rounding that is not fooled by binary fractions (2.675 → 2.68). */
export function roundHalfUp(value: number, decimals: number): number {
  const f = Math.pow(10, decimals);
  const shifted = Math.abs(value) * f;
  const r = Math.floor(shifted + 0.5 + 1e-9);
  return (Math.sign(value) || 1) * (r / f);
}

export function categorize(value: number, scale: Scale): string {
  const v = scale.roundTo === null ? value : roundHalfUp(value, scale.roundTo);
  for (const band of scale.bands) if (v >= band.min) return band.label;
  return scale.bands[scale.bands.length - 1].label;
}

/** A custom scale from bands given as "91:Sangat Tinggi,76:Tinggi,...,:Sangat Rendah". */
export function customScale(id: string, spec: string, roundTo: number | null = null): Scale {
  const bands: ScaleBand[] = spec.split(",").map((part) => {
    const i = part.indexOf(":");
    if (i < 0) throw new InputError({ id: `pita "${part}" tidak sah: tulis MIN:Label`, en: `bad band "${part}": write MIN:Label` });
    const min = part.slice(0, i).trim() === "" ? LOW : Number(part.slice(0, i));
    if (Number.isNaN(min)) throw new InputError({ id: `batas pita tidak sah di "${part}"`, en: `bad band bound in "${part}"` });
    return { min, label: part.slice(i + 1).trim() };
  });
  bands.sort((a, b) => b.min - a.min);
  if (bands[bands.length - 1].min !== LOW) bands.push({ min: LOW, label: bands[bands.length - 1].label });
  return { id, name: id, bands, roundTo };
}

/** The convention in words, stated in every output (Indonesian / English). */
export function describeScale(scale: Scale): { id: string; en: string } {
  const parts = scale.bands.map((b) => (b.min === LOW ? `${b.label} < ${scale.bands[scale.bands.length - 2]?.min ?? ""}` : `${b.label} ≥ ${b.min}`));
  const rnd = scale.roundTo === null ? null : scale.roundTo;
  return {
    id: `Skala ${scale.name}: ${parts.join(" · ")}; nilai masuk ke pita tertinggi yang batas bawahnya dicapai${rnd === null ? " (tanpa pembulatan)" : ` (setelah dibulatkan ke ${rnd} desimal)`}.`,
    en: `Scale ${scale.name}: ${parts.join(" · ")}; a value takes the highest band whose lower bound it reaches${rnd === null ? " (unrounded)" : ` (after rounding half-up to ${rnd} decimals)`}.`,
  };
}
