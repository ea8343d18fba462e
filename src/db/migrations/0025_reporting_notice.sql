CREATE TABLE "reporting_notice" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"body_id" uuid,
	"obligation_id" uuid,
	"period" text,
	"recipients" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reporting_notice" ADD CONSTRAINT "reporting_notice_body_id_reporting_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."reporting_body"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_notice" ADD CONSTRAINT "reporting_notice_obligation_id_reporting_obligation_id_fk" FOREIGN KEY ("obligation_id") REFERENCES "public"."reporting_obligation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
SELECT audit_log_cover_cascades();
