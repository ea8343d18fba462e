// `reporting obligations|timeliness`: who must report to which body, and who reported on time, as terminal tables.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { Executor } from "../../db/client";
import { IsoDateSchema } from "../../modules/agreements";
import { findPlaceIdsByCodes } from "../../modules/places";
import {
  getTimeliness,
  listObligations,
  ObligationListQuerySchema,
  sendReportingNotices,
  type TallyRow,
  TimelinessQuerySchema,
  timelinessToXlsx,
} from "../../modules/reporting";
import { createMailerFor, serverConfigFromEnv } from "../../server/bootstrap";
import { todayInKigali } from "../../shared/today";
import { parseInput } from "../../shared/validation";
import { type RunCommand, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { formatTable } from "../text-table";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A place given by its code (RW-D43) or id. */
async function placeId(db: Executor, value: string | undefined, option: string): Promise<string | undefined> {
  if (value === undefined || UUID.test(value)) return value;
  const id = (await findPlaceIdsByCodes(db, [value])).get(value);
  if (!id) throw new UsageError(`--${option}: no place has the code ${value}.`);
  return id;
}

export const runListObligations: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: {
      district: { type: "string" },
      organisation: { type: "string" },
      body: { type: "string" },
      running: { type: "boolean" },
      json: { type: "boolean" },
    },
    strict: true,
  });
  const obligations = await withMigratedDatabase(io, async (handle, ctx) => {
    const query = parseInput(
      ObligationListQuerySchema,
      {
        districtId: await placeId(handle.db, values.district, "district"),
        organisationId: values.organisation,
        bodyId: values.body,
        running: values.running ? "true" : undefined,
      },
      "query",
    );
    return listObligations(ctx, query);
  });
  if (values.json) {
    io.out(JSON.stringify(obligations, null, 2));
    return;
  }
  const rows = obligations.map((o) => [
    o.organisationName,
    o.bodyName,
    o.periodType,
    String(o.dueDays),
    o.startPeriod,
    o.endPeriod ?? "",
    o.pausedBecause ?? "",
  ]);
  if (rows.length > 0)
    io.out(formatTable(["ORGANISATION", "BODY", "EVERY", "DUE DAYS", "FROM", "UNTIL", "PAUSED"], rows));
  io.out(`${obligations.length} obligations`);
};

const percent = (value: number | null) => (value === null ? "–" : `${value}%`);
const tallyCells = (t: TallyRow) => [
  String(t.expected),
  String(t.onTime),
  String(t.late),
  String(t.missing),
  percent(t.reportingRate),
  percent(t.timeliness),
];
const TALLY_HEADERS = ["EXPECTED", "ON TIME", "LATE", "MISSING", "RATE", "TIMELY"];

export const runTimeliness: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: {
      "period-type": { type: "string" },
      period: { type: "string" },
      last: { type: "string" },
      district: { type: "string" },
      province: { type: "string" },
      body: { type: "string" },
      organisation: { type: "string" },
      "as-of": { type: "string" },
      xlsx: { type: "string" },
      lang: { type: "string" },
      json: { type: "boolean" },
    },
    strict: true,
  });
  const today =
    values["as-of"] === undefined ? undefined : parseInput(IsoDateSchema, values["as-of"], "query");
  const lang = values.lang ?? "en";
  if (lang !== "en" && lang !== "fr" && lang !== "rw") throw new UsageError("--lang: en, fr or rw.");
  const report = await withMigratedDatabase(io, async (handle, ctx) => {
    const query = parseInput(
      TimelinessQuerySchema,
      {
        periodType: values["period-type"],
        period: values.period,
        last: values.last,
        districtId: await placeId(handle.db, values.district, "district"),
        provinceId: await placeId(handle.db, values.province, "province"),
        bodyId: values.body,
        organisationId: values.organisation,
      },
      "query",
    );
    return getTimeliness(today ? { ...ctx, today } : ctx, query);
  });
  if (values.xlsx) {
    await writeFile(values.xlsx, await timelinessToXlsx(report, lang));
    io.out(`Wrote ${values.xlsx}`);
    return;
  }
  if (values.json) {
    io.out(JSON.stringify(report, null, 2));
    return;
  }
  io.out(`Timeliness, ${report.periods.join(", ")} (as of ${report.today})`);
  io.out(
    formatTable(
      ["BODY", "DISTRICT", ...TALLY_HEADERS],
      [
        ...report.bodies.map((b) => [b.name, b.districtName ?? "", ...tallyCells(b.total)]),
        ["All in view", "", ...tallyCells(report.national.total)],
      ],
    ),
  );
  if (report.overdue.length > 0) {
    io.out("");
    io.out(
      formatTable(
        ["ORGANISATION", "BODY", "PERIOD", "STATE", "DUE", "DAYS LATE"],
        report.overdue.map((r) => [
          r.organisationName,
          r.bodyName,
          r.period,
          r.state,
          r.dueDate,
          String(r.daysLate),
        ]),
      ),
    );
    if (report.overdueTotal > report.overdue.length)
      io.out(`… ${report.overdueTotal - report.overdue.length} more late or missing`);
  }
};

/**
 * `reporting remind [--date D] [--json]`: the daily reminders and weekly digests now (the server runs them at 07:00
 * through the job queue); a notice already sent is not sent again. Emails go through SMTP_URL, or wait in the outbox.
 */
export const runRemind: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: { date: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  const today = values.date === undefined ? todayInKigali() : parseInput(IsoDateSchema, values.date, "query");
  const config = serverConfigFromEnv(io.env);
  const outcome = await withMigratedDatabase(io, async (handle) => {
    const report = await sendReportingNotices(handle.db, { today, siteUrl: config.publicUrl });
    const mailer = createMailerFor(handle, config);
    try {
      return { ...report, delivery: mailer.delivery, delivered: await mailer.deliverPending() };
    } finally {
      await mailer.close();
    }
  });
  if (values.json) {
    io.out(JSON.stringify({ today, ...outcome }, null, 2));
    return;
  }
  io.out(
    `${today}: ${outcome.reminders} reminders and ${outcome.digests} digests, ${outcome.emails} emails written` +
      (outcome.delivery === "outbox"
        ? " (no SMTP_URL: they wait in the outbox)."
        : `, ${outcome.delivered.sent} sent, ${outcome.delivered.failed} to retry.`),
  );
};
