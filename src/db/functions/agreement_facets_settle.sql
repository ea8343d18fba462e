-- At commit, recomputes the facets of every agreement this transaction noted, in one statement.
-- Trigger: agreement_facets_settle, deferred, on agreement_facets_pending (migration 0012).
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
