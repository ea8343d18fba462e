-- Notes the agreements of inserted rows (transition table new_rows) for a facet refresh at commit.
-- Triggers: agreement_facets_inserted, FOR EACH STATEMENT on agreement_theme, agreement_party, agreement_area,
-- progress_entry (migration 0012).
CREATE OR REPLACE FUNCTION agreement_facets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agreement_facets_mark(ARRAY(SELECT DISTINCT agreement_id FROM new_rows));
  RETURN NULL;
END;
$$;
