// Once per run of the browser tests: build the browser app if its sources changed since the last build, and prepare
// one migrated data folder (reference places and themes loaded) that every test server starts from a copy of, and a
// second one that also holds the first administrator and the example data, for the walk-throughs that start there.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { prepareDatabase } from "../../src/server/bootstrap";
import { addExampleData, CHROMIUM_PATH } from "./harness";
import { ensureServerBuilt, ensureWebAppBuilt } from "./web-app";

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  // Without Chromium the browser tests skip (or fail on E2E_REQUIRED=1 themselves): no build needed.
  if (!existsSync(CHROMIUM_PATH) && process.env.E2E_REQUIRED !== "1") return undefined;
  let started = performance.now();
  const { built, reason } = ensureWebAppBuilt();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    built
      ? `Browser app built in ${seconds()} s (${reason}).`
      : "Browser app already built from the current sources.",
  );

  started = performance.now();
  const server = await ensureServerBuilt();
  console.log(
    server.built
      ? `Server compiled in ${seconds()} s (${server.reason}).`
      : "Server already compiled from the current sources.",
  );

  // What a first server start does (initdb, every migration, 416 sectors): ~30 s of each file's start, done once.
  started = performance.now();
  const tmp = resolve(".tmp");
  mkdirSync(tmp, { recursive: true });
  const template = mkdtempSync(join(tmp, "e2e-data-template-"));
  const handle = await prepareDatabase({ kind: "pglite", dataDir: template });
  await handle.close();
  console.log(`Browser tests' data folder prepared in ${seconds()} s.`);

  // A server start, the set-up and the example data's load (~40 s of each such file's start), done once.
  started = performance.now();
  const exampleTemplate = mkdtempSync(join(tmp, "e2e-example-data-template-"));
  try {
    cpSync(template, exampleTemplate, { recursive: true });
    await addExampleData(exampleTemplate);
  } catch (error) {
    rmSync(template, { recursive: true, force: true });
    rmSync(exampleTemplate, { recursive: true, force: true });
    throw error;
  }
  console.log(`Browser tests' example-data folder prepared in ${seconds()} s.`);
  project.provide("e2eDataTemplate", template);
  project.provide("e2eExampleDataTemplate", exampleTemplate);
  return () => {
    rmSync(template, { recursive: true, force: true });
    rmSync(exampleTemplate, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    /** A data folder migrated by the server's own start-up code, copied for each browser test's server. */
    e2eDataTemplate: string;
    /** The same, with Aline Uwase as first administrator and the example data loaded by the app's own requests. */
    e2eExampleDataTemplate: string;
  }
}
