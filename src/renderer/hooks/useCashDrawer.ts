import { useEffect, useState } from 'react';
import type { AppErrorData } from '../../shared/result';
import { useServices } from '../stores/context';

/**
 * A sale or refund that moved cash opens the drawer as soon as it is completed — whether or not a
 * receipt is printed — once (the core refuses a second pulse for the same document). Returns the
 * sentence to show when the drawer's printer did not answer.
 */
export function useCashDrawer(document: { id: string; payments: { method: string }[] }): AppErrorData | null {
  const { api } = useServices();
  const [error, setError] = useState<AppErrorData | null>(null);
  const movesCash = document.payments.some((p) => p.method === 'cash');
  useEffect(() => {
    if (!movesCash) return;
    let live = true;
    void api.invoke('receipt.kickDrawer', { saleId: document.id }).then((result) => {
      if (live && !result.ok) setError({ ...result.error, message: `The cash drawer did not open. ${result.error.message}` });
    });
    return () => {
      live = false;
    };
  }, [api, document.id, movesCash]);
  return error;
}
