import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { SyncConflict } from '../../../shared/contract/sync';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import { useServices } from '../../stores/context';
import { formatAge, formatMoment } from '../backups/format';

/** What central calls a conflict, in a manager's words. */
const KIND_WORDS: Record<string, string> = {
  points_overspent: 'Points spent twice',
  member_duplicate: 'Member enrolled twice',
  catalog_duplicate: 'Catalogue duplicate',
  terminal_claimed: 'Terminal id used twice',
  history_diverged: 'Another history',
  receipt_collision: 'Receipt number reused',
};

export function kindWords(kind: string): string {
  return KIND_WORDS[kind] ?? kind.replaceAll('_', ' ');
}

/**
 * The conflicts central found (it reads central, so it may fail in words while offline): open ones
 * first with "Mark settled" each, settled ones behind "Show settled".
 */
export function ConflictsCard({
  configured,
  reloadKey,
  timeZone,
}: {
  configured: boolean;
  /** bumped when a run or a new connection may have found new ones */
  reloadKey: number;
  timeZone: string | undefined;
}) {
  const { api } = useServices();
  const [showSettled, setShowSettled] = useState(false);
  const [conflicts, setConflicts] = useState<SyncConflict[] | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [loading, setLoading] = useState(false);
  const [settling, setSettling] = useState<string | null>(null);
  const [settleError, setSettleError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const asked = useRef(0);
  const tableRef = useRef<HTMLTableElement>(null);
  const toggleRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const now = Date.now();

  const load = useCallback(async () => {
    const ask = ++asked.current;
    setLoading(true);
    const result = await api.invoke('sync.conflicts', showSettled ? { includeResolved: true } : {});
    // a later question (the toggle, a reload) was asked meanwhile: its answer is the one shown
    if (ask !== asked.current) return;
    setLoading(false);
    if (result.ok) {
      setConflicts(result.data.conflicts);
      setError(null);
    } else setError(result.error);
  }, [api, showSettled]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey asks again on purpose
  useEffect(() => {
    if (configured) void load();
    else {
      asked.current += 1;
      setConflicts(null);
      setError(null);
      setLoading(false);
    }
  }, [configured, load, reloadKey]);

  const settle = async (conflict: SyncConflict) => {
    if (settling) return;
    setSettling(conflict.id);
    setSettleError(null);
    setNotice(null);
    const result = await api.invoke('sync.resolveConflict', { id: conflict.id });
    setSettling(null);
    if (!result.ok) {
      setSettleError(result.error);
      return;
    }
    const settled = result.data;
    const list = conflicts ?? [];
    const at = list.findIndex((c) => c.id === settled.id);
    const next = showSettled ? list.map((c) => (c.id === settled.id ? settled : c)) : list.filter((c) => c.id !== settled.id);
    setConflicts(next);
    setNotice(`Marked settled: ${settled.summary}`);
    // the keyboard goes on to the next open one (or to the toggle when none is left)
    requestAnimationFrame(() => {
      const buttons = [...(tableRef.current?.querySelectorAll<HTMLButtonElement>('button[data-settle]') ?? [])];
      const following = buttons.find((button) => Number(button.dataset.index) >= at) ?? buttons.at(-1);
      (following ?? toggleRef.current)?.focus();
    });
  };

  const open = conflicts?.filter((c) => c.resolvedAt === null).length ?? 0;

  return (
    <section className="data-card sync-conflicts" aria-labelledby={`${id}-title`}>
      <div className="sync-conflicts-head">
        <h3 id={`${id}-title`} className="data-card-title">
          Conflicts{conflicts && open > 0 ? ` (${open} open)` : ''}
        </h3>
        <label className="toggle sync-conflicts-toggle" htmlFor={`${id}-settled`}>
          <input
            ref={toggleRef}
            id={`${id}-settled`}
            type="checkbox"
            checked={showSettled}
            disabled={!configured}
            onChange={(event) => setShowSettled(event.target.checked)}
          />
          Show settled
        </label>
        <button type="button" className="button button-small" disabled={!configured || loading} onClick={() => void load()}>
          {loading ? 'Reading…' : 'Read again'}
        </button>
      </div>
      <p className="data-muted">
        What central found that needs a person: points spent twice while two stores were offline, a member enrolled twice, a second device
        with this terminal id. Look into it, put it right, then mark it settled.
      </p>
      {!configured ? (
        <p className="manager-empty">No central database is set: conflicts are found by central, so there is nothing to show.</p>
      ) : (
        <>
          {error && (
            <ErrorAlert
              error={{ ...error, message: `The conflicts could not be read from central: ${error.message}` }}
              className="sync-conflicts-error"
            />
          )}
          <ErrorAlert error={settleError} />
          {notice && (
            <p className="alert alert-success" role="status">
              {notice}
            </p>
          )}
          {conflicts === null && !error && (
            <p className="muted" role="status">
              Reading the conflicts from central…
            </p>
          )}
          {conflicts && conflicts.length === 0 && (
            <p className="manager-empty">
              {showSettled ? 'Central has recorded no conflicts.' : 'No open conflicts: nothing needs a person.'}
            </p>
          )}
          {conflicts && conflicts.length > 0 && (
            <div className="data-table-wrap">
              <table ref={tableRef} className="data-table" aria-label="Conflicts">
                <thead>
                  <tr>
                    <th scope="col">What central found</th>
                    <th scope="col">Terminal</th>
                    <th scope="col">Found</th>
                    <th scope="col">
                      <span className="visually-hidden">Settled</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {conflicts.map((conflict, index) => (
                    <tr key={conflict.id} className={conflict.resolvedAt === null ? undefined : 'sync-conflict-settled'}>
                      <td className="data-name">
                        <strong id={`${id}-${index}-summary`}>{conflict.summary}</strong>
                        <span className="data-muted">
                          <span className="data-badge">{kindWords(conflict.kind)}</span>
                          {conflict.storeId ? `store ${conflict.storeId}` : ''}
                        </span>
                      </td>
                      <td>{conflict.terminalId ?? <span className="data-muted">—</span>}</td>
                      <td className="data-age" title={formatMoment(conflict.detectedAt, timeZone)}>
                        {formatAge(conflict.detectedAt, now)}
                      </td>
                      <td className="data-actions">
                        {conflict.resolvedAt === null ? (
                          <button
                            type="button"
                            className="button button-small"
                            data-settle
                            data-index={index}
                            aria-describedby={`${id}-${index}-summary`}
                            disabled={settling !== null}
                            onClick={() => void settle(conflict)}
                          >
                            {settling === conflict.id ? 'Settling…' : 'Mark settled'}
                          </button>
                        ) : (
                          <span className="data-muted" title={formatMoment(conflict.resolvedAt, timeZone)}>
                            <span className="data-ok">✓ Settled</span> {formatAge(conflict.resolvedAt, now)}
                            {conflict.resolvedBy ? ` by ${conflict.resolvedBy}` : ''}
                          </span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
