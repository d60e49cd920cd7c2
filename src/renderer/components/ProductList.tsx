import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { formatMoney } from '../../shared/money';
import { formatQuantity, GRAMS_PER_KG } from '../../shared/quantity';
import type { CatalogStore, SearchHit } from '../stores/catalog';
import { useServices } from '../stores/context';

export const ROW_HEIGHT = 72;

export function optionId(listId: string, index: number): string {
  return `${listId}-option-${index}`;
}

function stockText(hit: SearchHit): { text: string; tone: 'ok' | 'low' | 'none' | 'muted' } {
  if (!hit.tracksStock) return { text: 'Stock not counted', tone: 'muted' };
  // stock of a product sold by weight is grams: shown in kg, low under 1 kg
  const text = `${formatQuantity(hit.stockOnHand, hit.soldByWeight)} in stock`;
  if (hit.stockOnHand <= 0) return { text: hit.stockOnHand === 0 ? 'Out of stock' : text, tone: 'none' };
  return { text, tone: hit.stockOnHand < (hit.soldByWeight ? GRAMS_PER_KG : 5) ? 'low' : 'ok' };
}

export interface ProductListProps {
  listId: string;
  items: SearchHit[];
  highlight: number;
  hasMore: boolean;
  loadingMore: boolean;
  currency: string;
  /** changes when a new result set replaces the old one (scroll back to the top) */
  resultKey: string;
  /** shown instead of the rows when there are none */
  empty: { title: string; hint: string } | null;
  /** a row was tapped: put it in the cart (the till), open it or pick it (the Manager area) */
  onChoose(hit: SearchHit): void;
  /** the search it pages and highlights in (default: the till's; the Manager area's screens have their own) */
  catalog?: CatalogStore;
  /** the row height in px (default ROW_HEIGHT) */
  rowHeight?: number;
  /** at most this many rows tall, for a list under a field (default: it fills its column) */
  visibleRows?: number;
  /** the product open beside the list, marked as such */
  selectedId?: string | null;
  /** the listbox's name (default "Products") */
  label?: string;
  /** extra classes of the scrolling box and of each row */
  className?: string;
  rowClassName?: string;
}

/** The virtualised result list; the search box owns the keyboard (aria-activedescendant). */
export function ProductList({
  listId,
  items,
  highlight,
  hasMore,
  loadingMore,
  currency,
  resultKey,
  empty,
  onChoose,
  catalog: ownCatalog,
  rowHeight = ROW_HEIGHT,
  visibleRows,
  selectedId = null,
  label = 'Products',
  className,
  rowClassName,
}: ProductListProps) {
  const services = useServices();
  const catalog = ownCatalog ?? services.catalog;
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowCount = items.length + (hasMore ? 1 : 0);
  // a short list under a field is as tall as its rows, up to visibleRows (the empty words need some room)
  const height =
    visibleRows === undefined
      ? undefined
      : Math.max(Math.min(rowCount, visibleRows), empty && items.length === 0 ? 1.4 : 0) * rowHeight + 4;
  const heightRef = useRef(height);
  heightRef.current = height;
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    // a box of a height set here is that tall even before layout measures it (and where nothing is laid out)
    ...(height === undefined
      ? {}
      : {
          observeElementRect: (instance, report) =>
            observeElementRect(instance, (rect) => report(rect.height > 0 ? rect : { width: rect.width, height: heightRef.current ?? 0 })),
        }),
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastIndex = virtualRows.at(-1)?.index ?? -1;

  // the next page is asked for before the reader reaches the end
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= items.length - 10) void catalog.getState().loadMore();
  }, [hasMore, loadingMore, lastIndex, items.length, catalog]);

  useEffect(() => {
    if (highlight < rowCount) virtualizer.scrollToIndex(highlight, { align: 'auto' });
  }, [highlight, virtualizer, rowCount]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new result set (resultKey) starts at the top
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [resultKey, virtualizer]);

  return (
    <div
      ref={scrollRef}
      className={`results-scroll${className ? ` ${className}` : ''}`}
      style={height === undefined ? undefined : { height, flex: 'none' }}
    >
      {empty && items.length === 0 && (
        <div className="results-empty">
          <strong>{empty.title}</strong>
          <span>{empty.hint}</span>
        </div>
      )}
      <div id={listId} role="listbox" aria-label={label} className="results-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualRows.map((row) => {
          const hit = items[row.index];
          if (!hit) {
            return (
              <div key="more" className="result-more" style={{ transform: `translateY(${row.start}px)`, height: rowHeight }}>
                Loading more products…
              </div>
            );
          }
          const stock = stockText(hit);
          const selected = row.index === highlight;
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the search box handles the keys (aria-activedescendant)
            <div
              key={hit.id}
              id={optionId(listId, row.index)}
              role="option"
              tabIndex={-1}
              aria-selected={selected}
              className={`result-row${rowClassName ? ` ${rowClassName}` : ''}${selected ? ' result-row-selected' : ''}${hit.id === selectedId ? ' manager-row-open' : ''}${hit.active ? '' : ' result-row-inactive'}`}
              style={{ transform: `translateY(${row.start}px)`, height: rowHeight }}
              onClick={() => {
                catalog.getState().setHighlight(row.index);
                onChoose(hit);
              }}
            >
              <div className="result-main">
                <span className="result-name">
                  <span className="result-name-text">{hit.name}</span>
                  {!hit.active && <span className="badge badge-inactive">Off sale</span>}
                  {hit.match === 'code' && <span className="badge badge-match">Code match</span>}
                </span>
                <span className="result-meta">
                  <span className="result-sku">{hit.sku}</span>
                  {hit.categoryName && <span className="result-category">{hit.categoryName}</span>}
                </span>
              </div>
              <div className="result-side">
                <span className="result-price">
                  {formatMoney(hit.priceMinor, currency)}
                  {hit.soldByWeight ? '/kg' : ''}
                </span>
                <span className={`result-stock stock-${stock.tone}`}>{stock.text}</span>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
