// The module boundaries of src/ (docs/decisions/008-module-boundaries.md), checked by dependency-cruiser; `npm run lint` runs it.
// Three cruises in one process, each on the graph its rules need (the .dependency-cruiser*.cjs files at the root say why).
import { existsSync } from "node:fs";
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
): Promise<{ violations: BoundaryViolation[]; report: string }> {
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
  return { violations, report: describeViolations(violations, explanations) };
}

/** Rule by rule: what it says, then each importing file → imported file (and the path between them, if any). */
function describeViolations(violations: BoundaryViolation[], explanations: Map<string, string>): string {
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const { violations, report } = await checkBoundaries(process.cwd());
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (violations.length > 0) {
    console.error(`${report}\n\n✖ ${violations.length} module boundary violations (${seconds} s)`);
    process.exitCode = 1;
  } else {
    console.log(
      `✔ module boundaries hold (${BOUNDARY_CHECKS.length} dependency-cruiser checks, ${seconds} s)`,
    );
  }
}
