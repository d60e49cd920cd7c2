import type { HandlerMap } from '../../ipc/handler';
import { kickDrawer, printReceipt, renderReceipt, renderReport } from './receipts';

type ReceiptChannel = 'receipt.render' | 'receipt.print' | 'receipt.kickDrawer' | 'report.render';

export const receiptHandlers = {
  'receipt.render': (ctx, input) => renderReceipt(ctx, input),
  'receipt.print': (ctx, input) => printReceipt(ctx, input),
  'receipt.kickDrawer': (ctx, _input, session) => kickDrawer(ctx, session),
  'report.render': (ctx, input) => renderReport(ctx, input),
} satisfies HandlerMap<ReceiptChannel>;
