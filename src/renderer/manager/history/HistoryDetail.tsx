import { type ReactNode, useEffect, useState } from 'react';
import type { AppErrorData, Result } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import { DocumentFrame } from '../../components/DocumentFrame';
import { useRendered } from '../../hooks/useRendered';

/**
 * What the core answers for the record a detail pane shows, asked once per record (`key`); an
 * answer for a record no longer shown is dropped.
 */
export function useRecord<T>(key: string, load: () => Promise<Result<T>>): { data: T | null; error: AppErrorData | null } {
  const [state, setState] = useState<{ data: T | null; error: AppErrorData | null }>({ data: null, error: null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: asked again only for another record (the pane is keyed by it too)
  useEffect(() => {
    let live = true;
    void load().then((result) => {
      if (live) setState(result.ok ? { data: result.data, error: null } : { data: null, error: result.error });
    });
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}

/**
 * The detail pane of a past sale or a Z report: its title and when/who under it, its print button,
 * its figures (`children`), and the document as the core renders it (`render`, once per `recordKey`).
 */
export function HistoryDetail({
  recordKey,
  title,
  subtitle,
  action,
  error,
  documentTitle,
  render,
  children,
}: {
  recordKey: string;
  title: string;
  subtitle: ReactNode;
  action: ReactNode;
  error: AppErrorData | null;
  documentTitle: string;
  render(): Promise<Result<{ html: string | null }>>;
  children?: ReactNode;
}) {
  const { html, error: renderError } = useRendered(recordKey, render);
  return (
    <section className="sale-detail" aria-label={title}>
      <div className="manager-form-head">
        <div>
          <h3 className="manager-form-title">{title}</h3>
          <p className="muted">{subtitle}</p>
        </div>
        {action}
      </div>
      <ErrorAlert error={error} />
      {children}
      <ErrorAlert error={renderError} />
      {!renderError && <DocumentFrame html={html} title={documentTitle} className="sale-detail-receipt" />}
    </section>
  );
}

/** "Load more" under a keyset list, while the core says there is more. */
export function LoadMore({ list }: { list: { nextCursor: string | null; loading: boolean; loadMore(): Promise<unknown> } }) {
  if (!list.nextCursor) return null;
  return (
    <button type="button" className="button history-more" disabled={list.loading} onClick={() => void list.loadMore()}>
      {list.loading ? 'Loading…' : 'Load more'}
    </button>
  );
}
