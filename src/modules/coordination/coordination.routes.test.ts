// HTTP tests of the coordination API: JSON views, HXL CSV and xlsx exports, problems naming fields, no writes.

import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/database";
import {
  buildUserActor,
  contextAs,
  createTestServer,
  nationalGrant,
  type TestClient,
} from "../../../tests/factories";
import { type DatabaseHandle, queryRows } from "../../db/client";
import { loadStatusReportDemo, readStatusReportSeed } from "../status-report";
import type { DistrictSummary, Gaps, Matrix, OverlapList } from "./coordination.schema";

let handle: DatabaseHandle;
let server: ReturnType<typeof createTestServer>;
let viewer: TestClient;

beforeAll(async () => {
  handle = await createTestDatabase();
  server = createTestServer(handle);
  await loadStatusReportDemo(
    contextAs(handle, buildUserActor([nationalGrant("administrator")])),
    await readStatusReportSeed(),
  );
  viewer = (await server.signInAs([nationalGrant("viewer")])).client;
});
afterAll(async () => {
  await handle?.close();
});

type Problem = { status: number; errors?: { path: string; in?: string }[] };

/** A workbook's sheets, each with its rows as "a | b | c". */
async function workbookOf(url: string): Promise<{ name: string; rows: string[] }[]> {
  const res = await viewer.request(url);
  expect(res.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  return workbook.worksheets.map((sheet) => {
    const rows: string[] = [];
    sheet.eachRow((row) => {
      rows.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) => (v === undefined || v === null ? "" : String(v)))
          .join(" | "),
      );
    });
    return { name: sheet.name, rows };
  });
}

async function countAgreements(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from agreement`);
  return row?.n ?? -1;
}

describe("coordination API", () => {
  it("refuses callers who are not signed in", async () => {
    const res = await server.anonymous.request("/api/coordination/matrix?theme=legal_aid");
    expect(res.status).toBe(401);
  });

  it("answers the 3W matrix for a theme, by district", async () => {
    const res = await viewer.json<Matrix>("/api/coordination/matrix?theme=legal_aid&level=district");
    expect(res.status).toBe(200);
    expect(res.body.level).toBe("district");
    expect(res.body.theme).toBe("legal_aid");
    const musanze = res.body.places.find((p) => p.code === "RW-D43");
    const acronyms = res.body.cells
      .filter((c) => c.placeId === musanze?.id)
      .map((c) => res.body.organisations.find((o) => o.id === c.organisationId)?.acronym);
    expect(acronyms).toEqual(expect.arrayContaining(["ARDHO", "LoH", "PFR", "RBJ"]));
  });

  it("names the invalid query fields", async () => {
    const res = await viewer.json<Problem>("/api/coordination/matrix?level=village&date=2026-02-30");
    expect(res.status).toBe(422);
    expect(res.body.errors?.map((e) => e.path).sort()).toEqual(["date", "level"]);
    const both = await viewer.json<Problem>("/api/coordination/gaps?from=2026-05-01&to=2026-01-01");
    expect(both.status).toBe(422);
    expect(both.body.errors?.map((e) => e.path)).toEqual(["to"]);
    const unknown = await viewer.json<Problem>("/api/coordination/gaps?theme=legal_aide");
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: "theme", in: "query" })]);
  });

  it("lists the gaps for legal aid", async () => {
    const res = await viewer.json<Gaps>("/api/coordination/gaps?theme=legal_aid");
    expect(res.status).toBe(200);
    expect(res.body.gaps.map((p) => p.name)).toEqual(["Mulindi Military Prison"]);
  });

  it("gives the district page and 404 for an unknown district", async () => {
    const res = await viewer.json<DistrictSummary>("/api/coordination/districts/RW-D11");
    expect(res.status).toBe(200);
    expect(res.body.district.name).toBe("Nyarugenge");
    expect(res.body.facilities.map((f) => f.place.code)).toContain("RW-F-NYARUGENGE");
    expect((await viewer.request("/api/coordination/districts/RW-D99")).status).toBe(404);
    expect((await viewer.request("/api/coordination/districts/nyarugenge")).status).toBe(422);
  });

  it("checks overlaps without writing anything, and names bad fields", async () => {
    const before = await countAgreements();
    const places = await viewer.json<{ items: { id: string }[] }>("/api/places?q=Musanze%20Correctional");
    const musanze = places.body.items[0]?.id;
    const res = await viewer.json<OverlapList>("/api/coordination/overlaps", {
      method: "POST",
      body: JSON.stringify({ themes: ["legal_aid"], areas: [{ placeId: musanze }] }),
    });
    expect(res.status).toBe(200);
    expect(res.body.overlaps.map((o) => o.organisation.acronym)).toEqual(
      expect.arrayContaining(["ARDHO", "LoH", "PFR", "RBJ"]),
    );
    const bad = await viewer.json<Problem>("/api/coordination/overlaps", {
      method: "POST",
      body: JSON.stringify({
        themes: ["Legal aid!"],
        areas: [{}],
        validFrom: "2026-05-01",
        validUntil: "2026-01-01",
      }),
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(["areas.0.placeId", "themes.0", "validUntil"]);
    expect(await countAgreements()).toBe(before);
  });

  it("exports the 3W view as HXL CSV with the hashtag row under the headers", async () => {
    const res = await viewer.request("/api/coordination/matrix.csv?theme=legal_aid&level=place_of_detention");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]?.startsWith("Organisation,Acronym,")).toBe(true);
    expect(lines[1]?.split(",").slice(0, 2)).toEqual(["#org +name", "#org +acronym"]);
    const musanze = lines.filter((l) => l.includes("Musanze Correctional Facility"));
    expect(
      musanze.some((l) =>
        l.startsWith(
          "Lawyers of Hope,LoH,local_cso,signatory,Legal aid,legal_aid,Northern Province,Musanze,43,",
        ),
      ),
    ).toBe(true);
  });

  it("exports the district page as a workbook in the reader's language, and as HXL CSV", async () => {
    const fr = await workbookOf("/api/coordination/districts/RW-D11/export?format=xlsx&lang=fr");
    expect(fr.map((w) => w.name)).toEqual([
      "Organisations",
      "Lieux de détention",
      "Accords",
      "Déclaré dans des fichiers 3W",
      "Avancées récentes",
      "Arrivant à échéance",
    ]);
    expect(fr.map((w) => w.rows[0])).toEqual([
      "Organisation | Sigle | Thèmes | Où",
      "Lieu de détention | Thème | Partenaires",
      "Accord | Statut | Début de validité | Fin de validité | Partenaires | Thèmes",
      "Activité | Organisations | Thèmes | Début de validité | Fin de validité | Fichier importé | Importé le | Ligne",
      "Date | Accord | Type | Texte",
      "Accord | Fin de validité | Partenaires",
    ]);
    const [organisations, facilities, agreements, , progress] = fr;
    // By the short name shown: ADEPR (Pentecostal Church of Rwanda) first, not between LoH and PFR.
    expect(organisations?.rows[1]).toBe(
      "Pentecostal Church of Rwanda | ADEPR | Éducation; Santé; Formation professionnelle | via « tous les établissements pénitentiaires »",
    );
    expect(facilities?.rows).toContain(
      "Établissement pénitentiaire de Nyarugenge | Aide juridique | ARDHO; Interpeace; LoH; PFR; RBJ",
    );
    expect(facilities?.rows.some((r) => /\(fermé\) \| {2}\| $/.test(r))).toBe(true);
    // Statuses and progress kinds in words, never their codes.
    const statuses = new Set(agreements?.rows.slice(1).map((r) => r.split(" | ")[1]));
    expect([...statuses]).toEqual(["En vigueur"]);
    const kinds = new Set(progress?.rows.slice(1).map((r) => r.split(" | ")[2]));
    expect(kinds.size).toBeGreaterThan(0);
    for (const kind of kinds) expect(["Réalisation", "En cours", "Prévu", "Difficulté"]).toContain(kind);

    const rw = await workbookOf("/api/coordination/districts/RW-D11/export?format=xlsx&lang=rw");
    expect(rw.map((w) => w.name)).toEqual([
      "Imiryango",
      "Ahafungirwa abantu",
      "Amasezerano",
      "Byatangajwe muri dosiye za 3W",
      "Aho ibikorwa bigeze vuba",
      "Agiye kurangira",
    ]);
    expect(rw[2]?.rows[1]?.split(" | ")[1]).toBe("Arakurikizwa");
    const en = await workbookOf("/api/coordination/districts/RW-D11/export?format=xlsx");
    expect(en.map((w) => w.name)).toEqual([
      "Organisations",
      "Places of detention",
      "Agreements",
      "Reported in 3W files",
      "Recent progress",
      "Expiring",
    ]);

    const csv = await viewer.request("/api/coordination/districts/RW-D11/export?format=csv");
    const text = await csv.text();
    expect(text.split("\r\n")[1]).toContain("#adm2 +name");
    expect(text).toContain("Nyarugenge Correctional Facility");
  });
});
