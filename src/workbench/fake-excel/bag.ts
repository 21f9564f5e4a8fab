/**
 * Load/sync bookkeeping of one proxy object, built on office-addin-mock's OfficeMockObject.
 *
 * A property becomes readable only after it was loaded AND the context was synced; reading it
 * earlier THROWS an error shaped like Office.js's PropertyNotLoaded (office-addin-mock itself
 * returns an error string, which would let a missing load slip through unnoticed).
 */
import { OfficeMockObject } from "office-addin-mock";
import { officeError } from "./errors";

const NOT_LOADED = "Error, property was not loaded";
const NOT_SYNCED = "Error, context.sync() was not called";

export class LoadBag {
  /** One OfficeMockObject per property: the latest load of it. */
  private readonly mocks = new Map<string, OfficeMockObject>();
  private readonly pending: OfficeMockObject[] = [];
  private readonly known = new Set<string>();
  /** Values assigned through a setter: readable at once, as in Office.js. */
  private readonly local = new Map<string, unknown>();
  /** Told when a load is staged, so that the context syncs only the bags that have one. */
  onStage?: (bag: LoadBag) => void;
  /** Told of every value a sync returns (the response payload). */
  onValue?: (value: unknown) => void;

  constructor(
    private readonly typeName: string,
    properties: string[],
  ) {
    for (const p of properties) this.known.add(p);
  }

  has(name: string): boolean {
    return this.known.has(name);
  }

  /**
   * Called while a sync executes a queued load: the value as the workbook holds it now. The value
   * is boxed in a one-element array so that office-addin-mock keeps objects as plain values.
   */
  stage(name: string, value: unknown): void {
    this.known.add(name);
    this.local.delete(name);
    this.onValue?.(value);
    const mock = new OfficeMockObject({ [name]: [value] });
    mock.load(name);
    this.mocks.set(name, mock);
    if (this.pending.push(mock) === 1) this.onStage?.(this);
  }

  /** Completes the staged loads (office-addin-mock's sync). */
  async sync(): Promise<void> {
    if (this.pending.length === 0) return;
    const mocks = this.pending.splice(0);
    for (const m of mocks) await m.sync();
  }

  /** A setter ran: the new value is readable locally (Office.js keeps it on the proxy). */
  setLocal(name: string, value: unknown): void {
    this.local.set(name, value);
  }

  get(name: string): unknown {
    if (this.local.has(name)) return this.local.get(name);
    const v = (this.mocks.get(name) as Record<string, unknown> | undefined)?.[name];
    if (!Array.isArray(v)) {
      // office-addin-mock answers NOT_LOADED / NOT_SYNCED strings; Office.js throws
      throw officeError(
        "PropertyNotLoaded",
        `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
        `${this.typeName}.${name}`,
      );
    }
    return v[0];
  }

  /** Whether office-addin-mock reports the property as loaded but not yet synced. */
  awaitingSync(name: string): boolean {
    const v = (this.mocks.get(name) as Record<string, unknown> | undefined)?.[name];
    return v === NOT_SYNCED;
  }

  /** Loaded values only, for toJSON(). */
  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of this.known) {
      try {
        out[k] = this.get(k);
      } catch {
        /* not loaded */
      }
    }
    return out;
  }
}

export { NOT_LOADED };
