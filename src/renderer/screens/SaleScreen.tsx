import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { stripScan } from '../checkout/scan';
import { ActionBar, type ActionKey } from '../components/ActionBar';
import { CartPanel, focusLineQuantity } from '../components/CartPanel';
import { CatalogSearch } from '../components/CatalogSearch';
import { modalOpen } from '../components/Dialog';
import { VoidSaleDialog } from '../dialogs/VoidSaleDialog';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import type { SearchHit } from '../stores/catalog';
import { useCart, useServices } from '../stores/context';
import type { DialogRequest } from '../stores/ui';
import { useSaleActions } from './useSaleActions';

const STATUS_MS = 3500;

const TYPING_TARGETS = 'input:not([type="checkbox"]):not([type="radio"]), textarea, select, [contenteditable="true"]';

/** The cashier's screen: the catalogue on the left, the cart on the right, the function keys below. */
export function SaleScreen() {
  const { cart, catalog, ui } = useServices();
  const searchRef = useRef<HTMLInputElement>(null);
  const hasLines = useCart((s) => s.lines.length > 0);
  const busy = useCart((s) => s.busy);
  const { removeUnits, setQuantity, voidSale } = useSaleActions();
  // the count keyed before the next scan or pick (`3*`): state for the chip, a ref for the scanner's callback
  const [multiplier, setMultiplierState] = useState<number | null>(null);
  const multiplierRef = useRef<number | null>(null);
  const [confirmingVoid, setConfirmingVoid] = useState(false);
  const [status, setStatus] = useState<{ text: string; serial: number } | null>(null);

  const open = (request: DialogRequest) => ui.getState().open(request);
  const needLines = (then: () => void) => {
    if (cart.getState().lines.length > 0) then();
    else cart.setState({ error: { code: 'VALIDATION', message: 'The cart is empty: scan a product first.' }, notice: null });
  };
  const pay = () => needLines(() => open({ kind: 'pay' }));
  const discount = (productId: string | null = cart.getState().selectedProductId) => needLines(() => open({ kind: 'discount', productId }));
  const park = () => needLines(() => open({ kind: 'park' }));
  /** F5: the loyalty member of the sale — their page when one is on it, else find (or enrol) one */
  const findMember = () => {
    const member = cart.getState().member;
    open({ kind: 'loyalty', view: member ? { screen: 'member', memberId: member.id } : { screen: 'find' } });
  };
  const selectedLine = () => {
    const { lines, selectedProductId } = cart.getState();
    return lines.find((entry) => entry.productId === selectedProductId) ?? lines.at(-1);
  };
  const removeSelected = () => {
    const line = selectedLine();
    if (line) void removeUnits(line, line.quantity);
  };
  const focusSearch = () => searchRef.current?.focus({ preventScroll: true });
  /** F3: the selected line's quantity, typed over (a weighed line is weighed again instead) */
  const changeQuantity = () =>
    needLines(() => {
      const line = selectedLine();
      if (!line) return;
      cart.getState().select(line.productId);
      if (line.weighed) open({ kind: 'reweigh', productId: line.productId });
      else focusLineQuantity(line.productId);
    });
  const askVoid = () => needLines(() => setConfirmingVoid(true));
  const confirmVoid = async () => {
    setConfirmingVoid(false);
    const voided = await voidSale();
    if (voided) setStatus((previous) => ({ text: 'Sale voided.', serial: (previous?.serial ?? 0) + 1 }));
    focusSearch();
  };

  const setMultiplier = (count: number | null) => {
    multiplierRef.current = count;
    setMultiplierState(count);
  };
  /** The keyed count for this add, taken at once so a second scan right after does not get it too. */
  const takeMultiplier = (): number | undefined => {
    const count = multiplierRef.current;
    if (count !== null) setMultiplier(null);
    return count ?? undefined;
  };
  /** An add that did not go on the sale (unknown barcode, no stock) leaves the count for the next try. */
  const giveBack = (count: number | undefined) => {
    if (count !== undefined && multiplierRef.current === null) setMultiplier(count);
  };
  const scanCode = async (code: string): Promise<boolean> => {
    const count = takeMultiplier();
    const added = await cart.getState().scan(code, count);
    if (!added) giveBack(count);
    return added;
  };
  const addHit = async (hit: SearchHit, source?: 'scan' | 'list') => {
    const count = takeMultiplier();
    await cart.getState().addHit(hit, source, count);
    if (cart.getState().error !== null) giveBack(count);
  };

  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus((current) => (current?.serial === status.serial ? null : current)), STATUS_MS);
    return () => clearTimeout(timer);
  }, [status]);

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
      case 'F3':
        return run(changeQuantity);
      case '*':
        // `*` on an empty search box is F3; after digits it is the `3*` of a count (CatalogSearch)
        if (target === searchRef.current && searchRef.current?.value === '') return run(changeQuantity);
        return;
      case 'F4':
        return run(() => discount());
      case 'F5':
        return run(findMember);
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
        if (event.shiftKey) return run(askVoid);
        return run(removeSelected);
      case 'Escape':
        if (target === searchRef.current) return;
        catalog.getState().setQuery('');
        setMultiplier(null);
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
    void scanCode(code);
  });

  const actions: ActionKey[] = [
    { key: 'F3', label: 'Quantity', run: changeQuantity, disabled: !hasLines || busy },
    { key: 'F4', label: 'Discount', run: () => discount(), disabled: !hasLines },
    { key: 'F5', label: 'Member', run: findMember },
    { key: 'F6', label: 'Park', run: park, disabled: !hasLines },
    { key: 'F7', label: 'Resume', run: () => open({ kind: 'resume' }) },
    { key: 'F8', label: 'Refund', run: () => open({ kind: 'refund' }) },
    { key: 'F10', label: 'No sale', run: () => open({ kind: 'noSale' }) },
    { key: 'Del', label: 'Remove line', run: removeSelected, disabled: !hasLines || busy },
    { key: 'Shift+Del', label: 'Void sale', run: askVoid, disabled: !hasLines || busy, tone: 'danger' },
    // F9 Pay is the big button of the cart
  ];

  return (
    <div className="sale">
      <CatalogSearch
        searchRef={searchRef}
        onChoose={(hit, source) => void addHit(hit, source)}
        onCode={scanCode}
        multiplier={multiplier}
        onMultiplier={setMultiplier}
      />
      <CartPanel
        status={status?.text ?? null}
        onQuantityEntered={focusSearch}
        onPay={pay}
        onDiscount={(productId) => discount(productId)}
        onPrice={(productId) => open({ kind: 'price', productId })}
        onRemoveUnits={(line, units) => void removeUnits(line, units)}
        onSetQuantity={(line, quantity) => void setQuantity(line, quantity)}
        onReweigh={(line) => open({ kind: 'reweigh', productId: line.productId })}
      />
      <ActionBar actions={actions} />
      {confirmingVoid && <VoidSaleDialog onVoid={() => void confirmVoid()} onKeep={() => setConfirmingVoid(false)} />}
    </div>
  );
}
