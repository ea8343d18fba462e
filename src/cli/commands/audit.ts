// `audit verify`: walks the audit log's hash chain and names the first broken link (exit code 1), or prints the head.
// `audit activity`: the breach report, what one user read or changed between two dates, as a table, JSON or CSV.
import { parseArgs } from "node:util";
import { listUsers, userActivityCsvHeader, userActivityCsvRows } from "../../modules/access";
import { eachUserActivityPage, type UserActivityEntry, verifyAuditChain } from "../../modules/audit";
import { REPORT_LANGUAGES, type ReportLanguage } from "../../modules/reports";
import { CliError, type RunCommand, requireOption, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { countOf, formatTable } from "../text-table";

export const runVerifyAudit: RunCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { json: { type: "boolean" } }, strict: true });
  const verdict = await withMigratedDatabase(io, (handle) => verifyAuditChain(handle.db));
  if (values.json) io.out(JSON.stringify(verdict, null, 2));
  if (!verdict.ok) {
    const { id, chainSeq, occurredAt, problem } = verdict.broken;
    throw new CliError(
      `The audit chain is broken at row ${id} (chain position ${chainSeq}, written ${occurredAt}): ${problem}. ` +
        `The ${verdict.rows} row${verdict.rows === 1 ? "" : "s"} before it verify.`,
    );
  }
  if (values.json) return;
  io.out(
    verdict.head
      ? `The audit chain holds: ${verdict.rows} row${verdict.rows === 1 ? "" : "s"} verified; head at position ${verdict.head.chainSeq}, hash ${verdict.head.hash}. Keep this line elsewhere: rows cut off the end can only be seen against it.`
      : "The audit log is empty: nothing to verify.",
  );
};

/** CSV bytes as lines for standard output: no byte-order mark (TextDecoder drops it), LF line ends like the rest. */
const csvLines = (bytes: Uint8Array) =>
  new TextDecoder().decode(bytes).replace(/\r\n/g, "\n").replace(/\n$/, "");

export const runUserActivity: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: {
      user: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      csv: { type: "boolean" },
      json: { type: "boolean" },
      lang: { type: "string" },
    },
    strict: true,
  });
  const email = requireOption(values.user, "--user").trim().toLowerCase();
  const from = requireOption(values.from, "--from");
  const to = requireOption(values.to, "--to");
  if (values.csv && values.json) throw new UsageError("Use either --csv or --json, not both.");
  const lang = (values.lang ?? "en") as ReportLanguage;
  if (!REPORT_LANGUAGES.includes(lang)) throw new UsageError("--lang is en, fr or rw.");

  await withMigratedDatabase(io, async (_handle, ctx) => {
    const user = (await listUsers(ctx)).find((u) => u.email === email);
    if (!user) throw new CliError(`No user has the email ${email}. See \`npm run cli -- users list\`.`);
    const pages = eachUserActivityPage(ctx, { userId: user.id, from, to });
    if (values.csv) {
      // Page by page: a long window never sits in memory whole.
      io.out(csvLines(userActivityCsvHeader(lang)));
      for await (const page of pages) io.out(csvLines(userActivityCsvRows(page, lang)));
      return;
    }
    const entries: UserActivityEntry[] = [];
    for await (const page of pages) entries.push(...page);
    if (values.json) {
      io.out(JSON.stringify({ user: { id: user.id, email: user.email }, items: entries }, null, 2));
      return;
    }
    if (entries.length > 0)
      io.out(
        formatTable(
          ["WHEN (UTC)", "ACTION", "ENTITY", "ID", "LABEL", "REQUEST"],
          entries.map((e) => [
            e.occurredAt.slice(0, 19).replace("T", " "),
            e.action,
            e.entityType,
            e.entityId,
            e.entityLabel ?? "",
            e.requestId ?? "",
          ]),
        ),
      );
    io.out(
      `${user.email}: ${countOf(entries.length, "entry", "entries")} from ${from} to ${to}, newest first.`,
    );
  });
};
