// Files that hold no table, known by their first bytes (or by what is left of them once read as UTF-8 text).
import { describe, expect, it } from "vitest";
import { whatIsNoTable, whatTextIsNoTable } from "./not-a-table";

const bytes = (...b: number[]) => Uint8Array.of(...b, 0, 0, 0, 0);
const asText = (b: Uint8Array) => new TextDecoder().decode(b);

describe("what is no table", () => {
  const cases: [string, Uint8Array][] = [
    ["PDF", new TextEncoder().encode("%PDF-1.7\n")],
    ["PNG", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)],
    ["JPEG", bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46)],
    ["GIF", new TextEncoder().encode("GIF89a")],
    ["WebP", new TextEncoder().encode("RIFF\u0001\u0002\u0003\u0004WEBPVP8 ")],
    ["DOC/XLS", bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)],
    ["RTF", new TextEncoder().encode("{\\rtf1\\ansi")],
  ];

  it.each(cases)("knows a %s by its bytes", (kind, file) => {
    expect(whatIsNoTable(file)?.kind).toBe(kind);
  });

  it("knows a PDF, a PNG and a JPEG the browser read as text", () => {
    expect(whatTextIsNoTable("%PDF-1.4\n%âãÏÓ")?.kind).toBe("PDF");
    expect(whatTextIsNoTable(asText(cases[1]?.[1] ?? bytes()))?.kind).toBe("PNG");
    expect(whatTextIsNoTable(asText(cases[2]?.[1] ?? bytes()))?.kind).toBe("JPEG");
    expect(whatTextIsNoTable(`\uFEFF${asText(cases[3]?.[1] ?? bytes())}`)?.kind).toBe("GIF");
  });

  it("takes tables for tables: CSV, HXL, a zip (xlsx, docx), text starting like a word of the list", () => {
    for (const text of [
      "Organisation,District\n#org,#adm2\n",
      "\uFEFFPartner;Place",
      "PDF report list,2024\n",
      "RIFFLE Association,Musanze\n",
      "Établissement,Population\n",
    ]) {
      expect(whatTextIsNoTable(text)).toBeNull();
      expect(whatIsNoTable(new TextEncoder().encode(text))).toBeNull();
    }
    expect(whatIsNoTable(bytes(0x50, 0x4b, 0x03, 0x04))).toBeNull();
  });
});
