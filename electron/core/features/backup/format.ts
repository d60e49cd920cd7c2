import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../errors';

// An encrypted backup: a 76-byte header, the AES-256-GCM ciphertext of the SQLite file, the 16-byte tag.
//   0  "RINGUPBK"           8  format version (1)   9  scrypt log2(N)   10 scrypt r   11 scrypt p
//   12 salt (16)            28 IV (12)              40 key check (16): SHA-256("ringup-key-check" ‖ key)[0..16]
//   56 reserved (20 zero bytes)
// The whole header is the GCM additional data, so changing any of it fails the tag. The key check
// tells a wrong passphrase ("wrong passphrase") apart from a damaged file ("changed or damaged").

export const MAGIC = Buffer.from('RINGUPBK', 'ascii');
const FORMAT_VERSION = 1;
export const HEADER_BYTES = 76;
const TAG_BYTES = 16;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\u0000', 'latin1');
// N = 2^15, r = 8: 32 MiB and ~80 ms here; the file states them, so later versions may raise them
const DEFAULT_LOG_N = 15;
const DEFAULT_R = 8;
const DEFAULT_P = 1;

export type FileKind = 'encrypted' | 'sqlite' | 'foreign';

/** What a file is by its first bytes: a Ringup encrypted backup, an SQLite file, or something else. */
export function sniffFile(file: string): FileKind {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    if (n >= 8 && head.subarray(0, 8).equals(MAGIC)) return 'encrypted';
    if (n === 16 && head.equals(SQLITE_MAGIC)) return 'sqlite';
    return 'foreign';
  } finally {
    closeSync(fd);
  }
}

function deriveKey(passphrase: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

function keyCheck(key: Buffer): Buffer {
  return createHash('sha256').update('ringup-key-check').update(key).digest().subarray(0, 16);
}

/** A stream step that reports how many bytes went through. */
function counting(onBytes: (bytes: number) => void, signal?: AbortSignal): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (signal?.aborted) return done(new AppError('CANCELLED', 'Stopped: nothing of it was kept.'));
      bytes += chunk.length;
      onBytes(bytes);
      done(null, chunk);
    },
  });
}

/** fsync off the event loop (the thread pool): a large file's flush must not stall the till. */
async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** SHA-256 of a file, streamed (constant memory), in hex. */
export async function hashFile(file: string, options: { onBytes?: (done: number) => void; signal?: AbortSignal } = {}): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(
    createReadStream(file),
    counting((done) => options.onBytes?.(done), options.signal),
    async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) hash.update(chunk);
    },
  );
  return hash.digest('hex');
}

/** Encrypt `source` (a plain SQLite file) into `target` in constant memory; fsyncs the target. */
export async function encryptFile(
  source: string,
  target: string,
  passphrase: string,
  options: { onBytes?: (done: number, total: number) => void; signal?: AbortSignal; logN?: number } = {},
): Promise<void> {
  const logN = options.logN ?? DEFAULT_LOG_N;
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, logN, DEFAULT_R, DEFAULT_P);
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt8(FORMAT_VERSION, 8);
  header.writeUInt8(logN, 9);
  header.writeUInt8(DEFAULT_R, 10);
  header.writeUInt8(DEFAULT_P, 11);
  salt.copy(header, 12);
  iv.copy(header, 28);
  keyCheck(key).copy(header, 40);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(header);
  const fd = openSync(source, 'r');
  const total = fstatSync(fd).size;
  closeSync(fd);
  const out = createWriteStream(target, { flags: 'wx' });
  out.write(header);
  await pipeline(
    createReadStream(source),
    counting((done) => options.onBytes?.(done, total), options.signal),
    cipher,
    // the tag comes after the ciphertext: appended when the cipher ends
    new Transform({
      transform(chunk, _e, done) {
        done(null, chunk);
      },
      flush(done) {
        done(null, cipher.getAuthTag());
      },
    }),
    out,
  );
  await fsyncFile(target);
}

interface Header {
  logN: number;
  r: number;
  p: number;
  salt: Buffer;
  iv: Buffer;
  check: Buffer;
  raw: Buffer;
}

function readHeader(file: string): { header: Header; size: number } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const raw = Buffer.alloc(HEADER_BYTES);
    const n = readSync(fd, raw, 0, HEADER_BYTES, 0);
    if (n < HEADER_BYTES || size < HEADER_BYTES + TAG_BYTES)
      throw new AppError('VALIDATION', 'This encrypted backup is cut short (truncated): it cannot be used.', { reason: 'truncated' });
    const version = raw.readUInt8(8);
    if (version !== FORMAT_VERSION)
      throw new AppError('VALIDATION', 'This backup was encrypted by a newer version of Ringup: update Ringup to restore it.', {
        reason: 'newer',
      });
    const logN = raw.readUInt8(9);
    const r = raw.readUInt8(10);
    const p = raw.readUInt8(11);
    if (logN < 10 || logN > 22 || r < 1 || r > 32 || p < 1 || p > 16)
      throw new AppError('VALIDATION', 'This encrypted backup is damaged (its header makes no sense): it cannot be used.', {
        reason: 'damaged',
      });
    return {
      header: { logN, r, p, salt: raw.subarray(12, 28), iv: raw.subarray(28, 40), check: raw.subarray(40, 56), raw },
      size,
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * Decrypt an encrypted backup into `target` (created; fsynced). A wrong passphrase, a changed or
 * cut file are refused with a reason (details.reason: 'passphrase' | 'damaged' | 'truncated'), and
 * `target` is then removed by the caller (it may hold unauthenticated bytes).
 */
export async function decryptFile(
  source: string,
  target: string,
  passphrase: string | undefined,
  options: { onBytes?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<void> {
  if (!passphrase)
    throw new AppError('VALIDATION', 'This backup is encrypted: give its passphrase.', { reason: 'passphrase', needsPassphrase: true });
  const { header, size } = readHeader(source);
  const key = await deriveKey(passphrase, header.salt, header.logN, header.r, header.p);
  if (!timingSafeEqual(keyCheck(key), header.check))
    throw new AppError('VALIDATION', 'The passphrase is wrong for this backup.', { reason: 'passphrase' });
  const fd = openSync(source, 'r');
  const tag = Buffer.alloc(TAG_BYTES);
  try {
    readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    closeSync(fd);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, header.iv);
  decipher.setAAD(header.raw);
  decipher.setAuthTag(tag);
  const total = size - HEADER_BYTES - TAG_BYTES;
  try {
    await pipeline(
      createReadStream(source, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 }),
      counting((done) => options.onBytes?.(done, total), options.signal),
      decipher,
      createWriteStream(target, { flags: 'wx' }),
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof Error && /auth/i.test(error.message))
      throw new AppError('VALIDATION', 'This encrypted backup was changed or damaged after it was written: it cannot be used.', {
        reason: 'damaged',
      });
    throw error;
  }
  await fsyncFile(target);
}
