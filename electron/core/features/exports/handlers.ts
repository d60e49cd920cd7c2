import type { exportChannels } from '../../../../src/shared/contract';
import type { HandlerMap } from '../../ipc/handler';

type FeatureChannel = keyof typeof exportChannels;

export const exportHandlers = {} satisfies HandlerMap<FeatureChannel>;
