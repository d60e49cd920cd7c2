/**
 * A receipt or report, as the core rendered it: in a sandboxed frame (no scripts, no same-origin
 * access, no forms), so nothing in catalogue text can reach the till's page.
 */
export function DocumentFrame({ html, title, className }: { html: string | null; title: string; className?: string }) {
  if (html === null) {
    return (
      <div className={`doc-frame doc-frame-loading${className ? ` ${className}` : ''}`} role="status">
        Preparing the {title.toLowerCase()}…
      </div>
    );
  }
  return <iframe className={`doc-frame${className ? ` ${className}` : ''}`} title={title} sandbox="" srcDoc={html} />;
}
