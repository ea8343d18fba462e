CREATE TABLE "public_institution" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"agreements" boolean DEFAULT false NOT NULL,
	"three_w" boolean DEFAULT false NOT NULL,
	"recommendations" boolean DEFAULT false NOT NULL,
	"programme_results" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_portal" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"licence" text DEFAULT 'CC BY 4.0' NOT NULL,
	"incident_statistics" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_portal_single_row" CHECK ("public_portal"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "public_institution" ADD CONSTRAINT "public_institution_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The portal's one settings row: nothing published, licence CC BY 4.0 until an administrator says otherwise.
INSERT INTO "public_portal" ("id") VALUES (1);--> statement-breakpoint
-- An institution's publication row goes with its organisation: the cascade writes its audit row (decision 010).
SELECT audit_log_cover_cascades();
