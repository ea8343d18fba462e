// HTTP for the status-report import: preview a file, then import it (JSON, or NDJSON progress lines then the result).
import { createRoute, z } from "@hono/zod-openapi";
import {
  createRouter,
  json,
  ProblemSchema,
  problemResponses,
  serviceContext,
  streamWithProgress,
  wantsProgress,
} from "../../server/http";
import { AppError } from "../../shared/app-errors";
import { MAX_DOCUMENT_BYTES } from "../agreements";
import { ImportPreviewSchema, ImportResultSchema } from "./imports.schema";
import { applyStatusReportImport, previewStatusReportImport } from "./imports.service";

const tags = ["Imports"];

const ImportUploadSchema = z.object({
  file: z.instanceof(File).openapi({
    type: "string",
    format: "binary",
    description: `The status report: Word text export (.txt), .docx, .xlsx or .csv (UTF-8), at most ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB`,
  }),
  options: z.string().max(200_000).optional().openapi({
    description:
      "JSON of the choices made in the preview: institution, columns (header → meaning), organisations (key → match/create), themes (row → codes), reportDate, excludeRows (rows left out: [{location} or {row}], see the preview's problemRows)",
  }),
});

function readOptions(text: string | undefined): unknown {
  if (text === undefined || text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("validation", "The options are not valid JSON.", [
      { path: "options", message: "Send the options as a JSON object.", in: "body" },
    ]);
  }
}

const upload = { required: true, content: { "multipart/form-data": { schema: ImportUploadSchema } } };
const tooLarge = {
  413: {
    description: "The file is larger than the upload limit",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
};

export const importRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/api/imports/status-report/preview",
      tags,
      summary: "Read a status report and say what importing it would create or update (writes nothing)",
      request: { body: upload },
      responses: { 200: json(ImportPreviewSchema, "The preview"), ...problemResponses, ...tooLarge },
    }),
    async (c) => {
      const { file, options } = c.req.valid("form");
      const preview = await previewStatusReportImport(
        serviceContext(c),
        { name: file.name || "upload", bytes: new Uint8Array(await file.arrayBuffer()) },
        readOptions(options),
      );
      return c.json(preview, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/imports/status-report",
      tags,
      summary:
        "Import a status report in one transaction: all of it or, on any error, nothing; rows named in excludeRows are left out and listed in the result. With Accept: application/x-ndjson, progress lines come first, then the result or the problem.",
      request: { body: upload },
      responses: {
        200: json(ImportResultSchema, "Imported"),
        ...problemResponses,
        ...tooLarge,
      },
    }),
    async (c) => {
      const { file, options } = c.req.valid("form");
      const ctx = serviceContext(c);
      const input = { name: file.name || "upload", bytes: new Uint8Array(await file.arrayBuffer()) };
      const rawOptions = readOptions(options);
      if (!wantsProgress(c)) return c.json(await applyStatusReportImport(ctx, input, rawOptions), 200);
      return streamWithProgress(c, (onProgress) =>
        applyStatusReportImport(ctx, input, rawOptions, onProgress),
      ) as never;
    },
  );
