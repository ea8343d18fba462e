-- Seals the audit rows written so far into one chain (in id order), then chains every new row as it is inserted
-- (audit_log_chain), audits role grants whole and every row a cascade removes (decision 010).
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
DO $$
DECLARE
  entry audit_log;
  previous text := '';
  position bigint := 0;
BEGIN
  FOR entry IN SELECT * FROM audit_log ORDER BY id LOOP
    position := position + 1;
    entry.chain_seq := position;
    entry.previous_hash := previous;
    previous := audit_log_row_hash(entry.previous_hash, entry);
    UPDATE audit_log SET chain_seq = position, previous_hash = entry.previous_hash, hash = previous WHERE id = entry.id;
  END LOOP;
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete;
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_chain_seq_idx" ON "audit_log" USING btree ("chain_seq");
--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
--> statement-breakpoint
CREATE TRIGGER audit_log_role_grant AFTER INSERT OR UPDATE OR DELETE ON role_grant
  FOR EACH ROW EXECUTE FUNCTION audit_log_row_changed('role_grant', 'user_id');
--> statement-breakpoint
CREATE TRIGGER audit_log_user_organisation AFTER INSERT OR UPDATE OR DELETE ON user_organisation
  FOR EACH ROW EXECUTE FUNCTION audit_log_row_changed('user_organisation', 'user_id');
--> statement-breakpoint
SELECT audit_log_cover_cascades();
