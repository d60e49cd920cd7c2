CREATE TABLE `open_sales` (
	`id` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`cart` text NOT NULL,
	`approval_ids` text DEFAULT '[]' NOT NULL,
	`label` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `open_sales_staff_uq` ON `open_sales` (`staff_id`);