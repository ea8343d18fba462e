// HTTP for a programme's results table: upload it to see what importing it would do (writes nothing), or to import it
// (JSON, or with Accept: application/x-ndjson progress lines then the result, as the status-report import).
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  type AppEnv,
  createRouter,
  json,
  ProblemSchema,
  problemResponses,
  recordId,
  serviceContext,
  streamWithProgress,
  wantsProgress,
} from "../../server/http";
import { MAX_DOCUMENT_BYTES } from "../agreements";
import { ResultsTableOutcomeSchema } from "./results-table.schema";
import { importResultsTable, type ResultsTableTarget } from "./results-table.service";

const tags = ["Programmes"];

const UploadSchema = z.object({
  file: z.instanceof(File).openapi({
    type: "string",
    format: "binary",
    description: `The results table: Word (.docx), Excel (.xlsx), CSV (UTF-8) or a text export, at most ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB`,
  }),
  confirm: z
    .enum(["true", "false"])
    .default("false")
    .openapi({ description: "false (default): say what importing would do and write nothing" }),
});

/** Both uploads answer alike: the preview or what was written, a problem, or 413 past the size limit. */
const responses = {
  200: json(ResultsTableOutcomeSchema, "The preview (written: null), or what was written"),
  ...problemResponses,
  413: {
    description: "The file is larger than the upload limit",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
};

/** The outcome as JSON; a confirmed import asked with Accept: application/x-ndjson streams its progress first. */
async function answer(
  c: Context<AppEnv>,
  file: File,
  target: ResultsTableTarget,
  confirm: boolean,
): Promise<Response> {
  const input = {
    file: file.name || "upload",
    bytes: new Uint8Array(await file.arrayBuffer()),
    target,
    confirm,
  };
  const ctx = serviceContext(c);
  if (confirm && wantsProgress(c))
    return streamWithProgress(c, (onProgress) => importResultsTable(ctx, input, onProgress));
  return c.json(await importResultsTable(ctx, input), 200);
}

const NewProgrammeUploadSchema = UploadSchema.extend({
  title: z.string().max(500).default("").openapi({ description: "The new programme's title" }),
  leadOrganisationId: z.string().max(64).default("").openapi({ description: "Its lead organisation (uuid)" }),
  startDate: z.string().max(32).default("").openapi({ description: "Its start, YYYY-MM-DD" }),
  endDate: z.string().max(32).default("").openapi({ description: "Its end, YYYY-MM-DD" }),
});

export const resultsTableRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/api/programmes/results-table",
      tags,
      summary:
        "A results table into a new programme (ongoing, its title as objective): the programme's fields are checked (422 by field) before the table is read; the preview writes nothing, confirm creates the programme and imports the rows, all or nothing",
      request: {
        body: { required: true, content: { "multipart/form-data": { schema: NewProgrammeUploadSchema } } },
      },
      responses,
    }),
    async (c) => {
      const { file, confirm, title, leadOrganisationId, startDate, endDate } = c.req.valid("form");
      const target = { newProgramme: { title, leadOrganisationId, startDate, endDate } };
      return (await answer(c, file, target, confirm === "true")) as never;
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/programmes/{id}/results-table",
      tags,
      summary:
        "A results table into this programme: activity | people reached rows become events, indicator | target | achieved rows results; each row new, update (imported before, changed) or unchanged; all or nothing. A confirmed import with Accept: application/x-ndjson answers progress lines first, then the result or the problem.",
      request: {
        params: z.object({ id: z.string().max(64).openapi({ description: "Programme id (uuid)" }) }),
        body: { required: true, content: { "multipart/form-data": { schema: UploadSchema } } },
      },
      responses,
    }),
    async (c) => {
      const { file, confirm } = c.req.valid("form");
      const target = { programmeId: recordId(c.req.valid("param").id, "The programme") };
      return (await answer(c, file, target, confirm === "true")) as never;
    },
  );
