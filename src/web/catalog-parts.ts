// The language catalog comes in two parts (issue 20, first load): the sections the sign-in page uses (and what frames
// it: the gate, the loading line, error texts), which the first load carries, and the rest, fetched after the sign-in
// page shows — or at once, beside the first, when this browser was signed in last time. Every other page waits for
// the whole catalog (main.tsx), so no page ever shows a key untranslated. `catalog-parts.test.ts` checks that the
// sign-in page and what it imports use only these sections.
export const FIRST_SECTIONS = [
  "app",
  "auth",
  "common",
  "errors",
  "form",
  "language",
  "nav",
  "passwordReset",
] as const;

export type CatalogPart = "first" | "rest";

/** The part's sections of a whole catalog (a language's JSON). */
export function catalogPart(catalog: Record<string, unknown>, part: CatalogPart): Record<string, unknown> {
  const first = new Set<string>(FIRST_SECTIONS);
  return Object.fromEntries(
    Object.entries(catalog).filter(([section]) => first.has(section) === (part === "first")),
  );
}
