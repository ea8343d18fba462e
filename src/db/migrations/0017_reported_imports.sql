CREATE TABLE "reported_import" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"content_sha256" text,
	"row_count" integer NOT NULL,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reported_presence" ADD COLUMN "funder_organisation_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "reported_import_content_idx" ON "reported_import" USING btree ("content_sha256");--> statement-breakpoint
CREATE INDEX "reported_import_file_name_idx" ON "reported_import" USING btree ("file_name");--> statement-breakpoint
-- Files imported before this migration: one import each, from what their rows kept. Their text was not kept, so
-- they have no hash; importing the same file again is refused only for files imported from now on.
INSERT INTO "reported_import" ("id", "file_name", "content_sha256", "row_count", "imported_by", "imported_at")
SELECT "import_id", min("source_name"), NULL, count(*)::int, min("imported_by"), min("imported_at")
FROM "reported_presence" GROUP BY "import_id";--> statement-breakpoint
ALTER TABLE "reported_presence" ADD CONSTRAINT "reported_presence_import_id_reported_import_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."reported_import"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reported_presence" ADD CONSTRAINT "reported_presence_funder_organisation_id_organisation_id_fk" FOREIGN KEY ("funder_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reported_presence_funder_idx" ON "reported_presence" USING btree ("funder_organisation_id");--> statement-breakpoint
ALTER TABLE "reported_presence" DROP COLUMN "source_name";--> statement-breakpoint
ALTER TABLE "reported_presence" DROP COLUMN "imported_by";--> statement-breakpoint
ALTER TABLE "reported_presence" DROP COLUMN "imported_at";