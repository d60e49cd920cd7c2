import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ChannelInput, ChannelOutput } from '../../shared/contract';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';
import { useServices, useSession } from '../stores/context';
import { EditForm, FormFooter } from './EditForm';
import { CheckField, type FieldErrors, placeError, TextField } from './fields';

type StaffRow = ChannelOutput<'staff.list'>[number];
type Role = StaffRow['roles'][number];

const PIN_RULE = /^\d{4,8}$/;

function statusOf(row: StaffRow): string {
  if (!row.active) return 'Deactivated';
  if (row.locked) return 'Locked: too many wrong PINs';
  return row.roles.includes('manager') ? 'Manager' : 'Cashier';
}

/** Staff: who may log in on this till, with which role; PIN resets, unlocking, deactivating. */
export function StaffSection() {
  const { api } = useServices();
  const [rows, setRows] = useState<StaffRow[]>([]);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [editing, setEditing] = useState<{ id: string | null } | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const id = useId();

  const reload = useCallback(async () => {
    // all of them: a member deactivated a moment ago stays in the form; the list hides them unless asked
    const result = await api.invoke('staff.list', { includeInactive: true });
    if (result.ok) {
      setRows(result.data);
      setError(null);
    } else setError(result.error);
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => {
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLButtonElement>('button')?.focus());
  }, []);

  const onListKey = (event: React.KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  const current = editing?.id ? (rows.find((r) => r.id === editing.id) ?? null) : null;
  const close = () => {
    const openId = editing?.id;
    setEditing(null);
    requestAnimationFrame(() => {
      const target = openId ? listRef.current?.querySelector<HTMLButtonElement>(`[data-row-id="${openId}"]`) : null;
      (target ?? listRef.current?.querySelector<HTMLButtonElement>('button'))?.focus();
    });
  };

  return (
    <section aria-labelledby={`${id}-title`} className="manager-section manager-split">
      <div className="manager-list-pane">
        <header className="manager-section-head">
          <h2 id={`${id}-title`} className="manager-section-title">
            Staff
          </h2>
          <button type="button" className="button button-small" onClick={() => setEditing({ id: null })}>
            Add a staff member
          </button>
        </header>
        <label className="toggle toggle-small">
          <input type="checkbox" checked={includeInactive} onChange={(event) => setIncludeInactive(event.target.checked)} />
          Show deactivated staff
        </label>
        <ErrorAlert error={error} />
        <ul ref={listRef} className="manager-rows" aria-label="Staff" onKeyDown={onListKey}>
          {rows
            .filter((row) => includeInactive || row.active || row.id === editing?.id)
            .map((row) => (
              <li key={row.id}>
                <button
                  type="button"
                  data-row-id={row.id}
                  className={`manager-row-button${editing?.id === row.id ? ' manager-row-open' : ''}${row.active ? '' : ' manager-row-inactive'}`}
                  aria-current={editing?.id === row.id ? 'true' : undefined}
                  onClick={() => setEditing({ id: row.id })}
                >
                  <strong>{row.name}</strong>
                  <span className={row.locked ? 'staff-locked' : undefined}>{statusOf(row)}</span>
                </button>
              </li>
            ))}
        </ul>
      </div>
      <div className="manager-form-pane">
        {editing === null ? (
          <div className="manager-empty">
            <strong>Pick a staff member</strong>
            <span>Change their role, reset their PIN, unlock or deactivate them — or add someone new.</span>
          </div>
        ) : editing.id === null ? (
          <StaffForm
            key="new"
            row={null}
            onClose={close}
            onSaved={(saved) => {
              void reload();
              setEditing({ id: saved.id });
            }}
          />
        ) : current ? (
          <StaffForm key={current.id} row={current} onClose={close} onSaved={() => void reload()} />
        ) : null}
      </div>
    </section>
  );
}

function StaffForm({ row, onSaved, onClose }: { row: StaffRow | null; onSaved(row: StaffRow): void; onClose(): void }) {
  const { api } = useServices();
  const me = useSession((s) => s.staff);
  const [name, setName] = useState(row?.name ?? '');
  const [roles, setRoles] = useState<Role[]>(row?.roles ?? ['cashier']);
  const [pin, setPin] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const isMe = row !== null && me?.id === row.id;
  useEffect(() => nameRef.current?.focus(), []);

  const fieldOf = (path: string) => {
    const head = path.split('.')[0] ?? '';
    return ['name', 'pin', 'roles', 'active'].includes(head) ? head : null;
  };

  const send = async (changes: Omit<ChannelInput<'staff.update'>, 'id'>, done: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const result = row ? await api.invoke('staff.update', { id: row.id, ...changes }) : null;
    setBusy(false);
    if (!result) return;
    if (!result.ok) {
      const placed = placeError(result.error, fieldOf);
      setErrors(placed.fields);
      setError(placed.form);
      return;
    }
    setNotice(done);
    setPin('');
    onSaved(result.data);
  };

  const submit = async () => {
    const found: FieldErrors = {};
    if (name.trim() === '') found.name = 'Give the name the login screen shows.';
    if (roles.length === 0) found.roles = 'Give at least one role: cashier, manager or both.';
    if (pin !== '' && !PIN_RULE.test(pin)) found.pin = 'A PIN is 4 to 8 digits.';
    if (!row && pin === '') found.pin = 'Give the new staff member a PIN of 4 to 8 digits (they can be told it in person).';
    if (Object.keys(found).length > 0) {
      setErrors(found);
      (found.name ? nameRef : pinRef).current?.focus();
      return;
    }
    if (!row) {
      setBusy(true);
      const result = await api.invoke('staff.create', { name: name.trim(), pin, roles });
      setBusy(false);
      if (!result.ok) {
        const placed = placeError(result.error, fieldOf);
        setErrors(placed.fields);
        setError(placed.form);
        return;
      }
      onSaved(result.data);
      return;
    }
    await send(
      {
        ...(name.trim() !== row.name ? { name: name.trim() } : {}),
        ...(roles.join() !== row.roles.join() ? { roles } : {}),
        ...(pin !== '' ? { pin } : {}),
      },
      pin !== '' ? `Saved. ${name.trim()} logs in with the new PIN from now on.` : `Saved ${name.trim()}.`,
    );
  };

  const toggleRole = (role: Role, on: boolean) => {
    setRoles((current) => {
      const next = on ? [...new Set([...current, role])] : current.filter((r) => r !== role);
      return next.sort() as Role[];
    });
    setErrors({});
    setNotice(null);
  };

  return (
    <EditForm label={row ? `Edit ${row.name}` : 'New staff member'} onSubmit={() => void submit()} onClose={onClose}>
      <header className="manager-form-head">
        <div>
          <h3 className="manager-form-title">{row ? row.name : 'New staff member'}</h3>
          {row && (
            <p className="muted">
              {statusOf(row)}
              {row.lastLoginAt ? ` · last login ${new Date(row.lastLoginAt).toLocaleString()}` : ' · never logged in'}
            </p>
          )}
        </div>
      </header>
      <div className="manager-form-grid">
        <TextField
          id={`${id}-name`}
          label="Name"
          value={name}
          onChange={(v) => {
            setName(v);
            setErrors({});
            setNotice(null);
          }}
          error={errors.name}
          inputRef={nameRef}
          maxLength={120}
          disabled={busy}
          className="span-2"
        />
        <fieldset className={`field span-2 role-fieldset${errors.roles ? ' field-invalid' : ''}`}>
          <legend className="field-label">Roles</legend>
          <div className="role-options">
            <CheckField
              id={`${id}-cashier`}
              label="Cashier"
              checked={roles.includes('cashier')}
              onChange={(on) => toggleRole('cashier', on)}
              disabled={busy}
            />
            <CheckField
              id={`${id}-manager`}
              label="Manager"
              checked={roles.includes('manager')}
              onChange={(on) => toggleRole('manager', on)}
              disabled={busy || (isMe && roles.includes('manager'))}
              {...(isMe ? { hint: 'Your own manager role is taken away by another manager.' } : {})}
            />
          </div>
          {errors.roles && <span className="field-error">{errors.roles}</span>}
        </fieldset>
        <TextField
          id={`${id}-pin`}
          label={row ? 'New PIN' : 'PIN'}
          optional={row !== null}
          hint={row ? 'Left empty, the PIN stays as it is. A new PIN also unlocks the account.' : '4 to 8 digits.'}
          value={pin}
          onChange={(v) => {
            setPin(v.replace(/\D/g, ''));
            setErrors({});
            setNotice(null);
          }}
          error={errors.pin}
          inputRef={pinRef}
          inputMode="numeric"
          maxLength={8}
          disabled={busy}
          className="span-2"
        />
      </div>
      <FormFooter busy={busy} error={error} notice={notice} saveLabel={row ? 'Save changes' : 'Add staff member'} onClose={onClose}>
        {row?.locked && row.active && (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void send({ unlock: true }, `${row.name} can log in again.`)}
          >
            Unlock
          </button>
        )}
        {row && !isMe && (
          <button
            type="button"
            className={`button${row.active ? ' button-danger-ghost' : ''}`}
            disabled={busy}
            onClick={() =>
              void send(
                { active: !row.active },
                row.active ? `${row.name} is deactivated and can no longer log in.` : `${row.name} can log in again.`,
              )
            }
          >
            {row.active ? 'Deactivate' : 'Reactivate'}
          </button>
        )}
      </FormFooter>
    </EditForm>
  );
}
