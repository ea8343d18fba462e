// The three catalogs stay in step: same keys, same placeholders, nothing empty, French and Kinyarwanda
// really translated, and every static key the browser app asks for exists.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import en from "./en.json";
import fr from "./fr.json";
import rw from "./rw.json";

type Catalog = Map<string, string>;

function flatten(node: unknown, prefix = "", out: Catalog = new Map()): Catalog {
  if (typeof node !== "object" || node === null || Array.isArray(node)) {
    throw new Error(`${prefix || "(root)"} is not an object`);
  }
  for (const [key, value] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else flatten(value, path, out);
  }
  return out;
}

function placeholders(value: string): string[] {
  return [...value.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((m) => m[1] ?? "").sort();
}

/** Keys whose value may legitimately be the same in every language. */
function mayStayEnglish(key: string, value: string): boolean {
  return key === "app.name" || key.startsWith("language.") || /^[\p{Lu}\d]{2,}$/u.test(value.trim());
}

/** Share of the translatable values of `catalog` that are identical to English. */
function untranslatedShare(english: Catalog, catalog: Catalog): number {
  let total = 0;
  let same = 0;
  for (const [key, value] of english) {
    if (mayStayEnglish(key, value)) continue;
    total += 1;
    if (catalog.get(key) === value) same += 1;
  }
  return total === 0 ? 0 : same / total;
}

const english = flatten(en);
const translations = { fr: flatten(fr), rw: flatten(rw) };

describe("locale catalogs", () => {
  it("English has values to translate", () => {
    expect(english.size).toBeGreaterThan(50);
    for (const [key, value] of english) expect(value.trim(), key).not.toBe("");
  });

  for (const [locale, catalog] of Object.entries(translations)) {
    describe(locale, () => {
      it("has exactly the key paths of English", () => {
        expect([...catalog.keys()].sort()).toEqual([...english.keys()].sort());
      });

      it("keeps every {{placeholder}} of English", () => {
        for (const [key, value] of english) {
          expect(placeholders(catalog.get(key) ?? ""), `${locale}: ${key}`).toEqual(placeholders(value));
        }
      });

      it("has no empty value", () => {
        for (const [key, value] of catalog) expect(value.trim(), `${locale}: ${key}`).not.toBe("");
      });

      it("is translated: fewer than 10% of values are identical to English", () => {
        const same = [...english].filter(
          ([key, value]) => !mayStayEnglish(key, value) && catalog.get(key) === value,
        );
        expect(untranslatedShare(english, catalog), same.map(([key]) => key).join(", ")).toBeLessThan(0.1);
      });
    });
  }

  it("the translation check fails on an untranslated copy of English", () => {
    expect(untranslatedShare(english, new Map(english))).toBeGreaterThanOrEqual(0.1);
  });
});

describe("keys used by the browser app", () => {
  const webDir = fileURLToPath(new URL("../web", import.meta.url));
  const sources = readdirSync(webDir, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => ({ file, text: readFileSync(join(webDir, file), "utf8") }));

  /** Static keys in t("a.b"), t('a.b') and t(`a.b`); template keys with ${…} are dynamic and skipped. */
  const used: { file: string; key: string }[] = [];
  for (const { file, text } of sources) {
    for (const m of text.matchAll(/\bt\(\s*(["'`])([^"'`\n]+?)\1/g)) {
      const key = m[2] ?? "";
      if (!key.includes("${")) used.push({ file, key });
    }
  }

  it("finds the t() calls", () => {
    expect(sources.some(({ file }) => file.endsWith(".tsx"))).toBe(true);
    expect(new Set(used.map(({ key }) => key)).size).toBeGreaterThan(50);
  });

  it("every static key exists in en.json (a plural key as key_one/key_other)", () => {
    const missing = used
      .filter(({ key }) => !english.has(key) && !(english.has(`${key}_one`) && english.has(`${key}_other`)))
      .map(({ file, key }) => `${file}: ${key}`);
    expect(missing).toEqual([]);
  });
});
