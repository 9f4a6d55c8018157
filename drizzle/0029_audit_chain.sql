CREATE TABLE "audit_chain" (
	"chain" text NOT NULL,
	"seq" bigint NOT NULL,
	"row_id" bigint NOT NULL,
	"xact" bigint NOT NULL,
	"hash" text NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_chain_chain_seq_pk" PRIMARY KEY("chain","seq"),
	CONSTRAINT "audit_chain_row" UNIQUE("chain","row_id")
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "xact" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL;--> statement-breakpoint
ALTER TABLE "care_audit" ADD COLUMN "xact" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_events_xact" ON "audit_events" USING btree ("xact","id");--> statement-breakpoint
CREATE INDEX "care_audit_xact" ON "care_audit" USING btree ("xact","id");--> statement-breakpoint
-- The chain is append-only too: a sealed entry's hash never changes.
CREATE OR REPLACE FUNCTION audit_chain_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_chain is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE OR DELETE ON audit_chain FOR EACH ROW EXECUTE FUNCTION audit_chain_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_append_only();
