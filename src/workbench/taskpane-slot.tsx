/**
 * The REAL Capaian task pane, mounted the way src/taskpane/index.tsx mounts it (App with the
 * Office services, the display language and Office's theme), but inside the workbench page and on
 * the stand-in Excel. Nothing of the task pane is replaced.
 */
import * as React from "react";
import { App } from "../taskpane/App";
import { detectLanguage } from "../taskpane/i18n";
import { createOfficeServices } from "../taskpane/services";
import { isDarkOfficeTheme, officeTheme } from "../taskpane/theme";

export function TaskPaneSlot(): React.ReactElement {
  const services = React.useMemo(() => createOfficeServices(), []);
  const lang = detectLanguage(typeof Office !== "undefined" ? Office.context?.displayLanguage : navigator.language);
  return <App services={services} initialLang={lang} dark={isDarkOfficeTheme(officeTheme())} />;
}
