CREATE TABLE "lesson_comment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lesson_id" uuid NOT NULL,
	"body" text NOT NULL,
	"author_name" text NOT NULL,
	"author_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lesson_evidence" (
	"lesson_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	CONSTRAINT "lesson_evidence_lesson_id_document_id_pk" PRIMARY KEY("lesson_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "lesson" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"what_happened" text NOT NULL,
	"what_was_learned" text NOT NULL,
	"recommendation" text,
	"language" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"theme_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"place_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"programme_id" uuid,
	"agreement_id" uuid,
	"reused_from_id" uuid,
	"created_by" text NOT NULL,
	"created_by_user_id" text,
	"search" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lesson_language" CHECK ("lesson"."language" in ('en', 'fr', 'rw'))
);
--> statement-breakpoint
CREATE TABLE "library_document" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"language" text NOT NULL,
	"description" text,
	"organisation_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"theme_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"place_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"period_start" date,
	"period_end" date,
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
	CONSTRAINT "library_document_size" CHECK ("library_document"."size_bytes" = octet_length("library_document"."data")),
	CONSTRAINT "library_document_kind" CHECK ("library_document"."kind" in ('report', 'evaluation', 'guideline', 'visit_report', 'minutes', 'other')),
	CONSTRAINT "library_document_language" CHECK ("library_document"."language" in ('en', 'fr', 'rw')),
	CONSTRAINT "library_document_period" CHECK ("library_document"."period_start" is null or "library_document"."period_end" is null or "library_document"."period_start" <= "library_document"."period_end")
);
--> statement-breakpoint
CREATE TABLE "library_text" (
	"source" text NOT NULL,
	"source_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"detail" text,
	"language" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"search" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"sha256" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "library_text_source_source_id_pk" PRIMARY KEY("source","source_id"),
	CONSTRAINT "library_text_source" CHECK ("library_text"."source" in ('document', 'agreement_document', 'finding_file')),
	CONSTRAINT "library_text_status" CHECK ("library_text"."status" in ('pending', 'extracted', 'not_extracted')),
	CONSTRAINT "library_text_language" CHECK ("library_text"."language" in ('en', 'fr', 'rw'))
);
--> statement-breakpoint
ALTER TABLE "lesson_comment" ADD CONSTRAINT "lesson_comment_lesson_id_lesson_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lesson"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_evidence" ADD CONSTRAINT "lesson_evidence_lesson_id_lesson_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lesson"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_evidence" ADD CONSTRAINT "lesson_evidence_document_id_library_document_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."library_document"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson" ADD CONSTRAINT "lesson_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson" ADD CONSTRAINT "lesson_programme_id_programme_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programme"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson" ADD CONSTRAINT "lesson_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lesson_comment_lesson_idx" ON "lesson_comment" USING btree ("lesson_id","created_at");--> statement-breakpoint
CREATE INDEX "lesson_evidence_document_idx" ON "lesson_evidence" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "lesson_search_idx" ON "lesson" USING gin ("search");--> statement-breakpoint
CREATE INDEX "lesson_organisation_idx" ON "lesson" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "library_document_uploaded_idx" ON "library_document" USING btree ("uploaded_at");--> statement-breakpoint
CREATE INDEX "library_text_search_idx" ON "library_text" USING gin ("search");--> statement-breakpoint
CREATE INDEX "library_text_pending_idx" ON "library_text" USING btree ("updated_at") WHERE "library_text"."status" = 'pending';--> statement-breakpoint
-- Lessons, their evidence links and comments go with what they hang on: the cascades write their audit rows (decision 010).
SELECT audit_log_cover_cascades();
