import { formatMoney } from '../../../shared/money';

/** What each action the core writes to the audit log is called on screen. */
const ACTION_NAMES: Record<string, string> = {
  'auth.login': 'Logged in',
  'auth.logout': 'Logged out',
  'auth.failed': 'Wrong PIN',
  'auth.locked': 'Locked out after wrong PINs',
  'auth.elevate': 'Manager’s PIN on a cashier’s till',
  'auth.elevate_failed': 'Wrong manager’s PIN',
  'auth.elevate_end': 'Back to the cashier’s till',
  'approval.granted': 'Manager approved',
  'approval.failed': 'Approval refused (wrong PIN)',
  'sale.complete': 'Sale completed',
  'sale.discount': 'Discount given',
  'sale.priceOverride': 'Price changed at the till',
  'sale.oversell': 'Sold beyond the stock count',
  'sale.voidLine': 'Line voided',
  'sale.voidCart': 'Sale voided',
  'sale.errorCorrect': 'Error correction',
  'sale.park': 'Sale parked',
  'sale.resume': 'Parked sale resumed',
  'sale.refund': 'Refund',
  'sale.refundNoReceipt': 'Refund without a receipt',
  'shift.open': 'Shift opened',
  'shift.join': 'Joined a shift',
  'shift.close': 'Shift closed',
  'shift.paid_in': 'Paid in',
  'shift.paid_out': 'Paid out',
  'shift.noSale': 'No sale (drawer opened)',
  'receipt.reprint': 'Receipt reprinted',
  'drawer.kick': 'Cash drawer opened',
  'product.create': 'Product added',
  'product.update': 'Product changed',
  'product.activate': 'Product put on sale',
  'product.deactivate': 'Product taken off sale',
  'category.upsert': 'Category saved',
  'taxClass.upsert': 'Tax class saved',
  'category.delete': 'Category deleted',
  'taxClass.delete': 'Tax class deleted',
  'staff.create': 'Staff member added',
  'staff.update': 'Staff member changed',
  'settings.update': 'Settings changed',
  'stock.receive': 'Stock received',
  'stock.adjust': 'Stock adjusted',
  'stock.setReorderLevel': 'Reorder level set',
  'stock.countStart': 'Stock count started',
  'stock.countApply': 'Stock count applied',
  'stock.countCancel': 'Stock count cancelled',
  'import.products': 'Products imported',
  'export.csv': 'Data exported',
  'backup.create': 'Backup made',
  'backup.restore': 'Backup restored',
  'member.enroll': 'Loyalty member enrolled',
  'member.update': 'Loyalty member changed',
  'member.deactivate': 'Loyalty member stopped',
  'member.reactivate': 'Loyalty member restarted',
  'member.erase': 'Loyalty member erased',
  'member.export': 'Loyalty member’s data exported',
  'points.adjust': 'Points adjusted',
  'points.transfer': 'Points transferred',
};

/** The filter's choices: everything, a group (a prefix such as "sale."), or one action. */
export const ACTION_FILTERS: readonly { value: string; label: string }[] = [
  { value: '', label: 'All actions' },
  { value: 'sale.', label: 'Sales, voids and refunds' },
  { value: 'shift.', label: 'Shifts and the drawer' },
  { value: 'auth.', label: 'Logins and PINs' },
  { value: 'approval.', label: 'Approvals' },
  { value: 'stock.', label: 'Stock' },
  { value: 'product.', label: 'Products' },
  { value: 'settings.update', label: 'Settings changed' },
  { value: 'staff.', label: 'Staff' },
  { value: 'member.', label: 'Loyalty members' },
  { value: 'points.', label: 'Loyalty points' },
  { value: 'receipt.reprint', label: 'Receipts reprinted' },
  { value: 'drawer.kick', label: 'Cash drawer opened' },
  { value: 'backup.', label: 'Backups' },
  { value: 'export.csv', label: 'Exports' },
  { value: 'import.products', label: 'Imports' },
];

/** An action as people read it; one the screen does not know yet is shown by its own name. */
export function actionName(action: string): string {
  return ACTION_NAMES[action] ?? action;
}

function words(key: string): string {
  const spaced = key
    .replace(/Minor$/, '')
    .replace(/Bp$/, ' (%)')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function valueText(key: string, value: unknown, currency: string): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number' && key.endsWith('Minor')) return formatMoney(value, currency);
  if (typeof value === 'number' && key.endsWith('Bp')) return String(value / 100);
  if (typeof value === 'number' && key.endsWith('Ms')) return `${Math.round(value / 1000)} s`;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The details the core recorded with an entry, as "Key: value" pairs (amounts in the store's
 * currency). A settings change lists what changed, before → after.
 */
export function detailPairs(details: unknown, currency: string): [string, string][] {
  if (details === null || details === undefined) return [];
  if (typeof details !== 'object' || Array.isArray(details)) return [['Details', valueText('', details, currency)]];
  const record = details as Record<string, unknown>;
  const { before, after } = record;
  if (before && after && typeof before === 'object' && typeof after === 'object') {
    const was = before as Record<string, unknown>;
    const now = after as Record<string, unknown>;
    return Object.keys(now)
      .filter((key) => JSON.stringify(was[key]) !== JSON.stringify(now[key]))
      .map((key) => [words(key), `${valueText(key, was[key], currency)} → ${valueText(key, now[key], currency)}`]);
  }
  return Object.entries(record).map(([key, value]) => [words(key), valueText(key, value, currency)]);
}
