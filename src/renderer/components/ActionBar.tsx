export interface ActionKey {
  key: string;
  label: string;
  run(): void;
  disabled?: boolean;
  tone?: 'primary' | 'danger';
}

/** The function keys, on screen: each one is also a big button for a touch screen. */
export function ActionBar({ actions }: { actions: ActionKey[] }) {
  return (
    <nav className="actionbar" aria-label="Actions and keyboard shortcuts">
      <ul className="actionbar-list">
        {actions.map((action) => (
          <li key={action.label}>
            <button
              type="button"
              className={`action${action.tone ? ` action-${action.tone}` : ''}`}
              disabled={action.disabled}
              aria-keyshortcuts={action.key ? action.key.replace(/\bDel$/, 'Delete') : undefined}
              onClick={action.run}
            >
              {/* the space keeps the key and the word apart in the button's name ("F3 Quantity", not "F3Quantity") */}
              {action.key && <kbd>{action.key}</kbd>} <span>{action.label}</span>
            </button>
          </li>
        ))}
        <li className="actionbar-hint">
          <kbd>Esc</kbd>
          <span>closes dialogs</span>
        </li>
      </ul>
    </nav>
  );
}
