// Prints what a phone downloads: the browser app's first load (index.html, the entry chunk and what it imports
// statically, its style sheets), the report page's own chunks on top of it (the lazy /reports/:id route), the service
// worker and the shell it caches. Builds into a temporary folder; sizes gzip level 9, as the build's .gz files.
// A report, not a test: it always exits 0 and prints OVER beside the report route when above 40 KB gzip (issue 16).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Manifest } from "vite";

const ROOT = resolve(import.meta.dirname, "..");
const REPORT_PAGE = "reporting/ReportPage.tsx";
const REPORT_PANELS = [
  "reporting/AttachmentsSection.tsx",
  "reporting/VersionsSection.tsx",
  "reporting/ReviewPanel.tsx",
];
const REPORT_TARGET_KB = 40;

const outDir = mkdtempSync(join(tmpdir(), "ubufatanye-bench-web-"));
try {
  await build({
    configFile: join(ROOT, "vite.config.ts"),
    logLevel: "silent",
    build: { outDir, emptyOutDir: true, manifest: "manifest.json" },
  });
  const manifest = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")) as Manifest;
  const gzipKb = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length / 1024;

  /** A manifest entry's file, its static imports (transitively) and their style sheets. */
  const closure = (key: string, into = new Set<string>()): Set<string> => {
    const chunk = manifest[key];
    if (!chunk || into.has(chunk.file)) return into;
    into.add(chunk.file);
    for (const css of chunk.css ?? []) into.add(css);
    for (const imported of chunk.imports ?? []) closure(imported, into);
    return into;
  };
  const sum = (files: Iterable<string>) => [...files].reduce((kb, f) => kb + gzipKb(f), 0);

  const firstLoad = closure("index.html", new Set(["index.html"]));
  const report = [...closure(REPORT_PAGE)].filter((f) => !firstLoad.has(f));
  const reportKb = sum(report);
  const sw = existsSync(join(outDir, "sw.js")) ? readFileSync(join(outDir, "sw.js"), "utf8") : "";
  const shell = JSON.parse(/"files":(\[[^\]]*\])/.exec(sw)?.[1] ?? "[]") as string[];

  const kb = (n: number) => `${n.toFixed(1).padStart(7)} KB`;
  console.log("Browser app, gzip -9 (what a phone downloads):");
  console.log(`  first load (${firstLoad.size} files)            ${kb(sum(firstLoad))}`);
  for (const f of [...firstLoad].sort((a, b) => gzipKb(b) - gzipKb(a)))
    console.log(`    ${f.padEnd(44)}${kb(gzipKb(f))}`);
  console.log(
    `  report route /reports/:id, on top (${report.length} files) ${kb(reportKb)}  target ≤ ${REPORT_TARGET_KB} KB${reportKb > REPORT_TARGET_KB ? "  OVER" : ""}`,
  );
  for (const f of report.sort((a, b) => gzipKb(b) - gzipKb(a)))
    console.log(`    ${f.padEnd(44)}${kb(gzipKb(f))}`);
  const panels = [...REPORT_PANELS.reduce((into, key) => closure(key, into), new Set<string>())].filter(
    (f) => !firstLoad.has(f) && !report.includes(f),
  );
  console.log(
    `  then, once the form shows, the report's files, versions, review panel and 412 comparison (${panels.length} files) ${kb(sum(panels))}`,
  );
  for (const f of panels) console.log(`    ${f.padEnd(44)}${kb(gzipKb(f))}`);
  console.log(
    `  in the first load from the report page: ${firstLoad.has(manifest[REPORT_PAGE]?.file ?? "?") ? "yes (not lazy!)" : "nothing (lazy)"}`,
  );
  if (sw) {
    console.log(`  service worker sw.js (after the first load)  ${kb(gzipKb("sw.js"))}`);
    console.log(
      `  shell it caches (${shell.length} files)             ${kb(sum(shell.map((u) => u.replace(/^\//, ""))))}`,
    );
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
