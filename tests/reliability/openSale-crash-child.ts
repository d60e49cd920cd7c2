// Child of openSale-crash.test.ts: changes the sale in progress in a loop (cart.addLine,
// cart.setQuantity, cart.removeLine) and reports each change only after the core acknowledged it.
// The parent kills this process with SIGKILL at random moments.
//
// Protocol, one line each, written with writeSync (no buffer in this process to lose on SIGKILL):
//   start <cart>   the stored cart this run continues from (it is not assumed empty)
//   try <op>       the change about to be asked for (not acknowledged: it may or may not commit)
//   ack <cart>     the cart as the core answered after that change (acknowledged)
// where <cart> is [{ lineId, productId, quantity }] sorted by productId and <op> is
// { kind: 'add' | 'set' | 'remove', productId, quantity? }.
import { writeSync } from 'node:fs';
import { openCrashChild } from '../helpers/crash';

export interface AckLine {
  lineId: string;
  productId: string;
  quantity: number;
}
export type Op =
  | { kind: 'add'; productId: string; quantity: number }
  | { kind: 'set'; productId: string; quantity: number }
  | { kind: 'remove'; productId: string };

/** The acknowledged shape of a cart.current / cart.* answer (null: no sale in progress). */
function ackLinesOf(answer: unknown): AckLine[] {
  const lines = (answer as { lines?: AckLine[] } | null)?.lines ?? [];
  return lines
    .map(({ lineId, productId, quantity }) => ({ lineId, productId, quantity }))
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
}

const say = (line: string) => writeSync(1, `${line}\n`);

async function main(): Promise<void> {
  const { terminal, session, productIds } = await openCrashChild();
  const current = terminal.router.invoke('cart.current', {}, session);
  if (!current.ok) throw new Error(JSON.stringify(current));
  let cart = ackLinesOf(current.data);
  say(`start ${JSON.stringify(cart)}`);
  say('ready');
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
  const between = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));
  for (;;) {
    // keep the cart small and bounded: adds while it is short, removals once lines grow large
    const big = cart.filter((line) => line.quantity > 12);
    const roll = Math.random();
    let op: Op;
    let channel: string;
    let input: Record<string, unknown>;
    if (cart.length === 0 || (big.length === 0 && roll < 0.45)) {
      const productId = pick(productIds);
      op = { kind: 'add', productId, quantity: between(1, 3) };
      channel = 'cart.addLine';
      input = { productId, quantity: op.quantity };
    } else if (roll < 0.8 || big.length > 0) {
      const line = big.length > 0 ? pick(big) : pick(cart);
      // a different quantity (lower is a removal, higher an addition)
      let quantity = between(1, 6);
      if (quantity === line.quantity) quantity = quantity === 1 ? 2 : quantity - 1;
      op = { kind: 'set', productId: line.productId, quantity };
      channel = 'cart.setQuantity';
      input = { lineId: line.lineId, quantity };
    } else {
      const line = pick(cart);
      op = { kind: 'remove', productId: line.productId };
      channel = 'cart.removeLine';
      input = { lineId: line.lineId };
    }
    say(`try ${JSON.stringify(op)}`);
    const result = terminal.router.invoke(channel, input, session);
    if (!result.ok) throw new Error(`${channel} ${JSON.stringify(input)} refused: ${JSON.stringify(result)}`);
    cart = ackLinesOf(result.data);
    // acknowledged only now, once written: a kill before this line leaves the change unreported
    say(`ack ${JSON.stringify(cart)}`);
  }
}

// the test imports only the types above (erased); this file runs as the child process
await main();
