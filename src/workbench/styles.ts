/** The workbench's own CSS (the task pane brings Fluent UI's styles). Injected once at boot. */
export const WORKBENCH_CSS = `
html, body { margin: 0; height: 100%; font-family: "Segoe UI", system-ui, -apple-system, sans-serif; font-size: 13px; color: #1f1f1f; }
#workbench-root { height: 100%; }
.wb-app { display: flex; flex-direction: column; height: 100vh; }
.wb-toolbar { display: flex; align-items: center; gap: 10px; padding: 6px 12px; background: #217346; color: #fff; flex-wrap: wrap; }
.wb-toolbar h1 { font-size: 15px; margin: 0 12px 0 0; font-weight: 600; }
.wb-toolbar label, .wb-toolbar span { font-size: 12px; }
.wb-toolbar select, .wb-toolbar button, .wb-toolbar input[type=file] { font: inherit; font-size: 12px; }
.wb-toolbar button { background: #fff; color: #217346; border: 0; border-radius: 3px; padding: 4px 10px; cursor: pointer; }
.wb-toolbar button:disabled { opacity: .6; cursor: default; }
.wb-toolbar .wb-spacer { flex: 1; }
.wb-toolbar .wb-stats { opacity: .85; }
.wb-message { padding: 6px 12px; background: #fff4ce; border-bottom: 1px solid #e6d48a; }
.wb-message.wb-error-msg { background: #fde7e9; border-color: #f1a7ae; }
.wb-main { flex: 1; display: flex; min-height: 0; }
.wb-left { flex: 1; min-width: 0; display: flex; flex-direction: column; border-right: 1px solid #c8c6c4; }
.wb-pane { width: 380px; flex: none; overflow: auto; background: #fff; }
.wb-pane-title { padding: 6px 10px; border-bottom: 1px solid #e1dfdd; font-weight: 600; background: #f3f2f1; display: flex; justify-content: space-between; }
.wb-grid-wrap { flex: 1; display: flex; flex-direction: column; min-height: 0; }
.wb-formula-bar { display: flex; align-items: center; gap: 8px; padding: 4px 8px; border-bottom: 1px solid #e1dfdd; background: #fafafa; min-height: 22px; }
.wb-namebox { min-width: 60px; border: 1px solid #c8c6c4; padding: 1px 6px; background: #fff; }
.wb-fx { color: #888; font-style: italic; }
.wb-formula-text { flex: 1; font-family: Consolas, monospace; font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.wb-badge { font-size: 11px; padding: 1px 6px; border-radius: 8px; }
.wb-badge-lock { background: #fde7e9; color: #a4262c; }
.wb-grid-scroll { flex: 1; overflow: auto; position: relative; background: #fff; }
.wb-table { border-collapse: collapse; table-layout: fixed; font-size: 12px; }
.wb-table th { background: #f3f2f1; color: #605e5c; font-weight: 400; border: 1px solid #d4d4d4; position: sticky; z-index: 2; }
.wb-table thead th { top: 0; height: 20px; }
.wb-rowhead { left: 0; min-width: 36px; text-align: center; }
.wb-corner { left: 0; top: 0; z-index: 3 !important; }
.wb-hidden-above { border-top: 3px double #888 !important; }
.wb-cell { border: 1px solid #e1e1e1; padding: 1px 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 0; height: 18px; vertical-align: bottom; position: relative; cursor: cell; }
.wb-cell.wb-overflow { overflow: visible; text-overflow: clip; z-index: 1; }
.wb-cell.wb-wrap { white-space: normal; word-break: break-word; }
.wb-noted::after { content: ""; position: absolute; top: 0; right: 0; border-style: solid; border-width: 0 7px 7px 0; border-color: transparent #c50f1f transparent transparent; }
.wb-formula { }
.wb-uncalculated { color: #8a8886; font-style: italic; }
.wb-error { color: #c50f1f; }
.wb-link { color: #0563c1; text-decoration: underline; }
.wb-in-selection { background-image: linear-gradient(rgba(33,115,70,.12), rgba(33,115,70,.12)); }
.wb-selected { outline: 2px solid #217346; outline-offset: -2px; }
.wb-frozen-row td { border-bottom-color: #bbb; }
.wb-tabs { display: flex; gap: 2px; padding: 0 8px; background: #f3f2f1; border-top: 1px solid #c8c6c4; overflow-x: auto; flex: none; }
.wb-tab { border: 0; background: transparent; padding: 5px 12px; cursor: pointer; font: inherit; font-size: 12px; border-bottom: 3px solid transparent; white-space: nowrap; }
.wb-tab-active { background: #fff; color: #217346; font-weight: 600; border-bottom-color: #217346; }
.wb-charts { display: flex; flex-wrap: wrap; gap: 12px; padding: 12px; }
.wb-chart { border: 1px solid #d4d4d4; margin: 0; padding: 6px; background: #fff; }
.wb-chart figcaption { font-weight: 600; margin-bottom: 4px; }
.wb-chart small { font-weight: 400; color: #666; }
.wb-grid-empty { padding: 20px; color: #666; }
.wb-drop { outline: 3px dashed #217346; outline-offset: -6px; }
`;

export function injectStyles(doc: Document = document): void {
  if (doc.getElementById("wb-styles")) return;
  const el = doc.createElement("style");
  el.id = "wb-styles";
  el.textContent = WORKBENCH_CSS;
  doc.head.appendChild(el);
}
