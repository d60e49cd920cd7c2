// The loyalty programme in the till's words: points, cards, tiers, a member's history and which
// field an answer of the core is about. Nothing here decides anything: the core does.
import type { ChannelOutput } from '../../shared/contract';
import type { AppErrorData } from '../../shared/result';

export type Member = ChannelOutput<'loyalty.get'>;
export type HistoryEntry = ChannelOutput<'loyalty.history'>['items'][number];
export type Tier = Member['tier'];

/** "1 point", "1,250 points". */
export function pointsText(points: number): string {
  return `${Math.abs(points).toLocaleString('en')} ${Math.abs(points) === 1 ? 'point' : 'points'}`;
}

/** A signed count of points, as a movement: "+25", "−1,000". */
export function signedPoints(points: number): string {
  const number = Math.abs(points).toLocaleString('en');
  return points < 0 ? `−${number}` : `+${number}`;
}

/** The card as it may be shown to anyone: "****0015" (null once erased). */
export function cardLast4(cardNumber: string | null): string | null {
  return cardNumber ? `****${cardNumber.slice(-4)}` : null;
}

/** A 13-digit card number grouped as printed under an EAN-13: "2 700100 000015". */
export function cardGroups(cardNumber: string): string {
  return /^\d{13}$/.test(cardNumber) ? `${cardNumber.slice(0, 1)} ${cardNumber.slice(1, 7)} ${cardNumber.slice(7)}` : cardNumber;
}

const TIER_NAMES: Record<Tier, string> = { bronze: 'Bronze', silver: 'Silver', gold: 'Gold', platinum: 'Platinum' };

export function tierName(tier: Tier): string {
  return TIER_NAMES[tier];
}

/** What one movement of a member's points was, for the history: "Earned on T1-000042", "From Ana (transfer)". */
export function historyWhat(entry: HistoryEntry): string {
  const receipt = entry.sale?.receiptCode;
  const other = entry.counterpart?.name ?? 'an erased member';
  switch (entry.kind) {
    case 'earn':
      return receipt ? `Earned on ${receipt}` : 'Earned';
    case 'redeem':
      return receipt ? `Redeemed on ${receipt}` : 'Redeemed';
    case 'refund_reversal':
      // negative: earned points taken back; positive: points that paid, given back
      if (entry.points < 0) return receipt ? `Taken back by refund ${receipt}` : 'Taken back by a refund';
      return receipt ? `Given back by refund ${receipt}` : 'Given back by a refund';
    case 'transfer_in':
      return `From ${other} (transfer)`;
    case 'transfer_out':
      return `To ${other} (transfer)`;
    case 'adjust':
      return entry.reason ? `Adjusted: ${entry.reason}` : 'Adjusted';
    case 'expire':
      return 'Expired';
  }
}

/** A member form's fields, as the core names them in details.field. */
export type MemberField = 'name' | 'email' | 'phone' | 'cardNumber';
const FIELDS: readonly MemberField[] = ['name', 'email', 'phone', 'cardNumber'];

const isField = (value: unknown): value is MemberField => typeof value === 'string' && (FIELDS as readonly string[]).includes(value);

/**
 * The field a refusal of the core is about, with the sentence to show there: details.field, or
 * the path of the first schema issue (whose message then drops its "name: " prefix). Null when the
 * answer names no field of the form.
 */
export function fieldOfError(error: AppErrorData): { field: MemberField; message: string } | null {
  const details = error.details ?? {};
  if (isField(details.field)) return { field: details.field, message: error.message };
  const issues = Array.isArray(details.issues) ? details.issues : [];
  const first = issues[0] as { path?: unknown; message?: unknown } | undefined;
  if (first && isField(first.path) && typeof first.message === 'string') return { field: first.path, message: first.message };
  return null;
}

/** The field of a CONFLICT naming the member who holds it: the one of ours whose stored form is theirs. */
export function conflictingField(
  holder: Pick<Member, 'email' | 'phone' | 'cardNumber'>,
  sent: { email?: string | null; phone?: string | null; cardNumber?: string | null },
): MemberField | null {
  if (sent.cardNumber && holder.cardNumber === sent.cardNumber) return 'cardNumber';
  if (sent.email && holder.email === sent.email) return 'email';
  if (sent.phone && holder.phone === sent.phone) return 'phone';
  return null;
}
