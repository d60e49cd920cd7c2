import { useCallback, useEffect, useId, useState } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import { useServices, useSession } from '../../stores/context';
import { type FieldErrors, placeError } from '../fields';
import { ProgressBar } from '../jobs/ProgressBar';
import { useJob } from '../jobs/useJob';
import { BackupDialog } from './BackupDialog';
import { countsText, formatAge, formatBytes, formatMoment } from './format';

export type BackupList = ChannelOutput<'backup.list'>;
export type BackupEntry = BackupList['backups'][number];

const KIND_LABEL: Record<NonNullable<BackupEntry['kind']>, string> = {
  manual: 'By hand',
  scheduled: 'Scheduled',
  'pre-migration': 'Before an update',
  'pre-restore': 'Before a restore',
};

/** Backups: back up now (optionally encrypted), the backups in the folder with their checks, Verify and Restore… each. */
export function BackupsSection() {
  const { api } = useServices();
  const timeZone = useSession((s) => s.settings?.timeZone);
  const [list, setList] = useState<BackupList | null>(null);
  const [listError, setListError] = useState<AppErrorData | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [dialog, setDialog] = useState<{ mode: 'verify' | 'restore'; backup: BackupEntry } | null>(null);
  const [verifyNotice, setVerifyNotice] = useState<{ name: string; ok: boolean; text: string } | null>(null);
  const verifyJob = useJob();
  const id = useId();

  const reload = useCallback(async () => {
    const result = await api.invoke('backup.list', {});
    setNow(Date.now());
    if (result.ok) {
      setList(result.data);
      setListError(null);
    } else setListError(result.error);
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);
  // "2 hours ago" stays true while the screen is open
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const verifyPlain = async (backup: BackupEntry) => {
    setVerifyNotice(null);
    const result = await verifyJob.start('backup.verify', { name: backup.name });
    setVerifyNotice(
      result.ok
        ? { name: backup.name, ok: true, text: `${backup.name} checked: it opens and holds ${countsText(result.data.counts)}.` }
        : { name: backup.name, ok: false, text: `${backup.name} is not usable: ${result.error.message}` },
    );
    await reload();
  };

  const lastScheduled = list?.lastScheduled ?? null;
  const lastFailure = list?.lastFailure ?? null;
  const failedLast = lastScheduled !== null && !lastScheduled.ok;

  return (
    <section aria-labelledby={`${id}-title`} className="manager-section data-section">
      <header className="manager-section-head">
        <h2 id={`${id}-title`} className="manager-section-title">
          Backups
        </h2>
        {list && (
          <span className="data-folder">
            Folder: <code>{list.folder}</code>
          </span>
        )}
      </header>

      {failedLast && lastScheduled && (
        <div role="alert" className="alert alert-warning">
          <span className="alert-icon" aria-hidden="true">
            !
          </span>
          <span>
            <strong>The scheduled backup failed</strong> {formatAge(lastScheduled.at, now)} ({formatMoment(lastScheduled.at, timeZone)}):{' '}
            {lastScheduled.error ?? 'no reason was given'}. Back up now, and check the backup folder in Settings ▸ Backup.
          </span>
        </div>
      )}
      {!failedLast && lastFailure && (
        <p className="alert alert-warning">
          <span className="alert-icon" aria-hidden="true">
            !
          </span>
          <span>
            A scheduled backup failed {formatAge(lastFailure.at, now)} ({formatMoment(lastFailure.at, timeZone)}):{' '}
            {lastFailure.error ?? 'no reason was given'}. The ones since then worked.
          </span>
        </p>
      )}
      <ErrorAlert error={listError} />

      <p className="data-status">
        <strong>Scheduled backups:</strong>{' '}
        {list === null ? (
          <span className="data-muted">reading…</span>
        ) : list.schedule === 'off' ? (
          'off (turn them on in Settings ▸ Backup)'
        ) : (
          'every day (the hour is set in Settings ▸ Backup)'
        )}
        {lastScheduled ? (
          <span>
            {' '}
            · last ran {formatAge(lastScheduled.at, now)} ({formatMoment(lastScheduled.at, timeZone)}):{' '}
            {lastScheduled.ok ? <span className="data-ok">✓ worked</span> : <span className="data-bad">failed</span>}
          </span>
        ) : (
          list && <span className="data-muted"> · none has run yet</span>
        )}
      </p>

      <BackUpNow onDone={reload} />

      <div className="data-card">
        <h3 className="data-card-title">In the folder</h3>
        {verifyJob.running && <ProgressBar label="Checking the backup" progress={verifyJob.progress} />}
        {verifyNotice && (
          <p className={`alert ${verifyNotice.ok ? 'alert-success' : 'alert-error'}`} role={verifyNotice.ok ? 'status' : 'alert'}>
            {verifyNotice.text}
          </p>
        )}
        {list && list.backups.length === 0 ? (
          <p className="manager-empty">No backups yet. “Back up now” makes the first one.</p>
        ) : (
          <div className="data-table-wrap">
            <table className="data-table" aria-label="Backups">
              <thead>
                <tr>
                  <th scope="col">Backup</th>
                  <th scope="col">Size</th>
                  <th scope="col">Made</th>
                  <th scope="col">Checked</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list?.backups.map((backup) => (
                  <tr key={backup.name}>
                    <td className="data-name">
                      <strong>{backup.name}</strong>
                      <span className="data-muted">
                        {backup.encrypted && <span className="data-badge">Encrypted</span>}
                        {backup.kind ? KIND_LABEL[backup.kind] : 'Put there by hand'}
                        {backup.note ? ` · ${backup.note}` : ''}
                      </span>
                    </td>
                    <td className="data-num">{formatBytes(backup.bytes)}</td>
                    <td className="data-age" title={formatMoment(backup.createdAt, timeZone)}>
                      {formatAge(backup.createdAt, now)}
                    </td>
                    <td className="data-check">
                      {backup.verified === true ? (
                        <span className="data-ok">✓ Verified</span>
                      ) : backup.verified === false ? (
                        <span className="data-bad">✗ Failed{backup.problem ? `: ${backup.problem}` : ''}</span>
                      ) : (
                        <span className="data-muted">Not checked</span>
                      )}
                    </td>
                    <td className="data-actions">
                      <button
                        type="button"
                        className="button button-small"
                        aria-label={`Verify ${backup.name}`}
                        disabled={verifyJob.running}
                        onClick={() => (backup.encrypted ? setDialog({ mode: 'verify', backup }) : void verifyPlain(backup))}
                      >
                        Verify
                      </button>
                      <button
                        type="button"
                        className="button button-small button-danger-ghost"
                        aria-label={`Restore ${backup.name}…`}
                        disabled={verifyJob.running}
                        onClick={() => setDialog({ mode: 'restore', backup })}
                      >
                        Restore…
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      {dialog && (
        <BackupDialog
          mode={dialog.mode}
          backup={dialog.backup}
          timeZone={timeZone}
          onClose={(changed) => {
            setDialog(null);
            if (changed) void reload();
          }}
        />
      )}
    </section>
  );
}

/** "Back up now": an optional passphrase (never stored) and note, the progress bar while it runs, then what was written. */
function BackUpNow({ onDone }: { onDone(): Promise<void> }) {
  const job = useJob();
  const [passphrase, setPassphrase] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [done, setDone] = useState<ChannelOutput<'backup.create'> | null>(null);
  const id = useId();

  const submit = async () => {
    if (job.running) return;
    setErrors({});
    setError(null);
    setDone(null);
    const result = await job.start('backup.create', {
      ...(passphrase !== '' ? { passphrase } : {}),
      ...(note.trim() !== '' ? { note: note.trim() } : {}),
    });
    if (!result.ok) {
      const placed = placeError(result.error, (path) => (path === 'passphrase' || path === 'note' ? path : null));
      setErrors(placed.fields);
      setError(placed.form);
      return;
    }
    setDone(result.data);
    setPassphrase('');
    setNote('');
    await onDone();
  };

  return (
    <form
      className="data-card data-backup-now"
      aria-label="Back up now"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 className="data-card-title">Back up now</h3>
      <div className="data-fields">
        <div className={`field${errors.passphrase ? ' field-invalid' : ''}`}>
          <label className="field-label" htmlFor={`${id}-pass`}>
            Passphrase <span className="field-optional"> optional</span>
          </label>
          <input
            id={`${id}-pass`}
            className="input"
            type="password"
            autoComplete="new-password"
            maxLength={1024}
            value={passphrase}
            disabled={job.running}
            aria-invalid={errors.passphrase ? true : undefined}
            aria-describedby={`${id}-pass-hint${errors.passphrase ? ` ${id}-pass-error` : ''}`}
            onChange={(event) => setPassphrase(event.target.value)}
          />
          {errors.passphrase && (
            <span id={`${id}-pass-error`} className="field-error">
              {errors.passphrase}
            </span>
          )}
        </div>
        <div className={`field${errors.note ? ' field-invalid' : ''}`}>
          <label className="field-label" htmlFor={`${id}-note`}>
            Note <span className="field-optional"> optional</span>
          </label>
          <input
            id={`${id}-note`}
            className="input"
            type="text"
            maxLength={200}
            value={note}
            disabled={job.running}
            aria-invalid={errors.note ? true : undefined}
            onChange={(event) => setNote(event.target.value)}
          />
          {errors.note && <span className="field-error">{errors.note}</span>}
        </div>
        <button type="submit" className="button button-primary data-backup-button" disabled={job.running}>
          {job.running ? 'Backing up…' : 'Back up now'} <kbd>Enter</kbd>
        </button>
      </div>
      <p id={`${id}-pass-hint`} className="field-hint data-pass-hint">
        A passphrase encrypts the backup. It is never stored. Keep it somewhere safe: a lost passphrase cannot be recovered, and without it
        an encrypted backup cannot be restored.
      </p>
      {job.running && <ProgressBar label="Backing up" progress={job.progress} onCancel={job.cancel} cancelError={job.cancelError} />}
      <ErrorAlert error={error} />
      {done && (
        <p className="alert alert-success" role="status">
          Backed up and verified: {done.file} ({formatBytes(done.bytes)}
          {done.encrypted ? ', encrypted' : ''}), {countsText(done.facts.counts)}.
        </p>
      )}
    </form>
  );
}
