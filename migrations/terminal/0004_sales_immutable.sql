-- Inalterability: journal rows, completed sales, their lines and payments, and closed shifts
-- can never be changed or deleted through SQL. `ringup verify` also walks the hash chain, so
-- even an edit made with these triggers dropped is found.
CREATE TRIGGER `journal_no_update` BEFORE UPDATE ON `journal` BEGIN
	SELECT RAISE(ABORT, 'journal rows are inalterable');
END;
--> statement-breakpoint
CREATE TRIGGER `journal_no_delete` BEFORE DELETE ON `journal` BEGIN
	SELECT RAISE(ABORT, 'journal rows are inalterable');
END;
--> statement-breakpoint
CREATE TRIGGER `sales_no_update` BEFORE UPDATE ON `sales` BEGIN
	SELECT RAISE(ABORT, 'completed sales are inalterable');
END;
--> statement-breakpoint
CREATE TRIGGER `sales_no_delete` BEFORE DELETE ON `sales` BEGIN
	SELECT RAISE(ABORT, 'completed sales are inalterable');
END;
--> statement-breakpoint
CREATE TRIGGER `sale_lines_no_update` BEFORE UPDATE ON `sale_lines` BEGIN
	SELECT RAISE(ABORT, 'completed sale lines are inalterable');
END;
--> statement-breakpoint
CREATE TRIGGER `sale_lines_no_delete` BEFORE DELETE ON `sale_lines` BEGIN
	SELECT RAISE(ABORT, 'completed sale lines are inalterable');
END;
--> statement-breakpoint
CREATE TRIGGER `payments_no_update` BEFORE UPDATE ON `payments` BEGIN
	SELECT RAISE(ABORT, 'payments are inalterable');
END;
--> statement-breakpoint
CREATE TRIGGER `payments_no_delete` BEFORE DELETE ON `payments` BEGIN
	SELECT RAISE(ABORT, 'payments are inalterable');
END;
--> statement-breakpoint
CREATE TRIGGER `shifts_closed_no_update` BEFORE UPDATE ON `shifts` WHEN old.closed_at IS NOT NULL BEGIN
	SELECT RAISE(ABORT, 'a closed shift is inalterable');
END;
--> statement-breakpoint
CREATE TRIGGER `shifts_no_delete` BEFORE DELETE ON `shifts` BEGIN
	SELECT RAISE(ABORT, 'shifts are inalterable');
END;
