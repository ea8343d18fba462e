-- The audit log is append-only: refuses UPDATE, DELETE and TRUNCATE on audit_log, on PGlite and PostgreSQL.
-- Triggers: audit_log_no_update_delete, audit_log_no_truncate (migration 0002).
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
