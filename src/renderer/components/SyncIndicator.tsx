import { useEffect } from 'react';
import { refreshSyncStatus, useSyncStatus } from '../manager/sync/syncStatus';
import { syncWords } from '../manager/sync/words';
import { useServices, useSession } from '../stores/context';

/** How soon after a sale (or any cart that empties) the waiting count is read again. */
const AFTER_SALE_MS = 400;

/**
 * The top bar's word on sync, for everyone at the till: "Offline · 12 waiting", "Sending · 3
 * waiting", "Synced", or "Sync stopped — see Manager → Sync". Nothing when no central database is
 * set up (the till works alone, nothing to say) or when the core cannot tell (an older core).
 */
export function SyncIndicator() {
  const { api, cart } = useServices();
  const ready = useSession((s) => s.phase === 'ready' && s.staff !== null);
  const { status, error } = useSyncStatus(ready);

  // a sale just completed (or parked, or voided): its events are waiting now, say so without waiting for the poll
  useEffect(() => {
    if (!ready) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = cart.subscribe((state, previous) => {
      if (previous.lines.length > 0 && state.lines.length === 0) {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void refreshSyncStatus(api), AFTER_SALE_MS);
      }
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [api, cart, ready]);

  if (!ready || error || !status || status.state === 'off') return null;
  const words = syncWords(status);
  return (
    <div
      role="status"
      className={`sync-pill sync-pill-${words.tone}`}
      aria-label={words.sentence}
      title={status.lastError && words.tone !== 'synced' ? status.lastError : words.sentence}
      data-testid="sync-indicator"
    >
      <span className="sync-pill-dot" aria-hidden="true" />
      <span className="sync-pill-text">
        <span className="sync-pill-label">{words.label}</span>
        {/* where the bar is narrow (a 1024 px till with the shift's buttons) the count stays, its word and the pointer go: the whole sentence is the name and the tooltip */}
        {words.count !== null && (
          <span className="sync-pill-detail">
            {' · '}
            {words.count.toLocaleString()}
            <span className="sync-pill-wide"> waiting</span>
          </span>
        )}
        {words.detail && <span className="sync-pill-detail sync-pill-wide"> — {words.detail}</span>}
      </span>
    </div>
  );
}
