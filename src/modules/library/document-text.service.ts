// The library's text extraction, run as a background job (decision 015) so an upload never waits for it: each
// pending text row's file is read in a parsing worker within limits (decision 014), and its text, or the reason
// there is none, written back. Idempotent: a row is only ever rewritten from its file.
import { z } from "zod";
import type { Executor } from "../../db/client";
import { defineJob } from "../../kernel";
import { FILE_LIMITS, type FileLimits, parseOffThread } from "../../kernel/files";
import { codeModuleUrl } from "../../kernel/runtime-files";
import { AppError } from "../../shared/app-errors";
import type { ExtractedText } from "./document-text.import";
import {
  deleteTextRow,
  selectPendingTexts,
  selectSourceFile,
  syncTextRows,
  type TextOutcome,
  type TextSource,
  writeTextOutcome,
} from "./library.store";
import { guessLanguage } from "./text-language";

/** Drains the pending rows. Stately: one waiting and one running at most, however many uploads asked. */
export const libraryTextJob = defineJob("library.extract-text", z.object({}).strict(), {
  policy: "stately",
  retryLimit: 3,
  retryDelay: 30,
  expireInSeconds: 30 * 60,
});

const PARSER = codeModuleUrl("modules/library/document-text.import.ts");
/** After this many attempts that crashed (not a bad file: those are written), a row is left as not extracted. */
const MAX_ATTEMPTS = 3;

async function readText(
  file: { data: Uint8Array; contentType: string; fileName: string },
  limits: FileLimits,
): Promise<ExtractedText> {
  try {
    return await parseOffThread<ExtractedText>({
      module: PARSER,
      exportName: "extractDocumentText",
      args: [file.data, file.contentType, limits],
      file: file.fileName,
      field: "file",
      limits,
    });
  } catch (error) {
    // Past a limit (time, memory, zip sizes) the worker was ended: the file is kept, its text is not.
    if (error instanceof AppError)
      return {
        ok: false,
        reason: error.kind === "payload_too_large" ? "too_large" : "corrupt",
        detail: error.message,
      };
    return {
      ok: false,
      reason: "corrupt",
      detail: error instanceof Error ? error.message.slice(0, 300) : "failed",
    };
  }
}

/**
 * PostgreSQL refuses a tsvector past 1 MB: the whole text's vector (which files match) then reads this much of it;
 * its parts, each with its own vector, still hold and find all of it.
 */
const FALLBACK_CHARACTERS = 150_000;

async function writeOutcome(
  db: Executor,
  row: { source: TextSource; sourceId: string },
  sha256: string,
  outcome: TextOutcome,
): Promise<void> {
  try {
    await writeTextOutcome(db, row.source, row.sourceId, sha256, outcome);
  } catch (error) {
    if (outcome.status !== "extracted" || !/too long|exceeds the maximum/i.test(String(error))) throw error;
    await writeTextOutcome(db, row.source, row.sourceId, sha256, {
      ...outcome,
      vectorCharacters: FALLBACK_CHARACTERS,
    });
  }
}

export type ExtractionReport = { extracted: number; notExtracted: number; gone: number };

/** Reads every pending row's file, `batch` rows at a time, until none waits. */
export async function extractPendingTexts(
  db: Executor,
  options: { batch?: number; limits?: FileLimits } = {},
): Promise<ExtractionReport> {
  const report: ExtractionReport = { extracted: 0, notExtracted: 0, gone: 0 };
  const limits = options.limits ?? FILE_LIMITS;
  for (;;) {
    const pending = await selectPendingTexts(db, options.batch ?? 10);
    if (pending.length === 0) return report;
    for (const row of pending) {
      const file = await selectSourceFile(db, row.source, row.sourceId);
      if (!file) {
        await deleteTextRow(db, row.source, row.sourceId);
        report.gone++;
        continue;
      }
      const text =
        row.attempts >= MAX_ATTEMPTS
          ? ({ ok: false, reason: "corrupt", detail: "Reading it failed several times." } as const)
          : await readText(file, limits);
      if (text.ok) {
        // A library document's language was declared by its uploader; other modules' files are guessed.
        const language = row.source === "document" ? null : guessLanguage(text.text);
        await writeOutcome(db, row, file.sha256, { status: "extracted", body: text.text, language });
        report.extracted++;
      } else {
        await writeOutcome(db, row, file.sha256, {
          status: "not_extracted",
          reason: text.reason,
          detail: text.detail,
        });
        report.notExtracted++;
      }
    }
  }
}

/**
 * `documents reindex`: the text rows of other modules' files brought up to date (new, changed, gone), then every
 * pending row read. With `all`, every file is read again.
 */
export async function reindexLibraryTexts(
  db: Executor,
  options: { all?: boolean; limits?: FileLimits } = {},
): Promise<ExtractionReport & { queued: number }> {
  const queued = await syncTextRows(db, { all: options.all === true });
  const report = await extractPendingTexts(db, options.limits ? { limits: options.limits } : {});
  return { ...report, queued };
}
