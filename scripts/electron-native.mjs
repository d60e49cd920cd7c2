// Builds better-sqlite3 for the installed Electron into native/electron/<version>/, WITHOUT touching
// node_modules/better-sqlite3/build (that stays the Node build for tests, the CLI and web mode).
// Run by prestart/predev (skips at once when the file exists) and by `npm run native:electron` (--force).
// Never part of `npm install`: it needs the network, which an install on an offline machine has not.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  copyFilter,
  failureMessage,
  NATIVE_FILE,
  nodeGypArgs,
  parseArgs,
  planNativeBuild,
  prebuildInstallArgs,
  readElectronVersion,
  toolCommand,
} from './electron-native-lib.mjs';

function exitWith(message) {
  console.error(message);
  process.exit(1);
}

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  exitWith(`electron-native: ${error.message}\nUsage: node scripts/electron-native.mjs [--force] [--arch <arch>] [--root <dir>]`);
}
const root = options.root ?? fileURLToPath(new URL('..', import.meta.url));
const arch = options.arch ?? process.arch;
const electronVersion = readElectronVersion(root);
if (!electronVersion) {
  exitWith(
    failureMessage({
      electronVersion: null,
      target: null,
      attempts: [{ step: 'find Electron', error: 'node_modules/electron/package.json is missing or has no version (run npm install)' }],
    }),
  );
}

const plan = planNativeBuild({ root, electronVersion, force: options.force });
if (plan.action === 'skip') {
  console.log(`better-sqlite3 for Electron ${electronVersion} is ready (${relative(root, plan.target)}).`);
  process.exit(0);
}

const source = join(root, 'node_modules', 'better-sqlite3');
if (!existsSync(join(source, 'binding.gyp'))) {
  exitWith(
    failureMessage({
      electronVersion,
      target: plan.target,
      attempts: [{ step: 'find better-sqlite3', error: `${source} is missing (run npm install)` }],
    }),
  );
}

console.log(`Building better-sqlite3 for Electron ${electronVersion} (${process.platform}-${arch}) into ${relative(root, plan.target)}…`);
const work = mkdtempSync(join(tmpdir(), 'ringup-electron-native-'));
const packageDir = join(work, 'better-sqlite3');
const built = join(packageDir, 'build', 'Release', NATIVE_FILE);
const attempts = [];

function run(step, tool, args, timeoutMs) {
  if (!tool) {
    attempts.push({ step, error: 'not installed in node_modules' });
    return false;
  }
  const result = spawnSync(tool.command, [...tool.args, ...args], { cwd: packageDir, stdio: 'inherit', timeout: timeoutMs });
  if (result.error) {
    attempts.push({ step, error: result.error.message });
    return false;
  }
  if (result.status !== 0) {
    attempts.push({ step, error: `exited with ${result.status ?? result.signal}` });
    return false;
  }
  if (!existsSync(built)) {
    attempts.push({ step, error: `finished but produced no build/Release/${NATIVE_FILE}` });
    return false;
  }
  return true;
}

let failure = null;
try {
  cpSync(source, packageDir, { recursive: true, filter: copyFilter(source) });
  const ok =
    run(
      'prebuild-install (published binary)',
      toolCommand(root, 'prebuild-install'),
      prebuildInstallArgs({ electronVersion, arch }),
      180_000,
    ) ||
    run('node-gyp (compile against Electron headers)', toolCommand(root, 'node-gyp'), nodeGypArgs({ electronVersion, arch }), 30 * 60_000);
  if (ok) {
    // copy beside the target, then rename: a half-written binary never sits at the path main loads
    mkdirSync(dirname(plan.target), { recursive: true });
    const partial = `${plan.target}.partial`;
    copyFileSync(built, partial);
    renameSync(partial, plan.target);
  } else {
    failure = failureMessage({ electronVersion, target: plan.target, attempts });
  }
} catch (error) {
  failure = failureMessage({ electronVersion, target: plan.target, attempts: [...attempts, { step: 'prepare', error: error.message }] });
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failure) exitWith(failure);
console.log(`better-sqlite3 for Electron ${electronVersion} is ready (${relative(root, plan.target)}).`);
