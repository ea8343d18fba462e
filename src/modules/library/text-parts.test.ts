import { describe, expect, it } from "vitest";
import { PART_CHARACTERS, PART_OVERLAP_CHARACTERS, splitTextParts } from "./text-parts";

const words = (n: number, word = "ubutabera") => Array.from({ length: n }, (_, i) => `${word}${i}`).join(" ");

describe("splitTextParts", () => {
  it("keeps a short text whole, and gives no part for no text", () => {
    expect(splitTextParts("Raporo y'isuzuma")).toEqual([{ body: "Raporo y'isuzuma", lead: "" }]);
    expect(splitTextParts("")).toEqual([]);
  });

  it("cuts a long text into parts that join back to it, each within the size", () => {
    const text = `${words(2000)}\n\n${words(900, "gereza")}\nend`;
    const parts = splitTextParts(text);
    expect(parts.length).toBeGreaterThan(5);
    expect(parts.map((p) => p.body).join("")).toBe(text);
    for (const p of parts) expect(p.body.length).toBeLessThanOrEqual(PART_CHARACTERS);
    // Never mid-word when a space is at hand: every part but the last ends at a separator.
    for (const p of parts.slice(0, -1)) expect(p.body).toMatch(/[\s]$/u);
  });

  it("ends a part at a paragraph break rather than a line break or a space in its second half", () => {
    const first = `${"a ".repeat(1200)}\n\n`;
    const text = `${first}${"b\n".repeat(600)}${"c ".repeat(2000)}`;
    const [one] = splitTextParts(text);
    expect(one?.body).toBe(first);
  });

  it("gives each part the last whole words of the part before, for a phrase cut by the split", () => {
    const parts = splitTextParts(words(3000));
    const [one, two] = parts;
    expect(one?.lead).toBe("");
    expect(two?.lead.length).toBeLessThanOrEqual(PART_OVERLAP_CHARACTERS);
    expect(one?.body.endsWith(two?.lead ?? "x")).toBe(true);
    expect(two?.lead).toMatch(/^ubutabera\d+ /u);
  });

  it("cuts a run with no space at the size", () => {
    const parts = splitTextParts("x".repeat(PART_CHARACTERS * 2 + 5));
    expect(parts.map((p) => p.body.length)).toEqual([PART_CHARACTERS, PART_CHARACTERS, 5]);
  });
});
