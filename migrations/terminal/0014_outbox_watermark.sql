ALTER TABLE `sync_state` ADD `pushed_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- what central has is a prefix of the outbox (pushed in order, a gap refused): its last seq is the watermark
UPDATE `sync_state` SET `pushed_seq` = coalesce((SELECT max(`seq`) FROM `outbox` WHERE `pushed_at` IS NOT NULL), 0) WHERE `id` = 1;--> statement-breakpoint
DROP INDEX `outbox_pending_idx`;--> statement-breakpoint
-- in place (not a copy of the table), so AUTOINCREMENT's high-water mark stays where the restore rule may have moved it
ALTER TABLE `outbox` DROP COLUMN `pushed_at`;
