ALTER TABLE "organisation" ADD COLUMN "deactivated_on" date;--> statement-breakpoint
ALTER TABLE "organisation" ADD COLUMN "paused_days" datemultirange;