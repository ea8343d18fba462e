CREATE TABLE "place_boundary" (
	"place_id" uuid PRIMARY KEY NOT NULL,
	"geometry" jsonb NOT NULL,
	"source_name" text NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "place_boundary" ADD CONSTRAINT "place_boundary_place_id_place_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."place"("id") ON DELETE cascade ON UPDATE no action;