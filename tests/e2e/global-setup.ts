// Once per run of the browser tests: build the browser app if its sources changed since the last build.
import { existsSync } from "node:fs";
import { CHROMIUM_PATH } from "./harness";
import { ensureWebAppBuilt } from "./web-app";

export default function setup(): void {
  // Without Chromium the browser tests skip (or fail on E2E_REQUIRED=1 themselves): no build needed.
  if (!existsSync(CHROMIUM_PATH) && process.env.E2E_REQUIRED !== "1") return;
  const started = performance.now();
  const { built, reason } = ensureWebAppBuilt();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    built
      ? `Browser app built in ${seconds} s (${reason}).`
      : "Browser app already built from the current sources.",
  );
}
