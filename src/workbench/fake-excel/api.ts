/**
 * A stand-in for the Excel JavaScript API over a MemWorkbook: the subset the Capaian adapter uses
 * (see src/excel/api-subset.ts), with Office.js's batching semantics.
 *
 *  - Every method call and property assignment on a proxy is QUEUED; nothing touches the workbook
 *    until `context.sync()` (or the implicit sync at the end of `Excel.run`).
 *  - `load(...)` queues a read; the value is captured when the sync executes the queue, so it sees
 *    the writes queued before it. Reading a property that was not loaded and synced THROWS
 *    PropertyNotLoaded (bookkeeping by office-addin-mock's OfficeMockObject, see ./bag.ts).
 *  - A failing command (ItemNotFound, AccessDenied on a protected sheet, InvalidArgument ...) stops
 *    the batch at that command and rejects the sync; commands before it stay applied, as in Excel.
 *  - Writes follow Excel's typed-input rules: a string starting with "=" (or "+"/"-" not followed by
 *    a plain number) becomes a formula, a numeric string becomes a number unless the cell is
 *    formatted as text ("@"), a leading apostrophe forces text, null inside a 2-D array leaves the
 *    cell unchanged, "" clears it.
 *  - Formulas are evaluated by ./formula.ts after each write.
 */
import type { Area, Scalar } from "../../core/grid";
import { a1, colLetter, parseA1, colIndex } from "../../core/grid";
import { LoadBag } from "./bag";
import { FakeOfficeError, officeError, PROTECTED_MESSAGE } from "./errors";
import { formatValue } from "./format";
import { MemWorkbook, type ChangeKind, type MemCell, type MemSeries, type MemSheet } from "./workbook";

type Op = () => void;

const MAX_ROWS = 1048576;
const MAX_COLS = 16384;

export interface RunOptions {
  delayForCellEdit?: boolean;
  /** ExcelApi 1.20: the batch's syncs form one Ctrl+Z step. */
  mergeUndoGroup?: boolean;
}

export interface FakeExcelOptions {
  /** Milliseconds each sync waits, to make busy states visible in the workbench (default 0). */
  latencyMs?: number;
  /**
   * Highest ExcelApi requirement set of the simulated host. A command from a newer set fails at
   * sync with ApiNotFound, as on an older Excel. Default: everything.
   */
  apiVersion?: string;
  /** Request payload limit in bytes (Excel on the web: 5 MB); a larger sync fails, nothing applied. */
  payloadLimit?: number;
  /**
   * Response payload limit in bytes (Excel on the web: 5 MB): a sync whose loads return more fails
   * with ResponsePayloadSizeLimitExceeded (its commands were applied; nothing loaded is readable).
   */
  responseLimit?: number;
  /** Total size of an add-in's settings (Microsoft: 2 MB); a write beyond it fails with InvalidArgument. */
  settingsLimit?: number;
  /** Size of one setting value beyond which add() fails with InvalidArgument (Excel 2021: about 1 MB). */
  settingValueLimit?: number;
}

export const DEFAULT_PAYLOAD_LIMIT = 5 * 1024 * 1024;
export const DEFAULT_RESPONSE_LIMIT = 5 * 1024 * 1024;
export const DEFAULT_SETTINGS_LIMIT = 2 * 1024 * 1024;
/** getMergedAreasOrNullObject fails when the range holds more merged areas than this. */
export const MAX_MERGED_AREAS = 512;
/** Width in points of a column nobody sized (Calibri 11: 8.43 characters). */
export const STANDARD_WIDTH = 48;
/** Approximate bytes of one command in a request, besides its data. */
const COMMAND_BYTES = 100;

export function versionAtMost(v: string, max: string): boolean {
  const a = v.split(".").map(Number);
  const b = max.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Request context

export class FakeRequestContext {
  readonly workbook: FakeWorkbook;
  readonly application: FakeApplication;
  readonly trackedObjects = { add: (): void => undefined, remove: (): void => undefined };
  readonly runtime = { enableEvents: true };
  private queue: Op[] = [];
  /** Bags with loads staged by the running sync (not every bag ever created: a sync stays O(its loads)). */
  private readonly staged = new Set<LoadBag>();
  private writes = 0;
  private bytes = 0;
  private commands = 0;
  private responseBytes = 0;
  /** Calculation suspended for the next sync (suspendApiCalculationUntilNextSync). */
  calcSuspended = false;
  private undoGrouped = false;
  private changes = new Set<ChangeKind>();
  private closed = false;

  constructor(
    readonly mem: MemWorkbook,
    readonly options: RunOptions & FakeExcelOptions = {},
  ) {
    this.workbook = new FakeWorkbook(this);
    this.application = this.workbook.application;
  }

  /** @internal */
  register(bag: LoadBag): void {
    bag.onStage = (b) => this.staged.add(b);
    bag.onValue = (v) => {
      this.responseBytes += jsonBytes(v);
    };
  }

  /** @internal Queue a command. */
  enqueue(op: Op, location: string, change?: ChangeKind, dataBytes = 0): void {
    this.bytes += COMMAND_BYTES + dataBytes;
    this.commands++;
    if (this.closed) {
      throw officeError(
        "InvalidObjectPath",
        "The object path isn't working for what you're trying to do. If you're using the object across multiple \"context.sync\" calls and outside the sequential execution of a \".run\" batch, please use the \"context.trackedObjects.add()\" and \"context.trackedObjects.remove()\" methods to manage the object's lifetime.",
        location,
      );
    }
    if (change) {
      this.writes++;
      this.queue.push(() => {
        op();
        this.changes.add(change);
      });
    } else {
      this.queue.push(op);
    }
  }

  /** @internal Fail at sync with ApiNotFound when the simulated host lacks ExcelApi `version`. */
  requires(version: string, location: string): void {
    const max = this.options.apiVersion;
    if (!max || versionAtMost(version, max)) return;
    this.enqueue(() => {
      throw officeError("ApiNotFound", `The API you are trying to use could not be found. It may be available in a newer version of Excel (${location} needs ExcelApi ${version}; this host has ${max}).`, location);
    }, location);
  }

  /** @internal */
  get pending(): boolean {
    return this.queue.length > 0;
  }

  /** @internal */
  close(): void {
    this.closed = true;
  }

  async sync<T>(passThroughValue?: T): Promise<T> {
    const queue = this.queue;
    const writes = this.writes;
    const bytes = this.bytes;
    const commands = this.commands;
    const suspended = this.calcSuspended;
    this.queue = [];
    this.writes = 0;
    this.bytes = 0;
    this.commands = 0;
    this.responseBytes = 0;
    this.calcSuspended = false;
    const stats = this.mem.stats;
    stats.syncs++;
    if (writes > 0) {
      stats.writeSyncs++;
      // Each sync that writes is one Ctrl+Z step, unless the batch merges them (mergeUndoGroup, 1.20).
      const merged = this.options.mergeUndoGroup === true && versionAtMost("1.20", this.options.apiVersion ?? "99.0");
      if (!merged || !this.undoGrouped) stats.undoSteps++;
      if (merged) this.undoGrouped = true;
    }
    stats.maxRequestBytes = Math.max(stats.maxRequestBytes ?? 0, bytes);
    const logged: { bytes: number; responseBytes: number; commands: number; failed?: string } = { bytes, responseBytes: 0, commands };
    stats.requests.push(logged);
    const fault = this.mem.faults.syncs.shift();
    if (fault) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      throw fault;
    }
    const limit = this.options.payloadLimit ?? DEFAULT_PAYLOAD_LIMIT;
    if (bytes > limit) {
      // Excel rejects the whole request: nothing of it is applied
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      throw officeError(
        "RequestPayloadSizeLimitExceeded",
        `The request payload size has exceeded the limit (${bytes} bytes > ${limit}). Please refer to the documentation on resource limits for Office add-ins.`,
        "RequestContext.sync",
      );
    }
    if (suspended && writes > 0) this.mem.calcPending = true;
    let failure: unknown;
    for (const op of queue) {
      try {
        op();
      } catch (e) {
        failure = e;
        break;
      }
    }
    const staged = [...this.staged];
    this.staged.clear();
    const responseBytes = this.responseBytes;
    this.responseBytes = 0;
    logged.responseBytes = responseBytes;
    stats.maxResponseBytes = Math.max(stats.maxResponseBytes ?? 0, responseBytes);
    const responseLimit = this.options.responseLimit ?? DEFAULT_RESPONSE_LIMIT;
    if (failure === undefined && responseBytes > responseLimit) {
      // The commands ran; the answer is too large to send back, so nothing loaded becomes readable.
      failure = officeError(
        "ResponsePayloadSizeLimitExceeded",
        `The response payload size has exceeded the limit (${responseBytes} bytes > ${responseLimit}). Please refer to the documentation on resource limits for Office add-ins.`,
        "RequestContext.sync",
      );
    } else {
      for (const bag of staged) await bag.sync();
    }
    // office-addin-mock settles its properties in promise callbacks: let them run
    await new Promise<void>((resolve) => setTimeout(resolve, this.options.latencyMs ?? 0));
    // A batch written with calculation on recalculates what is dirty, what a suspended one left too.
    if (!suspended && this.changes.has("cells")) this.mem.calcPending = false;
    if (this.changes.size > 0) {
      this.mem.ensureCalculated();
      const kinds = [...this.changes];
      this.changes.clear();
      for (const k of kinds) this.mem.notify(k);
    }
    if (failure !== undefined) {
      logged.failed = (failure as { code?: string }).code ?? "Error";
      throw failure;
    }
    return passThroughValue as T;
  }

  /**
   * @internal Settings are capped (2 MB per add-in; Excel 2021 refuses a value from about 1 MB): a
   * write beyond the cap fails with InvalidArgument, as users report.
   */
  checkSetting(key: string, value: unknown, location: string): void {
    const size = jsonBytes(value) + key.length;
    const valueLimit = this.options.settingValueLimit;
    if (valueLimit !== undefined && size > valueLimit) {
      throw officeError("InvalidArgument", `The argument is invalid or missing or has an incorrect format (setting "${key}" of ${size} bytes).`, location);
    }
    let total = size;
    for (const [k, v] of this.mem.settings) if (k !== key) total += jsonBytes(v) + k.length;
    const limit = this.options.settingsLimit ?? DEFAULT_SETTINGS_LIMIT;
    if (total > limit) {
      throw officeError("InvalidArgument", `The argument is invalid or missing or has an incorrect format (settings would hold ${total} bytes > ${limit}).`, location);
    }
  }

  /** @internal Recalculate before a read, so loads see the writes queued before them. */
  fresh(): MemWorkbook {
    this.mem.ensureCalculated();
    return this.mem;
  }
}

// ---------------------------------------------------------------------------------------------
// Proxy base

type LoadArg = string | string[] | Record<string, unknown> | undefined;

function loadPaths(arg: LoadArg): string[] {
  if (arg === undefined || arg === null) return [];
  if (typeof arg === "string") return arg.split(",").map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(arg)) return arg.flatMap((s) => loadPaths(s));
  const o = arg as Record<string, unknown>;
  if ("select" in o || "expand" in o) {
    return [...loadPaths(o.select as string | undefined), ...loadPaths(o.expand as string | undefined)];
  }
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (v === true) out.push(k);
    else if (v && typeof v === "object") for (const sub of loadPaths(v as Record<string, unknown>)) out.push(`${k}/${sub}`);
  }
  return out;
}

/** Load paths of a collection, as paths on its items: "items/name" and "name" both mean "name". */
function itemPaths(paths: string[]): string[] {
  return paths.map((p) => (p === "items" ? "" : p.replace(/^items\//, ""))).filter(Boolean);
}

abstract class ClientObject {
  protected readonly bag: LoadBag;
  /** Navigation properties that `load("nav/prop")` descends into. */
  protected navigation(): Record<string, ClientObject> {
    return {};
  }
  /** The navigation property `head`, if there is one. */
  protected navigationTo(head: string): ClientObject | undefined {
    return this.navigation()[head];
  }

  constructor(
    readonly context: FakeRequestContext,
    protected readonly typeName: string,
    protected readonly scalars: string[],
  ) {
    this.bag = new LoadBag(typeName, scalars);
    context.register(this.bag);
  }

  /** Value of a scalar property as the workbook holds it now (runs inside a sync). */
  protected abstract fetch(name: string): unknown;

  load(arg?: LoadArg): this {
    const paths = loadPaths(arg);
    for (const path of paths) {
      const head = path.split("/")[0];
      if (!this.navigationTo(head) && !this.scalars.includes(head) && !this.acceptsPath(head)) {
        throw officeError("InvalidArgument", `The property '${head}' does not exist on ${this.typeName}.`, `${this.typeName}.load`);
      }
    }
    this.context.enqueue(() => {
      this.context.fresh();
      this.stagePaths(paths);
    }, `${this.typeName}.load`);
    return this;
  }

  /** Collections accept "items" and item properties. */
  protected acceptsPath(_head: string): boolean {
    return false;
  }

  /** @internal Stage the given load paths now (inside a sync); [] means every scalar property. */
  stagePaths(paths: string[]): void {
    if (paths.length === 0) {
      this.stageNow(this.scalars.filter((s) => s !== "isNullObject"));
      return;
    }
    for (const path of paths) {
      const [head, ...rest] = path.split("/");
      const nav = this.navigationTo(head);
      if (nav) nav.stagePaths(rest.length ? [rest.join("/")] : []);
      else if (this.scalars.includes(head)) this.stageNow([head]);
      else throw officeError("InvalidArgument", `The property '${head}' does not exist on ${this.typeName}.`, `${this.typeName}.load`);
    }
  }

  /** @internal Stage properties immediately (inside a sync). */
  stageNow(names: string[]): void {
    for (const n of names) this.bag.stage(n, this.fetch(n));
  }

  protected read<T>(name: string): T {
    return this.bag.get(name) as T;
  }

  /** Queue a property assignment; the value is readable locally at once. */
  protected assign(name: string, value: unknown, op: Op, change: ChangeKind = "cells", dataBytes = 0): void {
    this.bag.setLocal(name, value);
    this.context.enqueue(op, `${this.typeName}.${name}`, change, dataBytes);
  }

  toJSON(): Record<string, unknown> {
    return this.bag.snapshot();
  }
}

/** OfficeExtension.ClientResult: `.value` is readable after the sync. */
export class FakeClientResult<T> {
  private readonly bag: LoadBag;
  constructor(context: FakeRequestContext, compute: () => T, location: string) {
    this.bag = new LoadBag("ClientResult", ["value"]);
    context.register(this.bag);
    context.enqueue(() => {
      context.fresh();
      this.bag.stage("value", compute());
    }, location);
  }

  get value(): T {
    try {
      return this.bag.get("value") as T;
    } catch {
      throw officeError(
        "PropertyNotLoaded",
        'The value of the result object has not been loaded yet. Before reading the value property, call "context.sync()" on the associated request context.',
        "ClientResult.value",
      );
    }
  }
}

function jsonBytes(v: unknown): number {
  try {
    return JSON.stringify(v ?? null).length;
  } catch {
    return 0;
  }
}

function itemNotFound(location: string): FakeOfficeError {
  return officeError("ItemNotFound", "The requested resource doesn't exist.", location);
}

function invalidArgument(location: string, detail?: string): FakeOfficeError {
  return officeError("InvalidArgument", detail ?? "The argument is invalid or missing or has an incorrect format.", location);
}

function assertWritable(sheet: MemSheet, location: string): void {
  if (sheet.protected) throw officeError("AccessDenied", PROTECTED_MESSAGE, location);
}

// ---------------------------------------------------------------------------------------------
// Workbook, application, settings

export class FakeApplication extends ClientObject {
  /** Number of suspend calls, for tests that check the adapter batches its writes. */
  suspendedCalculation = 0;
  suspendedScreenUpdating = 0;
  constructor(context: FakeRequestContext) {
    super(context, "Application", ["calculationMode"]);
  }
  protected fetch(): unknown {
    return "Automatic";
  }
  suspendApiCalculationUntilNextSync(): void {
    this.context.requires("1.6", "Application.suspendApiCalculationUntilNextSync");
    this.suspendedCalculation++;
    this.context.mem.stats.calcSuspended++;
    this.context.calcSuspended = true;
    this.context.enqueue(() => undefined, "Application.suspendApiCalculationUntilNextSync");
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this.context.requires("1.9", "Application.suspendScreenUpdatingUntilNextSync");
    this.suspendedScreenUpdating++;
    this.context.mem.stats.screenSuspended++;
    this.context.enqueue(() => undefined, "Application.suspendScreenUpdatingUntilNextSync");
  }
  /** Recalculates (what a suspended batch left stale too). */
  calculate(_type?: string): void {
    this.context.mem.stats.calculations++;
    this.context.enqueue(() => {
      this.context.mem.calcPending = false;
      this.context.mem.recalculate();
    }, "Application.calculate", "cells");
  }
}

// ---------------------------------------------------------------------------------------------
// Custom XML parts (ExcelApi 1.5): stored with the workbook, not capped like settings

let partCounter = 0;

function rootNamespace(xml: string): string {
  const m = /<(?!\?)[^\s>/]+[^>]*?\sxmlns="([^"]*)"/.exec(xml);
  return m ? m[1] : "";
}

export class FakeCustomXmlPart extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly getId: () => string | null,
    private readonly nullable: boolean,
  ) {
    super(context, "CustomXmlPart", ["id", "namespaceUri", "isNullObject"]);
    if (nullable) context.enqueue(() => this.bag.stage("isNullObject", this.find() === undefined), "CustomXmlPart");
  }
  private find(): { id: string; part: { namespace: string; xml: string } } | undefined {
    const id = this.getId();
    const part = id === null ? undefined : this.context.mem.customXmlParts.get(id);
    return part && id !== null ? { id, part } : undefined;
  }
  private must(loc: string): { id: string; part: { namespace: string; xml: string } } {
    const f = this.find();
    if (!f) throw itemNotFound(loc);
    return f;
  }
  protected fetch(name: string): unknown {
    if (name === "isNullObject") return this.find() === undefined;
    if (this.nullable && !this.find()) return null;
    const f = this.must(`CustomXmlPart.${name}`);
    return name === "id" ? f.id : f.part.namespace;
  }
  get id(): string {
    return this.read("id");
  }
  get namespaceUri(): string {
    return this.read("namespaceUri");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  getXml(): FakeClientResult<string> {
    return new FakeClientResult(this.context, () => this.must("CustomXmlPart.getXml").part.xml, "CustomXmlPart.getXml");
  }
  setXml(xml: string): void {
    this.context.enqueue(() => {
      const f = this.must("CustomXmlPart.setXml");
      f.part.xml = xml;
      f.part.namespace = rootNamespace(xml);
    }, "CustomXmlPart.setXml", "settings", xml.length);
  }
  delete(): void {
    this.context.enqueue(() => {
      const f = this.must("CustomXmlPart.delete");
      this.context.mem.customXmlParts.delete(f.id);
    }, "CustomXmlPart.delete", "settings");
  }
}

export class FakeCustomXmlPartCollection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly namespace?: string,
  ) {
    super(context, namespace === undefined ? "CustomXmlPartCollection" : "CustomXmlPartScopedCollection", ["items"]);
  }
  private ids(): string[] {
    return [...this.context.mem.customXmlParts.entries()].filter(([, p]) => this.namespace === undefined || p.namespace === this.namespace).map(([id]) => id);
  }
  protected fetch(): unknown {
    return this.ids().map((id) => {
      const part = new FakeCustomXmlPart(this.context, () => id, false);
      part.stageNow(["id", "namespaceUri"]);
      return part;
    });
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(): void {
    this.stageNow(["items"]);
  }
  get items(): FakeCustomXmlPart[] {
    return this.read("items");
  }
  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.context, () => this.ids().length, `${this.typeName}.getCount`);
  }
  add(xml: string): FakeCustomXmlPart {
    this.context.requires("1.5", "CustomXmlPartCollection.add");
    const id = `{CAFE${String(++partCounter).padStart(4, "0")}-0000-4000-8000-${Date.now().toString(16).padStart(12, "0").slice(-12)}}`;
    this.context.enqueue(
      () => {
        if (typeof xml !== "string" || !/^\s*(<\?xml[^>]*>\s*)?<[^\s>/!?]/.test(xml)) throw invalidArgument("CustomXmlPartCollection.add", "The XML is not well formed.");
        this.context.mem.customXmlParts.set(id, { namespace: rootNamespace(xml), xml });
      },
      "CustomXmlPartCollection.add",
      "settings",
      jsonBytes(xml),
    );
    return new FakeCustomXmlPart(this.context, () => id, false);
  }
  getByNamespace(namespaceUri: string): FakeCustomXmlPartCollection {
    this.context.requires("1.5", "CustomXmlPartCollection.getByNamespace");
    return new FakeCustomXmlPartCollection(this.context, namespaceUri);
  }
  getItem(id: string): FakeCustomXmlPart {
    return new FakeCustomXmlPart(this.context, () => id, false);
  }
  getItemOrNullObject(id: string): FakeCustomXmlPart {
    this.context.requires("1.5", "CustomXmlPartCollection.getItemOrNullObject");
    return new FakeCustomXmlPart(this.context, () => id, true);
  }
}

export class FakeWorkbook extends ClientObject {
  readonly worksheets: FakeWorksheetCollection;
  readonly settings: FakeSettingCollection;
  readonly customXmlParts: FakeCustomXmlPartCollection;
  readonly tables: FakeTableCollection;
  readonly comments: FakeCommentCollection;
  readonly notes: FakeNoteCollection;
  readonly application: FakeApplication;

  constructor(context: FakeRequestContext) {
    super(context, "Workbook", ["name"]);
    this.worksheets = new FakeWorksheetCollection(context);
    this.settings = new FakeSettingCollection(context);
    this.customXmlParts = new FakeCustomXmlPartCollection(context);
    this.tables = new FakeTableCollection(context, undefined);
    this.comments = new FakeCommentCollection(context, undefined);
    this.notes = new FakeNoteCollection(context, undefined);
    this.application = new FakeApplication(context);
  }
  protected override navigation(): Record<string, ClientObject> {
    return { worksheets: this.worksheets, settings: this.settings };
  }
  protected fetch(): unknown {
    return this.context.mem.name;
  }
  get name(): string {
    return this.read("name");
  }

  /** The selected range (the workbench's selection, or A1 of the active sheet). */
  getSelectedRange(): FakeRange {
    const mem = this.context.mem;
    return new FakeRange(
      this.context,
      () => mem.sheet(mem.selection?.sheet ?? "") ?? mem.active(),
      () => mem.selection?.area ?? { r1: 0, c1: 0, r2: 0, c2: 0 },
    );
  }
  getActiveCell(): FakeRange {
    const mem = this.context.mem;
    return new FakeRange(
      this.context,
      () => mem.sheet(mem.selection?.sheet ?? "") ?? mem.active(),
      () => {
        const a = mem.selection?.area ?? { r1: 0, c1: 0, r2: 0, c2: 0 };
        return { r1: a.r1, c1: a.c1, r2: a.r1, c2: a.c1 };
      },
    );
  }
}

function serialize(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export class FakeSetting extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly keyName: string,
    private readonly nullable: boolean,
    private readonly mustExist: boolean,
  ) {
    super(context, "Setting", ["key", "value", "isNullObject"]);
    if (nullable) context.enqueue(() => this.bag.stage("isNullObject", !this.exists()), "Setting");
  }
  private exists(): boolean {
    return this.context.mem.settings.has(this.keyName);
  }
  private resolve(location: string): boolean {
    if (this.exists()) return true;
    if (this.nullable || !this.mustExist) return false;
    throw itemNotFound(location);
  }
  protected fetch(name: string): unknown {
    const ok = this.resolve(`Setting.${name}`);
    if (name === "isNullObject") return !ok;
    if (!ok) return null;
    if (name === "key") return this.keyName;
    return serialize(this.context.mem.settings.get(this.keyName));
  }
  get key(): string {
    return this.read("key");
  }
  get value(): unknown {
    return this.read("value");
  }
  set value(v: unknown) {
    const copy = serialize(v);
    this.assign(
      "value",
      v,
      () => {
        this.resolve("Setting.value");
        this.context.checkSetting(this.keyName, copy, "Setting.value");
        this.context.mem.settings.set(this.keyName, copy);
      },
      "settings",
    );
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  delete(): void {
    this.context.enqueue(
      () => {
        this.resolve("Setting.delete");
        this.context.mem.settings.delete(this.keyName);
      },
      "Setting.delete",
      "settings",
    );
  }
}

export class FakeSettingCollection extends ClientObject {
  constructor(context: FakeRequestContext) {
    super(context, "SettingCollection", ["items"]);
  }
  protected fetch(): unknown {
    return [...this.context.mem.settings.keys()].map((k) => {
      const s = new FakeSetting(this.context, k, false, true);
      s.stageNow(["key", "value"]);
      return s;
    });
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(): void {
    // "items", "items/value", "key,value": all mean the items with their key and value
    this.stageNow(["items"]);
  }
  get items(): FakeSetting[] {
    return this.read("items");
  }
  add(key: string, value: unknown): FakeSetting {
    if (typeof key !== "string" || key === "") throw invalidArgument("SettingCollection.add");
    const copy = serialize(value);
    this.context.enqueue(
      () => {
        this.context.checkSetting(key, copy, "SettingCollection.add");
        this.context.mem.settings.set(key, copy);
      },
      "SettingCollection.add",
      "settings",
      jsonBytes(copy) + key.length,
    );
    return new FakeSetting(this.context, key, false, true);
  }
  getItem(key: string): FakeSetting {
    return new FakeSetting(this.context, key, false, true);
  }
  getItemOrNullObject(key: string): FakeSetting {
    return new FakeSetting(this.context, key, true, false);
  }
  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.context, () => this.context.mem.settings.size, "SettingCollection.getCount");
  }
}

// ---------------------------------------------------------------------------------------------
// Worksheets

type SheetResolver = () => MemSheet | undefined;

const INVALID_SHEET_NAME = /[[\]:*?/\\]/;

export class FakeWorksheetCollection extends ClientObject {
  constructor(context: FakeRequestContext) {
    super(context, "WorksheetCollection", ["items"]);
  }
  protected fetch(): unknown {
    return this.context.mem.sheets.map((s) => new FakeWorksheet(this.context, fixed(s), false, "item"));
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(paths: string[]): void {
    const names = itemPaths(paths);
    const items = this.context.mem.sheets.map((s) => {
      const w = new FakeWorksheet(this.context, fixed(s), false, "item");
      w.stagePaths(names.length ? names : ["name", "position", "visibility"]);
      return w;
    });
    this.bag.stage("items", items);
  }
  get items(): FakeWorksheet[] {
    return this.read("items");
  }
  getActiveWorksheet(): FakeWorksheet {
    const mem = this.context.mem;
    return new FakeWorksheet(this.context, () => mem.active(), false, "Worksheet.getActiveWorksheet");
  }
  getItem(key: string): FakeWorksheet {
    const mem = this.context.mem;
    return new FakeWorksheet(this.context, () => mem.sheet(key), false, "WorksheetCollection.getItem");
  }
  getItemOrNullObject(key: string): FakeWorksheet {
    this.context.requires("1.4", "WorksheetCollection.getItemOrNullObject");
    const mem = this.context.mem;
    return new FakeWorksheet(this.context, () => mem.sheet(key), true, "WorksheetCollection.getItemOrNullObject");
  }
  getFirst(): FakeWorksheet {
    const mem = this.context.mem;
    return new FakeWorksheet(this.context, () => mem.sheets[0], false, "WorksheetCollection.getFirst");
  }
  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.context, () => this.context.mem.sheets.length, "WorksheetCollection.getCount");
  }
  add(name?: string): FakeWorksheet {
    const mem = this.context.mem;
    let created: MemSheet | undefined;
    this.context.enqueue(
      () => {
        let n = name;
        if (n === undefined || n === "") {
          let i = mem.sheets.length + 1;
          while (mem.sheet(`Sheet${i}`)) i++;
          n = `Sheet${i}`;
        }
        if (n.length > 31 || INVALID_SHEET_NAME.test(n) || /^'|'$/.test(n)) {
          throw invalidArgument("WorksheetCollection.add", "The argument is invalid or missing or has an incorrect format.");
        }
        if (mem.sheet(n)) {
          throw officeError("ItemAlreadyExists", "A resource with the same name or identifier already exists.", "WorksheetCollection.add");
        }
        created = mem.addSheet(n);
        mem.touch();
      },
      "WorksheetCollection.add",
      "sheets",
    );
    return new FakeWorksheet(this.context, () => created, false, "WorksheetCollection.add");
  }
}

function fixed(s: MemSheet): SheetResolver {
  return () => s;
}

export class FakeWorksheet extends ClientObject {
  private target?: MemSheet | null;
  readonly protection: FakeWorksheetProtection;
  readonly freezePanes: FakeFreezePanes;
  readonly charts: FakeChartCollection;
  readonly pageLayout: FakePageLayout;
  readonly comments: FakeCommentCollection;
  readonly notes: FakeNoteCollection;
  readonly tables: FakeTableCollection;

  constructor(
    context: FakeRequestContext,
    private readonly resolver: SheetResolver,
    private readonly nullable: boolean,
    private readonly location: string,
  ) {
    super(context, "Worksheet", ["name", "position", "visibility", "id", "isNullObject", "tabColor"]);
    const sheet = (loc: string) => this.sheet(loc);
    this.protection = new FakeWorksheetProtection(context, sheet);
    this.freezePanes = new FakeFreezePanes(context, sheet);
    this.charts = new FakeChartCollection(context, sheet);
    this.pageLayout = new FakePageLayout(context, sheet);
    this.comments = new FakeCommentCollection(context, sheet);
    this.notes = new FakeNoteCollection(context, sheet);
    this.tables = new FakeTableCollection(context, sheet);
    if (nullable) context.enqueue(() => this.bag.stage("isNullObject", this.resolve() === null), location);
  }

  protected override navigation(): Record<string, ClientObject> {
    return { protection: this.protection, pageLayout: this.pageLayout };
  }

  /** @internal The sheet, resolved at the first command that needs it; null for a null object. */
  resolve(): MemSheet | null {
    if (this.target === undefined || (this.target && !this.context.mem.sheets.includes(this.target))) {
      const s = this.resolver();
      if (s) this.target = s;
      else return null;
    }
    return this.target;
  }

  /** @internal The sheet, or ItemNotFound. */
  sheet(location: string): MemSheet {
    const s = this.resolve();
    if (!s) throw itemNotFound(location);
    return s;
  }

  protected fetch(name: string): unknown {
    if (name === "isNullObject") return this.resolve() === null;
    if (this.nullable && this.resolve() === null) return null;
    const s = this.sheet(`Worksheet.${name}`);
    switch (name) {
      case "name":
        return s.name;
      case "position":
        return this.context.mem.sheets.indexOf(s);
      case "visibility":
        return "Visible";
      case "id":
        return `{${s.name}}`;
      case "tabColor":
        return s.tabColor ?? "";
    }
    return undefined;
  }

  get name(): string {
    return this.read("name");
  }
  get position(): number {
    return this.read("position");
  }
  get visibility(): string {
    return this.read("visibility");
  }
  get id(): string {
    return this.read("id");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  get tabColor(): string {
    return this.read("tabColor");
  }
  set tabColor(color: string) {
    this.assign("tabColor", color, () => {
      this.sheet("Worksheet.tabColor").tabColor = color || undefined;
    }, "sheets");
  }

  getRange(address?: string): FakeRange {
    const area = address === undefined ? { r1: 0, c1: 0, r2: MAX_ROWS - 1, c2: MAX_COLS - 1 } : parseAddress(address);
    return new FakeRange(
      this.context,
      () => {
        const s = this.sheet("Worksheet.getRange");
        if (address && address.includes("!")) {
          const sheetPart = address.slice(0, address.lastIndexOf("!")).replace(/^'|'$/g, "").replace(/''/g, "'");
          if (sheetPart.toLowerCase() !== s.name.toLowerCase()) throw invalidArgument("Worksheet.getRange");
        }
        return s;
      },
      () => {
        if (!area) throw invalidArgument("Worksheet.getRange", `The address '${address}' is not valid.`);
        return area;
      },
    );
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): FakeRange {
    this.context.requires("1.7", "Worksheet.getRangeByIndexes");
    return new FakeRange(
      this.context,
      () => this.sheet("Worksheet.getRangeByIndexes"),
      () => {
        if (startRow < 0 || startColumn < 0 || rowCount < 1 || columnCount < 1 || startRow + rowCount > MAX_ROWS || startColumn + columnCount > MAX_COLS) {
          throw invalidArgument("Worksheet.getRangeByIndexes");
        }
        return { r1: startRow, c1: startColumn, r2: startRow + rowCount - 1, c2: startColumn + columnCount - 1 };
      },
    );
  }

  getUsedRange(valuesOnly?: boolean): FakeRange {
    return new FakeRange(
      this.context,
      () => this.sheet("Worksheet.getUsedRange"),
      () => this.sheet("Worksheet.getUsedRange").usedArea(!!valuesOnly) ?? { r1: 0, c1: 0, r2: 0, c2: 0 },
    );
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    this.context.requires("1.4", "Worksheet.getUsedRangeOrNullObject");
    return new FakeRange(
      this.context,
      () => this.sheet("Worksheet.getUsedRangeOrNullObject"),
      () => this.sheet("Worksheet.getUsedRangeOrNullObject").usedArea(!!valuesOnly) ?? null,
      true,
    );
  }

  activate(): void {
    this.context.enqueue(
      () => {
        const s = this.sheet("Worksheet.activate");
        this.context.mem.activeSheet = s.name;
      },
      "Worksheet.activate",
      "selection",
    );
  }

  delete(): void {
    this.context.enqueue(
      () => {
        const s = this.sheet("Worksheet.delete");
        if (this.context.mem.sheets.length <= 1) {
          throw officeError("InvalidOperation", "This operation is not allowed: a workbook must contain at least one visible worksheet.", "Worksheet.delete");
        }
        this.context.mem.deleteSheet(s.name);
        this.context.mem.touch();
      },
      "Worksheet.delete",
      "sheets",
    );
  }
}

/** An Excel Table (ListObject): name and range; writing into it meets calculated-column AutoCorrect. */
export class FakeTable extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly sheet: MemSheet,
    private readonly table: MemSheet["tables"][number],
  ) {
    super(context, "Table", ["name", "id"]);
  }
  protected fetch(name: string): unknown {
    return name === "name" ? this.table.name : `{${this.table.name}}`;
  }
  get name(): string {
    return this.read("name");
  }
  get id(): string {
    return this.read("id");
  }
  getRange(): FakeRange {
    return new FakeRange(this.context, () => this.sheet, () => ({ ...this.table.area }));
  }
}

export class FakeTableCollection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    /** The sheet of a worksheet's collection; undefined for the workbook's (every sheet). */
    private readonly sheet: ((loc: string) => MemSheet) | undefined,
  ) {
    super(context, "TableCollection", ["count", "items"]);
  }
  protected fetch(name: string): unknown {
    const sheets = this.sheet ? [this.sheet("TableCollection.load")] : this.context.mem.sheets;
    const all = sheets.flatMap((s) => s.tables.map((t) => ({ s, t })));
    if (name === "count") return all.length;
    return all.map(({ s, t }) => {
      const item = new FakeTable(this.context, s, t);
      item.stageNow(["name", "id"]);
      return item;
    });
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(paths: string[]): void {
    if (paths.length === 1 && paths[0] === "count") this.stageNow(["count"]);
    else this.stageNow(["items"]);
  }
  get count(): number {
    return this.read("count");
  }
  get items(): FakeTable[] {
    return this.read("items");
  }
}

export class FakeWorksheetProtection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly sheet: (loc: string) => MemSheet,
  ) {
    super(context, "WorksheetProtection", ["protected", "options"]);
  }
  protected fetch(name: string): unknown {
    const s = this.sheet(`WorksheetProtection.${name}`);
    return name === "protected" ? s.protected : {};
  }
  get protected(): boolean {
    return this.read("protected");
  }
  protect(): void {
    this.context.enqueue(() => {
      this.sheet("WorksheetProtection.protect").protected = true;
    }, "WorksheetProtection.protect", "sheets");
  }
  unprotect(): void {
    this.context.enqueue(() => {
      this.sheet("WorksheetProtection.unprotect").protected = false;
    }, "WorksheetProtection.unprotect", "sheets");
  }
}

export class FakeFreezePanes {
  constructor(
    private readonly context: FakeRequestContext,
    private readonly sheet: (loc: string) => MemSheet,
  ) {}
  /** Excel keeps one frozen pane: freezing rows or columns replaces it. */
  private freeze(loc: string, rows: number, cols: number): void {
    this.context.requires("1.7", loc);
    this.context.enqueue(() => {
      const s = this.sheet(loc);
      s.freezeRows = rows;
      s.freezeCols = cols;
    }, loc, "sheets");
  }
  freezeRows(count = 1): void {
    this.freeze("WorksheetFreezePanes.freezeRows", count, 0);
  }
  freezeColumns(count = 1): void {
    this.freeze("WorksheetFreezePanes.freezeColumns", 0, count);
  }
  unfreeze(): void {
    this.freeze("WorksheetFreezePanes.unfreeze", 0, 0);
  }
  /** The frozen pane as a range (rows: full width; columns: full height; both: the corner), or a null object. */
  getLocationOrNullObject(): FakeRange {
    this.context.requires("1.7", "WorksheetFreezePanes.getLocationOrNullObject");
    const loc = "WorksheetFreezePanes.getLocationOrNullObject";
    return new FakeRange(
      this.context,
      () => this.sheet(loc),
      () => {
        const s = this.sheet(loc);
        if (!s.freezeRows && !s.freezeCols) return null;
        return { r1: 0, c1: 0, r2: (s.freezeRows || MAX_ROWS) - 1, c2: (s.freezeCols || MAX_COLS) - 1 };
      },
      true,
    );
  }
  /** Freezes the rows above and the columns left of the range's bottom-right corner. */
  freezeAt(frozenRange: FakeRange): void {
    this.context.requires("1.7", "WorksheetFreezePanes.freezeAt");
    this.context.enqueue(() => {
      const { area } = frozenRange.target("WorksheetFreezePanes.freezeAt");
      const s = this.sheet("WorksheetFreezePanes.freezeAt");
      s.freezeRows = area.r2 + 1 >= MAX_ROWS ? 0 : area.r2 + 1;
      s.freezeCols = area.c2 + 1 >= MAX_COLS ? 0 : area.c2 + 1;
    }, "WorksheetFreezePanes.freezeAt", "sheets");
  }
}

export class FakePageLayout extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly sheet: (loc: string) => MemSheet,
  ) {
    super(context, "PageLayout", ["orientation"]);
  }
  protected fetch(): unknown {
    return this.sheet("PageLayout.orientation").orientation;
  }
  get orientation(): string {
    return this.read("orientation");
  }
  set orientation(v: string) {
    this.context.requires("1.9", "PageLayout.orientation");
    this.assign("orientation", v, () => {
      this.sheet("PageLayout.orientation").orientation = /land/i.test(v) ? "Landscape" : "Portrait";
    }, "sheets");
  }
  /** Print settings the workbench does not model are accepted and ignored. */
  set zoom(_v: unknown) {
    this.context.enqueue(() => undefined, "PageLayout.zoom");
  }
  set paperSize(_v: unknown) {
    this.context.enqueue(() => undefined, "PageLayout.paperSize");
  }
  set centerHorizontally(_v: unknown) {
    this.context.enqueue(() => undefined, "PageLayout.centerHorizontally");
  }
}

type ChartRef = MemSheet["charts"][number];

/**
 * The series Excel makes of a source range (seriesBy "Columns"; "Rows" is the transpose): the first
 * row holds the series names when none of its value cells is a number, the first column the
 * categories when none of its body cells is a number; every other column is a series, a blank one
 * (an empty merged column) included.
 */
export function autoSeries(sheet: MemSheet, area: Area, seriesBy: string): MemSeries[] {
  const byRows = /rows/i.test(seriesBy);
  const at = (i: number, j: number) => (byRows ? sheet.get(area.r1 + j, area.c1 + i) : sheet.get(area.r1 + i, area.c1 + j));
  const nRows = byRows ? area.c2 - area.c1 + 1 : area.r2 - area.r1 + 1;
  const nCols = byRows ? area.r2 - area.r1 + 1 : area.c2 - area.c1 + 1;
  const isNum = (cell: MemCell | undefined) => typeof cell?.v === "number";
  const isText = (cell: MemCell | undefined) => typeof cell?.v === "string" && cell.v !== "";
  let cats = nCols > 1;
  for (let i = 1; i < nRows && cats; i++) if (isNum(at(i, 0))) cats = false;
  let header = nRows > 1;
  let named = false;
  for (let j = cats ? 1 : 0; j < nCols && header; j++) {
    if (isNum(at(0, j))) header = false;
    if (isText(at(0, j))) named = true;
  }
  header = header && named;
  const r0 = header ? 1 : 0;
  const addr = (i1: number, j1: number, i2: number, j2: number) =>
    byRows
      ? sheetAddress(sheet.name, { r1: area.r1 + j1, c1: area.c1 + i1, r2: area.r1 + j2, c2: area.c1 + i2 })
      : sheetAddress(sheet.name, { r1: area.r1 + i1, c1: area.c1 + j1, r2: area.r1 + i2, c2: area.c1 + j2 });
  const out: MemSeries[] = [];
  for (let j = cats ? 1 : 0; j < nCols; j++) {
    const name = header ? at(0, j)?.v : undefined;
    const series: MemSeries = { name: name === null || name === undefined || name === "" ? `Series${out.length + 1}` : String(name), values: addr(r0, j, nRows - 1, j) };
    if (cats) series.categories = addr(r0, 0, nRows - 1, 0);
    out.push(series);
  }
  return out;
}

export class FakeChartSeries extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly getSeries: () => MemSeries,
    private readonly getChart: () => ChartRef,
  ) {
    super(context, "ChartSeries", ["name", "chartType"]);
  }
  protected fetch(name: string): unknown {
    const x = this.getSeries();
    return name === "name" ? x.name : (x.type ?? this.getChart().type);
  }
  get name(): string {
    return this.read("name");
  }
  set name(v: string) {
    this.assign("name", v, () => void (this.getSeries().name = String(v)), "sheets");
  }
  get chartType(): string {
    return this.read("chartType");
  }
  set chartType(v: string) {
    this.context.requires("1.7", "ChartSeries.chartType");
    this.assign("chartType", v, () => void (this.getSeries().type = String(v)), "sheets");
  }
  setValues(sourceData: FakeRange): void {
    this.context.requires("1.7", "ChartSeries.setValues");
    this.context.enqueue(() => void (this.getSeries().values = sourceData.describe()), "ChartSeries.setValues", "sheets");
  }
  setXAxisValues(sourceData: FakeRange): void {
    this.context.requires("1.7", "ChartSeries.setXAxisValues");
    this.context.enqueue(() => void (this.getSeries().categories = sourceData.describe()), "ChartSeries.setXAxisValues", "sheets");
  }
  delete(): void {
    this.context.requires("1.7", "ChartSeries.delete");
    this.context.enqueue(() => {
      const ch = this.getChart();
      ch.series = ch.series.filter((x) => x !== this.getSeries());
    }, "ChartSeries.delete", "sheets");
  }
}

export class FakeChartSeriesCollection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly getChart: () => ChartRef,
  ) {
    super(context, "ChartSeriesCollection", ["count", "items"]);
  }
  protected fetch(name: string): unknown {
    const ch = this.getChart();
    if (name === "count") return ch.series.length;
    return ch.series.map((x) => {
      const item = new FakeChartSeries(this.context, () => x, () => ch);
      item.stageNow(["name", "chartType"]);
      return item;
    });
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(paths: string[]): void {
    const names = itemPaths(paths);
    if (names.length === 0 && paths.includes("count")) this.stageNow(["count"]);
    else this.stageNow(["items"]);
  }
  get count(): number {
    return this.read("count");
  }
  get items(): FakeChartSeries[] {
    return this.read("items");
  }
  getItemAt(index: number): FakeChartSeries {
    let x: MemSeries | undefined;
    const get = () => {
      if (!x) x = this.getChart().series[index];
      if (!x) throw itemNotFound("ChartSeriesCollection.getItemAt");
      return x;
    };
    return new FakeChartSeries(this.context, get, this.getChart);
  }
  add(name?: string, index?: number): FakeChartSeries {
    this.context.requires("1.7", "ChartSeriesCollection.add");
    const created: MemSeries = { name: name ?? "" };
    this.context.enqueue(() => {
      const ch = this.getChart();
      if (!created.name) created.name = `Series${ch.series.length + 1}`;
      if (index === undefined || index >= ch.series.length) ch.series.push(created);
      else ch.series.splice(Math.max(0, index), 0, created);
    }, "ChartSeriesCollection.add", "sheets");
    return new FakeChartSeries(this.context, () => created, this.getChart);
  }
}

export class FakeChart extends ClientObject {
  readonly title: { text: string };
  readonly series: FakeChartSeriesCollection;
  private chart?: ChartRef;
  constructor(
    context: FakeRequestContext,
    private readonly getChart: () => ChartRef,
  ) {
    super(context, "Chart", ["name", "displayBlanksAs"]);
    let text = "";
    const resolve = () => this.resolveChart();
    this.series = new FakeChartSeriesCollection(context, resolve);
    this.title = {
      get text() {
        return text;
      },
      set text(v: string) {
        text = v;
        context.enqueue(() => {
          resolve().title = v;
        }, "ChartTitle.text", "sheets");
      },
    };
  }
  protected override navigation(): Record<string, ClientObject> {
    return { series: this.series };
  }
  /** @internal */
  resolveChart(): ChartRef {
    if (!this.chart) this.chart = this.getChart();
    return this.chart;
  }
  protected fetch(name: string): unknown {
    const ch = this.resolveChart();
    return name === "name" ? ch.name : (ch.displayBlanksAs ?? "Zero");
  }
  get name(): string {
    return this.read("name");
  }
  get displayBlanksAs(): string {
    return this.read("displayBlanksAs");
  }
  set displayBlanksAs(v: string) {
    this.context.requires("1.8", "Chart.displayBlanksAs");
    this.assign("displayBlanksAs", v, () => void (this.resolveChart().displayBlanksAs = String(v)), "sheets");
  }
  setPosition(startCell: string | FakeRange, endCell?: string | FakeRange): void {
    const addr = (x: string | FakeRange | undefined) => (x === undefined ? undefined : typeof x === "string" ? x : x.describe());
    this.context.enqueue(() => {
      this.resolveChart().position = { start: addr(startCell)!, end: addr(endCell) };
    }, "Chart.setPosition", "sheets");
  }
  delete(): void {
    this.context.enqueue(() => {
      const c = this.resolveChart();
      for (const s of this.context.mem.sheets) s.charts = s.charts.filter((x) => x !== c);
    }, "Chart.delete", "sheets");
  }
}

export class FakeChartCollection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly sheet: (loc: string) => MemSheet,
  ) {
    super(context, "ChartCollection", ["count", "items"]);
  }
  protected fetch(name: string): unknown {
    const s = this.sheet("ChartCollection.load");
    if (name === "count") return s.charts.length;
    return s.charts.map((c) => {
      const ch = new FakeChart(this.context, () => c);
      ch.stageNow(["name"]);
      return ch;
    });
  }
  get count(): number {
    return this.read("count");
  }
  get items(): FakeChart[] {
    return this.read("items");
  }
  add(type: string, sourceData: FakeRange, seriesBy: string = "Auto"): FakeChart {
    let created: ChartRef | undefined;
    this.context.enqueue(
      () => {
        const s = this.sheet("ChartCollection.add");
        assertWritable(s, "ChartCollection.add");
        const { sheet: src, area } = sourceData.target("ChartCollection.add");
        created = {
          name: `Chart ${s.charts.length + 1}`,
          type: String(type),
          source: sourceData.describe(),
          seriesBy: String(seriesBy),
          series: autoSeries(src, area, String(seriesBy)),
        };
        s.charts.push(created);
      },
      "ChartCollection.add",
      "sheets",
    );
    return new FakeChart(this.context, () => {
      if (!created) throw itemNotFound("Chart");
      return created;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Addresses

/** "A1", "$A$1:B7", "A:C", "3:5", optionally prefixed by "Sheet!" (ignored here). */
export function parseAddress(address: string): Area | undefined {
  const local = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const [p, q] = local.split(":");
  if (q === undefined) {
    const c = parseA1(p);
    return c ? { r1: c.r, c1: c.c, r2: c.r, c2: c.c } : undefined;
  }
  const cell = (s: string) => parseA1(s);
  const cp = cell(p);
  const cq = cell(q);
  if (cp && cq) {
    return { r1: Math.min(cp.r, cq.r), c1: Math.min(cp.c, cq.c), r2: Math.max(cp.r, cq.r), c2: Math.max(cp.c, cq.c) };
  }
  const colRe = /^\$?([A-Za-z]{1,3})$/;
  const rowRe = /^\$?(\d+)$/;
  const pc = colRe.exec(p.trim());
  const qc = colRe.exec(q.trim());
  if (pc && qc) {
    const x = colIndex(pc[1]);
    const y = colIndex(qc[1]);
    return { r1: 0, c1: Math.min(x, y), r2: MAX_ROWS - 1, c2: Math.max(x, y) };
  }
  const pr = rowRe.exec(p.trim());
  const qr = rowRe.exec(q.trim());
  if (pr && qr) {
    const x = Number(pr[1]) - 1;
    const y = Number(qr[1]) - 1;
    return { r1: Math.min(x, y), c1: 0, r2: Math.max(x, y), c2: MAX_COLS - 1 };
  }
  return undefined;
}

function localAddress(area: Area): string {
  const fullCols = area.r1 === 0 && area.r2 === MAX_ROWS - 1;
  const fullRows = area.c1 === 0 && area.c2 === MAX_COLS - 1;
  if (fullCols && !fullRows) return `${colLetter(area.c1)}:${colLetter(area.c2)}`;
  if (fullRows && !fullCols) return `${area.r1 + 1}:${area.r2 + 1}`;
  if (area.r1 === area.r2 && area.c1 === area.c2) return a1(area.r1, area.c1);
  return `${a1(area.r1, area.c1)}:${a1(area.r2, area.c2)}`;
}

export function sheetAddress(sheet: string, area: Area): string {
  return MemWorkbook.address(sheet, area).replace(/!.*$/, "!" + localAddress(area));
}

// ---------------------------------------------------------------------------------------------
// Typed input (what Excel does with a value written through the API)

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED_RE = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

function writeInput(cell: MemCell, input: unknown, asFormula: boolean): void {
  cell.calc = undefined;
  cell.unsupported = undefined;
  cell.error = undefined;
  cell.quoted = undefined;
  if (input === "" ) {
    cell.v = null;
    cell.f = undefined;
    return;
  }
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw invalidArgument("Range.values");
    cell.v = input;
    cell.f = undefined;
    return;
  }
  if (typeof input === "boolean") {
    cell.v = input;
    cell.f = undefined;
    return;
  }
  if (typeof input !== "string") throw invalidArgument("Range.values", "The value type is not supported.");
  const s = input;
  if (cell.fmt === "@") {
    cell.v = s;
    cell.f = undefined;
    return;
  }
  if (s.startsWith("'")) {
    cell.v = s.slice(1);
    cell.f = undefined;
    cell.quoted = true;
    return;
  }
  if (s.startsWith("=") && s.length > 1) {
    cell.f = s;
    cell.v = null;
    return;
  }
  if (/^#(N\/A|REF!|DIV\/0!|VALUE!|NAME\?|NUM!|NULL!)$/.test(s)) {
    // an error literal typed in is Excel's error value
    cell.v = s;
    cell.f = undefined;
    cell.error = true;
    return;
  }
  const t = s.trim();
  if (NUMBER_RE.test(t)) {
    cell.v = Number(t);
    cell.f = undefined;
    return;
  }
  if (GROUPED_RE.test(t)) {
    cell.v = Number(t.replace(/,/g, ""));
    cell.f = undefined;
    if (!cell.fmt) cell.fmt = t.includes(".") ? "#,##0.00" : "#,##0";
    return;
  }
  const pct = /^([+-]?(\d+(\.\d*)?|\.\d+))\s*%$/.exec(t);
  if (pct) {
    cell.v = Number(pct[1]) / 100;
    cell.f = undefined;
    if (!cell.fmt) cell.fmt = pct[1].includes(".") ? "0.00%" : "0%";
    return;
  }
  if (/^(TRUE|FALSE)$/i.test(t)) {
    cell.v = t.toUpperCase() === "TRUE";
    cell.f = undefined;
    return;
  }
  if ((s.startsWith("+") || s.startsWith("-")) && s.length > 1) {
    // Excel treats "+x" / "-x" as a formula (the formula-injection hazard)
    cell.f = "=" + s;
    cell.v = null;
    return;
  }
  void asFormula;
  cell.v = s;
  cell.f = undefined;
}

function valueType(cell: MemCell | undefined): string {
  if (!cell || cell.v === null || cell.v === "") return "Empty";
  if (cell.error) return "Error";
  if (typeof cell.v === "number") return "Double";
  if (typeof cell.v === "boolean") return "Boolean";
  return "String";
}

// ---------------------------------------------------------------------------------------------
// Excel Tables: calculated-column AutoCorrect

/** Shifts the relative row references of an en-US formula by `dr` rows (for a calculated column). */
export function shiftFormulaRows(formula: string, dr: number): string {
  let out = "";
  let quoted = false;
  for (let i = 0; i < formula.length; ) {
    const ch = formula[i];
    if (ch === '"') {
      quoted = !quoted;
      out += ch;
      i++;
      continue;
    }
    if (!quoted) {
      const m = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?![\w(!])/.exec(formula.slice(i));
      const prev = i > 0 ? formula[i - 1] : "";
      if (m && !/[\w.]/.test(prev)) {
        const row = m[3] === "$" ? Number(m[4]) : Number(m[4]) + dr;
        out += `${m[1]}${m[2]}${m[3]}${row}`;
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

/**
 * Excel's calculated-column AutoCorrect, as far as the add-in meets it: a formula written into a
 * table column whose data cells were all empty turns the column into a calculated column, so the
 * FIRST formula written there is filled into every data row of the column, replacing whatever
 * other formulas the same write put in the other rows. Returns what to run after the write.
 */
function tableAutoCorrect(mem: MemWorkbook, sheet: MemSheet, area: Area, input: unknown): (() => void) | undefined {
  if (!Array.isArray(input) || sheet.tables.length === 0) return undefined;
  const jobs: (() => void)[] = [];
  for (const t of sheet.tables) {
    const b1 = t.area.r1 + 1;
    const b2 = t.area.r2;
    if (b2 < b1) continue;
    for (let c = Math.max(area.c1, t.area.c1); c <= Math.min(area.c2, t.area.c2); c++) {
      let first: { r: number; f: string } | undefined;
      for (let r = Math.max(area.r1, b1); r <= Math.min(area.r2, b2) && !first; r++) {
        const x = (input as unknown[][])[r - area.r1]?.[c - area.c1];
        if (typeof x === "string" && x.startsWith("=") && x.length > 1) first = { r, f: x };
      }
      if (!first) continue;
      let empty = true;
      for (let r = b1; r <= b2 && empty; r++) {
        const cell = sheet.get(r, c);
        if (cell && (cell.f !== undefined || (cell.v !== null && cell.v !== ""))) empty = false;
      }
      if (!empty) continue;
      const { r: r0, f } = first;
      jobs.push(() => {
        for (let r = b1; r <= b2; r++) {
          const cell = sheet.ensure(r, c);
          cell.f = shiftFormulaRows(f, r - r0);
          cell.v = null;
          cell.calc = undefined;
          cell.quoted = undefined;
          mem.markDirty(sheet.name, r, c);
        }
      });
    }
  }
  return jobs.length ? () => jobs.forEach((j) => j()) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Ranges

type AreaResolver = () => Area | null;

interface CellPropsRequest {
  address?: boolean;
  format?: {
    font?: { bold?: boolean; italic?: boolean; color?: boolean; name?: boolean; size?: boolean };
    fill?: { color?: boolean; pattern?: boolean };
    indentLevel?: boolean;
    wrapText?: boolean;
    horizontalAlignment?: boolean;
    verticalAlignment?: boolean;
    borders?: Record<string, unknown> | boolean;
  };
  hyperlink?: boolean;
}

const EDGES = { top: "t", bottom: "b", left: "l", right: "r" } as const;

export class FakeRange extends ClientObject {
  private resolved?: { sheet: MemSheet; area: Area | null };
  private formatObject?: FakeRangeFormat;

  constructor(
    context: FakeRequestContext,
    private readonly sheetOf: () => MemSheet,
    private readonly areaOf: AreaResolver,
    private readonly nullable = false,
  ) {
    super(context, "Range", [
      "address",
      "addressLocal",
      "rowIndex",
      "columnIndex",
      "rowCount",
      "columnCount",
      "cellCount",
      "values",
      "formulas",
      "numberFormat",
      "valueTypes",
      "text",
      "hyperlink",
      "hasSpill",
      "isNullObject",
    ]);
    if (nullable) context.enqueue(() => this.bag.stage("isNullObject", this.resolve().area === null), "Range");
  }

  get format(): FakeRangeFormat {
    if (!this.formatObject) this.formatObject = new FakeRangeFormat(this.context, this);
    return this.formatObject;
  }

  protected override navigation(): Record<string, ClientObject> {
    return { format: this.format };
  }
  /** Without creating the format object (three more proxies) for every load of a range. */
  protected override navigationTo(head: string): ClientObject | undefined {
    return head === "format" ? this.format : ({} as Record<string, ClientObject>)[head];
  }

  /** @internal Sheet and area, fixed at the first command that needs them. */
  resolve(): { sheet: MemSheet; area: Area | null } {
    if (!this.resolved) {
      const sheet = this.sheetOf();
      const area = this.areaOf();
      this.resolved = { sheet, area };
    }
    return this.resolved;
  }

  /** @internal */
  target(location: string): { sheet: MemSheet; area: Area } {
    const { sheet, area } = this.resolve();
    if (!area) throw itemNotFound(location);
    return { sheet, area };
  }

  /** @internal "Sheet!A1:B2", resolved now (inside a sync). */
  describe(): string {
    const { sheet, area } = this.target("Range");
    return sheetAddress(sheet.name, area);
  }

  private grid<T>(fn: (cell: MemCell | undefined, r: number, c: number) => T, location: string): T[][] {
    const { sheet, area } = this.target(location);
    const cells = (area.r2 - area.r1 + 1) * (area.c2 - area.c1 + 1);
    if (cells > 5_000_000) throw officeError("RangeExceedsLimit", "The number of cells in the range has exceeded the maximum supported number.", location);
    const out: T[][] = [];
    for (let r = area.r1; r <= area.r2; r++) {
      const row: T[] = [];
      for (let c = area.c1; c <= area.c2; c++) row.push(fn(sheet.get(r, c), r, c));
      out.push(row);
    }
    return out;
  }

  protected fetch(name: string): unknown {
    if (name === "isNullObject") return this.resolve().area === null;
    if (this.nullable && this.resolve().area === null) return null;
    const loc = `Range.${name}`;
    const { sheet, area } = this.target(loc);
    switch (name) {
      case "address":
      case "addressLocal":
        return sheetAddress(sheet.name, area);
      case "rowIndex":
        return area.r1;
      case "columnIndex":
        return area.c1;
      case "rowCount":
        return area.r2 - area.r1 + 1;
      case "columnCount":
        return area.c2 - area.c1 + 1;
      case "cellCount":
        return (area.r2 - area.r1 + 1) * (area.c2 - area.c1 + 1);
      case "values":
        return this.grid((cell) => (cell && cell.v !== null ? cell.v : ""), loc);
      case "formulas":
        return this.grid((cell) => (cell?.f ? cell.f : cell && cell.v !== null ? cell.v : ""), loc);
      case "numberFormat":
        return this.grid((cell) => cell?.fmt ?? "General", loc);
      case "valueTypes":
        return this.grid((cell) => valueType(cell), loc);
      case "text":
        return this.grid((cell) => (cell ? formatValue(cell.v, cell.fmt) : ""), loc);
      case "hasSpill": {
        // true when every cell has a spill border, false when none has, null when mixed (1.12)
        let some = false;
        let all = true;
        for (let r = area.r1; r <= Math.min(area.r2, area.r1 + 100_000); r++) {
          for (let c = area.c1; c <= Math.min(area.c2, area.c1 + 500); c++) {
            const inSpill = sheet.spills.some((x) => r >= x.r1 && r <= x.r2 && c >= x.c1 && c <= x.c2);
            if (inSpill) some = true;
            else all = false;
          }
        }
        return all ? true : some ? null : false;
      }
      case "hyperlink": {
        const cell = sheet.get(area.r1, area.c1);
        if (!cell?.link) return null;
        return cell.link.includes("!") ? { documentReference: cell.link, textToDisplay: cell.linkText } : { address: cell.link, textToDisplay: cell.linkText };
      }
    }
    return undefined;
  }

  get address(): string {
    return this.read("address");
  }
  get addressLocal(): string {
    return this.read("addressLocal");
  }
  get rowIndex(): number {
    return this.read("rowIndex");
  }
  get columnIndex(): number {
    return this.read("columnIndex");
  }
  get rowCount(): number {
    return this.read("rowCount");
  }
  get columnCount(): number {
    return this.read("columnCount");
  }
  get cellCount(): number {
    return this.read("cellCount");
  }
  get valueTypes(): string[][] {
    return this.read("valueTypes");
  }
  get text(): string[][] {
    return this.read("text");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  get hasSpill(): boolean | null {
    return this.read("hasSpill");
  }
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.resolve().sheet, false, "Range.worksheet");
  }

  get values(): Scalar[][] {
    return this.read("values");
  }
  set values(input: unknown) {
    this.writeGrid("values", input, (cell, x) => writeInput(cell, x, false));
  }
  get formulas(): Scalar[][] {
    return this.read("formulas");
  }
  set formulas(input: unknown) {
    this.writeGrid("formulas", input, (cell, x) => writeInput(cell, x, true));
  }
  get numberFormat(): string[][] {
    return this.read("numberFormat");
  }
  set numberFormat(input: unknown) {
    this.writeGrid("numberFormat", input, (cell, x) => {
      if (typeof x !== "string") throw invalidArgument("Range.numberFormat");
      cell.fmt = x === "" || x === "General" ? undefined : x;
    });
  }
  get hyperlink(): unknown {
    return this.read("hyperlink");
  }
  set hyperlink(link: unknown) {
    const l = (link ?? {}) as { address?: string; documentReference?: string; textToDisplay?: string; screenTip?: string };
    this.assign("hyperlink", link, () => {
      const { sheet, area } = this.target("Range.hyperlink");
      assertWritable(sheet, "Range.hyperlink");
      for (let r = area.r1; r <= area.r2; r++) {
        for (let c = area.c1; c <= area.c2; c++) {
          const cell = sheet.ensure(r, c);
          cell.link = l.documentReference ?? l.address;
          if (l.textToDisplay !== undefined) {
            cell.v = l.textToDisplay;
            cell.f = undefined;
            this.context.mem.markDirty(sheet.name, r, c);
          }
          cell.linkText = l.textToDisplay;
        }
      }
    });
  }

  /** Queue a 2-D write (or a scalar applied to every cell); null entries leave cells unchanged. */
  private writeGrid(name: string, input: unknown, apply: (cell: MemCell, x: unknown) => void): void {
    const loc = `Range.${name}`;
    if (input === null || input === undefined) throw invalidArgument(loc);
    this.assign(name, input, () => {
      const { sheet, area } = this.target(loc);
      assertWritable(sheet, loc);
      this.context.mem.log?.push([name, sheet.name, MemWorkbook.address(sheet.name, area)]);
      const autoCorrect = name === "formulas" || name === "values" ? tableAutoCorrect(this.context.mem, sheet, area, input) : undefined;
      const rows = area.r2 - area.r1 + 1;
      const cols = area.c2 - area.c1 + 1;
      const is2d = Array.isArray(input);
      if (is2d) {
        const arr = input as unknown[];
        if (arr.length !== rows || arr.some((row) => !Array.isArray(row) || row.length !== cols)) {
          throw invalidArgument(
            loc,
            "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
          );
        }
      } else if (rows * cols > 1_000_000) {
        throw officeError("RangeExceedsLimit", "The number of cells in the range has exceeded the maximum supported number.", loc);
      }
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const x = is2d ? (input as unknown[][])[i][j] : input;
          if (x === null || x === undefined) continue;
          const r = area.r1 + i;
          const c = area.c1 + j;
          apply(sheet.ensure(r, c), x);
          sheet.prune(r, c);
          this.context.mem.markDirty(sheet.name, r, c);
        }
      }
      autoCorrect?.();
      // a value written into a spill range blocks it: the anchor shows #SPILL!
      for (const x of [...sheet.spills]) {
        const hit = x.r1 <= area.r2 && x.r2 >= area.r1 && x.c1 <= area.c2 && x.c2 >= area.c1;
        const onlyAnchor = area.r1 === x.r1 && area.c1 === x.c1 && area.r2 === x.r1 && area.c2 === x.c1;
        if (!hit || onlyAnchor) continue;
        const anchor = sheet.ensure(x.r1, x.c1);
        if (anchor.f === undefined) continue;
        anchor.v = "#SPILL!";
        anchor.error = true;
        anchor.calc = "cached";
        sheet.spills = sheet.spills.filter((y) => y !== x);
      }
    }, "cells", jsonBytes(input));
  }

  getCellProperties(request: CellPropsRequest): FakeClientResult<Record<string, unknown>[][]> {
    this.context.requires("1.9", "Range.getCellProperties");
    return new FakeClientResult(
      this.context,
      () => this.grid((cell, r, c) => cellProperties(cell, request, this.resolve().sheet.name, r, c), "Range.getCellProperties"),
      "Range.getCellProperties",
    );
  }

  getRowProperties(request: { rowHidden?: boolean; rowIndex?: boolean; address?: boolean }): FakeClientResult<Record<string, unknown>[]> {
    this.context.requires("1.9", "Range.getRowProperties");
    return new FakeClientResult(
      this.context,
      () => {
        const { sheet, area } = this.target("Range.getRowProperties");
        const out: Record<string, unknown>[] = [];
        for (let r = area.r1; r <= area.r2; r++) {
          const p: Record<string, unknown> = {};
          if (request.rowIndex) p.rowIndex = r;
          if (request.rowHidden) p.rowHidden = sheet.hiddenRows.has(r);
          if (request.address) p.address = sheetAddress(sheet.name, { r1: r, c1: area.c1, r2: r, c2: area.c2 });
          out.push(p);
        }
        return out;
      },
      "Range.getRowProperties",
    );
  }

  getColumnProperties(request: { columnHidden?: boolean; columnIndex?: boolean; address?: boolean; format?: { columnWidth?: boolean } }): FakeClientResult<Record<string, unknown>[]> {
    this.context.requires("1.9", "Range.getColumnProperties");
    return new FakeClientResult(
      this.context,
      () => {
        const { sheet, area } = this.target("Range.getColumnProperties");
        const out: Record<string, unknown>[] = [];
        for (let c = area.c1; c <= area.c2; c++) {
          const p: Record<string, unknown> = {};
          if (request.columnIndex) p.columnIndex = c;
          if (request.columnHidden) p.columnHidden = sheet.hiddenCols.has(c);
          if (request.address) p.address = sheetAddress(sheet.name, { r1: area.r1, c1: c, r2: area.r2, c2: c });
          if (request.format?.columnWidth) p.format = { columnWidth: sheet.colWidths.get(c) ?? 48 };
          out.push(p);
        }
        return out;
      },
      "Range.getColumnProperties",
    );
  }

  setCellProperties(props: Record<string, unknown>[][]): void {
    this.context.requires("1.9", "Range.setCellProperties");
    const loc = "Range.setCellProperties";
    this.context.enqueue(
      () => {
        const { sheet, area } = this.target(loc);
        assertWritable(sheet, loc);
        const rows = area.r2 - area.r1 + 1;
        const cols = area.c2 - area.c1 + 1;
        if (!Array.isArray(props) || props.length !== rows || props.some((row) => !Array.isArray(row) || row.length !== cols)) {
          throw invalidArgument(loc, "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
        }
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) {
            const p = props[i][j];
            if (!p) continue;
            applyCellProperties(sheet.ensure(area.r1 + i, area.c1 + j), p);
            sheet.prune(area.r1 + i, area.c1 + j);
          }
        }
      },
      loc,
      "cells",
      jsonBytes(props),
    );
  }

  getMergedAreasOrNullObject(): FakeRangeAreas {
    this.context.requires("1.13", "Range.getMergedAreasOrNullObject");
    return new FakeRangeAreas(this.context, () => {
      const { sheet, area } = this.target("Range.getMergedAreasOrNullObject");
      const inside = sheet.merges.filter((m) => m.r1 >= area.r1 && m.r1 <= area.r2 && m.c1 >= area.c1 && m.c1 <= area.c2);
      if (inside.length > MAX_MERGED_AREAS) {
        // documented: the API fails when the range holds more than 512 merged areas
        throw officeError(
          "GeneralException",
          `There are more than ${MAX_MERGED_AREAS} merged areas in the range (${inside.length}); getMergedAreasOrNullObject cannot return them.`,
          "Range.getMergedAreasOrNullObject",
        );
      }
      return { sheet, areas: inside };
    });
  }

  merge(across = false): void {
    this.context.enqueue(
      () => {
        const { sheet, area } = this.target("Range.merge");
        assertWritable(sheet, "Range.merge");
        const pieces: Area[] = across
          ? Array.from({ length: area.r2 - area.r1 + 1 }, (_, i) => ({ r1: area.r1 + i, c1: area.c1, r2: area.r1 + i, c2: area.c2 }))
          : [area];
        for (const p of pieces) {
          if (p.r1 === p.r2 && p.c1 === p.c2) continue;
          sheet.merges = sheet.merges.filter((m) => !(m.r1 <= p.r2 && m.r2 >= p.r1 && m.c1 <= p.c2 && m.c2 >= p.c1));
          sheet.merges.push({ ...p });
          for (let r = p.r1; r <= p.r2; r++) {
            for (let c = p.c1; c <= p.c2; c++) {
              if (r === p.r1 && c === p.c1) continue;
              const cell = sheet.get(r, c);
              if (cell) {
                cell.v = null;
                cell.f = undefined;
                sheet.prune(r, c);
                this.context.mem.markDirty(sheet.name, r, c);
              }
            }
          }
        }
      },
      "Range.merge",
      "cells",
    );
  }

  unmerge(): void {
    this.context.enqueue(
      () => {
        const { sheet, area } = this.target("Range.unmerge");
        assertWritable(sheet, "Range.unmerge");
        sheet.merges = sheet.merges.filter((m) => !(m.r1 <= area.r2 && m.r2 >= area.r1 && m.c1 <= area.c2 && m.c2 >= area.c1));
      },
      "Range.unmerge",
      "cells",
    );
  }

  clear(applyTo: string = "All"): void {
    this.context.enqueue(
      () => {
        const { sheet, area } = this.target("Range.clear");
        assertWritable(sheet, "Range.clear");
        const what = String(applyTo);
        const rows = [...sheet.rows.keys()].filter((r) => r >= area.r1 && r <= area.r2);
        for (const r of rows) {
          const row = sheet.rows.get(r)!;
          for (const c of [...row.keys()]) {
            if (c < area.c1 || c > area.c2) continue;
            const cell = row.get(c)!;
            if (what === "All" || what === "Contents") this.context.mem.markDirty(sheet.name, r, c);
            if (what === "All") {
              sheet.delete(r, c);
              continue;
            }
            if (what === "Contents") {
              cell.v = null;
              cell.f = undefined;
              cell.error = undefined;
              cell.calc = undefined;
            } else if (what === "Formats") {
              for (const k of ["fmt", "bold", "italic", "color", "fill", "indent", "wrap", "hAlign", "vAlign", "borders", "quoted"] as const) delete cell[k];
            } else if (what === "Hyperlinks" || what === "RemoveHyperlinks") {
              delete cell.link;
              delete cell.linkText;
            }
            sheet.prune(r, c);
          }
        }
        if (what === "All" || what === "Formats") {
          sheet.merges = sheet.merges.filter((m) => !(m.r1 >= area.r1 && m.r2 <= area.r2 && m.c1 >= area.c1 && m.c2 <= area.c2));
        }
      },
      "Range.clear",
      "cells",
    );
  }

  select(): void {
    this.context.enqueue(
      () => {
        const { sheet, area } = this.target("Range.select");
        this.context.mem.activeSheet = sheet.name;
        this.context.mem.selection = { sheet: sheet.name, area: { ...area } };
      },
      "Range.select",
      "selection",
    );
  }

  private derived(loc: string, fn: (a: Area) => Area): FakeRange {
    return new FakeRange(
      this.context,
      () => this.resolve().sheet,
      () => {
        const a = fn(this.target(loc).area);
        if (a.r1 < 0 || a.c1 < 0 || a.r2 >= MAX_ROWS || a.c2 >= MAX_COLS || a.r2 < a.r1 || a.c2 < a.c1) throw invalidArgument(loc);
        return a;
      },
    );
  }
  getCell(row: number, column: number): FakeRange {
    return this.derived("Range.getCell", (a) => ({ r1: a.r1 + row, c1: a.c1 + column, r2: a.r1 + row, c2: a.c1 + column }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derived("Range.getResizedRange", (a) => ({ ...a, r2: a.r2 + deltaRows, c2: a.c2 + deltaColumns }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this.derived("Range.getOffsetRange", (a) => ({ r1: a.r1 + rowOffset, c1: a.c1 + columnOffset, r2: a.r2 + rowOffset, c2: a.c2 + columnOffset }));
  }
  getRow(row: number): FakeRange {
    return this.derived("Range.getRow", (a) => ({ r1: a.r1 + row, c1: a.c1, r2: a.r1 + row, c2: a.c2 }));
  }
  getColumn(column: number): FakeRange {
    return this.derived("Range.getColumn", (a) => ({ r1: a.r1, c1: a.c1 + column, r2: a.r2, c2: a.c1 + column }));
  }
}

function cellProperties(cell: MemCell | undefined, req: CellPropsRequest, sheet: string, r: number, c: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (req.address) out.address = sheetAddress(sheet, { r1: r, c1: c, r2: r, c2: c });
  if (req.hyperlink) out.hyperlink = cell?.link ? { documentReference: cell.link } : undefined;
  const f = req.format;
  if (f) {
    const fmt: Record<string, unknown> = {};
    if (f.font) {
      const font: Record<string, unknown> = {};
      if (f.font.bold) font.bold = !!cell?.bold;
      if (f.font.italic) font.italic = !!cell?.italic;
      if (f.font.color) font.color = cell?.color ?? "#000000";
      if (f.font.name) font.name = "Calibri";
      if (f.font.size) font.size = 11;
      fmt.font = font;
    }
    if (f.fill) {
      const fill: Record<string, unknown> = {};
      if (f.fill.color) fill.color = cell?.fill ?? "#FFFFFF";
      if (f.fill.pattern) fill.pattern = cell?.fill ? "Solid" : "None";
      fmt.fill = fill;
    }
    if (f.indentLevel) fmt.indentLevel = cell?.indent ?? 0;
    if (f.wrapText) fmt.wrapText = !!cell?.wrap;
    if (f.horizontalAlignment) fmt.horizontalAlignment = cell?.hAlign ?? "General";
    if (f.verticalAlignment) fmt.verticalAlignment = cell?.vAlign ?? "Bottom";
    if (f.borders) {
      const borders: Record<string, unknown> = {};
      for (const [edge, k] of Object.entries(EDGES)) borders[edge] = { style: cell?.borders?.[k] ?? "None" };
      fmt.borders = borders;
    }
    out.format = fmt;
  }
  return out;
}

function normalizeColor(color: unknown): string | undefined {
  if (typeof color !== "string" || color === "") return undefined;
  const named: Record<string, string> = { red: "#FF0000", yellow: "#FFFF00", white: "#FFFFFF", black: "#000000", green: "#008000", blue: "#0000FF", orange: "#FFA500" };
  const c = named[color.toLowerCase()] ?? color;
  return /^#[0-9a-f]{6}$/i.test(c) ? c.toUpperCase() : c;
}

/** Black is the automatic font colour: the API cannot tell them apart, so neither does the workbench. */
function fontColor(color: unknown): string | undefined {
  const c = normalizeColor(color);
  return c === "#000000" ? undefined : c;
}

function applyCellProperties(cell: MemCell, p: Record<string, unknown>): void {
  const f = p.format as Record<string, unknown> | undefined;
  if (f) {
    const font = f.font as Record<string, unknown> | undefined;
    if (font) {
      if (font.bold !== undefined) cell.bold = !!font.bold || undefined;
      if (font.italic !== undefined) cell.italic = !!font.italic || undefined;
      if (font.color !== undefined) cell.color = fontColor(font.color);
    }
    const fill = f.fill as Record<string, unknown> | undefined;
    if (fill && fill.color !== undefined) {
      const col = normalizeColor(fill.color);
      cell.fill = col === "#FFFFFF" && fill.pattern === undefined ? undefined : col;
    }
    if (fill && fill.pattern === "None") cell.fill = undefined;
    if (f.verticalAlignment !== undefined) cell.vAlign = f.verticalAlignment === "Bottom" ? undefined : String(f.verticalAlignment);
    const borders = f.borders as Record<string, { style?: string } | undefined> | undefined;
    if (borders) {
      const next = { ...(cell.borders ?? {}) };
      for (const [edge, k] of Object.entries(EDGES)) {
        const style = borders[edge]?.style;
        if (style === undefined) continue;
        if (style === "None") delete next[k];
        else next[k] = String(style);
      }
      cell.borders = Object.keys(next).length ? next : undefined;
    }
    if (f.indentLevel !== undefined) cell.indent = Number(f.indentLevel) || undefined;
    if (f.wrapText !== undefined) cell.wrap = !!f.wrapText || undefined;
    if (f.horizontalAlignment !== undefined) cell.hAlign = f.horizontalAlignment === "General" ? undefined : String(f.horizontalAlignment);
  }
  if (p.hyperlink !== undefined) {
    const l = p.hyperlink as { documentReference?: string; address?: string } | null;
    cell.link = l ? (l.documentReference ?? l.address) : undefined;
  }
}

export class FakeRangeAreas extends ClientObject {
  private resolved?: { sheet: MemSheet; areas: Area[] };
  readonly areas: FakeRangeCollection;
  constructor(
    context: FakeRequestContext,
    private readonly compute: () => { sheet: MemSheet; areas: Area[] },
  ) {
    super(context, "RangeAreas", ["address", "areaCount", "cellCount", "isNullObject"]);
    this.areas = new FakeRangeCollection(context, () => {
      const { sheet, areas } = this.resolveAreas();
      return areas.map((a) => ({ sheet, area: a }));
    });
    context.enqueue(() => this.bag.stage("isNullObject", this.resolveAreas().areas.length === 0), "RangeAreas");
  }
  protected override navigation(): Record<string, ClientObject> {
    return { areas: this.areas };
  }
  private resolveAreas(): { sheet: MemSheet; areas: Area[] } {
    if (!this.resolved) this.resolved = this.compute();
    return this.resolved;
  }
  protected fetch(name: string): unknown {
    const { sheet, areas } = this.resolveAreas();
    if (name === "isNullObject") return areas.length === 0;
    if (areas.length === 0) return null;
    switch (name) {
      case "address":
        return areas.map((a) => sheetAddress(sheet.name, a)).join(",");
      case "areaCount":
        return areas.length;
      case "cellCount":
        return areas.reduce((s, a) => s + (a.r2 - a.r1 + 1) * (a.c2 - a.c1 + 1), 0);
    }
    return undefined;
  }
  get address(): string {
    return this.read("address");
  }
  get areaCount(): number {
    return this.read("areaCount");
  }
  get cellCount(): number {
    return this.read("cellCount");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
}

export class FakeRangeCollection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    private readonly list: () => { sheet: MemSheet; area: Area }[],
  ) {
    super(context, "RangeCollection", ["items"]);
  }
  protected fetch(): unknown {
    return [];
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(paths: string[]): void {
    const names = itemPaths(paths);
    const items = this.list().map(({ sheet, area }) => {
      const r = new FakeRange(this.context, () => sheet, () => area);
      r.stagePaths(names.length ? names : ["address", "rowIndex", "columnIndex", "rowCount", "columnCount"]);
      return r;
    });
    this.bag.stage("items", items);
  }
  get items(): FakeRange[] {
    return this.read("items");
  }
}

export class FakeRangeFormat extends ClientObject {
  readonly font: FakeStyleGroup;
  readonly fill: FakeStyleGroup & { clear(): void };
  constructor(
    context: FakeRequestContext,
    private readonly range: FakeRange,
  ) {
    super(context, "RangeFormat", ["columnWidth", "rowHeight", "wrapText", "horizontalAlignment", "indentLevel"]);
    const each = (loc: string, fn: (cell: MemCell) => void) => {
      context.enqueue(
        () => {
          const { sheet, area } = range.target(loc);
          assertWritable(sheet, loc);
          for (let r = area.r1; r <= area.r2; r++) for (let c = area.c1; c <= area.c2; c++) fn(sheet.ensure(r, c));
        },
        loc,
        "cells",
      );
    };
    this.font = makeStyleGroup(context, "RangeFont", range, ["bold", "italic", "color"], (name, v) =>
      each(`RangeFont.${name}`, (cell) => {
        if (name === "bold") cell.bold = !!v || undefined;
        else if (name === "italic") cell.italic = !!v || undefined;
        else if (name === "color") cell.color = fontColor(v);
      }),
    );
    const fill = makeStyleGroup(context, "RangeFill", range, ["color"], (_name, v) =>
      each("RangeFill.color", (cell) => {
        const col = normalizeColor(v);
        cell.fill = col === "#FFFFFF" ? undefined : col;
      }),
    ) as FakeStyleGroup & { clear(): void };
    fill.clear = () => each("RangeFill.clear", (cell) => (cell.fill = undefined));
    this.fill = fill;
  }
  protected override navigation(): Record<string, ClientObject> {
    return { font: this.font, fill: this.fill };
  }
  protected fetch(name: string): unknown {
    const { sheet, area } = this.range.target(`RangeFormat.${name}`);
    const same = <T>(fn: (cell: MemCell | undefined, r: number, c: number) => T): T | null => {
      let first: T | undefined;
      for (let r = area.r1; r <= Math.min(area.r2, area.r1 + 10000); r++) {
        for (let c = area.c1; c <= Math.min(area.c2, area.c1 + 500); c++) {
          const v = fn(sheet.get(r, c), r, c);
          if (first === undefined) first = v;
          else if (v !== first) return null;
        }
      }
      return first ?? null;
    };
    switch (name) {
      case "columnWidth":
        return same((_cell, _r, c) => sheet.colWidths.get(c) ?? STANDARD_WIDTH);
      case "rowHeight":
        return 15;
      case "wrapText":
        return same((cell) => !!cell?.wrap);
      case "horizontalAlignment":
        return same((cell) => cell?.hAlign ?? "General");
      case "indentLevel":
        return same((cell) => cell?.indent ?? 0);
    }
    return undefined;
  }
  get columnWidth(): number {
    return this.read("columnWidth");
  }
  set columnWidth(points: number) {
    this.assign("columnWidth", points, () => {
      const { sheet, area } = this.range.target("RangeFormat.columnWidth");
      assertWritable(sheet, "RangeFormat.columnWidth");
      // the state is the width only: a column set to the standard width is like one never sized
      for (let c = area.c1; c <= area.c2; c++) {
        if (points === STANDARD_WIDTH) sheet.colWidths.delete(c);
        else sheet.colWidths.set(c, points);
      }
    });
  }
  get wrapText(): boolean {
    return this.read("wrapText");
  }
  set wrapText(v: boolean) {
    this.assign("wrapText", v, () => {
      const { sheet, area } = this.range.target("RangeFormat.wrapText");
      assertWritable(sheet, "RangeFormat.wrapText");
      for (let r = area.r1; r <= area.r2; r++) for (let c = area.c1; c <= area.c2; c++) sheet.ensure(r, c).wrap = v || undefined;
    });
  }
  get horizontalAlignment(): string {
    return this.read("horizontalAlignment");
  }
  set horizontalAlignment(v: string) {
    this.assign("horizontalAlignment", v, () => {
      const { sheet, area } = this.range.target("RangeFormat.horizontalAlignment");
      assertWritable(sheet, "RangeFormat.horizontalAlignment");
      for (let r = area.r1; r <= area.r2; r++) for (let c = area.c1; c <= area.c2; c++) sheet.ensure(r, c).hAlign = v === "General" ? undefined : v;
    });
  }
  set verticalAlignment(v: string) {
    this.assign("verticalAlignment", v, () => {
      const { sheet, area } = this.range.target("RangeFormat.verticalAlignment");
      assertWritable(sheet, "RangeFormat.verticalAlignment");
      for (let r = area.r1; r <= area.r2; r++) for (let c = area.c1; c <= area.c2; c++) sheet.ensure(r, c).vAlign = v === "Bottom" ? undefined : v;
    });
  }
  get indentLevel(): number {
    return this.read("indentLevel");
  }
  set indentLevel(v: number) {
    this.assign("indentLevel", v, () => {
      const { sheet, area } = this.range.target("RangeFormat.indentLevel");
      assertWritable(sheet, "RangeFormat.indentLevel");
      for (let r = area.r1; r <= area.r2; r++) for (let c = area.c1; c <= area.c2; c++) sheet.ensure(r, c).indent = v || undefined;
    });
  }
  autofitColumns(): void {
    this.context.enqueue(() => undefined, "RangeFormat.autofitColumns");
  }
  autofitRows(): void {
    this.context.enqueue(() => undefined, "RangeFormat.autofitRows");
  }
}

/** font / fill: loadable properties with setters that queue writes. */
export type FakeStyleGroup = ClientObject & Record<string, unknown>;

function makeStyleGroup(
  context: FakeRequestContext,
  typeName: string,
  range: FakeRange,
  props: string[],
  write: (name: string, v: unknown) => void,
): FakeStyleGroup {
  class Group extends ClientObject {
    constructor() {
      super(context, typeName, props);
      for (const p of props) {
        Object.defineProperty(this, p, {
          get: () => this.read(p),
          set: (v: unknown) => {
            this.bag.setLocal(p, v);
            write(p, v);
          },
          enumerable: true,
        });
      }
    }
    protected fetch(name: string): unknown {
      const { sheet, area } = range.target(`${typeName}.${name}`);
      let first: unknown;
      for (let r = area.r1; r <= Math.min(area.r2, area.r1 + 10000); r++) {
        for (let c = area.c1; c <= Math.min(area.c2, area.c1 + 500); c++) {
          const cell = sheet.get(r, c);
          const v =
            typeName === "RangeFill"
              ? (cell?.fill ?? "#FFFFFF")
              : name === "bold"
                ? !!cell?.bold
                : name === "italic"
                  ? !!cell?.italic
                  : (cell?.color ?? "#000000");
          if (first === undefined) first = v;
          else if (first !== v) return null;
        }
      }
      return first ?? null;
    }
  }
  return new Group() as unknown as FakeStyleGroup;
}

// ---------------------------------------------------------------------------------------------
// Comments and notes (both stored as the cell's note)

function parseCellTarget(
  context: FakeRequestContext,
  cellAddress: string | FakeRange,
  scope: ((loc: string) => MemSheet) | undefined,
  location: string,
): { sheet: MemSheet; r: number; c: number } {
  let sheet: MemSheet | undefined;
  let area: Area | undefined;
  if (typeof cellAddress === "string") {
    const bang = cellAddress.lastIndexOf("!");
    if (bang >= 0) {
      const name = cellAddress.slice(0, bang).replace(/^'|'$/g, "").replace(/''/g, "'");
      sheet = context.mem.sheet(name);
      if (!sheet) throw itemNotFound(location);
    } else if (scope) {
      sheet = scope(location);
    } else {
      throw officeError("InvalidCellAddress", "The cell address is invalid.", location);
    }
    area = parseAddress(cellAddress);
  } else {
    const t = cellAddress.target(location);
    sheet = t.sheet;
    area = t.area;
  }
  if (!area || area.r1 !== area.r2 || area.c1 !== area.c2) {
    throw officeError("InvalidCellAddress", "The cell address is invalid: a single cell is expected.", location);
  }
  return { sheet, r: area.r1, c: area.c1 };
}

export class FakeComment extends ClientObject {
  private at?: { sheet: MemSheet; r: number; c: number } | null;
  constructor(
    context: FakeRequestContext,
    private readonly locate: () => { sheet: MemSheet; r: number; c: number } | null,
    private readonly nullable: boolean,
    private readonly kind: "comment" | "note",
  ) {
    super(context, kind === "comment" ? "Comment" : "Note", ["content", "id", "authorName", "isNullObject"]);
    if (nullable) context.enqueue(() => this.bag.stage("isNullObject", this.where() === null), this.typeName);
  }
  private where(): { sheet: MemSheet; r: number; c: number } | null {
    if (this.at === undefined) {
      const at = this.locate();
      const cell = at ? at.sheet.get(at.r, at.c) : undefined;
      this.at = at && cell?.note !== undefined && (cell.noteKind ?? "note") === this.kind ? at : null;
    }
    return this.at;
  }
  private must(location: string): { sheet: MemSheet; r: number; c: number } {
    const w = this.where();
    if (!w) throw itemNotFound(location);
    return w;
  }
  protected fetch(name: string): unknown {
    if (name === "isNullObject") return this.where() === null;
    if (this.nullable && !this.where()) return null;
    const w = this.must(`${this.typeName}.${name}`);
    const cell = w.sheet.get(w.r, w.c);
    if (name === "content") return cell?.note ?? "";
    if (name === "id") return `${w.sheet.name}!${a1(w.r, w.c)}`;
    return "Workbench";
  }
  get content(): string {
    return this.read("content");
  }
  set content(v: string) {
    this.assign("content", v, () => {
      const w = this.must(`${this.typeName}.content`);
      assertWritable(w.sheet, `${this.typeName}.content`);
      w.sheet.ensure(w.r, w.c).note = v;
    });
  }
  get id(): string {
    return this.read("id");
  }
  get authorName(): string {
    return this.read("authorName");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  getLocation(): FakeRange {
    return new FakeRange(
      this.context,
      () => this.must(`${this.typeName}.getLocation`).sheet,
      () => {
        const w = this.must(`${this.typeName}.getLocation`);
        return { r1: w.r, c1: w.c, r2: w.r, c2: w.c };
      },
    );
  }
  delete(): void {
    this.context.enqueue(
      () => {
        const w = this.must(`${this.typeName}.delete`);
        assertWritable(w.sheet, `${this.typeName}.delete`);
        const cell = w.sheet.get(w.r, w.c);
        if (cell) {
          delete cell.note;
          delete cell.noteKind;
          w.sheet.prune(w.r, w.c);
        }
      },
      `${this.typeName}.delete`,
      "cells",
    );
  }
}

abstract class NoteLikeCollection extends ClientObject {
  constructor(
    context: FakeRequestContext,
    typeName: string,
    private readonly scope: ((loc: string) => MemSheet) | undefined,
    private readonly kind: "comment" | "note",
  ) {
    super(context, typeName, ["items"]);
  }
  private all(): { sheet: MemSheet; r: number; c: number }[] {
    const sheets = this.scope ? [this.scope(`${this.typeName}.load`)] : this.context.mem.sheets;
    const out: { sheet: MemSheet; r: number; c: number }[] = [];
    for (const sheet of sheets) {
      for (const [r, c, cell] of sheet.cells()) if (cell.note !== undefined && (cell.noteKind ?? "note") === this.kind) out.push({ sheet, r, c });
    }
    return out;
  }
  protected fetch(): unknown {
    return this.all().map((w) => {
      const item = new FakeComment(this.context, () => w, false, this.kind);
      item.stageNow(["content", "id"]);
      return item;
    });
  }
  protected override acceptsPath(): boolean {
    return true;
  }
  override stagePaths(): void {
    this.stageNow(["items"]);
  }
  override load(arg?: LoadArg): this {
    this.context.requires(this.kind === "note" ? "1.18" : "1.10", `${this.typeName}.load`);
    return super.load(arg);
  }
  get items(): FakeComment[] {
    return this.read("items");
  }
  getCount(): FakeClientResult<number> {
    return new FakeClientResult(this.context, () => this.all().length, `${this.typeName}.getCount`);
  }
  add(cellAddress: string | FakeRange, content: unknown): FakeComment {
    const loc = `${this.typeName}.add`;
    this.context.requires(this.kind === "note" ? "1.18" : "1.10", loc);
    let at: { sheet: MemSheet; r: number; c: number } | undefined;
    this.context.enqueue(
      () => {
        at = parseCellTarget(this.context, cellAddress, this.scope, loc);
        assertWritable(at.sheet, loc);
        const cell = at.sheet.ensure(at.r, at.c);
        cell.note = typeof content === "string" ? content : String((content as { message?: string })?.message ?? content);
        cell.noteKind = this.kind;
      },
      loc,
      "cells",
      jsonBytes(content),
    );
    return new FakeComment(this.context, () => at ?? null, false, this.kind);
  }
  protected byCell(cellAddress: string | FakeRange, nullable: boolean, loc: string): FakeComment {
    this.context.requires(this.kind === "note" ? "1.18" : "1.10", loc);
    return new FakeComment(
      this.context,
      () => {
        try {
          return parseCellTarget(this.context, cellAddress, this.scope, loc);
        } catch (e) {
          if (nullable) return null;
          throw e;
        }
      },
      nullable,
      this.kind,
    );
  }
  getItemAt(index: number): FakeComment {
    return new FakeComment(this.context, () => this.all()[index] ?? null, false, this.kind);
  }
}

export class FakeCommentCollection extends NoteLikeCollection {
  constructor(context: FakeRequestContext, scope: ((loc: string) => MemSheet) | undefined) {
    super(context, "CommentCollection", scope, "comment");
  }
  getItemByCell(cellAddress: string | FakeRange): FakeComment {
    return this.byCell(cellAddress, false, "CommentCollection.getItemByCell");
  }
  getItemByCellOrNullObject(cellAddress: string | FakeRange): FakeComment {
    return this.byCell(cellAddress, true, "CommentCollection.getItemByCellOrNullObject");
  }
  getItem(commentId: string): FakeComment {
    return this.byCell(commentId, false, "CommentCollection.getItem");
  }
  getItemOrNullObject(commentId: string): FakeComment {
    return this.byCell(commentId, true, "CommentCollection.getItemOrNullObject");
  }
}

export class FakeNoteCollection extends NoteLikeCollection {
  constructor(context: FakeRequestContext, scope: ((loc: string) => MemSheet) | undefined) {
    super(context, "NoteCollection", scope, "note");
  }
  /** Notes are keyed by their cell address. */
  getItem(key: string): FakeComment {
    return this.byCell(key, false, "NoteCollection.getItem");
  }
  getItemOrNullObject(key: string): FakeComment {
    return this.byCell(key, true, "NoteCollection.getItemOrNullObject");
  }
  getItemByCell(cellAddress: string | FakeRange): FakeComment {
    return this.byCell(cellAddress, false, "NoteCollection.getItemByCell");
  }
  getItemByCellOrNullObject(cellAddress: string | FakeRange): FakeComment {
    return this.byCell(cellAddress, true, "NoteCollection.getItemByCellOrNullObject");
  }
}

export { FakeOfficeError };
