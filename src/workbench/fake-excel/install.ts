/**
 * The `Excel`, `Office` and `OfficeExtension` globals of the stand-in, over one MemWorkbook.
 * `installFakeOffice(workbook)` puts them on globalThis before the task pane boots.
 */
import { FakeRequestContext, versionAtMost, type FakeExcelOptions, type RunOptions } from "./api";
import { ErrorCodes, FakeOfficeError } from "./errors";
import { MemWorkbook } from "./workbook";

export interface FakeOfficeOptions extends FakeExcelOptions {
  /** Highest ExcelApi requirement set reported as supported (default "1.18": notes API). */
  apiVersion?: string;
  /** Office.context.displayLanguage (default "id-ID"). */
  displayLanguage?: string;
}

/** The ExcelApi set the workbench reports by default: notes (1.18), as in Excel on the web. */
export const DEFAULT_API = "1.18";

/**
 * Hosts an officer may have, with what they support and what they limit: the highest ExcelApi set
 * (Office 2019 = up to 1.7, 2021 = 1.14, 2024 = 1.17, Microsoft 365 newer), the 5 MB request
 * and response caps of Excel on the web, and the settings cap (2 MB; Excel 2021 refuses a value from
 * about 1 MB).
 */
export const HOST_PROFILES: Record<"web" | "excel2019" | "excel2021" | "excel2024" | "m365", FakeOfficeOptions> = {
  web: { apiVersion: "1.20" },
  excel2019: { apiVersion: "1.7", responseLimit: Infinity, payloadLimit: Infinity },
  excel2021: { apiVersion: "1.14", responseLimit: Infinity, payloadLimit: Infinity, settingValueLimit: 1024 * 1024 },
  excel2024: { apiVersion: "1.17", responseLimit: Infinity, payloadLimit: Infinity },
  m365: { apiVersion: "1.20", responseLimit: Infinity, payloadLimit: Infinity },
};

export interface FakeExcelNamespace {
  run<T>(batch: (context: FakeRequestContext) => Promise<T>): Promise<T>;
  run<T>(options: RunOptions, batch: (context: FakeRequestContext) => Promise<T>): Promise<T>;
  RequestContext: typeof FakeRequestContext;
  ErrorCodes: typeof ErrorCodes;
  [key: string]: unknown;
}

/** The Excel namespace: Excel.run plus the enums an add-in may reference at run time. */
export function createExcel(getWorkbook: () => MemWorkbook, options: FakeOfficeOptions = {}): FakeExcelNamespace {
  async function run<T>(a: unknown, b?: unknown): Promise<T> {
    const batch = (typeof a === "function" ? a : b) as (context: FakeRequestContext) => Promise<T>;
    const runOptions = (typeof a === "function" ? {} : (a ?? {})) as RunOptions;
    if (typeof batch !== "function") throw new FakeOfficeError("InvalidArgument", "Excel.run expects a batch function.");
    const mem = getWorkbook();
    mem.stats.runs++;
    mem.stats.runCalls.push({ ...runOptions });
    if (mem.faults.run) throw mem.faults.run;
    const context = new FakeRequestContext(mem, {
      ...runOptions,
      latencyMs: options.latencyMs,
      apiVersion: options.apiVersion ?? DEFAULT_API,
      payloadLimit: options.payloadLimit,
      responseLimit: options.responseLimit,
      settingsLimit: options.settingsLimit,
      settingValueLimit: options.settingValueLimit,
    });
    try {
      const result = await batch(context);
      // Excel.run syncs the commands still queued when the batch resolves
      if (context.pending) await context.sync();
      return result;
    } finally {
      context.close();
    }
  }
  return {
    run: run as FakeExcelNamespace["run"],
    RequestContext: FakeRequestContext,
    ErrorCodes,
    ChartType: {
      columnClustered: "ColumnClustered",
      columnStacked: "ColumnStacked",
      barClustered: "BarClustered",
      barStacked: "BarStacked",
      line: "Line",
      lineMarkers: "LineMarkers",
      pie: "Pie",
    },
    ChartSeriesBy: { auto: "Auto", columns: "Columns", rows: "Rows" },
    ClearApplyTo: { all: "All", formats: "Formats", contents: "Contents", hyperlinks: "Hyperlinks", removeHyperlinks: "RemoveHyperlinks" },
    PageOrientation: { portrait: "Portrait", landscape: "Landscape" },
    RangeValueType: { unknown: "Unknown", empty: "Empty", string: "String", integer: "Integer", double: "Double", boolean: "Boolean", error: "Error", richValue: "RichValue" },
    HorizontalAlignment: { general: "General", left: "Left", center: "Center", right: "Right", fill: "Fill", justify: "Justify", centerAcrossSelection: "CenterAcrossSelection", distributed: "Distributed" },
    VerticalAlignment: { top: "Top", center: "Center", bottom: "Bottom", justify: "Justify", distributed: "Distributed" },
    SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
    CalculationType: { recalculate: "Recalculate", full: "Full", fullRebuild: "FullRebuild" },
    CalculationMode: { automatic: "Automatic", automaticExceptTables: "AutomaticExceptTables", manual: "Manual" },
    DeleteShift: { up: "Up", left: "Left" },
    InsertShift: { down: "Down", right: "Right" },
    ContentType: { plain: "Plain", mention: "Mention" },
  };
}

export interface FakeOfficeNamespace {
  onReady(callback?: (info: { host: string; platform: string }) => void): Promise<{ host: string; platform: string }>;
  initialize?: () => void;
  HostType: Record<string, string>;
  PlatformType: Record<string, string>;
  context: {
    host: string;
    platform: string;
    displayLanguage: string;
    contentLanguage: string;
    officeTheme: { bodyBackgroundColor: string; bodyForegroundColor: string; controlBackgroundColor: string; controlForegroundColor: string; isDarkTheme?: boolean };
    requirements: { isSetSupported(name: string, minVersion?: string | number): boolean };
    diagnostics: { host: string; platform: string; version: string };
    document: { url: string };
  };
  actions: { associate(name: string, fn: (...args: unknown[]) => unknown): void };
  [key: string]: unknown;
}

export function createOffice(options: FakeOfficeOptions = {}): FakeOfficeNamespace {
  const apiVersion = options.apiVersion ?? DEFAULT_API;
  const info = { host: "Excel", platform: "OfficeOnline" };
  const actions = new Map<string, (...args: unknown[]) => unknown>();
  return {
    onReady(callback) {
      if (callback) setTimeout(() => callback(info), 0);
      return Promise.resolve(info);
    },
    initialize: undefined,
    HostType: { Excel: "Excel", Word: "Word", PowerPoint: "PowerPoint", Outlook: "Outlook", OneNote: "OneNote", Project: "Project", Access: "Access" },
    PlatformType: { PC: "PC", OfficeOnline: "OfficeOnline", Mac: "Mac", iOS: "iOS", Android: "Android", Universal: "Universal" },
    context: {
      host: "Excel",
      platform: "OfficeOnline",
      displayLanguage: options.displayLanguage ?? "id-ID",
      contentLanguage: options.displayLanguage ?? "id-ID",
      officeTheme: {
        bodyBackgroundColor: "#FFFFFF",
        bodyForegroundColor: "#000000",
        controlBackgroundColor: "#FFFFFF",
        controlForegroundColor: "#000000",
        isDarkTheme: false,
      },
      requirements: {
        isSetSupported(name: string, minVersion?: string | number) {
          if (name.toLowerCase() !== "excelapi") return false;
          if (minVersion === undefined) return true;
          return versionAtMost(String(minVersion), apiVersion);
        },
      },
      diagnostics: { host: "Excel", platform: "OfficeOnline", version: "16.0.0.0 (Capaian workbench)" },
      document: { url: "workbench://workbook.xlsx" },
    },
    actions: {
      associate(name, fn) {
        actions.set(name, fn);
      },
    },
  };
}

export interface InstalledOffice {
  Excel: FakeExcelNamespace;
  Office: FakeOfficeNamespace;
  /** Point the stand-in at another workbook (the workbench opening a file). */
  setWorkbook(wb: MemWorkbook): void;
  workbook(): MemWorkbook;
  uninstall(): void;
}

/** Put `Excel`, `Office` and `OfficeExtension` on globalThis, backed by `workbook`. */
export function installFakeOffice(workbook: MemWorkbook, options: FakeOfficeOptions = {}): InstalledOffice {
  let current = workbook;
  const g = globalThis as Record<string, unknown>;
  const previous = { Excel: g.Excel, Office: g.Office, OfficeExtension: g.OfficeExtension };
  const Excel = createExcel(() => current, options);
  const Office = createOffice(options);
  g.Excel = Excel;
  g.Office = Office;
  g.OfficeExtension = {
    Error: FakeOfficeError,
    ErrorCodes: {
      accessDenied: "AccessDenied",
      generalException: "GeneralException",
      activityLimitReached: "ActivityLimitReached",
      invalidObjectPath: "InvalidObjectPath",
      propertyNotLoaded: "PropertyNotLoaded",
      valueNotLoaded: "ValueNotLoaded",
      invalidRequestContext: "InvalidRequestContext",
      invalidArgument: "InvalidArgument",
      runMustReturnPromise: "RunMustReturnPromise",
      cannotRegisterEvent: "CannotRegisterEvent",
      apiNotFound: "ApiNotFound",
      connectionFailure: "ConnectionFailure",
    },
  };
  return {
    Excel,
    Office,
    setWorkbook(wb) {
      current = wb;
    },
    workbook: () => current,
    uninstall() {
      g.Excel = previous.Excel;
      g.Office = previous.Office;
      g.OfficeExtension = previous.OfficeExtension;
    },
  };
}
