import { asc, count, eq } from 'drizzle-orm';
import { audit, emitEvent } from '../../audit';
import type { CoreContext } from '../../context';
import { categories, products, taxClasses } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { readSettings, writeSettings } from '../setup/settings';

// Deleting a category or a tax class: refused in words while anything is in it. The checks come
// before the DELETE, so the manager reads what to do, never the foreign key's error.

type Deleted = { id: string; name: string };

const productsAre = (n: number) => (n === 1 ? '1 product is' : `${n.toLocaleString('en')} products are`);
const themOrIt = (n: number) => (n === 1 ? 'it' : 'them');
const quotedList = (names: string[]) =>
  names
    .slice(0, 3)
    .map((name) => `“${name}”`)
    .join(', ') + (names.length > 3 ? ', …' : '');

/** catalog.deleteCategory: a category with no products and no categories inside; it also leaves the loyalty exclusions. */
export function deleteCategory(ctx: CoreContext, id: string, staffId: string | null): Deleted {
  const category = ctx.db.select({ id: categories.id, name: categories.name }).from(categories).where(eq(categories.id, id)).get();
  if (!category) throw notFound('Category', id);
  const used = ctx.db.select({ n: count() }).from(products).where(eq(products.categoryId, id)).get()?.n ?? 0;
  const inside = ctx.db
    .select({ name: categories.name })
    .from(categories)
    .where(eq(categories.parentId, id))
    .orderBy(asc(categories.name))
    .all()
    .map((row) => row.name);
  const details = { products: used, categories: inside.length };
  if (used > 0)
    throw new AppError(
      'CONFLICT',
      `${productsAre(used)} in “${category.name}”: move ${themOrIt(used)} to another category first.`,
      details,
    );
  if (inside.length > 0)
    throw new AppError(
      'CONFLICT',
      `${inside.length === 1 ? '1 category is' : `${inside.length} categories are`} inside “${category.name}” (${quotedList(inside)}): move ${themOrIt(inside.length)} out of it first.`,
      details,
    );

  // a category that earns no points is no longer one once it is gone (same transaction)
  const { excludedCategoryIds } = readSettings(ctx).loyalty;
  if (excludedCategoryIds.includes(id))
    writeSettings(ctx, { loyalty: { excludedCategoryIds: excludedCategoryIds.filter((excluded) => excluded !== id) } }, staffId);

  ctx.db.delete(categories).where(eq(categories.id, id)).run();
  audit(ctx, { action: 'category.delete', actorStaffId: staffId, entity: 'category', entityId: id, details: { name: category.name } });
  emitEvent(ctx, 'category.deleted', id, { v: 1, id, name: category.name, staffId, at: ctx.now() });
  return category;
}

/** catalog.deleteTaxClass: a tax class no product is taxed at (sold lines keep their own copy of the rate). */
export function deleteTaxClass(ctx: CoreContext, id: string, staffId: string | null): Deleted {
  const taxClass = ctx.db.select({ id: taxClasses.id, name: taxClasses.name }).from(taxClasses).where(eq(taxClasses.id, id)).get();
  if (!taxClass) throw notFound('Tax class', id);
  const used = ctx.db.select({ n: count() }).from(products).where(eq(products.taxClassId, id)).get()?.n ?? 0;
  if (used > 0)
    throw new AppError('CONFLICT', `${productsAre(used)} taxed at “${taxClass.name}”: give ${themOrIt(used)} another tax class first.`, {
      products: used,
    });
  ctx.db.delete(taxClasses).where(eq(taxClasses.id, id)).run();
  audit(ctx, { action: 'taxClass.delete', actorStaffId: staffId, entity: 'tax_class', entityId: id, details: { name: taxClass.name } });
  emitEvent(ctx, 'taxClass.deleted', id, { v: 1, id, name: taxClass.name, staffId, at: ctx.now() });
  return taxClass;
}
