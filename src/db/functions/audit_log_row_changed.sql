-- Audits every insert, update and delete of a table that no service may change unseen (role grants and their
-- organisations): arguments are the entity type and the column naming the entity (the user).
-- Triggers: audit_log_role_grant, audit_log_user_organisation.
CREATE OR REPLACE FUNCTION audit_log_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before_row jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
  after_row jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END;
  changes jsonb := audit_log_changes(before_row, after_row);
BEGIN
  IF TG_OP = 'UPDATE' AND changes = '{}'::jsonb THEN RETURN NULL; END IF;
  PERFORM audit_log_append(
    CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update' ELSE 'delete' END,
    TG_ARGV[0], coalesce(after_row, before_row) ->> TG_ARGV[1],
    concat_ws(' ', coalesce(after_row, before_row) ->> 'role', coalesce(after_row, before_row) ->> 'scope_type',
      coalesce(after_row, before_row) ->> 'scope_id', coalesce(after_row, before_row) ->> 'organisation_id'),
    changes);
  RETURN NULL;
END;
$$;
