import type { AppErrorData, ErrorCode, Result } from '../../shared/result';

/** An error envelope built on this side of the boundary (transport failures, missing token). */
export function failure<T = never>(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<T> {
  const error: AppErrorData = details === undefined ? { code, message } : { code, message, details };
  return { ok: false, error };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Accept only a well-formed envelope; anything else is a transport problem, not data. */
export function asEnvelope<T>(value: unknown): Result<T> | null {
  if (!isRecord(value) || typeof value.ok !== 'boolean') return null;
  if (value.ok) return 'data' in value ? { ok: true, data: value.data as T } : null;
  const error = value.error;
  if (!isRecord(error) || typeof error.code !== 'string' || typeof error.message !== 'string') return null;
  const details = isRecord(error.details) ? error.details : undefined;
  return failure(error.code as ErrorCode, error.message, details);
}
