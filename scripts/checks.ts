// `npm test`'s checks: the type check and the lint (Biome, then the module boundaries) side by side. Each is
// mostly one thread (tsc ~1 core for over a minute, dependency-cruiser another), so on CI's two cores they took
// their sum one after the other while a core idled. Each one's output is printed whole when it ends, never
// interleaved; the step fails when either fails, naming which.
//
// `--with-tests [vitest arguments]` (what `npm test` runs): the test run starts at once beside them, its output
// shown as it comes, the checks' when the tests end. The type check alone held every test back 73 s on CI's
// machine while the browser tests' first minutes leave a core a fifth idle; run after it, the suite took that much
// longer. The run fails when the checks or the tests fail.
import { spawn } from "node:child_process";

type Outcome = { name: string; code: number; output: string; seconds: number };

function run(name: string, script: string): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.on("close", (code) =>
      resolve({ name, code: code ?? 1, output, seconds: (performance.now() - started) / 1000 }),
    );
  });
}

/** The test run, its output passed through as it comes; resolves with its exit code. */
function runTests(args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("npx", ["vitest", "run", ...args], { stdio: "inherit" });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

const withTests = process.argv.indexOf("--with-tests");
const tests = withTests >= 0 ? runTests(process.argv.slice(withTests + 1)) : Promise.resolve(0);
const outcomes = await Promise.all([run("typecheck", "typecheck"), run("lint", "lint")]);
const testsCode = await tests;
for (const o of outcomes) {
  process.stdout.write(`\n> ${o.name} (${o.seconds.toFixed(1)} s): ${o.code === 0 ? "passed" : "FAILED"}\n`);
  if (o.output.trim()) process.stdout.write(`${o.output.trimEnd()}\n`);
}
const failed = outcomes.filter((o) => o.code !== 0).map((o) => o.name);
if (testsCode !== 0) failed.push("the tests");
if (failed.length > 0) {
  process.stderr.write(`\n${failed.join(" and ")} failed.\n`);
  process.exitCode = 1;
}
