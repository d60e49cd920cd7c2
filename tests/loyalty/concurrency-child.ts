// Child of concurrency.test.ts: moves points between the given members as fast as it can —
// transfers and manual take-offs (the way points leave a balance until redemption is a tender) —
// and prints what the core accepted and refused. Two of these run on one file at once.
import { writeSync } from 'node:fs';
import { newSession } from '../../electron/core/session';
import { openTerminal } from '../../electron/core/terminal';

const [file, staffId, pin, membersJson, seedText, roundsText, productId] = process.argv.slice(2);
const memberIds = JSON.parse(membersJson ?? '[]') as string[];
// mulberry32: a small deterministic generator, so each child's run can be replayed
let seed = Number(seedText) >>> 0;
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const terminal = await openTerminal(file ?? '');
const session = newSession();
const login = terminal.router.invoke('auth.login', { staffId, pin }, session);
if (!login.ok) throw new Error(JSON.stringify(login));
writeSync(1, 'ready\n');
let accepted = 0;
let refused = 0;
for (let round = 0; round < Number(roundsText); round++) {
  const at = Math.floor(random() * memberIds.length);
  const from = memberIds[at] ?? '';
  const to = memberIds[(at + 1 + Math.floor(random() * (memberIds.length - 1))) % memberIds.length] ?? '';
  const points = 1 + Math.floor(random() * 400);
  const roll = random();
  // transfers, and points taken off and given: the balances wander near zero, where an overdraw would show
  // a €1.99 sale for `from`, €1.50 of it paid with 150 points, the rest by card
  const redeem = () =>
    terminal.router.invoke(
      'sale.complete',
      {
        id: crypto.randomUUID(),
        lines: [{ productId, quantity: 1 }],
        memberId: from,
        payments: [
          { method: 'points', points: 150, amountMinor: 150 },
          { method: 'card', amountMinor: 49 },
        ],
      },
      session,
    );
  const result =
    roll < 0.45
      ? terminal.router.invoke('loyalty.transfer', { id: crypto.randomUUID(), fromMemberId: from, toMemberId: to, points }, session)
      : roll < 0.6
        ? redeem()
        : terminal.router.invoke(
            'loyalty.adjust',
            { id: crypto.randomUUID(), memberId: from, points: roll < 0.75 ? -points : points, reason: 'Moved in the test' },
            session,
          );
  if (result.ok) accepted++;
  else if (result.error.code === 'INSUFFICIENT_POINTS') {
    if (refused === 0 && process.env.RACE_DEBUG) console.error(result.error.message);
    refused++;
  } else throw new Error(JSON.stringify(result.error));
}
terminal.close();
writeSync(1, `${JSON.stringify({ accepted, refused })}\n`);
