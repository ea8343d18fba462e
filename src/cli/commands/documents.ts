// `documents reindex` and `documents search`: the library's text read again (new, changed and pending files of the
// library, agreements and monitoring visits), and a search from the command line as the API answers it.
import { parseArgs } from "node:util";
import {
  type LibrarySearchQuery,
  reindexLibraryTexts,
  searchLibraryEntries,
  summariseLibraryTexts,
} from "../../modules/library";
import { type RunCommand, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { formatTable } from "../text-table";

export const runReindexDocuments: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: { all: { type: "boolean" }, json: { type: "boolean" } },
    strict: true,
  });
  const { report, summary } = await withMigratedDatabase(io, async (handle) => ({
    report: await reindexLibraryTexts(handle.db, { all: values.all === true }),
    summary: await summariseLibraryTexts(handle.db),
  }));
  if (values.json) {
    io.out(JSON.stringify({ ...report, summary }, null, 2));
    return;
  }
  io.out(
    `Read ${report.queued} file(s): ${report.extracted} with text, ${report.notExtracted} without; ${report.gone} gone.`,
  );
  if (summary.length > 0)
    io.out(
      formatTable(
        ["SOURCE", "STATUS", "REASON", "FILES"],
        summary.map((s) => [s.source, s.status, s.reason ?? "", String(s.n)]),
      ),
    );
};

export const runSearchDocuments: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      kind: { type: "string" },
      source: { type: "string" },
      theme: { type: "string" },
      language: { type: "string" },
      limit: { type: "string" },
      json: { type: "boolean" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new UsageError("Give the words to search for.");
  const query: LibrarySearchQuery = {
    q: positionals.join(" "),
    ...(values.kind ? { kind: values.kind } : {}),
    ...(values.source ? { source: values.source } : {}),
    ...(values.theme ? { theme: values.theme } : {}),
    ...(values.language ? { language: values.language as LibrarySearchQuery["language"] } : {}),
    ...(values.limit ? { limit: Number(values.limit) } : {}),
  };
  // The command line acts as the system: it reads every library entry, never an incident's file (none is indexed).
  const result = await withMigratedDatabase(io, (_handle, ctx) => searchLibraryEntries(ctx, query));
  if (values.json) {
    io.out(JSON.stringify(result, null, 2));
    return;
  }
  if (result.items.length === 0) {
    io.out("Nothing found.");
    return;
  }
  for (const hit of result.items) {
    const extract = hit.extract.map((p) => (p.match ? `[${p.text}]` : p.text)).join("");
    io.out(
      `${hit.title}  (${hit.source}${hit.kind ? `, ${hit.kind}` : ""}, ${hit.language}, ${hit.date}) ${hit.id}`,
    );
    if (hit.parent) io.out(`  in: ${hit.parent.title}`);
    if (extract) io.out(`  ${extract.replace(/\s+/g, " ")}`);
    if (hit.textStatus === "not_extracted") io.out(`  text not extracted: ${hit.textReason}`);
  }
};
