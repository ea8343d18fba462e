// HTTP for timeliness: who reported, on time or not (JSON), the same as an Excel workbook, and the reminders sent now.
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json, problemResponses, serviceContext } from "../../server/http";
import { sendReportingNoticesNow } from "./reminders.service";
import { timelinessToXlsx } from "./timeliness.export";
import {
  NoticeReportSchema,
  TimelinessExportQuerySchema,
  TimelinessQuerySchema,
  TimelinessReportSchema,
} from "./timeliness.schema";
import { getTimeliness } from "./timeliness.service";

const tags = ["Reporting"];
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const timelinessRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/reporting/timeliness",
      tags,
      summary:
        "Per body and period: expected, on time, late (days), missing; reporting rate and timeliness; totals by district, province and for all in view; late and missing reports; a partner scorecard over 8 periods",
      description:
        "DHIS2's definitions: a report is expected for every period an obligation runs (its body active); on time when first submitted by the due date (N days after the period ends), late after it, missing when the due date has passed without it. Reporting rate = (on time + late) ÷ expected; timeliness = on time ÷ expected. Reports not yet due are counted apart and left out of both rates.",
      request: { query: TimelinessQuerySchema },
      responses: { 200: json(TimelinessReportSchema, "Timeliness"), ...problemResponses },
    }),
    async (c) => c.json(await getTimeliness(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/reporting/timeliness/export",
      tags,
      summary: "The timeliness answer as an Excel workbook, in the reader's language",
      request: { query: TimelinessExportQuerySchema },
      responses: {
        200: {
          description: "The workbook",
          content: { [XLSX_TYPE]: { schema: z.string().openapi({ format: "binary" }) } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { lang, ...query } = c.req.valid("query");
      const report = await getTimeliness(serviceContext(c), query, { wholeScorecard: true });
      const file = await timelinessToXlsx(report, lang);
      const name = `timeliness-${report.periods[0] ?? ""}-${report.periods.at(-1) ?? ""}.xlsx`;
      return c.body(new Uint8Array(file), 200, {
        "content-type": XLSX_TYPE,
        "content-disposition": `attachment; filename="${name.replace(/[^\w.-]/g, "_")}"`,
        "cache-control": "private, no-store",
      });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/api/reporting/reminders",
      tags,
      summary:
        "Send today's due reminders and weekly digests now (administrators and coordinators); each notice goes once, so the daily 07:00 run sends nothing already sent",
      responses: { 200: json(NoticeReportSchema, "What was sent"), ...problemResponses },
    }),
    async (c) => {
      const report = await sendReportingNoticesNow(serviceContext(c), c.get("accountLinks").publicUrl);
      if (report.emails > 0) c.get("mailer").deliverSoon();
      return c.json(report, 200);
    },
  );
