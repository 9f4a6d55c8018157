CREATE TABLE "session_version" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "session_version_single_row" CHECK ("session_version"."id" = 1)
);
--> statement-breakpoint
INSERT INTO "session_version" ("id", "version") VALUES (1, 1);--> statement-breakpoint
-- Raised once per statement that may change what a signed-in request relies on; web nodes poll it to know when
-- the sessions they keep may be stale. A session's last_seen_at (touched once a minute) does not raise it.
CREATE FUNCTION session_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "session_version" SET "version" = "version" + 1 WHERE "id" = 1;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "sessions_raise_session_version" AFTER DELETE OR UPDATE OF "stage", "user_id", "expires_at" ON "sessions" FOR EACH STATEMENT EXECUTE FUNCTION session_version_raise();--> statement-breakpoint
CREATE TRIGGER "users_raise_session_version" AFTER DELETE OR UPDATE OF "status", "email", "name", "locale", "totp_enabled_at" ON "users" FOR EACH STATEMENT EXECUTE FUNCTION session_version_raise();--> statement-breakpoint
CREATE TRIGGER "role_assignments_raise_session_version" AFTER INSERT OR UPDATE OR DELETE ON "role_assignments" FOR EACH STATEMENT EXECUTE FUNCTION session_version_raise();--> statement-breakpoint
CREATE TRIGGER "role_policies_raise_session_version" AFTER INSERT OR UPDATE OR DELETE ON "role_policies" FOR EACH STATEMENT EXECUTE FUNCTION session_version_raise();
