CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`card_number` text,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`email` text,
	`phone` text,
	`tier` text DEFAULT 'bronze' NOT NULL,
	`tier_since` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`points_balance` integer DEFAULT 0 NOT NULL,
	`joined_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`erased_at` integer,
	CONSTRAINT "members_tier_ck" CHECK("members"."tier" IN ('bronze', 'silver', 'gold', 'platinum'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_card_uq` ON `members` (`card_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `members_email_uq` ON `members` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `members_phone_uq` ON `members` (`phone`);--> statement-breakpoint
CREATE INDEX `members_name_key_idx` ON `members` (`name_key`,`id`);--> statement-breakpoint
CREATE TABLE `points_ledger` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`member_id` text NOT NULL,
	`kind` text NOT NULL,
	`points` integer NOT NULL,
	`balance_after` integer NOT NULL,
	`sale_id` text,
	`transfer_id` text,
	`reason` text,
	`staff_id` text,
	`approved_by` text,
	`terminal_id` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "points_ledger_points_ck" CHECK("points_ledger"."points" <> 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `points_ledger_id_uq` ON `points_ledger` (`id`);--> statement-breakpoint
CREATE INDEX `points_ledger_member_idx` ON `points_ledger` (`member_id`,`seq`);--> statement-breakpoint
CREATE INDEX `points_ledger_sale_idx` ON `points_ledger` (`sale_id`);--> statement-breakpoint
CREATE INDEX `points_ledger_transfer_idx` ON `points_ledger` (`transfer_id`);--> statement-breakpoint
CREATE INDEX `points_ledger_staff_idx` ON `points_ledger` (`staff_id`);--> statement-breakpoint
CREATE INDEX `points_ledger_approved_by_idx` ON `points_ledger` (`approved_by`);--> statement-breakpoint
ALTER TABLE `sales` ADD `member_id` text REFERENCES members(id);--> statement-breakpoint
CREATE INDEX `sales_member_idx` ON `sales` (`member_id`,`created_at`);--> statement-breakpoint
-- The points ledger is append-only, like the journal: a movement is corrected by another one.
CREATE TRIGGER `points_ledger_no_update` BEFORE UPDATE ON `points_ledger` BEGIN
	SELECT RAISE(ABORT, 'points ledger rows are inalterable');
END;
--> statement-breakpoint
CREATE TRIGGER `points_ledger_no_delete` BEFORE DELETE ON `points_ledger` BEGIN
	SELECT RAISE(ABORT, 'points ledger rows are inalterable');
END;
