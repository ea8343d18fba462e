// Text of an uploaded PDF or Word file for the library's full-text search; loaded in a parsing worker (decision 014),
// so a hostile file costs the worker. Never throws for a bad file: it says why no text was taken.
import mammoth from "mammoth";
import { extractText, getDocumentProxy } from "unpdf";
import {
  assertZipWithinLimits,
  FILE_LIMITS,
  type FileLimits,
  isPasswordProtectedOfficeFile,
  UnreadableZipError,
} from "../../kernel/files";
import type { TextNotExtractedReason } from "./library.schema";

export type ExtractedText =
  | { ok: true; text: string; pages: number | null }
  | { ok: false; reason: TextNotExtractedReason; detail: string };

const PDF = "application/pdf";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** At most this many characters are kept: ~300 pages; past it a full-text index stops being a search aid. */
export const MAX_TEXT_CHARACTERS = 1_000_000;

/**
 * The characters ts_headline marks matches with (library.store.ts): taken out of every text first, so a document
 * cannot forge a highlight. NUL is taken out too (PostgreSQL text cannot store it).
 */
const RESERVED = /[\uE000\uE001]/g;

export function cleanText(raw: string): string {
  return raw
    .replaceAll("\u0000", " ")
    .replace(RESERVED, " ")
    .replace(/[ \t\f\v\r]+/g, " ")
    .replace(/\n\s*\n+/g, "\n\n")
    .trim()
    .slice(0, MAX_TEXT_CHARACTERS);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

async function pdfText(bytes: Uint8Array): Promise<ExtractedText> {
  try {
    // unpdf (pdf.js) takes the buffer over: give it a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { totalPages, text } = await extractText(pdf, { mergePages: true });
    await pdf.destroy();
    const cleaned = cleanText(text);
    if (cleaned === "") return { ok: false, reason: "no_text", detail: "The PDF holds no text (a scan?)." };
    return { ok: true, text: cleaned, pages: totalPages };
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "PasswordException") return { ok: false, reason: "encrypted", detail: messageOf(error) };
    return { ok: false, reason: "corrupt", detail: messageOf(error) };
  }
}

async function docxText(bytes: Uint8Array, limits: FileLimits): Promise<ExtractedText> {
  if (isPasswordProtectedOfficeFile(bytes))
    return { ok: false, reason: "encrypted", detail: "The Word file is protected by a password." };
  try {
    // Entry count and inflated sizes checked before mammoth, which trusts what the zip declares (a zip bomb).
    await assertZipWithinLimits(bytes, { file: "the file", field: "file" }, limits);
  } catch (error) {
    if (error instanceof UnreadableZipError)
      return { ok: false, reason: "corrupt", detail: messageOf(error) };
    return { ok: false, reason: "too_large", detail: messageOf(error) };
  }
  try {
    const { value } = await mammoth.extractRawText({
      buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    });
    const cleaned = cleanText(value);
    if (cleaned === "") return { ok: false, reason: "no_text", detail: "The Word file holds no text." };
    return { ok: true, text: cleaned, pages: null };
  } catch (error) {
    return { ok: false, reason: "corrupt", detail: messageOf(error) };
  }
}

/** The text of a PDF or DOCX; any other type has none to take (images, spreadsheets). */
export async function extractDocumentText(
  bytes: Uint8Array,
  contentType: string,
  limits: FileLimits = FILE_LIMITS,
): Promise<ExtractedText> {
  if (contentType === PDF) return pdfText(bytes);
  if (contentType === DOCX) return docxText(bytes, limits);
  return { ok: false, reason: "unsupported_type", detail: `No text is read from ${contentType} files.` };
}
