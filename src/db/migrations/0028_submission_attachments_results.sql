CREATE TABLE "submission_attachment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_by_user_id" text,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "submission_attachment_size" CHECK ("submission_attachment"."size_bytes" = octet_length("submission_attachment"."data"))
);
--> statement-breakpoint
ALTER TABLE "result" ADD COLUMN "submission_id" uuid;--> statement-breakpoint
ALTER TABLE "submission" ADD COLUMN "results_feed" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "submission_version" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "submission_attachment" ADD CONSTRAINT "submission_attachment_submission_id_submission_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submission"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "submission_attachment_submission_idx" ON "submission_attachment" USING btree ("submission_id","uploaded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "result_submission_indicator_idx" ON "result" USING btree ("submission_id","indicator_id") WHERE "result"."submission_id" is not null;--> statement-breakpoint
SELECT audit_log_cover_cascades();
