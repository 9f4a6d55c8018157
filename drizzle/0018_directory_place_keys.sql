ALTER TABLE "directory_services" ADD COLUMN "place_keys" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
CREATE INDEX "directory_services_places" ON "directory_services" USING gin ("place_keys");--> statement-breakpoint
CREATE INDEX "directory_services_type" ON "directory_services" USING btree ("type_code");--> statement-breakpoint
CREATE INDEX "directory_services_status" ON "directory_services" USING btree ("status","id");--> statement-breakpoint
-- The place keys of a service (region id, "city:" municipality, region id ":" municipality), kept by triggers
-- on its places, so that the search filters on place with one GIN condition.
CREATE FUNCTION directory_place_keys(service uuid) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT k ORDER BY k), '{}')
  FROM directory_service_at_locations sal JOIN directory_locations l ON l.id = sal.location_id,
       LATERAL (VALUES (l.region_id::text), ('city:' || lower(l.city)), (l.region_id::text || ':' || lower(l.city))) AS v(k)
  WHERE sal.service_id = service AND k IS NOT NULL
$$;
--> statement-breakpoint
CREATE FUNCTION directory_places_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE directory_services s SET place_keys = directory_place_keys(s.id) WHERE s.id IN (SELECT service_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE directory_services s SET place_keys = directory_place_keys(s.id) WHERE s.id IN (SELECT service_id FROM old_rows);
  ELSE
    UPDATE directory_services s SET place_keys = directory_place_keys(s.id) WHERE s.id IN (SELECT service_id FROM new_rows UNION SELECT service_id FROM old_rows);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER directory_service_at_locations_added AFTER INSERT ON directory_service_at_locations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_places_changed();
--> statement-breakpoint
CREATE TRIGGER directory_service_at_locations_removed AFTER DELETE ON directory_service_at_locations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_places_changed();
--> statement-breakpoint
CREATE TRIGGER directory_service_at_locations_changed AFTER UPDATE ON directory_service_at_locations REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_places_changed();
--> statement-breakpoint
CREATE FUNCTION directory_location_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE directory_services s SET place_keys = directory_place_keys(s.id)
  WHERE s.id IN (SELECT sal.service_id FROM directory_service_at_locations sal JOIN new_rows n ON n.id = sal.location_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER directory_locations_moved AFTER UPDATE ON directory_locations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_location_moved();
--> statement-breakpoint
UPDATE directory_services s SET place_keys = directory_place_keys(s.id);
