-- Rewrites the party search text of every agreement an organisation is party to, when its search text changes.
-- Trigger: organisation_search_text, AFTER UPDATE OF search_text ON organisation (migration 0008).
CREATE OR REPLACE FUNCTION organisation_search_text_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE agreement_search s SET party_search_text = agreement_party_search_text(s.agreement_id)
    WHERE s.agreement_id IN (SELECT agreement_id FROM agreement_party WHERE organisation_id = NEW.id);
  RETURN NULL;
END;
$$;
