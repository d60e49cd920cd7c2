import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';

/** One row of a short list (categories, tax classes): its id, what the list shows, and how to edit it. */
export interface ListRow {
  id: string;
  title: string;
  detail?: string;
}

/**
 * A short list with an edit form beside it: the rows are buttons (Tab, ↑ ↓, Enter), "Add" opens an
 * empty form; Escape in the form closes it. The form itself is the caller's (`renderForm`).
 */
export function SimpleListSection<T extends ListRow>({
  title,
  addLabel,
  emptyText,
  load,
  renderForm,
}: {
  title: string;
  addLabel: string;
  emptyText: string;
  load(): Promise<{ ok: true; data: T[] } | { ok: false; error: AppErrorData }>;
  renderForm(props: { row: T | null; onSaved(saved: T): void; onClose(): void }): ReactNode;
}) {
  const [rows, setRows] = useState<T[]>([]);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [editing, setEditing] = useState<{ row: T | null } | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const id = useId();

  const reload = useCallback(async () => {
    const result = await load();
    if (result.ok) {
      setRows(result.data);
      setError(null);
    } else setError(result.error);
  }, [load]);

  useEffect(() => {
    void reload().then(() => listRef.current?.querySelector<HTMLButtonElement>('button')?.focus());
  }, [reload]);

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

  const close = () => {
    const openId = editing?.row?.id;
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
            {title}
          </h2>
          <button type="button" className="button button-small" onClick={() => setEditing({ row: null })}>
            {addLabel}
          </button>
        </header>
        <ErrorAlert error={error} />
        {rows.length === 0 && !error ? (
          <p className="manager-empty">{emptyText}</p>
        ) : (
          <ul ref={listRef} className="manager-rows" aria-label={title} onKeyDown={onListKey}>
            {rows.map((row) => (
              <li key={row.id}>
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

/** The frame of a small edit form: its title, its fields, the core's refusal, Save and Close. */
export function SmallForm({
  label,
  busy,
  error,
  notice,
  onSubmit,
  onClose,
  children,
  saveLabel,
}: {
  label: string;
  busy: boolean;
  error: AppErrorData | null;
  notice: string | null;
  onSubmit(): void;
  onClose(): void;
  children: ReactNode;
  saveLabel: string;
}) {
  return (
    <form
      className="manager-form"
      aria-label={label}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <h3 className="manager-form-title">{label}</h3>
      {children}
      <div className="manager-form-footer">
        <ErrorAlert error={error} />
        {notice && (
          <p className="alert alert-success" role="status">
            {notice}
          </p>
        )}
        <div className="manager-form-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Close <kbd>Esc</kbd>
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Saving…' : saveLabel} <kbd>Enter</kbd>
          </button>
        </div>
      </div>
    </form>
  );
}
