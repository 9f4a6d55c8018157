ALTER TABLE "directory_services" ADD COLUMN "place_keys" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
CREATE INDEX "directory_services_places" ON "directory_services" USING gin ("place_keys");--> statement-breakpoint
CREATE INDEX "directory_services_type" ON "directory_services" USING btree ("type_code");--> statement-breakpoint
CREATE INDEX "directory_services_status" ON "directory_services" USING btree ("status","id");--> statement-breakpoint
-- The place keys of a service (region id, "city:" municipality, region id ":" municipality), kept by triggers
-- on its places, so that the search filters on place with one GIN condition. Set-based, so that an import of
-- thousands of links is one grouped query whatever the tables' statistics say.
CREATE FUNCTION directory_refresh_place_keys(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE directory_services s SET place_keys = coalesce(k.keys, '{}')
  FROM unnest(ids) AS a(id)
  LEFT JOIN (
    SELECT sal.service_id, array_agg(DISTINCT v.k ORDER BY v.k) AS keys
    FROM directory_service_at_locations sal
    JOIN directory_locations l ON l.id = sal.location_id
    CROSS JOIN LATERAL (VALUES (l.region_id::text), ('city:' || lower(l.city)), (l.region_id::text || ':' || lower(l.city))) AS v(k)
    WHERE sal.service_id = ANY(ids) AND v.k IS NOT NULL
    GROUP BY sal.service_id
  ) k ON k.service_id = a.id
  WHERE s.id = a.id
$$;
--> statement-breakpoint
CREATE FUNCTION directory_places_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM directory_refresh_place_keys(ARRAY(SELECT DISTINCT service_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM directory_refresh_place_keys(ARRAY(SELECT DISTINCT service_id FROM old_rows));
  ELSE
    PERFORM directory_refresh_place_keys(ARRAY(SELECT service_id FROM new_rows UNION SELECT service_id FROM old_rows));
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
  PERFORM directory_refresh_place_keys(ARRAY(
    SELECT DISTINCT sal.service_id FROM new_rows n JOIN old_rows o ON o.id = n.id
    JOIN directory_service_at_locations sal ON sal.location_id = n.id
    WHERE n.city IS DISTINCT FROM o.city OR n.region_id IS DISTINCT FROM o.region_id));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER directory_locations_moved AFTER UPDATE ON directory_locations REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION directory_location_moved();
--> statement-breakpoint
SELECT directory_refresh_place_keys(ARRAY(SELECT id FROM directory_services));
