CREATE TABLE "access_exception" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"reason" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "access_exception_reason_check" CHECK (length(btrim("access_exception"."reason")) >= 10),
	CONSTRAINT "access_exception_period_check" CHECK ("access_exception"."expires_at" > "access_exception"."opened_at")
);
--> statement-breakpoint
ALTER TABLE "access_exception" ADD CONSTRAINT "access_exception_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_exception_lookup_idx" ON "access_exception" USING btree ("user_id","entity_type","entity_id","expires_at");--> statement-breakpoint
CREATE INDEX "access_exception_opened_idx" ON "access_exception" USING btree ("opened_at");