ALTER TABLE "reported_presence" ALTER COLUMN "organisation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "reported_presence" ADD COLUMN "valid_from_precision" text DEFAULT 'day' NOT NULL;--> statement-breakpoint
ALTER TABLE "reported_presence" ADD COLUMN "valid_until_precision" text DEFAULT 'day' NOT NULL;--> statement-breakpoint
ALTER TABLE "reported_presence" ADD CONSTRAINT "reported_presence_date_precisions" CHECK ("reported_presence"."valid_from_precision" in ('day', 'month', 'year') and "reported_presence"."valid_until_precision" in ('day', 'month', 'year'));