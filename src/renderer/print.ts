/**
 * Print an HTML document with the system's print dialog (web mode, and Electron's "system"
 * printer): it goes into a hidden frame of its own and that frame prints. The frame runs no
 * scripts (no allow-scripts); allow-same-origin only lets this page call its print(), and
 * allow-modals lets the print dialog open.
 */
export function printHtml(html: string, doc: Document = document): Promise<void> {
  return new Promise((resolve) => {
    const frame = doc.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.className = 'print-frame';
    let printed = false;
    frame.addEventListener('load', () => {
      if (printed) return;
      printed = true;
      const view = frame.contentWindow;
      // the page goes when printing is over (afterprint), or after a minute whatever happens
      const remove = () => setTimeout(() => frame.remove(), 1000);
      view?.addEventListener('afterprint', remove, { once: true });
      setTimeout(() => frame.remove(), 60_000);
      // printing focuses the frame; the keyboard goes back where it was (Esc, Enter keep working)
      const active = doc.activeElement;
      const previous = active instanceof HTMLElement && active !== doc.body ? active : null;
      try {
        view?.focus();
        view?.print();
      } finally {
        if (previous) previous.focus({ preventScroll: true });
        else frame.blur();
        resolve();
      }
    });
    frame.srcdoc = html;
    doc.body.append(frame);
  });
}
