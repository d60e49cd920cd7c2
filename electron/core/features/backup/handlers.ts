import type { backupChannels } from '../../../../src/shared/contract';
import type { HandlerMap } from '../../ipc/handler';

type FeatureChannel = keyof typeof backupChannels;

export const backupHandlers = {} satisfies HandlerMap<FeatureChannel>;
