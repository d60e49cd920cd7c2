const SHORTCUTS: [string, string][] = [
  ['F2', 'Search'],
  ['↑ ↓', 'Move'],
  ['Enter', 'Add product'],
  ['Esc', 'Clear search'],
  ['Scan', 'Add by barcode, any time'],
];

export function ShortcutBar() {
  return (
    <section className="shortcuts" aria-label="Keyboard shortcuts">
      <ul className="shortcuts-list">
        {SHORTCUTS.map(([key, what]) => (
          <li key={key} className="shortcut">
            <kbd>{key}</kbd>
            <span>{what}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
