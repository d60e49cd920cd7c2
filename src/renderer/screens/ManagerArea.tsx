import { useEffect, useId, useRef, useState } from 'react';
import type { AppErrorData } from '../../shared/result';
import { ErrorAlert } from '../components/Alert';
import { modalOpen } from '../components/Dialog';
import { leaveManagerArea } from '../manager/access';
import { MANAGER_SECTIONS, sectionOf } from '../manager/sections';
import { useServices, useSession, useShift, useUi } from '../stores/context';

/**
 * The Manager area: the work of a manager that is not selling — the shift's tasks, products,
 * categories, tax classes, staff and settings — one section at a time beside its navigation.
 * Escape or the Back button returns to the till, whose sale in progress is as it was left.
 */
export function ManagerArea() {
  const services = useServices();
  const { ui } = services;
  const shift = useShift((s) => s.shift);
  const joinedShiftId = useShift((s) => s.joinedShiftId);
  const staff = useSession((s) => s.staff);
  const sectionKey = useUi((s) => s.managerSection);
  const elevatedFrom = useUi((s) => s.elevatedFrom);
  const [leaveError, setLeaveError] = useState<AppErrorData | null>(null);
  const [leaving, setLeaving] = useState(false);
  const id = useId();
  const navRef = useRef<HTMLUListElement>(null);
  const section = sectionOf(sectionKey);

  const someoneElses = shift !== null && staff !== null && shift.openedBy !== staff.id;
  const backLabel = elevatedFrom
    ? `Back to ${elevatedFrom.name}’s till`
    : !shift
      ? 'Open a shift'
      : someoneElses && joinedShiftId !== shift.id
        ? `Back to ${shift.openedByName}’s shift`
        : 'Back to the till';

  const leave = async () => {
    if (leaving) return;
    setLeaving(true);
    const error = await leaveManagerArea(services);
    setLeaving(false);
    setLeaveError(error);
  };

  // the current section's navigation entry has the focus when the area opens (the section then takes it if it wants)
  useEffect(() => {
    navRef.current?.querySelector<HTMLButtonElement>('[aria-current="page"]')?.focus();
  }, []);

  const onKeyDown = (event: React.KeyboardEvent) => {
    // a dialog (a shift task, a PIN prompt) handles its own Escape; a form's Escape closes the form first
    if (event.key !== 'Escape' || event.defaultPrevented || modalOpen()) return;
    event.preventDefault();
    void leave();
  };

  const onNavKey = (event: React.KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...(navRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[(at + (event.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  const Section = section.Component;
  return (
    <main className="screen manager-shell" aria-labelledby={`${id}-title`} onKeyDown={onKeyDown}>
      <header className="manager-shell-head">
        <div>
          <h1 id={`${id}-title`} className="screen-title">
            Manager area
          </h1>
          <p className="screen-lead">
            {staff?.name ?? 'A manager'}
            {elevatedFrom ? `, with a manager’s PIN on ${elevatedFrom.name}’s till` : ''} · every change is written to the audit log
          </p>
        </div>
        <div className="manager-back">
          <span className="muted" aria-hidden="true">
            <kbd>Esc</kbd>
          </span>
          <button
            type="button"
            className="button button-primary button-large"
            aria-keyshortcuts="Escape"
            onClick={() => void leave()}
            disabled={leaving}
          >
            {backLabel}
          </button>
        </div>
      </header>
      <ErrorAlert error={leaveError} />
      <div className="manager-body">
        <nav aria-label="Manager area" className="manager-nav">
          <ul ref={navRef} onKeyDown={onNavKey}>
            {MANAGER_SECTIONS.map((entry) => (
              <li key={entry.key}>
                <button
                  type="button"
                  className={`manager-nav-item${entry.key === section.key ? ' manager-nav-item-current' : ''}`}
                  aria-current={entry.key === section.key ? 'page' : undefined}
                  onClick={() => ui.getState().setManagerSection(entry.key)}
                >
                  <strong>{entry.label}</strong>
                  <span>{entry.hint}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="manager-content">
          <Section key={section.key} />
        </div>
      </div>
    </main>
  );
}
