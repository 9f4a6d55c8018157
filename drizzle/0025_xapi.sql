CREATE TABLE "xapi_attachments" (
	"sha2" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"length" integer NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xapi_clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key" text NOT NULL,
	"secret_hash" text NOT NULL,
	"can_read" boolean DEFAULT true NOT NULL,
	"can_write" boolean DEFAULT true NOT NULL,
	"authority" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "xapi_clients_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "xapi_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"activity_id" text DEFAULT '' NOT NULL,
	"agent" text DEFAULT '' NOT NULL,
	"registration" text DEFAULT '' NOT NULL,
	"document_id" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"etag" text NOT NULL,
	"updated" timestamp(3) with time zone NOT NULL,
	CONSTRAINT "xapi_documents_key" UNIQUE("kind","activity_id","agent","registration","document_id")
);
--> statement-breakpoint
CREATE TABLE "xapi_statements" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "xapi_statements_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" uuid NOT NULL,
	"statement" jsonb NOT NULL,
	"stored" timestamp(3) with time zone NOT NULL,
	"verb_id" text NOT NULL,
	"actor" text NOT NULL,
	"object_agent" text,
	"object_activity" text,
	"object_statement" uuid,
	"registration" uuid,
	"agents" text[] NOT NULL,
	"activities" text[] NOT NULL,
	"voided" boolean DEFAULT false NOT NULL,
	"voiding" boolean DEFAULT false NOT NULL,
	CONSTRAINT "xapi_statements_id_unique" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "xapi_clients" ADD CONSTRAINT "xapi_clients_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "xapi_documents_updated" ON "xapi_documents" USING btree ("kind","activity_id","agent","registration","updated");--> statement-breakpoint
CREATE INDEX "xapi_statements_verb" ON "xapi_statements" USING btree ("verb_id","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_actor" ON "xapi_statements" USING btree ("actor","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_object_agent" ON "xapi_statements" USING btree ("object_agent","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_object_activity" ON "xapi_statements" USING btree ("object_activity","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_object_statement" ON "xapi_statements" USING btree ("object_statement");--> statement-breakpoint
CREATE INDEX "xapi_statements_registration" ON "xapi_statements" USING btree ("registration","seq");--> statement-breakpoint
CREATE INDEX "xapi_statements_stored" ON "xapi_statements" USING btree ("stored");--> statement-breakpoint
CREATE INDEX "xapi_statements_agents" ON "xapi_statements" USING gin ("agents");--> statement-breakpoint
CREATE INDEX "xapi_statements_activities" ON "xapi_statements" USING gin ("activities");