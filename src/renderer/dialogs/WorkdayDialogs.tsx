import { useServices, useUi } from '../stores/context';
import { CashMovementDialog } from './CashMovementDialog';
import { CloseShiftDialog } from './CloseShiftDialog';
import { DiscountDialog } from './DiscountDialog';
import { LogoutDialog } from './LogoutDialog';
import { LoyaltyDialogs } from './loyalty/LoyaltyDialogs';
import { NoSaleDialog } from './NoSaleDialog';
import { ParkDialog } from './ParkDialog';
import { PastStockDialog } from './PastStockDialog';
import { PayDialog } from './PayDialog';
import { PriceDialog } from './PriceDialog';
import { RefundDialog } from './RefundDialog';
import { ReprintDialog } from './ReprintDialog';
import { ResumeDialog } from './ResumeDialog';
import { ShiftMenuDialog } from './ShiftMenuDialog';
import { ReweighDialog, WeighDialog } from './WeighDialog';
import { XReportDialog } from './XReportDialog';

/** The one open dialog of the working day, if any. */
export function WorkdayDialogs() {
  const { ui } = useServices();
  const dialog = useUi((s) => s.dialog);
  const close = () => ui.getState().close();
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'pay':
      return <PayDialog onClose={close} />;
    case 'discount':
      return <DiscountDialog productId={dialog.productId} onClose={close} />;
    case 'price':
      return <PriceDialog productId={dialog.productId} onClose={close} />;
    case 'weigh':
      return <WeighDialog key={dialog.product.id} product={dialog.product} source={dialog.source} onClose={close} />;
    case 'reweigh':
      return <ReweighDialog key={dialog.productId} productId={dialog.productId} onClose={close} />;
    case 'pastStock':
      return <PastStockDialog request={dialog.request} onClose={close} />;
    case 'park':
      return <ParkDialog onClose={close} />;
    case 'resume':
      return <ResumeDialog onClose={close} />;
    case 'refund':
      return <RefundDialog onClose={close} />;
    case 'noSale':
      return <NoSaleDialog onClose={close} />;
    case 'cashMovement':
      return <CashMovementDialog key={dialog.direction} direction={dialog.direction} onClose={close} />;
    case 'xReport':
      return <XReportDialog onClose={close} />;
    case 'reprint':
      return <ReprintDialog onClose={close} />;
    case 'closeShift':
      return <CloseShiftDialog onClose={close} />;
    case 'shiftMenu':
      return <ShiftMenuDialog onClose={close} />;
    case 'logout':
      return <LogoutDialog onClose={close} />;
    case 'loyalty':
      return <LoyaltyDialogs view={dialog.view} onClose={close} />;
  }
}
