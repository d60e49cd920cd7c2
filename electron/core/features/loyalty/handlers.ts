import type { loyaltyChannels } from '../../../../src/shared/contract';
import type { HandlerMap } from '../../ipc/handler';
import { expirePoints } from './expire';
import { adjustPoints, exportMember, memberHistory, transferPoints } from './ledger';
import { enrollMember, eraseMember, findMembers, requireMember, setMemberActive, updateMember } from './members';

// the channels this feature serves: declared once, in the contract
type LoyaltyChannel = keyof typeof loyaltyChannels;

export const loyaltyHandlers = {
  'loyalty.enroll': (ctx, input, session) => enrollMember(ctx, session, input),
  'loyalty.find': (ctx, input) => findMembers(ctx, input),
  'loyalty.get': (ctx, input) => requireMember(ctx, input.id),
  'loyalty.update': (ctx, input, session) => updateMember(ctx, session, input),
  'loyalty.deactivate': (ctx, input, session) => setMemberActive(ctx, session, input),
  'loyalty.adjust': (ctx, input, session) => adjustPoints(ctx, session, input),
  'loyalty.transfer': (ctx, input, session) => transferPoints(ctx, session, input),
  'loyalty.history': (ctx, input) => memberHistory(ctx, input),
  'loyalty.export': (ctx, input, session) => exportMember(ctx, session, input.id),
  'loyalty.erase': (ctx, input, session) => eraseMember(ctx, session, input),
  // async: it commits batch by batch (see expire.ts), not in the router's one transaction
  'loyalty.expire': (ctx, input, session) => expirePoints(ctx, { dryRun: input.dryRun === true, actorStaffId: session.staff?.id ?? null }),
} satisfies HandlerMap<LoyaltyChannel>;
