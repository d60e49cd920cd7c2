import type { HandlerMap } from '../../ipc/handler';
import { countCatalog } from './count';
import { deleteCategory, deleteTaxClass } from './deletions';
import {
  getProduct,
  listCategories,
  listTaxClasses,
  scanBarcode,
  setProductActive,
  upsertCategory,
  upsertProduct,
  upsertTaxClass,
} from './products';
import { searchCatalog } from './search';

type CatalogChannel =
  | 'catalog.search'
  | 'catalog.count'
  | 'catalog.lookupBarcode'
  | 'catalog.get'
  | 'catalog.upsertProduct'
  | 'catalog.setActive'
  | 'catalog.categories'
  | 'catalog.taxClasses'
  | 'catalog.upsertCategory'
  | 'catalog.upsertTaxClass'
  | 'catalog.deleteCategory'
  | 'catalog.deleteTaxClass';

export const catalogHandlers = {
  'catalog.search': (ctx, input) => searchCatalog(ctx, input),
  'catalog.count': (ctx, input) => countCatalog(ctx, input),
  'catalog.lookupBarcode': (ctx, input) => scanBarcode(ctx, input.code),
  'catalog.get': (ctx, input) => getProduct(ctx, input.id),
  'catalog.upsertProduct': (ctx, input, session) => upsertProduct(ctx, input, session.staff?.id ?? null),
  'catalog.setActive': (ctx, input, session) => setProductActive(ctx, input.id, input.active, session.staff?.id ?? null),
  'catalog.categories': (ctx) => listCategories(ctx),
  'catalog.taxClasses': (ctx) => listTaxClasses(ctx),
  'catalog.upsertCategory': (ctx, input, session) => upsertCategory(ctx, input, session.staff?.id ?? null),
  'catalog.upsertTaxClass': (ctx, input, session) => upsertTaxClass(ctx, input, session.staff?.id ?? null),
  'catalog.deleteCategory': (ctx, input, session) => deleteCategory(ctx, input.id, session.staff?.id ?? null),
  'catalog.deleteTaxClass': (ctx, input, session) => deleteTaxClass(ctx, input.id, session.staff?.id ?? null),
} satisfies HandlerMap<CatalogChannel>;
