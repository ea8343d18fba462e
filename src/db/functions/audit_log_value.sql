-- One value as an audit row keeps it: JSON null for nothing, a note instead of anything over 2,000 characters
-- (a district's boundary shape would otherwise fill the log).
CREATE OR REPLACE FUNCTION audit_log_value(value jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN value IS NULL THEN 'null'::jsonb
    WHEN length(value::text) > 2000 THEN jsonb_build_object('omitted', 'too long for the audit log', 'characters', length(value::text))
    ELSE value
  END
$$;
