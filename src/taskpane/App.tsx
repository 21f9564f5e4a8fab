/**
 * The Capaian task pane: scope, Scan (tables, column roles, row polarity, scale), Fill, Check,
 * Summaries and Undo, in Bahasa Indonesia or English, over a CapaianServices implementation.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  Button,
  Caption1,
  Divider,
  Field,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Spinner,
  Tab,
  TabList,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { Finding, Message, Polarity, Role, TableModel } from "../core/model";
import { CapaianOfficeError, emptyCorrections } from "../excel";
import type { CapaianServices, Corrections, FillRequest, LastCheck, ScanResult, Scope, UndoEntry, WriteOutcome } from "./services";
import { COMPUTED_ROLES, Lang, StringKey, msg, t } from "./i18n";
import { LanguageIcon } from "./icons";
import { themeFor } from "./theme";
import { ScanPanel } from "./components/ScanPanel";
import { ScalePicker } from "./components/ScalePicker";
import { FillPanel } from "./components/FillPanel";
import { CheckPanel } from "./components/CheckPanel";
import { SummaryPanel } from "./components/SummaryPanel";
import { UndoPanel } from "./components/UndoPanel";

type TabId = "scan" | "fill" | "check" | "summary" | "undo";
type Intent = "error" | "success" | "warning" | "info";

interface Status {
  intent: Intent;
  lines: string[];
  /** Offer "Undo anyway" (the last undo was refused because cells changed since). */
  forceUndo?: boolean;
}

const useStyles = makeStyles({
  root: { minHeight: "100vh", boxSizing: "border-box" },
  main: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM },
  top: { display: "flex", justifyContent: "space-between", alignItems: "flex-start", gap: tokens.spacingHorizontalS },
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  status: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

export interface AppProps {
  services: CapaianServices;
  initialLang: Lang;
  dark?: boolean;
}

export function App({ services, initialLang, dark = false }: AppProps) {
  const s = useStyles();
  const [lang, setLang] = useState<Lang>(initialLang);
  const [scope, setScope] = useState<Scope>("active");
  const [tab, setTab] = useState<TabId>("scan");
  const [busy, setBusy] = useState<StringKey | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [scan, setScan] = useState<ScanResult | null>(null);
  const [corrections, setCorrections] = useState<Corrections>(emptyCorrections());
  const [fillRequest, setFillRequest] = useState<FillRequest>({ values: false, addColumns: [], force: false });
  const [mark, setMark] = useState(false);
  const [findings, setFindings] = useState<Finding[] | null>(null);
  const [undoEntry, setUndoEntry] = useState<UndoEntry | null>(null);
  const [lastCheck, setLastCheck] = useState<LastCheck | null>(null);
  const host = useMemo(() => services.host(), [services]);
  const langRef = useRef(lang);
  langRef.current = lang;

  const fail = useCallback((err: unknown) => {
    const l = langRef.current;
    const text = err instanceof CapaianOfficeError ? msg(l, err.text) : err instanceof Error ? err.message : String(err);
    setStatus({ intent: "error", lines: [text] });
  }, []);

  const refreshUndo = useCallback(async () => {
    try {
      setUndoEntry(await services.peekUndo());
    } catch {
      setUndoEntry(null);
    }
  }, [services]);

  useEffect(() => {
    if (!host.supported) return;
    let live = true;
    services
      .loadCorrections()
      .then((c) => live && setCorrections(c))
      .catch((e) => live && fail(e));
    services
      .lastCheck()
      .then((c) => live && setLastCheck(c))
      .catch(() => undefined);
    void refreshUndo();
    return () => {
      live = false;
    };
  }, [services, host.supported, fail, refreshUndo]);

  const run = async (label: StringKey, job: () => Promise<void>) => {
    setBusy(label);
    setStatus(null);
    try {
      await job();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const updateCorrections = (next: Corrections) => {
    setCorrections(next);
    services.saveCorrections(next).catch(fail);
  };

  const writeLines = (o: WriteOutcome, head: string): Status => {
    const lines = [head];
    if (o.skipped > 0) lines.push(t(lang, "fill.skipped", { n: o.skipped }));
    for (const w of o.warnings) lines.push(msg(lang, w));
    return { intent: o.warnings.length ? "warning" : "success", lines };
  };

  const onScan = () =>
    run("busy.scan", async () => {
      const r = await services.scan(scope, corrections);
      setScan(r);
      if (r.tables.length === 0) {
        setStatus({ intent: "warning", lines: [t(lang, "scan.none"), ...r.unrecognized.map((u) => t(lang, "scan.unrecognized", { sheet: u.sheet, reason: u.reason }))] });
      }
    });

  const onFill = () =>
    run("busy.fill", async () => {
      const o = await services.fill(scope, corrections, fillRequest);
      setStatus(writeLines(o, t(lang, "fill.done", { n: o.cellsWritten })));
      await refreshUndo();
    });

  const onCheck = () =>
    run("busy.check", async () => {
      const o = await services.check(scope, corrections, { mark });
      setFindings(o.findings);
      if (o.marked) {
        setStatus(writeLines(o.marked, t(lang, "check.marked")));
        await refreshUndo();
      }
    });

  const onSelect = (f: Finding) =>
    run("busy.select", async () => {
      await services.selectCell(f.sheet, f.cell);
    });

  const onSummaries = () =>
    run("busy.summary", async () => {
      const o = await services.summaries(scope, corrections);
      const sheets = [...o.sheetsCreated, ...o.sheetsRegenerated];
      setStatus(sheets.length ? writeLines(o, t(lang, "summary.done", { sheets: sheets.join(", ") })) : { intent: "info", lines: [t(lang, "summary.none")] });
      await refreshUndo();
    });

  const onUndo = (force = false) =>
    run("busy.undo", async () => {
      try {
        const r = await services.undo(force);
        setStatus({ intent: "success", lines: [t(lang, "undo.done", { label: msg(lang, r.entry.label as Message) })] });
      } catch (err) {
        if (err instanceof CapaianOfficeError && err.kind === "changed") {
          setStatus({ intent: "warning", lines: [msg(langRef.current, err.text)], forceUndo: true });
          return;
        }
        throw err;
      }
      await refreshUndo();
    });

  const onRole = (table: TableModel, col: number, role: Role) => {
    const column = table.columns.find((c) => c.col === col);
    updateCorrections({ ...corrections, roles: { ...corrections.roles, [`${table.id}#${col}`]: { role, ...(column?.measure ? { measure: column.measure } : {}) } } });
  };

  const onPolarity = (table: TableModel, row: number, polarity: Polarity) =>
    updateCorrections({ ...corrections, polarity: { ...corrections.polarity, [`${table.id}#${row}`]: polarity } });

  const available = useMemo(() => {
    if (!scan) return [] as Role[];
    const present = new Set(scan.tables.flatMap((tb) => tb.columns.map((c) => c.role)));
    return COMPUTED_ROLES.filter((r) => present.has(r));
  }, [scan]);

  const disabled = busy !== null || !host.supported;
  const other: Lang = lang === "id" ? "en" : "id";

  return (
    <FluentProvider theme={themeFor(dark)} className={s.root} lang={lang === "id" ? "id-ID" : "en"}>
      <main className={s.main}>
        <div className={s.top}>
          <div>
            <Title3 as="h1">{t(lang, "app.title")}</Title3>
            <br />
            <Caption1>{t(lang, "app.subtitle")}</Caption1>
          </div>
          <Button size="small" icon={<LanguageIcon />} aria-label={t(lang, "lang.switchLabel")} onClick={() => setLang(other)}>
            {t(lang, "lang.switch")}
          </Button>
        </div>
        {!host.supported ? (
          <MessageBar intent="error">
            <MessageBarBody>{t(lang, host.inExcel ? "host.unsupported" : "host.noExcel")}</MessageBarBody>
          </MessageBar>
        ) : host.limited ? (
          <MessageBar intent="warning">
            <MessageBarBody>{t(lang, "host.limited")}</MessageBarBody>
          </MessageBar>
        ) : null}
        <Field label={t(lang, "scope.label")}>
          <RadioGroup layout="horizontal" value={scope} disabled={disabled} onChange={(_, d) => setScope(d.value as Scope)}>
            <Radio value="active" label={t(lang, "scope.active")} />
            <Radio value="workbook" label={t(lang, "scope.workbook")} />
          </RadioGroup>
        </Field>
        <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabId)} size="small">
          <Tab value="scan">{t(lang, "tab.scan")}</Tab>
          <Tab value="fill">{t(lang, "tab.fill")}</Tab>
          <Tab value="check">{t(lang, "tab.check")}</Tab>
          <Tab value="summary">{t(lang, "tab.summary")}</Tab>
          <Tab value="undo">{t(lang, "tab.undo")}</Tab>
        </TabList>
        <div className={s.status} aria-live="polite" role="status">
          {busy ? <Spinner size="small" label={t(lang, busy)} /> : null}
          {status ? (
            <MessageBar intent={status.intent}>
              <MessageBarBody>
                <MessageBarTitle>
                  {t(lang, status.intent === "error" ? "status.error" : status.intent === "warning" ? "status.warning" : "status.success")}
                </MessageBarTitle>
                {status.lines.map((line, i) => (
                  <div key={i}>{line}</div>
                ))}
              </MessageBarBody>
              <MessageBarActions
                {...(status.forceUndo
                  ? {
                      children: (
                        <Button size="small" disabled={disabled} onClick={() => onUndo(true)}>
                          {t(lang, "undo.force")}
                        </Button>
                      ),
                    }
                  : {})}
                containerAction={
                  <Button appearance="transparent" size="small" aria-label={t(lang, "dismiss")} onClick={() => setStatus(null)}>
                    ×
                  </Button>
                }
              />
            </MessageBar>
          ) : null}
        </div>
        <section className={s.panel} role="tabpanel" aria-label={t(lang, `tab.${tab}` as StringKey)}>
          {tab === "scan" ? (
            <>
              <ScanPanel
                lang={lang}
                busy={disabled}
                result={scan}
                corrections={corrections}
                onScan={onScan}
                onRole={onRole}
                onPolarity={onPolarity}
              />
              <Divider />
              <ScalePicker lang={lang} disabled={disabled} corrections={corrections} onChange={updateCorrections} />
            </>
          ) : null}
          {tab === "fill" ? (
            <FillPanel lang={lang} busy={disabled} request={fillRequest} available={available} onChange={setFillRequest} onFill={onFill} />
          ) : null}
          {tab === "check" ? (
            <CheckPanel lang={lang} busy={disabled} mark={mark} findings={findings} lastCheck={lastCheck} onMark={setMark} onCheck={onCheck} onSelect={onSelect} />
          ) : null}
          {tab === "summary" ? <SummaryPanel lang={lang} busy={disabled} onBuild={onSummaries} /> : null}
          {tab === "undo" ? <UndoPanel lang={lang} busy={disabled} entry={undoEntry} onUndo={() => onUndo(false)} /> : null}
        </section>
      </main>
    </FluentProvider>
  );
}
