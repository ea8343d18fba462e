-- Keeps agreement_search.party_search_text when an agreement's parties change (old and new agreement on an update).
-- Trigger: agreement_party_search, FOR EACH ROW on agreement_party (migration 0008).
CREATE OR REPLACE FUNCTION agreement_party_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM agreement_party_search_refresh(NEW.agreement_id);
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.agreement_id <> NEW.agreement_id) THEN
    PERFORM agreement_party_search_refresh(OLD.agreement_id);
  END IF;
  RETURN NULL;
END;
$$;
