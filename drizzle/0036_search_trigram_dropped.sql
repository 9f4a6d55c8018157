-- A misspelt query is now corrected word by word against search_words: the trigram column of every row goes.
DROP INDEX "search_documents_trgm";--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "trgm_text";
