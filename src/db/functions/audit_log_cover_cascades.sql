-- Puts the trigger audit_log_cascade on every table of the public schema that a foreign key ON DELETE CASCADE
-- empties, except derived data, secrets (sessions, accounts), tables audited whole (role grants) and children whose
-- service audits their cascade itself. A migration
-- that adds such a foreign key calls it again; the audit tests fail until it does. Returns the number of tables.
CREATE OR REPLACE FUNCTION audit_log_cover_cascades() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  child record;
  covered integer := 0;
BEGIN
  FOR child IN
    SELECT rel.oid::regclass AS child_table, rel.relname AS child_name,
      string_agg(format('%L, %L, %L, %L', parent.relname, parent_column.attname,
        format_type(parent_column.atttypid, parent_column.atttypmod), child_column.attname), ', '
        ORDER BY c.conname) AS parents
    FROM pg_constraint c
    JOIN pg_class rel ON rel.oid = c.conrelid
    JOIN pg_class parent ON parent.oid = c.confrelid
    JOIN pg_attribute child_column ON child_column.attrelid = c.conrelid AND child_column.attnum = c.conkey[1]
    JOIN pg_attribute parent_column ON parent_column.attrelid = c.confrelid AND parent_column.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND c.confdeltype = 'c' AND cardinality(c.conkey) = 1
      AND rel.relnamespace = 'public'::regnamespace
      AND rel.relname NOT IN ('agreement_search', 'indicator_rollup', 'session', 'account', 'role_grant', 'user_organisation',
        -- Their services already write one row per child a cascade removes (deleteAgreement, deleteOrganisation).
        'commitment', 'progress_entry', 'membership')
    GROUP BY rel.oid, rel.relname
  LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS audit_log_cascade ON %s', child.child_table);
    EXECUTE format('CREATE TRIGGER audit_log_cascade AFTER DELETE ON %s FOR EACH ROW EXECUTE FUNCTION audit_log_cascaded_delete(%L, %s)',
      child.child_table, child.child_name, child.parents);
    covered := covered + 1;
  END LOOP;
  RETURN covered;
END;
$$;
