// ids made within one millisecond by this process count up in the 12 bits after the version
// (RFC 9562 method 1): rows inserted one after the other in a transaction sort in that order
let lastTime = -1;
let lastSequence = 0;

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
  bytes.set((random ?? crypto.getRandomValues(new Uint8Array(10))).subarray(0, 10), 6);
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
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
