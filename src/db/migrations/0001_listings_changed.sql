-- Every committed change to listings is announced on the channel `listcast_listings`, whoever makes it
-- (an API route, the import job, another process, an operator's SQL). Each process listens and forgets
-- the list pages it remembers (see src/lib/invalidated-cache.ts). One message per statement, sent on commit.
CREATE FUNCTION "listings_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('listcast_listings', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "listings_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "listings"
  FOR EACH STATEMENT EXECUTE FUNCTION "listings_changed"();
