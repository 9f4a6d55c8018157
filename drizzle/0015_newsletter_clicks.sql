CREATE TABLE "newsletter_link_clicks" (
	"campaign_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"slug" text NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "newsletter_link_clicks_campaign_id_kind_slug_pk" PRIMARY KEY("campaign_id","kind","slug")
);
--> statement-breakpoint
ALTER TABLE "newsletter_campaigns" ADD COLUMN "count_clicks" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "newsletter_link_clicks" ADD CONSTRAINT "newsletter_link_clicks_campaign_id_newsletter_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."newsletter_campaigns"("id") ON DELETE cascade ON UPDATE no action;