// ids made within one millisecond by this process count up in the 12 bits after the version
// (RFC 9562 method 1): rows inserted one after the other in a transaction sort in that order
let lastTime = -1;
let lastSequence = 0;

// random bits are drawn 4 KiB at a time (one getRandomValues call per ~400 ids, not one per id:
// it was the largest cost of a bulk import), and bytes become hex through a table
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let poolAt = POOL_BYTES;
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function randomTen(): Uint8Array {
  if (poolAt + 10 > POOL_BYTES) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  const bytes = pool.subarray(poolAt, poolAt + 10);
  poolAt += 10;
  return bytes;
}

/**
 * A UUIDv7 (RFC 9562): 48-bit millisecond time, then random bits; sorts by creation time — and,
 * within one millisecond of this process, in the order made. An explicit `random` gives exactly
 * those bits (no counting).
 */
export function uuidv7(now: number = Date.now(), random?: Uint8Array): string {
  const bytes = new Uint8Array(16);
  let time = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes.set((random ?? randomTen()).subarray(0, 10), 6);
  if (!random) {
    // same millisecond as the last id: the next sequence number (a new random start otherwise,
    // below half the range so that counting up has room)
    lastSequence = now === lastTime && lastSequence < 0xfff ? lastSequence + 1 : ((bytes[6] ?? 0) & 0x07) * 256 + (bytes[7] ?? 0);
    lastTime = now;
    bytes[6] = (lastSequence >> 8) & 0x0f;
    bytes[7] = lastSequence & 0xff;
  }
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  let hex = '';
  for (let i = 0; i < 16; i++) {
    hex += HEX[bytes[i] ?? 0];
    if (i === 3 || i === 5 || i === 7 || i === 9) hex += '-';
  }
  return hex;
}
