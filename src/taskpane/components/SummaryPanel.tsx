/** Summaries: build (or rebuild) the generated sheets. */
import { Button, Text, makeStyles, tokens } from "@fluentui/react-components";
import { Lang, t } from "../i18n";
import { SummaryIcon } from "../icons";

const useStyles = makeStyles({ stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS } });

export function SummaryPanel({ lang, busy, onBuild }: { lang: Lang; busy: boolean; onBuild: () => void }) {
  const s = useStyles();
  return (
    <div className={s.stack}>
      <Text size={200}>{t(lang, "summary.intro")}</Text>
      <div>
        <Button appearance="primary" icon={<SummaryIcon />} disabled={busy} onClick={onBuild}>
          {t(lang, "summary.button")}
        </Button>
      </div>
    </div>
  );
}
