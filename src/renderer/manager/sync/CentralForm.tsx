import { useEffect, useId, useRef, useState } from 'react';
import type { ChannelInput } from '../../../shared/contract';
import type { SyncStatus } from '../../../shared/contract/sync';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import { useServices } from '../../stores/context';
import { formatMoment } from '../backups/format';
import { CheckField, type FieldErrors, FieldFrame, placeError, TextField } from '../fields';

export const CONNECTION_PLACEHOLDER = 'postgres://user:password@host:5432/ringup?sslmode=require';

type Field = 'connection' | 'storeId';

/** The contract's paths as this form's fields. */
function fieldOf(path: string): Field | null {
  if (path === 'connectionString') return 'connection';
  if (path === 'storeId') return 'storeId';
  return null;
}

/**
 * Where this till syncs to: the connection string (typed into a password field, sent once, then
 * cleared — the core keeps it and never sends it back; only host, port and database are shown),
 * "Check the connection first", the store id (until central has registered the till) and Stop syncing.
 */
export function CentralForm({
  status,
  timeZone,
  onSaved,
}: {
  status: SyncStatus;
  timeZone: string | undefined;
  onSaved(status: SyncStatus): void;
}) {
  const { api } = useServices();
  const [connection, setConnection] = useState('');
  const [test, setTest] = useState(true);
  // null: not edited, the core's store id is shown (it may change under the form: another window, a restore)
  const [storeDraft, setStoreDraft] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmStop, setConfirmStop] = useState(false);
  const connectionRef = useRef<HTMLInputElement>(null);
  const storeRef = useRef<HTMLInputElement>(null);
  const stopRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  const registered = status.registeredAt !== null;
  const storeId = storeDraft ?? status.storeId;

  useEffect(() => {
    if (confirmStop) keepRef.current?.focus();
  }, [confirmStop]);

  const refuse = (refusal: AppErrorData) => {
    const placed = placeError(refusal, fieldOf);
    const fields: FieldErrors = { ...placed.fields };
    let form = placed.form;
    // the check of the connection failed: that is the string's problem (in the core's words)
    if (form?.code === 'CENTRAL_UNAVAILABLE' && connection.trim() !== '') {
      fields.connection = form.message;
      form = null;
    }
    // the store id can no longer change (central registered the till meanwhile)
    if (form?.code === 'CONFLICT' && typeof form.details?.storeId === 'string') {
      fields.storeId = form.message;
      form = null;
    }
    setErrors(fields);
    setError(form);
    requestAnimationFrame(() => {
      if (fields.connection) connectionRef.current?.focus();
      else if (fields.storeId) storeRef.current?.focus();
    });
  };

  const save = async () => {
    if (busy) return;
    setErrors({});
    setError(null);
    setNotice(null);
    const typed = connection.trim();
    const nextStore = storeId.trim();
    const storeChanged = !registered && nextStore !== status.storeId;
    if (typed === '' && !storeChanged) {
      setNotice(
        status.configured
          ? 'Nothing to save: type a new connection string to change it, or change the store id.'
          : 'Nothing to save: type the connection string of the central database first.',
      );
      connectionRef.current?.focus();
      return;
    }
    const input: ChannelInput<'sync.configure'> = {
      ...(typed !== '' ? { connectionString: typed, ...(test ? { test: true } : {}) } : {}),
      ...(storeChanged ? { storeId: nextStore } : {}),
    };
    setBusy(true);
    const result = await api.invoke('sync.configure', input);
    setBusy(false);
    if (!result.ok) {
      refuse(result.error);
      return;
    }
    // the string goes once; it is not kept here, nor shown back
    setConnection('');
    setStoreDraft(null);
    const said: string[] = [];
    if (typed !== '')
      said.push(
        `Saved: this till syncs with ${result.data.centralDisplay ?? 'the central database'}${test ? ', which answered and is set up for Ringup' : ''}. The connection string is kept on this till and is not shown again.`,
      );
    if (storeChanged) said.push(`The store id is now ${result.data.storeId}.`);
    setNotice(said.join(' '));
    onSaved(result.data);
  };

  const stop = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    const result = await api.invoke('sync.configure', { connectionString: null });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setConfirmStop(false);
    setConnection('');
    setNotice('Stopped: this till no longer syncs. What is waiting stays here, safe, until a central database is set again.');
    onSaved(result.data);
    requestAnimationFrame(() => connectionRef.current?.focus());
  };

  return (
    <form
      className="data-card sync-central"
      aria-label="Central database"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3 className="data-card-title">Central database</h3>
      <p className="data-muted">
        {status.centralDisplay ? (
          <>
            Now: <code>{status.centralDisplay}</code>. Type a connection string to replace it.
          </>
        ) : (
          'None is set: this till sells on its own and keeps everything here.'
        )}
      </p>
      <div className="sync-central-fields">
        <FieldFrame
          id={`${id}-connection`}
          label={status.configured ? 'New connection string' : 'Connection string'}
          hint="Kept on this till, encrypted by the operating system, and never shown again: the password stays secret."
          error={errors.connection}
          className="sync-connection"
        >
          {(describedBy) => (
            <input
              ref={connectionRef}
              id={`${id}-connection`}
              className="input"
              type="password"
              autoComplete="off"
              spellCheck={false}
              maxLength={2000}
              placeholder={CONNECTION_PLACEHOLDER}
              value={connection}
              disabled={busy}
              aria-invalid={errors.connection ? true : undefined}
              aria-describedby={describedBy}
              onChange={(event) => {
                setConnection(event.target.value);
                setErrors((current) => ({ ...current, connection: undefined }));
              }}
            />
          )}
        </FieldFrame>
        <TextField
          id={`${id}-store`}
          label="Store id"
          inputRef={storeRef}
          value={storeId}
          maxLength={40}
          disabled={busy || registered}
          error={errors.storeId}
          hint={
            registered && status.registeredAt !== null
              ? `Central registered this till in store ${status.storeId} on ${formatMoment(status.registeredAt, timeZone)}: it can no longer change.`
              : 'Every till of the same store uses the same store id: copy it from the first till of this store before this one first syncs. It cannot change afterwards.'
          }
          onChange={(value) => {
            setStoreDraft(value);
            setErrors((current) => ({ ...current, storeId: undefined }));
          }}
        />
      </div>
      <CheckField
        id={`${id}-test`}
        label="Check the connection first"
        hint="Connects, and checks that the database is set up for Ringup, before keeping the string."
        checked={test}
        disabled={busy}
        onChange={setTest}
      />
      <div className="sync-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy && !confirmStop ? (test && connection.trim() !== '' ? 'Checking…' : 'Saving…') : 'Save'} <kbd>Enter</kbd>
        </button>
        {status.configured && !confirmStop && (
          <button ref={stopRef} type="button" className="button button-danger-ghost" disabled={busy} onClick={() => setConfirmStop(true)}>
            Stop syncing…
          </button>
        )}
      </div>
      {confirmStop && (
        <fieldset
          className="manager-row-confirm sync-stop-confirm"
          aria-label="Stop syncing?"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              setConfirmStop(false);
              requestAnimationFrame(() => stopRef.current?.focus());
            }
          }}
        >
          <span className="manager-row-question">
            <strong>Stop syncing with {status.centralDisplay ?? 'central'}?</strong> The till keeps selling; what happens here waits on this
            till until a central database is set again. Nothing is deleted, here or there.
          </span>
          <span className="manager-row-confirm-actions">
            <button type="button" className="button button-small button-danger" disabled={busy} onClick={() => void stop()}>
              {busy ? 'Stopping…' : 'Yes, stop syncing'}
            </button>
            <button
              ref={keepRef}
              type="button"
              className="button button-small"
              onClick={() => {
                setConfirmStop(false);
                requestAnimationFrame(() => stopRef.current?.focus());
              }}
            >
              Keep syncing
            </button>
          </span>
        </fieldset>
      )}
      <ErrorAlert error={error} />
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
    </form>
  );
}
