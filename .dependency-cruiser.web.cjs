// Browser code stays browser-safe (docs/decisions/008-module-boundaries.md): run by scripts/check-boundaries.ts.
// This cruise starts from the browser code (src/web, src/shared, src/locales, every *.schema.ts) and follows only imports
// that load something at run time, so every file it reads is browser code; type-only imports are not followed, because
// src/web/api.ts takes the server's route types (`import type { AppType }`), which vanish at build time.
const { builtinModules } = require("node:module");

/** Node's own modules, with or without the `node:` prefix. */
const NODE_BUILTINS = `^(node:)?(${builtinModules.filter((name) => !name.startsWith("_")).join("|")})(/|$)`;

/** Packages that only make sense on a server: the database, the logger, the HTTP server, better-auth's server half. */
const SERVER_PACKAGES = [
  "^node_modules/(drizzle-orm|drizzle-kit|pg|pg-boss|pg-pool|pino|pino-pretty)/",
  "^node_modules/@electric-sql/pglite/",
  "^node_modules/@hono/node-server/",
  "^node_modules/better-auth/dist/(?!client/)",
];

/**
 * Files of src/ that hold server-side code; a module's index.ts leads to its services. Of src/kernel, only its
 * schemas and policy.ts (the policy table, which the browser reads to hide what the user may not do) are browser-safe;
 * they are followed like any browser code, so a server import added to them is reported too.
 */
const SERVER_FILES = [
  "^src/(db|server|cli)/",
  "^src/kernel/(?!([^/]+\\.schema|policy)\\.ts$)",
  "^src/modules/[^/]+/([^/]+\\.(store|service|routes|table)|index)\\.ts$",
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "browser-code-is-browser-safe",
      severity: "error",
      comment:
        "This file runs in the browser: it is browser code (src/web, src/shared, src/locales, a *.schema.ts) or one of them " +
        "imports it. It may not import a Node module, src/db, src/server, src/cli, src/kernel (except *.schema.ts and policy.ts), " +
        "a module's index.ts, *.store.ts, *.service.ts, *.routes.ts or *.table.ts, or a server package " +
        "(drizzle-orm, pg, PGlite, pino, better-auth's server half); `import type` is fine. " +
        "Import the module's *.schema.ts or a pure rule file that imports nothing server-side.",
      from: { path: "^src/" },
      to: {
        path: [NODE_BUILTINS, ...SERVER_FILES, ...SERVER_PACKAGES],
        dependencyTypesNot: ["type-only"],
      },
    },
  ],
  options: {
    exclude: { path: ["^src/.+\\.d\\.ts$", "\\.test\\.tsx?$"] },
    // Server files are reported where browser code imports them, not followed into.
    doNotFollow: { path: ["node_modules", ...SERVER_FILES], dependencyTypes: ["type-only"] },
    // Paths as written, not resolved through links: a worktree's node_modules may be a link to another checkout's.
    preserveSymlinks: true,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      mainFields: ["module", "main"],
    },
    skipAnalysisNotInRules: true,
  },
};
