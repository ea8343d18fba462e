ALTER TABLE "theme" ADD COLUMN "names_edited" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "theme" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;