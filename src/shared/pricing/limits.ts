/**
 * The largest amount Ringup records for one line, one document (sale, refund, cash movement) or
 * one price: 999,999,999.99 in a currency with cents. Anything the core computes beyond it is
 * refused with VALIDATION, so every stored amount and every sum of a shift stays exact.
 */
export const MAX_AMOUNT_MINOR = 99_999_999_999;

/**
 * The largest turnover of one shift (float + every sale, refund, paid-in and paid-out, added up
 * without sign): 999,999,999,999.99. Every figure of an X or Z report is bounded by it, far below
 * 2^53, so the reports are exact.
 */
export const MAX_SHIFT_TURNOVER_MINOR = 99_999_999_999_999;

/** An amount the core computed that is beyond `MAX_AMOUNT_MINOR` (exact, as a BigInt). */
export class AmountLimitError extends RangeError {
  override name = 'AmountLimitError';
  constructor(
    /** what it is the amount of: 'line', 'document' */
    readonly what: 'line' | 'document',
    readonly amountMinor: bigint,
    /** the line's id, for a line */
    readonly lineId?: string,
  ) {
    super(`${what} amount ${amountMinor} is beyond the largest amount Ringup records (${MAX_AMOUNT_MINOR})`);
  }
}

/** `value` as a safe integer, or an AmountLimitError when its absolute value is beyond MAX_AMOUNT_MINOR. */
export function boundedAmount(value: bigint, what: 'line' | 'document', lineId?: string): number {
  const magnitude = value < 0n ? -value : value;
  if (magnitude > BigInt(MAX_AMOUNT_MINOR)) throw new AmountLimitError(what, value, lineId);
  return Number(value);
}
