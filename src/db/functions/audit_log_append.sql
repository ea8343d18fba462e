-- Writes one audit row from a trigger, naming the actor the transaction declared (set_config
-- 'ubufatanye.actor_user_id' and 'ubufatanye.actor_label', see kernel inTransaction), else "database".
CREATE OR REPLACE FUNCTION audit_log_append(action text, entity_type text, entity_id text, entity_label text, changes jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO audit_log (actor_user_id, actor_label, action, entity_type, entity_id, entity_label, changes)
  VALUES (
    nullif(current_setting('ubufatanye.actor_user_id', true), ''),
    coalesce(nullif(current_setting('ubufatanye.actor_label', true), ''), 'database'),
    action, entity_type, entity_id, left(entity_label, 200), changes)
$$;
