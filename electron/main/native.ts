import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where `scripts/electron-native.mjs` puts better-sqlite3 built for one Electron version. Must
 * agree with `nativeTargetPath` of scripts/electron-native-lib.mjs (a test checks that it does).
 */
export function electronNativeBindingPath(projectRoot: string, electronVersion: string): string {
  return join(projectRoot, 'native', 'electron', electronVersion, 'better_sqlite3.node');
}

export interface NativeBindingContext {
  isPackaged: boolean;
  /** `app.getAppPath()`: the project folder when unpackaged */
  appPath: string;
  /** `process.versions.electron` */
  electronVersion: string | undefined;
  exists?: (file: string) => boolean;
}

/**
 * The better-sqlite3 binary the main process should load. Unpackaged, node_modules holds the Node
 * build (for tests and the CLI), so use the Electron build kept apart when there is one. Packaged,
 * electron-builder rebuilt node_modules for Electron: let better-sqlite3 find its own.
 */
export function electronNativeBinding(context: NativeBindingContext): string | undefined {
  if (context.isPackaged || !context.electronVersion) return undefined;
  const file = electronNativeBindingPath(context.appPath, context.electronVersion);
  return (context.exists ?? existsSync)(file) ? file : undefined;
}
