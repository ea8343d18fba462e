CREATE TABLE "incident_attachment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
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
	CONSTRAINT "incident_attachment_size" CHECK ("incident_attachment"."size_bytes" = octet_length("incident_attachment"."data"))
);
--> statement-breakpoint
CREATE TABLE "incident_consent" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"given" boolean NOT NULL,
	"method" text NOT NULL,
	"given_on" date NOT NULL,
	"given_by" text NOT NULL,
	"guardian_relation" text,
	"purposes" text[] NOT NULL,
	"shared_with_organisation_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_by_user_id" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_on" date,
	CONSTRAINT "incident_consent_withdrawal" CHECK ("incident_consent"."withdrawn_on" is null or "incident_consent"."withdrawn_on" >= "incident_consent"."given_on")
);
--> statement-breakpoint
CREATE TABLE "incident_person_identity" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"name_sealed" text,
	"contact_sealed" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_person" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"code" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"role" text NOT NULL,
	"perpetrator_type" text,
	"sex" text DEFAULT 'unknown' NOT NULL,
	"age_group" text DEFAULT 'unknown' NOT NULL,
	"nationality" text,
	"disability" text DEFAULT 'unknown' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_person_role" CHECK ("incident_person"."role" in ('victim', 'perpetrator', 'witness'))
);
--> statement-breakpoint
CREATE TABLE "incident" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigint GENERATED ALWAYS AS IDENTITY (sequence name "incident_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"occurred_on" text,
	"place_kind" text NOT NULL,
	"place_id" uuid,
	"district_id" uuid,
	"country_code" text,
	"description_sealed" text,
	"reporting_organisation_id" uuid NOT NULL,
	"submission_id" uuid,
	"trafficking" jsonb,
	"status" text DEFAULT 'open' NOT NULL,
	"closure_reason" text,
	"closed_on" date,
	"legal_hold" boolean DEFAULT false NOT NULL,
	"anonymised_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_kind" CHECK ("incident"."kind" in ('human_rights_abuse', 'hindrance_to_justice', 'trafficking')),
	CONSTRAINT "incident_status" CHECK ("incident"."status" in ('open', 'referred', 'closed')),
	CONSTRAINT "incident_place_kind" CHECK ("incident"."place_kind" in ('sector', 'district', 'detention', 'abroad', 'unknown')),
	CONSTRAINT "incident_closed" CHECK (("incident"."status" = 'closed') = ("incident"."closed_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "referral_follow_up" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"on" date NOT NULL,
	"note_sealed" text,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"from_organisation_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"provider_organisation_id" uuid NOT NULL,
	"district_id" uuid,
	"service" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"note_sealed" text,
	"consent_basis" text NOT NULL,
	"consent_id" uuid,
	"vital_interest_reason_sealed" text,
	"status_reason_sealed" text,
	"referred_on" date NOT NULL,
	"referred_by" text NOT NULL,
	"responded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referral_status" CHECK ("referral"."status" in ('pending', 'accepted', 'declined', 'in_progress', 'completed', 'closed')),
	CONSTRAINT "referral_basis" CHECK ("referral"."consent_basis" in ('consent', 'vital_interest'))
);
--> statement-breakpoint
CREATE TABLE "service_provider" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"services" text[] NOT NULL,
	"nationwide" boolean DEFAULT false NOT NULL,
	"district_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"contact_email" text,
	"contact_phone" text,
	"capacity" text,
	"accepting_referrals" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_attachment" ADD CONSTRAINT "incident_attachment_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_consent" ADD CONSTRAINT "incident_consent_person_id_incident_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."incident_person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_person_identity" ADD CONSTRAINT "incident_person_identity_person_id_incident_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."incident_person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_person" ADD CONSTRAINT "incident_person_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_place_id_place_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."place"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_district_id_place_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."place"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_reporting_organisation_id_organisation_id_fk" FOREIGN KEY ("reporting_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident" ADD CONSTRAINT "incident_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_follow_up" ADD CONSTRAINT "referral_follow_up_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_incident_id_incident_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incident"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_person_id_incident_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."incident_person"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_from_organisation_id_organisation_id_fk" FOREIGN KEY ("from_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_provider_id_service_provider_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."service_provider"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_provider_organisation_id_organisation_id_fk" FOREIGN KEY ("provider_organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_district_id_place_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."place"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_consent_id_incident_consent_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."incident_consent"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_provider" ADD CONSTRAINT "service_provider_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_attachment_incident_idx" ON "incident_attachment" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_consent_person_idx" ON "incident_consent" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_person_code_idx" ON "incident_person" USING btree ("code");--> statement-breakpoint
CREATE INDEX "incident_person_incident_idx" ON "incident_person" USING btree ("incident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_number_idx" ON "incident" USING btree ("number");--> statement-breakpoint
CREATE INDEX "incident_org_idx" ON "incident" USING btree ("reporting_organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "incident_district_idx" ON "incident" USING btree ("district_id","created_at");--> statement-breakpoint
CREATE INDEX "incident_retention_idx" ON "incident" USING btree ("status","closed_on") WHERE "incident"."anonymised_at" is null;--> statement-breakpoint
CREATE INDEX "referral_follow_up_referral_idx" ON "referral_follow_up" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "referral_provider_idx" ON "referral" USING btree ("provider_organisation_id","status","created_at");--> statement-breakpoint
CREATE INDEX "referral_from_idx" ON "referral" USING btree ("from_organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "referral_district_idx" ON "referral" USING btree ("district_id","created_at");--> statement-breakpoint
CREATE INDEX "referral_incident_idx" ON "referral" USING btree ("incident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_provider_organisation_idx" ON "service_provider" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "service_provider_services_idx" ON "service_provider" USING gin ("services");