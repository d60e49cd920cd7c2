import type { salesChannels } from '../../../../src/shared/contract';
import type { HandlerMap } from '../../ipc/handler';
import { approve } from './approvals';
import { completeSale, findSales, getSale, listParked, parkCart, recordVoid, refundSale, resumeCart } from './sale';
import {
  closeShift,
  currentShift,
  openShift,
  recordCashMovement,
  recordNoSale,
  requireOpenShift,
  shiftReport,
  storedZReport,
} from './shifts';
import { verifyTerminalJournal } from './verify';

// the channels this feature serves: declared once, in the contract
type SalesChannel = keyof typeof salesChannels;

export const salesHandlers = {
  'auth.approve': (ctx, input, session) => approve(ctx, session, input),
  'shift.current': (ctx) => currentShift(ctx),
  'shift.open': (ctx, input, session) => openShift(ctx, session, input.openingFloatMinor),
  'shift.cashMovement': (ctx, input, session) => recordCashMovement(ctx, session, input),
  'shift.noSale': (ctx, input, session) => ({ ...recordNoSale(ctx, session, input), drawerKicked: false }),
  'shift.xReport': (ctx) => shiftReport(ctx, requireOpenShift(ctx).id),
  'shift.close': (ctx, input, session) => closeShift(ctx, session, input.counted),
  'shift.zReport': (ctx, input) => storedZReport(ctx, input),
  'sale.complete': (ctx, input, session) => completeSale(ctx, session, input),
  'sale.park': (ctx, input, session) => parkCart(ctx, session, input),
  'sale.listParked': (ctx) => listParked(ctx),
  'sale.resume': (ctx, input, session) => resumeCart(ctx, session, input.id),
  'sale.void': (ctx, input, session) => recordVoid(ctx, session, input),
  'sale.find': (ctx, input) => findSales(ctx, input.receipt),
  'sale.get': (ctx, input) => getSale(ctx, input.id),
  'sale.refund': (ctx, input, session) => refundSale(ctx, session, input),
  'journal.verify': (ctx) => verifyTerminalJournal(ctx),
} satisfies HandlerMap<SalesChannel>;
