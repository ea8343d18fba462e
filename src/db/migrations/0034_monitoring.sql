CREATE TABLE "follow_up_action_recommendation" (
	"action_id" uuid NOT NULL,
	"recommendation_id" uuid NOT NULL,
	CONSTRAINT "follow_up_action_recommendation_action_id_recommendation_id_pk" PRIMARY KEY("action_id","recommendation_id")
);
--> statement-breakpoint
CREATE TABLE "follow_up_action" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"due_on" date,
	"status" text DEFAULT 'planned' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"progress_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_up_action_status" CHECK ("follow_up_action"."status" in ('planned', 'in_progress', 'done', 'cancelled')),
	CONSTRAINT "follow_up_action_progress" CHECK ("follow_up_action"."progress" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "monitoring_finding_file" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_by_user_id" text,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_finding_file_size" CHECK ("monitoring_finding_file"."size_bytes" = octet_length("monitoring_finding_file"."data"))
);
--> statement-breakpoint
CREATE TABLE "monitoring_finding" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"visit_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"theme" text NOT NULL,
	"vulnerable_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"severity" text NOT NULL,
	"text" text NOT NULL,
	"incident_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_finding_severity" CHECK ("monitoring_finding"."severity" in ('low', 'medium', 'high', 'critical'))
);
--> statement-breakpoint
CREATE TABLE "monitoring_plan_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"monitoring_organisation_id" uuid NOT NULL,
	"area" text NOT NULL,
	"title" text NOT NULL,
	"owner" text,
	"due_on" date,
	"status" text DEFAULT 'not_started' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_plan_item_area" CHECK ("monitoring_plan_item"."area" in ('internal_organisation', 'npm_work', 'communication_and_cooperation')),
	CONSTRAINT "monitoring_plan_item_status" CHECK ("monitoring_plan_item"."status" in ('not_started', 'in_progress', 'done', 'postponed')),
	CONSTRAINT "monitoring_plan_item_progress" CHECK ("monitoring_plan_item"."progress" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "monitoring_visit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigint GENERATED ALWAYS AS IDENTITY (sequence name "monitoring_visit_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"monitoring_organisation_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	"district_id" uuid,
	"status" text DEFAULT 'planned' NOT NULL,
	"announced" boolean NOT NULL,
	"visit_type" text NOT NULL,
	"follow_up_of_visit_id" uuid,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"objectives" text,
	"team" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"interviews" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" text,
	"published_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_visit_status" CHECK ("monitoring_visit"."status" in ('planned', 'conducted', 'cancelled')),
	CONSTRAINT "monitoring_visit_type" CHECK ("monitoring_visit"."visit_type" in ('regular', 'follow_up', 'ad_hoc')),
	CONSTRAINT "monitoring_visit_dates" CHECK ("monitoring_visit"."ends_on" is null or "monitoring_visit"."ends_on" >= "monitoring_visit"."starts_on"),
	CONSTRAINT "monitoring_visit_follow_up" CHECK ("monitoring_visit"."follow_up_of_visit_id" is null or "monitoring_visit"."visit_type" = 'follow_up')
);
--> statement-breakpoint
CREATE TABLE "place_occupancy" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"capacity" integer,
	"population" integer,
	"men" integer,
	"women" integer,
	"minors" integer,
	"published_rate" numeric(6, 1),
	"source" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "place_occupancy_counts" CHECK (coalesce("place_occupancy"."capacity", 1) > 0 and coalesce("place_occupancy"."population", 0) >= 0 and coalesce("place_occupancy"."men", 0) >= 0
        and coalesce("place_occupancy"."women", 0) >= 0 and coalesce("place_occupancy"."minors", 0) >= 0 and coalesce("place_occupancy"."published_rate", 0) >= 0),
	CONSTRAINT "place_occupancy_something" CHECK ("place_occupancy"."published_rate" is not null or "place_occupancy"."population" is not null or "place_occupancy"."capacity" is not null)
);
--> statement-breakpoint
CREATE TABLE "recommendation_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status_change_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_by_user_id" text,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recommendation_evidence_size" CHECK ("recommendation_evidence"."size_bytes" = octet_length("recommendation_evidence"."data"))
);
--> statement-breakpoint
CREATE TABLE "recommendation_finding" (
	"recommendation_id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	CONSTRAINT "recommendation_finding_recommendation_id_finding_id_pk" PRIMARY KEY("recommendation_id","finding_id")
);
--> statement-breakpoint
CREATE TABLE "recommendation_place" (
	"recommendation_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	CONSTRAINT "recommendation_place_recommendation_id_place_id_pk" PRIMARY KEY("recommendation_id","place_id")
);
--> statement-breakpoint
CREATE TABLE "recommendation_status_change" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recommendation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"changed_on" date NOT NULL,
	"note" text,
	"visit_id" uuid,
	"recorded_by" text NOT NULL,
	"recorded_by_user_id" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recommendation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigint GENERATED ALWAYS AS IDENTITY (sequence name "recommendation_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"monitoring_organisation_id" uuid NOT NULL,
	"text" text NOT NULL,
	"theme" text NOT NULL,
	"vulnerable_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"addressee_organisation_id" uuid NOT NULL,
	"priority" text NOT NULL,
	"issued_on" date NOT NULL,
	"deadline" date,
	"all_facilities" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'not_answered' NOT NULL,
	"status_on" date NOT NULL,
	"response" text,
	"responded_on" date,
	"published_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recommendation_status" CHECK ("recommendation"."status" in ('not_answered', 'accepted', 'not_accepted', 'in_progress', 'partly_implemented', 'implemented')),
	CONSTRAINT "recommendation_priority" CHECK ("recommendation"."priority" in ('low', 'medium', 'high')),
	CONSTRAINT "recommendation_deadline" CHECK ("recommendation"."deadline" is null or "recommendation"."deadline" >= "recommendation"."issued_on"),
	CONSTRAINT "recommendation_status_on" CHECK ("recommendation"."status_on" >= "recommendation"."issued_on")
);
--> statement-breakpoint
CREATE TABLE "recommendation_visit" (
	"recommendation_id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	CONSTRAINT "recommendation_visit_recommendation_id_visit_id_pk" PRIMARY KEY("recommendation_id","visit_id")
);
--> statement-breakpoint
ALTER TABLE "place" ADD COLUMN "facility_kind" text;--> statement-breakpoint
ALTER TABLE "place" ADD COLUMN "capacity" integer;--> statement-breakpoint
ALTER TABLE "follow_up_action_recommendation" ADD CONSTRAINT "follow_up_action_recommendation_action_id_follow_up_action_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."follow_up_action"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_action_recommendation" ADD CONSTRAINT "follow_up_action_recommendation_recommendation_id_recommendation_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_action" ADD CONSTRAINT "follow_up_action_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_finding_file" ADD CONSTRAINT "monitoring_finding_file_finding_id_monitoring_finding_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."monitoring_finding"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_finding" ADD CONSTRAINT "monitoring_finding_visit_id_monitoring_visit_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."monitoring_visit"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_finding" ADD CONSTRAINT "monitoring_finding_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_plan_item" ADD CONSTRAINT "monitoring_plan_item_monitoring_organisation_id_organisation_id_fk" FOREIGN KEY ("monitoring_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_visit" ADD CONSTRAINT "monitoring_visit_monitoring_organisation_id_organisation_id_fk" FOREIGN KEY ("monitoring_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_visit" ADD CONSTRAINT "monitoring_visit_place_id_place_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."place"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_visit" ADD CONSTRAINT "monitoring_visit_district_id_place_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."place"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "place_occupancy" ADD CONSTRAINT "place_occupancy_place_id_place_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."place"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_evidence" ADD CONSTRAINT "recommendation_evidence_status_change_id_recommendation_status_change_id_fk" FOREIGN KEY ("status_change_id") REFERENCES "public"."recommendation_status_change"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_finding" ADD CONSTRAINT "recommendation_finding_recommendation_id_recommendation_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_finding" ADD CONSTRAINT "recommendation_finding_finding_id_monitoring_finding_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."monitoring_finding"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_place" ADD CONSTRAINT "recommendation_place_recommendation_id_recommendation_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_place" ADD CONSTRAINT "recommendation_place_place_id_place_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."place"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_status_change" ADD CONSTRAINT "recommendation_status_change_recommendation_id_recommendation_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_status_change" ADD CONSTRAINT "recommendation_status_change_visit_id_monitoring_visit_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."monitoring_visit"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation" ADD CONSTRAINT "recommendation_monitoring_organisation_id_organisation_id_fk" FOREIGN KEY ("monitoring_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation" ADD CONSTRAINT "recommendation_addressee_organisation_id_organisation_id_fk" FOREIGN KEY ("addressee_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_visit" ADD CONSTRAINT "recommendation_visit_recommendation_id_recommendation_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_visit" ADD CONSTRAINT "recommendation_visit_visit_id_monitoring_visit_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."monitoring_visit"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follow_up_action_recommendation_rec_idx" ON "follow_up_action_recommendation" USING btree ("recommendation_id");--> statement-breakpoint
CREATE INDEX "follow_up_action_org_idx" ON "follow_up_action" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "monitoring_finding_file_finding_idx" ON "monitoring_finding_file" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "monitoring_finding_visit_idx" ON "monitoring_finding" USING btree ("visit_id","position");--> statement-breakpoint
CREATE INDEX "monitoring_finding_theme_idx" ON "monitoring_finding" USING btree ("theme");--> statement-breakpoint
CREATE INDEX "monitoring_plan_item_org_idx" ON "monitoring_plan_item" USING btree ("monitoring_organisation_id","area","position");--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_visit_number_idx" ON "monitoring_visit" USING btree ("number");--> statement-breakpoint
CREATE INDEX "monitoring_visit_place_idx" ON "monitoring_visit" USING btree ("place_id","starts_on");--> statement-breakpoint
CREATE INDEX "monitoring_visit_org_idx" ON "monitoring_visit" USING btree ("monitoring_organisation_id","starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "place_occupancy_source_idx" ON "place_occupancy" USING btree ("place_id","as_of","source");--> statement-breakpoint
CREATE INDEX "place_occupancy_as_of_idx" ON "place_occupancy" USING btree ("as_of");--> statement-breakpoint
CREATE INDEX "recommendation_evidence_change_idx" ON "recommendation_evidence" USING btree ("status_change_id");--> statement-breakpoint
CREATE INDEX "recommendation_finding_finding_idx" ON "recommendation_finding" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "recommendation_place_place_idx" ON "recommendation_place" USING btree ("place_id");--> statement-breakpoint
CREATE INDEX "recommendation_status_change_rec_idx" ON "recommendation_status_change" USING btree ("recommendation_id","changed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "recommendation_number_idx" ON "recommendation" USING btree ("number");--> statement-breakpoint
CREATE INDEX "recommendation_addressee_idx" ON "recommendation" USING btree ("addressee_organisation_id","status");--> statement-breakpoint
CREATE INDEX "recommendation_theme_idx" ON "recommendation" USING btree ("theme","issued_on");--> statement-breakpoint
CREATE INDEX "recommendation_issued_idx" ON "recommendation" USING btree ("issued_on");--> statement-breakpoint
CREATE INDEX "recommendation_visit_visit_idx" ON "recommendation_visit" USING btree ("visit_id");--> statement-breakpoint
SELECT audit_log_cover_cascades();
