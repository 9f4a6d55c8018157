CREATE TABLE "xapi_forwarding" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"endpoint" text NOT NULL,
	"key" text NOT NULL,
	"secret" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"scope" text DEFAULT 'own' NOT NULL,
	"cursor" bigint DEFAULT 0 NOT NULL,
	"forwarded" bigint DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"last_success_at" timestamp with time zone,
	"last_error_at" timestamp with time zone,
	"last_error" text,
	"failures" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"halted" boolean DEFAULT false NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "xapi_learners" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"account" uuid DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "xapi_learners_account_unique" UNIQUE("account")
);
--> statement-breakpoint
ALTER TABLE "xapi_forwarding" ADD CONSTRAINT "xapi_forwarding_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "xapi_learners" ADD CONSTRAINT "xapi_learners_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;