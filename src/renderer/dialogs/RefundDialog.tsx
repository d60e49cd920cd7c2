import { useState } from 'react';
import { Dialog } from '../components/Dialog';
import { useBarcodeScanner } from '../scanner/useBarcodeScanner';
import { useServices } from '../stores/context';
import { createRefundStore } from '../stores/refund';
import { ChooseStep } from './refund/ChooseStep';
import { FindStep } from './refund/FindStep';
import { LinesStep } from './refund/LinesStep';
import { NoReceiptStep } from './refund/NoReceiptStep';
import { RefundDone } from './refund/RefundDone';
import { useRefund } from './refund/useRefund';

/** F8: find the sale by its receipt, choose what comes back, pay it back, print the refund receipt. */
export function RefundDialog({ onClose }: { onClose(): void }) {
  const { api, session } = useServices();
  const [store] = useState(() => createRefundStore(api, () => session.getState().settings));
  const step = useRefund(store, (s) => s.step);
  const busy = useRefund(store, (s) => s.busy);
  const refund = useRefund(store, (s) => s.refund);

  // a receipt scanned while the dialog is open finds the sale; on the no-receipt page it adds the product
  useBarcodeScanner((code) => {
    const state = store.getState();
    if (state.step === 'noReceipt') void state.scanReturn(code);
    else if (state.step === 'find' || state.step === 'choose') void state.find(code);
  });

  if (step === 'done' && refund) return <RefundDone refund={refund} onClose={onClose} />;
  const subtitle = step === 'noReceipt' ? 'Without a receipt' : undefined;
  return (
    <Dialog title="Refund" subtitle={subtitle} onClose={onClose} size="wide" busy={busy}>
      {step === 'find' && <FindStep store={store} />}
      {step === 'choose' && <ChooseStep store={store} />}
      {step === 'lines' && <LinesStep store={store} />}
      {step === 'noReceipt' && <NoReceiptStep store={store} />}
    </Dialog>
  );
}
