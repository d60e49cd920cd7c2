DROP INDEX `points_ledger_transfer_idx`;--> statement-breakpoint
DROP INDEX `points_ledger_approved_by_idx`;--> statement-breakpoint
CREATE INDEX `points_ledger_redeem_idx` ON `points_ledger` (`member_id`,`terminal_id`,`at`) WHERE "points_ledger"."kind" = 'redeem';--> statement-breakpoint
CREATE INDEX `points_ledger_transfer_idx` ON `points_ledger` (`transfer_id`) WHERE "points_ledger"."transfer_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `points_ledger_approved_by_idx` ON `points_ledger` (`approved_by`) WHERE "points_ledger"."approved_by" IS NOT NULL;--> statement-breakpoint
DROP INDEX `sales_member_idx`;--> statement-breakpoint
CREATE INDEX `sales_member_idx` ON `sales` (`member_id`,`created_at`,`kind`,`total_minor`) WHERE "sales"."member_id" IS NOT NULL;