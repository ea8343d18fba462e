ALTER TABLE "indicator" ADD COLUMN "narratives" jsonb;--> statement-breakpoint
ALTER TABLE "logframe_item" ADD COLUMN "narratives" jsonb;--> statement-breakpoint
ALTER TABLE "programme_event" ADD COLUMN "date_reported" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- Hand-written: seed 001 events loaded before this flag existed were placed at the programme start with this
-- note; they carry no date of their own, so mark them as such (the note said the period was shown instead).
UPDATE "programme_event" SET "date_reported" = false, "notes" = NULL WHERE "notes" = 'The report gives no date: the programme period is shown.';
