ALTER TABLE "agreement_area" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agreement_party" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agreement_status_change" ADD COLUMN "recorded_seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "agreement_status_change_recorded_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "progress_entry" ADD COLUMN "recorded_seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "progress_entry_recorded_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "membership" ADD COLUMN "recorded_seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "membership_recorded_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
-- Edited by hand: existing parties and areas keep the order the status report printed them in until now, their
-- physical order (ctid), which held for rows written together; from now on the writes give the position.
-- (recorded_seq above numbers existing progress entries, status changes and memberships in the same physical
-- order: it only breaks ties between rows recorded at the same transaction time.)
UPDATE "agreement_party" p SET "position" = o."n"
  FROM (SELECT "agreement_id", "organisation_id", "role",
          (row_number() OVER (PARTITION BY "agreement_id" ORDER BY ctid) - 1)::integer AS "n"
        FROM "agreement_party") o
  WHERE p."agreement_id" = o."agreement_id" AND p."organisation_id" = o."organisation_id" AND p."role" = o."role";--> statement-breakpoint
UPDATE "agreement_area" a SET "position" = o."n"
  FROM (SELECT "id", (row_number() OVER (PARTITION BY "agreement_id" ORDER BY ctid) - 1)::integer AS "n"
        FROM "agreement_area") o
  WHERE a."id" = o."id";
