import { z } from 'zod';

/** The closed set of error codes that can cross the IPC / HTTP boundary. */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'INVALID_BARCODE',
  'SETUP_REQUIRED',
  'INSUFFICIENT_STOCK',
  'INSUFFICIENT_POINTS',
  'SHIFT_CLOSED',
  /** the receipt printer (or its cash drawer) did not answer: switched off, unplugged, wrong address */
  'PRINTER_UNAVAILABLE',
  /** the central database could not be reached, or refused this terminal (sync): the till sells on, events wait */
  'CENTRAL_UNAVAILABLE',
  /** long work stopped by job.cancel: nothing of it was kept */
  'CANCELLED',
  'UNKNOWN_CHANNEL',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export type AppErrorData = z.infer<typeof errorSchema>;

/** The envelope every call returns: errors are data, never thrown across the boundary. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorData };

/** Build a success envelope. */
export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

/** Build an error envelope. */
export function fail<T = never>(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<T> {
  return details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };
}

/** Schema of the envelope around a given data schema (used by the contract document). */
export function resultSchema<T extends z.ZodType>(data: T) {
  return z.union([z.object({ ok: z.literal(true), data }), z.object({ ok: z.literal(false), error: errorSchema })]);
}
