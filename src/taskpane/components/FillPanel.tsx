/** Fill: formulas or values, which computed columns, columns to add, and the (off by default) overwrite. */
import { Button, Checkbox, Field, MessageBar, MessageBarBody, Radio, RadioGroup, Switch, Caption1, makeStyles, tokens } from "@fluentui/react-components";
import type { Role } from "../../core/model";
import type { FillRequest } from "../services";
import { ADDABLE_ROLES, Lang, ROLE_LABELS, msg, t } from "../i18n";
import { FillIcon } from "../icons";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

export interface FillPanelProps {
  lang: Lang;
  busy: boolean;
  request: FillRequest;
  /** Computed roles present in the scanned tables (empty before a scan). */
  available: Role[];
  onChange: (next: FillRequest) => void;
  onFill: () => void;
}

export function FillPanel({ lang, busy, request, available, onChange, onFill }: FillPanelProps) {
  const s = useStyles();
  const chosen = request.roles ?? available;
  const toggleRole = (role: Role, on: boolean) => {
    const next = on ? [...new Set([...chosen, role])] : chosen.filter((r) => r !== role);
    onChange({ ...request, roles: next.length === available.length && available.every((r) => next.includes(r)) ? undefined : next });
  };
  const toggleAdd = (role: Role, on: boolean) =>
    onChange({ ...request, addColumns: on ? [...new Set([...request.addColumns, role])] : request.addColumns.filter((r) => r !== role) });
  return (
    <div className={s.stack}>
      <Field label={t(lang, "fill.mode")}>
        <RadioGroup value={request.values ? "values" : "formulas"} disabled={busy} onChange={(_, d) => onChange({ ...request, values: d.value === "values" })}>
          <Radio value="formulas" label={t(lang, "fill.formulas")} />
          <Radio value="values" label={t(lang, "fill.values")} />
        </RadioGroup>
      </Field>
      <fieldset className={s.stack} style={{ border: "none", padding: 0, margin: 0 }}>
        <legend>{t(lang, "fill.roles")}</legend>
        {available.length === 0 ? <Caption1>{t(lang, "fill.needScan")} {t(lang, "fill.allRoles")}.</Caption1> : null}
        {available.map((role) => (
          <Checkbox
            key={role}
            label={msg(lang, ROLE_LABELS[role])}
            checked={chosen.includes(role)}
            disabled={busy}
            onChange={(_, d) => toggleRole(role, d.checked === true)}
          />
        ))}
      </fieldset>
      <fieldset className={s.stack} style={{ border: "none", padding: 0, margin: 0 }}>
        <legend>{t(lang, "fill.add")}</legend>
        {ADDABLE_ROLES.map((role) => (
          <Checkbox
            key={role}
            label={msg(lang, ROLE_LABELS[role])}
            checked={request.addColumns.includes(role)}
            disabled={busy}
            onChange={(_, d) => toggleAdd(role, d.checked === true)}
          />
        ))}
      </fieldset>
      <Switch checked={request.force} disabled={busy} label={t(lang, "fill.force")} onChange={(_, d) => onChange({ ...request, force: d.checked })} />
      {request.force ? (
        <MessageBar intent="warning">
          <MessageBarBody>{t(lang, "fill.forceWarning")}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div>
        <Button appearance="primary" icon={<FillIcon />} disabled={busy || (request.roles !== undefined && request.roles.length === 0 && request.addColumns.length === 0)} onClick={onFill}>
          {t(lang, "fill.button")}
        </Button>
      </div>
    </div>
  );
}
