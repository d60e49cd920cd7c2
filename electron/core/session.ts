import type { Role } from '../../src/shared/contract';
import { AppError } from './errors';

export interface SessionStaff {
  id: string;
  name: string;
  roles: Role[];
}

/**
 * One client's session, held by the core (never by the renderer): a window in Electron, the
 * token holder in web mode, one `ringup call`. `operator` is the CLI's owner-of-the-file right.
 */
export interface Session {
  staff: SessionStaff | null;
  operator: boolean;
  /** when the staff record was last read (see refreshSessionIfStale) */
  stamp?: string;
}

export function newSession(operator = false): Session {
  return { staff: null, operator };
}

/** The id of the staff member logged in on this session, or UNAUTHENTICATED in words. */
export function requireStaffId(session: Session): string {
  if (!session.staff) throw new AppError('UNAUTHENTICATED', 'Log in as a staff member to do this.');
  return session.staff.id;
}
