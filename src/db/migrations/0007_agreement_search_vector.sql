CREATE TABLE "agreement_search_word" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
DROP INDEX "agreement_search_idx";--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "party_search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "agreement" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (array_to_tsvector(array_remove(string_to_array(search_text || ' ' || party_search_text, ' '), ''))) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "agreement_search_word_trgm_idx" ON "agreement_search_word" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "agreement_search_idx" ON "agreement" USING gin ("search_vector");