// Builders for test data, fixtures saved through the real services, and a signed-in HTTP client over the app.
import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import type { Logger } from "pino";
import type { DatabaseHandle } from "../src/db/client";
import type { ServiceContext } from "../src/kernel";
import { type Auth, createUser, loadUserActor, type UserSummary } from "../src/modules/access";
import type { Grant, SystemActor, UserActor } from "../src/modules/access/access.schema";
import { insertGrants, insertUserOrganisations } from "../src/modules/access/access.store";
import { createAuth, createCredentialUser } from "../src/modules/access/better-auth";
import { type AgreementDetail, type AgreementInput, createAgreement } from "../src/modules/agreements";
import { createMailer, type Mailer } from "../src/modules/mail";
import { addFinding, createVisit, type Finding, updateVisit, type Visit } from "../src/modules/monitoring";
import { createOrganisation, type Organisation, type OrganisationInput } from "../src/modules/organisations";
import { listPlaces, PlaceListQuerySchema } from "../src/modules/places";
import { createProgramme, type ProgrammeDetail, type ProgrammeInput } from "../src/modules/programmes";
import { createApp } from "../src/server/app";
import { suiteLogger } from "./suite-logs";

export const systemActor: SystemActor = { kind: "system", label: "test" };

export const nationalGrant = (role: Grant["role"]): Grant => ({ role, scopeType: "national", scopeId: null });

export function buildUserActor(grants: Grant[], organisationIds: string[] = []): UserActor {
  const userId = randomUUID();
  return { kind: "user", userId, label: `test user ${userId.slice(0, 8)}`, grants, organisationIds };
}

export function contextAs(handle: DatabaseHandle, actor: ServiceContext["actor"]): ServiceContext {
  return { db: handle.db, actor };
}

let counter = 0;
export function buildOrganisationInput(overrides: Partial<OrganisationInput> = {}): OrganisationInput {
  counter++;
  return {
    name: `Test Organisation ${counter} ${randomBytes(3).toString("hex")}`,
    kind: "local_cso",
    ...overrides,
  };
}

export const TEST_ORIGIN = "http://127.0.0.1:3000";

/**
 * better-auth's own scrypt, remembered per password and per (hash, password) in this worker: each hash or check
 * costs ~150 ms of processor time and the in-process tests sign hundreds of users in with the same password. The
 * hashes stored and the answers given are scrypt's (a remembered hash is a real salted hash of that password), so
 * a wrong password is refused as in production; only the repeated work is skipped.
 */
const hashes = new Map<string, Promise<string>>();
const checks = new Map<string, Promise<boolean>>();
const rememberedScrypt = {
  hash(password: string): Promise<string> {
    let hash = hashes.get(password);
    if (!hash) {
      hash = hashPassword(password);
      hashes.set(password, hash);
    }
    return hash;
  },
  verify({ hash, password }: { hash: string; password: string }): Promise<boolean> {
    const key = `${hash}\u0000${password}`;
    let check = checks.get(key);
    if (!check) {
      check = verifyPassword({ hash, password });
      checks.set(key, check);
    }
    return check;
  },
};
export const TEST_PASSWORD = "correct horse battery staple";

export type TestClient = {
  request(path: string, init?: RequestInit): Promise<Response>;
  json<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }>;
};

/** The whole app in-process, with a helper to sign in users holding given grants. */
export function createTestServer(
  handle: DatabaseHandle,
  options: {
    signInAttemptsPerMinute?: number;
    webDir?: string;
    smtpUrl?: string;
    invitationDays?: number;
    logger?: Logger;
    /** The auth secret; two servers given the same one are two instances of one deployment (cookies valid on both). */
    secret?: string;
  } = {},
) {
  // Without smtpUrl every email stays in the outbox, as on a laptop.
  const mailer: Mailer = createMailer({
    db: handle.db,
    smtpUrl: options.smtpUrl,
    from: "Ubufatanye <no-reply@ubufatanye.test>",
  });
  const accountLinks = { publicUrl: TEST_ORIGIN, invitationDays: options.invitationDays ?? 7 };
  const auth = createAuth(handle.db, {
    passwordHashing: rememberedScrypt,
    secret: options.secret ?? randomBytes(32).toString("hex"),
    baseURL: TEST_ORIGIN,
    secureCookies: false,
    signInAttemptsPerMinute: options.signInAttemptsPerMinute ?? 1000,
    accountMail: { db: handle.db, mailer, links: accountLinks },
  });
  const app = createApp({
    handle,
    auth,
    logger: options.logger ?? suiteLogger(),
    version: "test",
    trustedOrigins: [TEST_ORIGIN],
    trustProxy: false,
    webDir: options.webDir,
    mailer,
    accountLinks,
  });

  function client(cookie?: string): TestClient {
    const request = (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (cookie) headers.set("cookie", cookie);
      // FormData sets its own multipart type with the boundary.
      if (init.body !== undefined && !(init.body instanceof FormData) && !headers.has("content-type"))
        headers.set("content-type", "application/json");
      return Promise.resolve(app.request(`${TEST_ORIGIN}${path}`, { ...init, headers }));
    };
    return {
      request,
      async json<T>(path: string, init?: RequestInit) {
        const res = await request(path, init);
        const text = await res.text();
        return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
      },
    };
  }

  async function signIn(email: string, password = TEST_PASSWORD): Promise<Response> {
    return app.request(`${TEST_ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN },
      body: JSON.stringify({ email, password }),
    });
  }

  /** Creates a user with these grants, signs in, and returns a client carrying the session cookie. */
  async function signInAs(grants: Grant[], organisationIds: string[] = []) {
    const email = `user-${randomBytes(4).toString("hex")}@example.org`;
    const userId = await createCredentialUser(auth, {
      name: "Test User",
      email,
      password: TEST_PASSWORD,
      locale: "en",
    });
    await insertGrants(handle.db, userId, grants);
    await insertUserOrganisations(handle.db, userId, organisationIds);
    const res = await signIn(email);
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    return { userId, email, cookie, client: client(cookie) };
  }

  return { app, auth, mailer, anonymous: client(), signIn, signInAs, client };
}

/** An agreement between the given organisations (the first two as signatories); at least two ids. */
export function buildAgreementInput(
  organisationIds: readonly string[],
  overrides: Partial<AgreementInput> = {},
): AgreementInput {
  counter++;
  return {
    title: `Test agreement ${counter} ${randomBytes(3).toString("hex")}`,
    kind: "mou",
    parties: organisationIds.map((organisationId) => ({ organisationId, role: "signatory" as const })),
    ...overrides,
  };
}

/** Where a fixture is saved: a database (written as the system) or a context (written as its actor, scope checked). */
export type FixtureTarget = DatabaseHandle | ServiceContext;

function contextOf(target: FixtureTarget): ServiceContext {
  return "actor" in target ? target : contextAs(target, systemActor);
}

/** An organisation saved through the organisations service. */
export function createOrganisationFixture(
  target: FixtureTarget,
  overrides: Partial<OrganisationInput> = {},
): Promise<Organisation> {
  return createOrganisation(contextOf(target), buildOrganisationInput(overrides));
}

/**
 * An agreement saved through the agreements service; without `parties`, between two organisations made for it
 * (the first, a government body, and a local CSO, both signatories).
 */
export async function createAgreementFixture(
  target: FixtureTarget,
  overrides: Partial<AgreementInput> = {},
): Promise<AgreementDetail> {
  const ctx = contextOf(target);
  const organisationIds = overrides.parties
    ? []
    : [
        (await createOrganisationFixture(ctx, { kind: "government" })).id,
        (await createOrganisationFixture(ctx)).id,
      ];
  return createAgreement(ctx, buildAgreementInput(organisationIds, overrides));
}

/** A programme saved through the programmes service; without `leadOrganisationId`, led by an organisation made for it. */
export async function createProgrammeFixture(
  target: FixtureTarget,
  overrides: Partial<ProgrammeInput> = {},
): Promise<ProgrammeDetail> {
  const ctx = contextOf(target);
  counter++;
  const leadOrganisationId =
    overrides.leadOrganisationId ?? (await createOrganisationFixture(ctx, { kind: "international_ngo" })).id;
  return createProgramme(ctx, {
    title: `Test programme ${counter} ${randomBytes(3).toString("hex")}`,
    startDate: "2025-01-01",
    endDate: "2027-12-31",
    ...overrides,
    leadOrganisationId,
  });
}

export type UserFixture = {
  user: UserSummary;
  password: string;
  /** The actor as the server loads it from the database for this user's requests. */
  actor: UserActor;
  /** A service context acting as this user. */
  context: ServiceContext;
};

/**
 * A user with these grants and organisations, saved through the access service (credential, grants, audit entry).
 * For HTTP tests that also need a session, `createTestServer(handle).signInAs` signs one in.
 */
export async function createUserFixture(
  handle: DatabaseHandle,
  options: { grants?: Grant[]; organisationIds?: string[]; auth?: Auth; name?: string } = {},
): Promise<UserFixture> {
  const auth =
    options.auth ??
    createAuth(handle.db, {
      secret: randomBytes(32).toString("hex"),
      baseURL: TEST_ORIGIN,
      secureCookies: false,
    });
  const user = await createUser(contextAs(handle, systemActor), auth, {
    name: options.name ?? "Test User",
    email: `user-${randomBytes(4).toString("hex")}@example.org`,
    password: TEST_PASSWORD,
    grants: options.grants ?? [],
    organisationIds: options.organisationIds ?? [],
  });
  const actor = await loadUserActor(handle.db, user.id);
  if (!actor) throw new Error(`user ${user.id} was saved but cannot act`);
  return { user, password: TEST_PASSWORD, actor, context: contextAs(handle, actor) };
}

/**
 * Visits: a visit of a new monitoring body to Nyarugenge Correctional Facility, saved through the visits service as
 * the system; `conducted` marks it conducted and records one finding.
 */
export async function visitsCreateVisitFixture(
  handle: DatabaseHandle,
  options: { conducted?: boolean } = {},
): Promise<{ visit: Visit; monitoringOrganisationId: string; finding: Finding | null }> {
  const ctx = contextAs(handle, systemActor);
  const body = await createOrganisationFixture(ctx, { kind: "government" });
  const places = await listPlaces(ctx, PlaceListQuerySchema.parse({ q: "Nyarugenge Correctional Facility" }));
  const place = places.items.find((p) => p.kind === "place_of_detention");
  if (!place) throw new Error("no place of detention in the reference places");
  let visit = await createVisit(ctx, {
    monitoringOrganisationId: body.id,
    placeId: place.id,
    announced: true,
    visitType: "regular",
    startsOn: "2026-02-02",
  });
  if (!options.conducted) return { visit, monitoringOrganisationId: body.id, finding: null };
  visit = await updateVisit(ctx, visit.id, visit.version, { status: "conducted" });
  const finding = await addFinding(ctx, visit.id, {
    theme: "overcrowding",
    severity: "high",
    text: "Crowded.",
  });
  return { visit, monitoringOrganisationId: body.id, finding };
}

/**
 * The NCHR's October 2021 occupancy rates as a CSV, built from ../shared/data/reference/rcs-correctional-facilities.csv
 * (each facility whose facts cite "NCHR Oct 2021" with a rate): facility, date, rate, source.
 */
export function occupancyNchr2021Csv(referenceCsvText: string): { csv: string; rates: Map<string, number> } {
  const rates = new Map<string, number>();
  const lines = referenceCsvText.trim().split(/\r?\n/).slice(1);
  for (const line of lines) {
    const name = line.split(",")[0] ?? "";
    if (!line.includes("NCHR Oct 2021")) continue;
    const rate = /(\d+(?:\.\d)?)%/.exec(line)?.[1];
    if (name && rate) rates.set(name, Number(rate));
  }
  const rows = [...rates].map(([name, rate]) => `${name},2021-10-31,${rate}%,NCHR annual report 2021`);
  return { csv: ["Facility,Date,Rate,Source", ...rows].join("\n"), rates };
}

// ----- Monitoring rows inserted directly (the visits' services belong to another area of issue 18) -----

/** A monitoring visit row, inserted with drizzle: conducted regular visit unless told otherwise. */
export async function monitoringVisitRow(
  db: DatabaseHandle["db"],
  values: {
    monitoringOrganisationId: string;
    placeId: string;
    startsOn: string;
    endsOn?: string | null;
    status?: "planned" | "conducted" | "cancelled";
    visitType?: "regular" | "follow_up" | "ad_hoc";
    publishedOn?: string | null;
  },
): Promise<string> {
  const { monitoringVisitTable } = await import("../src/modules/monitoring/monitoring.table");
  const [row] = await db
    .insert(monitoringVisitTable)
    .values({
      monitoringOrganisationId: values.monitoringOrganisationId,
      placeId: values.placeId,
      startsOn: values.startsOn,
      endsOn: values.endsOn ?? null,
      status: values.status ?? "conducted",
      visitType: values.visitType ?? "regular",
      announced: false,
      publishedOn: values.publishedOn ?? null,
    })
    .returning({ id: monitoringVisitTable.id });
  if (!row) throw new Error("no visit row");
  return row.id;
}

/** A finding row of a visit, inserted with drizzle. */
export async function monitoringFindingRow(
  db: DatabaseHandle["db"],
  visitId: string,
  values: { theme?: string; text?: string; severity?: "low" | "medium" | "high" | "critical" } = {},
): Promise<string> {
  const { monitoringFindingTable } = await import("../src/modules/monitoring/monitoring.table");
  const [row] = await db
    .insert(monitoringFindingTable)
    .values({
      visitId,
      theme: values.theme ?? "overcrowding",
      text: values.text ?? "Cells hold twice their capacity.",
      severity: values.severity ?? "high",
    })
    .returning({ id: monitoringFindingTable.id });
  if (!row) throw new Error("no finding row");
  return row.id;
}
