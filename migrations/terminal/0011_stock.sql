CREATE TABLE `stock_count_lines` (
	`count_id` text NOT NULL,
	`product_id` text NOT NULL,
	`counted` integer NOT NULL,
	`expected` integer NOT NULL,
	`recorded_by` text,
	`recorded_at` integer NOT NULL,
	PRIMARY KEY(`count_id`, `product_id`),
	FOREIGN KEY (`count_id`) REFERENCES `stock_counts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stock_count_lines_counted_ck" CHECK("stock_count_lines"."counted" >= 0)
);
--> statement-breakpoint
CREATE INDEX `stock_count_lines_product_idx` ON `stock_count_lines` (`product_id`);--> statement-breakpoint
CREATE TABLE `stock_counts` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`note` text,
	`started_by` text,
	`started_at` integer NOT NULL,
	`closed_by` text,
	`closed_at` integer,
	FOREIGN KEY (`started_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stock_counts_status_ck" CHECK("stock_counts"."status" IN ('open', 'applied', 'cancelled'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stock_counts_one_open_uq` ON `stock_counts` (`status`) WHERE "stock_counts"."status" = 'open';--> statement-breakpoint
CREATE INDEX `stock_counts_started_idx` ON `stock_counts` (`started_at`);--> statement-breakpoint
ALTER TABLE `products` ADD `reorder_level` integer;--> statement-breakpoint
ALTER TABLE `stock_movements` ADD `batch_id` text;--> statement-breakpoint
ALTER TABLE `stock_movements` ADD `note` text;--> statement-breakpoint
CREATE INDEX `stock_movements_created_idx` ON `stock_movements` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `stock_movements_batch_idx` ON `stock_movements` (`batch_id`);