-- The pull cursor (see electron/core/sync/central/schema/catalog.ts). Raw SQL: drizzle cannot
-- declare triggers. Every INSERT or UPDATE of a pulled row (tax classes, categories, products,
-- members) takes the next `change_seq`, under a transaction-scoped advisory lock taken by a
-- statement-level trigger before the statement locks any row, so the sequence's order is the
-- commit order and a cursor never skips a row committed late. An UPDATE that changes nothing
-- keeps its change_seq (terminals do not pull it again); one that sets change_seq to anything
-- else asks for a new one (e.g. a product whose barcodes changed).
CREATE FUNCTION "ringup_lock_change_seq"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- ('RING', 2): the change_seq lock; ('RING', 1) is the migration lock (electron/core/sync/central/migrate.ts)
  PERFORM pg_advisory_xact_lock(1380535879, 2);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "ringup_next_change_seq"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW IS NOT DISTINCT FROM OLD THEN
    RETURN NEW;
  END IF;
  NEW.change_seq := nextval('change_seq');
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "tax_classes_change_lock" BEFORE INSERT OR UPDATE ON "tax_classes" FOR EACH STATEMENT EXECUTE FUNCTION "ringup_lock_change_seq"();
--> statement-breakpoint
CREATE TRIGGER "tax_classes_change_seq" BEFORE INSERT OR UPDATE ON "tax_classes" FOR EACH ROW EXECUTE FUNCTION "ringup_next_change_seq"();
--> statement-breakpoint
CREATE TRIGGER "categories_change_lock" BEFORE INSERT OR UPDATE ON "categories" FOR EACH STATEMENT EXECUTE FUNCTION "ringup_lock_change_seq"();
--> statement-breakpoint
CREATE TRIGGER "categories_change_seq" BEFORE INSERT OR UPDATE ON "categories" FOR EACH ROW EXECUTE FUNCTION "ringup_next_change_seq"();
--> statement-breakpoint
CREATE TRIGGER "products_change_lock" BEFORE INSERT OR UPDATE ON "products" FOR EACH STATEMENT EXECUTE FUNCTION "ringup_lock_change_seq"();
--> statement-breakpoint
CREATE TRIGGER "products_change_seq" BEFORE INSERT OR UPDATE ON "products" FOR EACH ROW EXECUTE FUNCTION "ringup_next_change_seq"();
--> statement-breakpoint
CREATE TRIGGER "members_change_lock" BEFORE INSERT OR UPDATE ON "members" FOR EACH STATEMENT EXECUTE FUNCTION "ringup_lock_change_seq"();
--> statement-breakpoint
CREATE TRIGGER "members_change_seq" BEFORE INSERT OR UPDATE ON "members" FOR EACH ROW EXECUTE FUNCTION "ringup_next_change_seq"();
