CREATE TABLE `request_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`request_hash` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `request_keys_created_idx` ON `request_keys` (`created_at`);--> statement-breakpoint
ALTER TABLE `approvals` ADD `target_id` text;--> statement-breakpoint
ALTER TABLE `approvals` ADD `terms` text;--> statement-breakpoint
ALTER TABLE `parked_carts` ADD `resumed_at` integer;--> statement-breakpoint
ALTER TABLE `parked_carts` ADD `resumed_by` text REFERENCES staff(id);--> statement-breakpoint
CREATE INDEX `parked_carts_resumed_by_idx` ON `parked_carts` (`resumed_by`);--> statement-breakpoint
-- documents made before request hashes were kept: their ids stay taken, for their own kind only
INSERT INTO `request_keys` (`id`, `kind`, `request_hash`, `created_at`) SELECT `id`, `kind`, NULL, `created_at` FROM `sales`;
