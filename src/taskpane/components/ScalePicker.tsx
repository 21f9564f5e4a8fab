/**
 * The category scale: a preset from SCALE_PRESETS or custom bands (lower bound + label, rounding),
 * plus the formula used for negative indicators. Changes are stored in the workbook by the caller.
 */
import { Button, Caption1, Field, Input, Radio, RadioGroup, Select, makeStyles, tokens } from "@fluentui/react-components";
import { SCALE_PRESETS, describeScale } from "../../core/scale";
import type { NegativeFormula } from "../../core/model";
import type { Corrections } from "../services";
import { scaleOf, storeScale } from "../../excel";
import type { StoredScale } from "../../excel";
import { Lang, msg, t } from "../i18n";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  band: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-end" },
  min: { width: "80px" },
});

export interface ScalePickerProps {
  lang: Lang;
  disabled: boolean;
  corrections: Corrections;
  onChange: (next: Corrections) => void;
}

export function ScalePicker({ lang, disabled, corrections, onChange }: ScalePickerProps) {
  const s = useStyles();
  const scale = scaleOf(corrections);
  const custom = corrections.scaleId === "custom" ? corrections.customScale : undefined;

  const setCustom = (next: StoredScale) => onChange({ ...corrections, scaleId: "custom", customScale: next });

  return (
    <div className={s.stack}>
      <Field label={t(lang, "scale.label")}>
        <Select
          value={corrections.scaleId}
          disabled={disabled}
          onChange={(_, d) => {
            if (d.value === "custom") setCustom(corrections.customScale ?? { ...storeScale(scale), id: "custom", name: t(lang, "scale.custom") });
            else onChange({ ...corrections, scaleId: d.value });
          }}
        >
          {Object.values(SCALE_PRESETS).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
          <option value="custom">{t(lang, "scale.custom")}</option>
        </Select>
      </Field>
      {custom ? (
        <fieldset className={s.stack} style={{ border: "none", padding: 0, margin: 0 }}>
          <legend>{t(lang, "scale.bands")}</legend>
          {custom.bands.map((band, i) => {
            const last = i === custom.bands.length - 1;
            const update = (patch: Partial<{ min: number | null; label: string }>) =>
              setCustom({ ...custom, bands: custom.bands.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
            return (
              <div key={i} className={s.band}>
                {last ? (
                  <Caption1 className={s.min}>{t(lang, "scale.catchAll")}</Caption1>
                ) : (
                  <Input
                    className={s.min}
                    type="number"
                    aria-label={t(lang, "scale.minOf", { n: i + 1 })}
                    value={band.min === null ? "" : String(band.min)}
                    disabled={disabled}
                    onChange={(_, d) => update({ min: d.value === "" ? null : Number(d.value) })}
                  />
                )}
                <Input
                  aria-label={t(lang, "scale.bandLabelOf", { n: i + 1 })}
                  value={band.label}
                  disabled={disabled}
                  onChange={(_, d) => update({ label: d.value })}
                />
                {!last && custom.bands.length > 2 ? (
                  <Button
                    size="small"
                    disabled={disabled}
                    aria-label={t(lang, "scale.removeBand", { n: i + 1 })}
                    onClick={() => setCustom({ ...custom, bands: custom.bands.filter((_, j) => j !== i) })}
                  >
                    ×
                  </Button>
                ) : null}
              </div>
            );
          })}
          <div>
            <Button
              size="small"
              disabled={disabled}
              onClick={() => {
                const bands = [...custom.bands];
                const top = bands.length > 1 ? bands[0].min ?? 0 : 0;
                bands.unshift({ min: Number(top) + 10, label: "" });
                setCustom({ ...custom, bands });
              }}
            >
              {t(lang, "scale.addBand")}
            </Button>
          </div>
          <Field label={t(lang, "scale.roundTo")}>
            <Select
              value={custom.roundTo === null ? "none" : String(custom.roundTo)}
              disabled={disabled}
              onChange={(_, d) => setCustom({ ...custom, roundTo: d.value === "none" ? null : Number(d.value) })}
            >
              <option value="none">{t(lang, "scale.round.none")}</option>
              <option value="0">{t(lang, "scale.round.0")}</option>
              <option value="2">{t(lang, "scale.round.2")}</option>
            </Select>
          </Field>
        </fieldset>
      ) : null}
      <Caption1>{msg(lang, describeScale(scale))}</Caption1>
      <Field label={t(lang, "scale.negative")}>
        <RadioGroup
          value={corrections.negativeFormula}
          disabled={disabled}
          onChange={(_, d) => onChange({ ...corrections, negativeFormula: d.value as NegativeFormula })}
        >
          <Radio value="seed" label={t(lang, "scale.negative.seed")} />
          <Radio value="ratio" label={t(lang, "scale.negative.ratio")} />
        </RadioGroup>
      </Field>
    </div>
  );
}
