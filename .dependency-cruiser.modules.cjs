// No cycles between modules: checked by dependency-cruiser in `npm run lint`, on a graph of src/modules alone.
// A separate run from .dependency-cruiser.cjs because a folder-level cycle rule looks at every folder of the graph it is
// given, and src/db (schema.ts re-exports every table) or src/server (app.ts mounts every module) would close false circles.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-module-cycle",
      severity: "error",
      comment:
        "Modules may not depend on each other in a circle, type-only imports included. " +
        "Move what both need into src/kernel or src/shared, or let one side receive the other's function as an argument.",
      scope: "folder",
      from: { path: "^src/modules/[^/]+$" },
      to: { path: "^src/modules/[^/]+$", circular: true },
    },
  ],
  options: {
    includeOnly: "^src/modules/",
    exclude: { path: ["^src/.+\\.d\\.ts$", "\\.test\\.tsx?$"] },
    // Paths as written, not resolved through links: a worktree's node_modules may be a link to another checkout's.
    preserveSymlinks: true,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    skipAnalysisNotInRules: true,
  },
};
