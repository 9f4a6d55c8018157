-- Codes already stored were made by earlier versions (40 bits): false for them, true for every code made from now on.
ALTER TABLE "recovery_codes" ADD COLUMN "strong" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "recovery_codes" ALTER COLUMN "strong" SET DEFAULT true;
