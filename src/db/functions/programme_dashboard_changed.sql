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
