-- Full-text search needs accent folding and trigrams (for typos); both are trusted extensions.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
