-- The before/after map of an audit row from two table rows as jsonb (either may be null): camelCase keys as the
-- services write them, unchanged fields and bookkeeping columns left out, secrets never copied, long values cut.
CREATE OR REPLACE FUNCTION audit_log_changes(before_row jsonb, after_row jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(
    lower(left(k.key, 1)) || substr(replace(initcap(replace(k.key, '_', ' ')), ' ', ''), 2),
    jsonb_build_object('before', audit_log_value(before_row -> k.key), 'after', audit_log_value(after_row -> k.key))
  ), '{}'::jsonb)
  FROM (SELECT jsonb_object_keys(coalesce(before_row, '{}'::jsonb) || coalesce(after_row, '{}'::jsonb)) AS key) k
  WHERE k.key NOT IN ('id', 'version', 'created_at', 'updated_at', 'search_text', 'name_key', 'password', 'token')
    AND audit_log_value(before_row -> k.key) IS DISTINCT FROM audit_log_value(after_row -> k.key)
$$;
