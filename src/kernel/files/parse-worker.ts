// Inside a parsing worker: for each job, loads the parser module, runs the named function, posts the outcome back.
import { parentPort } from "node:worker_threads";
import { AppError } from "../../shared/app-errors";
import type { ParseJob, WorkerOutcome } from "./off-thread";

async function run(job: ParseJob): Promise<WorkerOutcome> {
  try {
    const parser: Record<string, unknown> = await import(job.module);
    const fn = parser[job.exportName];
    if (typeof fn !== "function") throw new Error(`${job.module} has no function ${job.exportName}`);
    return { ok: true, value: await fn(...job.args) };
  } catch (error) {
    if (error instanceof AppError)
      return {
        ok: false,
        error: { type: "app", kind: error.kind, message: error.message, errors: error.errors },
      };
    // A stack overflow or a string past V8's length on a hostile file is the file's fault, not a bug.
    if (error instanceof RangeError) return { ok: false, error: { type: "range", message: error.message } };
    return {
      ok: false,
      error: {
        type: "other",
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      },
    };
  }
}

parentPort?.on("message", async (job: ParseJob) => {
  parentPort?.postMessage(await run(job));
});
