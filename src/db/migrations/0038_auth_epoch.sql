-- The auth epoch (issue 20): one counter the database raises on every change to who may do what, read by each
-- server instance before it trusts its cache of signed-in users (src/server/actor-cache.ts).
CREATE TABLE "auth_epoch" (
	"only" boolean PRIMARY KEY DEFAULT true CHECK ("only"),
	"value" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "auth_epoch" ("only", "value") VALUES (true, 0);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION auth_epoch_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE auth_epoch SET value = value + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A session made at sign-in is new to every cache: only its change or end counts.
CREATE TRIGGER "user_auth_epoch" AFTER UPDATE OR DELETE ON "user" FOR EACH STATEMENT EXECUTE FUNCTION auth_epoch_bump();
--> statement-breakpoint
CREATE TRIGGER "role_grant_auth_epoch" AFTER INSERT OR UPDATE OR DELETE ON "role_grant" FOR EACH STATEMENT EXECUTE FUNCTION auth_epoch_bump();
--> statement-breakpoint
CREATE TRIGGER "user_organisation_auth_epoch" AFTER INSERT OR UPDATE OR DELETE ON "user_organisation" FOR EACH STATEMENT EXECUTE FUNCTION auth_epoch_bump();
--> statement-breakpoint
CREATE TRIGGER "session_auth_epoch" AFTER UPDATE OR DELETE ON "session" FOR EACH STATEMENT EXECUTE FUNCTION auth_epoch_bump();
--> statement-breakpoint
CREATE TRIGGER "two_factor_auth_epoch" AFTER INSERT OR UPDATE OR DELETE ON "two_factor" FOR EACH STATEMENT EXECUTE FUNCTION auth_epoch_bump();
