import { type ReactNode, type RefObject, useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), iframe, [tabindex]:not([tabindex="-1"])';

/** Whether any modal dialog is open (the sale screen then leaves keys, clicks and scans alone). */
export function modalOpen(): boolean {
  return document.querySelector('[role="dialog"][aria-modal="true"]') !== null;
}

function topmostDialog(): HTMLElement | null {
  const all = document.querySelectorAll<HTMLElement>('[role="dialog"][aria-modal="true"]');
  return all[all.length - 1] ?? null;
}

function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((element) => !element.closest('[inert]'));
}

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** what gets the focus first; the first field or button otherwise */
  initialFocus?: RefObject<HTMLElement | null>;
  size?: 'small' | 'medium' | 'large' | 'wide';
  /** a line under the title */
  subtitle?: ReactNode;
  /** while true, Esc and the close button do nothing (a payment on its way) */
  busy?: boolean;
  className?: string;
}

/**
 * A modal dialog: role="dialog" with a title, the focus kept inside (Tab wraps, a click outside
 * brings it back), Esc closes, and the focus returns where it was when it closes.
 */
export function Dialog({ title, onClose, children, initialFocus, size = 'medium', subtitle, busy = false, className }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const subtitleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const busyRef = useRef(busy);
  busyRef.current = busy;

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = ref.current;
    if (root) {
      const target = initialFocus?.current ?? focusables(root).find((element) => !element.classList.contains('dialog-close')) ?? root;
      target.focus();
    }
    // a click on the backdrop (or anything behind) must not leave the focus outside the dialog
    const keepFocus = (event: FocusEvent) => {
      const dialog = ref.current;
      if (!dialog || topmostDialog() !== dialog) return;
      if (event.target instanceof Node && dialog.contains(event.target)) return;
      (focusables(dialog)[0] ?? dialog).focus();
    };
    document.addEventListener('focusin', keepFocus);
    return () => {
      document.removeEventListener('focusin', keepFocus);
      if (previous?.isConnected) previous.focus({ preventScroll: true });
    };
  }, [initialFocus]);

  // keys are taken at the document (capture), so Esc and Tab work even when the focused element just
  // went away (a dialog that moved to its next step); only the topmost dialog answers
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const dialog = ref.current;
      if (!dialog || topmostDialog() !== dialog) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        if (!busyRef.current) closeRef.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const items = focusables(dialog);
      const first = items[0];
      const last = items[items.length - 1];
      const active = document.activeElement;
      if (!first || !last) {
        event.preventDefault();
        return;
      }
      const outside = !(active instanceof Node) || !dialog.contains(active) || active === dialog;
      if (event.shiftKey && (active === first || outside)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || outside)) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown, { capture: true });
    return () => document.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);

  // a step that replaced the focused element leaves the focus on <body>: bring it back into the dialog
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && topmostDialog() === dialog && (document.activeElement === document.body || document.activeElement === null)) {
      dialog.focus({ preventScroll: true });
    }
  });

  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={subtitle ? subtitleId : undefined}
        tabIndex={-1}
        className={`dialog dialog-${size}${className ? ` ${className}` : ''}`}
      >
        <header className="dialog-head">
          <div className="dialog-heading">
            <h2 id={titleId} className="dialog-title">
              {title}
            </h2>
            {subtitle && (
              <p id={subtitleId} className="dialog-subtitle">
                {subtitle}
              </p>
            )}
          </div>
          {/* named by its word and its key, as both are read and seen ("Close Esc"), not by a label that hides the key */}
          <button type="button" className="dialog-close" aria-keyshortcuts="Escape" disabled={busy} onClick={() => closeRef.current()}>
            <span aria-hidden="true">×</span> <span className="visually-hidden">Close</span> <kbd>Esc</kbd>
          </button>
        </header>
        {children}
      </div>
    </div>,
    document.body,
  );
}

/** The scrolling middle of a dialog. */
export function DialogBody({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={`dialog-body${className ? ` ${className}` : ''}`}>{children}</div>;
}

/** The row of buttons at the bottom of a dialog. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <footer className="dialog-actions">{children}</footer>;
}

/** What a line dialog shows when its line left the cart meanwhile (voided, or the sale completed). */
export function LineGoneDialog({ title, onClose }: { title: string; onClose(): void }) {
  return (
    <Dialog title={title} onClose={onClose} size="small">
      <DialogBody>
        <p>That line is no longer in the cart.</p>
      </DialogBody>
      <DialogActions>
        <span />
        <button type="button" className="button button-primary" onClick={onClose}>
          Close
        </button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * The footer of a dialog that records one thing (paid in/out, no sale): Cancel and the action
 * while it is open; once recorded, only Done (which `doneRef` focuses).
 */
export function RecordActions({
  done,
  busy,
  onClose,
  doneRef,
  label,
  onRecord,
}: {
  done: boolean;
  busy: boolean;
  onClose(): void;
  doneRef: RefObject<HTMLButtonElement | null>;
  label: string;
  onRecord(): void;
}) {
  return (
    <DialogActions>
      {done ? (
        <span />
      ) : (
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
      )}
      {done ? (
        <button ref={doneRef} type="button" className="button button-primary button-large" onClick={onClose}>
          Done
        </button>
      ) : (
        <button type="button" className="button button-primary button-large" disabled={busy} onClick={onRecord}>
          {label}
        </button>
      )}
    </DialogActions>
  );
}
