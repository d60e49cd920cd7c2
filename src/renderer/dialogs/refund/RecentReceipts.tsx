import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { formatMoney } from '../../../shared/money';
import { ErrorAlert } from '../../components/Alert';
import { useSession } from '../../stores/context';
import type { RecentReceipt, RefundStore } from '../../stores/refund';
import { saleTime, useRefund } from './useRefund';

/** The time of day a receipt was rung (the list is of one shift); the full date is its title. */
function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function itemsText(count: number): string {
  return count === 1 ? '1 item' : `${count} items`;
}

/** A sale's refunds so far, as a tag: nothing, part of it, or all of it. */
function refundTag(receipt: RecentReceipt): { text: string; className: string } | null {
  if (receipt.kind === 'refund') return { text: 'refund', className: 'tag tag-warn' };
  if (!receipt.refundable) return { text: 'refunded', className: 'tag tag-muted' };
  if (receipt.refundedMinor > 0) return { text: 'part refunded', className: 'tag tag-muted' };
  return null;
}

/** The columns of one receipt: time, code, items, who, tag and total. */
function ReceiptColumns({ receipt, currency }: { receipt: RecentReceipt; currency: string }) {
  const tag = refundTag(receipt);
  const total = formatMoney(receipt.totalMinor, currency);
  return (
    <>
      {/* the spaces between the columns keep the words apart when read out (a grid lays no text out) */}
      <span className="recent-time" title={saleTime(receipt.createdAt)}>
        {clockTime(receipt.createdAt)}
      </span>{' '}
      <span className="recent-code">{receipt.receiptCode}</span> <span className="recent-items">{itemsText(receipt.itemCount)}</span>{' '}
      <span className="recent-who">{receipt.staffName}</span>{' '}
      <span className="recent-tag">{tag && <span className={tag.className}>{tag.text}</span>}</span>{' '}
      <span className="recent-total">{receipt.kind === 'refund' ? `−${total}` : total}</span>
    </>
  );
}

/**
 * The open shift's latest receipts, newest first, under the receipt finder: a sale is picked with a
 * tap, a click or Enter (↑ ↓ move between them, one Tab stop for the list) and opens as finding its
 * receipt would. Refunds are listed, tagged, but not picked. Earlier ones come a page at a time.
 */
export function RecentReceipts({ store }: { store: RefundStore }) {
  const currency = useSession((s) => s.currency);
  const recent = useRefund(store, (s) => s.recent);
  const more = useRefund(store, (s) => s.recentMore);
  const error = useRefund(store, (s) => s.recentError);
  const busy = useRefund(store, (s) => s.busy);
  const [loadingMore, setLoadingMore] = useState(false);
  const [current, setCurrent] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    void store.getState().loadRecent();
  }, [store]);

  const pickable = (recent ?? []).filter((receipt) => receipt.kind === 'sale');
  // the one Tab stop of the list: the sale last moved to, else the newest
  const stop = pickable.find((receipt) => receipt.id === current)?.id ?? pickable[0]?.id ?? null;

  const moveTo = (index: number) => {
    const target = pickable[Math.min(Math.max(index, 0), pickable.length - 1)];
    if (!target) return;
    setCurrent(target.id);
    buttons.current.get(target.id)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, id: string) => {
    const at = pickable.findIndex((receipt) => receipt.id === id);
    if (event.key === 'ArrowDown') moveTo(at + 1);
    else if (event.key === 'ArrowUp') moveTo(at - 1);
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(pickable.length - 1);
    else return;
    event.preventDefault();
  };
  const loadMore = async () => {
    setLoadingMore(true);
    await store.getState().loadRecent(true);
    setLoadingMore(false);
  };

  return (
    // not labelled by its heading: "Receipt" must name the receipt field alone (getByLabel, voice control)
    <section className="recent-receipts">
      <h3 className="recent-heading">This shift’s receipts</h3>
      <ErrorAlert error={error} />
      {recent === null ? (
        <p className="recent-empty muted" role="status">
          Loading this shift’s receipts…
        </p>
      ) : recent.length === 0 ? (
        !error && (
          <p className="recent-empty" role="status">
            No sales yet in this shift.
          </p>
        )
      ) : (
        <ul className="recent-list">
          {recent.map((receipt) =>
            receipt.kind === 'sale' ? (
              <li key={receipt.id}>
                <button
                  ref={(element) => {
                    if (element) buttons.current.set(receipt.id, element);
                    else buttons.current.delete(receipt.id);
                  }}
                  type="button"
                  className="recent-row"
                  data-testid="recent-receipt"
                  tabIndex={receipt.id === stop ? 0 : -1}
                  disabled={busy}
                  onFocus={() => setCurrent(receipt.id)}
                  onKeyDown={(event) => onKeyDown(event, receipt.id)}
                  onClick={() => void store.getState().pick(receipt.id)}
                >
                  <ReceiptColumns receipt={receipt} currency={currency} />
                </button>
              </li>
            ) : (
              // a refund is shown for what happened at the till, not picked: it is no sale to give back from
              <li key={receipt.id} className="recent-row recent-row-refund" data-testid="recent-receipt">
                <ReceiptColumns receipt={receipt} currency={currency} />
              </li>
            ),
          )}
        </ul>
      )}
      {more && (
        <button type="button" className="button recent-more" disabled={loadingMore} onClick={() => void loadMore()}>
          {loadingMore ? 'Loading…' : 'Earlier receipts'}
        </button>
      )}
    </section>
  );
}

/** The list's Tab stop within `root` (the sale it is on), for the receipt field's ↓. */
export function recentTabStop(root: HTMLElement | null): HTMLButtonElement | null {
  return root?.querySelector<HTMLButtonElement>('.recent-row[tabindex="0"]') ?? null;
}
