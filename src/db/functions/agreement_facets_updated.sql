-- Notes the agreements of updated rows, before and after (old_rows, new_rows), for a facet refresh at commit.
-- Triggers: agreement_facets_updated, FOR EACH STATEMENT on agreement_theme, agreement_party, agreement_area,
-- progress_entry (migration 0012).
CREATE OR REPLACE FUNCTION agreement_facets_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agreement_facets_mark(ARRAY(
    SELECT agreement_id FROM old_rows UNION SELECT agreement_id FROM new_rows));
  RETURN NULL;
END;
$$;
