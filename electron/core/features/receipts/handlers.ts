import type { HandlerMap } from '../../ipc/handler';
import { kickDrawer, printReceipt, printReport, renderReceipt, renderReport } from './receipts';

type ReceiptChannel = 'receipt.render' | 'receipt.print' | 'receipt.kickDrawer' | 'report.render' | 'report.print';

export const receiptHandlers = {
  'receipt.render': (ctx, input) => renderReceipt(ctx, input),
  'receipt.print': (ctx, input, session) => printReceipt(ctx, session, input),
  'receipt.kickDrawer': (ctx, input, session) => kickDrawer(ctx, session, input),
  'report.render': (ctx, input) => renderReport(ctx, input),
  'report.print': (ctx, input) => printReport(ctx, input),
} satisfies HandlerMap<ReceiptChannel>;
