CREATE TABLE "guideline_chapter_translations" (
	"chapter_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"title" text NOT NULL,
	"intro" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"source_revision" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guideline_chapter_translations_chapter_id_locale_pk" PRIMARY KEY("chapter_id","locale")
);
--> statement-breakpoint
CREATE TABLE "guideline_chapters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"key" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "guideline_chapters_key" UNIQUE("version_id","key")
);
--> statement-breakpoint
CREATE TABLE "guideline_section_translations" (
	"section_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"title" text NOT NULL,
	"intro" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"source_revision" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guideline_section_translations_section_id_locale_pk" PRIMARY KEY("section_id","locale")
);
--> statement-breakpoint
CREATE TABLE "guideline_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"chapter_id" uuid NOT NULL,
	"key" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "guideline_sections_key" UNIQUE("version_id","key")
);
--> statement-breakpoint
CREATE TABLE "guideline_translations" (
	"guideline_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"source_revision" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guideline_translations_guideline_id_locale_pk" PRIMARY KEY("guideline_id","locale")
);
--> statement-breakpoint
CREATE TABLE "guideline_version_translations" (
	"version_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"change_note" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"source_revision" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guideline_version_translations_version_id_locale_pk" PRIMARY KEY("version_id","locale")
);
--> statement-breakpoint
CREATE TABLE "guideline_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"guideline_id" uuid NOT NULL,
	"label" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"copied_from_id" uuid,
	"consultation_starts_on" date,
	"consultation_ends_on" date,
	"published_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guideline_versions_label" UNIQUE("guideline_id","label")
);
--> statement-breakpoint
CREATE TABLE "guidelines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"source_locale" text DEFAULT 'en' NOT NULL,
	"organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guidelines_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "guideline_recommendation_translations" (
	"recommendation_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"statement" text NOT NULL,
	"rationale" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"source_revision" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guideline_recommendation_translations_recommendation_id_locale_pk" PRIMARY KEY("recommendation_id","locale")
);
--> statement-breakpoint
CREATE TABLE "guideline_recommendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"identifier" text NOT NULL,
	"strength" text NOT NULL,
	"evidence" text,
	"roles" text[] DEFAULT '{}' NOT NULL,
	"organisation_types" text[] DEFAULT '{}' NOT NULL,
	"steps" text[] DEFAULT '{}' NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "guideline_recommendations_identifier" UNIQUE("version_id","identifier")
);
--> statement-breakpoint
ALTER TABLE "guideline_chapter_translations" ADD CONSTRAINT "guideline_chapter_translations_chapter_id_guideline_chapters_id_fk" FOREIGN KEY ("chapter_id") REFERENCES "public"."guideline_chapters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_chapters" ADD CONSTRAINT "guideline_chapters_version_id_guideline_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."guideline_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_section_translations" ADD CONSTRAINT "guideline_section_translations_section_id_guideline_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."guideline_sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_sections" ADD CONSTRAINT "guideline_sections_version_id_guideline_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."guideline_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_sections" ADD CONSTRAINT "guideline_sections_chapter_id_guideline_chapters_id_fk" FOREIGN KEY ("chapter_id") REFERENCES "public"."guideline_chapters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_translations" ADD CONSTRAINT "guideline_translations_guideline_id_guidelines_id_fk" FOREIGN KEY ("guideline_id") REFERENCES "public"."guidelines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_version_translations" ADD CONSTRAINT "guideline_version_translations_version_id_guideline_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."guideline_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_versions" ADD CONSTRAINT "guideline_versions_guideline_id_guidelines_id_fk" FOREIGN KEY ("guideline_id") REFERENCES "public"."guidelines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_versions" ADD CONSTRAINT "guideline_versions_copied_from_id_guideline_versions_id_fk" FOREIGN KEY ("copied_from_id") REFERENCES "public"."guideline_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guidelines" ADD CONSTRAINT "guidelines_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_recommendation_translations" ADD CONSTRAINT "guideline_recommendation_translations_recommendation_id_guideline_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."guideline_recommendations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_recommendations" ADD CONSTRAINT "guideline_recommendations_version_id_guideline_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."guideline_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_recommendations" ADD CONSTRAINT "guideline_recommendations_section_id_guideline_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."guideline_sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "guideline_sections_chapter" ON "guideline_sections" USING btree ("chapter_id","sort");--> statement-breakpoint
CREATE UNIQUE INDEX "guideline_versions_published" ON "guideline_versions" USING btree ("guideline_id") WHERE status = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "guideline_versions_open" ON "guideline_versions" USING btree ("guideline_id") WHERE status IN ('draft', 'consultation');--> statement-breakpoint
CREATE INDEX "guideline_recommendations_section" ON "guideline_recommendations" USING btree ("section_id","sort");--> statement-breakpoint
CREATE INDEX "guideline_recommendations_steps" ON "guideline_recommendations" USING gin ("steps");