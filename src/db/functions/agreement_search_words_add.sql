-- Adds an agreement's search words to agreement_search_word, the vocabulary misspelt query words are corrected
-- against. Words are never removed: a stale one only offers a correction that matches nothing (decision 003).
-- Trigger: agreement_search_words, on agreement_search (migration 0008).
CREATE OR REPLACE FUNCTION agreement_search_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Sorted, so that concurrent writers take the words' locks in the same order.
  INSERT INTO agreement_search_word (word)
    SELECT DISTINCT w FROM unnest(string_to_array(NEW.search_text || ' ' || NEW.party_search_text, ' ')) AS w
    WHERE w <> '' ORDER BY w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
