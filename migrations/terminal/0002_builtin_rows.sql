-- The two built-in roles and a zero-rate tax class, so a fresh terminal can be set up at once.
INSERT OR IGNORE INTO `roles` (`id`, `name`) VALUES ('cashier', 'Cashier'), ('manager', 'Manager');
--> statement-breakpoint
INSERT OR IGNORE INTO `tax_classes` (`id`, `name`, `rate_bp`, `created_at`, `updated_at`)
	VALUES ('zero', 'Zero rate', 0, 0, 0);
