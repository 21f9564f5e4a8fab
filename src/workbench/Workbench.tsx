/**
 * The workbench page: a toolbar (sample, open .xlsx, download, protect), the grid view of the
 * in-memory workbook on the left, the REAL task pane on the right, running on the stand-in Excel.
 */
import * as React from "react";
import { memFromXlsx, memToXlsx, type InstalledOffice, type MemWorkbook } from "./fake-excel";
import { GridView } from "./GridView";
import { TaskPaneSlot } from "./taskpane-slot";

export interface WorkbenchProps {
  office: InstalledOffice;
  /** Sample id (file name without .xlsx) to open at start. */
  initialSample?: string;
}

interface Notice {
  kind: "info" | "error";
  text: string;
}

declare global {
  interface Window {
    __capaianWorkbench?: {
      workbook(): MemWorkbook;
      open(bytes: ArrayBuffer, name: string): Promise<void>;
      openSample(id: string): Promise<void>;
    };
  }
}

function useRevision(wb: MemWorkbook): number {
  const [rev, setRev] = React.useState(wb.revision);
  React.useEffect(() => wb.subscribe(() => setRev(wb.revision)), [wb]);
  return rev;
}

class PaneBoundary extends React.Component<{ children: React.ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) {
      return (
        <div className="wb-message wb-error-msg" data-testid="pane-crash">
          Panel tugas berhenti dengan galat / The task pane crashed: {this.state.error.message}
        </div>
      );
    }
    return this.props.children;
  }
}

/** Excel.run and context.sync counts of the stand-in (polled: a read-only sync notifies nobody). */
function Stats({ workbook }: { workbook: MemWorkbook }): React.ReactElement {
  const [, setTick] = React.useState(0);
  React.useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), 500);
    return () => clearInterval(id);
  }, []);
  return (
    <span className="wb-stats" data-testid="stats" title="Excel.run / context.sync">
      run {workbook.stats.runs} · sync {workbook.stats.syncs}
    </span>
  );
}

export function Workbench({ office, initialSample }: WorkbenchProps): React.ReactElement {
  const [wb, setWb] = React.useState<MemWorkbook>(office.workbook());
  const [paneKey, setPaneKey] = React.useState(0);
  const [samples, setSamples] = React.useState<string[]>([]);
  const [sample, setSample] = React.useState(initialSample ?? "");
  const [notice, setNotice] = React.useState<Notice | null>(null);
  const [loading, setLoading] = React.useState(!!initialSample);
  const [drag, setDrag] = React.useState(false);
  useRevision(wb);

  const open = React.useCallback(
    async (bytes: ArrayBuffer, name: string) => {
      const mem = await memFromXlsx(bytes, name);
      office.setWorkbook(mem);
      setWb(mem);
      setPaneKey((k) => k + 1);
      setNotice({ kind: "info", text: `Dibuka / Opened: ${name} (${mem.sheets.length} lembar / sheets)` });
    },
    [office],
  );

  const openSample = React.useCallback(
    async (id: string) => {
      setLoading(true);
      try {
        const res = await fetch(`samples/${encodeURIComponent(id)}.xlsx`);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        await open(await res.arrayBuffer(), `${id}.xlsx`);
        setSample(id);
      } catch (e) {
        setNotice({ kind: "error", text: `Contoh "${id}" tidak dapat dibuka / Sample "${id}" could not be opened: ${(e as Error).message}` });
      } finally {
        setLoading(false);
      }
    },
    [open],
  );

  const openFile = React.useCallback(
    async (file: File) => {
      setLoading(true);
      try {
        await open(await file.arrayBuffer(), file.name);
        setSample("");
      } catch (e) {
        setNotice({
          kind: "error",
          text: `"${file.name}" tidak dapat dibaca sebagai .xlsx / could not be read as .xlsx: ${(e as Error).message.split("\n")[0]}`,
        });
      } finally {
        setLoading(false);
      }
    },
    [open],
  );

  React.useEffect(() => {
    fetch("samples/index.json")
      .then((r) => (r.ok ? r.json() : []))
      .then((list: string[]) => setSamples(list.map((f) => f.replace(/\.xlsx$/i, ""))))
      .catch(() => setSamples([]));
    if (initialSample) void openSample(initialSample);
  }, [initialSample, openSample]);

  React.useEffect(() => {
    window.__capaianWorkbench = { workbook: () => office.workbook(), open, openSample };
  }, [office, open, openSample]);

  const download = async () => {
    const bytes = await memToXlsx(wb);
    const blob = new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = wb.name.replace(/\.xlsx$/i, "") + "-capaian.xlsx";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const active = wb.sheet(wb.activeSheet);
  const toggleProtection = () => {
    if (!active) return;
    active.protected = !active.protected;
    wb.notify("sheets");
  };

  return (
    <div className="wb-app" data-testid="workbench" data-ready={loading ? "false" : "true"} data-workbook={wb.name}>
      <div className="wb-toolbar">
        <h1>Capaian · Workbench</h1>
        <label>
          Contoh / Sample{" "}
          <select
            data-testid="sample-select"
            value={sample}
            onChange={(e) => {
              if (e.target.value) void openSample(e.target.value);
            }}
          >
            <option value="">—</option>
            {samples.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Buka / Open .xlsx{" "}
          <input
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="file-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void openFile(f);
              e.target.value = "";
            }}
          />
        </label>
        <button type="button" data-testid="download" onClick={() => void download()}>
          Unduh / Download .xlsx
        </button>
        <button type="button" data-testid="toggle-protection" onClick={toggleProtection} title="Simulasikan lembar terproteksi / simulate a protected sheet">
          {active?.protected ? "Buka proteksi / Unprotect sheet" : "Proteksi lembar / Protect sheet"}
        </button>
        <span className="wb-spacer" />
        <Stats workbook={wb} />
      </div>
      {notice ? (
        <div className={"wb-message" + (notice.kind === "error" ? " wb-error-msg" : "")} data-testid="workbench-message" role={notice.kind === "error" ? "alert" : "status"}>
          {notice.text}
        </div>
      ) : null}
      <div className="wb-main">
        <div
          className={"wb-left" + (drag ? " wb-drop" : "")}
          onDragOver={(e) => {
            e.preventDefault();
            setDrag(true);
          }}
          onDragLeave={() => setDrag(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDrag(false);
            const f = e.dataTransfer.files?.[0];
            if (f) void openFile(f);
          }}
        >
          <GridView workbook={wb} />
        </div>
        <aside className="wb-pane" data-testid="taskpane" aria-label="Capaian task pane">
          <PaneBoundary key={paneKey}>
            <TaskPaneSlot key={paneKey} />
          </PaneBoundary>
        </aside>
      </div>
    </div>
  );
}
