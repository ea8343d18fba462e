ALTER TABLE "agreement_search" ADD COLUMN "title_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Edited by hand: a close reading of existing titles until each agreement's next change writes the exact one
-- (it only ranks search results).
UPDATE "agreement_search" s SET "title_text" = trim(regexp_replace(lower(a."title"), '[^[:alnum:]@.]+', ' ', 'g'))
  FROM "agreement" a WHERE a."id" = s."agreement_id";
