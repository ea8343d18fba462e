// The boundary check fails on each kind of violation: a small project is written to a temporary folder with the
// repository's dependency-cruiser configuration, one planted violation per rule, and clean files that must pass.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOUNDARY_CHECKS, type BoundaryViolation, checkBoundaries } from "../scripts/check-boundaries";

const repository = resolve(import.meta.dirname, "..");

/** Files that break no rule: each rule must leave them alone. */
const CLEAN: Record<string, string> = {
  "src/shared/names.ts": "export const formatName = (name: string): string => name.trim();\n",
  "src/modules/alpha/alpha.schema.ts": "export type Alpha = { id: string; name: string };\n",
  "src/modules/alpha/alpha.table.ts":
    'import { pgTable, text } from "drizzle-orm/pg-core";\n' +
    'export const alphaTable = pgTable("alpha", { id: text("id").primaryKey(), name: text("name") });\n',
  "src/modules/alpha/alpha.store.ts":
    'import { sql } from "drizzle-orm";\nimport { alphaTable } from "./alpha.table";\n' +
    "export const selectAlphas = () => [alphaTable, sql`select * from alpha`];\n",
  "src/modules/alpha/alpha.service.ts":
    'import type { Alpha } from "./alpha.schema";\nimport { selectAlphas } from "./alpha.store";\n' +
    "export function listAlphas(): Alpha[] {\n  selectAlphas();\n  return [];\n}\n",
  "src/modules/alpha/index.ts":
    'export * from "./alpha.schema";\nexport { listAlphas } from "./alpha.service";\n',
  "src/modules/beta/beta.schema.ts":
    'import type { Alpha } from "../alpha/alpha.schema";\nexport type Beta = { id: string; alpha: Alpha };\n',
  // A foreign key to another module's table.
  "src/modules/beta/beta.table.ts":
    'import { pgTable, text } from "drizzle-orm/pg-core";\nimport { alphaTable } from "../alpha/alpha.table";\n' +
    'export const betaTable = pgTable("beta", { id: text("id").primaryKey(), alphaId: text("alpha_id").references(() => alphaTable.id) });\n',
  "src/modules/beta/beta.service.ts":
    'import { listAlphas } from "../alpha";\nexport const listBetas = () => listAlphas();\n',
  "src/modules/beta/beta.routes.ts":
    'import { router } from "../../server/http";\nimport { listBetas } from "./beta.service";\nexport const betaRoutes = router(listBetas);\n',
  "src/modules/beta/index.ts":
    'export * from "./beta.schema";\nexport { betaRoutes } from "./beta.routes";\nexport { listBetas } from "./beta.service";\n',
  // Two files that import each other's types only: no circle at run time.
  "src/modules/beta/beta-left.ts":
    'import type { Right } from "./beta-right";\nexport type Left = { right?: Right };\n',
  "src/modules/beta/beta-right.ts":
    'import type { Left } from "./beta-left";\nexport type Right = { left?: Left };\n',
  "src/server/http.ts": "export const router = <T>(handler: T) => ({ handler });\n",
  "src/server/app.ts":
    'import { betaRoutes } from "../modules/beta";\nexport const app = { betaRoutes };\nexport type AppType = typeof app;\n',
  // The typed client: a type-only import of the server reaches no server code at run time.
  "src/web/api.ts": 'import type { AppType } from "../server/app";\nexport type Api = AppType;\n',
  "src/web/BetaPage.ts":
    'import type { Beta } from "../modules/beta/beta.schema";\nimport { formatName } from "../shared/names";\n' +
    "export const betaTitle = (beta: Beta): string => formatName(beta.alpha.name);\n",
  "src/kernel/context.ts":
    'import { formatName } from "../shared/names";\nexport const actorName = formatName;\n',
  // The policy table is pure: the browser may read it.
  "src/kernel/policy.ts": 'export const isAllowed = (role: string): boolean => role === "admin";\n',
  "src/web/session.ts":
    'import { isAllowed } from "../kernel/policy";\nexport const canEdit = isAllowed("admin");\n',
  // The kernel's surface hands on a column helper for table files.
  "src/kernel/versioned.table.ts":
    'import { integer } from "drizzle-orm/pg-core";\nexport const versionColumns = () => ({ version: integer("version") });\n',
  "src/kernel/index.ts":
    'export { actorName } from "./context";\nexport { versionColumns } from "./versioned.table";\n',
};

type Plant = { rule: string; files: Record<string, string>; expected: { from: string; to: string } };

/** One violation per rule. */
const PLANTS: Plant[] = [
  {
    rule: "module-through-index",
    files: {
      "src/modules/beta/beta-report.ts":
        'import { selectAlphas } from "../alpha/alpha.store";\nexport const report = selectAlphas;\n',
    },
    expected: { from: "src/modules/beta/beta-report.ts", to: "src/modules/alpha/alpha.store.ts" },
  },
  {
    rule: "schema-through-schema",
    files: {
      "src/modules/gamma/gamma.schema.ts":
        'import type { Alpha } from "../alpha";\nexport type Gamma = { alpha: Alpha };\n',
    },
    expected: { from: "src/modules/gamma/gamma.schema.ts", to: "src/modules/alpha/index.ts" },
  },
  {
    rule: "store-through-index-or-table",
    files: {
      "src/modules/gamma/gamma.store.ts":
        'import { selectAlphas } from "../alpha/alpha.store";\nexport const selectGammas = selectAlphas;\n',
    },
    expected: { from: "src/modules/gamma/gamma.store.ts", to: "src/modules/alpha/alpha.store.ts" },
  },
  {
    rule: "server-and-cli-through-index",
    files: {
      "src/cli/list.ts":
        'import { listAlphas } from "../modules/alpha/alpha.service";\nexport const list = listAlphas;\n',
    },
    expected: { from: "src/cli/list.ts", to: "src/modules/alpha/alpha.service.ts" },
  },
  {
    rule: "modules-stay-off-the-server",
    files: {
      "src/modules/gamma/gamma.service.ts":
        'import { app } from "../../server/app";\nexport const gammaApp = app;\n',
    },
    expected: { from: "src/modules/gamma/gamma.service.ts", to: "src/server/app.ts" },
  },
  {
    rule: "routes-use-only-server-http",
    files: {
      "src/server/problem.ts": "export const problem = (status: number) => ({ status });\n",
      "src/modules/gamma/gamma.routes.ts":
        'import { problem } from "../../server/problem";\nexport const gammaProblem = problem;\n',
    },
    expected: { from: "src/modules/gamma/gamma.routes.ts", to: "src/server/problem.ts" },
  },
  {
    rule: "kernel-imports-only-db-shared-audit",
    files: {
      "src/kernel/report.ts":
        'import { listBetas } from "../modules/beta";\nexport const report = listBetas;\n',
    },
    expected: { from: "src/kernel/report.ts", to: "src/modules/beta/index.ts" },
  },
  {
    rule: "shared-imports-only-shared",
    files: {
      "src/shared/app-name.ts": 'import { app } from "../server/app";\nexport const appName = String(app);\n',
    },
    expected: { from: "src/shared/app-name.ts", to: "src/server/app.ts" },
  },
  {
    rule: "sql-only-in-stores",
    files: {
      "src/modules/delta/delta.service.ts":
        'import { sql } from "drizzle-orm";\nexport const countDeltas = () => sql`select count(*) from delta`;\n',
    },
    expected: { from: "src/modules/delta/delta.service.ts", to: "node_modules/drizzle-orm/index.js" },
  },
  {
    rule: "tables-only-in-stores",
    files: {
      "src/modules/delta/delta.import.ts":
        'import { betaTable } from "../beta/beta.table";\nexport const deltaSource = betaTable;\n',
    },
    expected: { from: "src/modules/delta/delta.import.ts", to: "src/modules/beta/beta.table.ts" },
  },
  {
    rule: "no-file-cycle",
    files: {
      "src/modules/delta/delta-left.ts":
        'import { right } from "./delta-right";\nexport const left = () => right;\n',
      "src/modules/delta/delta-right.ts":
        'import { left } from "./delta-left";\nexport const right = () => left;\n',
    },
    expected: { from: "src/modules/delta/delta-left.ts", to: "src/modules/delta/delta-right.ts" },
  },
  {
    rule: "browser-code-is-browser-safe",
    files: {
      "src/web/AlphaList.ts":
        'import { selectAlphas } from "../modules/alpha/alpha.store";\nexport const alphas = selectAlphas;\n',
    },
    expected: { from: "src/web/AlphaList.ts", to: "src/modules/alpha/alpha.store.ts" },
  },
  {
    // alpha → beta through beta's index.ts, while beta's service uses alpha: a circle of modules, not of files.
    rule: "no-module-cycle",
    files: {
      "src/modules/alpha/alpha-digest.ts":
        'import { listBetas } from "../beta";\nexport const digest = () => listBetas();\n',
    },
    expected: { from: "src/modules/alpha", to: "src/modules/beta" },
  },
];

const plantedFiles = new Set(PLANTS.flatMap((plant) => Object.keys(plant.files)));
let root = "";
let violations: BoundaryViolation[] = [];
let report = "";

function writeProject(into: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(into, path)), { recursive: true });
    writeFileSync(join(into, path), text);
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "ubufatanye-boundaries-"));
  for (const { config } of BOUNDARY_CHECKS) copyFileSync(join(repository, config), join(root, config));
  copyFileSync(join(repository, "tsconfig.json"), join(root, "tsconfig.json"));
  symlinkSync(join(repository, "node_modules"), join(root, "node_modules"), "dir");
  writeProject(root, CLEAN);
  for (const plant of PLANTS) writeProject(root, plant.files);
  ({ violations, report } = await checkBoundaries(root));
}, 60_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("module boundaries", () => {
  it("has a planted violation for every rule of the configuration", () => {
    const require = createRequire(import.meta.url);
    const rules = BOUNDARY_CHECKS.flatMap(({ config }) =>
      (require(join(repository, config)) as { forbidden: { name: string }[] }).forbidden.map(
        (rule) => rule.name,
      ),
    );
    expect(PLANTS.map((plant) => plant.rule).sort()).toEqual([...rules].sort());
  });

  it.each(PLANTS)("reports $rule, naming the importing and the imported file", ({ rule, expected }) => {
    expect(violations).toContainEqual(expect.objectContaining({ rule, ...expected }));
    expect(report).toContain(`${rule}: ${expected.from} → ${expected.to}`);
  });

  it("reports nothing of the clean files", () => {
    const cycleModules = new Set(["src/modules/alpha", "src/modules/beta"]);
    const stray = violations.filter(
      (violation) =>
        !plantedFiles.has(violation.from) &&
        !(violation.rule === "no-file-cycle" && plantedFiles.has(violation.to)) &&
        !(violation.rule === "no-module-cycle" && cycleModules.has(violation.from)),
    );
    expect(stray).toEqual([]);
  });
});
