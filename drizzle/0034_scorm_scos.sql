-- Packages of several SCOs: each package lists its SCOs (the single launch and mastery score of earlier versions
-- become a list of one), and a learner's attempt is kept per SCO (earlier attempts are the first SCO's).
ALTER TABLE "training_scorm_packages" ADD COLUMN "scos" jsonb;--> statement-breakpoint
UPDATE "training_scorm_packages" SET "scos" = jsonb_build_array(jsonb_build_object('identifier', '', 'title', "title", 'launch', "launch", 'masteryScore', "mastery_score"));--> statement-breakpoint
ALTER TABLE "training_scorm_packages" ALTER COLUMN "scos" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "training_scorm_packages" DROP COLUMN "launch";--> statement-breakpoint
ALTER TABLE "training_scorm_packages" DROP COLUMN "mastery_score";--> statement-breakpoint
ALTER TABLE "training_scorm_attempts" ADD COLUMN "sco" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "training_scorm_attempts" DROP CONSTRAINT "training_scorm_attempts_enrolment_id_block_id_pk";--> statement-breakpoint
ALTER TABLE "training_scorm_attempts" ADD CONSTRAINT "training_scorm_attempts_enrolment_id_block_id_sco_pk" PRIMARY KEY("enrolment_id","block_id","sco");
