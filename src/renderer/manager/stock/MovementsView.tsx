import { useEffect, useState } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import { formatQuantity } from '../../../shared/quantity';
import { ErrorAlert } from '../../components/Alert';
import { useServices, useSession } from '../../stores/context';
import { LoadMore } from '../history/HistoryDetail';
import { useKeysetList } from '../history/useKeysetList';
import { dateTime } from '../reports/ranges';
import { ProductPicker } from './ProductPicker';
import { fromHit, type StockProduct } from './StockChangeForm';

type Movement = ChannelOutput<'stock.movements'>['items'][number];

const REASON_NAMES: Record<Movement['reason'], string> = {
  sale: 'Sold',
  refund: 'Refunded',
  adjustment: 'Catalogue change or import',
  receipt: 'Received',
  damaged: 'Damaged',
  theft: 'Theft',
  count_correction: 'Count correction',
};

export function reasonName(reason: Movement['reason']): string {
  return REASON_NAMES[reason];
}

/** Stock movements, newest first: of every product, or of the one picked (stock.movements, "Load more"). */
export function MovementsView({ initial }: { initial?: StockProduct | null }) {
  const { api } = useServices();
  const timeZone = useSession((s) => s.settings?.timeZone);
  const [product, setProduct] = useState<StockProduct | null>(initial ?? null);
  const list = useKeysetList<Movement>((cursor) =>
    api.invoke('stock.movements', { ...(product ? { productId: product.id } : {}), ...(cursor ? { cursor } : {}), limit: 50 }),
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: another product, another list
  useEffect(() => {
    void list.search();
  }, [product]);

  return (
    <div className="stock-movements">
      <div className="stock-movements-head">
        <ProductPicker label="Movements of" onPick={(hit) => setProduct(fromHit(hit))} />
        <div className="stock-movements-of">
          <strong>{product ? product.name : 'All products'}</strong>
          {product && (
            <button type="button" className="button button-small" onClick={() => setProduct(null)}>
              Show all products
            </button>
          )}
        </div>
      </div>
      <ErrorAlert error={list.error} />
      <div className="audit-table-wrap">
        <table className="report-table" aria-label="Stock movements">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Product</th>
              <th scope="col">Why</th>
              <th scope="col" className="num">
                Change
              </th>
              <th scope="col">Who</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((m) => (
              <tr key={m.id}>
                <td className="audit-when">{dateTime(m.createdAt, timeZone)}</td>
                <th scope="row">
                  {m.name} <span className="muted">{m.sku}</span>
                </th>
                <td>{reasonName(m.reason)}</td>
                <td className={`num ${m.delta < 0 ? 'history-negative' : 'history-over'}`}>
                  {m.delta > 0 ? '+' : m.delta < 0 ? '−' : ''}
                  {formatQuantity(Math.abs(m.delta), m.soldByWeight)}
                </td>
                <td>{m.staffName ?? '—'}</td>
                <td>{m.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.loaded && list.items.length === 0 && !list.loading && (
          <div className="manager-empty">
            <strong>No stock movements</strong>
            <span>{product ? `${product.name} has not moved yet.` : 'Nothing has moved yet.'}</span>
          </div>
        )}
        <LoadMore list={list} />
      </div>
    </div>
  );
}
