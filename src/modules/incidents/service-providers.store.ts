// Queries of the service-provider directory, with the organisation's name and the districts' names joined.
import { and, arrayContains, asc, count, eq, inArray, or, type SQL } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { atVersion, nextVersion } from "../../kernel";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";
import type { Service, ServiceProvider } from "./incidents.schema";
import { referralTable, serviceProviderTable } from "./incidents.table";

export type ServiceProviderFilter = {
  ids?: readonly string[];
  organisationIds?: readonly string[];
  service?: Service;
  /** Providers serving this district: those that list it, and every nationwide one. */
  districtId?: string;
  forUpdate?: boolean;
};

/** What a provider row holds, before the district names are joined. */
export type ServiceProviderFields = {
  organisationId: string;
  services: Service[];
  nationwide: boolean;
  districtIds: string[];
  contactEmail: string | null;
  contactPhone: string | null;
  capacity: string | null;
  acceptingReferrals: boolean;
};

const selection = {
  id: serviceProviderTable.id,
  organisationId: serviceProviderTable.organisationId,
  organisationName: organisationTable.name,
  services: serviceProviderTable.services,
  nationwide: serviceProviderTable.nationwide,
  districtIds: serviceProviderTable.districtIds,
  contactEmail: serviceProviderTable.contactEmail,
  contactPhone: serviceProviderTable.contactPhone,
  capacity: serviceProviderTable.capacity,
  acceptingReferrals: serviceProviderTable.acceptingReferrals,
  version: serviceProviderTable.version,
};

export async function selectServiceProviders(
  db: Executor,
  by: ServiceProviderFilter = {},
): Promise<ServiceProvider[]> {
  if ((by.ids && by.ids.length === 0) || (by.organisationIds && by.organisationIds.length === 0)) return [];
  const conditions: (SQL | undefined)[] = [];
  if (by.ids) conditions.push(inArray(serviceProviderTable.id, [...by.ids]));
  if (by.organisationIds)
    conditions.push(inArray(serviceProviderTable.organisationId, [...by.organisationIds]));
  // `services @> {service}`: the GIN index on services answers it.
  if (by.service) conditions.push(arrayContains(serviceProviderTable.services, [by.service]));
  if (by.districtId)
    conditions.push(
      or(
        eq(serviceProviderTable.nationwide, true),
        arrayContains(serviceProviderTable.districtIds, [by.districtId]),
      ),
    );
  const query = db
    .select(selection)
    .from(serviceProviderTable)
    .innerJoin(organisationTable, eq(organisationTable.id, serviceProviderTable.organisationId))
    .where(and(...conditions))
    .orderBy(asc(organisationTable.name), asc(serviceProviderTable.id));
  const rows = by.forUpdate ? await query.for("update", { of: serviceProviderTable }) : await query;
  const names = await selectDistrictNames(db, [...new Set(rows.flatMap((r) => r.districtIds))]);
  return rows.map(({ districtIds, ...row }) => ({
    ...row,
    services: row.services as Service[],
    districts: districtIds
      .map((id) => ({ id, name: names.get(id) ?? "" }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

export async function selectServiceProvider(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ServiceProvider | null> {
  const [row] = await selectServiceProviders(db, { ids: [id], ...options });
  return row ?? null;
}

/** Names of these places when they are districts; ids of anything else are left out. */
export async function selectDistrictNames(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: placeTable.id, name: placeTable.name })
    .from(placeTable)
    .where(and(inArray(placeTable.id, [...ids]), eq(placeTable.kind, "district")));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The organisation's name, or null when no organisation has this id. */
export async function selectOrganisationName(db: Executor, id: string): Promise<string | null> {
  const [row] = await db
    .select({ name: organisationTable.name })
    .from(organisationTable)
    .where(eq(organisationTable.id, id));
  return row?.name ?? null;
}

export async function insertServiceProvider(db: Executor, fields: ServiceProviderFields): Promise<string> {
  const [row] = await db
    .insert(serviceProviderTable)
    .values(fields)
    .returning({ id: serviceProviderTable.id });
  if (!row) throw new Error("insert into service_provider returned no row");
  return row.id;
}

/** Writes the fields at the version the client read; false when someone changed the row in between. */
export async function updateServiceProviderRow(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: Omit<ServiceProviderFields, "organisationId">,
): Promise<boolean> {
  const rows = await db
    .update(serviceProviderTable)
    .set({ ...fields, ...nextVersion(serviceProviderTable) })
    .where(atVersion(serviceProviderTable, id, expectedVersion))
    .returning({ id: serviceProviderTable.id });
  return rows.length === 1;
}

export async function deleteServiceProviderRow(
  db: Executor,
  id: string,
  expectedVersion: number,
): Promise<boolean> {
  const rows = await db
    .delete(serviceProviderTable)
    .where(atVersion(serviceProviderTable, id, expectedVersion))
    .returning({ id: serviceProviderTable.id });
  return rows.length === 1;
}

/** How many referrals were made to this provider (they keep it: the foreign key restricts). */
export async function countReferralsToProvider(db: Executor, providerId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(referralTable)
    .where(eq(referralTable.providerId, providerId));
  return row?.n ?? 0;
}
