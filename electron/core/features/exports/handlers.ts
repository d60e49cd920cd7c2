import type { exportChannels } from '../../../../src/shared/contract';
import type { HandlerMap } from '../../ipc/handler';
import { exportCsv } from './exportCsv';

type FeatureChannel = keyof typeof exportChannels;

export const exportHandlers = {
  'export.csv': (ctx, input, session) => exportCsv(ctx, session, input),
} satisfies HandlerMap<FeatureChannel>;
