CREATE TABLE "agreement_area" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"place_id" uuid,
	"place_set" text,
	CONSTRAINT "agreement_area_one_target" CHECK (("agreement_area"."place_id" is null) <> ("agreement_area"."place_set" is null))
);
--> statement-breakpoint
CREATE TABLE "agreement_party" (
	"agreement_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "agreement_party_agreement_id_organisation_id_role_pk" PRIMARY KEY("agreement_id","organisation_id","role")
);
--> statement-breakpoint
CREATE TABLE "agreement_status_change" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"changed_on" date NOT NULL,
	"reason" text,
	"changed_by_user_id" text,
	"changed_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agreement" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"reference" text,
	"kind" text NOT NULL,
	"purpose" text,
	"status" text NOT NULL,
	"signed_on_text" text,
	"signed_year" smallint,
	"signed_month" smallint,
	"signed_day" smallint,
	"signed_precision" text DEFAULT 'none' NOT NULL,
	"signed_sort_key" text NOT NULL,
	"valid_from" date,
	"valid_until" date,
	"renewal_terms" text,
	"follow_up_body" text,
	"amends_id" uuid,
	"keeper_organisation_id" uuid,
	"search_text" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreement_not_amending_itself" CHECK ("agreement"."amends_id" is null or "agreement"."amends_id" <> "agreement"."id"),
	CONSTRAINT "agreement_validity_order" CHECK ("agreement"."valid_from" is null or "agreement"."valid_until" is null or "agreement"."valid_from" <= "agreement"."valid_until")
);
--> statement-breakpoint
CREATE TABLE "agreement_theme" (
	"agreement_id" uuid NOT NULL,
	"theme_code" text NOT NULL,
	CONSTRAINT "agreement_theme_agreement_id_theme_code_pk" PRIMARY KEY("agreement_id","theme_code")
);
--> statement-breakpoint
CREATE TABLE "commitment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"text" text NOT NULL,
	"responsible_organisation_id" uuid,
	"status" text DEFAULT 'not_started' NOT NULL,
	"due_on" date,
	"position" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "progress_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"entry_date" date NOT NULL,
	"due_on" date,
	"done" boolean DEFAULT false NOT NULL,
	"commitment_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"place_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "theme" (
	"code" text PRIMARY KEY NOT NULL,
	"names" jsonb NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agreement_area" ADD CONSTRAINT "agreement_area_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_area" ADD CONSTRAINT "agreement_area_place_id_place_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."place"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_party" ADD CONSTRAINT "agreement_party_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_party" ADD CONSTRAINT "agreement_party_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_status_change" ADD CONSTRAINT "agreement_status_change_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_amends_id_agreement_id_fk" FOREIGN KEY ("amends_id") REFERENCES "public"."agreement"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_keeper_organisation_id_organisation_id_fk" FOREIGN KEY ("keeper_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_theme" ADD CONSTRAINT "agreement_theme_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_theme" ADD CONSTRAINT "agreement_theme_theme_code_theme_code_fk" FOREIGN KEY ("theme_code") REFERENCES "public"."theme"("code") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_responsible_organisation_id_organisation_id_fk" FOREIGN KEY ("responsible_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_entry" ADD CONSTRAINT "progress_entry_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_area_agreement_idx" ON "agreement_area" USING btree ("agreement_id");--> statement-breakpoint
CREATE INDEX "agreement_area_place_idx" ON "agreement_area" USING btree ("place_id");--> statement-breakpoint
CREATE INDEX "agreement_area_set_idx" ON "agreement_area" USING btree ("place_set");--> statement-breakpoint
CREATE UNIQUE INDEX "agreement_area_unique_idx" ON "agreement_area" USING btree ("agreement_id",coalesce("place_id"::text, "place_set"));--> statement-breakpoint
CREATE INDEX "agreement_party_organisation_idx" ON "agreement_party" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "agreement_status_change_agreement_idx" ON "agreement_status_change" USING btree ("agreement_id","recorded_at");--> statement-breakpoint
CREATE INDEX "agreement_search_idx" ON "agreement" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "agreement_status_idx" ON "agreement" USING btree ("status");--> statement-breakpoint
CREATE INDEX "agreement_kind_idx" ON "agreement" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "agreement_signed_idx" ON "agreement" USING btree ("signed_sort_key");--> statement-breakpoint
CREATE INDEX "agreement_valid_until_idx" ON "agreement" USING btree ("valid_until");--> statement-breakpoint
CREATE INDEX "agreement_amends_idx" ON "agreement" USING btree ("amends_id");--> statement-breakpoint
CREATE INDEX "agreement_theme_code_idx" ON "agreement_theme" USING btree ("theme_code");--> statement-breakpoint
CREATE INDEX "commitment_agreement_idx" ON "commitment" USING btree ("agreement_id","position");--> statement-breakpoint
CREATE INDEX "progress_entry_agreement_idx" ON "progress_entry" USING btree ("agreement_id","entry_date");--> statement-breakpoint
CREATE INDEX "progress_entry_open_planned_idx" ON "progress_entry" USING btree ("due_on") WHERE "progress_entry"."kind" = 'planned' and not "progress_entry"."done";