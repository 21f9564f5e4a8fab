/** Undo: what the last Capaian change will restore, and the button that restores it. */
import { Button, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { UndoEntry } from "../services";
import { Lang, formatTime, msg, t } from "../i18n";
import { UndoIcon } from "../icons";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: "18px" },
});

export function UndoPanel({ lang, busy, entry, onUndo }: { lang: Lang; busy: boolean; entry: UndoEntry | null; onUndo: () => void }) {
  const s = useStyles();
  return (
    <div className={s.stack}>
      {entry ? (
        <>
          <Text weight="semibold">{t(lang, "undo.will", { label: msg(lang, entry.label), time: formatTime(lang, entry.time) })}</Text>
          <ul className={s.list}>
            {entry.cells > 0 ? <li>{t(lang, "undo.cells", { n: entry.cells })}</li> : null}
            {entry.notes > 0 ? <li>{t(lang, "undo.notes", { n: entry.notes })}</li> : null}
            {entry.sheetsCreated.length ? <li>{t(lang, "undo.created", { sheets: entry.sheetsCreated.join(", ") })}</li> : null}
            {entry.sheetsRegenerated.length ? <li>{t(lang, "undo.regenerated", { sheets: entry.sheetsRegenerated.join(", ") })}</li> : null}
          </ul>
        </>
      ) : (
        <Text>{t(lang, "undo.none")}</Text>
      )}
      <div>
        <Button appearance="primary" icon={<UndoIcon />} disabled={busy || !entry} onClick={onUndo}>
          {t(lang, "undo.button")}
        </Button>
      </div>
    </div>
  );
}
