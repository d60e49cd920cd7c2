import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CENTRAL_SECRET_FILE, type SafeStorageLike, safeStorageSecretStore } from '../../electron/main/centralSecret';

// The central connection string in the app: encrypted by the OS keychain (safeStorage, here a
// stand-in that really transforms the bytes), never in plain text on disk.

const URL_WITH_PASSWORD = 'postgres://ringup:s3cret-Passw0rd@db.example.com:5432/ringup?sslmode=require';

function keychain(available = true): SafeStorageLike {
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.concat([Buffer.from('v10'), flip(Buffer.from(text, 'utf8'))]),
    decryptString: (data) => flip(data.subarray(3)).toString('utf8'),
  };
}

const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringup-secret-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('safeStorageSecretStore', () => {
  it('keeps the string encrypted in its own file (owner-only), readable again after a restart', () => {
    const dir = folder();
    expect(safeStorageSecretStore(keychain(), dir, {}).set(URL_WITH_PASSWORD)).toBe(true);
    const file = join(dir, CENTRAL_SECRET_FILE);
    const bytes = readFileSync(file);
    expect(bytes.toString('utf8')).not.toContain('s3cret');
    expect(bytes.toString('latin1')).not.toContain('db.example.com');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    expect(safeStorageSecretStore(keychain(), dir, {}).get()).toBe(URL_WITH_PASSWORD);
  });

  it('clears it with null', () => {
    const dir = folder();
    const store = safeStorageSecretStore(keychain(), dir, {});
    store.set(URL_WITH_PASSWORD);
    store.set(null);
    expect(existsSync(join(dir, CENTRAL_SECRET_FILE))).toBe(false);
    expect(safeStorageSecretStore(keychain(), dir, {}).get()).toBeNull();
  });

  it('without OS encryption keeps it in memory only, and says so', () => {
    const dir = folder();
    const store = safeStorageSecretStore(keychain(false), dir, {});
    expect(store.set(URL_WITH_PASSWORD)).toBe(false);
    expect(store.get()).toBe(URL_WITH_PASSWORD);
    expect(existsSync(join(dir, CENTRAL_SECRET_FILE))).toBe(false);
  });

  it('$RINGUP_CENTRAL_URL wins and is not written anywhere', () => {
    const dir = folder();
    const store = safeStorageSecretStore(keychain(), dir, { RINGUP_CENTRAL_URL: 'postgres://op@central/chain' });
    expect(store.get()).toBe('postgres://op@central/chain');
    expect(existsSync(join(dir, CENTRAL_SECRET_FILE))).toBe(false);
  });

  it('a file another keychain made reads as none set', () => {
    const dir = folder();
    safeStorageSecretStore(keychain(), dir, {}).set(URL_WITH_PASSWORD);
    const other: SafeStorageLike = {
      ...keychain(),
      decryptString: () => {
        throw new Error('Error while decrypting the ciphertext');
      },
    };
    expect(safeStorageSecretStore(other, dir, {}).get()).toBeNull();
  });
});
