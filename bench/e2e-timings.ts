// Prints where the browser tests' set-up time goes, from the log a run with E2E_TIMINGS=<file> wrote:
// per file the seconds spent starting its server, launching Chromium, signing up or in and loading example data.
// Usage: E2E_TIMINGS=$PWD/.tmp/e2e-timings.jsonl npx vitest run --project e2e, then `tsx bench/e2e-timings.ts .tmp/e2e-timings.jsonl`.
import { readFileSync } from "node:fs";
import { z } from "zod";

// A set-up step's wall time, or (`cpu`) the processor time a server, or its PostgreSQL database's backends, used.
const LineSchema = z.union([
  z.object({ file: z.string(), step: z.string(), ms: z.number() }),
  z.object({ file: z.string(), cpu: z.enum(["server", "database"]), ms: z.number() }),
]);

const path = process.argv[2];
if (!path) {
  console.error("usage: tsx bench/e2e-timings.ts <E2E_TIMINGS file>");
  process.exit(2);
}
const byFile = new Map<string, Map<string, number>>();
const cpuByFile = new Map<string, { server: number; database: number }>();
for (const text of readFileSync(path, "utf8").split("\n")) {
  if (!text.trim()) continue;
  const line = LineSchema.parse(JSON.parse(text));
  if ("cpu" in line) {
    const cpu = cpuByFile.get(line.file) ?? { server: 0, database: 0 };
    cpu[line.cpu] += line.ms;
    cpuByFile.set(line.file, cpu);
    continue;
  }
  const { file, step, ms } = line;
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
if (cpuByFile.size > 0) {
  console.log("\nProcessor time of the servers (and of their PostgreSQL backends), per file:");
  let server = 0;
  let database = 0;
  for (const [file, cpu] of [...cpuByFile].sort(([a], [b]) => a.localeCompare(b))) {
    server += cpu.server;
    database += cpu.database;
    console.log(`${file.padEnd(32)} ${seconds(cpu.server)} s server  ${seconds(cpu.database)} s database`);
  }
  console.log(`${"all files".padEnd(32)} ${seconds(server)} s server  ${seconds(database)} s database`);
}
