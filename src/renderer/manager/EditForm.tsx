import type { ReactNode } from 'react';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';

/** An edit form of the Manager area: Enter submits (the fields do not validate in the browser), Escape closes it. */
export function EditForm({
  label,
  onSubmit,
  onClose,
  children,
}: {
  label: string;
  onSubmit(): void;
  onClose(): void;
  children: ReactNode;
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
      {children}
    </form>
  );
}

/**
 * The foot of an edit form: the core's refusal or what was done, then the form's own buttons
 * (`children`, on the left), Close and Save.
 */
export function FormFooter({
  busy,
  error,
  notice,
  saveLabel,
  onClose,
  children,
}: {
  busy: boolean;
  error: AppErrorData | null;
  notice: string | null;
  saveLabel: string;
  onClose(): void;
  children?: ReactNode;
}) {
  return (
    <div className="manager-form-footer">
      <ErrorAlert error={error} />
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      <div className="manager-form-actions">
        {children}
        {children && <span className="manager-form-spacer" />}
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Close <kbd>Esc</kbd>
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : saveLabel} <kbd>Enter</kbd>
        </button>
      </div>
    </div>
  );
}
