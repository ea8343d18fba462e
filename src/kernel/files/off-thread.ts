// Runs a file parser in a worker thread with limits on time and memory, so a hostile file costs the worker, never
// the server: the request thread keeps answering while it runs, and a worker past a limit is ended and named.
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError, type AppErrorKind, type FieldError } from "../../shared/app-errors";
import { codeModuleUrl, projectFile, RUNNING_COMPILED } from "../runtime-files";
import { FILE_LIMITS, type FileLimits, fileLimitExceeded } from "./file-limits";

/** What a worker is asked: the parser module (a file URL), its exported function and its arguments. */
export type ParseJob = { module: string; exportName: string; args: unknown[] };

export type WorkerOutcome =
  | { ok: true; value: unknown }
  | {
      ok: false;
      error:
        | { type: "app"; kind: AppErrorKind; message: string; errors: FieldError[] }
        | { type: "range"; message: string }
        | { type: "other"; message: string };
    };

export type OffThreadParse = {
  /** The parser module, e.g. `new URL("./document-tables.import.ts", import.meta.url)`: pure, no database. */
  module: URL;
  exportName: string;
  /** Structured-cloneable arguments (bytes, text, plain objects). */
  args: unknown[];
  /** Buffers among `args` handed to the worker rather than copied (a large body): unusable here afterwards. */
  transfer?: ArrayBuffer[];
  /** For the refusal: the file's name and the request field that carried it (`file`, `xml`, `csv`). */
  file: string;
  field: string;
  limits?: FileLimits;
  /** The refusal when the job goes past its time or memory (default: the file's, 413 at `field`). */
  limitError?: (code: "file_time_limit" | "file_memory_limit") => Error;
};

// From the sources, a bootstrap registers TypeScript loading in the worker first; compiled, the worker is JavaScript.
const BOOTSTRAP = RUNNING_COMPILED
  ? codeModuleUrl("kernel/files/parse-worker.ts")
  : pathToFileURL(projectFile("src/kernel/files/parse-worker.mjs"));
/** A worker that finished a job cleanly waits this long for the next (starting one costs ~0.5 s of TypeScript loading). */
const IDLE_MS = 30_000;
/** At most this many parses at once (one per core, at most two): the others wait their turn. */
const MAX_RUNNING = Math.max(1, Math.min(2, availableParallelism()));

let running = 0;
const waiting: (() => void)[] = [];
/** Idle workers by heap limit (a worker's resource limits are fixed when it starts). */
const idle = new Map<number, { worker: Worker; timer: NodeJS.Timeout }[]>();

async function turn(): Promise<() => void> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

function startWorker(heapMb: number): Worker {
  // The parsers print nothing; capturing stdout/stderr (`stdout: true`) would keep an idle worker's process alive.
  const worker = new Worker(BOOTSTRAP, {
    // Nothing inherited from the parent's flags: a loader hook of the parent (tsx's, a test runner's) would serve the
    // worker's module loading from the parent thread; the bootstrap registers TypeScript loading for itself.
    execArgv: [],
    resourceLimits: {
      maxOldGenerationSizeMb: heapMb,
      maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.round(heapMb / 8))),
    },
  });
  return worker;
}

function takeWorker(heapMb: number): Worker {
  const ready = idle.get(heapMb)?.pop();
  if (!ready) return startWorker(heapMb);
  clearTimeout(ready.timer);
  ready.worker.ref();
  return ready.worker;
}

function keepWorker(heapMb: number, worker: Worker): void {
  worker.removeAllListeners("message").removeAllListeners("error").removeAllListeners("exit");
  worker.unref(); // an idle parser never keeps the process (a CLI run, a test) alive
  const list = idle.get(heapMb) ?? [];
  const entry = {
    worker,
    timer: setTimeout(() => {
      list.splice(list.indexOf(entry), 1);
      void worker.terminate();
    }, IDLE_MS).unref(),
  };
  worker.once("exit", () => {
    clearTimeout(entry.timer);
    if (list.includes(entry)) list.splice(list.indexOf(entry), 1);
  });
  list.push(entry);
  idle.set(heapMb, list);
}

function outcomeError(outcome: Extract<WorkerOutcome, { ok: false }>, job: OffThreadParse): Error {
  const { error } = outcome;
  if (error.type === "app") return new AppError(error.kind, error.message, error.errors);
  if (error.type === "range") {
    const message = `${job.file} could not be read: its structure is too deep or too large.`;
    return new AppError("validation", message, [
      { path: job.field, code: "file_unreadable", message, params: { file: job.file }, in: "body" },
    ]);
  }
  return new Error(`Parsing ${job.file} failed in its worker: ${error.message}`);
}

/** The parser's result, or its AppError, or the refusal naming the limit the file went past. */
export async function parseOffThread<T>(job: OffThreadParse): Promise<T> {
  const limits = job.limits ?? FILE_LIMITS;
  const target = { file: job.file, field: job.field };
  const limitError = job.limitError ?? ((code) => fileLimitExceeded(code, target, limits));
  const release = await turn();
  try {
    return await new Promise<T>((resolve, reject) => {
      const worker = takeWorker(limits.heapMb);
      let settled = false;
      const settle = (fn: () => void, reuse: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (reuse) keepWorker(limits.heapMb, worker);
        else void worker.terminate();
        fn();
      };
      const timer = setTimeout(
        () => settle(() => reject(limitError("file_time_limit")), false),
        limits.timeoutMs,
      );
      worker.once("message", (outcome: WorkerOutcome) =>
        settle(
          () => (outcome.ok ? resolve(outcome.value as T) : reject(outcomeError(outcome, job))),
          // A worker that threw may hold a half-built structure; a fresh one costs little next to the refusal.
          outcome.ok || outcome.error.type === "app",
        ),
      );
      worker.once("error", (error: Error & { code?: string }) =>
        settle(
          () => reject(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? limitError("file_memory_limit") : error),
          false,
        ),
      );
      worker.once("exit", (code) =>
        settle(() => reject(new Error(`The worker parsing ${job.file} stopped (exit code ${code}).`)), false),
      );
      const message: ParseJob = { module: job.module.href, exportName: job.exportName, args: job.args };
      worker.postMessage(message, job.transfer ?? []);
    });
  } finally {
    release();
  }
}
