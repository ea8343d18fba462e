// Module boundaries of src/ that hold file by file (docs/decisions/008-module-boundaries.md); scripts/check-boundaries.ts
// runs this with .dependency-cruiser.web.cjs (browser code) and .dependency-cruiser.modules.cjs (cycles between modules).
// Tests (*.test.ts) are left out: a test may set up what it needs from anywhere.

/** A module's files that are not its SQL layer or its browser-safe schemas. */
const MODULE_CODE = "^src/modules/([^/]+)/(?![^/]+\\.(schema|table|store)\\.ts$)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "module-through-index",
      severity: "error",
      comment:
        "A module may use another module only through that module's index.ts (import '../other'). " +
        "Export what you need from the other module's index.ts and import it from there.",
      from: { path: MODULE_CODE },
      to: { path: "^src/modules/[^/]+/", pathNot: ["^src/modules/$1/", "^src/modules/[^/]+/index\\.ts$"] },
    },
    {
      name: "schema-through-schema",
      severity: "error",
      comment:
        "A module's *.schema.ts may use another module only through that module's *.schema.ts files: " +
        "schemas are sent to the browser, and the other module's index.ts would bring its server code along.",
      from: { path: "^src/modules/([^/]+)/[^/]+\\.schema\\.ts$" },
      to: {
        path: "^src/modules/[^/]+/",
        pathNot: ["^src/modules/$1/", "^src/modules/[^/]+/[^/]+\\.schema\\.ts$"],
      },
    },
    {
      name: "store-through-index-or-table",
      severity: "error",
      comment:
        "A module's *.store.ts or *.table.ts may use another module only through its index.ts or its *.table.ts " +
        "(foreign keys and joins need the other module's tables; the database is one).",
      from: { path: "^src/modules/([^/]+)/[^/]+\\.(store|table)\\.ts$" },
      to: {
        path: "^src/modules/[^/]+/",
        pathNot: ["^src/modules/$1/", "^src/modules/[^/]+/(index|[^/]+\\.table)\\.ts$"],
      },
    },
    {
      name: "server-and-cli-through-index",
      severity: "error",
      comment:
        "src/server and src/cli may use a module only through its index.ts (import '../modules/<m>'). " +
        "Export what you need from that module's index.ts and import it from there.",
      from: { path: "^src/(server|cli)/" },
      to: { path: "^src/modules/[^/]+/", pathNot: "^src/modules/[^/]+/index\\.ts$" },
    },
    {
      name: "modules-stay-off-the-server",
      severity: "error",
      comment:
        "A module may not import src/server, src/cli or src/web: the server calls the module, not the other way round " +
        "(a module's *.routes.ts may import src/server/http.ts).",
      from: { path: "^src/modules/", pathNot: "\\.routes\\.ts$" },
      to: { path: "^src/(server|cli|web)/" },
    },
    {
      name: "routes-use-only-server-http",
      severity: "error",
      comment:
        "A module's *.routes.ts may import from src/server only src/server/http.ts " +
        "(the router, the problem responses and the request's service context), and nothing of src/cli or src/web.",
      from: { path: "^src/modules/[^/]+/[^/]+\\.routes\\.ts$" },
      to: { path: "^src/(server/(?!http\\.ts$)|cli/|web/)" },
    },
    {
      name: "kernel-imports-only-db-shared-audit",
      severity: "error",
      comment:
        "src/kernel may import only src/kernel, src/db, src/shared and the audit module's index.ts, " +
        "so that every module can build on the kernel without a cycle.",
      from: { path: "^src/kernel/" },
      to: { path: "^src/", pathNot: ["^src/(kernel|db|shared)/", "^src/modules/audit/index\\.ts$"] },
    },
    {
      name: "shared-imports-only-shared",
      severity: "error",
      comment:
        "src/shared holds browser-safe helpers: it may not import the rest of src/ " +
        "(that it reaches no Node module or server package is checked with the browser code).",
      from: { path: "^src/shared/" },
      to: { path: "^src/(?!shared/)" },
    },
    {
      name: "sql-only-in-stores",
      severity: "error",
      comment:
        "In src/modules and src/kernel only *.store.ts (queries) and *.table.ts (table definitions) may import drizzle-orm. " +
        "Move the query into the module's store and call the store.",
      from: { path: "^src/(modules|kernel)/", pathNot: "\\.(store|table)\\.ts$" },
      to: { path: "^node_modules/drizzle-orm/" },
    },
    {
      name: "tables-only-in-stores",
      severity: "error",
      comment:
        "In src/modules and src/kernel only *.store.ts and *.table.ts may import a *.table.ts file (types aside): " +
        "a table in hand is a query waiting to be written outside the store. " +
        "(src/kernel/index.ts may hand on versionColumns, a column helper for table files, not a table.)",
      from: {
        path: "^src/(modules|kernel)/",
        pathNot: ["\\.(store|table)\\.ts$", "^src/kernel/index\\.ts$"],
      },
      to: { path: "\\.table\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-file-cycle",
      severity: "error",
      comment:
        "Files of src may not import each other in a circle (a circle with an import of types only does not count: " +
        "it vanishes at run time). Move what both files need into a third file.",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    exclude: { path: ["^src/.+\\.d\\.ts$", "\\.test\\.tsx?$"] },
    doNotFollow: { path: ["node_modules"] },
    // Paths as written, not resolved through links: a worktree's node_modules may be a link to another checkout's.
    preserveSymlinks: true,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // The files that run, not their type declarations: drizzle-orm is node_modules/drizzle-orm/index.js.
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      mainFields: ["module", "main"],
    },
    skipAnalysisNotInRules: true,
  },
};
