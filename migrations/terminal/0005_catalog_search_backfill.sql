-- 0001 created the search index empty: a terminal upgraded from schema 1 with products in it
-- could find them only by the start of their name. Index every product the index lacks.
INSERT INTO `products_fts`(rowid, name, sku, codes, category)
	SELECT p.seq, p.name, p.sku,
		(SELECT group_concat(code, ' ') FROM product_barcodes WHERE product_id = p.id),
		(SELECT name FROM categories WHERE id = p.category_id)
	FROM products p
	WHERE NOT EXISTS (SELECT 1 FROM products_fts_docsize d WHERE d.id = p.seq);
