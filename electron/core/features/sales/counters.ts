import { sql } from 'drizzle-orm';
import type { CoreContext } from '../../context';
import type { Db } from '../../db/open';
import { counters } from '../../db/schema';
import { perConnection } from '../../db/statements';

const statements = perConnection((db: Db) => ({
  next: db
    .insert(counters)
    .values({ name: sql.placeholder('name'), value: 1 })
    .onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + 1` } })
    .returning({ value: counters.value })
    .prepare(),
}));

/** Take the next number of a gapless counter (inside the writing transaction, so a rollback gives it back). */
export function nextNumber(ctx: CoreContext, name: string): number {
  const row = statements(ctx.db).next.get({ name });
  if (!row) throw new Error(`counter ${name} did not advance`);
  return row.value;
}
