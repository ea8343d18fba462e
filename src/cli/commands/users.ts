// `users create-admin` and `users list`: administrators for automation and first start, and who has which role.
import { parseArgs } from "node:util";
import {
  createAdministrator,
  createFirstAdministrator,
  type Grant,
  isSetupNeeded,
  listUsers,
} from "../../modules/access";
import { createAuthFor, serverConfigFromEnv } from "../../server/bootstrap";
import { type RunCommand, requireOption, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { countOf, formatTable } from "../text-table";

const DEFAULT_ADMINISTRATOR_NAME = "Administrator";

/** The whole of standard input, less the one line break `echo` or a here-string adds. */
async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/**
 * The password: from standard input with --password-stdin (nothing on the command line, where `ps` and shell
 * history show it); --password still works for old scripts, with a warning.
 */
async function passwordOf(
  values: { password?: string; "password-stdin"?: boolean },
  io: Parameters<RunCommand>[1],
) {
  if (values.password !== undefined && values["password-stdin"])
    throw new UsageError("Use either --password-stdin or --password, not both.");
  if (values["password-stdin"]) {
    if (process.stdin.isTTY) io.err("Type the password, then press Enter and Ctrl-D:");
    return readStandardInput();
  }
  if (values.password !== undefined) {
    io.err(
      "warning: --password shows the password to every user of this machine (ps, shell history). Use --password-stdin.",
    );
    return values.password;
  }
  throw new UsageError("--password-stdin is required (pipe the password in).");
}

export const runCreateAdmin: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      "password-stdin": { type: "boolean" },
      name: { type: "string" },
    },
    strict: true,
  });
  const email = requireOption(values.email, "--email");
  const input = {
    name: values.name ?? DEFAULT_ADMINISTRATOR_NAME,
    email,
    password: await passwordOf(values, io),
  };
  // Read before the database opens, so that a bad PORT or secret fails without touching anything.
  const config = serverConfigFromEnv(io.env);
  const userId = await withMigratedDatabase(io, async (handle, ctx) => {
    const auth = await createAuthFor(handle, config);
    // On an empty instance this is the first-start setup, which refuses once anyone exists.
    return (await isSetupNeeded(handle.db))
      ? createFirstAdministrator(handle.db, auth, input, ctx.actor)
      : createAdministrator(handle.db, auth, input, ctx.actor);
  });
  io.out(userId);
  io.err(`Created the administrator ${input.email.trim().toLowerCase()}.`);
};

function describeGrant(grant: Grant): string {
  return grant.scopeType === "national"
    ? `${grant.role} (national)`
    : `${grant.role} (${grant.scopeType} ${grant.scopeId})`;
}

export const runListUsers: RunCommand = async (args, io) => {
  const { values } = parseArgs({ args, options: { json: { type: "boolean" } }, strict: true });
  const users = await withMigratedDatabase(io, (_handle, ctx) => listUsers(ctx));
  if (values.json) {
    io.out(JSON.stringify({ items: users, total: users.length }, null, 2));
    return;
  }
  if (users.length > 0) {
    io.out(
      formatTable(
        ["NAME", "EMAIL", "ROLES", "STATUS", "CREATED"],
        users.map((u) => [
          u.name,
          u.email,
          u.grants.map(describeGrant).join(", ") || "(none)",
          u.disabled ? "disabled" : "active",
          u.createdAt.slice(0, 10),
        ]),
      ),
    );
  }
  io.out(`Total: ${countOf(users.length, "user")}`);
};
