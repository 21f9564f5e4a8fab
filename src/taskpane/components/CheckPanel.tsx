/** Check: findings grouped by severity with counts; each finding selects its cell in Excel. */
import { Button, Caption1, Checkbox, CounterBadge, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { Finding, Severity } from "../../core/model";
import type { LastCheck } from "../services";
import { Lang, SEVERITY_KEYS, formatTime, msg, t } from "../i18n";
import { CheckIcon } from "../icons";

const ORDER: Severity[] = ["error", "warning", "info"];

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  group: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  heading: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, margin: 0, fontSize: tokens.fontSizeBase300 },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "2px" },
  finding: { justifyContent: "flex-start", textAlign: "left", height: "auto", whiteSpace: "normal", fontWeight: tokens.fontWeightRegular },
});

export interface CheckPanelProps {
  lang: Lang;
  busy: boolean;
  mark: boolean;
  findings: Finding[] | null;
  lastCheck: LastCheck | null;
  onMark: (mark: boolean) => void;
  onCheck: () => void;
  onSelect: (f: Finding) => void;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "–";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Math.round(v * 10000) / 10000);
  return String(v);
}

export function CheckPanel({ lang, busy, mark, findings, lastCheck, onMark, onCheck, onSelect }: CheckPanelProps) {
  const s = useStyles();
  return (
    <div className={s.stack}>
      {lastCheck ? <Caption1>{t(lang, "check.ribbon", { n: lastCheck.findings, time: formatTime(lang, lastCheck.time) })}</Caption1> : null}
      <Checkbox label={t(lang, "check.mark")} checked={mark} disabled={busy} onChange={(_, d) => onMark(d.checked === true)} />
      <div>
        <Button appearance="primary" icon={<CheckIcon />} disabled={busy} onClick={onCheck}>
          {t(lang, "check.button")}
        </Button>
      </div>
      {findings === null ? null : findings.length === 0 ? (
        <Text>{t(lang, "check.none")}</Text>
      ) : (
        <>
          <Text weight="semibold">{t(lang, "check.count", { n: findings.length })}</Text>
          {ORDER.map((sev) => {
            const group = findings.filter((f) => f.severity === sev);
            if (group.length === 0) return null;
            return (
              <section key={sev} className={s.group} aria-label={`${t(lang, SEVERITY_KEYS[sev])} (${group.length})`}>
                <h3 className={s.heading}>
                  {t(lang, SEVERITY_KEYS[sev])}
                  <CounterBadge count={group.length} color={sev === "error" ? "danger" : sev === "warning" ? "important" : "informative"} overflowCount={9999} />
                </h3>
                <ul className={s.list}>
                  {group.map((f, i) => (
                    <li key={`${f.sheet}!${f.cell}#${f.rule}#${i}`}>
                      <Button
                        appearance="subtle"
                        size="small"
                        className={s.finding}
                        disabled={busy}
                        aria-label={`${t(lang, "check.select", { cell: f.cell, sheet: f.sheet })}: ${msg(lang, f.message)}`}
                        onClick={() => onSelect(f)}
                      >
                        <span>
                          <strong>
                            {f.sheet}!{f.cell}
                          </strong>{" "}
                          {msg(lang, f.message)}
                          {f.expected !== undefined ? ` (${t(lang, "check.stated", { stated: show(f.stated), expected: show(f.expected) })})` : ""}
                        </span>
                      </Button>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </>
      )}
    </div>
  );
}
