CREATE TABLE "reporting_body" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"district_id" uuid,
	"reminders_enabled" boolean DEFAULT true NOT NULL,
	"digest_enabled" boolean DEFAULT true NOT NULL,
	"reminder_days_before" integer DEFAULT 7 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_obligation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"period_type" text NOT NULL,
	"due_days" integer NOT NULL,
	"start_period" text NOT NULL,
	"end_period" text,
	"end_reason" text,
	"sections" text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reporting_obligation_due_days" CHECK ("reporting_obligation"."due_days" between 0 and 366)
);
--> statement-breakpoint
CREATE TABLE "submission_addressee" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"obligation_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"period" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"first_submitted_at" timestamp with time zone,
	"last_submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"accepted_version" integer,
	"comments" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submission" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"period" text NOT NULL,
	"period_type" text NOT NULL,
	"content" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"submitted_versions" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submission_version" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"content" jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by" text
);
--> statement-breakpoint
ALTER TABLE "reporting_body" ADD CONSTRAINT "reporting_body_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_body" ADD CONSTRAINT "reporting_body_district_id_place_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."place"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_obligation" ADD CONSTRAINT "reporting_obligation_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_obligation" ADD CONSTRAINT "reporting_obligation_body_id_reporting_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."reporting_body"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_addressee" ADD CONSTRAINT "submission_addressee_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_addressee" ADD CONSTRAINT "submission_addressee_obligation_id_reporting_obligation_id_fk" FOREIGN KEY ("obligation_id") REFERENCES "public"."reporting_obligation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_addressee" ADD CONSTRAINT "submission_addressee_body_id_reporting_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."reporting_body"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission" ADD CONSTRAINT "submission_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_version" ADD CONSTRAINT "submission_version_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_body_organisation_idx" ON "reporting_body" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_body_district_kind_idx" ON "reporting_body" USING btree ("kind","district_id") WHERE "reporting_body"."kind" in ('jrlos_secretariat', 'jadf');--> statement-breakpoint
CREATE INDEX "reporting_body_district_idx" ON "reporting_body" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "reporting_obligation_organisation_idx" ON "reporting_obligation" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "reporting_obligation_body_idx" ON "reporting_obligation" USING btree ("body_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_obligation_running_idx" ON "reporting_obligation" USING btree ("organisation_id","body_id","period_type") WHERE "reporting_obligation"."end_period" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "submission_addressee_obligation_period_idx" ON "submission_addressee" USING btree ("obligation_id","period");--> statement-breakpoint
CREATE INDEX "submission_addressee_submission_idx" ON "submission_addressee" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "submission_addressee_body_period_idx" ON "submission_addressee" USING btree ("body_id","period");--> statement-breakpoint
CREATE INDEX "submission_organisation_period_idx" ON "submission" USING btree ("organisation_id","period");--> statement-breakpoint
CREATE INDEX "submission_period_idx" ON "submission" USING btree ("period");--> statement-breakpoint
CREATE UNIQUE INDEX "submission_version_number_idx" ON "submission_version" USING btree ("submission_id","number");--> statement-breakpoint
SELECT audit_log_cover_cascades();
