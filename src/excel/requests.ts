/**
 * Requests to Excel under its resource limits: queued writes packed into requests below the 5 MB
 * request cap (a rejected request retried once in quarter-size requests), and reads packed by the
 * size of what they RETURN, below the 5 MB response cap of Excel on the web (a read Excel cannot
 * answer, too large or with too many merged areas, is split and asked again: reads change nothing).
 */
import type { Capabilities } from "./api-subset";
import { COMMAND_OVERHEAD, Op, packChunks } from "./blocks";
import { officeCode, payloadError, responseError } from "./errors";
import type { Ctx } from "./run";

/** Bytes of response per request the adapter plans for (Excel on the web refuses more than 5 MB). */
export const DEFAULT_RESPONSE_BUDGET = 3_500_000;
/** Estimated response bytes per cell read for a before-image / a scan (values, formulas, formats, types, properties). */
export const SNAPSHOT_CELL_BYTES = 320;
export const SNAPSHOT_CELL_BYTES_NO_PROPS = 60;

export function suspend(context: Ctx, caps: Capabilities): void {
  context.application.suspendApiCalculationUntilNextSync();
  if (caps.cellProperties) context.application.suspendScreenUpdatingUntilNextSync();
}

/** An operation that stores undo data (its failure means nothing was written yet). */
export interface TaggedOp extends Op<Ctx> {
  storage?: boolean;
}

/** Runs operations packed into requests under the budget; a request over Excel's limit is retried once in quarter-size requests. */
export async function runOps(
  context: Ctx,
  ops: Op<Ctx>[],
  budget: number,
  prologue?: (context: Ctx) => void,
  hooks: { done?: (chunk: Op<Ctx>[]) => void; failed?: (chunk: Op<Ctx>[]) => void } = {},
): Promise<number> {
  let requests = 0;
  const runChunk = async (chunk: Op<Ctx>[]): Promise<void> => {
    prologue?.(context);
    for (const op of chunk) op.run(context);
    requests++;
    try {
      await context.sync();
    } catch (err) {
      hooks.failed?.(chunk);
      throw err;
    }
    hooks.done?.(chunk);
  };
  for (const chunk of packChunks(ops, budget)) {
    try {
      await runChunk(chunk);
    } catch (err) {
      if (officeCode(err) !== "RequestPayloadSizeLimitExceeded") throw err;
      // Nothing of a rejected request was applied: retry it once in smaller requests.
      try {
        for (const small of packChunks(chunk, Math.max(1, Math.floor(budget / 4)))) await runChunk(small);
      } catch (err2) {
        if (officeCode(err2) === "RequestPayloadSizeLimitExceeded") throw payloadError();
        throw err2;
      }
    }
  }
  return requests;
}

/** Errors a read can meet that a smaller read avoids: the response cap, too many merged areas. */
export function isSplittableReadError(err: unknown): boolean {
  const code = officeCode(err);
  return code === "ResponsePayloadSizeLimitExceeded" || code === "GeneralException" || code === "RangeExceedsLimit";
}

/** A piece of a read: its estimated response size, how to queue it, how to halve it. */
export interface ReadPiece<T> {
  bytes: number;
  /** Queues the loads; the returned function reads them after the sync. */
  queue: () => () => T;
  /** Two smaller pieces covering the same cells, or undefined when it cannot be split. */
  split?: () => ReadPiece<T>[] | undefined;
}

/**
 * Reads pieces packed into requests of at most `budget` response bytes; `extra` queues further
 * loads that ride with the first request (returns their reader). A request Excel cannot answer is
 * asked again piece by piece, and a single piece split in halves, down to what Excel can answer.
 */
export async function readPieces<T>(context: Ctx, pieces: ReadPiece<T>[], budget = DEFAULT_RESPONSE_BUDGET): Promise<T[]> {
  const out: T[] = [];
  const todo: ReadPiece<T>[][] = [];
  let batch: ReadPiece<T>[] = [];
  let size = 0;
  for (const p of pieces) {
    if (batch.length && size + p.bytes > budget) {
      todo.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(p);
    size += p.bytes;
  }
  if (batch.length) todo.push(batch);
  while (todo.length) {
    const b = todo.shift()!;
    const readers = b.map((p) => p.queue());
    try {
      await context.sync();
    } catch (err) {
      if (!isSplittableReadError(err)) throw err;
      if (b.length > 1) {
        todo.unshift(...b.map((p) => [p]));
        continue;
      }
      const halves = b[0].split?.();
      if (!halves) throw officeCode(err) === "ResponsePayloadSizeLimitExceeded" ? responseError() : err;
      todo.unshift(...halves.map((p) => [p]));
      continue;
    }
    for (const r of readers) out.push(r());
  }
  return out;
}

export { COMMAND_OVERHEAD };
