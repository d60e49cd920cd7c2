CREATE SEQUENCE "public"."change_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "categories" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"parent_id" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"deleted_at" bigint,
	"change_seq" bigint DEFAULT nextval('change_seq') NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_barcodes" (
	"code" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" text PRIMARY KEY NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"price_minor" bigint NOT NULL,
	"tax_class_id" text NOT NULL,
	"category_id" text,
	"active" boolean DEFAULT true NOT NULL,
	"tracks_stock" boolean DEFAULT true NOT NULL,
	"sold_by_weight" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"change_seq" bigint DEFAULT nextval('change_seq') NOT NULL,
	CONSTRAINT "products_price_ck" CHECK ("products"."price_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "tax_classes" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"rate_bp" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"deleted_at" bigint,
	"change_seq" bigint DEFAULT nextval('change_seq') NOT NULL,
	CONSTRAINT "tax_classes_rate_ck" CHECK ("tax_classes"."rate_bp" >= 0 AND "tax_classes"."rate_bp" <= 100000)
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" text PRIMARY KEY NOT NULL,
	"terminal_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"topic" text NOT NULL,
	"entity_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" bigint NOT NULL,
	"received_at" bigint NOT NULL,
	CONSTRAINT "events_terminal_seq_uq" UNIQUE("terminal_id","seq"),
	CONSTRAINT "events_seq_ck" CHECK ("events"."seq" > 0)
);
--> statement-breakpoint
CREATE TABLE "sync_conflicts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"store_id" text,
	"terminal_id" text,
	"member_id" text,
	"event_id" text,
	"details" jsonb NOT NULL,
	"detected_at" bigint NOT NULL,
	"resolved_at" bigint,
	"resolved_by" text,
	CONSTRAINT "sync_conflicts_kind_ck" CHECK ("sync_conflicts"."kind" IN ('points_overspent', 'member_duplicate', 'catalog_duplicate', 'terminal_claimed', 'history_diverged', 'receipt_collision')),
	CONSTRAINT "sync_conflicts_resolved_ck" CHECK (("sync_conflicts"."resolved_at" IS NULL) = ("sync_conflicts"."resolved_by" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" text PRIMARY KEY NOT NULL,
	"card_number" text,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"tier" text DEFAULT 'bronze' NOT NULL,
	"tier_since" bigint NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"points_balance" bigint DEFAULT 0 NOT NULL,
	"joined_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"erased_at" bigint,
	"change_seq" bigint DEFAULT nextval('change_seq') NOT NULL,
	CONSTRAINT "members_tier_ck" CHECK ("members"."tier" IN ('bronze', 'silver', 'gold', 'platinum'))
);
--> statement-breakpoint
CREATE TABLE "points_ledger" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"terminal_id" text NOT NULL,
	"member_id" text NOT NULL,
	"kind" text NOT NULL,
	"points" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"sale_id" text,
	"transfer_id" text,
	"reason" text,
	"staff_id" text,
	"approved_by" text,
	"at" bigint NOT NULL,
	CONSTRAINT "points_ledger_points_ck" CHECK ("points_ledger"."points" <> 0),
	CONSTRAINT "points_ledger_kind_ck" CHECK ("points_ledger"."kind" IN ('earn', 'redeem', 'transfer_out', 'transfer_in', 'refund_reversal', 'adjust', 'expire'))
);
--> statement-breakpoint
CREATE TABLE "cash_movements" (
	"id" text PRIMARY KEY NOT NULL,
	"shift_id" text NOT NULL,
	"store_id" text NOT NULL,
	"terminal_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"reason" text NOT NULL,
	"staff_id" text NOT NULL,
	"approved_by" text,
	"created_at" bigint NOT NULL,
	CONSTRAINT "cash_movements_kind_ck" CHECK ("cash_movements"."kind" IN ('paid_in', 'paid_out', 'no_sale'))
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" text PRIMARY KEY NOT NULL,
	"sale_id" text NOT NULL,
	"store_id" text NOT NULL,
	"terminal_id" text NOT NULL,
	"method" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"tendered_minor" bigint,
	"change_minor" bigint,
	"approval_code" text,
	"card_last4" text,
	CONSTRAINT "payments_method_ck" CHECK ("payments"."method" IN ('cash', 'card', 'points')),
	CONSTRAINT "payments_last4_ck" CHECK ("payments"."card_last4" IS NULL OR "payments"."card_last4" ~ '^[0-9]{4}$')
);
--> statement-breakpoint
CREATE TABLE "sale_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"sale_id" text NOT NULL,
	"store_id" text NOT NULL,
	"terminal_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"product_id" text,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"quantity" integer NOT NULL,
	"weighed" boolean DEFAULT false NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"list_price_minor" bigint,
	"tax_class_id" text NOT NULL,
	"tax_rate_bp" integer NOT NULL,
	"gross_minor" bigint NOT NULL,
	"line_discount_minor" bigint NOT NULL,
	"cart_discount_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"original_line_id" text,
	"restock" boolean,
	CONSTRAINT "sale_lines_no_uq" UNIQUE("sale_id","line_no"),
	CONSTRAINT "sale_lines_qty_ck" CHECK ("sale_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "sale_voids" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"terminal_id" text NOT NULL,
	"cart_id" text NOT NULL,
	"scope" text NOT NULL,
	"product_id" text,
	"quantity" integer,
	"amount_minor" bigint NOT NULL,
	"staff_id" text NOT NULL,
	"approved_by" text,
	"error_correct" boolean DEFAULT false NOT NULL,
	"voided_at" bigint NOT NULL,
	CONSTRAINT "sale_voids_scope_ck" CHECK ("sale_voids"."scope" IN ('line', 'cart'))
);
--> statement-breakpoint
CREATE TABLE "sales" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"store_id" text NOT NULL,
	"terminal_id" text NOT NULL,
	"receipt_no" integer NOT NULL,
	"original_sale_id" text,
	"shift_id" text NOT NULL,
	"staff_id" text NOT NULL,
	"approved_by" text,
	"created_at" bigint NOT NULL,
	"currency" text NOT NULL,
	"prices_include_tax" boolean NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"discount_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"cash_rounding_minor" bigint DEFAULT 0 NOT NULL,
	"member_id" text,
	CONSTRAINT "sales_receipt_uq" UNIQUE("terminal_id","receipt_no"),
	CONSTRAINT "sales_kind_ck" CHECK ("sales"."kind" IN ('sale', 'refund'))
);
--> statement-breakpoint
CREATE TABLE "shifts" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"terminal_id" text NOT NULL,
	"opened_by" text NOT NULL,
	"opened_at" bigint NOT NULL,
	"opening_float_minor" bigint NOT NULL,
	"closed_by" text,
	"closed_at" bigint,
	"z_number" integer,
	"expected_cash_minor" bigint,
	"counted_cash_minor" bigint,
	"over_short_minor" bigint,
	"z_report" jsonb,
	CONSTRAINT "shifts_z_number_uq" UNIQUE("terminal_id","z_number"),
	CONSTRAINT "shifts_float_ck" CHECK ("shifts"."opening_float_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_levels" (
	"store_id" text NOT NULL,
	"product_id" text NOT NULL,
	"on_hand" bigint DEFAULT 0 NOT NULL,
	"reorder_level" integer,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "stock_levels_pk" PRIMARY KEY("store_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"terminal_id" text NOT NULL,
	"product_id" text NOT NULL,
	"delta" bigint NOT NULL,
	"reason" text NOT NULL,
	"sale_id" text,
	"sale_line_id" text,
	"staff_id" text,
	"created_at" bigint NOT NULL,
	"batch_id" text,
	"note" text,
	CONSTRAINT "stock_movements_reason_ck" CHECK ("stock_movements"."reason" IN ('sale', 'refund', 'adjustment', 'receipt', 'damaged', 'theft', 'count_correction'))
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"terminal_id" text NOT NULL,
	"name" text NOT NULL,
	"roles" jsonb NOT NULL,
	"active" boolean NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stores" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "terminals" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"registered_at" bigint NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"last_receipt_no" bigint DEFAULT 0 NOT NULL,
	"last_z_number" bigint DEFAULT 0 NOT NULL,
	"last_seen_at" bigint,
	CONSTRAINT "terminals_secret_hash_ck" CHECK ("terminals"."secret_hash" ~ '^sha256:[0-9a-f]{64}$'),
	CONSTRAINT "terminals_last_seq_ck" CHECK ("terminals"."last_seq" >= 0)
);
--> statement-breakpoint
ALTER TABLE "product_barcodes" ADD CONSTRAINT "product_barcodes_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_terminal_id_terminals_id_fk" FOREIGN KEY ("terminal_id") REFERENCES "public"."terminals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_movements" ADD CONSTRAINT "cash_movements_shift_id_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_sale_id_sales_id_fk" FOREIGN KEY ("sale_id") REFERENCES "public"."sales"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_lines" ADD CONSTRAINT "sale_lines_sale_id_sales_id_fk" FOREIGN KEY ("sale_id") REFERENCES "public"."sales"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_terminal_id_terminals_id_fk" FOREIGN KEY ("terminal_id") REFERENCES "public"."terminals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_shift_id_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_terminal_id_terminals_id_fk" FOREIGN KEY ("terminal_id") REFERENCES "public"."terminals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terminals" ADD CONSTRAINT "terminals_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "categories_name_uq" ON "categories" USING btree ("name") WHERE "categories"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "categories_parent_idx" ON "categories" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "categories_change_seq_uq" ON "categories" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "product_barcodes_product_idx" ON "product_barcodes" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "products_sku_uq" ON "products" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "products" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "products_tax_class_idx" ON "products" USING btree ("tax_class_id");--> statement-breakpoint
CREATE UNIQUE INDEX "products_change_seq_uq" ON "products" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_classes_name_uq" ON "tax_classes" USING btree ("name") WHERE "tax_classes"."deleted_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "tax_classes_change_seq_uq" ON "tax_classes" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "sync_conflicts_open_idx" ON "sync_conflicts" USING btree ("detected_at") WHERE "sync_conflicts"."resolved_at" IS NULL;--> statement-breakpoint
CREATE INDEX "sync_conflicts_member_idx" ON "sync_conflicts" USING btree ("member_id") WHERE "sync_conflicts"."member_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "sync_conflicts_terminal_idx" ON "sync_conflicts" USING btree ("terminal_id") WHERE "sync_conflicts"."terminal_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "members_card_idx" ON "members" USING btree ("card_number") WHERE "members"."card_number" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "members_email_idx" ON "members" USING btree ("email") WHERE "members"."email" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "members_phone_idx" ON "members" USING btree ("phone") WHERE "members"."phone" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "members_change_seq_uq" ON "members" USING btree ("change_seq");--> statement-breakpoint
CREATE INDEX "points_ledger_member_idx" ON "points_ledger" USING btree ("member_id","at");--> statement-breakpoint
CREATE INDEX "points_ledger_sale_idx" ON "points_ledger" USING btree ("sale_id") WHERE "points_ledger"."sale_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "points_ledger_transfer_idx" ON "points_ledger" USING btree ("transfer_id") WHERE "points_ledger"."transfer_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "cash_movements_shift_idx" ON "cash_movements" USING btree ("shift_id");--> statement-breakpoint
CREATE INDEX "payments_sale_idx" ON "payments" USING btree ("sale_id");--> statement-breakpoint
CREATE INDEX "sale_lines_product_idx" ON "sale_lines" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "sale_lines_original_idx" ON "sale_lines" USING btree ("original_line_id") WHERE "sale_lines"."original_line_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "sale_voids_store_at_idx" ON "sale_voids" USING btree ("store_id","voided_at");--> statement-breakpoint
CREATE INDEX "sales_store_created_idx" ON "sales" USING btree ("store_id","created_at");--> statement-breakpoint
CREATE INDEX "sales_shift_idx" ON "sales" USING btree ("shift_id");--> statement-breakpoint
CREATE INDEX "sales_original_idx" ON "sales" USING btree ("original_sale_id") WHERE "sales"."original_sale_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "sales_member_idx" ON "sales" USING btree ("member_id","created_at") WHERE "sales"."member_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "shifts_store_opened_idx" ON "shifts" USING btree ("store_id","opened_at");--> statement-breakpoint
CREATE INDEX "stock_levels_product_idx" ON "stock_levels" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "stock_movements_store_product_idx" ON "stock_movements" USING btree ("store_id","product_id","created_at");--> statement-breakpoint
CREATE INDEX "stock_movements_sale_idx" ON "stock_movements" USING btree ("sale_id") WHERE "stock_movements"."sale_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "staff_terminal_idx" ON "staff" USING btree ("terminal_id");--> statement-breakpoint
CREATE INDEX "terminals_store_idx" ON "terminals" USING btree ("store_id");