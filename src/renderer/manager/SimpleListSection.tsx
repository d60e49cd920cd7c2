import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';
import { EditForm, FormFooter } from './EditForm';
import './manager.css';

/** One row of a short list (categories, tax classes): its id, what the list shows, and how to edit it. */
export interface ListRow {
  id: string;
  title: string;
  detail?: string;
}

/**
 * A short list with an edit form beside it: the rows are buttons (Tab, ↑ ↓, Enter), "Add" opens an
 * empty form; Escape in the form closes it. The form itself is the caller's (`renderForm`). With
 * `onDelete`, each row has a Delete button that asks once more (Keep has the focus; Escape keeps
 * it); a refusal is said in the core's words under the row.
 */
export function SimpleListSection<T extends ListRow>({
  title,
  addLabel,
  emptyText,
  load,
  renderForm,
  onDelete,
}: {
  title: string;
  addLabel: string;
  emptyText: string;
  load(): Promise<{ ok: true; data: T[] } | { ok: false; error: AppErrorData }>;
  renderForm(props: { row: T | null; onSaved(saved: T): void; onClose(): void }): ReactNode;
  onDelete?(row: T): Promise<{ ok: true } | { ok: false; error: AppErrorData }>;
}) {
  const [rows, setRows] = useState<T[]>([]);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [editing, setEditing] = useState<{ row: T | null } | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; busy: boolean; error: AppErrorData | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const id = useId();

  const reload = useCallback(async () => {
    const result = await load();
    if (result.ok) {
      setRows(result.data);
      setError(null);
    } else setError(result.error);
  }, [load]);

  const rowButton = (rowId?: string) => rowButtonOf(listRef.current, rowId);

  useEffect(() => {
    void reload().then(() => rowButtonOf(listRef.current)?.focus());
  }, [reload]);

  const onListKey = (event: React.KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button[data-row-id]') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  const close = () => {
    const openId = editing?.row?.id;
    setEditing(null);
    requestAnimationFrame(() => (rowButton(openId) ?? rowButton())?.focus());
  };

  const askDelete = (row: T) => {
    setNotice(null);
    setDeleting({ id: row.id, busy: false, error: null });
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLButtonElement>('[data-keep]')?.focus());
  };
  const keep = (rowId: string) => {
    setDeleting(null);
    requestAnimationFrame(() => rowButton(rowId)?.focus());
  };
  const confirmDelete = async (row: T) => {
    if (!onDelete || deleting?.busy) return;
    setDeleting({ id: row.id, busy: true, error: null });
    const result = await onDelete(row);
    if (!result.ok) {
      setDeleting({ id: row.id, busy: false, error: result.error });
      requestAnimationFrame(() => listRef.current?.querySelector<HTMLButtonElement>('[data-keep]')?.focus());
      return;
    }
    setDeleting(null);
    if (editing?.row?.id === row.id) setEditing(null);
    setNotice(`Deleted “${row.title}”.`);
    await reload();
    requestAnimationFrame(() => rowButton()?.focus());
  };

  return (
    <section aria-labelledby={`${id}-title`} className="manager-section manager-split">
      <div className="manager-list-pane">
        <header className="manager-section-head">
          <h2 id={`${id}-title`} className="manager-section-title">
            {title}
          </h2>
          <button type="button" className="button button-small" onClick={() => setEditing({ row: null })}>
            {addLabel}
          </button>
        </header>
        <ErrorAlert error={error} />
        {notice && (
          <p className="alert alert-success" role="status">
            {notice}
          </p>
        )}
        {rows.length === 0 && !error ? (
          <p className="manager-empty">{emptyText}</p>
        ) : (
          <ul ref={listRef} className="manager-rows" aria-label={title} onKeyDown={onListKey}>
            {rows.map((row) => (
              <li key={row.id} className={onDelete ? 'manager-row-item' : undefined}>
                {deleting?.id === row.id ? (
                  <DeleteConfirm
                    row={row}
                    busy={deleting.busy}
                    error={deleting.error}
                    onDelete={() => void confirmDelete(row)}
                    onKeep={() => keep(row.id)}
                  />
                ) : (
                  <>
                    <button
                      type="button"
                      data-row-id={row.id}
                      className={`manager-row-button${editing?.row?.id === row.id ? ' manager-row-open' : ''}`}
                      aria-current={editing?.row?.id === row.id ? 'true' : undefined}
                      onClick={() => setEditing({ row })}
                    >
                      <strong>{row.title}</strong>
                      {row.detail && <span>{row.detail}</span>}
                    </button>
                    {onDelete && (
                      <button
                        type="button"
                        className="button button-small button-danger-ghost manager-row-delete"
                        aria-label={`Delete ${row.title}`}
                        onClick={() => askDelete(row)}
                      >
                        Delete
                      </button>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="manager-form-pane">
        {editing ? (
          <div key={editing.row?.id ?? 'new'}>
            {renderForm({
              row: editing.row,
              onSaved: (saved) => {
                void reload();
                setNotice(null);
                setEditing({ row: saved });
              },
              onClose: close,
            })}
          </div>
        ) : (
          <div className="manager-empty">
            <strong>Pick one to edit it</strong>
            <span>Or {addLabel.toLowerCase()}.</span>
          </div>
        )}
      </div>
    </section>
  );
}

/** A row's button in the list (the first one without an id). */
function rowButtonOf(list: HTMLUListElement | null, rowId?: string): HTMLButtonElement | null {
  return list?.querySelector<HTMLButtonElement>(rowId ? `[data-row-id="${rowId}"]` : 'button[data-row-id]') ?? null;
}

/** The second step of Delete: the question, Delete and Keep (focused; Escape keeps); refused, the core's words and OK. */
function DeleteConfirm({
  row,
  busy,
  error,
  onDelete,
  onKeep,
}: {
  row: ListRow;
  busy: boolean;
  error: AppErrorData | null;
  onDelete(): void;
  onKeep(): void;
}) {
  return (
    <fieldset
      className="manager-row-confirm"
      aria-label={`Delete ${row.title}?`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onKeep();
        }
      }}
    >
      <span className="manager-row-question">
        {error ? (
          <>
            <strong>“{row.title}”</strong> cannot be deleted.
          </>
        ) : (
          <>
            Delete <strong>“{row.title}”</strong>?
          </>
        )}
      </span>
      <span className="manager-row-confirm-actions">
        {!error && (
          <button type="button" className="button button-small button-danger" disabled={busy} onClick={onDelete}>
            {busy ? 'Deleting…' : 'Yes, delete'}
          </button>
        )}
        <button type="button" className="button button-small" data-keep onClick={onKeep}>
          {error ? 'OK' : 'Keep'}
        </button>
      </span>
      <ErrorAlert error={error} className="manager-row-refusal" />
    </fieldset>
  );
}

/** The frame of a small edit form: its title, its fields, the core's refusal, Save and Close (and the form's own buttons). */
export function SmallForm({
  label,
  busy,
  error,
  notice,
  onSubmit,
  onClose,
  children,
  saveLabel,
  actions,
}: {
  label: string;
  busy: boolean;
  error: AppErrorData | null;
  notice: string | null;
  onSubmit(): void;
  onClose(): void;
  children: ReactNode;
  saveLabel: string;
  actions?: ReactNode;
}) {
  return (
    <EditForm label={label} onSubmit={onSubmit} onClose={onClose}>
      <h3 className="manager-form-title">{label}</h3>
      {children}
      <FormFooter busy={busy} error={error} notice={notice} saveLabel={saveLabel} onClose={onClose}>
        {actions}
      </FormFooter>
    </EditForm>
  );
}
