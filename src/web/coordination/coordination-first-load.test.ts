// The 3W page's first load stays free of zod (~26 KB gzipped): its static imports are walked from the source.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const HEAVY = ["zod", "@hono/zod-openapi"];

/** Value imports and re-exports of a file: `import type …` and `import { type A, type B }` load nothing. */
function valueImports(source: string): string[] {
  const found: string[] = [];
  const statement = /^\s*(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s*"([^"]+)"|^\s*import\s*"([^"]+)"/gm;
  for (const m of source.matchAll(statement)) {
    if (m[4]) {
      found.push(m[4]);
      continue;
    }
    if (m[1] || !m[3]) continue;
    const clause = m[2] ?? "";
    const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
    const onlyTypes =
      braces?.[1]
        ?.split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith("type ")) === true;
    if (!onlyTypes) found.push(m[3]);
  }
  return found;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find(
    (p) => existsSync(p) && /\.tsx?$/.test(p),
  );
}

/** Every package a file loads at run time, through its local static imports (dynamic import() is not followed). */
function packagesLoadedBy(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of valueImports(readFileSync(file, "utf8"))) {
      if (specifier.startsWith(".")) {
        const local = resolveLocal(file, specifier);
        if (local) visit(local);
      } else if (!packages.has(specifier)) {
        packages.set(specifier, file);
      }
    }
  };
  visit(resolve(entry));
  return packages;
}

describe("the 3W page's first load", () => {
  it("reads type-only imports as loading nothing", () => {
    expect(
      valueImports(
        [
          'import type { A } from "zod";',
          'import { type B, type C } from "../x.schema";',
          'import { PLACE_LEVELS } from "./place-levels";',
          'import { type D, e } from "./e";',
          'import "./coordination.css";',
          'export * from "./f";',
        ].join("\n"),
      ),
    ).toEqual(["./place-levels", "./e", "./coordination.css", "./f"]);
  });

  it("loads no zod: runtime constants come from zod-free modules, schemas only as types", () => {
    const packages = packagesLoadedBy("src/web/coordination/CoordinationPage.tsx");
    expect(packages.has("react")).toBe(true); // the walk reaches the page's real imports
    const heavy = HEAVY.filter((p) => packages.has(p)).map((p) => `${p} (imported by ${packages.get(p)})`);
    expect(heavy).toEqual([]);
  });
});
