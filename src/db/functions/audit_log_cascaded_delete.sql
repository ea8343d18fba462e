-- Audits a row that ON DELETE CASCADE removed: after a delete, a row whose parent is gone went with its parent
-- (a row a service removed directly still has its parent, and the service audited it). Arguments: the entity type,
-- then per cascading foreign key: parent table, parent column, its type, child column.
-- Triggers: audit_log_cascade on each table audit_log_cover_cascades() finds.
CREATE OR REPLACE FUNCTION audit_log_cascaded_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb := to_jsonb(OLD);
  i integer := 1;
  parent_gone boolean := false;
  key_value text;
BEGIN
  WHILE i + 3 < TG_NARGS AND NOT parent_gone LOOP
    key_value := old_row ->> TG_ARGV[i + 3];
    IF key_value IS NOT NULL THEN
      EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %I WHERE %I = $1::%s)', TG_ARGV[i], TG_ARGV[i + 1], TG_ARGV[i + 2])
        INTO parent_gone USING key_value;
    END IF;
    i := i + 4;
  END LOOP;
  IF parent_gone THEN
    PERFORM audit_log_append('delete', TG_ARGV[0],
      coalesce(old_row ->> 'id', (SELECT string_agg(old_row ->> TG_ARGV[j + 3], ':' ORDER BY j) FROM generate_series(1, TG_NARGS - 4, 4) j)),
      coalesce(old_row ->> 'name', old_row ->> 'title', old_row ->> 'label', old_row ->> 'text', old_row ->> 'code'),
      audit_log_changes(old_row, NULL));
  END IF;
  RETURN NULL;
END;
$$;
