CREATE TABLE "agreement_search" (
	"agreement_id" uuid PRIMARY KEY NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"party_search_text" text DEFAULT '' NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (array_to_tsvector(array_remove(string_to_array(search_text || ' ' || party_search_text, ' '), ''))) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agreement_search_word" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
DROP INDEX "agreement_search_idx";--> statement-breakpoint
ALTER TABLE "theme" ADD COLUMN "names_edited" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "theme" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "agreement_search" ADD CONSTRAINT "agreement_search_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_search_vector_idx" ON "agreement_search" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "agreement_search_word_trgm_idx" ON "agreement_search_word" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "progress_entry_recent_idx" ON "progress_entry" USING btree ("entry_date","created_at");--> statement-breakpoint
-- Edited by hand: keep what existing agreements are found by before the column goes (parties included then;
-- the next change to an agreement rewrites it).
INSERT INTO "agreement_search" ("agreement_id", "search_text") SELECT "id", "search_text" FROM "agreement";--> statement-breakpoint
ALTER TABLE "agreement" DROP COLUMN "search_text";