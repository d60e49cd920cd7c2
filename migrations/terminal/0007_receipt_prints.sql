CREATE TABLE `receipt_prints` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`copy` integer NOT NULL,
	`target` text NOT NULL,
	`staff_id` text,
	`printed_at` integer NOT NULL,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `receipt_prints_sale_idx` ON `receipt_prints` (`sale_id`,`copy`);--> statement-breakpoint
CREATE INDEX `receipt_prints_staff_idx` ON `receipt_prints` (`staff_id`);--> statement-breakpoint
CREATE INDEX `receipt_prints_printed_idx` ON `receipt_prints` (`printed_at`);
--> statement-breakpoint
-- which print was the original and how many copies went out is part of the record: inalterable
CREATE TRIGGER `receipt_prints_no_update` BEFORE UPDATE ON `receipt_prints` BEGIN
	SELECT RAISE(ABORT, 'receipt prints are inalterable');
END;
--> statement-breakpoint
CREATE TRIGGER `receipt_prints_no_delete` BEFORE DELETE ON `receipt_prints` BEGIN
	SELECT RAISE(ABORT, 'receipt prints are inalterable');
END;
