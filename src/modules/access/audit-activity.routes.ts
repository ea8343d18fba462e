// HTTP for the breach report (issue 17): what one user read or changed between two dates, as pages or one CSV file.
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, json, problemResponses, serviceContext } from "../../server/http";
import {
  eachUserActivityPage,
  listUserActivity,
  UserActivityPageSchema,
  UserActivityQuerySchema,
} from "../audit";
import { REPORT_LANGUAGES } from "../reports";
import { userActivityCsvHeader, userActivityCsvRows } from "./audit-activity.export";

const tags = ["Audit"];
const CSV_TYPE = "text/csv; charset=utf-8";

const ActivityCsvQuerySchema = UserActivityQuerySchema.pick({ userId: true, from: true, to: true }).extend({
  lang: z.enum(REPORT_LANGUAGES).default("en"),
});

export const auditActivityRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/api/audit/activity",
      tags,
      summary:
        "What one user read or changed between two dates or instants, newest first, a page at a time (administrators). " +
        "Dates are Kigali days, both included; no changed values are shown. Each call is itself audited.",
      request: { query: UserActivityQuerySchema },
      responses: {
        200: json(UserActivityPageSchema, "One page; nextCursor for the next"),
        ...problemResponses,
      },
    }),
    async (c) => c.json(await listUserActivity(serviceContext(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/api/audit/activity.csv",
      tags,
      summary: "The same report as one CSV file, every row of the window (administrators)",
      request: { query: ActivityCsvQuerySchema },
      responses: {
        200: {
          description: "CSV, UTF-8 with a byte-order mark",
          content: { [CSV_TYPE]: { schema: z.string().openapi({ format: "binary" }) } },
        },
        ...problemResponses,
      },
    }),
    async (c) => {
      const { lang, ...query } = c.req.valid("query");
      const pages = eachUserActivityPage(serviceContext(c), query);
      // The first page is read before answering, so that a refusal (403, 422) is a problem, not a broken download.
      const first = await pages.next();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(userActivityCsvHeader(lang));
          if (!first.done) controller.enqueue(userActivityCsvRows(first.value, lang));
        },
        async pull(controller) {
          const next = first.done ? first : await pages.next();
          if (next.done) controller.close();
          else controller.enqueue(userActivityCsvRows(next.value, lang));
        },
        async cancel() {
          await pages.return(undefined);
        },
      });
      const day = new Date().toISOString().slice(0, 10);
      return c.body(body, 200, {
        "content-type": CSV_TYPE,
        "content-disposition": `attachment; filename="user-activity-${day}.csv"`,
      });
    },
  );
