-- The parties' part of an agreement's search text: its organisations' own search texts, each once, sorted.
-- Used by organisation_search_text_changed (decision 003).
CREATE OR REPLACE FUNCTION agreement_party_search_text(agreement uuid) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_agg(DISTINCT o.search_text, ' ' ORDER BY o.search_text), '')
  FROM agreement_party ap JOIN organisation o ON o.id = ap.organisation_id
  WHERE ap.agreement_id = agreement
$$;
