// Builds the browser app from src/web into dist/web; in development proxies /api to the Node server.
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import preact from "@preact/preset-vite";
import type { OutputBundle, OutputChunk } from "rolldown";
import { defineConfig, type Plugin } from "vite";
import { type CatalogPart, catalogPart } from "./src/web/catalog-parts";

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Writes a .br and a .gz beside every script, style sheet and image of the build, which the server sends to
 * browsers that accept them (serveStatic's precompressed): a district office on 3G downloads about a fifth
 * of the bytes, and the server spends no CPU compressing per request.
 */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "ubufatanye-precompress",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.values(bundle).filter((file) => /\.(js|css|svg|json)$/.test(file.fileName));
      await Promise.all(
        files.map(async (file) => {
          const source = file.type === "chunk" ? file.code : file.source;
          if (source.length < 1024) return;
          const path = join(outDir, file.fileName);
          const [br, gz] = await Promise.all([
            brotli(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 10 } }),
            gzipped(source, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
        }),
      );
    },
  };
}

const CATALOG_PART = /^virtual:catalog-part\/(en|fr|rw)\/(first|rest)$/;

/**
 * `virtual:catalog-part/<lang>/<first|rest>`: a part of a language's catalog (src/web/catalog-parts.ts), made from
 * src/locales/<lang>.json at build time, so the catalogs stay one file per language for translators and the server.
 */
function catalogParts(): Plugin {
  return {
    name: "ubufatanye-catalog-parts",
    resolveId(id) {
      return CATALOG_PART.test(id) ? `\0${id}` : null;
    },
    async load(id) {
      const match = CATALOG_PART.exec(id.replace(/^\0/, ""));
      if (!match) return null;
      const [, lang, part] = match;
      const file = resolve(import.meta.dirname, `src/locales/${lang}.json`);
      this.addWatchFile(file);
      const catalog = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
      return `export default ${JSON.stringify(catalogPart(catalog, part as CatalogPart))};`;
    },
  };
}

/** The route whose page must open offline (decision 018): its chunk and what it imports join the shell. */
const OFFLINE_PAGES = [
  // Each language's catalog is two chunks of its own (src/web/i18n.ts): all six join the shell.
  /catalog-part\/(en|fr|rw)\/(first|rest)$/,
  /\/reporting\/ReportPage\.tsx$/,
  /\/reporting\/AttachmentsSection\.tsx$/,
  /\/reporting\/VersionsSection\.tsx$/,
];

/** A chunk's own file, the chunks it imports statically (transitively) and their style sheets, as URLs. */
function closureOf(chunk: OutputChunk, bundle: OutputBundle, into: Set<string>): void {
  if (into.has(`/${chunk.fileName}`)) return;
  into.add(`/${chunk.fileName}`);
  for (const css of chunk.viteMetadata?.importedCss ?? []) into.add(`/${css}`);
  for (const name of chunk.imports) {
    const imported = bundle[name];
    if (imported?.type === "chunk") closureOf(imported, bundle, into);
  }
}

/**
 * Builds src/web/sw.ts to /sw.js (no hash: the browser looks for it at one address) and writes into it the shell:
 * index.html, the first load and the report page's chunks. Its version is a hash of those names, which carry their
 * content's hash: a build that changes any of them installs a new worker, whose activation removes the old shell.
 */
function serviceWorker(): Plugin {
  return {
    name: "ubufatanye-service-worker",
    apply: "build",
    enforce: "post",
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((f): f is OutputChunk => f.type === "chunk");
      const sw = chunks.find((c) => c.fileName === "sw.js");
      if (!sw) return;
      if (sw.imports.length > 0) this.error(`sw.js must not import shared chunks: ${sw.imports.join(", ")}`);
      const files = new Set<string>(["/index.html", "/favicon.svg"]);
      for (const chunk of chunks) {
        const offline = OFFLINE_PAGES.some((re) => chunk.facadeModuleId && re.test(chunk.facadeModuleId));
        if ((chunk.isEntry && chunk !== sw) || offline) closureOf(chunk, bundle, files);
      }
      const list = [...files].sort();
      const version = createHash("sha256").update(list.join("\n")).update(sw.code).digest("hex").slice(0, 16);
      sw.code = sw.code.replaceAll("__SHELL__", `(${JSON.stringify({ version, files: list })})`);
    },
  };
}

export default defineConfig({
  root: "src/web",
  // Preact renders the app through its React-compatible layer (preact/compat: "react" and "react-dom" are aliased to
  // it, so the app and React Router are written against React's API): ~10 KB of runtime instead of React DOM's ~55 KB,
  // which a phone on 3G downloads before the sign-in page shows (decision 041).
  plugins: [preact(), catalogParts(), serviceWorker(), precompress()],
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      input: { index: "src/web/index.html", sw: "src/web/sw.ts" },
      // React Router looks for React 19's useOptimistic and does without it when it is missing, as under Preact: the
      // build's warning about it says nothing to act on.
      onLog(level, log, handler) {
        if (log.code === "IMPORT_IS_UNDEFINED" && log.message.includes("useOptimistic")) return;
        handler(level, log);
      },
      output: { entryFileNames: (chunk) => (chunk.name === "sw" ? "sw.js" : "assets/[name]-[hash].js") },
    },
  },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
