-- Notes an organisation's agreements for a facet refresh when what the list shows of it changes (kind, name,
-- acronym, name key). Trigger: organisation_list_facets on organisation (migration 0015; the name is from 0012).
CREATE OR REPLACE FUNCTION organisation_kind_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM agreement_facets_mark(ARRAY(SELECT agreement_id FROM agreement_party WHERE organisation_id = NEW.id));
  RETURN NULL;
END;
$$;
