/**
 * Object shapes kept alive between runs. V8 drops a hidden class (an object shape) in a full
 * garbage collection once no object has it; the next recognition then builds a new one, and every
 * inline cache and optimized loop that knew the old shape deoptimizes (the run after a collection
 * goes back to the interpreter). One instance of each class that recognition builds afresh on every
 * run, kept here for the life of the process, keeps its shape.
 */
const kept: object[] = [];

/** Keep `instance` (and so its shape) alive; returns it. */
export function keepShape<T extends object>(instance: T): T {
  kept.push(instance);
  return instance;
}

const latest = new Map<string, object>();

/** Keep `value` (and the shapes of the objects in it) until the next call under the same name. */
export function keepLatest(name: string, value: object): void {
  latest.set(name, value);
}
