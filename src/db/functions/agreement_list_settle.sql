-- At commit, moves agreement_list_change_seq, the counter the agreements list caches its totals and place facts
-- against, once for the transaction that noted a change (agreement_list_changed).
-- Trigger: agreement_list_settle, deferred, on agreement_list_change_pending (migration 0046).
CREATE OR REPLACE FUNCTION agreement_list_settle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM agreement_list_change_pending WHERE xact = NEW.xact;
  PERFORM nextval('agreement_list_change_seq');
  RETURN NULL;
END;
$$;
