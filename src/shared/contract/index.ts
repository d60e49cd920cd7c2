import type { z } from 'zod';
import { authChannels } from './auth';
import { backupChannels } from './backup';
import { cartChannels } from './cart';
import { catalogChannels } from './catalog';
import type { ChannelDef } from './define';
import { exportChannels } from './exports';
import { jobChannels } from './jobs';
import { loyaltyChannels } from './loyalty';
import { CHANNEL_NAMES, type ChannelName } from './names';
import { receiptChannels } from './receipts';
import { reportChannels } from './reports';
import { salesChannels } from './sales';
import { setupChannels } from './setup';
import { stockChannels } from './stock';
import { syncChannels } from './sync';

/** Every channel of the terminal: the single source of truth for IPC, the web bridge and the CLI. */
export const contract = {
  ...setupChannels,
  ...authChannels,
  ...catalogChannels,
  ...salesChannels,
  ...cartChannels,
  ...receiptChannels,
  ...loyaltyChannels,
  ...backupChannels,
  ...exportChannels,
  ...stockChannels,
  ...reportChannels,
  ...jobChannels,
  ...syncChannels,
} satisfies Record<ChannelName, ChannelDef>;

// the list the preload uses must name exactly the channels above
type Missing = Exclude<keyof typeof contract, ChannelName>;
const _everyChannelNamed: Missing extends never ? true : Missing = true;
void _everyChannelNamed;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name);
}

export * from './approvals';
export * from './auth';
export * from './backup';
export * from './cart';
export * from './catalog';
export * from './common';
export * from './define';
export * from './exports';
export * from './jobs';
export * from './loyalty';
export * from './receipts';
export * from './reports';
export * from './sales';
export * from './setup';
export * from './stock';
export { CHANNEL_NAMES };
