CREATE TABLE "district_meeting" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_id" uuid NOT NULL,
	"body_kind" text NOT NULL,
	"quarter" text NOT NULL,
	"meeting_date" date,
	"status" text DEFAULT 'planned' NOT NULL,
	"agenda" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"minutes" text DEFAULT '' NOT NULL,
	"decisions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"organisation_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "district_meeting_status" CHECK ("district_meeting"."status" in ('planned', 'held')),
	CONSTRAINT "district_meeting_body_kind" CHECK ("district_meeting"."body_kind" in ('jrlos_secretariat', 'jadf'))
);
--> statement-breakpoint
CREATE TABLE "meeting_action_item" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"owner_organisation_id" uuid NOT NULL,
	"text" text NOT NULL,
	"due_date" date,
	"status" text DEFAULT 'open' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_action_item_status" CHECK ("meeting_action_item"."status" in ('open', 'done', 'dropped'))
);
--> statement-breakpoint
ALTER TABLE "district_meeting" ADD CONSTRAINT "district_meeting_district_id_place_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."place"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_action_item" ADD CONSTRAINT "meeting_action_item_meeting_id_district_meeting_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."district_meeting"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_action_item" ADD CONSTRAINT "meeting_action_item_owner_organisation_id_organisation_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "district_meeting_quarter_idx" ON "district_meeting" USING btree ("district_id","body_kind","quarter");--> statement-breakpoint
CREATE INDEX "meeting_action_item_meeting_idx" ON "meeting_action_item" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meeting_action_item_owner_idx" ON "meeting_action_item" USING btree ("owner_organisation_id");--> statement-breakpoint
SELECT audit_log_cover_cascades();
