CREATE TABLE "reported_presence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"import_id" uuid NOT NULL,
	"source_name" text NOT NULL,
	"source_line" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"theme_code" text NOT NULL,
	"place_id" uuid NOT NULL,
	"activity" text,
	"valid_from" date,
	"valid_until" date,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reported_presence_period_order" CHECK ("reported_presence"."valid_from" is null or "reported_presence"."valid_until" is null or "reported_presence"."valid_from" <= "reported_presence"."valid_until")
);
--> statement-breakpoint
CREATE TABLE "place_boundary" (
	"place_id" uuid PRIMARY KEY NOT NULL,
	"geometry" jsonb NOT NULL,
	"source_name" text NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reported_presence" ADD CONSTRAINT "reported_presence_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reported_presence" ADD CONSTRAINT "reported_presence_theme_code_theme_code_fk" FOREIGN KEY ("theme_code") REFERENCES "public"."theme"("code") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "reported_presence" ADD CONSTRAINT "reported_presence_place_id_place_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."place"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_boundary" ADD CONSTRAINT "place_boundary_place_id_place_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."place"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reported_presence_theme_idx" ON "reported_presence" USING btree ("theme_code");--> statement-breakpoint
CREATE INDEX "reported_presence_place_idx" ON "reported_presence" USING btree ("place_id");--> statement-breakpoint
CREATE INDEX "reported_presence_organisation_idx" ON "reported_presence" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "reported_presence_import_idx" ON "reported_presence" USING btree ("import_id");