import { type CoreContext, prepared } from '../../context';

/** Take the next number of a gapless counter (inside the writing transaction, so a rollback gives it back). */
export function nextNumber(ctx: CoreContext, name: string): number {
  const row = prepared<[string], { value: number }>(
    ctx.sqlite,
    'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value',
  ).get(name);
  if (!row) throw new Error(`counter ${name} did not advance`);
  return row.value;
}
