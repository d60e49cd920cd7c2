import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CentralSecretStore } from '../core/sync/service';

/** The part of Electron's safeStorage this store uses (passed in, so it is testable without Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const CENTRAL_SECRET_FILE = 'central-connection.bin';

/**
 * The central connection string in the app: encrypted with the operating system's keychain
 * (Electron safeStorage: DPAPI, Keychain, libsecret/kwallet) in a file of its own in the user data
 * folder, never in the settings table (which backups, exports and the renderer see), never logged.
 * $RINGUP_CENTRAL_URL, when set, wins and is not stored (an operator's override). Where the OS
 * offers no encryption the string is kept in memory only, until the app quits, and `set` says so.
 */
export function safeStorageSecretStore(
  safeStorage: SafeStorageLike,
  folder: string,
  env: NodeJS.ProcessEnv = process.env,
): CentralSecretStore {
  const file = join(folder, CENTRAL_SECRET_FILE);
  let memory: string | null | undefined;
  const load = (): string | null => {
    if (!existsSync(file) || !safeStorage.isEncryptionAvailable()) return null;
    try {
      return safeStorage.decryptString(readFileSync(file)).trim() || null;
    } catch {
      // another user's or machine's keychain: unreadable here, as if none were set
      return null;
    }
  };
  return {
    get: () => {
      const override = env.RINGUP_CENTRAL_URL?.trim();
      if (override) return override;
      if (memory === undefined) memory = load();
      return memory;
    },
    set: (value) => {
      const next = value?.trim() || null;
      memory = next;
      if (next === null) {
        rmSync(file, { force: true });
        return true;
      }
      if (!safeStorage.isEncryptionAvailable()) return false;
      const partial = `${file}.partial`;
      writeFileSync(partial, safeStorage.encryptString(next), { mode: 0o600 });
      renameSync(partial, file);
      return true;
    },
  };
}
