// The library's full-text search (issue 21) on BENCH_DOCS (5,000) documents of BENCH_PAGES (50) pages of ~300 words,
// in English, French and Kinyarwanda, with their search vectors built as the extraction job builds them. Prints the
// search's p50/p95 over BENCH_RUNS runs of several queries (a French phrase, common words, a Kinyarwanda prefix, a
// rare word), as an administrator reading everything, with the extracts cut. PostgreSQL with BENCH_DATABASE_URL (the
// script creates its own database), else PGlite in memory.
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { queryRows } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import { searchLibraryEntries } from "../src/modules/library";
import { searchVector } from "../src/modules/library/library.store";
import { openBenchTarget, percentile } from "./bench-kit";

const DOCS = Number(process.env.BENCH_DOCS ?? 5_000);
const PAGES = Number(process.env.BENCH_PAGES ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WORDS_PER_PAGE = 300;
const started = performance.now();
const note = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`);

const VOCABULARY = {
  en: "the of and to in prison legal aid training detainees community healing facilitators reintegration report district rights justice women juvenile mediation land disputes cell visit findings recommendation programme partners",
  fr: "le la les des et du une pour dans formation détenus guérison traumatismes communautaires accompagnement animateurs réinsertion rapport district droits justice femmes mineurs médiation litiges fonciers cellule visite",
  rw: "mu na ku ya kandi ubutabera uburenganzira abagororwa amahugurwa ubwiyunge isanamitima urubyiruko abagore akarere umurenge raporo gahunda abafatanyabikorwa amakimbirane ubutaka abunzi gereza",
} as const;

async function main() {
  const target = await openBenchTarget("ubuf_bench_library");
  const { handle } = target;
  try {
    await migrateDatabase(handle);
    const db = handle.db;
    note(`migrated; building ${DOCS} documents of ${PAGES} pages (${target.label})`);
    const batch = 250;
    for (let done = 0; done < DOCS; done += batch) {
      const n = Math.min(batch, DOCS - done);
      await db.execute(sql`with docs as (
          select gen_random_uuid() as id, g, (array['en', 'fr', 'rw'])[1 + g % 3] as language
          from generate_series(${done + 1}::int, ${done + n}::int) g),
        inserted as (
          insert into library_document (id, title, kind, language, file_name, content_type, size_bytes, sha256, data, uploaded_by)
          select id, 'Bench document ' || g, 'report', language, 'bench.pdf', 'application/pdf', 1, 'x', '\\x00'::bytea, 'bench'
          from docs returning id)
        insert into library_text (source, source_id, status, language, title, body)
        select 'document', d.id, 'extracted', d.language, 'Bench document ' || d.g,
          (select string_agg(w.words[1 + ((d.g * 7919 + s * 104729) % array_length(w.words, 1))], ' ')
             from generate_series(1, ${PAGES * WORDS_PER_PAGE}::int) s,
                  (select string_to_array(case d.language when 'en' then ${VOCABULARY.en}::text
                     when 'fr' then ${VOCABULARY.fr}::text else ${VOCABULARY.rw}::text end, ' ') as words) w)
        from docs d`);
      // One phrase to find in a few documents, as the issue's user looks for a phrase from inside a French PDF.
      await db.execute(sql`update library_text set body = body || ' la guérison des traumatismes communautaires demande du temps'
        where source = 'document' and title like 'Bench document %7' and language = 'fr' and search = ''::tsvector`);
      await db.execute(sql`update library_text set search = ${searchVector(sql`language`, sql`title`, sql`body`)}
        where search = ''::tsvector`);
      note(`${done + n} documents`);
    }
    await db.execute(sql`analyze library_text`);
    const [size] = await queryRows<{ text: string; index: string }>(
      db,
      sql`select pg_size_pretty(sum(length(body))::bigint) as text,
        pg_size_pretty(pg_relation_size('library_text_search_idx')) as index from library_text`,
    );
    note(`text ${size?.text}, GIN index ${size?.index}`);
    const ctx = { db, actor: { kind: "system" as const, label: "bench" } };
    const queries = [
      "guérison des traumatismes communautaires",
      '"guérison des traumatismes"',
      "legal aid detainees",
      "isanamit",
      "zanzibar",
      "ubutabera abagororwa",
    ];
    console.log(
      `Library search, ${DOCS} documents × ${PAGES} pages, ${target.label}, load ${loadavg()[0]?.toFixed(1)}`,
    );
    for (const q of queries) {
      await searchLibraryEntries(ctx, { q }); // warm
      const times: number[] = [];
      let hits = 0;
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        const result = await searchLibraryEntries(ctx, { q });
        times.push(performance.now() - t0);
        hits = result.items.length;
      }
      times.sort((a, b) => a - b);
      console.log(
        `  ${JSON.stringify(q).padEnd(45)} p50 ${percentile(times, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(times, 95).toFixed(0).padStart(5)} ms  (${hits} on the page)`,
      );
    }
  } finally {
    await target.dispose();
  }
}

await main().catch((error: unknown) => {
  console.error(error instanceof Error && error.cause instanceof Error ? error.cause.message : error);
  process.exitCode = 1;
});
