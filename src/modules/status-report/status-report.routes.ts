// HTTP for the status report export: the agreements list's filters in, a Word/Excel/PDF/CSV/HXL file out.
import { createRoute, z } from "@hono/zod-openapi";
import { downloadResponse } from "../../kernel/files";
import { createRouter, problemResponses, serviceContext } from "../../server/http";
import { exportStatusReport } from "./status-report.export";
import { REPORT_CONTENT_TYPES, StatusReportQuerySchema } from "./status-report.schema";

const binary = z.string().openapi({ format: "binary" });

export const statusReportRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/api/reports/status-report",
    tags: ["Reports"],
    summary:
      "The cooperation status report as of a date (docx, xlsx, pdf, csv, HXL csv), filtered like GET /api/agreements",
    description:
      "Agreements signed on or before `asOf` (undated ones: recorded by then), with their status on that day from the status history and the progress entries dated on or before it. Section 1: agreements with local partners; 2: with foreign correctional services; 3: memberships of the keeping institution in associations (printed only when no agreement filter is given). Column headers and titles in `lang`.",
    request: { query: StatusReportQuerySchema },
    responses: {
      200: {
        description: "The report, as an attachment",
        content: Object.fromEntries(
          [...new Set(Object.values(REPORT_CONTENT_TYPES))].map((type) => [type, { schema: binary }]),
        ),
      },
      ...problemResponses,
    },
  }),
  async (c) => {
    const file = await exportStatusReport(serviceContext(c), c.req.valid("query"));
    return downloadResponse({ bytes: file.bytes, contentType: file.contentType, fileName: file.fileName });
  },
);
