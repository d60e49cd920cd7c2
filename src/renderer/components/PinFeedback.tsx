import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from './Alert';

/**
 * Above a PIN keypad: one dot per digit typed (a PIN's length is its own, so there are no empty
 * slots hinting at one), or the error of the last try. Both share one box of a fixed height, so the
 * keypad below never moves when an error comes or goes; typing again clears the error.
 */
export function PinFeedback({ length, error }: { length: number; error: AppErrorData | null }) {
  return (
    <>
      <div className="pin-feedback">
        {error ? (
          <ErrorAlert error={error} />
        ) : (
          <div className="pin-display" aria-hidden="true" data-testid="pin-dots">
            {Array.from({ length }, (_, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the dots are positions, not items
              <span key={index} className="pin-dot pin-dot-filled" />
            ))}
          </div>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {length === 1 ? '1 digit entered' : `${length} digits entered`}
      </p>
    </>
  );
}
