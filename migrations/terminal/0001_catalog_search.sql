-- Full-text index over name, SKU, barcodes and category name, kept right by triggers.
-- Contentless (the text lives in products); contentless_delete lets triggers remove rows.
-- The rowid is products.seq. prefix='1 2 3' makes 1-3 letter as-you-type prefixes cheap.
CREATE VIRTUAL TABLE `products_fts` USING fts5(
	name, sku, codes, category,
	content='', contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2',
	prefix='1 2 3'
);
--> statement-breakpoint
CREATE TRIGGER `products_fts_ai` AFTER INSERT ON `products` BEGIN
	INSERT INTO `products_fts`(rowid, name, sku, codes, category) VALUES (
		new.seq, new.name, new.sku,
		(SELECT group_concat(code, ' ') FROM product_barcodes WHERE product_id = new.id),
		(SELECT name FROM categories WHERE id = new.category_id));
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_au` AFTER UPDATE OF seq, id, name, sku, category_id ON `products` BEGIN
	DELETE FROM `products_fts` WHERE rowid = old.seq;
	INSERT INTO `products_fts`(rowid, name, sku, codes, category) VALUES (
		new.seq, new.name, new.sku,
		(SELECT group_concat(code, ' ') FROM product_barcodes WHERE product_id = new.id),
		(SELECT name FROM categories WHERE id = new.category_id));
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_ad` AFTER DELETE ON `products` BEGIN
	DELETE FROM `products_fts` WHERE rowid = old.seq;
END;
--> statement-breakpoint
CREATE TRIGGER `product_barcodes_fts_ai` AFTER INSERT ON `product_barcodes` BEGIN
	DELETE FROM `products_fts` WHERE rowid = (SELECT seq FROM products WHERE id = new.product_id);
	INSERT INTO `products_fts`(rowid, name, sku, codes, category)
		SELECT p.seq, p.name, p.sku,
			(SELECT group_concat(code, ' ') FROM product_barcodes WHERE product_id = p.id),
			(SELECT name FROM categories WHERE id = p.category_id)
		FROM products p WHERE p.id = new.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER `product_barcodes_fts_ad` AFTER DELETE ON `product_barcodes` BEGIN
	DELETE FROM `products_fts` WHERE rowid = (SELECT seq FROM products WHERE id = old.product_id);
	INSERT INTO `products_fts`(rowid, name, sku, codes, category)
		SELECT p.seq, p.name, p.sku,
			(SELECT group_concat(code, ' ') FROM product_barcodes WHERE product_id = p.id),
			(SELECT name FROM categories WHERE id = p.category_id)
		FROM products p WHERE p.id = old.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER `product_barcodes_fts_au` AFTER UPDATE ON `product_barcodes` BEGIN
	DELETE FROM `products_fts` WHERE rowid IN (SELECT seq FROM products WHERE id IN (old.product_id, new.product_id));
	INSERT INTO `products_fts`(rowid, name, sku, codes, category)
		SELECT p.seq, p.name, p.sku,
			(SELECT group_concat(code, ' ') FROM product_barcodes WHERE product_id = p.id),
			(SELECT name FROM categories WHERE id = p.category_id)
		FROM products p WHERE p.id IN (old.product_id, new.product_id);
END;
--> statement-breakpoint
CREATE TRIGGER `categories_fts_au` AFTER UPDATE OF name ON `categories` BEGIN
	DELETE FROM `products_fts` WHERE rowid IN (SELECT seq FROM products WHERE category_id = new.id);
	INSERT INTO `products_fts`(rowid, name, sku, codes, category)
		SELECT p.seq, p.name, p.sku,
			(SELECT group_concat(code, ' ') FROM product_barcodes WHERE product_id = p.id),
			new.name
		FROM products p WHERE p.category_id = new.id;
END;
