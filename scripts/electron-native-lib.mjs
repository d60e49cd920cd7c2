// The pure parts of electron-native.mjs (paths, plans, argument lists, messages), kept apart so
// tests can check them without building anything.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, sep } from 'node:path';

export const NATIVE_FILE = 'better_sqlite3.node';
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

/** Where better-sqlite3 built for one Electron version lives (electron/main/native.ts reads the same path). */
export function nativeTargetPath(root, electronVersion) {
  return join(root, 'native', 'electron', electronVersion, NATIVE_FILE);
}

/** The installed Electron's version (node_modules/electron/package.json), or null when it is not installed. */
export function readElectronVersion(root) {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
    return typeof pkg.version === 'string' && /^\d+\.\d+\.\d+/.test(pkg.version) ? pkg.version : null;
  } catch {
    return null;
  }
}

/** `--force` rebuilds even when the target exists; `--root <dir>` and `--arch <arch>` override the defaults. */
export function parseArgs(argv) {
  const options = { force: false, root: null, arch: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--force') options.force = true;
    else if (arg === '--root' || arg === '--arch') {
      const value = argv[++i];
      if (!value) throw new Error(`${arg} needs a value`);
      options[arg.slice(2)] = value;
    } else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

/** Skip quickly when the binary for this Electron version is already there (unless forced). */
export function planNativeBuild({ root, electronVersion, force = false, exists = existsSync }) {
  const target = nativeTargetPath(root, electronVersion);
  return { action: !force && exists(target) ? 'skip' : 'build', target };
}

/** Arguments of prebuild-install: download better-sqlite3's published binary for this Electron. */
export function prebuildInstallArgs({ electronVersion, arch, platform = process.platform }) {
  return ['--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--platform', platform, '--verbose'];
}

/** Arguments of node-gyp: compile better-sqlite3 against Electron's headers (kept apart from Node's). */
export function nodeGypArgs({ electronVersion, arch, devDir = join(homedir(), '.electron-gyp') }) {
  return [
    'rebuild',
    '--release',
    '--runtime=electron',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    `--dist-url=${ELECTRON_HEADERS_URL}`,
    `--devdir=${devDir}`,
    '--jobs=max',
  ];
}

/** How to run a tool: its copy in node_modules with this Node, else (node-gyp only) through npx. */
export function toolCommand(root, tool, exists = existsSync) {
  const bins = { 'prebuild-install': ['prebuild-install', 'bin.js'], 'node-gyp': ['node-gyp', 'bin', 'node-gyp.js'] };
  const local = join(root, 'node_modules', ...bins[tool]);
  if (exists(local)) return { command: process.execPath, args: [local] };
  if (tool === 'node-gyp') return { command: process.platform === 'win32' ? 'npx.cmd' : 'npx', args: ['--yes', 'node-gyp'] };
  return null;
}

/** What to copy of node_modules/better-sqlite3: everything but its build folder (the Node build stays put). */
export function copyFilter(sourceDir) {
  return (path) => {
    const rel = relative(sourceDir, path);
    return rel !== 'build' && !rel.startsWith(`build${sep}`);
  };
}

/** The multi-line explanation printed when no Electron build could be made. */
export function failureMessage({ electronVersion, target, attempts }) {
  const lines = [
    '',
    `Could not build better-sqlite3 for Electron ${electronVersion ?? '(unknown version)'}.`,
    '',
    ...attempts.map((attempt) => `  - ${attempt.step}: ${attempt.error}`),
    '',
    'What this means:',
    '  The Electron app (npm start / npm run dev) needs better-sqlite3 compiled for Electron, kept in',
    `  ${target ?? 'native/electron/<version>/better_sqlite3.node'}.`,
    '  Nothing in node_modules was changed: npm test, the ringup CLI and web mode (npm run web) still work.',
    '',
    'To retry:',
    '  - with network access to github.com (prebuilt binary) or electronjs.org (headers),',
    '    and a C++ toolchain (python3, make, a C++20 compiler) for the compile fallback:',
    '      npm run native:electron',
    '  - or copy a better_sqlite3.node built for this Electron version to the path above.',
    '',
  ];
  return lines.join('\n');
}
