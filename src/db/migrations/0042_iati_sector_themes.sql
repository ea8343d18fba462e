CREATE TABLE "iati_sector_theme" (
	"sector_code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"theme_code" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "programme" ADD COLUMN "iati" jsonb;--> statement-breakpoint
ALTER TABLE "iati_sector_theme" ADD CONSTRAINT "iati_sector_theme_theme_code_theme_code_fk" FOREIGN KEY ("theme_code") REFERENCES "public"."theme"("code") ON DELETE set null ON UPDATE cascade;