import type { CoreContext } from '../../context';
import { type JournalVerdict, verifyJournal } from './journal';
import { saleDocument } from './sale';
import { cashMovementDocument, shiftCloseDocument, shiftOpenDocument } from './shifts';

/** Walk the journal and compare every journalled document with what the database holds now. */
export function verifyTerminalJournal(ctx: CoreContext): JournalVerdict {
  return verifyJournal(ctx.sqlite, (kind, id) => {
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
      default:
        return undefined;
    }
  });
}
