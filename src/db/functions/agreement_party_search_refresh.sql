-- Writes one agreement's agreement_search.party_search_text (creating the search row if need be), only when it changed.
CREATE OR REPLACE FUNCTION agreement_party_search_refresh(agreement uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO agreement_search (agreement_id, party_search_text)
    SELECT a.id, agreement_party_search_text(a.id) FROM agreement a WHERE a.id = agreement
  ON CONFLICT (agreement_id) DO UPDATE SET party_search_text = excluded.party_search_text
    WHERE agreement_search.party_search_text IS DISTINCT FROM excluded.party_search_text
$$;
