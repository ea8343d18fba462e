-- Keeps agreement_search.party_search_text when agreements' parties change: every agreement a statement's rows
-- belonged to before or after it, refreshed in one statement (transition tables new_rows and old_rows).
-- Triggers: agreement_party_search_inserted, _updated, _deleted, FOR EACH STATEMENT on agreement_party
-- (migration 0046; once per row until then).
CREATE OR REPLACE FUNCTION agreement_party_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM agreement_party_searches_refresh(ARRAY(SELECT DISTINCT agreement_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM agreement_party_searches_refresh(ARRAY(SELECT DISTINCT agreement_id FROM old_rows));
  ELSE
    PERFORM agreement_party_searches_refresh(
      ARRAY(SELECT agreement_id FROM new_rows UNION SELECT agreement_id FROM old_rows));
  END IF;
  RETURN NULL;
END;
$$;
