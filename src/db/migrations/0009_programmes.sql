CREATE TABLE "event_participants" (
	"event_id" uuid NOT NULL,
	"category" text NOT NULL,
	"sex" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "event_participants_event_id_category_sex_pk" PRIMARY KEY("event_id","category","sex"),
	CONSTRAINT "event_participants_count" CHECK ("event_participants"."count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "indicator_rollup" (
	"indicator_id" uuid PRIMARY KEY NOT NULL,
	"exact_sum" numeric(18, 2) DEFAULT 0 NOT NULL,
	"bound_sum" numeric(18, 2) DEFAULT 0 NOT NULL,
	"bound_count" integer DEFAULT 0 NOT NULL,
	"numeric_count" integer DEFAULT 0 NOT NULL,
	"max_value" numeric(18, 2),
	"max_is_bound" boolean DEFAULT false NOT NULL,
	"latest_value" numeric(18, 2),
	"latest_kind" text,
	"numerator_sum" numeric(18, 2) DEFAULT 0 NOT NULL,
	"denominator_sum" numeric(18, 2) DEFAULT 0 NOT NULL,
	"qualitative" text[] DEFAULT '{}'::text[] NOT NULL,
	"not_reported_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"logframe_item_id" uuid NOT NULL,
	"library_code" text,
	"title" text NOT NULL,
	"unit" text NOT NULL,
	"calculation" text NOT NULL,
	"baseline_value" numeric(18, 2),
	"baseline_text" text,
	"baseline_date" date,
	"disaggregations" text[] DEFAULT '{}'::text[] NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_target" (
	"indicator_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"value" numeric(18, 2) NOT NULL,
	CONSTRAINT "indicator_target_indicator_id_period_start_period_end_pk" PRIMARY KEY("indicator_id","period_start","period_end")
);
--> statement-breakpoint
CREATE TABLE "logframe_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"parent_id" uuid,
	"level" text NOT NULL,
	"text" text NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_agreement" (
	"programme_id" uuid NOT NULL,
	"agreement_id" uuid NOT NULL,
	CONSTRAINT "programme_agreement_programme_id_agreement_id_pk" PRIMARY KEY("programme_id","agreement_id")
);
--> statement-breakpoint
CREATE TABLE "programme_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"place_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"district_id" uuid,
	"organiser_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"activity_id" uuid,
	"indicator_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"reach_note" text,
	"repeat_audience" boolean DEFAULT false NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_organisation" (
	"programme_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"amount" numeric(18, 2),
	"currency" text,
	CONSTRAINT "programme_organisation_programme_id_organisation_id_role_pk" PRIMARY KEY("programme_id","organisation_id","role")
);
--> statement-breakpoint
CREATE TABLE "programme_place" (
	"programme_id" uuid NOT NULL,
	"place_id" uuid NOT NULL,
	CONSTRAINT "programme_place_programme_id_place_id_pk" PRIMARY KEY("programme_id","place_id")
);
--> statement-breakpoint
CREATE TABLE "programme_reach" (
	"programme_id" uuid NOT NULL,
	"category" text NOT NULL,
	"sex" text NOT NULL,
	"district_id" uuid,
	"people" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"lead_organisation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"iati_identifier" text,
	"narratives" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_period_order" CHECK ("programme"."start_date" <= "programme"."end_date")
);
--> statement-breakpoint
CREATE TABLE "programme_theme" (
	"programme_id" uuid NOT NULL,
	"theme_code" text NOT NULL,
	CONSTRAINT "programme_theme_programme_id_theme_code_pk" PRIMARY KEY("programme_id","theme_code")
);
--> statement-breakpoint
CREATE TABLE "result_breakdown" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"result_id" uuid NOT NULL,
	"sex" text,
	"age_group" text,
	"category" text,
	"value" numeric(18, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"place_id" uuid,
	"value_kind" text NOT NULL,
	"value" numeric(18, 2),
	"denominator" numeric(18, 2),
	"text" text,
	"event_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "result_value_not_negative" CHECK ("result"."value" is null or "result"."value" >= 0),
	CONSTRAINT "result_value_matches_kind" CHECK (("result"."value_kind" in ('exact','lower_bound')) = ("result"."value" is not null))
);
--> statement-breakpoint
ALTER TABLE "event_participants" ADD CONSTRAINT "event_participants_event_id_programme_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."programme_event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_rollup" ADD CONSTRAINT "indicator_rollup_indicator_id_indicator_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicator"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator" ADD CONSTRAINT "indicator_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator" ADD CONSTRAINT "indicator_logframe_item_id_logframe_item_id_fk" FOREIGN KEY ("logframe_item_id") REFERENCES "public"."logframe_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_target" ADD CONSTRAINT "indicator_target_indicator_id_indicator_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicator"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "logframe_item" ADD CONSTRAINT "logframe_item_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "logframe_item" ADD CONSTRAINT "logframe_item_parent_id_logframe_item_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."logframe_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_agreement" ADD CONSTRAINT "programme_agreement_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_agreement" ADD CONSTRAINT "programme_agreement_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_event" ADD CONSTRAINT "programme_event_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_event" ADD CONSTRAINT "programme_event_district_id_place_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."place"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_event" ADD CONSTRAINT "programme_event_activity_id_logframe_item_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."logframe_item"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_organisation" ADD CONSTRAINT "programme_organisation_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_organisation" ADD CONSTRAINT "programme_organisation_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_place" ADD CONSTRAINT "programme_place_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_place" ADD CONSTRAINT "programme_place_place_id_place_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."place"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_reach" ADD CONSTRAINT "programme_reach_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_reach" ADD CONSTRAINT "programme_reach_district_id_place_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."place"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme" ADD CONSTRAINT "programme_lead_organisation_id_organisation_id_fk" FOREIGN KEY ("lead_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_theme" ADD CONSTRAINT "programme_theme_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_theme" ADD CONSTRAINT "programme_theme_theme_code_theme_code_fk" FOREIGN KEY ("theme_code") REFERENCES "public"."theme"("code") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "result_breakdown" ADD CONSTRAINT "result_breakdown_result_id_result_id_fk" FOREIGN KEY ("result_id") REFERENCES "public"."result"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result" ADD CONSTRAINT "result_indicator_id_indicator_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicator"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result" ADD CONSTRAINT "result_place_id_place_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."place"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result" ADD CONSTRAINT "result_event_id_programme_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."programme_event"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicator_programme_idx" ON "indicator" USING btree ("programme_id","position");--> statement-breakpoint
CREATE INDEX "indicator_logframe_item_idx" ON "indicator" USING btree ("logframe_item_id");--> statement-breakpoint
CREATE INDEX "logframe_item_programme_idx" ON "logframe_item" USING btree ("programme_id","position");--> statement-breakpoint
CREATE INDEX "logframe_item_parent_idx" ON "logframe_item" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "programme_agreement_agreement_idx" ON "programme_agreement" USING btree ("agreement_id");--> statement-breakpoint
CREATE INDEX "programme_event_programme_idx" ON "programme_event" USING btree ("programme_id","start_date");--> statement-breakpoint
CREATE INDEX "programme_event_activity_idx" ON "programme_event" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "programme_organisation_organisation_idx" ON "programme_organisation" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "programme_place_place_idx" ON "programme_place" USING btree ("place_id");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_reach_key_idx" ON "programme_reach" USING btree ("programme_id","category","sex",coalesce("district_id"::text, ''));--> statement-breakpoint
CREATE INDEX "programme_lead_idx" ON "programme" USING btree ("lead_organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_iati_identifier_idx" ON "programme" USING btree ("iati_identifier");--> statement-breakpoint
CREATE INDEX "programme_title_idx" ON "programme" USING btree (lower("title"));--> statement-breakpoint
CREATE INDEX "result_breakdown_result_idx" ON "result_breakdown" USING btree ("result_id");--> statement-breakpoint
CREATE INDEX "result_indicator_idx" ON "result" USING btree ("indicator_id","period_end");--> statement-breakpoint
CREATE INDEX "result_event_idx" ON "result" USING btree ("event_id");