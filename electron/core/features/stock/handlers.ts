import type { stockChannels } from '../../../../src/shared/contract';
import type { HandlerMap } from '../../ipc/handler';
import { readHandlers } from '../../ipc/handler';
import { runJob } from '../../jobs';
import { applyCount, cancelCount, getCount, recordCount, startCount } from './counts';
import { importProducts } from './import';
import { adjustStock, listMovements, lowStock, receiveStock, setReorderLevel } from './movements';

type FeatureChannel = keyof typeof stockChannels;

export const stockHandlers = {
  'stock.receive': (ctx, input, session) => receiveStock(ctx, input, session.staff?.id ?? null),
  'stock.adjust': (ctx, input, session) => adjustStock(ctx, input, session.staff?.id ?? null),
  'stock.setReorderLevel': (ctx, input, session) => setReorderLevel(ctx, input, session.staff?.id ?? null),
  'stock.countStart': (ctx, input, session) => startCount(ctx, input, session.staff?.id ?? null),
  'stock.countRecord': (ctx, input, session) => recordCount(ctx, input, session.staff?.id ?? null),
  'stock.countApply': (ctx, input, session) => applyCount(ctx, input.countId, session.staff?.id ?? null),
  'stock.countCancel': (ctx, input, session) => cancelCount(ctx, input.countId, session.staff?.id ?? null),
  ...readHandlers({
    'stock.movements': (ctx, input) => listMovements(ctx, input),
    'stock.low': (ctx, input) => lowStock(ctx, input),
    'stock.countGet': (ctx, input) => getCount(ctx, input.countId),
  }),
  'import.products': (ctx, input, session) =>
    runJob({ jobId: input.jobId, channel: 'import.products', session, cancellable: true }, (job) =>
      importProducts(ctx, input, job, session.staff?.id ?? null),
    ),
} satisfies HandlerMap<FeatureChannel>;
