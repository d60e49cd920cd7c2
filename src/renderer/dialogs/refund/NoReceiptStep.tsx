import { useEffect, useId, useRef, useState } from 'react';
import type { RingupApi } from '../../../shared/api';
import type { ChannelOutput } from '../../../shared/contract';
import { formatMoney } from '../../../shared/money';
import { stripScan } from '../../checkout/scan';
import { ErrorAlert } from '../../components/Alert';
import { DialogBody } from '../../components/Dialog';
import { useBarcodeScanner } from '../../scanner/useBarcodeScanner';
import { useServices, useSession } from '../../stores/context';
import type { RefundStore } from '../../stores/refund';
import { undoTypedScan } from './LineControls';
import { RefundFooter } from './RefundFooter';
import { RefundOptions } from './RefundOptions';
import { ReturnsTable } from './ReturnsTable';
import { useRefund } from './useRefund';

type SearchHit = ChannelOutput<'catalog.search'>['items'][number];

/** The products matching what is typed (2 characters or more), asked a moment after the typing stops. */
function useProductSearch(api: RingupApi, query: string): SearchHit[] {
  const [hits, setHits] = useState<SearchHit[]>([]);
  useEffect(() => {
    const text = query.trim();
    if (text.length < 2) {
      setHits([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void api.invoke('catalog.search', { query: text, limit: 6, active: 'all' }).then((result) => {
        if (live && result.ok) setHits(result.data.items);
      });
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, api]);
  return hits;
}

/** The products found, each a button that adds it to what comes back. */
function ProductHits({ hits, onPick }: { hits: SearchHit[]; onPick(hit: SearchHit): void }) {
  const currency = useSession((s) => s.currency);
  return (
    <ul className="pick-list pick-list-compact" aria-label="Matching products">
      {hits.map((hit) => (
        <li key={hit.id}>
          <button type="button" className="pick" onClick={() => onPick(hit)}>
            <span className="pick-main">
              <strong>{hit.name}</strong>
              <span className="muted">{hit.sku}</span>
            </span>
            <span className="pick-amount">
              {formatMoney(hit.priceMinor, currency)}
              {hit.soldByWeight ? '/kg' : ''}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A refund without a receipt: the products brought back, scanned or found by name or SKU, at today's price. */
export function NoReceiptStep({ store }: { store: RefundStore }) {
  const { api } = useServices();
  const returns = useRefund(store, (s) => s.returns);
  const error = useRefund(store, (s) => s.error);
  const [query, setQuery] = useState('');
  const hits = useProductSearch(api, query);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  useBarcodeScanner((code) => {
    // the scanner typed its code into the focused field first: take it back out
    undoTypedScan((productId, quantity) => store.getState().setReturnQuantity(productId, quantity));
    setQuery((value) => stripScan(value, code));
  });

  const add = async (hit: SearchHit) => {
    const result = await api.invoke('catalog.get', { id: hit.id });
    if (result.ok) {
      store.getState().addReturn(result.data);
      setQuery('');
      inputRef.current?.focus();
    } else store.setState({ error: result.error });
  };

  return (
    <>
      <DialogBody className="refund-lines">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-find`}>
            Product brought back
          </label>
          <span className="field-hint">Scan it, or type its name or SKU and pick it. It is refunded at today’s price.</span>
          <input
            ref={inputRef}
            id={`${id}-find`}
            className="input input-large"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </div>
        {hits.length > 0 && <ProductHits hits={hits} onPick={(hit) => void add(hit)} />}
        {returns.length > 0 && <ReturnsTable store={store} returns={returns} />}
        <RefundOptions store={store} withOriginal={false} />
        <ErrorAlert error={error} />
      </DialogBody>
      <RefundFooter store={store} />
    </>
  );
}
