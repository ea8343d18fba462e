-- Notes the agreements of deleted rows (transition table old_rows) for a facet refresh at commit.
-- Triggers: agreement_facets_deleted, FOR EACH STATEMENT on agreement_theme, agreement_party, agreement_area,
-- progress_entry (migration 0012).
CREATE OR REPLACE FUNCTION agreement_facets_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agreement_facets_mark(ARRAY(SELECT DISTINCT agreement_id FROM old_rows));
  RETURN NULL;
END;
$$;
