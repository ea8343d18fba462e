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
