/**
 * Workbench entry. `./boot` is imported first: it installs the stand-in Excel/Office globals before
 * any task-pane module is evaluated. Office.onReady then resolves as in Excel, and the page renders.
 */
import { office, params } from "./boot";
import { createRoot } from "react-dom/client";
import { Workbench } from "./Workbench";
import { injectStyles } from "./styles";

function mount(): void {
  injectStyles();
  const el = document.getElementById("workbench-root");
  if (!el) return;
  createRoot(el).render(<Workbench office={office} initialSample={params.get("sample") ?? undefined} />);
}

void Office.onReady(() => mount());
