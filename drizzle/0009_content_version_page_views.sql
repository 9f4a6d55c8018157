CREATE TABLE "content_version" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_version_single_row" CHECK ("content_version"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "page_views" (
	"item_type" text NOT NULL,
	"item_id" uuid NOT NULL,
	"day" date NOT NULL,
	"views" bigint NOT NULL,
	CONSTRAINT "page_views_item_type_item_id_day_pk" PRIMARY KEY("item_type","item_id","day")
);
--> statement-breakpoint
INSERT INTO "content_version" ("id", "version") VALUES (1, 0);
