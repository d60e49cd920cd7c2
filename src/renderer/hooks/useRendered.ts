import { useEffect, useState } from 'react';
import type { AppErrorData, Result } from '../../shared/result';

/** Load a rendered document (receipt.render, report.render) once for `key`; html stays null until it comes. */
export function useRendered(key: string | null, load: () => Promise<Result<{ html: string | null }>>) {
  const [state, setState] = useState<{ key: string | null; html: string | null; error: AppErrorData | null }>({
    key: null,
    html: null,
    error: null,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the document is named by key; load is a fresh closure each render
  useEffect(() => {
    if (key === null) return;
    let live = true;
    void load().then((result) => {
      if (!live) return;
      if (result.ok) setState({ key, html: result.data.html ?? '', error: null });
      else setState({ key, html: null, error: result.error });
    });
    return () => {
      live = false;
    };
  }, [key]);
  return state.key === key ? { html: state.html, error: state.error } : { html: null, error: null };
}
