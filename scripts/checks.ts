// `npm test`'s first step: the type check and the lint (Biome, then the module boundaries) side by side. They took
// their sum one after the other while a core idled. The type check is TypeScript 7's native compiler
// (`typescript-native`, 32 s here against TypeScript 5.9's 52–78 s, the same errors); TypeScript 5.9 stays for the
// tools that use its JavaScript API (openapi-typescript, dependency-cruiser). Each one's output is printed whole when it ends, never
// interleaved; the step fails when either fails, naming which.
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

const outcomes = await Promise.all([run("typecheck", "typecheck"), run("lint", "lint")]);
for (const o of outcomes) {
  process.stdout.write(`\n> ${o.name} (${o.seconds.toFixed(1)} s): ${o.code === 0 ? "passed" : "FAILED"}\n`);
  if (o.output.trim()) process.stdout.write(`${o.output.trimEnd()}\n`);
}
const failed = outcomes.filter((o) => o.code !== 0).map((o) => o.name);
if (failed.length > 0) {
  process.stderr.write(`\n${failed.join(" and ")} failed.\n`);
  process.exitCode = 1;
}
