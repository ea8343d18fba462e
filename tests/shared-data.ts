// Files kept outside the repository in ../shared/data (reference places, boundaries, IATI): where they are, and
// whether a test that needs them may skip. On a developer's machine it skips with a warning; in CI it must fail.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** `../shared/data` beside the repository, wherever the tests are started from. */
export const SHARED_DATA_DIR = fileURLToPath(new URL("../../shared/data", import.meta.url));
/** Reference CSVs and district boundaries; UBUFATANYE_REFERENCE_DIR points elsewhere. */
export const REFERENCE_DIR = resolve(
  process.env.UBUFATANYE_REFERENCE_DIR ?? resolve(SHARED_DATA_DIR, "reference"),
);
/** IATI schema, codelists and samples; IATI_SHARED_DIR points elsewhere. */
export const IATI_DIR = resolve(process.env.IATI_SHARED_DIR ?? resolve(SHARED_DATA_DIR, "iati"));

/**
 * Whether a missing shared file fails the run instead of skipping: SHARED_REQUIRED=1 (set by .ci/run), or CI set
 * as most CI services do. SHARED_REQUIRED=0 lets a CI job skip on purpose.
 */
export function sharedDataRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.SHARED_REQUIRED === "1") return true;
  if (env.SHARED_REQUIRED === "0") return false;
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

export class SharedDataMissingError extends Error {
  constructor(missing: readonly string[]) {
    super(
      `Shared test data is required here (SHARED_REQUIRED=1 or CI is set) but missing: ${missing.join(", ")}. ` +
        "Put the shared folder beside the repository (../shared/data), or point UBUFATANYE_REFERENCE_DIR / " +
        "IATI_SHARED_DIR at it.",
    );
    this.name = "SharedDataMissingError";
  }
}

/**
 * True when every file exists. When one is missing: false with a warning (the caller skips), or a
 * SharedDataMissingError when shared data is required, so that CI cannot pass by skipping.
 * Use as `it.skipIf(!hasShared(FILE))(…)`.
 */
export function hasShared(...paths: readonly string[]): boolean {
  return sharedFilesPresentIn(paths, process.env);
}

/** `hasShared` with the environment given, for tests of the rule itself. */
export function sharedFilesPresentIn(paths: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) return true;
  if (sharedDataRequired(env)) throw new SharedDataMissingError(missing);
  console.warn(`Skipping tests that need shared data: missing ${missing.join(", ")}`);
  return false;
}

/** The same rule for a command-line tool a test needs (e.g. xmllint from Debian's libxml2-utils). */
export function hasTool(
  command: string,
  debianPackage: string,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (spawnSync(command, ["--version"]).status === 0) return true;
  if (sharedDataRequired(env))
    throw new Error(
      `${command} is required here (SHARED_REQUIRED=1 or CI is set): install ${debianPackage}.`,
    );
  console.warn(`Skipping tests that need ${command} (install ${debianPackage}).`);
  return false;
}
