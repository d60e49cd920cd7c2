import { useEffect, useEffectEvent, useRef } from 'react';
import { stripScan } from '../checkout/scan';
import { ActionBar, type ActionKey } from '../components/ActionBar';
import { CartPanel } from '../components/CartPanel';
import { CatalogSearch } from '../components/CatalogSearch';
import { modalOpen } from '../components/Dialog';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { useCart, useServices } from '../stores/context';
import type { DialogRequest } from '../stores/ui';
import { useSaleActions } from './useSaleActions';

const TYPING_TARGETS = 'input:not([type="checkbox"]):not([type="radio"]), textarea, select, [contenteditable="true"]';

/** The cashier's screen: the catalogue on the left, the cart on the right, the function keys below. */
export function SaleScreen() {
  const { cart, catalog, ui } = useServices();
  const searchRef = useRef<HTMLInputElement>(null);
  const hasLines = useCart((s) => s.lines.length > 0);
  const busy = useCart((s) => s.busy);
  const { removeUnits, setQuantity, voidSale } = useSaleActions();

  const open = (request: DialogRequest) => ui.getState().open(request);
  const needLines = (then: () => void) => {
    if (cart.getState().lines.length > 0) then();
    else cart.setState({ error: { code: 'VALIDATION', message: 'The cart is empty: scan a product first.' }, notice: null });
  };
  const pay = () => needLines(() => open({ kind: 'pay' }));
  const discount = (productId: string | null = cart.getState().selectedProductId) => needLines(() => open({ kind: 'discount', productId }));
  const park = () => needLines(() => open({ kind: 'park' }));
  const removeSelected = () => {
    const { lines, selectedProductId } = cart.getState();
    const line = lines.find((entry) => entry.productId === selectedProductId) ?? lines.at(-1);
    if (line) void removeUnits(line, line.quantity);
  };

  useEffect(() => {
    searchRef.current?.focus();
  }, []);

  // the search box keeps the focus: a tap anywhere else (but a field) gives it back, so the
  // next keystrokes — or the scanner's — land in it
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.detail === 0 || modalOpen()) return; // a keyboard "click", or a dialog owns the focus
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(TYPING_TARGETS) || target?.closest('[role="dialog"]')) return;
      searchRef.current?.focus({ preventScroll: true });
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (modalOpen() || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target instanceof Element ? event.target : null;
    const inField = Boolean(target?.closest(TYPING_TARGETS));
    const run = (action: () => void) => {
      event.preventDefault();
      action();
    };
    switch (event.key) {
      case 'F2':
        return run(() => {
          searchRef.current?.focus();
          searchRef.current?.select();
        });
      case 'F4':
        return run(() => discount());
      case 'F6':
        return run(park);
      case 'F7':
        return run(() => open({ kind: 'resume' }));
      case 'F8':
        return run(() => open({ kind: 'refund' }));
      case 'F9':
        return run(pay);
      case 'F10':
        return run(() => open({ kind: 'noSale' }));
      case 'Delete':
        // Del edits a field that has text; from an empty search box (or anywhere else) it removes the line
        if (inField && !(target === searchRef.current && searchRef.current?.value === '')) return;
        // Shift+Del voids the whole sale (a manager approves it, like removing a line)
        if (event.shiftKey) return run(() => void voidSale());
        return run(removeSelected);
      case 'Escape':
        if (target === searchRef.current) return;
        catalog.getState().setQuery('');
        cart.getState().dismiss();
        searchRef.current?.focus();
        return;
    }
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  // always listening (a scan right after a dialog closes must not be missed); while a dialog is
  // open, the dialog decides what a scan means
  useBarcodeScanner((code) => {
    if (modalOpen()) return;
    const state = catalog.getState();
    // the scanner typed into the search box: take its characters back out
    const rest = stripScan(state.query, code);
    if (rest !== state.query) state.setQuery(rest);
    void cart.getState().scan(code);
  });

  const actions: ActionKey[] = [
    { key: 'F4', label: 'Discount', run: () => discount(), disabled: !hasLines },
    { key: 'F6', label: 'Park', run: park, disabled: !hasLines },
    { key: 'F7', label: 'Resume', run: () => open({ kind: 'resume' }) },
    { key: 'F8', label: 'Refund', run: () => open({ kind: 'refund' }) },
    { key: 'F10', label: 'No sale', run: () => open({ kind: 'noSale' }) },
    { key: 'Del', label: 'Remove line', run: removeSelected, disabled: !hasLines || busy },
    { key: 'Shift+Del', label: 'Void sale', run: () => void voidSale(), disabled: !hasLines || busy, tone: 'danger' },
    // F9 Pay is the big button of the cart
  ];

  return (
    <div className="sale">
      <CatalogSearch
        searchRef={searchRef}
        onChoose={(hit, source) => void cart.getState().addHit(hit, source)}
        onCode={(code) => cart.getState().scan(code)}
      />
      <CartPanel
        onPay={pay}
        onDiscount={(productId) => discount(productId)}
        onPrice={(productId) => open({ kind: 'price', productId })}
        onRemoveUnits={(line, units) => void removeUnits(line, units)}
        onSetQuantity={(line, quantity) => void setQuantity(line, quantity)}
        onReweigh={(line) => open({ kind: 'reweigh', productId: line.productId })}
      />
      <ActionBar actions={actions} />
    </div>
  );
}
