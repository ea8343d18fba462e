// Searching the library: what the reader reaches is worked out from the policy table and the owning modules' rules,
// then the store keeps to it in SQL; results carry highlighted extracts as plain parts.
import { type Actor, listScope, type ServiceContext, todayOf } from "../../kernel";
import { parseInput } from "../../shared/validation";
import { LibrarySearchQuerySchema, type LibrarySearchResult } from "./library.schema";
import { type LibraryReach, searchLibrary } from "./library-search.store";
import { extractParts, prefixQueryText } from "./search-words";

export function libraryReachOf(actor: Actor, today: string): LibraryReach {
  return {
    documents: listScope(actor, "library_document").all,
    lessons: listScope(actor, "lesson").all,
    // Agreement documents keep the agreement's access; every rule reading agreements is "anywhere" (policy.ts).
    agreements: listScope(actor, "agreement").all,
    visits: listScope(actor, "monitoring_visit"),
    today,
  };
}

/**
 * Documents, lessons and linked files matching the words (English and French stemmed, any language as plain words
 * and prefixes), best first; without words, the newest first. Any characters may be typed.
 */
export async function searchLibraryEntries(
  ctx: ServiceContext,
  query: unknown,
): Promise<LibrarySearchResult> {
  const input = parseInput(LibrarySearchQuerySchema, query, "query");
  const typed = input.q?.trim() ?? "";
  const rows = await searchLibrary(ctx.db, {
    reach: libraryReachOf(ctx.actor, todayOf(ctx)),
    words: typed === "" ? null : { typed, prefix: prefixQueryText(typed) },
    kinds: input.kind ?? [],
    sources: input.source ?? [],
    ...(input.theme ? { theme: input.theme } : {}),
    ...(input.language ? { language: input.language } : {}),
    limit: input.limit + 1,
    offset: input.offset,
  });
  return {
    items: rows.slice(0, input.limit).map((r) => ({
      source: r.source,
      id: r.id,
      title: r.title,
      kind: r.kind,
      language: r.language,
      parent: r.parentId && r.parentTitle !== null ? { id: r.parentId, title: r.parentTitle } : null,
      date: r.date,
      rank: r.rank,
      extract: extractParts(r.headline),
      textStatus: r.textStatus,
      textReason: r.textReason,
    })),
    more: rows.length > input.limit,
  };
}
