// Child of crash.test.ts: completes sales in a loop and reports each id only after its commit.
// The parent kills this process with SIGKILL at random moments.
import { writeSync } from 'node:fs';
import { uuidv7 } from '../../src/shared/uuid';
import { openCrashChild } from '../helpers/crash';

const { terminal, session, productIds } = await openCrashChild();
writeSync(1, 'ready\n');
let n = 0;
for (;;) {
  n++;
  const id = uuidv7();
  const lines = [0, 1, 2, 3, 4].map((k) => ({ productId: productIds[(n + k) % productIds.length] ?? '', quantity: 1 + ((n + k) % 3) }));
  const priced = terminal.router.invoke('sale.complete', { id, lines, payments: [{ method: 'card', amountMinor: 1 }] }, session);
  // the first call tells us the total (VALIDATION names the cash due); pay it exactly by card
  const due = !priced.ok ? Number((priced.error.details as { dueMinor?: number } | undefined)?.dueMinor ?? 0) : 0;
  const total = due + 1;
  const result = terminal.router.invoke(
    'sale.complete',
    { id, lines, payments: [{ method: 'card', amountMinor: total, last4: '4242' }] },
    session,
  );
  if (!result.ok) throw new Error(JSON.stringify(result));
  writeSync(1, `${id}\n`);
}
