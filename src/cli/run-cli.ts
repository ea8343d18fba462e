// The CLI's dispatcher: finds the command, runs it, and turns expected failures into a message and an exit code.
import { DataDirLockedError } from "../db/data-dir-lock";
import { AppError } from "../shared/app-errors";
import { type CliCommand, CliError, type CliIo, UsageError } from "./cli-command";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export const COMMANDS: readonly CliCommand[] = [
  {
    words: ["migrate"],
    synopsis: "",
    summary: "Apply the database migrations and load the reference places",
    load: async () => (await import("./commands/migrate")).runMigrate,
  },
  {
    words: ["users", "create-admin"],
    synopsis: "--email EMAIL --password-stdin [--name NAME]   (the password on standard input)",
    summary: "Create an administrator with national scope and print the new user's id",
    load: async () => (await import("./commands/users")).runCreateAdmin,
  },
  {
    words: ["users", "list"],
    synopsis: "[--json]",
    summary: "List the users with their roles",
    load: async () => (await import("./commands/users")).runListUsers,
  },
  {
    words: ["users", "invite"],
    synopsis: "--email EMAIL --role ROLE [--district ID | --organisation ID] [--lang en|fr|rw]",
    summary:
      "Invite someone by email with a role (national unless a district or organisation is given); prints the invitation id",
    load: async () => (await import("./commands/users")).runInviteUser,
  },
  {
    words: ["users", "set-role"],
    synopsis: "EMAIL --role ROLE [--district ID | --organisation ID] [--add]",
    summary: "Give a user this role in this scope instead of their roles (--add: besides them)",
    load: async () => (await import("./commands/users")).runSetUserRole,
  },
  {
    words: ["users", "deactivate"],
    synopsis: "EMAIL",
    summary: "Deactivate a user: their sessions end at once and they cannot sign in",
    load: async () => (await import("./commands/users")).runDeactivateUser,
  },
  {
    words: ["users", "reactivate"],
    synopsis: "EMAIL",
    summary: "Let a deactivated user sign in again",
    load: async () => (await import("./commands/users")).runReactivateUser,
  },
  {
    words: ["organisations", "list"],
    synopsis: "[--q TEXT] [--kind KIND] [--country CODE] [--json]",
    summary: "List organisations: search names, acronyms and aliases; filter by kind or country",
    load: async () => (await import("./commands/organisations")).runListOrganisations,
  },
  {
    words: ["documents", "reindex"],
    synopsis: "[--all] [--json]",
    summary:
      "Read the text of library files again: new or changed agreement documents and visit evidence, pending uploads (--all: every file)",
    load: async () => (await import("./commands/documents")).runReindexDocuments,
  },
  {
    words: ["documents", "search"],
    synopsis:
      "WORDS… [--kind KIND] [--source SOURCE] [--theme CODE] [--language en|fr|rw] [--limit N] [--json]",
    summary: "Search the documents and lessons library, with highlighted [extracts]",
    load: async () => (await import("./commands/documents")).runSearchDocuments,
  },
  {
    words: ["agreements", "list"],
    synopsis:
      "[--q TEXT] [--kind KIND] [--status STATUS] [--party-kind KIND] [--organisation NAME|ACRONYM|ID] [--theme CODE] [--place CODE|NAME] [--signed-year YYYY] [--expiring-within DAYS] [--overdue] [--sort ORDER] [--json]",
    summary:
      "List agreements: search titles, parties, commitments and progress; filter as the agreements list does",
    load: async () => (await import("./commands/agreements")).runListAgreements,
  },
  {
    words: ["agreements", "show"],
    synopsis: "ID [--json]",
    summary: "Show one agreement with its parties, commitments, progress and status history",
    load: async () => (await import("./commands/agreements")).runShowAgreement,
  },
  {
    words: ["export", "status-report"],
    synopsis:
      "--format docx|xlsx|pdf|csv|hxl --out FILE [--as-of DATE] [--lang en|fr|rw] [--section 1|2|3] [--status S] [--theme T] [--place CODE] [--party NAME] [--force]",
    summary:
      "Write the cooperation status report as of a date (default today), filtered like the agreements list",
    load: async () => (await import("./commands/export")).runExportStatusReport,
  },
  {
    words: ["import", "status-report"],
    synopsis:
      "FILE [--dry-run] [--institution NAME] [--report-date YYYY-MM-DD] [--mapping FILE] [--exclude-rows ROWS] [--exclude-rows-with-errors] [--json]",
    summary:
      'Import a status report (Word text export, .docx, .xlsx or .csv); --dry-run shows what it would do; --mapping: the preview\'s choices as JSON (columns, organisations, themes); any error refuses the file unless its row is left out: --exclude-rows 4,7 or "table 2, row 3; table 3, row 1", or --exclude-rows-with-errors',
    load: async () => (await import("./commands/import")).runImportStatusReport,
  },
  {
    words: ["import", "loads"],
    synopsis: "[--json]",
    summary:
      "List progress loaded in one transaction (a status report imported before imports asked for its day) and still dated with the day of loading",
    load: async () => (await import("./commands/import-loads")).runListLoads,
  },
  {
    words: ["import", "redate"],
    synopsis: "LOAD_ID --as-of YYYY-MM-DD [--dry-run] [--json]",
    summary:
      "Date a load's progress with the day its report was as of (date not reported) and register the agreements it created on that day",
    load: async () => (await import("./commands/import-loads")).runRedateLoad,
  },
  {
    words: ["monitoring", "import-occupancy"],
    synopsis: "FILE [--source TEXT] [--as-of YYYY-MM-DD] [--dry-run] [--json]",
    summary:
      "Import occupancy figures of places of detention (CSV or XLSX); any bad cell is named and nothing is written",
    load: async () => (await import("./commands/monitoring-occupancy")).runImportOccupancy,
  },
  {
    words: ["programmes", "list"],
    synopsis: "[--q TEXT] [--status STATUS] [--json]",
    summary: "List programmes with their lead, period, people reached and events",
    load: async () => (await import("./commands/programmes")).runListProgrammes,
  },
  {
    words: ["programmes", "show"],
    synopsis: "ID [--json]",
    summary: "Show one programme with its logframe, indicators (targets and results) and people reached",
    load: async () => (await import("./commands/programmes")).runShowProgramme,
  },
  {
    words: ["export", "iati"],
    synopsis: "[--out FILE]",
    summary: "Write every programme as an IATI 2.03 activities file (to FILE, or standard output)",
    load: async () => (await import("./commands/programmes")).runExportIati,
  },
  {
    words: ["import", "iati"],
    synopsis: "FILE [--schema XSD]",
    summary:
      "Import an IATI 2.03 activities file: a programme per new activity, an update for one the register holds; all or nothing",
    load: async () => (await import("./commands/programmes")).runImportIati,
  },
  {
    words: ["import", "results-table"],
    synopsis: "FILE (--programme ID | --new-title T --lead ORG_ID --start DATE --end DATE) [--confirm]",
    summary:
      "Read a results table (activity | people reached, or indicator | target | achieved; .docx, .xlsx, .csv, .txt) into a programme; without --confirm, only show what it would write",
    load: async () => (await import("./commands/programmes")).runImportResultsTable,
  },
  {
    words: ["places", "load-boundaries"],
    synopsis: "FILE",
    summary:
      "Replace the district boundaries with a GeoJSON or TopoJSON file (all 30 districts, or nothing changes)",
    load: async () => (await import("./commands/places")).runLoadBoundaries,
  },
  {
    words: ["coordination", "matrix"],
    synopsis: "[--theme CODE] [--level LEVEL] [--date D | --from D --to D] [--json | --hxl]",
    summary: "Who does what where: organisation × theme × place, as a table, JSON or HXL CSV",
    load: async () => (await import("./commands/coordination")).runMatrix,
  },
  {
    words: ["coordination", "gaps"],
    synopsis: "[--theme CODE] [--level district|place_of_detention] [--date D] [--json]",
    summary: "Places of detention (or districts) with no active partner for a theme",
    load: async () => (await import("./commands/coordination")).runGaps,
  },
  {
    words: ["coordination", "district"],
    synopsis: "CODE [--date D] [--json]",
    summary: "One district: who works there on what, and its places of detention by theme",
    load: async () => (await import("./commands/coordination")).runDistrict,
  },
  {
    words: ["coordination", "import-3w"],
    synopsis:
      "FILE [--dry-run] [--choices FILE] [--create-unknown [--kind KIND] | --skip-unknown] [--implementer-not-named import|skip] [--json]",
    summary:
      "Import a 3W CSV by its HXL hashtag row: checked first (problems by row and column, names the register lacks with similar ones); --choices: the choices for those names as JSON; all rows or nothing",
    load: async () => (await import("./commands/coordination")).runImport3w,
  },
  {
    words: ["reporting", "obligations"],
    synopsis: "[--district CODE|ID] [--organisation ID] [--body ID] [--running] [--json]",
    summary: "List reporting obligations: who reports to which body, how often, due how many days after",
    load: async () => (await import("./commands/reporting")).runListObligations,
  },
  {
    words: ["reporting", "timeliness"],
    synopsis:
      "[--period-type quarter] [--period P | --last N] [--district CODE|ID] [--province CODE|ID] [--body ID] [--organisation ID] [--as-of DATE] [--json | --xlsx FILE [--lang en|fr|rw]]",
    summary: "Who reported on time, late or not at all, per body, with the late and missing reports",
    load: async () => (await import("./commands/reporting")).runTimeliness,
  },
  {
    words: ["reporting", "remind"],
    synopsis: "[--date YYYY-MM-DD] [--json]",
    summary:
      "Send the due reporting reminders and weekly digests now (each notice once; the server does it daily)",
    load: async () => (await import("./commands/reporting")).runRemind,
  },
  {
    words: ["service-providers", "list"],
    synopsis: "[--service SERVICE] [--district CODE|ID] [--json]",
    summary:
      "List the directory of service providers: by service and district (a nationwide provider serves every district)",
    load: async () => (await import("./commands/referrals")).runListServiceProviders,
  },
  {
    words: ["monitoring", "recommendations"],
    synopsis: "[--addressee NAME] [--status STATUS] [--overdue] [--format csv|table]",
    summary:
      "List the monitoring body's recommendations, newest first: reference, addressee, theme, status, deadline and whether it is overdue",
    load: async () => (await import("./commands/monitoring-recommendations")).runListRecommendations,
  },
  {
    words: ["referrals", "list"],
    synopsis: "[--status STATUS] [--json]",
    summary:
      "List every referral, newest first: incident reference, person code (never a name), service, both organisations, status; the read is audited",
    load: async () => (await import("./commands/referrals")).runListReferrals,
  },
  {
    words: ["incidents", "statistics"],
    synopsis: "[--district CODE|ID] [--kind KIND] [--year YYYY] [--json]",
    summary:
      "Counts of incidents and victims by kind, district, month, sex and age group, small cells shown as <5 and their complements hidden, as the dashboards show them",
    load: async () => (await import("./commands/incidents")).runIncidentStatistics,
  },
  {
    words: ["incidents", "retention"],
    synopsis: "[--days N] [--date YYYY-MM-DD] [--json]",
    summary:
      "Anonymise closed incidents past their retention period (INCIDENT_RETENTION_DAYS), legal holds kept (the server does it daily)",
    load: async () => (await import("./commands/incidents")).runIncidentRetention,
  },
  {
    words: ["audit", "verify"],
    synopsis: "[--json]",
    summary:
      "Check the audit log's hash chain; names the first broken link and exits 1 when one does not hold",
    load: async () => (await import("./commands/audit")).runVerifyAudit,
  },
  {
    words: ["audit", "activity"],
    synopsis: "--user EMAIL --from DATE --to DATE [--csv [--lang en|fr|rw] | --json]",
    summary:
      "What one user read or changed between two dates (Kigali days, both included; or instants), newest first: the breach report",
    load: async () => (await import("./commands/audit")).runUserActivity,
  },
  {
    words: ["jobs", "list"],
    synopsis: "[--failures N] [--json]",
    summary:
      "Show the job queue: jobs by state per queue, the schedules, and the latest N failures (10) with their error",
    load: async () => (await import("./commands/jobs")).runListJobs,
  },
  {
    words: ["keys", "new"],
    synopsis: "",
    summary:
      "Add a new field-encryption key to the keys file and make it current (prints its id and the file, never the key)",
    load: async () => (await import("./commands/keys")).runNewKey,
  },
  {
    words: ["keys", "rotate"],
    synopsis: "[--json]",
    summary:
      "Re-seal every encrypted column with the current key (after `keys new` and a server restart); prints counts",
    load: async () => (await import("./commands/keys")).runRotateKeys,
  },
  {
    words: ["backup"],
    synopsis: "FILE [--force]",
    summary:
      "Back up the database to FILE (a .tar.gz of the embedded database, or a pg_dump archive); works while the server runs",
    load: async () => (await import("./commands/backup")).runBackup,
  },
  {
    words: ["restore"],
    synopsis: "FILE",
    summary: "Replace the database with a backup made by `backup` (stop the server first)",
    load: async () => (await import("./commands/restore")).runRestore,
  },
  {
    words: ["openapi"],
    synopsis: "[--out FILE]",
    summary: "Print the OpenAPI 3.1 document of the HTTP API, or write it to FILE",
    load: async () => (await import("./commands/openapi")).runOpenApi,
  },
];

function commandLine(command: CliCommand): string {
  return [...command.words, command.synopsis].filter(Boolean).join(" ");
}

export function formatUsage(): string {
  const lines = COMMANDS.map((c) => [commandLine(c), c.summary] as const);
  const width = Math.max(...lines.map(([line]) => line.length));
  return [
    "Usage: npm run cli -- <command> [options]",
    "",
    "Commands:",
    ...lines.map(([line, summary]) => `  ${line.padEnd(width)}  ${summary}`),
    "",
    "The database is DATABASE_URL (PostgreSQL) when it is set, else the embedded database in",
    "UBUFATANYE_DATA_DIR (default ./data). Add --help after a command for its usage.",
  ].join("\n");
}

function formatCommandUsage(command: CliCommand): string {
  return `Usage: npm run cli -- ${commandLine(command)}\n\n${command.summary}.`;
}

/** The command whose words start `argv` (the longest such), and the arguments after its words. */
function findCommand(argv: readonly string[]): { command: CliCommand; args: string[] } | null {
  let best: CliCommand | undefined;
  for (const c of COMMANDS) {
    if (c.words.every((word, i) => argv[i] === word) && c.words.length > (best?.words.length ?? 0)) best = c;
  }
  return best ? { command: best, args: argv.slice(best.words.length) } : null;
}

function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}

/** A file-system error the operator can fix (missing folder, no permission): its message names the path. */
function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  const e = error as NodeJS.ErrnoException | null;
  return error instanceof Error && typeof e?.code === "string" && typeof e.syscall === "string" && !!e.path;
}

/** Prints what went wrong and returns the exit code. Only unexpected errors get a stack trace. */
function reportError(error: unknown, io: CliIo, command: CliCommand): number {
  if (error instanceof UsageError || isParseArgsError(error)) {
    io.err(`error: ${error.message}`);
    io.err("");
    io.err(formatCommandUsage(command));
    return EXIT_USAGE;
  }
  if (error instanceof AppError) {
    const [only, ...others] = error.errors;
    // One field whose message is the whole error's: said once, with what it names (the file, the field).
    if (only && others.length === 0 && only.message === error.message)
      io.err(`error: ${only.path || "(input)"}: ${only.message}`);
    else {
      io.err(`error: ${error.message}`);
      for (const field of error.errors) io.err(`  ${field.path || "(input)"}: ${field.message}`);
    }
    return EXIT_FAILURE;
  }
  if (error instanceof CliError || error instanceof DataDirLockedError || isFileSystemError(error)) {
    io.err(`error: ${error.message}`);
    return EXIT_FAILURE;
  }
  io.err(
    `error: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return EXIT_FAILURE;
}

/** Runs one command line and returns the exit code: 0 done, 1 failed, 2 the command line is wrong. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first] = argv;
  if (first === undefined) {
    io.err(formatUsage());
    return EXIT_USAGE;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    io.out(formatUsage());
    return EXIT_OK;
  }
  const found = findCommand(argv);
  if (!found) {
    const isGroup = COMMANDS.some((c) => c.words.length > 1 && c.words[0] === first);
    io.err(
      isGroup && argv.length === 1
        ? `error: "${first}" needs a subcommand`
        : `error: unknown command "${argv.slice(0, isGroup ? 2 : 1).join(" ")}"`,
    );
    io.err("");
    io.err(formatUsage());
    return EXIT_USAGE;
  }
  const { command, args } = found;
  if (args.includes("--help") || args.includes("-h")) {
    io.out(formatCommandUsage(command));
    return EXIT_OK;
  }
  try {
    const run = await command.load();
    await run(args, io);
    return EXIT_OK;
  } catch (error) {
    return reportError(error, io, command);
  }
}
