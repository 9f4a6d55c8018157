ALTER TABLE "directory_services" ADD COLUMN "open_zone" text;--> statement-breakpoint
ALTER TABLE "directory_services" ADD COLUMN "open_week" "int4multirange" DEFAULT '{}'::int4multirange NOT NULL;--> statement-breakpoint
ALTER TABLE "directory_services" ADD COLUMN "open_other" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- A service's regular opening hours as seconds of the week (0 = Sunday 00:00) in its zone, for "open now" as one
-- containment test (service.ts, openAtSql). Regular: a schedule without dates, in the zone of the service's first
-- regular schedule; anything else sets open_other, and is checked row by row. A schedule that closes at or before it
-- opens never counts as open (as the row-by-row check reads it). Set-based, as directory_refresh_place_keys.
CREATE FUNCTION directory_refresh_open_hours(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE directory_services s SET open_zone = w.zone, open_week = coalesce(w.week, '{}'::int4multirange), open_other = coalesce(w.other, false)
  FROM unnest(ids) AS a(id)
  LEFT JOIN (
    SELECT r.service_id, z.zone,
      range_agg(int4range(d.dow * 86400 + extract(epoch FROM r.opens_at)::int, d.dow * 86400 + extract(epoch FROM r.closes_at)::int))
        FILTER (WHERE r.valid_from IS NULL AND r.valid_to IS NULL AND r.time_zone = z.zone AND r.closes_at > r.opens_at AND d.dow IS NOT NULL) AS week,
      bool_or(r.valid_from IS NOT NULL OR r.valid_to IS NOT NULL OR r.time_zone IS DISTINCT FROM z.zone) AS other
    FROM directory_schedules r
    JOIN (
      SELECT service_id, min(time_zone) FILTER (WHERE valid_from IS NULL AND valid_to IS NULL) AS zone
      FROM directory_schedules WHERE service_id = ANY(ids) GROUP BY service_id
    ) z ON z.service_id = r.service_id
    LEFT JOIN LATERAL (SELECT array_position(ARRAY['SU','MO','TU','WE','TH','FR','SA'], b) - 1 AS dow FROM unnest(r.byday) AS b) d ON TRUE
    GROUP BY r.service_id, z.zone
  ) w ON w.service_id = a.id
  WHERE s.id = a.id
$$;
--> statement-breakpoint
CREATE FUNCTION directory_schedules_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM directory_refresh_open_hours(ARRAY(SELECT DISTINCT service_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM directory_refresh_open_hours(ARRAY(SELECT DISTINCT service_id FROM old_rows));
  ELSE
    PERFORM directory_refresh_open_hours(ARRAY(SELECT service_id FROM new_rows UNION SELECT service_id FROM old_rows));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER directory_schedules_added AFTER INSERT ON directory_schedules REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_schedules_changed();
--> statement-breakpoint
CREATE TRIGGER directory_schedules_removed AFTER DELETE ON directory_schedules REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_schedules_changed();
--> statement-breakpoint
CREATE TRIGGER directory_schedules_changed AFTER UPDATE ON directory_schedules REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_schedules_changed();
--> statement-breakpoint
SELECT directory_refresh_open_hours(ARRAY(SELECT id FROM directory_services));
