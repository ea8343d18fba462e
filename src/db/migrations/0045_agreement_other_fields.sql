CREATE TABLE "agreement_other_field" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"value" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agreement_other_field" ADD CONSTRAINT "agreement_other_field_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_other_field_agreement_idx" ON "agreement_other_field" USING btree ("agreement_id","position");--> statement-breakpoint
-- An agreement's other fields go with it: the cascade writes their audit rows (decision 010).
SELECT audit_log_cover_cascades();
