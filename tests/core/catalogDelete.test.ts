import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventSchemas } from '../../src/shared/events';
import { CATALOGUE, checksum, errorOf, makeTerminal, okData, type TestTerminal } from '../helpers/terminal';

// catalog.deleteCategory and catalog.deleteTaxClass: an empty one goes (audited, with its outbox
// event, and out of the loyalty exclusions in the same transaction); one in use is refused in words
// that say how many products hold it, and then nothing at all has changed.

let t: TestTerminal;

beforeAll(async () => {
  t = await makeTerminal();
});
afterAll(() => t?.close());

interface Named {
  id: string;
  name: string;
}

const newCategory = (name: string, parentId: string | null = null) =>
  okData<Named>(t.call('catalog.upsertCategory', { name, parentId }, t.manager));
const newTaxClass = (name: string, rateBp = 700) => okData<Named>(t.call('catalog.upsertTaxClass', { name, rateBp }, t.manager));

function auditRows(action: string, entityId: string) {
  return t.sqlite
    .prepare('SELECT actor_staff_id AS actor, entity, details FROM audit_log WHERE action = ? AND entity_id = ?')
    .all(action, entityId) as { actor: string | null; entity: string; details: string }[];
}

function outbox(topic: string, entityId: string) {
  return (
    t.sqlite.prepare('SELECT payload FROM outbox WHERE topic = ? AND entity_id = ?').all(topic, entityId) as { payload: string }[]
  ).map((row) => JSON.parse(row.payload) as Record<string, unknown>);
}

const excludedCategories = () => okData<{ loyalty: { excludedCategoryIds: string[] } }>(t.call('settings.get', {}, t.manager)).loyalty;

describe('catalog.deleteCategory', () => {
  it('deletes an empty category: audited, one category.deleted event, and it leaves the loyalty exclusions in the same change', () => {
    const frozen = newCategory('Frozen');
    const dairy = t.catalogue.categoryIds.Dairy;
    okData(t.call('settings.update', { loyalty: { excludedCategoryIds: [frozen.id, dairy] } }, t.manager));
    const settingsEvents = outbox('settings.changed', 'T-01').length;

    expect(okData(t.call('catalog.deleteCategory', { id: frozen.id }, t.manager))).toEqual({ id: frozen.id, name: 'Frozen' });

    expect(okData<Named[]>(t.call('catalog.categories', {}, t.manager)).map((c) => c.id)).not.toContain(frozen.id);
    const [row, ...more] = auditRows('category.delete', frozen.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ actor: t.managerId, entity: 'category' });
    expect(JSON.parse(row?.details ?? '{}')).toEqual({ name: 'Frozen' });
    const events = outbox('category.deleted', frozen.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ v: 1, id: frozen.id, name: 'Frozen', staffId: t.managerId });
    expect(eventSchemas['category.deleted'].safeParse(events[0]).success).toBe(true);
    // the exclusion is gone with it, the other one stays; the settings change travels too
    expect(excludedCategories().excludedCategoryIds).toEqual([dairy]);
    expect(outbox('settings.changed', 'T-01')).toHaveLength(settingsEvents + 1);
  });

  it('deletes a category that sat inside another, and then the parent can go too', () => {
    const snacks = newCategory('Snacks');
    const crisps = newCategory('Crisps', snacks.id);
    const refused = errorOf(t.call('catalog.deleteCategory', { id: snacks.id }, t.manager), 'CONFLICT');
    expect(refused.message).toBe('1 category is inside “Snacks” (“Crisps”): move it out of it first.');
    okData(t.call('catalog.deleteCategory', { id: crisps.id }, t.manager));
    okData(t.call('catalog.deleteCategory', { id: snacks.id }, t.manager));
    expect(okData<Named[]>(t.call('catalog.categories', {}, t.manager)).map((c) => c.name)).not.toContain('Snacks');
  });

  it('refuses a category that products are in with CONFLICT naming how many, and changes nothing at all', () => {
    const drinks = CATALOGUE.filter((p) => p.category === 'Drinks').length;
    const before = checksum(t.sqlite);
    const error = errorOf(t.call('catalog.deleteCategory', { id: t.catalogue.categoryIds.Drinks }, t.manager), 'CONFLICT');
    expect(error.message).toBe(`${drinks} products are in “Drinks”: move them to another category first.`);
    expect(error.details).toMatchObject({ products: drinks });
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('counts one product as one, off-sale products too, and names child categories as well', () => {
    const solo = newCategory('Solo');
    newCategory('Solo child', solo.id);
    okData(
      t.call(
        'catalog.upsertProduct',
        {
          sku: 'SOLO-1',
          name: 'Lonely Jar',
          priceMinor: 100,
          taxClassId: t.catalogue.taxClassIds.zero,
          categoryId: solo.id,
          active: false,
        },
        t.manager,
      ),
    );
    okData(t.call('settings.update', { loyalty: { excludedCategoryIds: [solo.id] } }, t.manager));
    const before = checksum(t.sqlite);
    const error = errorOf(t.call('catalog.deleteCategory', { id: solo.id }, t.manager), 'CONFLICT');
    expect(error.message).toBe('1 product is in “Solo”: move it to another category first.');
    expect(error.details).toEqual({ products: 1, categories: 1 });
    expect(checksum(t.sqlite)).toBe(before);
    expect(excludedCategories().excludedCategoryIds).toEqual([solo.id]);
  });

  it('answers an unknown id with NOT_FOUND and changes nothing', () => {
    const before = checksum(t.sqlite);
    errorOf(t.call('catalog.deleteCategory', { id: '01900000-0000-7000-8000-000000000000' }, t.manager), 'NOT_FOUND');
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('refuses a cashier (FORBIDDEN) and nobody logged in, and changes nothing', () => {
    const empty = newCategory('Cashier cannot');
    const before = checksum(t.sqlite);
    const error = errorOf(t.call('catalog.deleteCategory', { id: empty.id }, t.cashier), 'FORBIDDEN');
    expect(error.details).toEqual({ required: 'manager' });
    errorOf(t.call('catalog.deleteCategory', { id: empty.id }, t.anonymous), 'UNAUTHENTICATED');
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('refuses an invalid input with VALIDATION and changes nothing', () => {
    const before = checksum(t.sqlite);
    for (const input of [{}, { id: '' }, { id: 42 }, { id: 'x'.repeat(65) }, { id: 'x', cascade: true }, null, 'Drinks']) {
      const error = errorOf(t.call('catalog.deleteCategory', input, t.manager), 'VALIDATION');
      expect(error.details?.issues).toBeInstanceOf(Array);
    }
    expect(checksum(t.sqlite)).toBe(before);
  });
});

describe('catalog.deleteTaxClass', () => {
  it('deletes a tax class no product uses: audited, one taxClass.deleted event', () => {
    const spare = newTaxClass('Super reduced', 210);
    expect(okData(t.call('catalog.deleteTaxClass', { id: spare.id }, t.manager))).toEqual({ id: spare.id, name: 'Super reduced' });
    expect(okData<Named[]>(t.call('catalog.taxClasses', {}, t.manager)).map((c) => c.id)).not.toContain(spare.id);
    const rows = auditRows('taxClass.delete', spare.id);
    expect(rows).toEqual([{ actor: t.managerId, entity: 'tax_class', details: JSON.stringify({ name: 'Super reduced' }) }]);
    const events = outbox('taxClass.deleted', spare.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ v: 1, id: spare.id, name: 'Super reduced', staffId: t.managerId });
    expect(eventSchemas['taxClass.deleted'].safeParse(events[0]).success).toBe(true);
  });

  it('refuses a tax class that products are taxed at with CONFLICT naming how many, and changes nothing', () => {
    const reduced = CATALOGUE.filter((p) => p.tax === 'reduced').length;
    const before = checksum(t.sqlite);
    const error = errorOf(t.call('catalog.deleteTaxClass', { id: t.catalogue.taxClassIds.reduced }, t.manager), 'CONFLICT');
    expect(error.message).toBe(`${reduced} products are taxed at “Reduced”: give them another tax class first.`);
    expect(error.details).toEqual({ products: reduced });
    // one product only (an off-sale one counts)
    const single = newTaxClass('Single use', 300);
    okData(
      t.call(
        'catalog.upsertProduct',
        { sku: 'ONE-TAX', name: 'Odd Item', priceMinor: 50, taxClassId: single.id, active: false },
        t.manager,
      ),
    );
    const afterProduct = checksum(t.sqlite);
    expect(errorOf(t.call('catalog.deleteTaxClass', { id: single.id }, t.manager), 'CONFLICT').message).toBe(
      '1 product is taxed at “Single use”: give it another tax class first.',
    );
    expect(checksum(t.sqlite)).toBe(afterProduct);
    expect(before).not.toBe(afterProduct);
  });

  it('answers an unknown id with NOT_FOUND and changes nothing', () => {
    const before = checksum(t.sqlite);
    const error = errorOf(t.call('catalog.deleteTaxClass', { id: 'no-such-class' }, t.manager), 'NOT_FOUND');
    expect(error.message).toBe('Tax class no-such-class does not exist.');
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('refuses a cashier (FORBIDDEN) and nobody logged in, and changes nothing', () => {
    const spare = newTaxClass('Cashier cannot', 100);
    const before = checksum(t.sqlite);
    errorOf(t.call('catalog.deleteTaxClass', { id: spare.id }, t.cashier), 'FORBIDDEN');
    errorOf(t.call('catalog.deleteTaxClass', { id: spare.id }, t.anonymous), 'UNAUTHENTICATED');
    expect(checksum(t.sqlite)).toBe(before);
  });

  it('refuses an invalid input with VALIDATION and changes nothing', () => {
    const before = checksum(t.sqlite);
    for (const input of [{}, { id: '' }, { id: false }, { id: 'zero', rateBp: 0 }, [], 7]) {
      errorOf(t.call('catalog.deleteTaxClass', input, t.manager), 'VALIDATION');
    }
    expect(checksum(t.sqlite)).toBe(before);
  });
});
