-- Vulnerability categories are sealed by the application from now on (care/residents.ts); rows written before keep
-- them as a plain JSON array until `ponte care reseal` seals them.
ALTER TABLE "care_residents" ALTER COLUMN "vulnerabilities" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "care_residents" ALTER COLUMN "vulnerabilities" SET DATA TYPE text USING array_to_json("vulnerabilities")::text;--> statement-breakpoint
ALTER TABLE "care_residents" ALTER COLUMN "vulnerabilities" SET DEFAULT '[]';
