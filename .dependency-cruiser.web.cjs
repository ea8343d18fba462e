// Browser code stays browser-safe: checked by dependency-cruiser in `npm run lint`, on a graph without type-only imports.
// A separate run from .dependency-cruiser.cjs because a reachability rule follows every edge of the graph it is given, and
// src/web/api.ts imports the server's route types (`import type { AppType }`), which reach everything but vanish at build time.
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

/** Files of src/ that hold server-side code. */
const SERVER_FILES = [
  "^src/(db|server|cli)/",
  "^src/kernel/(?!.+\\.schema\\.ts$)",
  "^src/modules/[^/]+/[^/]+\\.(store|service|routes|table)\\.ts$",
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "browser-code-is-browser-safe",
      severity: "error",
      comment:
        "Code that runs in the browser (src/web, src/shared, src/locales, every *.schema.ts, and all they import; type-only imports aside) " +
        "may not reach a Node module, src/db, src/server, src/cli, src/kernel (except *.schema.ts), a module's *.store.ts, *.service.ts, " +
        "*.routes.ts or *.table.ts, a module's index.ts, or a server package (drizzle-orm, pg, PGlite, pino, better-auth's server half). " +
        "Import the module's *.schema.ts or a pure rule file that imports nothing server-side.",
      from: {
        path: ["^src/(web|shared|locales)/", "^src/(modules/[^/]+|kernel)/[^/]+\\.schema\\.ts$"],
        pathNot: "\\.test\\.tsx?$",
      },
      to: {
        path: [NODE_BUILTINS, ...SERVER_FILES, "^src/modules/[^/]+/index\\.ts$", ...SERVER_PACKAGES],
        reachable: true,
      },
    },
  ],
  options: {
    exclude: { path: ["^src/.+\\.d\\.ts$", "\\.test\\.tsx?$"] },
    doNotFollow: { path: ["node_modules"] },
    // Paths as written, not resolved through links: a worktree's node_modules may be a link to another checkout's.
    preserveSymlinks: true,
    tsPreCompilationDeps: false,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      mainFields: ["module", "main"],
    },
    skipAnalysisNotInRules: true,
  },
};
