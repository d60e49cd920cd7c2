import type { JobProgress } from '../../../shared/contract/jobs';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';

/**
 * How far long work has come: its phase in words, done of total, a bar (role="progressbar"; no
 * value while the size is not known yet) and Cancel while the core says the work may be stopped.
 */
export function ProgressBar({
  label,
  progress,
  onCancel,
  cancelError = null,
}: {
  /** what is running, e.g. "Backing up" */
  label: string;
  /** null: started, no answer from job.progress yet */
  progress: JobProgress | null;
  onCancel?: () => void;
  cancelError?: AppErrorData | null;
}) {
  const total = progress?.total ?? 0;
  const done = Math.min(progress?.done ?? 0, total);
  const known = total > 0;
  const percent = known ? Math.round((done / total) * 100) : 0;
  const phase = progress ? (progress.state === 'cancelled' ? 'Stopping' : progress.phase) : 'Starting';
  const count = known ? `${done.toLocaleString()} of ${total.toLocaleString()}` : '';
  const stopping = progress?.state === 'cancelled';
  return (
    <div className="job-progress">
      <div className="job-progress-head">
        <strong>{label}</strong>
        <span className="job-progress-phase" aria-live="polite">
          {phase}…{count && <span className="job-progress-count"> {count}</span>}
        </span>
      </div>
      <div className="job-progress-row">
        <div
          className={`job-progress-track${known ? '' : ' job-progress-indeterminate'}`}
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={known ? percent : undefined}
          aria-valuetext={known ? `${phase}: ${count} (${percent} %)` : phase}
        >
          <div className="job-progress-fill" style={known ? { width: `${percent}%` } : undefined} />
        </div>
        {onCancel && progress?.cancellable && !stopping && (
          <button type="button" className="button button-small" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <ErrorAlert error={cancelError} />
    </div>
  );
}
