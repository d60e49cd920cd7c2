import { cardLast4, pointsText, tierName } from '../checkout/loyalty';
import { useCart, useServices } from '../stores/context';

/**
 * The loyalty member on the sale, as the core answered it: name (a tap opens their page), tier,
 * card, balance and what this sale earns; Detach takes them off the sale. Nothing when no member.
 */
export function MemberStrip() {
  const { cart, ui } = useServices();
  const member = useCart((s) => s.member);
  const busy = useCart((s) => s.busy);
  if (!member) return null;
  const card = cardLast4(member.cardNumber);
  return (
    <section className="member-strip" aria-label="Member on this sale" data-testid="member-strip">
      <button
        type="button"
        className="member-strip-name"
        onClick={() => ui.getState().open({ kind: 'loyalty', view: { screen: 'member', memberId: member.id } })}
      >
        <span className="member-strip-star" aria-hidden="true">
          ★
        </span>
        <strong>{member.name}</strong>
        <span className={`tier tier-${member.tier}`}>{tierName(member.tier)}</span>
        <span className="visually-hidden">, open the member page</span>
      </button>
      <button
        type="button"
        className="button button-small member-strip-detach"
        disabled={busy}
        onClick={() => void cart.getState().setMember(null)}
      >
        Detach
      </button>
      <p className="member-strip-facts">
        {card && <span>Card {card}</span>}
        <span>
          Balance <strong data-testid="member-balance">{pointsText(member.pointsBalance)}</strong>
        </span>
        <span data-testid="member-earns">
          This sale earns <strong>{pointsText(member.earnPoints)}</strong>
        </span>
      </p>
    </section>
  );
}
