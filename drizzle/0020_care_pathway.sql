CREATE TABLE "care_break_glass" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"reason_sealed" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"organisation_id" uuid,
	"owner_organisation_id" uuid,
	"resident_id" uuid,
	"referral_id" uuid,
	"action" text NOT NULL,
	"access" text NOT NULL,
	"basis" text NOT NULL,
	"outcome" text NOT NULL,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "care_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resident_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"recipient_organisation_id" uuid,
	"given_on" date NOT NULL,
	"language" text NOT NULL,
	"mediator_present" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdrawal_channel" text
);
--> statement-breakpoint
CREATE TABLE "care_instruments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"version" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"definition" jsonb NOT NULL,
	"questionnaire" jsonb NOT NULL,
	"imported_by" uuid,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_instruments_version" UNIQUE("code","version")
);
--> statement-breakpoint
CREATE TABLE "care_mediator_request_agencies" (
	"request_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"service_id" uuid,
	"declined_at" timestamp with time zone,
	CONSTRAINT "care_mediator_request_agencies_request_id_organisation_id_pk" PRIMARY KEY("request_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "care_mediator_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid,
	"requesting_organisation_id" uuid NOT NULL,
	"region_id" uuid,
	"language" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer DEFAULT 60 NOT NULL,
	"place" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"booked_organisation_id" uuid,
	"mediator_name" text,
	"booked_by" uuid,
	"booked_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_referral_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"organisation_id" uuid,
	"from_status" text,
	"to_status" text NOT NULL,
	"step" text,
	"reason" text,
	"appointment_at" timestamp with time zone,
	"note_sealed" text
);
--> statement-breakpoint
CREATE TABLE "care_referral_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"author_id" uuid,
	"organisation_id" uuid NOT NULL,
	"body_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resident_id" uuid NOT NULL,
	"from_organisation_id" uuid NOT NULL,
	"region_id" uuid,
	"service_id" uuid,
	"service_name" text NOT NULL,
	"to_organisation_id" uuid NOT NULL,
	"urgency" text NOT NULL,
	"target_hours" integer NOT NULL,
	"reason_sealed" text NOT NULL,
	"screening_id" uuid,
	"mediator_language" text,
	"consent_id" uuid,
	"override_reason_sealed" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"status_reason" text,
	"outcome" text,
	"appointment_at" timestamp with time zone,
	"appointment_status" text,
	"requested_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"first_appointment_at" timestamp with time zone,
	"first_appointment_missed" boolean DEFAULT false NOT NULL,
	"closed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_residents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"case_code" text NOT NULL,
	"birth_year" smallint,
	"gender" text DEFAULT 'undisclosed' NOT NULL,
	"country_of_origin" text,
	"languages" text[] DEFAULT '{}' NOT NULL,
	"mediator_needed" boolean DEFAULT false NOT NULL,
	"arrival_date" date,
	"vulnerabilities" text[] DEFAULT '{}' NOT NULL,
	"name_sealed" text,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_on" date,
	"anonymised_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_residents_case_code" UNIQUE("organisation_id","case_code")
);
--> statement-breakpoint
CREATE TABLE "care_screenings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resident_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"instrument_id" uuid NOT NULL,
	"language" text NOT NULL,
	"mode" text NOT NULL,
	"mediator_language" text,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'in-progress' NOT NULL,
	"score" numeric,
	"band" text,
	"above_cutoff" boolean,
	"administered_by" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "care_urgency_targets" (
	"region_id" uuid NOT NULL,
	"urgency" text NOT NULL,
	"target_hours" integer NOT NULL,
	CONSTRAINT "care_urgency_targets_region_id_urgency_pk" PRIMARY KEY("region_id","urgency")
);
--> statement-breakpoint
CREATE TABLE "care_vulnerability_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"names" jsonb NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"retired" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "care_break_glass" ADD CONSTRAINT "care_break_glass_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_break_glass" ADD CONSTRAINT "care_break_glass_resident_id_care_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."care_residents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_consents" ADD CONSTRAINT "care_consents_resident_id_care_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."care_residents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_consents" ADD CONSTRAINT "care_consents_recipient_organisation_id_organisations_id_fk" FOREIGN KEY ("recipient_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_consents" ADD CONSTRAINT "care_consents_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_consents" ADD CONSTRAINT "care_consents_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_instruments" ADD CONSTRAINT "care_instruments_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_mediator_request_agencies" ADD CONSTRAINT "care_mediator_request_agencies_request_id_care_mediator_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."care_mediator_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_mediator_request_agencies" ADD CONSTRAINT "care_mediator_request_agencies_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_mediator_request_agencies" ADD CONSTRAINT "care_mediator_request_agencies_service_id_directory_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_mediator_requests" ADD CONSTRAINT "care_mediator_requests_referral_id_care_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."care_referrals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_mediator_requests" ADD CONSTRAINT "care_mediator_requests_requesting_organisation_id_organisations_id_fk" FOREIGN KEY ("requesting_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_mediator_requests" ADD CONSTRAINT "care_mediator_requests_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_mediator_requests" ADD CONSTRAINT "care_mediator_requests_booked_organisation_id_organisations_id_fk" FOREIGN KEY ("booked_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_mediator_requests" ADD CONSTRAINT "care_mediator_requests_booked_by_users_id_fk" FOREIGN KEY ("booked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_mediator_requests" ADD CONSTRAINT "care_mediator_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referral_events" ADD CONSTRAINT "care_referral_events_referral_id_care_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."care_referrals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referral_events" ADD CONSTRAINT "care_referral_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referral_events" ADD CONSTRAINT "care_referral_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referral_messages" ADD CONSTRAINT "care_referral_messages_referral_id_care_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."care_referrals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referral_messages" ADD CONSTRAINT "care_referral_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referral_messages" ADD CONSTRAINT "care_referral_messages_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referrals" ADD CONSTRAINT "care_referrals_resident_id_care_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."care_residents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referrals" ADD CONSTRAINT "care_referrals_from_organisation_id_organisations_id_fk" FOREIGN KEY ("from_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referrals" ADD CONSTRAINT "care_referrals_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referrals" ADD CONSTRAINT "care_referrals_service_id_directory_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."directory_services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referrals" ADD CONSTRAINT "care_referrals_to_organisation_id_organisations_id_fk" FOREIGN KEY ("to_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referrals" ADD CONSTRAINT "care_referrals_screening_id_care_screenings_id_fk" FOREIGN KEY ("screening_id") REFERENCES "public"."care_screenings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referrals" ADD CONSTRAINT "care_referrals_consent_id_care_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."care_consents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_referrals" ADD CONSTRAINT "care_referrals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_residents" ADD CONSTRAINT "care_residents_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_residents" ADD CONSTRAINT "care_residents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_screenings" ADD CONSTRAINT "care_screenings_resident_id_care_residents_id_fk" FOREIGN KEY ("resident_id") REFERENCES "public"."care_residents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_screenings" ADD CONSTRAINT "care_screenings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_screenings" ADD CONSTRAINT "care_screenings_instrument_id_care_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."care_instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_screenings" ADD CONSTRAINT "care_screenings_administered_by_users_id_fk" FOREIGN KEY ("administered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_urgency_targets" ADD CONSTRAINT "care_urgency_targets_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_break_glass_user" ON "care_break_glass" USING btree ("user_id","expires_at");--> statement-breakpoint
CREATE INDEX "care_audit_resident" ON "care_audit" USING btree ("resident_id","at");--> statement-breakpoint
CREATE INDEX "care_audit_owner" ON "care_audit" USING btree ("owner_organisation_id","at");--> statement-breakpoint
CREATE INDEX "care_audit_actor" ON "care_audit" USING btree ("actor_id","at");--> statement-breakpoint
CREATE INDEX "care_audit_at" ON "care_audit" USING btree ("at");--> statement-breakpoint
CREATE INDEX "care_consents_resident" ON "care_consents" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "care_mediator_request_agencies_org" ON "care_mediator_request_agencies" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "care_mediator_requests_referral" ON "care_mediator_requests" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "care_mediator_requests_region" ON "care_mediator_requests" USING btree ("region_id","created_at");--> statement-breakpoint
CREATE INDEX "care_referral_events_referral" ON "care_referral_events" USING btree ("referral_id","at");--> statement-breakpoint
CREATE INDEX "care_referral_messages_referral" ON "care_referral_messages" USING btree ("referral_id","created_at");--> statement-breakpoint
CREATE INDEX "care_referrals_inbox" ON "care_referrals" USING btree ("to_organisation_id","status","due_at");--> statement-breakpoint
CREATE INDEX "care_referrals_outbox" ON "care_referrals" USING btree ("from_organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "care_referrals_resident" ON "care_referrals" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "care_referrals_region" ON "care_referrals" USING btree ("region_id","requested_at");--> statement-breakpoint
CREATE INDEX "care_residents_organisation" ON "care_residents" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "care_screenings_resident" ON "care_screenings" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "care_screenings_organisation" ON "care_screenings" USING btree ("organisation_id","completed_at");--> statement-breakpoint
-- Who read or wrote a care record stays on record: no UPDATE, DELETE or TRUNCATE of care_audit, whoever asks.
CREATE OR REPLACE FUNCTION care_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'care_audit is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER care_audit_no_update BEFORE UPDATE OR DELETE ON care_audit FOR EACH ROW EXECUTE FUNCTION care_audit_append_only();
--> statement-breakpoint
CREATE TRIGGER care_audit_no_truncate BEFORE TRUNCATE ON care_audit FOR EACH STATEMENT EXECUTE FUNCTION care_audit_append_only();
