CREATE TABLE "training_scorm_attempts" (
	"enrolment_id" uuid NOT NULL,
	"block_id" uuid NOT NULL,
	"package_id" uuid NOT NULL,
	"cmi" jsonb NOT NULL,
	"completion" text DEFAULT 'unknown' NOT NULL,
	"success" text DEFAULT 'unknown' NOT NULL,
	"score" real,
	"score_raw" real,
	"seconds_reported" integer DEFAULT 0 NOT NULL,
	"commits" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_scorm_attempts_enrolment_id_block_id_pk" PRIMARY KEY("enrolment_id","block_id")
);
--> statement-breakpoint
CREATE TABLE "training_scorm_files" (
	"package_id" uuid NOT NULL,
	"path" text NOT NULL,
	"file_id" uuid NOT NULL,
	CONSTRAINT "training_scorm_files_package_id_path_pk" PRIMARY KEY("package_id","path")
);
--> statement-breakpoint
CREATE TABLE "training_scorm_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"version" text NOT NULL,
	"edition" text,
	"title" text NOT NULL,
	"launch" text NOT NULL,
	"mastery_score" real,
	"size" bigint NOT NULL,
	"file_count" integer NOT NULL,
	"file_name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_scorm_attempts" ADD CONSTRAINT "training_scorm_attempts_enrolment_id_training_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."training_enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_scorm_attempts" ADD CONSTRAINT "training_scorm_attempts_package_id_training_scorm_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."training_scorm_packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_scorm_files" ADD CONSTRAINT "training_scorm_files_package_id_training_scorm_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."training_scorm_packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_scorm_files" ADD CONSTRAINT "training_scorm_files_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_scorm_packages" ADD CONSTRAINT "training_scorm_packages_course_id_training_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."training_courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_scorm_packages" ADD CONSTRAINT "training_scorm_packages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_scorm_packages_course_idx" ON "training_scorm_packages" USING btree ("course_id");