// Types of electron-native-lib.mjs, for the tests that import it.
export declare const NATIVE_FILE: 'better_sqlite3.node';
export declare const ELECTRON_HEADERS_URL: string;

export interface NativeOptions {
  force: boolean;
  root: string | null;
  arch: string | null;
}

export interface NativePlan {
  action: 'skip' | 'build';
  target: string;
}

export interface ToolCommand {
  command: string;
  args: string[];
}

export interface BuildAttempt {
  step: string;
  error: string;
}

export declare function nativeTargetPath(root: string, electronVersion: string): string;
export declare function readElectronVersion(root: string): string | null;
export declare function parseArgs(argv: string[]): NativeOptions;
export declare function planNativeBuild(options: {
  root: string;
  electronVersion: string;
  force?: boolean;
  exists?: (path: string) => boolean;
}): NativePlan;
export declare function prebuildInstallArgs(options: { electronVersion: string; arch: string; platform?: string }): string[];
export declare function nodeGypArgs(options: { electronVersion: string; arch: string; devDir?: string }): string[];
export declare function toolCommand(
  root: string,
  tool: 'prebuild-install' | 'node-gyp',
  exists?: (path: string) => boolean,
): ToolCommand | null;
export declare function copyFilter(sourceDir: string): (path: string) => boolean;
export declare function failureMessage(options: {
  electronVersion: string | null;
  target: string | null;
  attempts: BuildAttempt[];
}): string;
