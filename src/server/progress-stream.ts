// Long imports answer with their progress: with Accept: application/x-ndjson, `{type:"progress",done,total}` lines
// first, then `{type:"result",result}` or `{type:"problem",problem}`; without it, the result as JSON (or the problem).
import type { Context } from "hono";
import { stream } from "hono/streaming";
import type { AppEnv } from "./http";
import { problemFromError } from "./problem";

/** Rows done, rows in all; the work waits for it (so that the line is sent before the next row is written). */
export type ProgressListener = (done: number, total: number) => Promise<void>;

/** Whether the client asked for the progress lines. */
export const wantsProgress = (c: Context<AppEnv>) =>
  (c.req.header("accept") ?? "").includes("application/x-ndjson");

/** Answers `run`'s result as NDJSON after its progress lines (the caller checked `wantsProgress`). */
export function streamWithProgress<T>(
  c: Context<AppEnv>,
  run: (onProgress: ProgressListener) => Promise<T>,
): Response {
  c.header("content-type", "application/x-ndjson; charset=utf-8");
  c.header("cache-control", "no-store");
  return stream(c, async (out) => {
    try {
      const result = await run(async (done, total) => {
        await out.write(`${JSON.stringify({ type: "progress", done, total })}\n`);
        // The embedded database answers in microtasks: give the socket a turn to send the line now.
        await new Promise((resolve) => setImmediate(resolve));
      });
      await out.write(`${JSON.stringify({ type: "result", result })}\n`);
    } catch (error) {
      const { body } = problemFromError(error);
      await out.write(`${JSON.stringify({ type: "problem", problem: body })}\n`);
    }
  });
}
