-- Moves agreement_list_change_seq, the counter the agreements list caches its totals and place facts against.
-- Deferred constraint triggers agreement_list_change on agreement, agreement_party, agreement_theme, agreement_area,
-- progress_entry, organisation, place (migration 0008) and agreement_search (0016): it moves at commit.
CREATE OR REPLACE FUNCTION agreement_list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('agreement_list_change_seq');
  RETURN NULL;
END;
$$;
