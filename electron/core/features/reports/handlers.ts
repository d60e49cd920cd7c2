import type { reportChannels } from '../../../../src/shared/contract';
import type { HandlerMap } from '../../ipc/handler';

type FeatureChannel = keyof typeof reportChannels;

export const reportHandlers = {} satisfies HandlerMap<FeatureChannel>;
