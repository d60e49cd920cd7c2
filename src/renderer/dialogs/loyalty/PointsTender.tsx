import { type RefObject, useId } from 'react';
import { formatMoney } from '../../../shared/money';
import { pointsText } from '../../checkout/loyalty';
import type { OpenMember } from '../../stores/cart';
import { PointsField } from './PointsField';

/** What the points typed into the pay dialog come to: the tender to send, or why not yet. */
export interface PointsPlan {
  /** the points tender of sale.complete (its worth: points × the store's point value, as the contract has it) */
  payment: { method: 'points'; points: number; amountMinor: number } | null;
  /** what the points pay (0 when none) */
  worthMinor: number;
  problem: string | null;
}

/** The points tender for `text` typed, checked against what the core said can pay this sale. */
export function planPoints(member: OpenMember | null, usePoints: boolean, text: string): PointsPlan {
  if (!member || !usePoints) return { payment: null, worthMinor: 0, problem: null };
  const points = /^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : 0;
  if (points <= 0) return { payment: null, worthMinor: 0, problem: 'Type how many points pay, or turn points off.' };
  if (points > member.redeemablePoints)
    return { payment: null, worthMinor: 0, problem: `At most ${pointsText(member.redeemablePoints)} can pay this sale.` };
  const worthMinor = points * member.pointValueMinor;
  return { payment: { method: 'points', points, amountMinor: worthMinor }, worthMinor, problem: null };
}

/**
 * The daily cap's sentence when it is what limits the points now (the till has not synced with
 * the head office, so one member redeems at most the store's cap a day here), else null.
 */
export function capSentence(member: OpenMember, totalMinor: number, dailyCap: number): string | null {
  if (member.dailyCapLeft === null) return null;
  const couldPay = Math.min(member.pointsBalance, Math.floor(totalMinor / member.pointValueMinor));
  if (member.dailyCapLeft >= couldPay) return null;
  return `Until this till has synced with the head office, ${member.name} may redeem ${pointsText(dailyCap)} a day here: ${pointsText(member.dailyCapLeft)} left today.`;
}

/** The pay dialog's Points option: on, it fills in as many points as can pay; their worth; the cap when it limits them. */
export function PointsTender({
  member,
  totalMinor,
  currency,
  dailyCap,
  usePoints,
  onToggle,
  text,
  onText,
  inputRef,
  problem,
  onEnter,
  disabled,
}: {
  member: OpenMember;
  totalMinor: number;
  currency: string;
  dailyCap: number;
  usePoints: boolean;
  onToggle(on: boolean): void;
  text: string;
  onText(text: string): void;
  inputRef: RefObject<HTMLInputElement | null>;
  problem: string | null;
  onEnter(): void;
  disabled?: boolean;
}) {
  const id = useId();
  const cap = capSentence(member, totalMinor, dailyCap);
  const canPay = member.redeemablePoints > 0;
  const worth = member.redeemablePoints * member.pointValueMinor;
  return (
    <div className="pay-points" data-testid="pay-points">
      <div className="pay-points-head">
        <button
          type="button"
          className="segment pay-points-toggle"
          aria-pressed={usePoints}
          disabled={disabled || !canPay}
          onClick={() => onToggle(!usePoints)}
        >
          Pay with points
        </button>
        <p className="pay-points-text">
          {member.name} has {pointsText(member.pointsBalance)}
          {canPay
            ? `; up to ${pointsText(member.redeemablePoints)} (${formatMoney(worth, currency)}) can pay this sale.`
            : member.pointsBalance > 0 && member.pointsBalance < member.minRedeemPoints
              ? `: at least ${pointsText(member.minRedeemPoints)} are redeemed at a time.`
              : '.'}
        </p>
      </div>
      {cap && (
        <p className="alert alert-info pay-points-cap" role="status" data-testid="points-cap">
          {cap}
        </p>
      )}
      {usePoints && (
        <PointsField
          id={`${id}-points`}
          label="Points to redeem"
          hint={
            /^\d+$/.test(text)
              ? `Worth ${formatMoney(Number(text) * member.pointValueMinor, currency)} · at least ${pointsText(member.minRedeemPoints)} at a time`
              : `At least ${pointsText(member.minRedeemPoints)} at a time`
          }
          value={text}
          onChange={onText}
          inputRef={inputRef}
          error={problem}
          onEnter={onEnter}
          disabled={disabled}
          keypad="shared"
        />
      )}
    </div>
  );
}
