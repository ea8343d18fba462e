// The sign-in page renders with the first part of the catalog only (catalog-parts.ts): every key it (and what it
// imports, and the gate around it) asks for must be in a first section, or it would show the key itself until the
// rest came. Fails when someone adds a text from another section to the sign-in page without moving that section.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import en from "../locales/en.json";
import { catalogPart, FIRST_SECTIONS } from "./catalog-parts";

const WEB = import.meta.dirname;
/** Rendered before the rest of the catalog is here: the sign-in page, the session, the window title, with their imports. */
const ROOTS = ["access/SignInPage.tsx", "session.tsx", "ui/use-page-title.ts"];
/** Their frame in main.tsx (the gate, the loading line), read alone: main.tsx also imports the signed-in pages. */
const FRAME = "main.tsx";

function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")])
    if (existsSync(candidate) && !candidate.endsWith(".json") && /\.tsx?$/.test(candidate)) return candidate;
  return null;
}

/** The file and every module it imports by a relative path, transitively. */
function closure(file: string, into = new Set<string>()): Set<string> {
  if (into.has(file)) return into;
  into.add(file);
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(/^import\s[^;]*?from\s+"(\.[^"]+)"/gms)) {
    const spec = match[1];
    if (spec?.endsWith(".css")) continue;
    const next = spec ? resolveImport(file, spec) : null;
    if (next) closure(next, into);
  }
  return into;
}

/** The sections of the keys a file asks for: t("section.…"), t(`section.…`), i18nKey="section.…". */
function sectionsAskedIn(file: string): Set<string> {
  const text = readFileSync(file, "utf8");
  const found = new Set<string>();
  for (const match of text.matchAll(/\bt\(\s*["'`]([a-zA-Z]+)\.|i18nKey=["']([a-zA-Z]+)\./g))
    found.add((match[1] ?? match[2]) as string);
  return found;
}

describe("the catalog's first part", () => {
  it("holds every section the sign-in page asks for", () => {
    const files = new Set([join(WEB, FRAME)]);
    for (const root of ROOTS) closure(join(WEB, root), files);
    const asked = new Map<string, string[]>();
    for (const file of files)
      for (const section of sectionsAskedIn(file))
        asked.set(section, [...(asked.get(section) ?? []), file.slice(WEB.length + 1)]);
    // The scan finds what it should: the sign-in page's own texts and the gate's.
    expect([...asked.keys()]).toEqual(expect.arrayContaining(["auth", "common", "errors"]));
    const outside = [...asked].filter(
      ([section]) => !(FIRST_SECTIONS as readonly string[]).includes(section),
    );
    expect(outside).toEqual([]);
  });

  it("splits a catalog into two parts that together are the whole", () => {
    const first = catalogPart(en, "first");
    const rest = catalogPart(en, "rest");
    expect(Object.keys(first).sort()).toEqual([...FIRST_SECTIONS].sort());
    expect({ ...first, ...rest }).toEqual(en);
    expect(Object.keys(rest).some((section) => section in first)).toBe(false);
    // The point of the split: the first part is a small share of the whole.
    expect(JSON.stringify(first).length).toBeLessThan(JSON.stringify(en).length / 4);
  });
});
