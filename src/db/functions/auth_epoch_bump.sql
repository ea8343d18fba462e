-- Counts changes to who may do what (users, their grants and organisations, sessions, second factors), so that each
-- server instance's cache of signed-in users knows when to read them again. Triggers: *_auth_epoch on "user",
-- role_grant, user_organisation, session and two_factor (migration 0038).
CREATE OR REPLACE FUNCTION auth_epoch_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE auth_epoch SET value = value + 1;
  RETURN NULL;
END;
$$;
