/**
 * The base of every proxy (`ClientObject`): `load(...)` queues a read captured at sync, reading an
 * unloaded property throws PropertyNotLoaded (./bag.ts), property assignments are queued commands;
 * and `FakeClientResult`, a value readable after the sync.
 */
import { LoadBag } from "../bag";
import { officeError } from "../errors";
import type { ChangeKind } from "../workbook";
import type { Op } from "./common";
import type { FakeRequestContext } from "./context";

// ---------------------------------------------------------------------------------------------
// Proxy base

export type LoadArg = string | string[] | Record<string, unknown> | undefined;

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
export function itemPaths(paths: string[]): string[] {
  return paths.map((p) => (p === "items" ? "" : p.replace(/^items\//, ""))).filter(Boolean);
}

export abstract class ClientObject {
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
