// Parsing off the request thread: results and AppErrors cross back whole; past the time or memory limit the worker
// is ended and the refusal names the limit; meanwhile the request thread keeps its timers on time.
import { describe, expect, it } from "vitest";
import { AppError } from "../../shared/app-errors";
import { withLimits } from "./file-limits";
import { parseOffThread } from "./off-thread";

const FIXTURES = new URL("../../../tests/parser-fixtures.ts", import.meta.url);
const run = (exportName: string, args: unknown[] = [], limits = withLimits()) =>
  parseOffThread<unknown>({
    module: FIXTURES,
    exportName,
    args,
    file: "hostile.docx",
    field: "file",
    limits,
  });

/** The longest gap between 10 ms ticks of the request thread while `work` runs. */
async function longestStall(work: Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  await work.catch(() => undefined);
  clearInterval(tick);
  return longest;
}

describe("parseOffThread", () => {
  it("returns the parser's value, bytes included", async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await run("echo", [{ bytes, text: "é" }])).toEqual({ bytes, text: "é" });
  });

  it("hands an AppError back as the same AppError", async () => {
    const error = await run("refuse", ["hostile.docx"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe("validation");
    expect((error as AppError).errors).toEqual([{ path: "file", message: "refused", code: "refused" }]);
  });

  it("ends a parser past the time limit and names the limit, the request thread free meanwhile", async () => {
    const started = performance.now();
    const work = run("spin", [], withLimits({ timeoutMs: 1_500 }));
    const stall = longestStall(work);
    const error = await work.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe("payload_too_large");
    expect((error as AppError).errors[0]).toMatchObject({
      path: "file",
      code: "file_time_limit",
      params: { file: "hostile.docx", limit: 2 },
    });
    expect((error as AppError).message).toMatch(/hostile\.docx takes longer than 2 seconds/);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await stall).toBeLessThan(200);
  });

  it("ends a parser past the memory limit and names the limit", async () => {
    const work = run("hog", [], withLimits({ heapMb: 64 }));
    const stall = longestStall(work);
    const error = await work.catch((e: unknown) => e);
    expect((error as AppError).errors[0]).toMatchObject({ code: "file_memory_limit", params: { limit: 64 } });
    expect((error as AppError).message).toMatch(/more than 64 MB of memory/);
    expect(await stall).toBeLessThan(200);
  });

  it("answers a stack overflow as an unreadable file, and a bug as an error (a 500, logged)", async () => {
    const overflow = await run("overflow").catch((e: unknown) => e);
    expect((overflow as AppError).errors[0]).toMatchObject({ path: "file", code: "file_unreadable" });
    const bug = await run("crash").catch((e: unknown) => e);
    expect(bug).not.toBeInstanceOf(AppError);
    expect((bug as Error).message).toMatch(/a bug, not the file's fault/);
  });

  it("still parses after a worker was ended", async () => {
    await run("spin", [], withLimits({ timeoutMs: 300 })).catch(() => undefined);
    expect(await run("echo", [42])).toBe(42);
  });
});
