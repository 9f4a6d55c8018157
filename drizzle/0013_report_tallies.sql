CREATE TABLE "training_item_tallies" (
	"assessment_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"correct" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "training_item_tallies_assessment_id_question_id_pk" PRIMARY KEY("assessment_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "training_questionnaire_tallies" (
	"course_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"item" text NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"total" numeric DEFAULT 0 NOT NULL,
	CONSTRAINT "training_questionnaire_tallies_course_id_kind_item_pk" PRIMARY KEY("course_id","kind","item")
);
--> statement-breakpoint
DROP INDEX "training_enrolments_course";--> statement-breakpoint
ALTER TABLE "training_enrolments" ADD COLUMN "pre_score" numeric(5, 2);--> statement-breakpoint
ALTER TABLE "training_enrolments" ADD COLUMN "post_score" numeric(5, 2);--> statement-breakpoint
ALTER TABLE "training_enrolments" ADD COLUMN "post_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "training_enrolments" ADD COLUMN "post_pending" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "training_enrolments" ADD COLUMN "passed_attempt" integer;--> statement-breakpoint
ALTER TABLE "training_item_tallies" ADD CONSTRAINT "training_item_tallies_assessment_id_training_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."training_assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_questionnaire_tallies" ADD CONSTRAINT "training_questionnaire_tallies_course_id_training_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."training_courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_attempts_awaiting" ON "training_attempts" USING btree ("submitted_at") WHERE "training_attempts"."submitted_at" IS NOT NULL AND "training_attempts"."score_percent" IS NULL;--> statement-breakpoint
CREATE INDEX "training_enrolments_course" ON "training_enrolments" USING btree ("course_id","status","cohort_id","user_id","id","pre_score","post_score","post_attempts","post_pending","passed_attempt");
--> statement-breakpoint
-- Report figures kept by the database itself, so that every way attempts and questionnaire answers change
-- (submitting, grading, deleting an account or a course, bulk loads) keeps them exact. Statement-level triggers
-- with transition tables: a bulk load updates each tally once, not once per row.

-- What one attempt's answers add to its questions' tallies: an answer counts once scored (a trainer-graded one
-- awaiting its grade has "correct": null), and counts as right when correct.
CREATE FUNCTION training_answer_tallies(answers jsonb) RETURNS TABLE (question_id uuid, answered integer, correct integer)
LANGUAGE sql IMMUTABLE AS $$
  SELECT (a.value ->> 'questionId')::uuid, count(a.value ->> 'correct')::int, count(*) FILTER (WHERE (a.value ->> 'correct')::boolean)::int
  FROM jsonb_array_elements(coalesce(answers, '[]'::jsonb)) a
  GROUP BY 1
$$;
--> statement-breakpoint
-- What one questionnaire response adds per item: numbers and yes/no (yes counts 1); free text is not tallied.
CREATE FUNCTION training_response_tallies(answers jsonb) RETURNS TABLE (item text, answered integer, total numeric)
LANGUAGE sql IMMUTABLE AS $$
  SELECT a.key, 1, CASE jsonb_typeof(a.value) WHEN 'boolean' THEN (a.value)::boolean::int::numeric ELSE (a.value #>> '{}')::numeric END
  FROM jsonb_each(answers) a
  WHERE jsonb_typeof(a.value) IN ('number', 'boolean')
$$;
--> statement-breakpoint
-- Each enrolment's scores from its submitted attempts: the first scored pre-test, the latest scored final test,
-- how many final tests were submitted and await a grade, and which one passed first.
CREATE FUNCTION training_refresh_enrolment_scores(ids uuid[]) RETURNS void
LANGUAGE sql AS $$
  UPDATE training_enrolments e
  SET pre_score = f.pre, post_score = f.post, post_attempts = coalesce(f.n, 0), post_pending = coalesce(f.pending, 0), passed_attempt = f.passed
  FROM unnest(ids) AS c(id)
  LEFT JOIN (
    SELECT a.enrolment_id,
      (array_agg(a.score_percent ORDER BY a.number) FILTER (WHERE s.kind = 'pre-test' AND a.score_percent IS NOT NULL))[1] AS pre,
      (array_agg(a.score_percent ORDER BY a.number DESC) FILTER (WHERE s.kind = 'post-test' AND a.score_percent IS NOT NULL))[1] AS post,
      count(*) FILTER (WHERE s.kind = 'post-test') AS n,
      count(*) FILTER (WHERE s.kind = 'post-test' AND a.score_percent IS NULL) AS pending,
      min(a.number) FILTER (WHERE s.kind = 'post-test' AND a.passed) AS passed
    FROM training_attempts a JOIN training_assessments s ON s.id = a.assessment_id
    WHERE a.enrolment_id = ANY (ids) AND a.submitted_at IS NOT NULL
    GROUP BY a.enrolment_id
  ) f ON f.enrolment_id = c.id
  WHERE e.id = c.id
$$;
--> statement-breakpoint
CREATE FUNCTION training_attempts_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changes text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, enrolment_id, assessment_id, answers, submitted_at FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, enrolment_id, assessment_id, answers, submitted_at FROM old_rows'
    ELSE 'SELECT 1 AS sign, enrolment_id, assessment_id, answers, submitted_at FROM new_rows UNION ALL SELECT -1, enrolment_id, assessment_id, answers, submitted_at FROM old_rows'
  END;
  ids uuid[];
BEGIN
  -- Tallies in key order, so that concurrent submissions lock them in the same order. A test being deleted
  -- (its assessment gone) has no tallies left to keep.
  EXECUTE format($q$
    INSERT INTO training_item_tallies AS t (assessment_id, question_id, answered, correct)
    SELECT c.assessment_id, x.question_id, sum(c.sign * x.answered), sum(c.sign * x.correct)
    FROM (%s) c JOIN training_assessments s ON s.id = c.assessment_id CROSS JOIN LATERAL training_answer_tallies(c.answers) x
    WHERE c.submitted_at IS NOT NULL
    GROUP BY 1, 2
    HAVING sum(c.sign * x.answered) <> 0 OR sum(c.sign * x.correct) <> 0
    ORDER BY 1, 2
    ON CONFLICT (assessment_id, question_id) DO UPDATE SET answered = t.answered + excluded.answered, correct = t.correct + excluded.correct
  $q$, changes);
  EXECUTE format('SELECT array_agg(DISTINCT enrolment_id ORDER BY enrolment_id) FROM (%s) c', changes) INTO ids;
  IF ids IS NOT NULL THEN
    PERFORM training_refresh_enrolment_scores(ids);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER training_attempts_inserted AFTER INSERT ON training_attempts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION training_attempts_changed();
--> statement-breakpoint
CREATE TRIGGER training_attempts_updated AFTER UPDATE ON training_attempts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION training_attempts_changed();
--> statement-breakpoint
CREATE TRIGGER training_attempts_deleted AFTER DELETE ON training_attempts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION training_attempts_changed();
--> statement-breakpoint
CREATE FUNCTION training_responses_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changes text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, course_id, kind, answers FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, course_id, kind, answers FROM old_rows'
    ELSE 'SELECT 1 AS sign, course_id, kind, answers FROM new_rows UNION ALL SELECT -1, course_id, kind, answers FROM old_rows'
  END;
BEGIN
  EXECUTE format($q$
    INSERT INTO training_questionnaire_tallies AS t (course_id, kind, item, answered, total)
    SELECT c.course_id, c.kind, x.item, sum(c.sign * x.answered), sum(c.sign * x.total)
    FROM (%s) c JOIN training_courses co ON co.id = c.course_id CROSS JOIN LATERAL training_response_tallies(c.answers) x
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (course_id, kind, item) DO UPDATE SET answered = t.answered + excluded.answered, total = t.total + excluded.total
  $q$, changes);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER training_responses_inserted AFTER INSERT ON training_questionnaire_responses REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION training_responses_changed();
--> statement-breakpoint
CREATE TRIGGER training_responses_updated AFTER UPDATE ON training_questionnaire_responses REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION training_responses_changed();
--> statement-breakpoint
CREATE TRIGGER training_responses_deleted AFTER DELETE ON training_questionnaire_responses REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION training_responses_changed();
--> statement-breakpoint
-- The figures of what is already there.
INSERT INTO training_item_tallies (assessment_id, question_id, answered, correct)
SELECT a.assessment_id, x.question_id, sum(x.answered), sum(x.correct)
FROM training_attempts a CROSS JOIN LATERAL training_answer_tallies(a.answers) x
WHERE a.submitted_at IS NOT NULL
GROUP BY 1, 2;
--> statement-breakpoint
SELECT training_refresh_enrolment_scores(array_agg(DISTINCT enrolment_id)) FROM training_attempts WHERE submitted_at IS NOT NULL HAVING count(*) > 0;
--> statement-breakpoint
INSERT INTO training_questionnaire_tallies (course_id, kind, item, answered, total)
SELECT r.course_id, r.kind, x.item, sum(x.answered), sum(x.total)
FROM training_questionnaire_responses r CROSS JOIN LATERAL training_response_tallies(r.answers) x
GROUP BY 1, 2, 3;
