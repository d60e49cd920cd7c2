import type { stockChannels } from '../../../../src/shared/contract';
import type { HandlerMap } from '../../ipc/handler';

type FeatureChannel = keyof typeof stockChannels;

export const stockHandlers = {} satisfies HandlerMap<FeatureChannel>;
