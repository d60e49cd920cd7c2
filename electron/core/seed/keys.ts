import { withCheckDigit } from '../../../src/shared/barcode';

/*
 * Deterministic keys of the demo catalogue. Product number `slot` (0-based) always gets the same
 * SKU and the same barcodes, whatever the seed; its id is a UUIDv7 whose time part is
 * SEED_BASE_TIME + slot and whose random part is a hash of (seed, slot). Because the SKU and the
 * id both sort by slot, the seeder can find which products of a batch are already there with two
 * range scans.
 */

/** 2024-01-01T00:00:00Z: the creation time of demo product 0 (product n is n ms later). */
export const SEED_BASE_TIME = Date.UTC(2024, 0, 1);

/** SKUs are `SKU-` + 7 digits, so at most this many demo products. */
export const MAX_SEED_PRODUCTS = 9_999_999;

/** `SKU-0000001` for slot 0. */
export function seedSku(slot: number): string {
  return `SKU-${String(slot + 1).padStart(7, '0')}`;
}

/** A 32-bit integer hash of two integers (murmur3 finaliser over a simple combine). */
export function hash32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * The id of demo product `slot` for `seed`: a UUIDv7 with time SEED_BASE_TIME + slot and random
 * bits hashed from (seed, slot) — the string `uuidv7(SEED_BASE_TIME + slot, bytes)` of
 * src/shared/uuid.ts gives for those bytes (the tests check it), formatted ~5x faster.
 */
export function seedProductId(seed: number, slot: number): string {
  return seedUuid(SEED_BASE_TIME + slot, hash32(seed, 0x5eed), slot);
}

/**
 * A deterministic UUIDv7: time `time` (ms), random bits hashed from (`seedHash`, `slot`) — what
 * `uuidv7(time, seedUuidRandomBytes(seedHash, slot))` gives, formatted without its allocations.
 * Each kind of seeded row hashes the seed with a salt of its own, so their ids never meet.
 */
export function seedUuid(time: number, seedHash: number, slot: number): string {
  const h0 = hash32(seedHash, slot);
  const h1 = hash32(seedHash + 1, slot);
  const h2 = hash32(seedHash + 2, slot);
  const hex = time.toString(16).padStart(12, '0');
  // random bytes r0..r9 = h0 (LE), h1 (LE), h2 low 2 bytes; version 7 in r0's high nibble, variant 10 in r2
  const r = [
    h0 & 0xff,
    (h0 >>> 8) & 0xff,
    (h0 >>> 16) & 0xff,
    h0 >>> 24,
    h1 & 0xff,
    (h1 >>> 8) & 0xff,
    (h1 >>> 16) & 0xff,
    h1 >>> 24,
    h2 & 0xff,
    (h2 >>> 8) & 0xff,
  ];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${HEX[0x70 | ((r[0] as number) & 0x0f)]}${HEX[r[1] as number]}-${HEX[0x80 | ((r[2] as number) & 0x3f)]}${HEX[r[3] as number]}-${HEX[r[4] as number]}${HEX[r[5] as number]}${HEX[r[6] as number]}${HEX[r[7] as number]}${HEX[r[8] as number]}${HEX[r[9] as number]}`;
}

/** The 10 random bytes behind seedProductId (for checking it against uuidv7). */
export function seedIdRandomBytes(seed: number, slot: number): Uint8Array {
  return seedUuidRandomBytes(hash32(seed, 0x5eed), slot);
}

/** The 10 random bytes behind seedUuid (for checking it against uuidv7). */
export function seedUuidRandomBytes(seedHash: number, slot: number): Uint8Array {
  const bytes = new Uint8Array(12);
  for (let k = 0; k < 3; k++) {
    const h = hash32(seedHash + k, slot);
    bytes[k * 4] = h & 0xff;
    bytes[k * 4 + 1] = (h >>> 8) & 0xff;
    bytes[k * 4 + 2] = (h >>> 16) & 0xff;
    bytes[k * 4 + 3] = h >>> 24;
  }
  return bytes.subarray(0, 10);
}

/** The first 13 characters (`xxxxxxxx-xxxx`) of every seed id of `slot`: its time part. */
export function seedIdTimePrefix(slot: number): string {
  const hex = (SEED_BASE_TIME + slot).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}`;
}

// A bijection of [0, 10^11): x ↦ (x·A + B) mod 10^11 with A prime to 10, so codes never collide
// yet do not look sequential.
const CODE_SPACE = 100_000_000_000n;
const CODE_A = 7_368_787_253n;
const CODE_B = 41_234_567_891n;
/** Second barcodes live in the upper half of the code space. */
const SECOND_CODE_OFFSET = 50_000_000_000;

/**
 * The `k`-th (0 or 1) barcode of demo product `slot`: an EAN-13 in the in-store range (first
 * digit 2, i.e. GS1 prefixes 200–299, "restricted circulation"), with its check digit.
 */
export function seedBarcode(slot: number, k: 0 | 1): string {
  const x = BigInt(slot + k * SECOND_CODE_OFFSET);
  const n = (x * CODE_A + CODE_B) % CODE_SPACE;
  return withCheckDigit(`2${n.toString().padStart(11, '0')}`);
}
