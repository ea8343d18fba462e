CREATE TABLE "programme_dashboard_change_pending" (
	"xact" bigint PRIMARY KEY NOT NULL
);

--> statement-breakpoint
-- Hand-written: the dashboard across programmes is cached against a counter that moves at every commit changing what
-- it reads (issue 20: it read ~2,000 indicators, their targets, the reach and the timeline on every request). The
-- function sources are src/db/functions/.
CREATE SEQUENCE programme_dashboard_change_seq;

--> statement-breakpoint
-- Notes that this transaction changed something the dashboard across programmes reads: one row per transaction in
-- programme_dashboard_change_pending, whose deferred trigger (programme_dashboard_settle) moves
-- programme_dashboard_change_seq once, at commit. Trigger programme_dashboard_change, FOR EACH STATEMENT on programme,
-- programme_organisation, indicator, indicator_target, indicator_rollup, programme_event, event_participants,
-- programme_reach and place (migration 0049).
CREATE OR REPLACE FUNCTION programme_dashboard_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO programme_dashboard_change_pending (xact) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;

--> statement-breakpoint
-- At commit, moves programme_dashboard_change_seq, the counter the dashboard across programmes is cached against,
-- once for the transaction that noted a change (programme_dashboard_changed).
-- Trigger: programme_dashboard_settle, deferred, on programme_dashboard_change_pending (migration 0049).
CREATE OR REPLACE FUNCTION programme_dashboard_settle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM programme_dashboard_change_pending WHERE xact = NEW.xact;
  PERFORM nextval('programme_dashboard_change_seq');
  RETURN NULL;
END;
$$;

--> statement-breakpoint
CREATE CONSTRAINT TRIGGER programme_dashboard_settle AFTER INSERT ON programme_dashboard_change_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION programme_dashboard_settle();

--> statement-breakpoint
CREATE TRIGGER programme_dashboard_change AFTER INSERT OR UPDATE OR DELETE ON programme
  FOR EACH STATEMENT EXECUTE FUNCTION programme_dashboard_changed();

--> statement-breakpoint
CREATE TRIGGER programme_dashboard_change AFTER INSERT OR UPDATE OR DELETE ON programme_organisation
  FOR EACH STATEMENT EXECUTE FUNCTION programme_dashboard_changed();

--> statement-breakpoint
CREATE TRIGGER programme_dashboard_change AFTER INSERT OR UPDATE OR DELETE ON indicator
  FOR EACH STATEMENT EXECUTE FUNCTION programme_dashboard_changed();

--> statement-breakpoint
CREATE TRIGGER programme_dashboard_change AFTER INSERT OR UPDATE OR DELETE ON indicator_target
  FOR EACH STATEMENT EXECUTE FUNCTION programme_dashboard_changed();

--> statement-breakpoint
CREATE TRIGGER programme_dashboard_change AFTER INSERT OR UPDATE OR DELETE ON indicator_rollup
  FOR EACH STATEMENT EXECUTE FUNCTION programme_dashboard_changed();

--> statement-breakpoint
CREATE TRIGGER programme_dashboard_change AFTER INSERT OR UPDATE OR DELETE ON programme_event
  FOR EACH STATEMENT EXECUTE FUNCTION programme_dashboard_changed();

--> statement-breakpoint
CREATE TRIGGER programme_dashboard_change AFTER INSERT OR UPDATE OR DELETE ON event_participants
  FOR EACH STATEMENT EXECUTE FUNCTION programme_dashboard_changed();

--> statement-breakpoint
CREATE TRIGGER programme_dashboard_change AFTER INSERT OR UPDATE OR DELETE ON programme_reach
  FOR EACH STATEMENT EXECUTE FUNCTION programme_dashboard_changed();

--> statement-breakpoint
CREATE TRIGGER programme_dashboard_change AFTER INSERT OR UPDATE OR DELETE ON place
  FOR EACH STATEMENT EXECUTE FUNCTION programme_dashboard_changed();
