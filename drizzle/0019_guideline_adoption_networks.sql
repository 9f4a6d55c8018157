CREATE TABLE "guideline_adoptions" (
	"guideline_id" uuid NOT NULL,
	"identifier" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"assessed_on" date NOT NULL,
	"assessed_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guideline_adoptions_guideline_id_organisation_id_identifier_pk" PRIMARY KEY("guideline_id","organisation_id","identifier")
);
--> statement-breakpoint
CREATE TABLE "guideline_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"recommendation_id" uuid NOT NULL,
	"author_id" uuid,
	"organisation_id" uuid,
	"locale" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"answer" text,
	"answered_by_id" uuid,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guideline_endorsements" (
	"guideline_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"version_id" uuid,
	"statement" text DEFAULT '' NOT NULL,
	"endorsed_by_id" uuid,
	"endorsed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guideline_endorsements_guideline_id_organisation_id_pk" PRIMARY KEY("guideline_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "guideline_lesson_links" (
	"guideline_id" uuid NOT NULL,
	"identifier" text NOT NULL,
	"lesson_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "guideline_lesson_links_guideline_id_identifier_lesson_id_pk" PRIMARY KEY("guideline_id","identifier","lesson_id")
);
--> statement-breakpoint
CREATE TABLE "network_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"network_id" uuid NOT NULL,
	"meeting_id" uuid,
	"title" text NOT NULL,
	"owner_user_id" uuid,
	"owner_organisation_id" uuid,
	"due_on" date NOT NULL,
	"done_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"overdue_reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"network_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"parties" uuid[] DEFAULT '{}' NOT NULL,
	"signed_on" date,
	"valid_until" date,
	"file_id" uuid,
	"public" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_attendance" (
	"meeting_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"attendees" text DEFAULT '' NOT NULL,
	CONSTRAINT "network_attendance_meeting_id_organisation_id_pk" PRIMARY KEY("meeting_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "network_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"text" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"network_id" uuid NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"online_url" text,
	"agenda" text DEFAULT '' NOT NULL,
	"minutes" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"invited_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_members" (
	"network_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"joined_on" date NOT NULL,
	"left_on" date,
	CONSTRAINT "network_members_network_id_organisation_id_pk" PRIMARY KEY("network_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "network_news" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"network_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"author_id" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "networks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"region_id" uuid NOT NULL,
	"name" text NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"contact_email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "networks_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "guideline_adoptions" ADD CONSTRAINT "guideline_adoptions_guideline_id_guidelines_id_fk" FOREIGN KEY ("guideline_id") REFERENCES "public"."guidelines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_adoptions" ADD CONSTRAINT "guideline_adoptions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_adoptions" ADD CONSTRAINT "guideline_adoptions_assessed_by_id_users_id_fk" FOREIGN KEY ("assessed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_comments" ADD CONSTRAINT "guideline_comments_version_id_guideline_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."guideline_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_comments" ADD CONSTRAINT "guideline_comments_recommendation_id_guideline_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."guideline_recommendations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_comments" ADD CONSTRAINT "guideline_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_comments" ADD CONSTRAINT "guideline_comments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_comments" ADD CONSTRAINT "guideline_comments_answered_by_id_users_id_fk" FOREIGN KEY ("answered_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_endorsements" ADD CONSTRAINT "guideline_endorsements_guideline_id_guidelines_id_fk" FOREIGN KEY ("guideline_id") REFERENCES "public"."guidelines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_endorsements" ADD CONSTRAINT "guideline_endorsements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_endorsements" ADD CONSTRAINT "guideline_endorsements_version_id_guideline_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."guideline_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_endorsements" ADD CONSTRAINT "guideline_endorsements_endorsed_by_id_users_id_fk" FOREIGN KEY ("endorsed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_lesson_links" ADD CONSTRAINT "guideline_lesson_links_guideline_id_guidelines_id_fk" FOREIGN KEY ("guideline_id") REFERENCES "public"."guidelines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_lesson_links" ADD CONSTRAINT "guideline_lesson_links_lesson_id_training_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."training_lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_actions" ADD CONSTRAINT "network_actions_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_actions" ADD CONSTRAINT "network_actions_meeting_id_network_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."network_meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_actions" ADD CONSTRAINT "network_actions_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_actions" ADD CONSTRAINT "network_actions_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_agreements" ADD CONSTRAINT "network_agreements_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_agreements" ADD CONSTRAINT "network_agreements_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_attendance" ADD CONSTRAINT "network_attendance_meeting_id_network_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."network_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_attendance" ADD CONSTRAINT "network_attendance_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_decisions" ADD CONSTRAINT "network_decisions_meeting_id_network_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."network_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_meetings" ADD CONSTRAINT "network_meetings_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_meetings" ADD CONSTRAINT "network_meetings_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_members" ADD CONSTRAINT "network_members_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_members" ADD CONSTRAINT "network_members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_news" ADD CONSTRAINT "network_news_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_news" ADD CONSTRAINT "network_news_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "networks" ADD CONSTRAINT "networks_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "guideline_adoptions_identifier" ON "guideline_adoptions" USING btree ("guideline_id","identifier");--> statement-breakpoint
CREATE INDEX "guideline_comments_version" ON "guideline_comments" USING btree ("version_id","created_at");--> statement-breakpoint
CREATE INDEX "guideline_comments_recommendation" ON "guideline_comments" USING btree ("recommendation_id","created_at");--> statement-breakpoint
CREATE INDEX "guideline_lesson_links_lesson" ON "guideline_lesson_links" USING btree ("lesson_id");--> statement-breakpoint
CREATE INDEX "network_actions_network" ON "network_actions" USING btree ("network_id","due_on");--> statement-breakpoint
CREATE INDEX "network_actions_owner" ON "network_actions" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "network_agreements_network" ON "network_agreements" USING btree ("network_id","signed_on");--> statement-breakpoint
CREATE INDEX "network_decisions_meeting" ON "network_decisions" USING btree ("meeting_id","sort");--> statement-breakpoint
CREATE INDEX "network_meetings_network" ON "network_meetings" USING btree ("network_id","starts_at");--> statement-breakpoint
CREATE INDEX "network_members_organisation" ON "network_members" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "network_news_network" ON "network_news" USING btree ("network_id","published_at");--> statement-breakpoint
CREATE INDEX "networks_region" ON "networks" USING btree ("region_id");