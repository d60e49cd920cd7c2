import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';
import type { ChannelInput } from '../../shared/contract';
import type { AppErrorData, Result } from '../../shared/result';
import { useServices } from '../stores/context';
import { isManager } from '../stores/session';
import { Dialog } from './Dialog';
import { ManagerPinBody, useManagerPin } from './ManagerPinEntry';

export type ApprovalAction = ChannelInput<'auth.approve'>['action'];

/** What a manager is asked to approve: the action, its sale or refund, and exactly what it allows. */
export type ApprovalRequest = Omit<ChannelInput<'auth.approve'>, 'pin'>;

/** What lets the action go ahead: a one-time approval id — or none at all when a manager is logged in. */
export interface Approval {
  approvalId?: string;
  managerName: string;
}

/** Ask for a manager's approval of `request`; resolves null when the cashier cancels. */
export type RequestApproval = (request: ApprovalRequest, reason: string) => Promise<Approval | null>;

/** One approval the core asked for: what to send to auth.approve, and the sentence the manager reads. */
export interface ApprovalNeed {
  request: ApprovalRequest;
  what: string | null;
}

/** The approvals the core named in a FORBIDDEN answer (details.needsApproval), or none. */
export function neededApprovals(error: AppErrorData): ApprovalNeed[] {
  if (error.code !== 'FORBIDDEN') return [];
  const needs = error.details?.needsApproval;
  if (!Array.isArray(needs)) return [];
  // the core made these from the contract's approval request; keep only well-formed ones (no zod in the window)
  return needs.flatMap((need: unknown) => {
    if (typeof need !== 'object' || need === null) return [];
    const { action, targetId, terms, what } = need as Record<string, unknown>;
    if (typeof action !== 'string' || (terms !== undefined && (typeof terms !== 'object' || terms === null))) return [];
    const request = {
      action,
      ...(typeof targetId === 'string' ? { targetId } : {}),
      terms: (terms ?? {}) as ApprovalRequest['terms'],
    } as ApprovalRequest;
    return [{ request, what: typeof what === 'string' ? what : null }];
  });
}

/**
 * Run a call the core may refuse until a manager approves: when it answers FORBIDDEN naming the
 * approvals it needs, ask for each (the core's sentence is the reason shown), then call again with
 * every approval so far — at most a few rounds. Null when the cashier cancels a PIN prompt.
 */
export async function withApprovals<T>(
  requestApproval: RequestApproval,
  call: (approvalIds: string[]) => Promise<Result<T>>,
  approvalIds: string[] = [],
  /** what the manager is told on the first prompt (default: the core's sentence) */
  reason?: string,
): Promise<Result<T> | null> {
  const ids = [...approvalIds];
  for (let round = 0; ; round++) {
    const result = await call(ids);
    const needs = result.ok ? [] : neededApprovals(result.error);
    if (result.ok || needs.length === 0 || round >= 3) return result;
    for (const need of needs) {
      // one thing to approve: the caller's words, else the core's sentence; several: each prompt says what it is for
      const shown = needs.length > 1 && need.what ? `${need.what}.` : round === 0 && reason ? reason : result.error.message;
      const approval = await requestApproval(need.request, shown);
      if (!approval) return null;
      // a manager's own session needs no id: the core checks the role
      if (approval.approvalId) ids.push(approval.approvalId);
      else return result;
    }
  }
}

const ApprovalContext = createContext<RequestApproval | null>(null);

interface PendingRequest {
  request: ApprovalRequest;
  reason: string;
  resolve(approval: Approval | null): void;
}

/** Holds the one manager PIN prompt of the app; anything below asks through useManagerApproval(). */
export function ApprovalProvider({ children }: { children: ReactNode }) {
  const { session } = useServices();
  const [request, setRequest] = useState<PendingRequest | null>(null);

  const requestApproval = useCallback<RequestApproval>(
    (request, reason) => {
      const staff = session.getState().staff;
      // a manager's own session is the approval: the core checks the role itself
      if (staff && isManager(staff)) return Promise.resolve({ managerName: staff.name });
      return new Promise<Approval | null>((resolve) => {
        setRequest((previous) => {
          previous?.resolve(null);
          return { request, reason, resolve };
        });
      });
    },
    [session],
  );

  const finish = (approval: Approval | null) => {
    request?.resolve(approval);
    setRequest(null);
  };

  return (
    <ApprovalContext.Provider value={requestApproval}>
      {children}
      {request && (
        <ManagerPinDialog
          key={`${request.request.action}:${request.request.targetId ?? ''}:${JSON.stringify(request.request.terms ?? {})}:${request.reason}`}
          request={request.request}
          reason={request.reason}
          onDone={finish}
        />
      )}
    </ApprovalContext.Provider>
  );
}

export function useManagerApproval(): RequestApproval {
  const request = useContext(ApprovalContext);
  if (!request) throw new Error('useManagerApproval outside <ApprovalProvider>');
  return request;
}

/** The manager types their PIN at the till (keypad or keyboard); auth.approve answers with a one-time approval. */
function ManagerPinDialog({
  request,
  reason,
  onDone,
}: {
  request: ApprovalRequest;
  reason: string;
  onDone(approval: Approval | null): void;
}) {
  const { api } = useServices();
  const entry = useManagerPin(
    (pin) => api.invoke('auth.approve', { pin, ...request }),
    (approved) => onDone({ approvalId: approved.approvalId, managerName: approved.managerName }),
  );
  return (
    <Dialog
      title="Manager approval"
      subtitle={reason}
      onClose={() => onDone(null)}
      size="small"
      initialFocus={entry.pinRef}
      busy={entry.busy}
    >
      <ManagerPinBody entry={entry} lead="A manager enters their PIN to allow this." submitLabel="Approve" onCancel={() => onDone(null)} />
    </Dialog>
  );
}
