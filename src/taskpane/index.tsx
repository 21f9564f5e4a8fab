/** Task pane entry: render after Office.onReady, in the display language and Office's theme. */
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { detectLanguage } from "./i18n";
import { createOfficeServices } from "./services";
import { isDarkOfficeTheme, officeTheme } from "./theme";

function mount(): void {
  const el = document.getElementById("container");
  if (!el) return;
  const lang = detectLanguage(typeof Office !== "undefined" ? Office.context?.displayLanguage : navigator.language);
  createRoot(el).render(<App services={createOfficeServices()} initialLang={lang} dark={isDarkOfficeTheme(officeTheme())} />);
}

if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
  void Office.onReady(() => mount());
} else {
  // Opened outside Office (a plain browser): render anyway; every action then explains that Excel is needed.
  mount();
}
