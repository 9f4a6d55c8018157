CREATE TABLE "care_referral_days" (
	"day" date NOT NULL,
	"region_id" uuid,
	"from_organisation_id" uuid NOT NULL,
	"urgency" text NOT NULL,
	"referrals" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"decided" integer DEFAULT 0 NOT NULL,
	"first_appointments" integer DEFAULT 0 NOT NULL,
	"within_target" integer DEFAULT 0 NOT NULL,
	"missed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "care_referral_days_key" UNIQUE NULLS NOT DISTINCT("day","region_id","from_organisation_id","urgency")
);
--> statement-breakpoint
DROP INDEX "care_referrals_inbox";--> statement-breakpoint
ALTER TABLE "care_screenings" ADD COLUMN "prev_completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "care_screenings" ADD COLUMN "prev_above_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "care_referrals_requested" ON "care_referrals" USING btree ("requested_at","region_id","from_organisation_id","urgency","first_appointment_at");--> statement-breakpoint
CREATE INDEX "care_referrals_open" ON "care_referrals" USING btree ("requested_at","region_id","from_organisation_id","urgency","due_at") WHERE closed_at IS NULL AND first_appointment_at IS NULL AND requested_at IS NOT NULL AND status IN ('requested', 'accepted', 'in-progress', 'on-hold');--> statement-breakpoint
CREATE INDEX "care_screenings_completed" ON "care_screenings" USING btree ("completed_at","organisation_id","above_cutoff","prev_completed_at","prev_above_at") WHERE status = 'completed' AND completed_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "care_referrals_inbox" ON "care_referrals" USING btree ("to_organisation_id","status","due_at","urgency","first_appointment_at","closed_at");--> statement-breakpoint
-- care_referral_days holds the indicators' referral counts per UTC day of request, region, referring organisation
-- and urgency. Triggers keep it: each statement on care_referrals adds what its new rows count and takes away what
-- its old rows counted, in one upsert (keys in order, so that concurrent statements lock rows in the same order).
-- What a referral counts as, in one place for the triggers and for the indicators' queries (indicators.ts); simple
-- enough for PostgreSQL to inline. Accepted: once it was, whatever happened after.
CREATE OR REPLACE FUNCTION care_referral_accepted(accepted_at timestamptz, status text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $f$
  SELECT accepted_at IS NOT NULL OR status IN ('accepted', 'in-progress', 'completed')
$f$;
--> statement-breakpoint
-- Decided: accepted, or rejected.
CREATE OR REPLACE FUNCTION care_referral_decided(accepted_at timestamptz, status text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $f$
  SELECT accepted_at IS NOT NULL OR status IN ('accepted', 'in-progress', 'completed', 'rejected')
$f$;
--> statement-breakpoint
-- Within target: the first appointment took place by the due time.
CREATE OR REPLACE FUNCTION care_referral_within_target(first_appointment_at timestamptz, due_at timestamptz) RETURNS boolean LANGUAGE sql IMMUTABLE AS $f$
  SELECT coalesce(first_appointment_at <= due_at, false)
$f$;
--> statement-breakpoint
-- What one relation of referrals counts, signed, as a query (the triggers run it over their transition tables):
CREATE OR REPLACE FUNCTION care_referral_days_part(relation text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($p$
    SELECT (requested_at AT TIME ZONE 'UTC')::date AS day, region_id, from_organisation_id, urgency,
      %1$s AS referrals,
      %1$s * care_referral_accepted(accepted_at, status)::int AS accepted,
      %1$s * care_referral_decided(accepted_at, status)::int AS decided,
      %1$s * (first_appointment_at IS NOT NULL)::int AS first_appointments,
      %1$s * care_referral_within_target(first_appointment_at, due_at)::int AS within_target,
      %1$s * first_appointment_missed::int AS missed
    FROM %2$I WHERE requested_at IS NOT NULL$p$, sign, relation)
$f$;
--> statement-breakpoint
-- The upsert that adds such parts (UNION ALL of care_referral_days_part queries) to care_referral_days.
CREATE OR REPLACE FUNCTION care_referral_days_upsert(parts text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    INSERT INTO care_referral_days AS d (day, region_id, from_organisation_id, urgency, referrals, accepted, decided, first_appointments, within_target, missed)
    SELECT day, region_id, from_organisation_id, urgency, sum(referrals), sum(accepted), sum(decided), sum(first_appointments), sum(within_target), sum(missed)
    FROM (%s) c
    GROUP BY 1, 2, 3, 4
    HAVING sum(referrals) <> 0 OR sum(accepted) <> 0 OR sum(decided) <> 0 OR sum(first_appointments) <> 0 OR sum(within_target) <> 0 OR sum(missed) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT ON CONSTRAINT care_referral_days_key DO UPDATE SET
      referrals = d.referrals + excluded.referrals, accepted = d.accepted + excluded.accepted, decided = d.decided + excluded.decided,
      first_appointments = d.first_appointments + excluded.first_appointments, within_target = d.within_target + excluded.within_target,
      missed = d.missed + excluded.missed$q$, parts)
$f$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION care_referral_days_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE care_referral_days_upsert(CASE TG_OP
    WHEN 'INSERT' THEN care_referral_days_part('care_referral_days_new', 1)
    WHEN 'DELETE' THEN care_referral_days_part('care_referral_days_old', -1)
    ELSE care_referral_days_part('care_referral_days_new', 1) || ' UNION ALL ' || care_referral_days_part('care_referral_days_old', -1)
  END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER care_referral_days_insert AFTER INSERT ON care_referrals REFERENCING NEW TABLE AS care_referral_days_new FOR EACH STATEMENT EXECUTE FUNCTION care_referral_days_apply();
--> statement-breakpoint
CREATE TRIGGER care_referral_days_update AFTER UPDATE ON care_referrals REFERENCING OLD TABLE AS care_referral_days_old NEW TABLE AS care_referral_days_new FOR EACH STATEMENT EXECUTE FUNCTION care_referral_days_apply();
--> statement-breakpoint
CREATE TRIGGER care_referral_days_delete AFTER DELETE ON care_referrals REFERENCING OLD TABLE AS care_referral_days_old FOR EACH STATEMENT EXECUTE FUNCTION care_referral_days_apply();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION care_referral_days_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM care_referral_days;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER care_referral_days_truncate AFTER TRUNCATE ON care_referrals FOR EACH STATEMENT EXECUTE FUNCTION care_referral_days_clear();
--> statement-breakpoint
-- The referrals already there.
DO $$ BEGIN EXECUTE care_referral_days_upsert(care_referral_days_part('care_referrals', 1)); END $$;
--> statement-breakpoint
-- care_screenings.prev_completed_at and prev_above_at: for each completed screening, when its resident's previous
-- completed screening (in the order of completion) and previous one above the cut-off were completed. The query
-- that sets them for the residents a subquery names:
CREATE OR REPLACE FUNCTION care_screenings_chain(residents text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    UPDATE care_screenings s SET prev_completed_at = x.prev, prev_above_at = x.prev_above
    FROM (
      SELECT id, lag(completed_at) OVER w AS prev,
        max(completed_at) FILTER (WHERE above_cutoff) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_above
      FROM care_screenings
      WHERE status = 'completed' AND completed_at IS NOT NULL AND resident_id IN (%s)
      WINDOW w AS (PARTITION BY resident_id ORDER BY completed_at, id)
    ) x
    WHERE s.id = x.id AND (s.prev_completed_at IS DISTINCT FROM x.prev OR s.prev_above_at IS DISTINCT FROM x.prev_above)$q$, residents)
$f$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION care_screenings_chain_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- An update that changed nothing that orders or counts screenings (this trigger's own, of prev_*, among them)
  -- has nothing to do.
  IF TG_OP = 'UPDATE' THEN
    IF NOT EXISTS (
      SELECT 1 FROM care_screenings_chain_new n JOIN care_screenings_chain_old o ON o.id = n.id
      WHERE (n.status, n.completed_at, n.above_cutoff, n.resident_id) IS DISTINCT FROM (o.status, o.completed_at, o.above_cutoff, o.resident_id)
    ) THEN
      RETURN NULL;
    END IF;
  END IF;
  EXECUTE care_screenings_chain(CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT resident_id FROM care_screenings_chain_new'
    WHEN 'DELETE' THEN 'SELECT resident_id FROM care_screenings_chain_old'
    ELSE 'SELECT resident_id FROM care_screenings_chain_new UNION SELECT resident_id FROM care_screenings_chain_old'
  END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER care_screenings_chain_insert AFTER INSERT ON care_screenings REFERENCING NEW TABLE AS care_screenings_chain_new FOR EACH STATEMENT EXECUTE FUNCTION care_screenings_chain_apply();
--> statement-breakpoint
CREATE TRIGGER care_screenings_chain_update AFTER UPDATE ON care_screenings REFERENCING OLD TABLE AS care_screenings_chain_old NEW TABLE AS care_screenings_chain_new FOR EACH STATEMENT EXECUTE FUNCTION care_screenings_chain_apply();
--> statement-breakpoint
CREATE TRIGGER care_screenings_chain_delete AFTER DELETE ON care_screenings REFERENCING OLD TABLE AS care_screenings_chain_old FOR EACH STATEMENT EXECUTE FUNCTION care_screenings_chain_apply();
--> statement-breakpoint
-- The screenings already there.
DO $$ BEGIN EXECUTE care_screenings_chain('SELECT resident_id FROM care_screenings'); END $$;
