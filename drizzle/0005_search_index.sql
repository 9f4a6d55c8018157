CREATE TABLE "search_documents" (
	"type" text NOT NULL,
	"ref_id" text NOT NULL,
	"locale" text NOT NULL,
	"config" text NOT NULL,
	"project_id" uuid,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"url" text NOT NULL,
	"tsv" "tsvector" NOT NULL,
	"trgm_text" text NOT NULL,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "search_documents_type_ref_id_locale_pk" PRIMARY KEY("type","ref_id","locale")
);
--> statement-breakpoint
CREATE INDEX "search_documents_tsv" ON "search_documents" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "search_documents_trgm" ON "search_documents" USING gin ("trgm_text" gin_trgm_ops);