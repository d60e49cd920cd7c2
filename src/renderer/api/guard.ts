import type { RingupApi } from '../../shared/api';
import type { Channel, ChannelInput } from '../../shared/contract';

/** Channels whose UNAUTHENTICATED answer is part of their normal flow, not a lost session. */
const LOGIN_FLOW: ReadonlySet<Channel> = new Set(['auth.login', 'auth.logout', 'auth.whoami', 'setup.status', 'auth.directory']);

/** A wrong manager PIN at auth.approve (or auth.elevate) is UNAUTHENTICATED too, but it says how many tries are left: the session is fine. */
function isWrongApprovalPin(channel: Channel, details: Record<string, unknown> | undefined): boolean {
  return (channel === 'auth.approve' || channel === 'auth.elevate') && details?.triesLeft !== undefined;
}

/**
 * Wrap an api so that a session lost on the other side (terminal restarted, session expired)
 * is reported once to `onSessionLost` — the app then returns to the login screen.
 */
export function withSessionGuard(api: RingupApi, onSessionLost: () => void): RingupApi {
  return {
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>) {
      const result = await api.invoke(channel, input);
      if (
        !result.ok &&
        result.error.code === 'UNAUTHENTICATED' &&
        !LOGIN_FLOW.has(channel) &&
        result.error.details?.transport === undefined &&
        !isWrongApprovalPin(channel, result.error.details)
      ) {
        onSessionLost();
      }
      return result;
    },
  };
}
