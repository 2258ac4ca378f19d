CREATE TABLE "ai_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"content_set_id" uuid,
	"role" text NOT NULL,
	"model" text NOT NULL,
	"input_tokens" integer NOT NULL,
	"cached_input_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"cost_micros" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"listing_id" uuid,
	"kind" text NOT NULL,
	"event" text,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"model" text NOT NULL,
	"tone" text NOT NULL,
	"seed" integer NOT NULL,
	"input_hash" text NOT NULL,
	"request" jsonb NOT NULL,
	"analysis" jsonb,
	"description" jsonb,
	"posts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"compliance" jsonb,
	"cost" jsonb,
	"error" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"hashtag_cap" integer DEFAULT 5 NOT NULL,
	"cost_cap_micros" integer DEFAULT 20000 NOT NULL,
	"over_cap" text DEFAULT 'fallback' NOT NULL,
	"disclosure_on" jsonb DEFAULT '["description","facebook","linkedin"]'::jsonb NOT NULL,
	"license_on" jsonb DEFAULT '["description","facebook","linkedin"]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ai_calls" ADD CONSTRAINT "ai_calls_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_calls" ADD CONSTRAINT "ai_calls_content_set_id_content_sets_id_fk" FOREIGN KEY ("content_set_id") REFERENCES "public"."content_sets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_sets" ADD CONSTRAINT "content_sets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_sets" ADD CONSTRAINT "content_sets_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_settings" ADD CONSTRAINT "content_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ai_calls_workspace_idx" ON "ai_calls" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "content_sets_workspace_idx" ON "content_sets" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "content_sets_version_key" ON "content_sets" USING btree ("listing_id","event","version");--> statement-breakpoint
CREATE INDEX "content_sets_input_idx" ON "content_sets" USING btree ("workspace_id","input_hash");