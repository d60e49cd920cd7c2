CREATE TABLE `sync_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`secret` text NOT NULL,
	`registered_at` integer,
	`pull_cursor` integer DEFAULT 0 NOT NULL,
	`pushed_ledger_seq` integer DEFAULT 0 NOT NULL,
	`last_push_at` integer,
	`last_pull_at` integer,
	`last_error` text,
	`last_error_at` integer
);
--> statement-breakpoint
ALTER TABLE `members` ADD `remote_points` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- the terminal's identity toward central, made once here so every later backup carries it:
-- a store id (S- and 8 hex digits, to be typed at the store's other tills) and a 256-bit secret
INSERT INTO `sync_state` (`id`, `store_id`, `secret`) VALUES (1, 'S-' || upper(hex(randomblob(4))), lower(hex(randomblob(32))));
