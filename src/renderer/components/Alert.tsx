import type { AppErrorData } from '../../shared/result';

/** An error from the other side, in the words it was sent in — never the bare code. */
export function ErrorAlert({ error, className }: { error: AppErrorData | null; className?: string }) {
  if (!error) return null;
  return (
    <div role="alert" className={`alert alert-error${className ? ` ${className}` : ''}`}>
      <span className="alert-icon" aria-hidden="true">
        !
      </span>
      <span>{error.message}</span>
    </div>
  );
}
