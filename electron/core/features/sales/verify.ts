import { MAX_AMOUNT_MINOR, MAX_SHIFT_TURNOVER_MINOR } from '../../../../src/shared/pricing/limits';
import type { CoreContext } from '../../context';
import { adjustmentDocument, transferDocument } from '../loyalty/ledger';
import { type JournalVerdict, verifyJournal } from './journal';
import { saleDocument } from './sale';
import { shiftCloseDocument } from './shiftReport';
import { cashMovementDocument, shiftOpenDocument } from './shifts';

type Row = Record<string, unknown>;
const amount = (row: Row, key: string) => (typeof row[key] === 'number' ? (row[key] as number) : 0);
const beyond = (value: number, limit: number) => !Number.isSafeInteger(value) || Math.abs(value) > limit;

/** What is wrong with a sale or refund document: an amount out of bounds, or lines and tenders that do not add up. */
function saleDocumentProblem(document: Row): string | null {
  const lines = (document.lines as Row[] | undefined) ?? [];
  const payments = (document.payments as Row[] | undefined) ?? [];
  for (const line of lines) {
    for (const key of ['unit_price_minor', 'gross_minor', 'line_discount_minor', 'cart_discount_minor', 'tax_minor', 'total_minor']) {
      if (beyond(amount(line, key), MAX_AMOUNT_MINOR)) return `has a line amount (${key}) beyond the largest amount Ringup records`;
    }
  }
  for (const key of ['subtotal_minor', 'discount_minor', 'tax_minor', 'total_minor']) {
    if (beyond(amount(document, key), MAX_AMOUNT_MINOR)) return `has an amount (${key}) beyond the largest amount Ringup records`;
  }
  const sum = (rows: Row[], key: string) => rows.reduce((total, row) => total + amount(row, key), 0);
  if (sum(lines, 'total_minor') !== amount(document, 'total_minor')) return 'has lines that do not add up to its total';
  if (sum(lines, 'tax_minor') !== amount(document, 'tax_minor')) return 'has line taxes that do not add up to its tax';
  if (payments.length > 0 && sum(payments, 'amount_minor') !== amount(document, 'total_minor') + amount(document, 'cash_rounding_minor'))
    return 'has payments that do not add up to its total';
  return null;
}

/** What is wrong with a journalled document beyond its hash: amounts out of bounds or not adding up. */
function documentProblem(kind: string, document: unknown): string | null {
  if (document === null || typeof document !== 'object') return null;
  const row = document as Row;
  switch (kind) {
    case 'sale':
    case 'refund':
      return saleDocumentProblem(row);
    case 'cash_movement':
      return beyond(amount(row, 'amount_minor'), MAX_AMOUNT_MINOR) ? 'moves an amount beyond the largest amount Ringup records' : null;
    case 'shift_close':
      for (const key of ['salesTotalMinor', 'refundsTotalMinor', 'expectedCashMinor', 'countedCashMinor', 'overShortMinor']) {
        if (beyond(amount(row, key), MAX_SHIFT_TURNOVER_MINOR)) return `reports an amount (${key}) beyond what a shift can hold`;
      }
      return null;
    default:
      return null;
  }
}

/**
 * Walk the journal and compare every journalled document with what the database holds now; each
 * document must also add up (lines to totals, tenders to the total) and stay within Ringup's bounds.
 */
export function verifyTerminalJournal(ctx: CoreContext): JournalVerdict {
  return verifyJournal(
    ctx.sqlite,
    (kind, id) => {
      switch (kind) {
        case 'sale':
        case 'refund':
          return saleDocument(ctx, id);
        case 'cash_movement':
          return cashMovementDocument(ctx, id);
        case 'shift_open':
          return shiftOpenDocument(ctx, id);
        case 'shift_close':
          return shiftCloseDocument(ctx, id);
        case 'points_adjust':
        case 'points_redeem':
        case 'points_expire':
          return adjustmentDocument(ctx, id);
        case 'points_transfer':
          return transferDocument(ctx, id);
        default:
          return undefined;
      }
    },
    documentProblem,
  );
}
