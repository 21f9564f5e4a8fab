/**
 * The request context: commands queue until `sync()`, which enforces the request and response
 * payload limits, applies the queue in order (stopping at a failing command), settles the loads,
 * recalculates and records the sync statistics; also the settings caps and suspended calculation.
 */
import { LoadBag } from "../bag";
import { officeError } from "../errors";
import { MemWorkbook, type ChangeKind } from "../workbook";
import { COMMAND_BYTES, DEFAULT_PAYLOAD_LIMIT, DEFAULT_RESPONSE_LIMIT, DEFAULT_SETTINGS_LIMIT, type FakeExcelOptions, type Op, type RunOptions, jsonBytes, versionAtMost } from "./common";
import { FakeApplication, FakeWorkbook } from "./workbook";

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
