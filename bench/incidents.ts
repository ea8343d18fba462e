// Prints how fast confidential incidents answer with 10,000 incidents (~25,000 persons) and 20,000 referrals, on
// PostgreSQL with BENCH_DATABASE_URL (the script creates its own database) or PGlite in memory: a case worker's list
// (organisation and district scope) with the read audit on, one incident, a provider's received referrals, and the
// statistics (cold: the cube built; warm: read from the cached cube). A report, not a test: it always exits 0 and
// prints OVER beside every number above its target. BENCH_INCIDENTS sets the size.

import { randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { queryRows } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import type { Actor, Grant, ServiceContext } from "../src/kernel";
import { getIncident, getIncidentStatistics, listIncidents, listReferrals } from "../src/modules/incidents";
import { sealText } from "../src/modules/incidents/incident-seal";
import {
  incidentPersonIdentityTable,
  incidentPersonTable,
  incidentTable,
  referralTable,
  serviceProviderTable,
} from "../src/modules/incidents/incidents.table";
import { newPersonCode } from "../src/modules/incidents/person-code";
import { organisationTable } from "../src/modules/organisations/organisations.table";
import { loadReferencePlaces } from "../src/modules/places/places.service";
import { todayInKigali } from "../src/shared/today";
import { openBenchTarget, percentile, seededRandom } from "./bench-kit";

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 10_000);
const REFERRALS = INCIDENTS * 2;
const ORGANISATIONS = 200;
const PROVIDERS = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const BATCH = 1000;
const started = performance.now();
const note = (message: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`);
const { pick, int, chance } = seededRandom(20261206);

async function insertBatched<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

const KINDS = ["human_rights_abuse", "hindrance_to_justice", "trafficking"] as const;
const SEXES = ["female", "male", "unknown"] as const;
const AGES = ["0-11", "12-15", "16-17", "18-24", "25-59", "60+", "unknown"] as const;
const SERVICES = ["legal_aid", "medical", "psychosocial", "shelter"] as const;

const userActor = (grants: Grant[], organisationIds: string[] = []): Actor => ({
  kind: "user",
  userId: randomUUID(),
  label: "bench user",
  grants,
  organisationIds,
});

async function main(): Promise<void> {
  const target = await openBenchTarget("ubuf_bench_incidents");
  const { handle } = target;
  try {
    await migrateDatabase(handle);
    await loadReferencePlaces(handle.db);
    const db = handle.db;
    const districts = await queryRows<{ id: string; name: string }>(
      db,
      sql`select id, name from place where kind = 'district' order by name`,
    );
    const organisations = Array.from({ length: ORGANISATIONS + PROVIDERS }, (_, i) => ({
      id: randomUUID(),
      name: `Case partner ${i + 1}`,
      nameKey: `case partner ${i + 1}`,
      kind: "local_cso",
      searchText: `case partner ${i + 1}`,
    }));
    await insertBatched(organisations, (batch) => db.insert(organisationTable).values(batch));
    const reporters = organisations.slice(0, ORGANISATIONS);
    const providers = organisations.slice(ORGANISATIONS).map((o) => ({
      id: randomUUID(),
      organisationId: o.id,
      services: [...SERVICES],
      nationwide: true,
    }));
    await db.insert(serviceProviderTable).values(providers);
    note(`inserting ${INCIDENTS} incidents`);
    const incidents = Array.from({ length: INCIDENTS }, () => {
      const id = randomUUID();
      const district = pick(districts);
      const year = 2024 + int(0, 2);
      return {
        id,
        kind: pick(KINDS),
        occurredOn: `${year}-${String(int(1, 12)).padStart(2, "0")}`,
        placeKind: "district",
        placeId: district.id,
        districtId: district.id,
        descriptionSealed: sealText("incident.description", id, "A detainee held past the legal limit."),
        reportingOrganisationId: pick(reporters).id,
        status: "open",
      };
    });
    await insertBatched(incidents, (batch) => db.insert(incidentTable).values(batch));
    const persons = incidents.flatMap((incident) =>
      Array.from({ length: int(1, 4) }, (_, n) => ({
        id: randomUUID(),
        incidentId: incident.id,
        code: newPersonCode(),
        position: n,
        role: n === 0 || chance(0.5) ? "victim" : "perpetrator",
        sex: pick(SEXES),
        ageGroup: pick(AGES),
      })),
    );
    note(`inserting ${persons.length} persons`);
    await insertBatched(persons, (batch) => db.insert(incidentPersonTable).values(batch));
    const victims = persons.filter((p) => p.role === "victim");
    await insertBatched(
      victims.map((p) => ({
        personId: p.id,
        nameSealed: sealText("incident_person_identity.name", p.id, `Person ${p.code}`),
      })),
      (batch) => db.insert(incidentPersonIdentityTable).values(batch),
    );
    const byId = new Map(incidents.map((i) => [i.id, i]));
    note(`inserting ${REFERRALS} referrals`);
    const referrals = Array.from({ length: REFERRALS }, () => {
      const person = pick(victims);
      const incident = byId.get(person.incidentId);
      const provider = pick(providers);
      if (!incident) throw new Error("no incident");
      return {
        id: randomUUID(),
        incidentId: incident.id,
        personId: person.id,
        fromOrganisationId: incident.reportingOrganisationId,
        providerId: provider.id,
        providerOrganisationId: provider.organisationId,
        districtId: incident.districtId,
        service: pick(SERVICES),
        status: pick(["pending", "accepted", "in_progress", "completed", "closed"]),
        consentBasis: "consent",
        referredOn: "2026-06-01",
        referredBy: "bench",
      };
    });
    await insertBatched(referrals, (batch) => db.insert(referralTable).values(batch));
    await db.execute(sql`analyze`);

    const today = todayInKigali();
    const as = (actor: Actor): ServiceContext => ({ db, actor, today });
    const reporter = reporters[0]?.id as string;
    const musanze = districts.find((d) => d.name === "Musanze")?.id as string;
    const orgCaseWorker = as(
      userActor([{ role: "case_worker", scopeType: "organisation", scopeId: reporter }], [reporter]),
    );
    const districtCaseWorker = as(
      userActor([{ role: "case_worker", scopeType: "district", scopeId: musanze }]),
    );
    const providerOrg = providers[0]?.organisationId as string;
    const providerCaseWorker = as(
      userActor([{ role: "case_worker", scopeType: "organisation", scopeId: providerOrg }], [providerOrg]),
    );
    const national = as(userActor([{ role: "coordinator", scopeType: "national", scopeId: null }]));
    const officer = as(userActor([{ role: "district_officer", scopeType: "district", scopeId: musanze }]));
    const oneIncident = incidents.find((i) => i.districtId === musanze)?.id as string;

    const time = async (label: string, target: number | null, fn: () => Promise<unknown>, runs = RUNS) => {
      await fn();
      const times: number[] = [];
      let kb = 0;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        kb = JSON.stringify(await fn()).length / 1024;
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return { label, target, p50: percentile(times, 50), p95: percentile(times, 95), n: runs, kb };
    };
    note("measuring");
    // Cold statistics: the cube is rebuilt after any change; a new person changes the generation.
    const coldStats = async () => {
      await db.execute(
        sql`update incident_person set updated_at = now() where id = ${persons[0]?.id as string}`,
      );
      return getIncidentStatistics(national, {});
    };
    const results = [
      await time("case worker (organisation), first page of 50, read audit on", 100, () =>
        listIncidents(orgCaseWorker, { limit: 50, offset: 0 }),
      ),
      await time("case worker (district, Musanze), first page of 50, audit on", 100, () =>
        listIncidents(districtCaseWorker, { limit: 50, offset: 0 }),
      ),
      await time("case worker (district), page 2 filtered by kind", 100, () =>
        listIncidents(districtCaseWorker, { kind: "trafficking", limit: 50, offset: 50 }),
      ),
      await time("one incident with persons, identity opened, audit on", 100, () =>
        getIncident(districtCaseWorker, oneIncident),
      ),
      await time("provider case worker, received referrals, first 50", 100, () =>
        listReferrals(providerCaseWorker, { direction: "received", limit: 50, offset: 0 }),
      ),
      await time("statistics national, cube cached", 150, () => getIncidentStatistics(national, {})),
      await time("statistics Musanze (district officer), cube cached", 150, () =>
        getIncidentStatistics(officer, {}),
      ),
      await time("statistics after a change (cube rebuilt)", 150, coldStats, 10),
    ];
    const [{ n: auditRows } = { n: 0 }] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_log where action = 'read'`,
    );
    console.log(`Confidential incidents on ${target.label}`);
    console.log(
      `machine: ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" / ")}`,
    );
    console.log(
      `${incidents.length} incidents, ${persons.length} persons (${victims.length} victims), ${referrals.length} referrals; ${auditRows} read audit rows written while measuring`,
    );
    const header = `${"measure (service + JSON)".padEnd(62)} ${"n".padStart(4)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"JSON kB".padStart(8)}  target`;
    console.log(header);
    console.log("-".repeat(header.length + 12));
    for (const r of results) {
      const verdict = r.target === null ? "info" : r.p95 < r.target ? "PASS" : "*** OVER ***";
      console.log(
        `${r.label.padEnd(62)} ${String(r.n).padStart(4)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.kb.toFixed(0).padStart(8)}  ${r.target === null ? "-" : `p95 < ${r.target}`} ${verdict}`,
      );
    }
    if (handle.kind !== "postgresql")
      console.log("The targets are set for PostgreSQL: run with BENCH_DATABASE_URL=postgres://…/postgres.");
  } finally {
    await target.dispose();
  }
}

await main();
