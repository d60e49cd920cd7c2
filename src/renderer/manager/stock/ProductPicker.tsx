import type { RefObject } from 'react';
import type { SearchHit } from '../../stores/catalog';
import { ProductSearch, useOwnCatalog } from '../ProductSearch';

/** How many matches the picker shows at once: enough to choose among, short enough to fit beside a form. */
const SHOWN = 6;

/**
 * Pick a product by scanning its barcode or typing part of its name or SKU: the catalogue search
 * of the till and the Products screen (its own store), ↑ ↓ and Enter or a touch picks.
 */
export function ProductPicker({
  label,
  onPick,
  inputRef,
}: {
  label: string;
  onPick(hit: SearchHit): void;
  inputRef?: RefObject<HTMLInputElement | null>;
}) {
  const catalog = useOwnCatalog(20);
  return (
    <div className="stock-picker">
      <ProductSearch
        catalog={catalog}
        label={label}
        placeholder="Scan a barcode, or type a name or SKU"
        inputRef={inputRef}
        listWhenTyped
        clearOnChoose
        visibleRows={SHOWN}
        rowHeight={56}
        listLabel="Products found"
        onChoose={onPick}
      />
    </div>
  );
}
