-- Search support kept by the database itself, whoever writes (the services, the importer, a bulk load):
-- agreement_search.party_search_text follows the parties and their organisations' names; agreement_search_word,
-- the vocabulary that misspelt query words are corrected against, follows every agreement's text. Words are
-- never removed from the vocabulary: a stale one only offers a correction that matches nothing.
CREATE OR REPLACE FUNCTION agreement_party_search_text(agreement uuid) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_agg(DISTINCT o.search_text, ' ' ORDER BY o.search_text), '')
  FROM agreement_party ap JOIN organisation o ON o.id = ap.organisation_id
  WHERE ap.agreement_id = agreement
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION agreement_party_search_refresh(agreement uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO agreement_search (agreement_id, party_search_text)
    SELECT a.id, agreement_party_search_text(a.id) FROM agreement a WHERE a.id = agreement
  ON CONFLICT (agreement_id) DO UPDATE SET party_search_text = excluded.party_search_text
    WHERE agreement_search.party_search_text IS DISTINCT FROM excluded.party_search_text
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION agreement_party_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM agreement_party_search_refresh(NEW.agreement_id);
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.agreement_id <> NEW.agreement_id) THEN
    PERFORM agreement_party_search_refresh(OLD.agreement_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER agreement_party_search AFTER INSERT OR UPDATE OR DELETE ON agreement_party
  FOR EACH ROW EXECUTE FUNCTION agreement_party_changed();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organisation_search_text_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE agreement_search s SET party_search_text = agreement_party_search_text(s.agreement_id)
    WHERE s.agreement_id IN (SELECT agreement_id FROM agreement_party WHERE organisation_id = NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER organisation_search_text AFTER UPDATE OF search_text ON organisation
  FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text)
  EXECUTE FUNCTION organisation_search_text_changed();
--> statement-breakpoint
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
--> statement-breakpoint
CREATE TRIGGER agreement_search_words AFTER INSERT OR UPDATE OF search_text, party_search_text ON agreement_search
  FOR EACH ROW EXECUTE FUNCTION agreement_search_words_add();
--> statement-breakpoint
SELECT agreement_party_search_refresh(id) FROM agreement;
--> statement-breakpoint
INSERT INTO agreement_search_word (word)
  SELECT DISTINCT w FROM agreement_search, unnest(string_to_array(search_text || ' ' || party_search_text, ' ')) AS w
  WHERE w <> ''
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- A number that moves whenever anything the agreements list filters on changes, read in a fraction of a
-- millisecond: the list caches its totals against it instead of counting on every page. Bumped when the
-- writing transaction commits (deferred), so a reader cannot take the new number with the old rows for long.
CREATE SEQUENCE agreement_list_change_seq;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION agreement_list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('agreement_list_change_seq');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON agreement
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION agreement_list_changed();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON agreement_party
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION agreement_list_changed();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON agreement_theme
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION agreement_list_changed();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON agreement_area
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION agreement_list_changed();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON progress_entry
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION agreement_list_changed();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON organisation
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION agreement_list_changed();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON place
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION agreement_list_changed();
