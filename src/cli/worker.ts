/**
 * Worker thread of a batch `capaian check` (batch.ts): receives { id, file }, answers { id, result }
 * with checkFile's FileResult. The analysis options come once, in workerData.
 */
import { parentPort, workerData } from "worker_threads";
import { checkFile, BatchAnalyzeOptions } from "./batch-file";

const options = (workerData ?? {}) as BatchAnalyzeOptions;

parentPort?.on("message", (msg: { id: number; file: string }) => {
  void checkFile(msg.file, options).then((result) => parentPort?.postMessage({ id: msg.id, result }));
});
