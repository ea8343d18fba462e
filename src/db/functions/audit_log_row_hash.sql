-- The hash that seals one audit row: sha256 over the previous row's hash and the row's canonical text (a jsonb
-- array of its fields, time in UTC to the microsecond). Used by the trigger audit_log_chain and by `audit verify`.
-- The request id (migration 0030) is appended to the array only when the row has one: a row without it, as every row
-- written before it existed, hashes exactly as before, so the existing chain still verifies.
CREATE OR REPLACE FUNCTION audit_log_row_hash(previous_hash text, entry audit_log) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(previous_hash || '|' || (jsonb_build_array(
    entry.chain_seq, entry.id, to_char(entry.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    entry.actor_user_id, entry.actor_label, entry.action, entry.entity_type, entry.entity_id, entry.entity_label,
    entry.changes)
    || CASE WHEN entry.request_id IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(entry.request_id) END)::text,
    'UTF8')), 'hex')
$$;
