import type { LoyaltyView } from '../../stores/ui';
import { AdjustDialog } from './AdjustDialog';
import { EditMemberDialog } from './EditMemberDialog';
import { EnrolDialog } from './EnrolDialog';
import { EraseDialog } from './EraseDialog';
import { ExportDialog } from './ExportDialog';
import { FindMemberDialog } from './FindMemberDialog';
import { MemberDialog } from './MemberDialog';
import { StopCardDialog } from './StopCardDialog';
import { TransferDialog } from './TransferDialog';

/** The open loyalty dialog: finding, enrolling, a member's page and what is done from it (those go back to the page). */
export function LoyaltyDialogs({ view, onClose }: { view: LoyaltyView; onClose(): void }) {
  switch (view.screen) {
    case 'find':
      return <FindMemberDialog onClose={onClose} />;
    case 'enrol':
      return <EnrolDialog query={view.query ?? ''} onClose={onClose} />;
    case 'member':
      return <MemberDialog key={view.memberId} memberId={view.memberId} onClose={onClose} />;
    case 'edit':
      return <EditMemberDialog key={view.memberId} memberId={view.memberId} />;
    case 'transfer':
      return <TransferDialog key={view.memberId} memberId={view.memberId} />;
    case 'adjust':
      return <AdjustDialog key={view.memberId} memberId={view.memberId} />;
    case 'stop':
      return <StopCardDialog key={view.memberId} memberId={view.memberId} />;
    case 'export':
      return <ExportDialog key={view.memberId} memberId={view.memberId} />;
    case 'erase':
      return <EraseDialog key={view.memberId} memberId={view.memberId} onClose={onClose} />;
  }
}
