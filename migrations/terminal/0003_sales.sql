CREATE TABLE `approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`action` text NOT NULL,
	`manager_id` text NOT NULL,
	`requested_by` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`manager_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approvals_manager_idx` ON `approvals` (`manager_id`);--> statement-breakpoint
CREATE INDEX `approvals_requested_idx` ON `approvals` (`requested_by`);--> statement-breakpoint
CREATE TABLE `cash_movements` (
	`id` text PRIMARY KEY NOT NULL,
	`shift_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`reason` text NOT NULL,
	`staff_id` text NOT NULL,
	`approved_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cash_movements_shift_idx` ON `cash_movements` (`shift_id`);--> statement-breakpoint
CREATE INDEX `cash_movements_staff_idx` ON `cash_movements` (`staff_id`);--> statement-breakpoint
CREATE INDEX `cash_movements_approved_idx` ON `cash_movements` (`approved_by`);--> statement-breakpoint
CREATE TABLE `counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `journal` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`document_id` text NOT NULL,
	`payload` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `journal_document_idx` ON `journal` (`document_id`);--> statement-breakpoint
CREATE TABLE `parked_carts` (
	`id` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`label` text NOT NULL,
	`cart` text NOT NULL,
	`total_minor` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `parked_carts_staff_idx` ON `parked_carts` (`staff_id`);--> statement-breakpoint
CREATE INDEX `parked_carts_created_idx` ON `parked_carts` (`created_at`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`method` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`tendered_minor` integer,
	`change_minor` integer,
	`approval_code` text,
	`card_last4` text,
	`reference` text,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "payments_last4_ck" CHECK("payments"."card_last4" IS NULL OR (length("payments"."card_last4") = 4 AND "payments"."card_last4" NOT GLOB '*[^0-9]*'))
);
--> statement-breakpoint
CREATE INDEX `payments_sale_idx` ON `payments` (`sale_id`);--> statement-breakpoint
CREATE TABLE `sale_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`product_id` text,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`quantity` integer NOT NULL,
	`weighed` integer DEFAULT false NOT NULL,
	`unit_price_minor` integer NOT NULL,
	`list_price_minor` integer,
	`tax_class_id` text NOT NULL,
	`tax_rate_bp` integer NOT NULL,
	`gross_minor` integer NOT NULL,
	`line_discount_minor` integer NOT NULL,
	`cart_discount_minor` integer NOT NULL,
	`tax_minor` integer NOT NULL,
	`total_minor` integer NOT NULL,
	`original_line_id` text,
	`restock` integer,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`original_line_id`) REFERENCES `sale_lines`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sale_lines_qty_ck" CHECK("sale_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sale_lines_no_uq` ON `sale_lines` (`sale_id`,`line_no`);--> statement-breakpoint
CREATE INDEX `sale_lines_product_idx` ON `sale_lines` (`product_id`);--> statement-breakpoint
CREATE INDEX `sale_lines_original_idx` ON `sale_lines` (`original_line_id`);--> statement-breakpoint
CREATE TABLE `sales` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`terminal_id` text NOT NULL,
	`receipt_no` integer NOT NULL,
	`original_sale_id` text,
	`shift_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`approved_by` text,
	`created_at` integer NOT NULL,
	`currency` text NOT NULL,
	`prices_include_tax` integer NOT NULL,
	`subtotal_minor` integer NOT NULL,
	`discount_minor` integer NOT NULL,
	`tax_minor` integer NOT NULL,
	`total_minor` integer NOT NULL,
	`cash_rounding_minor` integer DEFAULT 0 NOT NULL,
	`journal_seq` integer,
	FOREIGN KEY (`original_sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_receipt_uq` ON `sales` (`terminal_id`,`receipt_no`);--> statement-breakpoint
CREATE INDEX `sales_original_idx` ON `sales` (`original_sale_id`);--> statement-breakpoint
CREATE INDEX `sales_shift_idx` ON `sales` (`shift_id`);--> statement-breakpoint
CREATE INDEX `sales_staff_idx` ON `sales` (`staff_id`);--> statement-breakpoint
CREATE INDEX `sales_approved_by_idx` ON `sales` (`approved_by`);--> statement-breakpoint
CREATE INDEX `sales_created_idx` ON `sales` (`created_at`);--> statement-breakpoint
CREATE TABLE `shifts` (
	`id` text PRIMARY KEY NOT NULL,
	`terminal_id` text NOT NULL,
	`opened_by` text NOT NULL,
	`opened_at` integer NOT NULL,
	`opening_float_minor` integer NOT NULL,
	`closed_by` text,
	`closed_at` integer,
	`z_number` integer,
	`expected_cash_minor` integer,
	`counted_cash_minor` integer,
	`over_short_minor` integer,
	`z_report` text,
	FOREIGN KEY (`opened_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "shifts_float_ck" CHECK("shifts"."opening_float_minor" >= 0)
);
--> statement-breakpoint
CREATE INDEX `shifts_opened_by_idx` ON `shifts` (`opened_by`);--> statement-breakpoint
CREATE INDEX `shifts_closed_by_idx` ON `shifts` (`closed_by`);--> statement-breakpoint
CREATE UNIQUE INDEX `shifts_z_number_uq` ON `shifts` (`terminal_id`,`z_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `shifts_one_open_uq` ON `shifts` (`terminal_id`) WHERE "shifts"."closed_at" IS NULL;--> statement-breakpoint
CREATE TABLE `stock_movements` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`delta` integer NOT NULL,
	`reason` text NOT NULL,
	`sale_id` text,
	`sale_line_id` text,
	`staff_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sale_line_id`) REFERENCES `sale_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stock_movements_product_idx` ON `stock_movements` (`product_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `stock_movements_sale_idx` ON `stock_movements` (`sale_id`);--> statement-breakpoint
CREATE INDEX `stock_movements_line_idx` ON `stock_movements` (`sale_line_id`);--> statement-breakpoint
CREATE INDEX `stock_movements_staff_idx` ON `stock_movements` (`staff_id`);