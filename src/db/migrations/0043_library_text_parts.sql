CREATE TABLE "library_text_part" (
	"source" text NOT NULL,
	"source_id" uuid NOT NULL,
	"part" integer NOT NULL,
	"body" text NOT NULL,
	"search" "tsvector" NOT NULL,
	CONSTRAINT "library_text_part_source_source_id_part_pk" PRIMARY KEY("source","source_id","part")
);
--> statement-breakpoint
ALTER TABLE "library_text_part" ADD CONSTRAINT "library_text_part_source_source_id_library_text_source_source_id_fk" FOREIGN KEY ("source","source_id") REFERENCES "public"."library_text"("source","source_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "library_text_part_search_idx" ON "library_text_part" USING gin ("search");--> statement-breakpoint
-- A part's vector stays in its row (compressed if need be), never in the TOAST table: a phrase search reads the
-- vectors of many parts, and each read from TOAST cost an index lookup.
ALTER TABLE "library_text_part" ALTER COLUMN "search" SET STORAGE MAIN;--> statement-breakpoint
-- The texts read so far, moved into parts of about 4,000 characters at line breaks (new texts are cut by
-- text-parts.ts, at paragraph breaks first); each part's vector also reads the last whole words of the 200 characters
-- before it, and the first part's the title. A file whose text could not be read gets a first part with its title.
INSERT INTO "library_text_part" ("source", "source_id", "part", "body", "search")
WITH "line" AS (
  SELECT t."source", t."source_id", t."language", t."title", l."n",
    l."text" || CASE WHEN l."n" < count(*) OVER "w" THEN E'\n' ELSE '' END AS "text",
    sum(length(l."text") + 1) OVER ("w" ORDER BY l."n") AS "upto"
  FROM "library_text" t, regexp_split_to_table(t."body", E'\n') WITH ORDINALITY AS l("text", "n")
  WHERE t."body" <> ''
  WINDOW "w" AS (PARTITION BY t."source", t."source_id")
), "bucket" AS (
  SELECT "source", "source_id", "language", "title", ("upto" - 1) / 4000 AS "bucket",
    string_agg("text", '' ORDER BY "n") AS "body"
  FROM "line" GROUP BY "source", "source_id", "language", "title", ("upto" - 1) / 4000
), "numbered" AS (
  SELECT "source", "source_id", "language", "title", "body",
    row_number() OVER ("p" ORDER BY "bucket") - 1 AS "part",
    coalesce(lag(CASE WHEN length("body") <= 200 THEN "body" ELSE regexp_replace(right("body", 200), '^\S*\s', '') END)
      OVER ("p" ORDER BY "bucket"), '') AS "lead"
  FROM "bucket"
  WINDOW "p" AS (PARTITION BY "source", "source_id")
  UNION ALL
  SELECT "source", "source_id", "language", "title", '', 0, ''
  FROM "library_text" WHERE "status" = 'not_extracted'
)
SELECT "source", "source_id", "part", "body",
  CASE WHEN "part" = 0 THEN setweight(to_tsvector(c."config", "title"), 'A') ELSE ''::tsvector END
    || setweight(to_tsvector(c."config", "lead" || "body"), 'B')
FROM "numbered", LATERAL (SELECT CASE "language" WHEN 'en' THEN 'english'::regconfig WHEN 'fr' THEN 'french'::regconfig
  ELSE 'simple'::regconfig END AS "config") c;--> statement-breakpoint
ALTER TABLE "library_text" DROP COLUMN "body";