-- Adds agreements' search words to agreement_search_word, the vocabulary misspelt query words are corrected
-- against, once per statement: the words of every inserted row, and of every updated row whose search or party
-- text changed (transition tables new_rows and old_rows). Words are never removed: a stale one only offers a
-- correction that matches nothing (decision 003).
-- Triggers: agreement_search_words_inserted, _updated, FOR EACH STATEMENT on agreement_search (migration 0046).
CREATE OR REPLACE FUNCTION agreement_search_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- Sorted, so that concurrent writers take the words' locks in the same order.
    INSERT INTO agreement_search_word (word)
      SELECT DISTINCT w FROM new_rows n, unnest(string_to_array(n.search_text || ' ' || n.party_search_text, ' ')) AS w
      WHERE w <> '' ORDER BY w
      ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO agreement_search_word (word)
      SELECT DISTINCT w FROM new_rows n JOIN old_rows o ON o.agreement_id = n.agreement_id,
        unnest(string_to_array(n.search_text || ' ' || n.party_search_text, ' ')) AS w
      WHERE w <> ''
        AND (n.search_text IS DISTINCT FROM o.search_text OR n.party_search_text IS DISTINCT FROM o.party_search_text)
      ORDER BY w
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;
