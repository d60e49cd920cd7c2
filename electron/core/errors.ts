import type { ErrorCode } from '../../src/shared/result';

/** An expected failure of a business operation; the router turns it into an error envelope. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * Returned (not thrown) by a writing handler when the failure must still commit what it wrote
 * — a wrong PIN must count even though the login fails.
 */
export class CommittedFailure {
  constructor(readonly error: AppError) {}
}

export function notFound(what: string, id: string): AppError {
  return new AppError('NOT_FOUND', `${what} ${id} does not exist.`, { id });
}
