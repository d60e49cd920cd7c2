import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../electron/core/db/open';
import { checksum, makeTerminal, type TestTerminal } from '../helpers/terminal';

// The "database unchanged" assertions of the other tests are only as good as this checksum.

let t: TestTerminal;

beforeAll(async () => {
  t = await makeTerminal();
});
afterAll(() => t?.close());

describe('checksum', () => {
  it('is stable: reading (searching, listing) does not change it, nor does reopening the file', async () => {
    const first = checksum(t.sqlite);
    t.router.invoke('catalog.search', { query: 'choc' }, t.cashier);
    t.router.invoke('staff.list', {}, t.manager);
    expect(checksum(t.sqlite)).toBe(first);
    const other = openSqlite(t.file, { readonly: true });
    try {
      expect(checksum(other)).toBe(first);
    } finally {
      other.close();
    }
  });

  it('sees a change to any row, even one undone in value only', () => {
    const before = checksum(t.sqlite);
    t.sqlite.prepare("UPDATE products SET price_minor = price_minor + 1 WHERE sku = 'SKU-001'").run();
    const changed = checksum(t.sqlite);
    expect(changed).not.toBe(before);
    t.sqlite.prepare("UPDATE products SET price_minor = price_minor - 1 WHERE sku = 'SKU-001'").run();
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('sees a change to the contentless FTS index alone (through its shadow tables)', () => {
    const before = checksum(t.sqlite);
    t.sqlite.prepare("INSERT INTO products_fts (rowid, name, sku, codes, category) VALUES (99999, 'ghost', 'G', '', '')").run();
    expect(checksum(t.sqlite)).not.toBe(before);
    t.sqlite.prepare('DELETE FROM products_fts WHERE rowid = 99999').run();
  });

  it('sees a schema change and a user_version change', () => {
    const before = checksum(t.sqlite);
    t.sqlite.exec('CREATE INDEX zz_probe ON products (price_minor)');
    expect(checksum(t.sqlite)).not.toBe(before);
    t.sqlite.exec('DROP INDEX zz_probe');
    expect(checksum(t.sqlite)).toBe(before);
    const version = t.sqlite.pragma('user_version', { simple: true }) as number;
    t.sqlite.pragma(`user_version = ${version + 1}`);
    expect(checksum(t.sqlite)).not.toBe(before);
    t.sqlite.pragma(`user_version = ${version}`);
    expect(checksum(t.sqlite)).toBe(before);
  });
});
