import type { Channel } from '../../../src/shared/contract';
import { authHandlers } from '../features/auth/handlers';
import { backupHandlers } from '../features/backup/handlers';
import { catalogHandlers } from '../features/catalog/handlers';
import { exportHandlers } from '../features/exports/handlers';
import { jobHandlers } from '../features/jobs/handlers';
import { loyaltyHandlers } from '../features/loyalty/handlers';
import { receiptHandlers } from '../features/receipts/handlers';
import { reportHandlers } from '../features/reports/handlers';
import { salesHandlers } from '../features/sales/handlers';
import { setupHandlers } from '../features/setup/handlers';
import { stockHandlers } from '../features/stock/handlers';
import { syncHandlers } from '../sync/handlers';
import type { Handler } from './handler';

const featureMaps = [
  setupHandlers,
  authHandlers,
  catalogHandlers,
  salesHandlers,
  receiptHandlers,
  loyaltyHandlers,
  backupHandlers,
  exportHandlers,
  stockHandlers,
  reportHandlers,
  jobHandlers,
  syncHandlers,
] as const;

/** Combine the feature maps; a channel registered twice is a programming error. */
function combine(): { [C in Channel]: Handler<C> } {
  const all: Record<string, unknown> = {};
  for (const map of featureMaps) {
    for (const [name, handler] of Object.entries(map)) {
      if (name in all) throw new Error(`Channel ${name} is registered twice`);
      all[name] = handler;
    }
  }
  return all as { [C in Channel]: Handler<C> };
}

// the type below fails to compile when a channel of the contract has no handler
export const handlers: { [C in Channel]: Handler<C> } = combine() satisfies Record<Channel, unknown>;
type AllHandled = typeof setupHandlers &
  typeof authHandlers &
  typeof catalogHandlers &
  typeof salesHandlers &
  typeof receiptHandlers &
  typeof loyaltyHandlers &
  typeof backupHandlers &
  typeof exportHandlers &
  typeof stockHandlers &
  typeof reportHandlers &
  typeof jobHandlers &
  typeof syncHandlers;
const _complete: { [C in Channel]: unknown } = {} as AllHandled;
void _complete;
