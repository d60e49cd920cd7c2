DROP INDEX `points_ledger_staff_idx`;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `last_synced_at` integer;