// The module boundaries of src/ (docs/decisions/008-module-boundaries.md), checked by dependency-cruiser; `npm run lint` runs it.
// Three cruises in one process, each on the graph its rules need (the .dependency-cruiser*.cjs files at the root say why).
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

export const BOUNDARY_CHECKS = [
  { config: ".dependency-cruiser.cjs", files: ["src"] },
  {
    config: ".dependency-cruiser.web.cjs",
    files: ["src/web", "src/shared", "src/locales", "src/modules/*/*.schema.ts", "src/kernel/**/*.schema.ts"],
  },
  { config: ".dependency-cruiser.modules.cjs", files: ["src/modules"] },
] as const;

export type BoundaryViolation = {
  rule: string;
  from: string;
  to: string;
  /** The modules in between, for a cycle or a reachability rule. */
  via: string[];
};

/** Runs every check on the project at `root` (which holds the configuration files, tsconfig.json and src/). */
export async function checkBoundaries(
  root: string,
): Promise<{ violations: BoundaryViolation[]; explanations: Map<string, string>; report: string }> {
  const violations: BoundaryViolation[] = [];
  const explanations = new Map<string, string>();
  const tsConfigFile = resolve(root, "tsconfig.json");
  const tsConfig = extractTSConfig(tsConfigFile);
  for (const check of BOUNDARY_CHECKS) {
    const options = await extractDepcruiseOptions(resolve(root, check.config));
    for (const rule of options.ruleSet?.forbidden ?? [])
      explanations.set(rule.name ?? "", rule.comment ?? "");
    // A folder that does not exist yet (src/kernel before its first file) is left out rather than an error.
    const files = check.files.filter((file) => existsSync(resolve(root, file.split("*")[0] ?? file)));
    const result = await cruise(
      files,
      { ...options, baseDir: root, tsConfig: { fileName: tsConfigFile } },
      {},
      { tsConfig },
    );
    for (const violation of (result.output as ICruiseResult).summary.violations) {
      violations.push({
        rule: violation.rule.name,
        from: violation.from,
        to: violation.to,
        via: (violation.cycle ?? violation.via ?? []).map((step) => step.name),
      });
    }
  }
  return { violations, explanations, report: describeViolations(violations, explanations) };
}

/** Rule by rule: what it says, then each importing file → imported file (and the path between them, if any). */
export function describeViolations(
  violations: BoundaryViolation[],
  explanations: Map<string, string>,
): string {
  const byRule = new Map<string, BoundaryViolation[]>();
  for (const violation of violations)
    byRule.set(violation.rule, [...(byRule.get(violation.rule) ?? []), violation]);
  return [...byRule]
    .map(([rule, found]) => {
      const lines = found.map(({ from, to, via }) => {
        const path = via.length > 1 ? `\n      through ${[from, ...via].join(" → ")}` : "";
        return `  ${rule}: ${from} → ${to}${path}`;
      });
      return `✖ ${rule} (${found.length}): ${explanations.get(rule) ?? ""}\n${lines.join("\n")}`;
    })
    .join("\n\n");
}

/**
 * Violations that were there when the check came in, each owned by the work that is rewriting its files
 * (issue 14): listed on every run but not failed on, so that the check guards everything else meanwhile.
 * The list only shrinks: delete an entry when its violation is gone.
 */
export const KNOWN_VIOLATIONS_FILE = "boundaries-known-violations.json";

type KnownViolation = { rule: string; from: string; to: string };

const sameViolation = (a: KnownViolation, b: KnownViolation) =>
  a.rule === b.rule && a.from === b.from && a.to === b.to;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const root = process.cwd();
  const knownFile = resolve(root, KNOWN_VIOLATIONS_FILE);
  const known: KnownViolation[] = existsSync(knownFile)
    ? (JSON.parse(readFileSync(knownFile, "utf8")) as { violations: KnownViolation[] }).violations
    : [];
  const { violations, explanations } = await checkBoundaries(root);
  const fresh = violations.filter((violation) => !known.some((entry) => sameViolation(entry, violation)));
  const stale = known.filter((entry) => !violations.some((violation) => sameViolation(entry, violation)));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const notes = [
    known.length > stale.length
      ? `ℹ ${known.length - stale.length} known violations, listed in ${KNOWN_VIOLATIONS_FILE}, wait for their fix`
      : "",
    ...stale.map(
      (entry) =>
        `ℹ no longer found, remove it from ${KNOWN_VIOLATIONS_FILE}: ${entry.rule}: ${entry.from} → ${entry.to}`,
    ),
  ].filter(Boolean);
  if (fresh.length > 0) {
    console.error(
      [
        describeViolations(fresh, explanations),
        ...notes,
        `✖ ${fresh.length} module boundary violations (${seconds} s)`,
      ].join("\n\n"),
    );
    process.exitCode = 1;
  } else {
    console.log(
      [
        ...notes,
        `✔ module boundaries hold (${BOUNDARY_CHECKS.length} dependency-cruiser checks, ${seconds} s)`,
      ].join("\n"),
    );
  }
}
