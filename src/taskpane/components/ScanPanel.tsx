/**
 * Scan: the recognised tables, each expandable into its column mapping (a role per column, correctable
 * from a list) and its rows (an indicator's polarity, toggleable).
 */
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Caption1,
  Select,
  Switch,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { colLetter, areaA1 } from "../../core/grid";
import type { Polarity, Role, TableModel } from "../../core/model";
import type { Corrections, ScanResult } from "../services";
import { KIND_LABELS, Lang, ROLES, ROLE_LABELS, msg, t } from "../i18n";
import { ScanIcon } from "../icons";

const MAX_ROWS_SHOWN = 150;

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  // Task panes are about 320 px wide: fixed layout, truncated text, controls that shrink.
  table: { width: "100%", tableLayout: "fixed", borderCollapse: "collapse", fontSize: tokens.fontSizeBase200 },
  th: { textAlign: "left", padding: "2px 4px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  td: { padding: "2px 4px", verticalAlign: "middle", borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, overflow: "hidden" },
  colCell: { width: "42%" },
  rowNo: { width: "3.2em" },
  switchCell: { width: "9.5em" },
  letter: { fontWeight: tokens.fontWeightSemibold },
  header: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", color: tokens.colorNeutralForeground3 },
  select: { width: "100%", minWidth: 0 },
  rowLabel: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
});

export interface ScanPanelProps {
  lang: Lang;
  busy: boolean;
  result: ScanResult | null;
  corrections: Corrections;
  onScan: () => void;
  onRole: (table: TableModel, col: number, role: Role) => void;
  onPolarity: (table: TableModel, row: number, polarity: Polarity) => void;
}

export function ScanPanel(props: ScanPanelProps) {
  const { lang, busy, result, corrections } = props;
  const s = useStyles();
  return (
    <div className={s.stack}>
      <Text size={200}>{t(lang, "scan.intro")}</Text>
      <div>
        <Button appearance="primary" icon={<ScanIcon />} disabled={busy} onClick={props.onScan}>
          {t(lang, "scan.button")}
        </Button>
      </div>
      {result === null ? (
        <Caption1>{t(lang, "scan.notScanned")}</Caption1>
      ) : (
        <>
          <Text weight="semibold">{t(lang, "scan.found", { n: result.tables.length })}</Text>
          {result.unrecognized.map((u) => (
            <Caption1 key={u.sheet}>{t(lang, "scan.unrecognized", { sheet: u.sheet, reason: u.reason })}</Caption1>
          ))}
          <Accordion collapsible multiple>
            {result.tables.map((table) => (
              <AccordionItem key={table.id} value={table.id}>
                <AccordionHeader>
                  {t(lang, "table.summary", { sheet: table.sheet, range: areaA1(table.area), kind: msg(lang, KIND_LABELS[table.kind]) })}
                </AccordionHeader>
                <AccordionPanel>
                  <TableDetail {...props} table={table} corrections={corrections} />
                </AccordionPanel>
              </AccordionItem>
            ))}
          </Accordion>
        </>
      )}
    </div>
  );
}

function TableDetail(props: ScanPanelProps & { table: TableModel }) {
  const { lang, table, corrections, busy } = props;
  const s = useStyles();
  const rows = table.rows.filter((r) => r.level !== "total" && r.level !== "rata-rata" && r.level !== "predikat");
  return (
    <div className={s.stack}>
      {table.title ? <Text weight="semibold">{table.title}</Text> : null}
      <Caption1>
        {t(lang, "table.headerRows", { first: table.header.firstRow + 1, last: table.header.lastRow + 1 })}
      </Caption1>
      <Text weight="semibold">{t(lang, "table.columns")}</Text>
      <table className={s.table}>
        <thead>
          <tr>
            <th className={`${s.th} ${s.colCell}`}>
              {t(lang, "table.col")} · {t(lang, "table.header")}
            </th>
            <th className={s.th}>{t(lang, "table.role")}</th>
          </tr>
        </thead>
        <tbody>
          {table.columns.map((col) => {
            const key = `${table.id}#${col.col}`;
            const corrected = corrections.roles[key];
            const role = corrected?.role ?? col.role;
            const letter = colLetter(col.col);
            return (
              <tr key={col.col}>
                <td className={s.td}>
                  <div className={s.letter}>
                    {letter}
                    {col.measure ? ` (${col.measure.toUpperCase()})` : ""}
                  </div>
                  <div className={s.header} title={col.header}>
                    {col.header}
                  </div>
                </td>
                <td className={s.td}>
                  <Select
                    className={s.select}
                    size="small"
                    aria-label={t(lang, "table.roleOf", { col: letter })}
                    value={role}
                    disabled={busy}
                    onChange={(_, d) => props.onRole(table, col.col, d.value as Role)}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {msg(lang, ROLE_LABELS[r])}
                      </option>
                    ))}
                  </Select>
                  {corrected ? (
                    <Badge appearance="tint" size="small" color="informative">
                      {t(lang, "table.corrected")}
                    </Badge>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > 0 ? (
        <>
          <Text weight="semibold">{t(lang, "table.rows")}</Text>
          <Caption1>{t(lang, "row.negativeHint")}</Caption1>
          <table className={s.table}>
            <tbody>
              {rows.slice(0, MAX_ROWS_SHOWN).map((row) => {
                const key = `${table.id}#${row.row}`;
                const polarity = corrections.polarity[key] ?? row.polarity;
                const text = row.indicator || row.label;
                return (
                  <tr key={row.row}>
                    <td className={`${s.td} ${s.rowNo}`}>{row.row + 1}</td>
                    <td className={s.td}>
                      <div className={s.rowLabel} title={text}>
                        {text}
                      </div>
                    </td>
                    <td className={`${s.td} ${s.switchCell}`}>
                      <Switch
                        checked={polarity === "negative"}
                        disabled={busy}
                        aria-label={t(lang, "row.polarityOf", { row: row.row + 1 })}
                        label={t(lang, "row.negativeShort")}
                        title={t(lang, "row.negative")}
                        onChange={(_, d) => props.onPolarity(table, row.row, d.checked ? "negative" : "positive")}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {rows.length > MAX_ROWS_SHOWN ? <Caption1>{t(lang, "table.rowsMore", { n: rows.length - MAX_ROWS_SHOWN })}</Caption1> : null}
        </>
      ) : null}
    </div>
  );
}
