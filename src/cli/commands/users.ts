// `users …`: administrators for automation and first start, who has which role, invitations, roles and deactivation.
import { parseArgs } from "node:util";
import {
  createAdministrator,
  createFirstAdministrator,
  type Grant,
  getUser,
  inviteUser,
  isSetupNeeded,
  LOCALES,
  type Locale,
  listUsers,
  ROLES,
  type Role,
  type ServiceContext,
  type UserPatch,
  updateUser,
} from "../../modules/access";
import { accountLinksOf, createAuthFor, createMailerFor, serverConfigFromEnv } from "../../server/bootstrap";
import { CliError, type CliIo, type RunCommand, requireOption, UsageError } from "../cli-command";
import { withMigratedDatabase } from "../cli-database";
import { countOf, formatTable } from "../text-table";

const DEFAULT_ADMINISTRATOR_NAME = "Administrator";

/** The whole of standard input, less the one line break `echo` or a here-string adds. */
async function readStandardInput(input: AsyncIterable<Buffer | string>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
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
    const input = io.input ?? process.stdin;
    if (input.isTTY) io.err("Type the password, then press Enter and Ctrl-D:");
    return readStandardInput(input);
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

/** The one grant a command line gives: --role with --district ID, --organisation ID, or neither (national). */
function grantFromOptions(values: { role?: string; district?: string; organisation?: string }): Grant {
  const role = requireOption(values.role, "--role");
  if (!(ROLES as readonly string[]).includes(role))
    throw new UsageError(`--role must be one of ${ROLES.join(", ")}, not "${role}".`);
  if (values.district && values.organisation)
    throw new UsageError("Give --district or --organisation, not both (neither means national).");
  if (values.district) return { role: role as Role, scopeType: "district", scopeId: values.district };
  if (values.organisation)
    return { role: role as Role, scopeType: "organisation", scopeId: values.organisation };
  return { role: role as Role, scopeType: "national", scopeId: null };
}

const grantOptions = {
  role: { type: "string" },
  district: { type: "string" },
  organisation: { type: "string" },
} as const;

function singleEmail(positionals: readonly string[]): string {
  const [email, ...extra] = positionals;
  if (!email) throw new UsageError("EMAIL is required.");
  if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra.join(" ")}`);
  return email.trim().toLowerCase();
}

async function userIdByEmail(ctx: ServiceContext, email: string): Promise<string> {
  const user = (await listUsers(ctx)).find((u) => u.email === email);
  if (!user) throw new CliError(`No user has the email ${email}. See \`npm run cli -- users list\`.`);
  return user.id;
}

/** Reads the account's current version and changes it: the CLI acts on what it just read. */
async function changeUser(io: CliIo, email: string, patch: UserPatch) {
  return withMigratedDatabase(io, async (_handle, ctx) => {
    const id = await userIdByEmail(ctx, email);
    const current = await getUser(ctx, id);
    return { before: current, after: await updateUser(ctx, id, current.version, patch) };
  });
}

export const runInviteUser: RunCommand = async (args, io) => {
  const { values } = parseArgs({
    args,
    options: { email: { type: "string" }, lang: { type: "string" }, ...grantOptions },
    strict: true,
  });
  const email = requireOption(values.email, "--email");
  const lang = values.lang ?? "en";
  if (!(LOCALES as readonly string[]).includes(lang))
    throw new UsageError(`--lang must be one of ${LOCALES.join(", ")}, not "${lang}".`);
  const grant = grantFromOptions(values);
  const config = serverConfigFromEnv(io.env);
  const outcome = await withMigratedDatabase(io, async (handle, ctx) => {
    const invitation = await inviteUser(ctx, accountLinksOf(config), {
      email,
      locale: lang as Locale,
      grants: [grant],
      organisationIds: grant.scopeType === "organisation" && grant.scopeId ? [grant.scopeId] : [],
    });
    // After the invitation committed: send now, so the operator learns whether the mail server took it.
    const mailer = createMailerFor(handle, config);
    try {
      return { invitation, delivery: mailer.delivery, report: await mailer.deliverPending() };
    } finally {
      await mailer.close();
    }
  });
  io.out(outcome.invitation.id);
  const until = outcome.invitation.expiresAt.slice(0, 10);
  if (outcome.delivery === "outbox")
    io.err(
      `Invited ${outcome.invitation.email} until ${until}. No SMTP_URL is set: the email waits in the outbox (Users → Outbox in the app); pass its link on yourself.`,
    );
  else if (outcome.report.failed > 0)
    io.err(
      `Invited ${outcome.invitation.email} until ${until}, but the mail server refused the email; it will be retried (see the outbox in the app).`,
    );
  else io.err(`Invited ${outcome.invitation.email} until ${until}; the email was sent.`);
};

export const runDeactivateUser: RunCommand = async (args, io) => {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const email = singleEmail(positionals);
  const { before } = await changeUser(io, email, { disabled: true });
  io.err(
    before.disabled
      ? `${email} was already deactivated.`
      : `Deactivated ${email}: their sessions ended and they cannot sign in.`,
  );
};

export const runReactivateUser: RunCommand = async (args, io) => {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  const email = singleEmail(positionals);
  const { before } = await changeUser(io, email, { disabled: false });
  io.err(before.disabled ? `Reactivated ${email}: they can sign in again.` : `${email} was already active.`);
};

export const runSetUserRole: RunCommand = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    options: { ...grantOptions, add: { type: "boolean" } },
    allowPositionals: true,
    strict: true,
  });
  const email = singleEmail(positionals);
  const grant = grantFromOptions(values);
  const outcome = await withMigratedDatabase(io, async (_handle, ctx) => {
    const id = await userIdByEmail(ctx, email);
    const current = await getUser(ctx, id);
    const grants = values.add ? [...current.grants, grant] : [grant];
    return updateUser(ctx, id, current.version, { grants });
  });
  io.err(`${email} now has: ${outcome.grants.map(describeGrant).join(", ")}.`);
};
