import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// scrypt cost: N=2^14, r=8, p=1 (~16 MiB, ~40 ms here). A 4-8 digit PIN has little entropy, so
// the real protection is the lockout after 5 wrong tries; the hash keeps PINs out of a stolen file.
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** Hash a PIN for storage: `scrypt$N$r$p$salt$hash` (base64). */
export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Check a PIN against a stored hash in constant time. */
export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, n, r, p, saltText, hashText] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !saltText || !hashText) return false;
  const expected = Buffer.from(hashText, 'base64');
  const actual = scryptSync(pin, Buffer.from(saltText, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const MAX_FREE_ATTEMPTS = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 60 * 60_000;

/** How long an account waits after `failedAttempts` wrong PINs: 30 s after the 5th, doubling, at most 1 h. */
export function lockoutMs(failedAttempts: number): number {
  if (failedAttempts < MAX_FREE_ATTEMPTS) return 0;
  return Math.min(BASE_LOCK_MS * 2 ** (failedAttempts - MAX_FREE_ATTEMPTS), MAX_LOCK_MS);
}
