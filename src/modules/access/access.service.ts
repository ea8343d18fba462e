// Access use cases: first-start setup, users and their grants, the acting user's profile.
import type { Database, Executor } from "../../db/client";
import {
  assertAllowedOnResource,
  assertVersion,
  inTransaction,
  isUniqueViolation,
  type ServiceContext,
} from "../../kernel";
import { AppError, conflict, invalid, notFound } from "../../shared/app-errors";
import { parseInput } from "../../shared/validation";
import { recordChange, recordSecurityEvent } from "../audit";
import {
  type Actor,
  type ChangePasswordInput,
  ChangePasswordSchema,
  type Grant,
  type Locale,
  type Me,
  type SessionState,
  type SetupInput,
  SetupInputSchema,
  type UserActor,
  type UserDetail,
  type UserInput,
  UserInputSchema,
  type UserPatch,
  UserPatchSchema,
  type UserSummary,
} from "./access.schema";
import {
  claimFirstSetup,
  countOtherActiveAdministrators,
  countUsers,
  deleteOtherSessions,
  deleteUserResetTokens,
  deleteUserSessions,
  insertCredentialUser,
  insertGrants,
  insertUserOrganisations,
  isEmailTaken,
  releaseFirstSetup,
  replaceGrants,
  replaceUserOrganisations,
  selectCredentialPasswordHash,
  selectExistingScopeIds,
  selectGrants,
  selectUser,
  selectUserOrganisationIds,
  selectUsers,
  updateCredentialPasswordHash,
  updateUserAccount,
  updateUserLocale,
} from "./access.store";
import { type Auth, hashPassword } from "./better-auth";
import { assertPasswordStrong } from "./password-strength";
import { actingGrants, secondFactorStatus } from "./second-factor-rule";

export async function loadUserActor(db: Database, userId: string): Promise<UserActor | null> {
  const user = await selectUser(db, userId);
  if (!user || user.disabled) return null;
  const [grants, organisationIds] = await Promise.all([
    selectGrants(db, userId),
    selectUserOrganisationIds(db, userId),
  ]);
  // An administrator past the grace period without a second factor acts without the administrator grants.
  const acting = actingGrants(grants, secondFactorStatus(user, grants));
  return { kind: "user", userId, label: `${user.name} <${user.email}>`, grants: acting, organisationIds };
}

export async function isSetupNeeded(db: Database): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

export const emailTaken = () =>
  conflict("A user with this email already exists.", [
    { path: "email", message: "This email is already used.", code: "duplicate", in: "body" },
  ]);

async function assertEmailFree(db: Database, email: string): Promise<void> {
  if (await isEmailTaken(db, email)) throw emailTaken();
}

export async function assertScopesExist(
  db: Database,
  grants: readonly Grant[],
  organisationIds: readonly string[],
) {
  const wanted = {
    districts: grants.filter((g) => g.scopeType === "district" && g.scopeId).map((g) => g.scopeId as string),
    organisations: [
      ...grants.filter((g) => g.scopeType === "organisation" && g.scopeId).map((g) => g.scopeId as string),
      ...organisationIds,
    ],
  };
  const existing = await selectExistingScopeIds(db, wanted);
  const errors = grants.flatMap((g, i) => {
    if (g.scopeType === "district" && g.scopeId && !existing.districtIds.has(g.scopeId))
      return [{ path: `grants.${i}.scopeId`, message: "No district has this id.", in: "body" as const }];
    if (g.scopeType === "organisation" && g.scopeId && !existing.organisationIds.has(g.scopeId))
      return [{ path: `grants.${i}.scopeId`, message: "No organisation has this id.", in: "body" as const }];
    return [];
  });
  organisationIds.forEach((id, i) => {
    if (!existing.organisationIds.has(id))
      errors.push({ path: `organisationIds.${i}`, message: "No organisation has this id.", in: "body" });
  });
  if (errors.length > 0) throw invalid(errors);
}

async function createUserWithGrants(
  db: Database,
  auth: Auth,
  actor: Actor,
  input: {
    name: string;
    email: string;
    password: string;
    locale: Locale;
    grants: Grant[];
    organisationIds: string[];
  },
): Promise<string> {
  assertPasswordStrong(input.password, input);
  await assertEmailFree(db, input.email);
  await assertScopesExist(db, input.grants, input.organisationIds);
  const passwordHash = await hashPassword(auth, input.password);
  // User, credential, grants and audit entry commit together or not at all.
  const userId = await db.transaction(async (tx) => {
    const userId = await insertCredentialUser(tx, { ...input, passwordHash }).catch((error: unknown) => {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    });
    await insertGrants(tx, userId, input.grants);
    await insertUserOrganisations(tx, userId, input.organisationIds);
    await recordChange(tx, actor, {
      action: "create",
      entityType: "user",
      entityId: userId,
      entityLabel: input.email,
      before: null,
      after: {
        name: input.name,
        email: input.email,
        locale: input.locale,
        grants: input.grants,
        organisationIds: input.organisationIds,
      },
    });
    return userId;
  });
  return userId;
}

/** First start: creates the first administrator, only while there is no user at all. */
export async function createFirstAdministrator(
  db: Database,
  auth: Auth,
  input: SetupInput,
  actor?: Actor,
): Promise<string> {
  const values = parseInput(SetupInputSchema, input);
  const alreadySetUp = () =>
    new AppError("conflict", "Ubufatanye is already set up: ask an administrator for an account.");
  if (!(await isSetupNeeded(db))) throw alreadySetUp();
  // Requests racing on a fresh instance all see no user: only the one holding the claim may create one.
  if (!(await claimFirstSetup(db))) throw alreadySetUp();
  try {
    if (!(await isSetupNeeded(db))) throw alreadySetUp();
    return await createUserWithGrants(db, auth, actor ?? { kind: "system", label: "first-start setup" }, {
      ...values,
      locale: values.locale ?? "en",
      grants: [{ role: "administrator", scopeType: "national", scopeId: null }],
      organisationIds: [],
    });
  } finally {
    await releaseFirstSetup(db);
  }
}

/** The CLI's create-admin: works on an empty or a running instance. */
export async function createAdministrator(
  db: Database,
  auth: Auth,
  input: SetupInput,
  actor: Actor,
): Promise<string> {
  const values = parseInput(SetupInputSchema, input);
  return createUserWithGrants(db, auth, actor, {
    ...values,
    locale: values.locale ?? "en",
    grants: [{ role: "administrator", scopeType: "national", scopeId: null }],
    organisationIds: [],
  });
}

export async function createUser(ctx: ServiceContext, auth: Auth, input: UserInput): Promise<UserSummary> {
  assertAllowedOnResource(ctx.actor, "user", "create");
  const values = parseInput(UserInputSchema, input);
  const id = await createUserWithGrants(ctx.db, auth, ctx.actor, values);
  const created = (await selectUsers(ctx.db)).find((u) => u.id === id);
  if (!created) throw new Error("user vanished after creation");
  return created;
}

export async function listUsers(ctx: ServiceContext): Promise<UserSummary[]> {
  assertAllowedOnResource(ctx.actor, "user", "read");
  return selectUsers(ctx.db);
}

export async function getMe(ctx: ServiceContext): Promise<Me> {
  if (ctx.actor.kind !== "user") throw new AppError("unauthenticated", "Sign in first.");
  const user = await selectUser(ctx.db, ctx.actor.userId);
  if (!user) throw new AppError("unauthenticated", "Sign in first.");
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    locale: user.locale as Locale,
    grants: ctx.actor.grants,
    organisationIds: ctx.actor.organisationIds,
    version: user.version,
    secondFactor: secondFactorStatus(user, await selectGrants(ctx.db, user.id)),
  };
}

/**
 * The first thing the browser asks: setup still due, and who is signed in. Nobody (`signedIn` undefined, or a
 * session whose user is gone) is an answer, not an error.
 */
export async function getSessionState(db: Database, signedIn?: ServiceContext): Promise<SessionState> {
  if (signedIn?.actor.kind === "user") {
    const me = await getMe(signedIn).catch((error: unknown) => {
      if (error instanceof AppError && error.kind === "unauthenticated") return null;
      throw error;
    });
    // A signed-in user means the register has users: setup is not needed, and nobody is counted.
    if (me) return { setupNeeded: false, me };
  }
  return { setupNeeded: await isSetupNeeded(db), me: null };
}

/**
 * Changes the signed-in user's password: the current one must be right, the new one passes the strength rule, and
 * every other session of the user ends (whoever knew the old password is signed out); this one stays.
 */
export async function changeMyPassword(
  ctx: ServiceContext,
  auth: Auth,
  input: ChangePasswordInput,
  currentSessionId: string,
): Promise<{ otherSessionsEnded: number }> {
  const actor = ctx.actor;
  if (actor.kind !== "user") throw new AppError("unauthenticated", "Sign in first.");
  const values = parseInput(ChangePasswordSchema, input);
  const user = await selectUser(ctx.db, actor.userId);
  if (!user) throw new AppError("unauthenticated", "Sign in first.");
  const passwords = (await auth.$context).password;
  const hash = await selectCredentialPasswordHash(ctx.db, user.id);
  if (!hash || !(await passwords.verify({ hash, password: values.currentPassword })))
    throw invalid(
      [
        {
          path: "currentPassword",
          in: "body",
          code: "password_wrong",
          message: "This is not your current password.",
        },
      ],
      "The current password is not right.",
    );
  assertPasswordStrong(values.password, user);
  const newHash = await hashPassword(auth, values.password);
  return inTransaction(ctx, async (tx) => {
    await updateCredentialPasswordHash(tx.db, user.id, newHash);
    const otherSessionsEnded = await deleteOtherSessions(tx.db, user.id, currentSessionId);
    await recordSecurityEvent(tx.db, {
      action: "password_change",
      userId: user.id,
      actorLabel: actor.label,
      details: { how: "change-password", otherSessionsEnded: String(otherSessionsEnded) },
    });
    return { otherSessionsEnded };
  });
}

export async function setMyLocale(ctx: ServiceContext, locale: Locale, expectedVersion: number): Promise<Me> {
  const actor = ctx.actor;
  if (actor.kind !== "user") throw new AppError("unauthenticated", "Sign in first.");
  return inTransaction(ctx, async (tx) => {
    const user = await selectUser(tx.db, actor.userId, { forUpdate: true });
    if (!user) throw new AppError("unauthenticated", "Sign in first.");
    assertVersion(user, expectedVersion);
    await updateUserLocale(tx.db, actor.userId, locale);
    return getMe(tx);
  });
}

const isNationalAdministrator = (grants: readonly Grant[]) =>
  grants.some((g) => g.role === "administrator" && g.scopeType === "national");

async function selectUserDetail(db: Executor, userId: string) {
  const user = await selectUser(db, userId);
  if (!user) return null;
  const [grants, organisationIds] = await Promise.all([
    selectGrants(db, userId),
    selectUserOrganisationIds(db, userId),
  ]);
  const detail: UserDetail = {
    id: user.id,
    name: user.name,
    email: user.email,
    locale: user.locale as Locale,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    grants,
    organisationIds,
    version: user.version,
  };
  return detail;
}

export async function getUser(ctx: ServiceContext, userId: string): Promise<UserDetail> {
  assertAllowedOnResource(ctx.actor, "user", "read");
  const user = await selectUserDetail(ctx.db, userId);
  if (!user) throw notFound("The user");
  return user;
}

/**
 * An administrator changes an account: name, language, roles and scopes, organisations, or deactivates it
 * (every session ends in the same transaction, and unused password-reset links with them) or reactivates it.
 * Nobody deactivates themselves, and the last active national administrator keeps that role.
 */
export async function updateUser(
  ctx: ServiceContext,
  userId: string,
  expectedVersion: number,
  patch: UserPatch,
): Promise<UserDetail> {
  assertAllowedOnResource(ctx.actor, "user", "update");
  const changes = parseInput(UserPatchSchema, patch);
  return inTransaction(ctx, async (tx) => {
    const row = await selectUser(tx.db, userId, { forUpdate: true });
    if (!row) throw notFound("The user");
    assertVersion(row, expectedVersion);
    const before = await selectUserDetail(tx.db, userId);
    if (!before) throw notFound("The user");
    const after = {
      name: changes.name ?? before.name,
      locale: changes.locale ?? before.locale,
      disabled: changes.disabled ?? before.disabled,
      grants: changes.grants ?? before.grants,
      organisationIds: changes.organisationIds ?? before.organisationIds,
    };
    if (changes.disabled === true && tx.actor.kind === "user" && tx.actor.userId === userId)
      throw conflict("You cannot deactivate your own account.", [
        { path: "disabled", message: "Ask another administrator to do it.", code: "own_account", in: "body" },
      ]);
    const stopsAdministering =
      isNationalAdministrator(before.grants) &&
      !before.disabled &&
      (after.disabled || !isNationalAdministrator(after.grants));
    if (stopsAdministering && (await countOtherActiveAdministrators(tx.db, userId)) === 0)
      throw conflict("This is the last active national administrator: make someone else one first.", [
        {
          path: after.disabled ? "disabled" : "grants",
          message: "Another active national administrator is needed first.",
          code: "last_administrator",
          in: "body",
        },
      ]);
    if (changes.grants || changes.organisationIds)
      await assertScopesExist(tx.db, after.grants, after.organisationIds);
    await updateUserAccount(tx.db, userId, {
      name: after.name,
      locale: after.locale,
      disabled: after.disabled,
    });
    if (changes.grants) await replaceGrants(tx.db, userId, after.grants);
    if (changes.organisationIds) await replaceUserOrganisations(tx.db, userId, after.organisationIds);
    if (after.disabled && !before.disabled) {
      await deleteUserSessions(tx.db, userId);
      await deleteUserResetTokens(tx.db, userId);
    }
    const { id: _id, createdAt: _c, version: _v, ...beforeFields } = before;
    await recordChange(tx.db, tx.actor, {
      action: "update",
      entityType: "user",
      entityId: userId,
      entityLabel: before.email,
      before: beforeFields,
      after: { ...beforeFields, ...after },
    });
    const updated = await selectUserDetail(tx.db, userId);
    if (!updated) throw notFound("The user");
    return updated;
  });
}
