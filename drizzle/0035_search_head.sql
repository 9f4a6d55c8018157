-- Site search at scale (platform/search.ts). A match is ranked by its title and summary alone (tsv_head, a few hundred
-- bytes); the rows keep only their small columns in the table, the body and its full tsvector going out of line
-- (TOAST) from 1 KB rather than 2 KB, the tsvector uncompressed (a quoted phrase re-reads it for every candidate): a
-- common word matching half the index then reads tens of megabytes, not hundreds.
ALTER TABLE "search_documents" SET (toast_tuple_target = 1024);--> statement-breakpoint
ALTER TABLE "search_documents" ALTER COLUMN "tsv" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "tsv_head" "tsvector";--> statement-breakpoint
-- Rewriting every row also stores it in the new layout.
UPDATE "search_documents" SET "tsv_head" = setweight(to_tsvector("config"::regconfig, unaccent("title")), 'A') || setweight(to_tsvector("config"::regconfig, unaccent("summary")), 'B'), "tsv" = "tsv" || ''::tsvector;--> statement-breakpoint
ALTER TABLE "search_documents" ALTER COLUMN "tsv_head" SET NOT NULL;--> statement-breakpoint
-- The words a misspelt query is corrected to: every word of the index.
CREATE TABLE "search_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_words_trgm" ON "search_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
INSERT INTO "search_words" ("word")
SELECT DISTINCT w FROM "search_documents", unnest(tsvector_to_array(to_tsvector('simple', unaccent("title" || ' ' || "summary" || ' ' || "body")))) AS w
WHERE length(w) BETWEEN 3 AND 40 AND w !~ '[0-9[:punct:][:space:]]';
