// The public portal over HTTP, on both databases: nothing is published until an administrator says so (and only an
// administrator may); each section then shows the publishing institutions' records only; and a walk of every public
// page, link, download and API answer finds no word of anything unpublished, no personal data, no internal note.
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../tests/assertions";
import { createTestDatabase } from "../../../tests/database";
import {
  createAgreementFixture,
  createOrganisationFixture,
  createProgrammeFixture,
  createTestServer,
  nationalGrant,
  systemActor,
  type TestClient,
} from "../../../tests/factories";
import { createIncidentFixture, districtIds } from "../../../tests/incident-factories";
import type { DatabaseHandle } from "../../db/client";
import { addProgressEntry } from "../agreements";
import { auditLogTable } from "../audit/audit.table";
import { createRecommendation } from "../monitoring";
import {
  PUBLIC_AGREEMENTS_PAGE,
  type PublicAgreementList,
  type PublicPortalSettings,
  type PublicThreeW,
} from "./public.schema";

/** Words planted in everything that must stay unpublished: none may appear in any public answer. */
const CANARIES = {
  unpublishedInstitution: "CanaryKeeperZebra",
  unpublishedAgreement: "CanaryAgreementOkapi",
  draftAgreement: "CanaryDraftPangolin",
  commitment: "CanaryCommitmentTapir",
  progress: "CanaryProgressNarwhal",
  purpose: "CanaryPurposeAxolotl",
  email: "canary-email-quokka@example.org",
  phone: "+250788000777",
  recommendation: "CanaryRecommendationIbis",
  programme: "CanaryProgrammeLemur",
  incident: "CanaryIncidentMarmot",
  victimName: "CanaryVictimName Uwase",
} as const;

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let admin: TestClient;
let coordinator: TestClient;
let anonymous: TestClient;
let rcs: string;
let nchr: string;
let partner: string;
let hidden: string;
let publishedTitle: string;
let musanze: string;

async function read<T>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function publish(body: Record<string, unknown>): Promise<PublicPortalSettings> {
  const current = await admin.json<PublicPortalSettings>("/api/public-portal");
  return read(
    admin.request("/api/public-portal", {
      method: "PATCH",
      body: JSON.stringify(body),
      headers: { "if-match": `"${current.body.version}"` },
    }),
  );
}

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  admin = (await server.signInAs([nationalGrant("administrator")])).client;
  coordinator = (await server.signInAs([nationalGrant("coordinator")])).client;
  anonymous = server.anonymous;
  musanze = (await districtIds(handle.db, "Musanze"))[0] ?? "";
  rcs = (
    await createOrganisationFixture(handle, {
      name: "Rwanda Correctional Service",
      acronym: "RCS",
      kind: "government",
    })
  ).id;
  nchr = (
    await createOrganisationFixture(handle, {
      name: "National Commission for Human Rights",
      acronym: "NCHR",
      kind: "government",
    })
  ).id;
  partner = (
    await createOrganisationFixture(handle, {
      name: "Legal Aid Forum",
      acronym: "LAF",
      email: CANARIES.email,
      phone: CANARIES.phone,
    })
  ).id;
  hidden = (
    await createOrganisationFixture(handle, { name: CANARIES.unpublishedInstitution, kind: "government" })
  ).id;
  const parties = (a: string, b: string) => [
    { organisationId: a, role: "signatory" as const },
    { organisationId: b, role: "implementer" as const },
  ];
  const published = await createAgreementFixture(handle, {
    title: "MoU on legal aid in correctional facilities",
    status: "active",
    signedOnText: "June /2022",
    validFrom: "2022-06-01",
    keeperOrganisationId: rcs,
    parties: parties(rcs, partner),
    themes: ["legal_aid"],
    areas: [{ placeId: musanze }],
    purpose: CANARIES.purpose,
    commitments: [{ text: CANARIES.commitment }],
  });
  publishedTitle = published.title;
  await addProgressEntry({ db: handle.db, actor: systemActor }, published.id, {
    kind: "achievement",
    text: CANARIES.progress,
  });
  await createAgreementFixture(handle, {
    title: CANARIES.draftAgreement,
    status: "draft",
    keeperOrganisationId: rcs,
    parties: parties(rcs, partner),
    themes: ["legal_aid"],
    areas: [{ placeId: musanze }],
  });
  await createAgreementFixture(handle, {
    title: CANARIES.unpublishedAgreement,
    status: "active",
    keeperOrganisationId: hidden,
    parties: parties(hidden, partner),
    themes: ["health"],
    areas: [{ placeSet: "national" }],
  });
  await createRecommendation(
    { db: handle.db, actor: systemActor },
    {
      monitoringOrganisationId: nchr,
      text: "Separate juveniles from adults in every facility",
      theme: "overcrowding",
      addresseeOrganisationId: rcs,
      priority: "high",
      issuedOn: "2026-01-10",
      allFacilities: true,
      publishedOn: "2026-02-01",
    },
  );
  await createRecommendation(
    { db: handle.db, actor: systemActor },
    {
      monitoringOrganisationId: nchr,
      text: CANARIES.recommendation,
      theme: "overcrowding",
      addresseeOrganisationId: rcs,
      priority: "low",
      issuedOn: "2026-01-11",
      allFacilities: true,
    },
  );
  await createProgrammeFixture(handle, {
    title: "Paralegal programme",
    leadOrganisationId: partner,
    status: "ongoing",
  });
  await createProgrammeFixture(handle, {
    title: CANARIES.programme,
    leadOrganisationId: hidden,
    status: "ongoing",
  });
  for (let i = 0; i < 2; i++)
    await createIncidentFixture(handle.db, {
      reportingOrganisationId: partner,
      districtId: musanze,
      description: CANARIES.incident,
      persons: [{ identity: { name: CANARIES.victimName, contact: CANARIES.phone } }],
    });
});

afterAll(async () => {
  await handle?.close();
});

describe("before anything is published", () => {
  it("shows the portal with nothing in it, every section answering 404", async () => {
    const portal = await read<{ institutions: unknown[]; incidentStatistics: boolean; licence: string }>(
      anonymous.request("/api/public"),
    );
    expect(portal).toEqual({ licence: "CC BY 4.0", incidentStatistics: false, institutions: [] });
    const home = await anonymous.request("/public?lang=en");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Nothing is published yet.");
    const slash = await anonymous.request("/public/?lang=fr");
    expect([slash.status, slash.headers.get("location")]).toEqual([301, "/public?lang=fr"]);
    for (const path of [
      "/public/agreements",
      "/public/3w",
      "/public/recommendations",
      "/public/programmes",
      "/public/incidents",
    ]) {
      const res = await anonymous.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain("This page is not published.");
    }
    for (const path of [
      "/api/public/agreements",
      "/api/public/agreements.csv",
      "/api/public/3w",
      "/api/public/3w.hxl.csv",
      "/api/public/recommendations",
      "/api/public/programmes",
      "/api/public/programmes.iati.xml",
      "/api/public/incident-statistics",
    ])
      expect((await anonymous.request(path)).status, path).toBe(404);
  });
});

describe("what an administrator publishes", () => {
  it("is set by administrators only, versioned and audited", async () => {
    expect((await anonymous.request("/api/public-portal")).status).toBe(401);
    expect((await coordinator.request("/api/public-portal")).status).toBe(403);
    const refused = await coordinator.request("/api/public-portal", {
      method: "PATCH",
      body: JSON.stringify({ incidentStatistics: true }),
      headers: { "if-match": '"1"' },
    });
    expect(refused.status).toBe(403);
    const unknown = await admin.request("/api/public-portal", {
      method: "PATCH",
      body: JSON.stringify({
        institutions: [
          {
            organisationId: "00000000-0000-4000-8000-000000000000",
            agreements: true,
            threeW: false,
            recommendations: false,
            programmeResults: false,
          },
        ],
      }),
      headers: { "if-match": '"1"' },
    });
    expect(unknown.status).toBe(422);
    const settings = await publish({
      licence: "CC BY 4.0 — Ubufatanye",
      incidentStatistics: true,
      institutions: [
        {
          organisationId: rcs,
          agreements: true,
          threeW: true,
          recommendations: false,
          programmeResults: false,
        },
        {
          organisationId: nchr,
          agreements: false,
          threeW: false,
          recommendations: true,
          programmeResults: false,
        },
        {
          organisationId: partner,
          agreements: false,
          threeW: false,
          recommendations: false,
          programmeResults: true,
        },
        {
          organisationId: hidden,
          agreements: false,
          threeW: false,
          recommendations: false,
          programmeResults: false,
        },
      ],
    });
    expect(settings.version).toBe(2);
    // An institution publishing nothing is not kept.
    expect(settings.institutions.map((i) => i.organisationId).sort()).toEqual([rcs, nchr, partner].sort());
    const audit = await handle.db
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.entityType, "public_portal"));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]?.changes)).toContain("incidentStatistics");
  });

  it("shows the published agreements with their parties, period, themes and places, not the others", async () => {
    const list = await read<PublicAgreementList>(anonymous.request("/api/public/agreements?lang=fr"));
    expect(list.licence).toBe("CC BY 4.0 — Ubufatanye");
    expect(list.agreements.map((a) => a.title)).toEqual([publishedTitle]);
    const [agreement] = list.agreements;
    expect(agreement).toMatchObject({
      status: "active",
      signedOn: "June /2022",
      validFrom: "2022-06-01",
      keeper: { name: "Rwanda Correctional Service", acronym: "RCS" },
      places: ["Musanze"],
    });
    expect(agreement?.parties.map((p) => p.name)).toEqual(["Rwanda Correctional Service", "Legal Aid Forum"]);
    expect(agreement?.themes[0]?.code).toBe("legal_aid");
    const page = await anonymous.request("/public/agreements?lang=rw");
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("public, max-age=300");
    const html = await page.text();
    expect(html).toContain('<html lang="rw">');
    expect(html).toContain("MoU on legal aid in correctional facilities");
    expect(html).toContain("Uruhushya: CC BY 4.0 — Ubufatanye");
  });

  it("draws the 3W of the published agreements on the district map and offers it as HXL", async () => {
    const threeW = await read<PublicThreeW>(anonymous.request("/api/public/3w"));
    expect(threeW.organisations.map((o) => o.name)).toEqual(["Legal Aid Forum"]);
    expect(threeW.districts.find((d) => d.name === "Musanze")?.organisations).toBe(1);
    const page = await (await anonymous.request("/public/3w?lang=en")).text();
    expect(page).toContain("<svg");
    expect(page).toContain("Musanze: 1 organisation<");
    expect(page).toContain("geoBoundaries");
    const hxl = await anonymous.request("/api/public/3w.hxl.csv");
    expect(hxl.status).toBe(200);
    const text = await hxl.text();
    expect(text.split("\r\n")[0]).toContain("Licence: CC BY 4.0 — Ubufatanye");
    expect(text).toContain("#org +name");
    expect(text).toContain("Legal Aid Forum");
  });

  it("sends its pages and files compressed (brotli, else gzip), with an ETag that makes a page read again a 304", async () => {
    const plain = await anonymous.request("/public/3w?lang=en");
    const html = Buffer.from(await plain.arrayBuffer());
    expect(plain.headers.get("content-encoding")).toBeNull();
    const br = await anonymous.request("/public/3w?lang=en", { headers: { "accept-encoding": "gzip, br" } });
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("vary")?.toLowerCase()).toContain("accept-encoding");
    const sent = Buffer.from(await br.arrayBuffer());
    expect(Number(br.headers.get("content-length"))).toBe(sent.length);
    expect(sent.length).toBeLessThan(html.length / 2);
    expect(brotliDecompressSync(sent).equals(html)).toBe(true);
    const tag = br.headers.get("etag");
    expect(tag).toBe(plain.headers.get("etag"));
    const again = await anonymous.request("/public/3w?lang=en", {
      headers: { "accept-encoding": "gzip, br", "if-none-match": tag ?? "" },
    });
    expect(again.status).toBe(304);
    // A file under a kilobyte goes as it is; its length and Vary are still said.
    const csv = await anonymous.request("/api/public/3w.hxl.csv", { headers: { "accept-encoding": "gzip" } });
    const text = Buffer.from(await csv.arrayBuffer());
    expect(text.length).toBeLessThan(1024);
    expect(csv.headers.get("content-encoding")).toBeNull();
    expect(csv.headers.get("vary")?.toLowerCase()).toContain("accept-encoding");
    expect(text.toString("utf8")).toContain("#org +name");
    const iati = await anonymous.request("/api/public/programmes.iati.xml", {
      headers: { "accept-encoding": "gzip" },
    });
    const xml = Buffer.from(await iati.arrayBuffer());
    expect(iati.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(xml).toString("utf8")).toContain("<iati-activities");
  });

  it("lists published recommendations, programme results, IATI and suppressed incident counts", async () => {
    const recs = await read<{ recommendations: { text: string; status: string }[] }>(
      anonymous.request("/api/public/recommendations"),
    );
    expect(recs.recommendations.map((r) => r.text)).toEqual([
      "Separate juveniles from adults in every facility",
    ]);
    const programmes = await read<{ programmes: { title: string }[] }>(
      anonymous.request("/api/public/programmes"),
    );
    expect(programmes.programmes.map((p) => p.title)).toEqual(["Paralegal programme"]);
    const iati = await (await anonymous.request("/api/public/programmes.iati.xml")).text();
    expect(iati).toContain("Paralegal programme");
    expect(iati).toContain("Licence: CC BY 4.0");
    const stats = await read<{ incidents: { count: number | null; suppressed: string | null } }>(
      anonymous.request("/api/public/incident-statistics"),
    );
    // Two incidents: below the threshold, so no number is given.
    expect(stats.incidents).toEqual({ count: null, suppressed: "small" });
    expect(await (await anonymous.request("/public/incidents")).text()).toContain("&#60;5");
  });
});

describe("the leak walk", () => {
  it("finds nothing unpublished in any public page, link, download or API answer", async () => {
    const seen = new Map<string, string>();
    const queue = ["/public?lang=en", "/public?lang=fr", "/public?lang=rw"];
    // Every public GET of the API document too, whether or not a page links to it.
    const doc = await read<{ paths: Record<string, { get?: unknown }> }>(
      anonymous.request("/api/openapi.json"),
    );
    for (const [path, item] of Object.entries(doc.paths))
      if (item.get && /^\/api\/public(\/|$)/.test(path) && !path.includes("{")) {
        queue.push(path);
        for (const lang of ["en", "fr", "rw"]) queue.push(`${path}?lang=${lang}`);
      }
    while (queue.length > 0) {
      const url = queue.shift() ?? "";
      if (seen.has(url)) continue;
      const res = await anonymous.request(url);
      expect([200, 404], url).toContain(res.status);
      const body = await res.text();
      seen.set(url, body);
      for (const match of body.matchAll(/href="([^"]+)"/g)) {
        const href = (match[1] ?? "").replaceAll("&#38;", "&");
        if (/^\/(?:api\/)?public(?:[/?]|$)/.test(href) && !seen.has(href)) queue.push(href);
      }
    }
    // The walk reached every section and download, and the published record.
    for (const path of [
      "/public/agreements",
      "/public/3w",
      "/public/recommendations",
      "/public/programmes",
      "/public/incidents",
      "/api/public/3w.hxl.csv",
      "/api/public/agreements.csv",
      "/api/public/programmes.iati.xml",
    ])
      expect(
        [...seen.keys()].some((u) => u.startsWith(path)),
        path,
      ).toBe(true);
    expect([...seen.values()].some((b) => b.includes(publishedTitle))).toBe(true);
    for (const [url, body] of seen)
      for (const [what, canary] of Object.entries(CANARIES))
        expect(body.includes(canary), `${what} (${canary}) in ${url}`).toBe(false);
    expect(seen.size).toBeGreaterThan(30);
  });

  it("gives the agreements a page at a time, in the API and on the page, the CSV holding them all", async () => {
    for (let i = 1; i <= PUBLIC_AGREEMENTS_PAGE; i++)
      await createAgreementFixture(handle, {
        title: `Agreement ${String(i).padStart(2, "0")} on legal aid`,
        status: "active",
        keeperOrganisationId: rcs,
        parties: [
          { organisationId: rcs, role: "signatory" },
          { organisationId: partner, role: "implementer" },
        ],
        themes: ["legal_aid"],
      });
    const total = PUBLIC_AGREEMENTS_PAGE + 1;
    const first = await read<PublicAgreementList>(anonymous.request("/api/public/agreements?limit=20"));
    expect(first).toMatchObject({ total, limit: 20, offset: 0 });
    expect(first.agreements).toHaveLength(20);
    const rest = await read<PublicAgreementList>(
      anonymous.request("/api/public/agreements?limit=200&offset=20"),
    );
    expect(rest.agreements).toHaveLength(total - 20);
    expect(new Set([...first.agreements, ...rest.agreements].map((a) => a.id)).size).toBe(total);
    await expectProblem(await anonymous.request("/api/public/agreements?limit=0"), 422, {
      path: "limit",
      in: "query",
    });
    await expectProblem(await anonymous.request("/api/public/agreements?offset=-1"), 422, {
      path: "offset",
      in: "query",
    });

    const page1 = await (await anonymous.request("/public/agreements?lang=en")).text();
    expect(page1).toContain(`Agreements 1–${PUBLIC_AGREEMENTS_PAGE} of ${total}`);
    expect(page1).toContain('rel="next" href="/public/agreements?lang=en&#38;page=2"');
    expect(page1).not.toContain('rel="prev"');
    const page2 = await (await anonymous.request("/public/agreements?lang=fr&page=2")).text();
    expect(page2).toContain(`Accords ${total} à ${total} sur ${total}`);
    expect(page2).toContain('rel="prev" href="/public/agreements?lang=fr&#38;page=1"');
    expect(page2).not.toContain('rel="next"');
    // Past the end: the last page; not a number: the first.
    expect(await (await anonymous.request("/public/agreements?page=99")).text()).toContain(
      `Agreements ${total}–${total} of ${total}`,
    );
    expect(await (await anonymous.request("/public/agreements?page=abc")).text()).toContain(
      `Agreements 1–${PUBLIC_AGREEMENTS_PAGE} of ${total}`,
    );
    const csv = await (await anonymous.request("/api/public/agreements.csv")).text();
    expect(csv.trim().split("\r\n")).toHaveLength(total + 2);
  });
});
