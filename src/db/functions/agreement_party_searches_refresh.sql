-- Writes the agreements' agreement_search.party_search_text (creating a search row if need be), only where it
-- changed, in one statement: the text agreement_party_search_text gives, for many agreements at once.
CREATE OR REPLACE FUNCTION agreement_party_searches_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO agreement_search (agreement_id, party_search_text)
    SELECT a.id, coalesce(string_agg(DISTINCT o.search_text, ' ' ORDER BY o.search_text), '')
    FROM agreement a
    LEFT JOIN agreement_party ap ON ap.agreement_id = a.id
    LEFT JOIN organisation o ON o.id = ap.organisation_id
    WHERE a.id = ANY (ids)
    GROUP BY a.id
    -- Sorted, so that concurrent writers take the rows' locks in the same order.
    ORDER BY a.id
  ON CONFLICT (agreement_id) DO UPDATE SET party_search_text = excluded.party_search_text
    WHERE agreement_search.party_search_text IS DISTINCT FROM excluded.party_search_text
$$;
