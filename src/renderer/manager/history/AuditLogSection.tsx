import { useEffect, useId, useState } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import { useServices, useSession } from '../../stores/context';
import { type FieldErrors, placeError, SelectField } from '../fields';
import { DateField } from '../reports/DateField';
import { dateTime } from '../reports/ranges';
import { ACTION_FILTERS, actionName, detailPairs } from './auditNames';
import { LoadMore } from './HistoryDetail';
import { useKeysetList } from './useKeysetList';
import { useStaffOptions } from './useStaffOptions';

type AuditEntry = ChannelOutput<'audit.list'>['items'][number];

interface Filters {
  from: string;
  to: string;
  action: string;
  staffId: string;
}

/** The audit log: who did what and when, newest first, filtered by days, kind of action and staff member (audit.list). */
export function AuditLogSection() {
  const { api } = useServices();
  const currency = useSession((s) => s.currency);
  const timeZone = useSession((s) => s.settings?.timeZone);
  const id = useId();
  const staffOptions = useStaffOptions('Anybody');
  const [filters, setFilters] = useState<Filters>({ from: '', to: '', action: '', staffId: '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<AppErrorData | null>(null);

  const list = useKeysetList<AuditEntry>((cursor) =>
    api.invoke('audit.list', {
      ...(filters.from ? { from: filters.from } : {}),
      ...(filters.to ? { to: filters.to } : {}),
      ...(filters.action ? { action: filters.action } : {}),
      ...(filters.staffId ? { staffId: filters.staffId } : {}),
      ...(cursor ? { cursor } : {}),
      limit: 50,
    }),
  );

  // every change of a filter asks again
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters are what the search reads
  useEffect(() => {
    void list.search().then((error) => {
      const placed = error ? placeError(error, (path) => (path in filters ? path : null)) : { fields: {}, form: null };
      setFieldErrors(placed.fields);
      setFormError(placed.form);
    });
  }, [filters]);

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <section aria-labelledby={`${id}-title`} className="manager-section history-section audit-section">
      <header className="manager-section-head">
        <h2 id={`${id}-title`} className="manager-section-title">
          Audit log
        </h2>
        <p className="muted">Every void, refund, approval, drawer opening and change, with who did it.</p>
      </header>
      <form className="history-filters audit-filters" aria-label="Filter the audit log" onSubmit={(event) => event.preventDefault()}>
        <DateField id={`${id}-from`} label="From" value={filters.from} error={fieldErrors.from} onChange={(from) => set({ from })} />
        <DateField id={`${id}-to`} label="To" value={filters.to} error={fieldErrors.to} onChange={(to) => set({ to })} />
        <SelectField
          id={`${id}-action`}
          label="Action"
          value={filters.action}
          options={ACTION_FILTERS}
          error={fieldErrors.action}
          onChange={(action) => set({ action })}
        />
        <SelectField
          id={`${id}-staff`}
          label="Staff member"
          value={filters.staffId}
          options={staffOptions}
          error={fieldErrors.staffId}
          onChange={(staffId) => set({ staffId })}
        />
      </form>
      <ErrorAlert error={formError} />
      <div className="audit-table-wrap">
        <table className="report-table audit-table">
          <caption className="visually-hidden">Audit log entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((entry) => (
              <tr key={entry.id} data-action={entry.action}>
                <td className="audit-when">{dateTime(entry.at, timeZone)}</td>
                <th scope="row" className="audit-what">
                  {actionName(entry.action)}
                </th>
                <td>
                  {entry.actorName ?? '—'}
                  {entry.approverName && <span className="audit-approver">approved by {entry.approverName}</span>}
                </td>
                <td className="audit-details">
                  {detailPairs(entry.details, currency).map(([key, value]) => (
                    <span key={key} className="audit-detail">
                      <span className="muted">{key}:</span> {value}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.loaded && list.items.length === 0 && !list.loading && !formError && (
          <div className="manager-empty">
            <strong>Nothing recorded</strong>
            <span>No entries match these filters.</span>
          </div>
        )}
        <LoadMore list={list} />
      </div>
    </section>
  );
}
