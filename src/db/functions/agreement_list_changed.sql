-- Notes that this transaction changed something the agreements list filters on: one row per transaction in
-- agreement_list_change_pending, whose deferred trigger (agreement_list_settle) moves agreement_list_change_seq once,
-- at commit. Triggers agreement_list_change, FOR EACH STATEMENT on agreement, agreement_party, agreement_theme,
-- agreement_area, progress_entry, organisation, place and agreement_search (migration 0046; a deferred trigger per
-- row until then: a 2,000-row import queued ~36,000 of them for its commit).
CREATE OR REPLACE FUNCTION agreement_list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO agreement_list_change_pending (xact) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
