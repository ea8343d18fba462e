// Parsers that misbehave on purpose, for the tests of kernel/files: run in a parsing worker by module URL.
import { AppError } from "../src/shared/app-errors";

export const echo = (value: unknown): unknown => value;

/** Never returns: only the time limit ends it. */
export function spin(): never {
  for (;;) {
    // busy: a synchronous parser stuck on a hostile file blocks its thread the same way
  }
}

/** Allocates until the heap limit ends the worker. */
export function hog(): never {
  const kept: string[] = [];
  // 1 MB strings: few collections before the limit, as a parser filling the heap with a file's text.
  for (let i = 0; ; i++) kept.push(`${i}${"x".repeat(1 << 20)}`.slice(0, (1 << 20) + 1));
}

export function refuse(file: string): never {
  throw new AppError("validation", `${file} is refused`, [
    { path: "file", message: "refused", code: "refused" },
  ]);
}

/** Recursion as deep as a hostile nesting would drive a recursive parser. */
export function overflow(): number {
  const down = (n: number): number => down(n + 1) + 1;
  return down(0);
}

export function crash(): never {
  throw new TypeError("a bug, not the file's fault");
}
