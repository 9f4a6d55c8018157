-- Screening answers are sealed by the application from now on (care/screenings.ts); rows written before keep their
-- JSON as plain text until `ponte care reseal` seals them.
ALTER TABLE "care_screenings" ALTER COLUMN "answers" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "care_screenings" ALTER COLUMN "answers" SET DATA TYPE text USING "answers"::text;--> statement-breakpoint
ALTER TABLE "care_screenings" ALTER COLUMN "answers" SET DEFAULT '{}';
