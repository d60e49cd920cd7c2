import { useEffect, useId, useState } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import type { SyncStatus } from '../../../shared/contract/sync';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import { useServices, useSession } from '../../stores/context';
import { formatAge, formatMoment } from '../backups/format';
import { ProgressBar } from '../jobs/ProgressBar';
import { useJob } from '../jobs/useJob';
import { CentralForm } from './CentralForm';
import { ConflictsCard } from './ConflictsCard';
import { publishSyncStatus, refreshSyncStatus, useSyncStatus } from './syncStatus';
import { syncWords } from './words';

type SyncRun = ChannelOutput<'sync.run'>;

/** The clock the "5 minutes ago" of the page follow, ticking while it is open. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** How far ahead `at` is, in words: "in a few seconds", "in 40 seconds", "in 3 minutes". */
export function formatIn(at: number, now: number): string {
  const seconds = Math.round((at - now) / 1000);
  if (seconds < 5) return 'in a few seconds';
  if (seconds < 90) return `in ${seconds} seconds`;
  const minutes = Math.round(seconds / 60);
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** What one "Sync now" moved, in words. */
export function runText(run: SyncRun): string {
  const parts: string[] = [];
  if (run.pushed > 0) parts.push(`sent ${run.pushed.toLocaleString()} change${run.pushed === 1 ? '' : 's'}`);
  if (run.duplicates > 0) parts.push(`${run.duplicates.toLocaleString()} central already had`);
  if (run.pulled > 0) parts.push(`received ${run.pulled.toLocaleString()} catalogue and member change${run.pulled === 1 ? '' : 's'}`);
  const moved = parts.length > 0 ? `Synced: ${parts.join(', ')}.` : 'Synced: nothing to send or receive, this till and central agree.';
  const conflicts =
    run.conflicts > 0
      ? ` Central found ${run.conflicts} conflict${run.conflicts === 1 ? '' : 's'} that need a person: see Conflicts below.`
      : '';
  return `${moved}${conflicts}`;
}

/**
 * Manager → Sync: how this till stands with the central database (in words), Sync now with its
 * progress, where it points (the connection string is typed, never shown back) and the store id,
 * and the conflicts central found.
 */
export function SyncSection() {
  const { api } = useServices();
  const timeZone = useSession((s) => s.settings?.timeZone);
  const { status, error } = useSyncStatus(true);
  const [conflictsKey, setConflictsKey] = useState(0);
  const id = useId();

  return (
    <section aria-labelledby={`${id}-title`} className="manager-section data-section sync-section">
      <header className="manager-section-head">
        <h2 id={`${id}-title`} className="manager-section-title">
          Sync
        </h2>
        {status && (
          <span className="data-folder">
            Terminal <strong>{status.terminalId}</strong> · store <strong>{status.storeId}</strong>
          </span>
        )}
      </header>
      {!status &&
        (error ? (
          <ErrorAlert error={error} />
        ) : (
          <p className="muted" role="status">
            Reading the sync status…
          </p>
        ))}
      {status && (
        <>
          <StatusCard status={status} timeZone={timeZone} onConflicts={() => setConflictsKey((key) => key + 1)} />
          <CentralForm
            status={status}
            timeZone={timeZone}
            onSaved={(next) => {
              publishSyncStatus(api, next);
              setConflictsKey((key) => key + 1);
            }}
          />
          <ConflictsCard configured={status.configured} reloadKey={conflictsKey} timeZone={timeZone} />
        </>
      )}
    </section>
  );
}

function StatusCard({ status, timeZone, onConflicts }: { status: SyncStatus; timeZone: string | undefined; onConflicts(): void }) {
  const { api } = useServices();
  const job = useJob();
  const now = useNow(5_000);
  const [ran, setRan] = useState<SyncRun | null>(null);
  const [runError, setRunError] = useState<AppErrorData | null>(null);
  const id = useId();
  const words = syncWords(status);
  const when = (at: number | null, never: string) => (at === null ? never : `${formatAge(at, now)} (${formatMoment(at, timeZone)})`);

  const syncNow = async () => {
    if (job.running) return;
    setRan(null);
    setRunError(null);
    const result = await job.start('sync.run', {});
    if (result.ok) {
      setRan(result.data);
      publishSyncStatus(api, result.data.status);
      if (result.data.conflicts > 0) onConflicts();
    } else {
      setRunError(result.error);
      // the failure is recorded by the core: the status says so too
      void refreshSyncStatus(api);
    }
  };

  const next =
    status.running || job.running
      ? 'running now'
      : status.nextAttemptAt === null
        ? status.configured
          ? 'not scheduled'
          : 'never: no central database is set'
        : `${formatIn(status.nextAttemptAt, now)} (by itself)`;

  return (
    <div className="data-card sync-status-card">
      <div className="sync-status-head">
        <h3 className="data-card-title">Status</h3>
        <div className="sync-actions">
          {!status.configured && (
            <span id={`${id}-none`} className="data-muted">
              Set the central database below first.
            </span>
          )}
          <button
            type="button"
            className="button button-primary"
            disabled={job.running || !status.configured}
            aria-describedby={status.configured ? undefined : `${id}-none`}
            onClick={() => void syncNow()}
          >
            {job.running ? 'Syncing…' : 'Sync now'}
          </button>
        </div>
      </div>
      <p className={`sync-headline sync-headline-${words.tone}`}>
        <span className="sync-pill-dot" aria-hidden="true" />
        <span>{words.sentence}</span>
      </p>
      {job.running && <ProgressBar label="Syncing" progress={job.progress} onCancel={job.cancel} cancelError={job.cancelError} />}
      <ErrorAlert error={runError} />
      {ran && (
        <p className="alert alert-success" role="status">
          {runText(ran)}
        </p>
      )}
      {status.state === 'refused' && status.lastError && (
        <div role="alert" className="alert alert-warning">
          <span className="alert-icon" aria-hidden="true">
            !
          </span>
          <span>
            <strong>Central refused this till:</strong> {status.lastError} It is tried again now and then, slowly, until this is put right.
          </span>
        </div>
      )}
      <dl className="sync-facts">
        <dt>Central database</dt>
        <dd>
          {status.centralDisplay ? (
            <code>{status.centralDisplay}</code>
          ) : (
            <span className="data-muted">none set: this till works on its own</span>
          )}
        </dd>
        <dt>Terminal</dt>
        <dd>{status.terminalId}</dd>
        <dt>Store</dt>
        <dd>{status.storeId}</dd>
        <dt>Registered</dt>
        <dd>
          {status.registeredAt === null
            ? 'not yet: central registers this till at its first sync'
            : `since ${formatMoment(status.registeredAt, timeZone)}`}
        </dd>
        <dt>Waiting here</dt>
        <dd>
          {status.waiting === 0 ? (
            'nothing: central has everything from this till'
          ) : (
            <>
              <strong>
                {status.waiting.toLocaleString()} change{status.waiting === 1 ? '' : 's'}
              </strong>
              {status.oldestWaitingAt !== null && `, the oldest from ${when(status.oldestWaitingAt, '')}`}
            </>
          )}
        </dd>
        <dt>Last sent</dt>
        <dd>{when(status.lastPushAt, 'never')}</dd>
        <dt>Last received</dt>
        <dd>{when(status.lastPullAt, 'never')}</dd>
        <dt>Next try</dt>
        <dd>{next}</dd>
        <dt>Last error</dt>
        <dd>
          {status.lastError ? (
            <>
              <span className="data-bad-text">{status.lastError}</span>
              {status.lastErrorAt !== null && <span className="data-muted"> · {when(status.lastErrorAt, '')}</span>}
            </>
          ) : (
            <span className="data-muted">none</span>
          )}
        </dd>
      </dl>
    </div>
  );
}
