CREATE TABLE "agreement_facets_pending" (
	"agreement_id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "theme_codes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "party_kinds" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "party_organisation_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "area_keys" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "next_planned_due" date;--> statement-breakpoint
CREATE INDEX "agreement_theme_codes_idx" ON "agreement" USING gin ("theme_codes");--> statement-breakpoint
CREATE INDEX "agreement_party_kinds_idx" ON "agreement" USING gin ("party_kinds");--> statement-breakpoint
CREATE INDEX "agreement_party_organisations_idx" ON "agreement" USING gin ("party_organisation_ids");--> statement-breakpoint
CREATE INDEX "agreement_area_keys_idx" ON "agreement" USING gin ("area_keys");--> statement-breakpoint
CREATE INDEX "agreement_next_planned_due_idx" ON "agreement" USING btree ("next_planned_due");
--> statement-breakpoint
-- Hand-written: the list facets above are kept by the database, whoever writes. Statement-level triggers
-- with transition tables note the touched agreements in agreement_facets_pending (once each per transaction);
-- a deferred trigger recomputes each noted agreement's facets when the transaction commits, so a bulk import
-- rewrites every agreement row once, not once per table it writes.
CREATE OR REPLACE FUNCTION agreement_facets_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE agreement a SET
    theme_codes = f.theme_codes,
    party_kinds = f.party_kinds,
    party_organisation_ids = f.party_organisation_ids,
    area_keys = f.area_keys,
    next_planned_due = f.next_planned_due
  FROM (
    SELECT i.id,
      coalesce((SELECT array_agg(DISTINCT t.theme_code ORDER BY t.theme_code)
        FROM agreement_theme t WHERE t.agreement_id = i.id), '{}'::text[]) AS theme_codes,
      coalesce((SELECT array_agg(DISTINCT o.kind ORDER BY o.kind)
        FROM agreement_party p JOIN organisation o ON o.id = p.organisation_id
        WHERE p.agreement_id = i.id), '{}'::text[]) AS party_kinds,
      coalesce((SELECT array_agg(DISTINCT p.organisation_id ORDER BY p.organisation_id)
        FROM agreement_party p WHERE p.agreement_id = i.id), '{}'::uuid[]) AS party_organisation_ids,
      coalesce((SELECT array_agg(DISTINCT coalesce(ar.place_id::text, 'set:' || ar.place_set)
          ORDER BY coalesce(ar.place_id::text, 'set:' || ar.place_set))
        FROM agreement_area ar WHERE ar.agreement_id = i.id), '{}'::text[]) AS area_keys,
      (SELECT min(pe.due_on) FROM progress_entry pe
        WHERE pe.agreement_id = i.id AND pe.kind = 'planned' AND NOT pe.done) AS next_planned_due
    FROM (SELECT DISTINCT unnest(ids) AS id) i
  ) f
  WHERE a.id = f.id
    AND (a.theme_codes, a.party_kinds, a.party_organisation_ids, a.area_keys, a.next_planned_due)
      IS DISTINCT FROM (f.theme_codes, f.party_kinds, f.party_organisation_ids, f.area_keys, f.next_planned_due)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION agreement_facets_mark(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  -- Sorted, so that concurrent writers take the rows' locks in the same order.
  INSERT INTO agreement_facets_pending (agreement_id)
    SELECT DISTINCT id FROM unnest(ids) AS id WHERE id IS NOT NULL ORDER BY id
  ON CONFLICT DO NOTHING
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION agreement_facets_settle() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  -- The first noted agreement to settle settles every one this transaction noted, in one statement; the
  -- others then find nothing left to do. (Other transactions' notes are invisible until they commit, and
  -- they settle their own before that.)
  WITH settled AS (DELETE FROM agreement_facets_pending RETURNING agreement_id)
    SELECT array_agg(agreement_id) INTO ids FROM settled;
  IF ids IS NOT NULL THEN
    PERFORM agreement_facets_refresh(ids);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER agreement_facets_settle AFTER INSERT ON agreement_facets_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION agreement_facets_settle();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION agreement_facets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agreement_facets_mark(ARRAY(SELECT DISTINCT agreement_id FROM new_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION agreement_facets_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agreement_facets_mark(ARRAY(SELECT DISTINCT agreement_id FROM old_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION agreement_facets_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agreement_facets_mark(ARRAY(
    SELECT agreement_id FROM old_rows UNION SELECT agreement_id FROM new_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER agreement_facets_inserted AFTER INSERT ON agreement_theme
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_facets_inserted();
--> statement-breakpoint
CREATE TRIGGER agreement_facets_deleted AFTER DELETE ON agreement_theme
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_facets_deleted();
--> statement-breakpoint
CREATE TRIGGER agreement_facets_updated AFTER UPDATE ON agreement_theme
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_facets_updated();
--> statement-breakpoint
CREATE TRIGGER agreement_facets_inserted AFTER INSERT ON agreement_party
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_facets_inserted();
--> statement-breakpoint
CREATE TRIGGER agreement_facets_deleted AFTER DELETE ON agreement_party
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_facets_deleted();
--> statement-breakpoint
CREATE TRIGGER agreement_facets_updated AFTER UPDATE ON agreement_party
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_facets_updated();
--> statement-breakpoint
CREATE TRIGGER agreement_facets_inserted AFTER INSERT ON agreement_area
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_facets_inserted();
--> statement-breakpoint
CREATE TRIGGER agreement_facets_deleted AFTER DELETE ON agreement_area
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_facets_deleted();
--> statement-breakpoint
CREATE TRIGGER agreement_facets_updated AFTER UPDATE ON agreement_area
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_facets_updated();
--> statement-breakpoint
CREATE TRIGGER agreement_facets_inserted AFTER INSERT ON progress_entry
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_facets_inserted();
--> statement-breakpoint
CREATE TRIGGER agreement_facets_deleted AFTER DELETE ON progress_entry
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_facets_deleted();
--> statement-breakpoint
CREATE TRIGGER agreement_facets_updated AFTER UPDATE ON progress_entry
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_facets_updated();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organisation_kind_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agreement_facets_mark(ARRAY(SELECT agreement_id FROM agreement_party WHERE organisation_id = NEW.id));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER organisation_kind_facets AFTER UPDATE OF kind ON organisation
  FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind) EXECUTE FUNCTION organisation_kind_changed();
--> statement-breakpoint
SELECT agreement_facets_refresh(ARRAY(SELECT id FROM agreement));
