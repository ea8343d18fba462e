// Prints where the browser tests' set-up time goes, from the log a run with E2E_TIMINGS=<file> wrote:
// per file the seconds spent starting its server, launching Chromium, signing up or in and loading example data.
// Usage: E2E_TIMINGS=$PWD/.tmp/e2e-timings.jsonl npx vitest run --project e2e, then `tsx bench/e2e-timings.ts .tmp/e2e-timings.jsonl`.
import { readFileSync } from "node:fs";
import { z } from "zod";

const LineSchema = z.object({ file: z.string(), step: z.string(), ms: z.number() });

const path = process.argv[2];
if (!path) {
  console.error("usage: tsx bench/e2e-timings.ts <E2E_TIMINGS file>");
  process.exit(2);
}
const byFile = new Map<string, Map<string, number>>();
for (const line of readFileSync(path, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const { file, step, ms } = LineSchema.parse(JSON.parse(line));
  const steps = byFile.get(file) ?? new Map<string, number>();
  steps.set(step, (steps.get(step) ?? 0) + ms);
  byFile.set(file, steps);
}
const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(6);
const totals = new Map<string, number>();
for (const [file, steps] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
  let sum = 0;
  const parts: string[] = [];
  for (const [step, ms] of steps) {
    sum += ms;
    totals.set(step, (totals.get(step) ?? 0) + ms);
    parts.push(`${step} ${seconds(ms).trim()}`);
  }
  console.log(`${file.padEnd(32)} ${seconds(sum)} s  (${parts.join(", ")})`);
}
const all = [...totals.values()].reduce((a, b) => a + b, 0);
console.log(
  `${"all files".padEnd(32)} ${seconds(all)} s  (${[...totals].map(([s, ms]) => `${s} ${seconds(ms).trim()}`).join(", ")})`,
);
