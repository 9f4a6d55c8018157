CREATE TABLE "directory_change_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"fields" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"proposed_by" uuid,
	"source" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reviewed_by" uuid,
	"review_note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "directory_locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"address" text NOT NULL,
	"city" text NOT NULL,
	"postal_code" text DEFAULT '' NOT NULL,
	"region_id" uuid,
	"country" text NOT NULL,
	"latitude" numeric(9, 6),
	"longitude" numeric(9, 6),
	"accessibility" text DEFAULT '' NOT NULL,
	"transportation" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"alternate_name" text,
	"description" text DEFAULT '' NOT NULL,
	"email" text,
	"website" text,
	"legal_status" text,
	"member_organisation_id" uuid,
	"verification_email" text,
	"verify_every_days" integer,
	"verification_requested_at" timestamp with time zone,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_phones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"service_id" uuid,
	"location_id" uuid,
	"number" text NOT NULL,
	"type" text DEFAULT 'voice' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"byday" text[] NOT NULL,
	"opens_at" time NOT NULL,
	"closes_at" time NOT NULL,
	"time_zone" text NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"description" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"alternate_name" text,
	"description" text DEFAULT '' NOT NULL,
	"url" text,
	"email" text,
	"status" text DEFAULT 'active' NOT NULL,
	"type_code" text NOT NULL,
	"needs" text[] DEFAULT '{}' NOT NULL,
	"staff_languages" text[] DEFAULT '{}' NOT NULL,
	"mediation_languages" text[] DEFAULT '{}' NOT NULL,
	"accepts_referrals" boolean DEFAULT false NOT NULL,
	"referral_method" text DEFAULT '' NOT NULL,
	"waiting_days" integer,
	"catchment_area" text DEFAULT '' NOT NULL,
	"eligibility" text DEFAULT '' NOT NULL,
	"application_process" text DEFAULT '' NOT NULL,
	"fees_description" text DEFAULT '' NOT NULL,
	"minimum_age" integer,
	"maximum_age" integer,
	"last_verified_at" timestamp with time zone,
	"assurer_email" text,
	"search_text" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_needs" (
	"code" text PRIMARY KEY NOT NULL,
	"names" jsonb NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_service_at_locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	CONSTRAINT "directory_service_at_locations_pair" UNIQUE("service_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "directory_service_types" (
	"code" text PRIMARY KEY NOT NULL,
	"names" jsonb NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_verification_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"sent_to" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_at" timestamp with time zone,
	CONSTRAINT "directory_verification_requests_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "directory_change_proposals" ADD CONSTRAINT "directory_change_proposals_service_id_directory_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_change_proposals" ADD CONSTRAINT "directory_change_proposals_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_change_proposals" ADD CONSTRAINT "directory_change_proposals_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_locations" ADD CONSTRAINT "directory_locations_organization_id_directory_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."directory_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_locations" ADD CONSTRAINT "directory_locations_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_organizations" ADD CONSTRAINT "directory_organizations_member_organisation_id_organisations_id_fk" FOREIGN KEY ("member_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_phones" ADD CONSTRAINT "directory_phones_organization_id_directory_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."directory_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_phones" ADD CONSTRAINT "directory_phones_service_id_directory_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_phones" ADD CONSTRAINT "directory_phones_location_id_directory_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."directory_locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_schedules" ADD CONSTRAINT "directory_schedules_service_id_directory_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_services" ADD CONSTRAINT "directory_services_organization_id_directory_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."directory_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_services" ADD CONSTRAINT "directory_services_type_code_directory_service_types_code_fk" FOREIGN KEY ("type_code") REFERENCES "public"."directory_service_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_service_at_locations" ADD CONSTRAINT "directory_service_at_locations_service_id_directory_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_service_at_locations" ADD CONSTRAINT "directory_service_at_locations_location_id_directory_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."directory_locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_verification_requests" ADD CONSTRAINT "directory_verification_requests_organization_id_directory_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."directory_organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_change_proposals_status" ON "directory_change_proposals" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "directory_change_proposals_service" ON "directory_change_proposals" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_locations_organization" ON "directory_locations" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "directory_locations_place" ON "directory_locations" USING btree ("region_id",lower("city"));--> statement-breakpoint
CREATE INDEX "directory_organizations_name" ON "directory_organizations" USING btree ("name");--> statement-breakpoint
CREATE INDEX "directory_phones_service" ON "directory_phones" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_phones_organization" ON "directory_phones" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "directory_phones_location" ON "directory_phones" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_schedules_service" ON "directory_schedules" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "directory_services_organization" ON "directory_services" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "directory_services_needs" ON "directory_services" USING gin ("needs");--> statement-breakpoint
CREATE INDEX "directory_services_mediation" ON "directory_services" USING gin ("mediation_languages");--> statement-breakpoint
CREATE INDEX "directory_services_staff" ON "directory_services" USING gin ("staff_languages");--> statement-breakpoint
CREATE INDEX "directory_services_search" ON "directory_services" USING gin ("search_text");--> statement-breakpoint
CREATE INDEX "directory_services_name" ON "directory_services" USING btree (lower("name"),"id");--> statement-breakpoint
CREATE INDEX "directory_service_at_locations_location" ON "directory_service_at_locations" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "directory_verification_requests_organization" ON "directory_verification_requests" USING btree ("organization_id","sent_at");--> statement-breakpoint
-- The search text of a service: its names, description and organisation's name, unaccented, kept by triggers.
CREATE FUNCTION directory_service_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_text := to_tsvector('simple', unaccent(coalesce(NEW.name, '') || ' ' || coalesce(NEW.alternate_name, '') || ' ' || coalesce(NEW.description, '') || ' ' || coalesce((SELECT o.name || ' ' || coalesce(o.alternate_name, '') FROM directory_organizations o WHERE o.id = NEW.organization_id), '')));
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER directory_services_search_text BEFORE INSERT OR UPDATE OF name, alternate_name, description, organization_id ON directory_services FOR EACH ROW EXECUTE FUNCTION directory_service_search_text();
--> statement-breakpoint
CREATE FUNCTION directory_organization_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE directory_services SET name = name WHERE organization_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER directory_organizations_renamed AFTER UPDATE OF name, alternate_name ON directory_organizations FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.alternate_name IS DISTINCT FROM NEW.alternate_name) EXECUTE FUNCTION directory_organization_renamed();
