import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractParts, MATCH_END, MATCH_START, prefixQueryText, searchWords } from "./search-words";

describe("searchWords and prefixQueryText", () => {
  it("keeps letters and digits, lower case, as prefixes", () => {
    expect(searchWords("Urubyiruko, GEREZA's 2024!")).toEqual(["urubyiruko", "gereza", "s", "2024"]);
    expect(prefixQueryText("Ubutabera bw'abana")).toBe("'ubutabera':* & 'bw':* & 'abana':*");
    expect(prefixQueryText("' & | ! :* ( ) <->")).toBeNull();
    expect(prefixQueryText('"guérison des traumatismes"')).toBeNull();
    expect(prefixQueryText("gereza -Musanze")).toBeNull();
    expect(prefixQueryText("Nyarugenge-Mageragere")).toBe("'nyarugenge':* & 'mageragere':*");
  });

  it("never lets a quote, operator or space into a lexeme", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 120 }), (typed) => {
        const text = prefixQueryText(typed);
        if (text === null) return;
        for (const term of text.split(" & ")) expect(term).toMatch(/^'[\p{L}\p{N}]+':\*$/u);
      }),
    );
  });
});

describe("extractParts", () => {
  it("cuts a headline into plain and matched parts", () => {
    expect(
      extractParts(`la ${MATCH_START}formation${MATCH_END} des ${MATCH_START}détenus${MATCH_END}.`),
    ).toEqual([
      { text: "la ", match: false },
      { text: "formation", match: true },
      { text: " des ", match: false },
      { text: "détenus", match: true },
      { text: ".", match: false },
    ]);
    expect(extractParts(null)).toEqual([]);
  });

  it("loses no text and leaves no marker, whatever the headline", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const parts = extractParts(s);
        const strip = (x: string) => x.replaceAll(MATCH_START, "").replaceAll(MATCH_END, "");
        expect(parts.map((p) => p.text).join("")).toBe(strip(s));
        for (const p of parts) expect(p.text).not.toMatch(/[\uE000\uE001]/);
      }),
    );
  });
});
