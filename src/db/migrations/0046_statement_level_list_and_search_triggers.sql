CREATE TABLE "agreement_list_change_pending" (
	"xact" bigint PRIMARY KEY NOT NULL
);

--> statement-breakpoint
-- Hand-written: the agreements list's change counter, the parties' search text and the search vocabulary are kept
-- per statement, not per row (issue 20: a 2,000-row import queued ~36,000 deferred counter moves for its commit and
-- refreshed an agreement's party text once per party). The function sources are src/db/functions/.
--> statement-breakpoint
-- Notes that this transaction changed something the agreements list filters on: one row per transaction in
-- agreement_list_change_pending, whose deferred trigger (agreement_list_settle) moves agreement_list_change_seq once,
-- at commit. Triggers agreement_list_change, FOR EACH STATEMENT on agreement, agreement_party, agreement_theme,
-- agreement_area, progress_entry, organisation, place and agreement_search (migration 0046; a deferred trigger per
-- row until then: a 2,000-row import queued ~36,000 of them for its commit).
CREATE OR REPLACE FUNCTION agreement_list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO agreement_list_change_pending (xact) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- At commit, moves agreement_list_change_seq, the counter the agreements list caches its totals and place facts
-- against, once for the transaction that noted a change (agreement_list_changed).
-- Trigger: agreement_list_settle, deferred, on agreement_list_change_pending (migration 0046).
CREATE OR REPLACE FUNCTION agreement_list_settle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM agreement_list_change_pending WHERE xact = NEW.xact;
  PERFORM nextval('agreement_list_change_seq');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
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
--> statement-breakpoint
-- Keeps agreement_search.party_search_text when agreements' parties change: every agreement a statement's rows
-- belonged to before or after it, refreshed in one statement (transition tables new_rows and old_rows).
-- Triggers: agreement_party_search_inserted, _updated, _deleted, FOR EACH STATEMENT on agreement_party
-- (migration 0046; once per row until then).
CREATE OR REPLACE FUNCTION agreement_party_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM agreement_party_searches_refresh(ARRAY(SELECT DISTINCT agreement_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM agreement_party_searches_refresh(ARRAY(SELECT DISTINCT agreement_id FROM old_rows));
  ELSE
    PERFORM agreement_party_searches_refresh(
      ARRAY(SELECT agreement_id FROM new_rows UNION SELECT agreement_id FROM old_rows));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
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
--> statement-breakpoint
DROP TRIGGER agreement_party_search ON agreement_party;
--> statement-breakpoint
DROP FUNCTION agreement_party_search_refresh(uuid);
--> statement-breakpoint
CREATE TRIGGER agreement_party_search_inserted AFTER INSERT ON agreement_party
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_party_changed();
--> statement-breakpoint
CREATE TRIGGER agreement_party_search_updated AFTER UPDATE ON agreement_party
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_party_changed();
--> statement-breakpoint
CREATE TRIGGER agreement_party_search_deleted AFTER DELETE ON agreement_party
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_party_changed();
--> statement-breakpoint
DROP TRIGGER agreement_search_words ON agreement_search;
--> statement-breakpoint
CREATE TRIGGER agreement_search_words_inserted AFTER INSERT ON agreement_search
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_search_words_add();
--> statement-breakpoint
CREATE TRIGGER agreement_search_words_updated AFTER UPDATE ON agreement_search
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agreement_search_words_add();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER agreement_list_settle AFTER INSERT ON agreement_list_change_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION agreement_list_settle();
--> statement-breakpoint
DROP TRIGGER agreement_list_change ON agreement;
--> statement-breakpoint
CREATE TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON agreement
  FOR EACH STATEMENT EXECUTE FUNCTION agreement_list_changed();
--> statement-breakpoint
DROP TRIGGER agreement_list_change ON agreement_party;
--> statement-breakpoint
CREATE TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON agreement_party
  FOR EACH STATEMENT EXECUTE FUNCTION agreement_list_changed();
--> statement-breakpoint
DROP TRIGGER agreement_list_change ON agreement_theme;
--> statement-breakpoint
CREATE TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON agreement_theme
  FOR EACH STATEMENT EXECUTE FUNCTION agreement_list_changed();
--> statement-breakpoint
DROP TRIGGER agreement_list_change ON agreement_area;
--> statement-breakpoint
CREATE TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON agreement_area
  FOR EACH STATEMENT EXECUTE FUNCTION agreement_list_changed();
--> statement-breakpoint
DROP TRIGGER agreement_list_change ON progress_entry;
--> statement-breakpoint
CREATE TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON progress_entry
  FOR EACH STATEMENT EXECUTE FUNCTION agreement_list_changed();
--> statement-breakpoint
DROP TRIGGER agreement_list_change ON organisation;
--> statement-breakpoint
CREATE TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON organisation
  FOR EACH STATEMENT EXECUTE FUNCTION agreement_list_changed();
--> statement-breakpoint
DROP TRIGGER agreement_list_change ON place;
--> statement-breakpoint
CREATE TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON place
  FOR EACH STATEMENT EXECUTE FUNCTION agreement_list_changed();
--> statement-breakpoint
DROP TRIGGER agreement_list_change ON agreement_search;
--> statement-breakpoint
CREATE TRIGGER agreement_list_change AFTER INSERT OR UPDATE OR DELETE ON agreement_search
  FOR EACH STATEMENT EXECUTE FUNCTION agreement_list_changed();
