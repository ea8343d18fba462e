// Tables of the district meeting: the quarterly JRLOS coordination committee or JADF meeting of a district, its
// agenda (saved as generated, then edited), minutes and decisions, and the action items it sets.
import { sql } from "drizzle-orm";
import { check, date, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { versionColumns } from "../../kernel/versioned.table";
import { organisationTable } from "../organisations/organisations.table";
import { placeTable } from "../places/places.table";

export const districtMeetingTable = pgTable(
  "district_meeting",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    districtId: uuid("district_id")
      .notNull()
      .references(() => placeTable.id, { onDelete: "restrict" }),
    /** jrlos_secretariat (the JRLOS coordination committee) | jadf */
    bodyKind: text("body_kind").notNull(),
    /** "2026-Q1": the quarter the meeting reviews. */
    quarter: text("quarter").notNull(),
    meetingDate: date("meeting_date", { mode: "string" }),
    /** planned | held */
    status: text("status").notNull().default("planned"),
    /** AgendaItem[] in the order of the agenda. */
    agenda: jsonb("agenda").notNull().default(sql`'[]'::jsonb`),
    minutes: text("minutes").notNull().default(""),
    /** string[]: the decisions taken, in order. */
    decisions: jsonb("decisions").notNull().default(sql`'[]'::jsonb`),
    /**
     * The organisations the meeting concerns (owners of its action items, those named on its agenda): the
     * partner staff who may read it. Kept by the meeting services on every agenda and action-item write.
     */
    organisationIds: uuid("organisation_ids").array().notNull().default(sql`'{}'::uuid[]`),
    ...versionColumns(),
  },
  (t) => [
    // One meeting per district, body and quarter: "the last meeting" is then the one of the quarter before.
    uniqueIndex("district_meeting_quarter_idx").on(t.districtId, t.bodyKind, t.quarter),
    check("district_meeting_status", sql`${t.status} in ('planned', 'held')`),
    check("district_meeting_body_kind", sql`${t.bodyKind} in ('jrlos_secretariat', 'jadf')`),
  ],
);

export const meetingActionItemTable = pgTable(
  "meeting_action_item",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => districtMeetingTable.id, { onDelete: "cascade" }),
    ownerOrganisationId: uuid("owner_organisation_id")
      .notNull()
      .references(() => organisationTable.id, { onDelete: "restrict" }),
    text: text("text").notNull(),
    dueDate: date("due_date", { mode: "string" }),
    /** open | done | dropped */
    status: text("status").notNull().default("open"),
    ...versionColumns(),
  },
  (t) => [
    index("meeting_action_item_meeting_idx").on(t.meetingId),
    index("meeting_action_item_owner_idx").on(t.ownerOrganisationId),
    check("meeting_action_item_status", sql`${t.status} in ('open', 'done', 'dropped')`),
  ],
);
