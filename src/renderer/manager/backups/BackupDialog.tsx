import { useId, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { useServices } from '../../stores/context';
import { type FieldErrors, placeError } from '../fields';
import { ProgressBar } from '../jobs/ProgressBar';
import { useJob } from '../jobs/useJob';
import type { BackupEntry } from './BackupsSection';
import { countsText, formatAge, formatMoment } from './format';

type Restored = ChannelOutput<'backup.restore'>;
type Facts = ChannelOutput<'backup.verify'>;

/**
 * Restore… (the confirmation in plain words, a passphrase for an encrypted backup, progress, then
 * what came back and the way to the login screen) — or Verify of an encrypted backup (its passphrase).
 */
export function BackupDialog({
  mode,
  backup,
  timeZone,
  onClose,
}: {
  mode: 'verify' | 'restore';
  backup: BackupEntry;
  timeZone: string | undefined;
  /** `changed`: the list should be read again (a verification was recorded) */
  onClose(changed: boolean): void;
}) {
  const { session } = useServices();
  const job = useJob();
  const [passphrase, setPassphrase] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [restored, setRestored] = useState<Restored | null>(null);
  const [verified, setVerified] = useState<Facts | null>(null);
  const [checked, setChecked] = useState(false);
  const passRef = useRef<HTMLInputElement>(null);
  const loginRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  const made = `${formatMoment(backup.createdAt, timeZone)} (${formatAge(backup.createdAt)})`;

  const fieldOf = (path: string) => (path === 'passphrase' ? 'passphrase' : null);
  const refuse = (refusal: AppErrorData) => {
    const placed = placeError(refusal, fieldOf);
    // a wrong passphrase is the passphrase's problem even when the core does not name the field
    const wrongKey = backup.encrypted && !placed.fields.passphrase && /passphrase/i.test(refusal.message);
    setErrors(wrongKey ? { passphrase: refusal.message } : placed.fields);
    setError(wrongKey ? null : placed.form);
    requestAnimationFrame(() => passRef.current?.focus());
  };

  const run = async () => {
    if (job.running) return;
    if (backup.encrypted && passphrase === '') {
      setErrors({ passphrase: 'Type the passphrase this backup was made with.' });
      passRef.current?.focus();
      return;
    }
    setErrors({});
    setError(null);
    const input = { name: backup.name, ...(backup.encrypted ? { passphrase } : {}) };
    if (mode === 'verify') {
      const result = await job.start('backup.verify', input);
      setChecked(true);
      if (result.ok) setVerified(result.data);
      else refuse(result.error);
      return;
    }
    const result = await job.start('backup.restore', input);
    if (result.ok) {
      setRestored(result.data);
      requestAnimationFrame(() => loginRef.current?.focus());
    } else refuse(result.error);
  };

  // after a restore the core has logged everyone out: the only way on is the login screen
  const toLogin = () => void session.getState().logout();
  const close = () => {
    if (job.running) return;
    if (restored) toLogin();
    else onClose(checked);
  };

  if (restored) {
    return (
      <Dialog title="Restored" subtitle={backup.name} onClose={close} size="medium">
        <div className="dialog-body data-dialog">
          <p className="alert alert-success" role="status">
            The till now holds the backup made {formatMoment(restored.backupCreatedAt, timeZone)}: {countsText(restored.counts)}.
          </p>
          {restored.migratedFrom !== null && (
            <p>
              It was brought up to date from an older version of Ringup (schema {restored.migratedFrom} → {restored.schemaVersion}).
            </p>
          )}
          <p>
            The database as it was just before is kept as <code>{restored.previousBackup}</code> — restore that one to undo this.
          </p>
          <p>
            <strong>Everyone logs in again now</strong>, you too.
          </p>
          <div className="manager-form-actions">
            <button ref={loginRef} type="button" className="button button-primary" onClick={toLogin}>
              Log in again <kbd>Enter</kbd>
            </button>
          </div>
        </div>
      </Dialog>
    );
  }

  const restoring = mode === 'restore';
  return (
    <Dialog
      title={restoring ? 'Restore this backup?' : 'Verify this backup'}
      subtitle={`${backup.name} — made ${made}`}
      onClose={close}
      busy={job.running}
      size="medium"
      initialFocus={backup.encrypted ? passRef : undefined}
    >
      <form
        className="dialog-body data-dialog"
        noValidate
        aria-label={restoring ? 'Restore this backup' : 'Verify this backup'}
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        {restoring ? (
          <>
            <p>
              <strong>Everything on this till is replaced</strong> by this backup: sales, shifts, products, stock, members, staff and
              settings. What was done after {formatMoment(backup.createdAt, timeZone)} will no longer be on this till.
            </p>
            <ul className="data-steps">
              <li>The backup is checked first; if it is damaged or not for this store, nothing changes.</li>
              <li>The current database is backed up before it is replaced, so this can be undone.</li>
              <li>Afterwards everyone logs in again, you too. Sales on this till wait until it is done.</li>
            </ul>
            {backup.facts && <p className="data-muted">This backup holds {countsText(backup.facts.counts)}.</p>}
          </>
        ) : (
          <p>This backup is encrypted: its passphrase is needed to open and check it. Nothing on the till changes.</p>
        )}
        {backup.encrypted && (
          <div className={`field${errors.passphrase ? ' field-invalid' : ''}`}>
            <label className="field-label" htmlFor={`${id}-pass`}>
              Passphrase of this backup
            </label>
            <input
              ref={passRef}
              id={`${id}-pass`}
              className="input"
              type="password"
              autoComplete="off"
              maxLength={1024}
              value={passphrase}
              disabled={job.running}
              aria-invalid={errors.passphrase ? true : undefined}
              aria-describedby={errors.passphrase ? `${id}-pass-error` : undefined}
              onChange={(event) => setPassphrase(event.target.value)}
            />
            {errors.passphrase && (
              <span id={`${id}-pass-error`} className="field-error">
                {errors.passphrase}
              </span>
            )}
          </div>
        )}
        {job.running && (
          <ProgressBar
            label={restoring ? 'Restoring' : 'Checking the backup'}
            progress={job.progress}
            onCancel={job.cancel}
            cancelError={job.cancelError}
          />
        )}
        <ErrorAlert error={error} />
        {verified && (
          <p className="alert alert-success" role="status">
            ✓ Verified: it opens and holds {countsText(verified.counts)}.
          </p>
        )}
        <div className="manager-form-actions">
          <button type="button" className="button" disabled={job.running} onClick={close}>
            {restoring ? 'Keep the current database' : 'Close'} <kbd>Esc</kbd>
          </button>
          {!verified && (
            <button type="submit" className={`button ${restoring ? 'button-danger' : 'button-primary'}`} disabled={job.running}>
              {job.running ? (restoring ? 'Restoring…' : 'Checking…') : restoring ? 'Restore' : 'Verify'} <kbd>Enter</kbd>
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
