-- Chains every new audit row to the one before it, whoever inserts it. A transaction-scoped advisory lock
-- serialises appends until commit, so two writers never read the same head; chain_seq is unique (decision 010).
-- Trigger: audit_log_chain (BEFORE INSERT ON audit_log).
-- The head is read through audit_log_chain_seq_idx whatever the statistics say: the session caches this query's plan,
-- and one made while the log was small (PGlite never analyses; a fresh table has no statistics) is a sequential scan
-- and sort, which made every append cost the whole log — a 2,000-row import wrote 24,000 rows in over 60 s.
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  head record;
BEGIN
  PERFORM pg_advisory_xact_lock(482119302);
  SELECT chain_seq, hash INTO head FROM audit_log ORDER BY chain_seq DESC LIMIT 1;
  NEW.chain_seq := coalesce(head.chain_seq, 0) + 1;
  NEW.previous_hash := coalesce(head.hash, '');
  NEW.hash := audit_log_row_hash(NEW.previous_hash, NEW);
  RETURN NEW;
END;
$$;
