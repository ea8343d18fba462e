CREATE TABLE "partnership_agreement" (
	"partnership_id" uuid NOT NULL,
	"agreement_id" uuid NOT NULL,
	CONSTRAINT "partnership_agreement_partnership_id_agreement_id_pk" PRIMARY KEY("partnership_id","agreement_id")
);
--> statement-breakpoint
CREATE TABLE "partnership_member" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partnership_member_role" CHECK ("partnership_member"."role" in ('lead', 'member', 'donor', 'observer', 'secretariat'))
);
--> statement-breakpoint
CREATE TABLE "partnership_programme" (
	"partnership_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	CONSTRAINT "partnership_programme_partnership_id_programme_id_pk" PRIMARY KEY("partnership_id","programme_id")
);
--> statement-breakpoint
CREATE TABLE "partnership" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"acronym" text,
	"kind" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"objectives" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"starts_on" text,
	"ends_on" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partnership_kind" CHECK ("partnership"."kind" in ('coalition', 'platform', 'consortium', 'network'))
);
--> statement-breakpoint
ALTER TABLE "partnership_agreement" ADD CONSTRAINT "partnership_agreement_partnership_id_partnership_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnership"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_agreement" ADD CONSTRAINT "partnership_agreement_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_member" ADD CONSTRAINT "partnership_member_partnership_id_partnership_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnership"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_member" ADD CONSTRAINT "partnership_member_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_programme" ADD CONSTRAINT "partnership_programme_partnership_id_partnership_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnership"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_programme" ADD CONSTRAINT "partnership_programme_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "partnership_agreement_agreement_idx" ON "partnership_agreement" USING btree ("agreement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partnership_member_organisation_idx" ON "partnership_member" USING btree ("partnership_id","organisation_id");--> statement-breakpoint
CREATE INDEX "partnership_member_by_organisation_idx" ON "partnership_member" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "partnership_programme_programme_idx" ON "partnership_programme" USING btree ("programme_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partnership_name_idx" ON "partnership" USING btree (lower("name"));--> statement-breakpoint
-- Members and links go with their partnership, and a link with its agreement or programme: the cascades write their
-- audit rows (decision 010).
SELECT audit_log_cover_cascades();