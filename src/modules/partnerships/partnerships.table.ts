// Tables of partnerships: a coalition, platform, consortium or network, its members with their roles, and the
// agreements and programmes that belong to it.
import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { versionColumns } from "../../kernel/versioned.table";
import { agreementTable } from "../agreements/agreements.table";
import { organisationTable } from "../organisations/organisations.table";
import { programmeTable } from "../programmes/programmes.table";

export const partnershipTable = pgTable(
  "partnership",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    acronym: text("acronym"),
    /** coalition | platform | consortium | network */
    kind: text("kind").notNull(),
    description: text("description").notNull().default(""),
    /** string[]: the objectives, in order. */
    objectives: jsonb("objectives").notNull().default(sql`'[]'::jsonb`),
    /** Start and end as written ("2019", "early 2022"), read by partialDateRange; null when unknown (decision 026). */
    startsOn: text("starts_on"),
    endsOn: text("ends_on"),
    ...versionColumns(),
  },
  (t) => [
    uniqueIndex("partnership_name_idx").on(sql`lower(${t.name})`),
    check("partnership_kind", sql`${t.kind} in ('coalition', 'platform', 'consortium', 'network')`),
  ],
);

export const partnershipMemberTable = pgTable(
  "partnership_member",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnershipTable.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    /** lead | member | donor | observer | secretariat */
    role: text("role").notNull(),
    ...versionColumns(),
  },
  (t) => [
    uniqueIndex("partnership_member_organisation_idx").on(t.partnershipId, t.organisationId),
    index("partnership_member_by_organisation_idx").on(t.organisationId),
    check(
      "partnership_member_role",
      sql`${t.role} in ('lead', 'member', 'donor', 'observer', 'secretariat')`,
    ),
  ],
);

export const partnershipAgreementTable = pgTable(
  "partnership_agreement",
  {
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnershipTable.id, { onDelete: "cascade" }),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreementTable.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.partnershipId, t.agreementId] }),
    index("partnership_agreement_agreement_idx").on(t.agreementId),
  ],
);

export const partnershipProgrammeTable = pgTable(
  "partnership_programme",
  {
    partnershipId: uuid("partnership_id")
      .notNull()
      .references(() => partnershipTable.id, { onDelete: "cascade" }),
    programmeId: uuid("programme_id")
      .notNull()
      .references(() => programmeTable.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.partnershipId, t.programmeId] }),
    index("partnership_programme_programme_idx").on(t.programmeId),
  ],
);
