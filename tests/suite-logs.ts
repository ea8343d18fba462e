// Every log line the app writes during the database test projects is kept (one file per worker) and, when the
// project ends, searched for values that must never be logged: the test users' password, any email address, a
// test user's name. A log line that carries one fails the run, whichever test caused it (issue 15).
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pino, { type Logger } from "pino";
import { inject } from "vitest";
import { LOG_REDACT_PATHS } from "../src/server/bootstrap";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the app's log lines of this project's tests go (a folder, one file per worker process). */
    testLogDir: string;
  }
}

/** The values no log line may hold (the factories' password and user name; emails by their shape). */
export const LOG_CANARIES: readonly { label: string; pattern: RegExp }[] = [
  { label: "the test password", pattern: /correct horse battery staple/i },
  { label: "an email address", pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/ },
  { label: "a user's name", pattern: /Test User/ },
];

let shared: Logger | undefined;

/** The app's logger for a test server: production's settings (redaction included), at debug, to this run's files. */
export function suiteLogger(): Logger {
  if (shared) return shared;
  let dir: string | undefined;
  try {
    dir = inject("testLogDir");
  } catch {
    dir = undefined;
  }
  if (!dir) {
    shared = pino({ level: "silent" });
    return shared;
  }
  mkdirSync(dir, { recursive: true });
  shared = pino(
    { level: "debug", redact: { paths: LOG_REDACT_PATHS, censor: "[redacted]" } },
    pino.destination({ dest: join(dir, `${process.pid}.ndjson`), sync: true }),
  );
  return shared;
}

export type LogFinding = { file: string; line: number; canary: string; text: string };

/** Every log line in `dir` holding a canary, and how many lines were read (a search of nothing proves nothing). */
export function findLoggedCanaries(dir: string): { lines: number; findings: LogFinding[] } {
  let lines = 0;
  const findings: LogFinding[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".ndjson"));
  } catch {
    return { lines, findings };
  }
  for (const file of files) {
    const text = readFileSync(join(dir, file), "utf8").split("\n");
    text.forEach((line, index) => {
      if (!line) return;
      lines++;
      for (const canary of LOG_CANARIES)
        if (canary.pattern.test(line))
          findings.push({ file, line: index + 1, canary: canary.label, text: line.slice(0, 300) });
    });
  }
  return { lines, findings };
}
