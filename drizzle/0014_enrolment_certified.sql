DROP INDEX "training_enrolments_course";--> statement-breakpoint
ALTER TABLE "training_enrolments" ADD COLUMN "certified" boolean DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE "training_enrolments" SET "certified" = true WHERE "id" IN (SELECT "enrolment_id" FROM "training_certificates");--> statement-breakpoint
CREATE INDEX "training_enrolments_course" ON "training_enrolments" USING btree ("course_id","status","cohort_id","user_id","id","pre_score","post_score","post_attempts","post_pending","passed_attempt","certified");--> statement-breakpoint
-- Whether an enrolment has its certificate, kept on the enrolment (in the course index) for reports over a
-- whole course. A certificate is issued once per enrolment and only goes away with it.
CREATE FUNCTION training_certificates_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE training_enrolments SET certified = true WHERE id IN (SELECT enrolment_id FROM new_rows);
  ELSE
    UPDATE training_enrolments SET certified = false WHERE id IN (SELECT enrolment_id FROM old_rows);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER training_certificates_inserted AFTER INSERT ON training_certificates REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION training_certificates_changed();
--> statement-breakpoint
CREATE TRIGGER training_certificates_deleted AFTER DELETE ON training_certificates REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION training_certificates_changed();
