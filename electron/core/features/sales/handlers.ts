import type { cartChannels, salesChannels } from '../../../../src/shared/contract';
import type { HandlerMap } from '../../ipc/handler';
import { approve } from './approvals';
import {
  addOpenLine,
  currentOpenSale,
  overrideOpenPrice,
  parkOpenSale,
  removeOpenLine,
  resumeOpenSale,
  setOpenDiscount,
  setOpenMember,
  setOpenQuantity,
  voidOpenSale,
} from './openSale';
import { recentReceipts } from './recent';
import { completeSale, findSales, getSale, listParked, parkCart, recordVoid, refundSale, resumeCart } from './sale';
import { shiftReport, storedZReport } from './shiftReport';
import { closeShift, currentShift, joinShift, openShift, recordCashMovement, recordNoSale, requireOpenShift } from './shifts';
import { verifyTerminalJournal } from './verify';

// the channels this feature serves: declared once, in the contract
type SalesChannel = keyof typeof salesChannels | keyof typeof cartChannels;

export const salesHandlers = {
  'auth.approve': (ctx, input, session) => approve(ctx, session, input),
  'shift.current': (ctx) => currentShift(ctx),
  'shift.open': (ctx, input, session) => openShift(ctx, session, input.openingFloatMinor),
  'shift.join': (ctx, input, session) => joinShift(ctx, session, input.shiftId),
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
  'sale.recent': (ctx, input) => recentReceipts(ctx, input),
  'sale.get': (ctx, input) => getSale(ctx, input.id),
  'sale.refund': (ctx, input, session) => refundSale(ctx, session, input),
  'journal.verify': (ctx) => verifyTerminalJournal(ctx),
  'cart.current': (ctx, _input, session) => currentOpenSale(ctx, session),
  'cart.addLine': (ctx, input, session) => addOpenLine(ctx, session, input),
  'cart.setQuantity': (ctx, input, session) => setOpenQuantity(ctx, session, input),
  'cart.removeLine': (ctx, input, session) => removeOpenLine(ctx, session, input),
  'cart.setDiscount': (ctx, input, session) => setOpenDiscount(ctx, session, input),
  'cart.overridePrice': (ctx, input, session) => overrideOpenPrice(ctx, session, input),
  'cart.setMember': (ctx, input, session) => setOpenMember(ctx, session, input),
  'cart.void': (ctx, input, session) => voidOpenSale(ctx, session, input),
  'cart.park': (ctx, input, session) => parkOpenSale(ctx, session, input),
  'cart.resume': (ctx, input, session) => resumeOpenSale(ctx, session, input),
} satisfies HandlerMap<SalesChannel>;
