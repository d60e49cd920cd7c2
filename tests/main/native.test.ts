import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { electronNativeBinding, electronNativeBindingPath } from '../../electron/main/native';
import {
  copyFilter,
  failureMessage,
  nativeTargetPath,
  nodeGypArgs,
  parseArgs,
  planNativeBuild,
  prebuildInstallArgs,
  readElectronVersion,
  toolCommand,
} from '../../scripts/electron-native-lib.mjs';

vi.mock('electron', () => ({}));

const dirs: string[] = [];
function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ringup-native-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function fakeProject(options: { electron?: string; built?: boolean }): string {
  const root = tempRoot();
  if (options.electron) {
    mkdirSync(join(root, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'electron', 'package.json'), JSON.stringify({ name: 'electron', version: options.electron }));
  }
  if (options.built && options.electron) {
    mkdirSync(join(root, 'native', 'electron', options.electron), { recursive: true });
    writeFileSync(nativeTargetPath(root, options.electron), 'binary');
  }
  return root;
}

function runScript(...args: string[]) {
  return spawnSync(process.execPath, ['scripts/electron-native.mjs', ...args], { encoding: 'utf8', timeout: 30_000 });
}

describe('where the Electron build lives', () => {
  it('is one folder per Electron version, outside node_modules', () => {
    expect(nativeTargetPath('/repo', '45.4.1')).toBe(join('/repo', 'native', 'electron', '45.4.1', 'better_sqlite3.node'));
    expect(nativeTargetPath('/repo', '46.0.0')).not.toBe(nativeTargetPath('/repo', '45.4.1'));
  });

  it('is the same path the main process loads', () => {
    for (const version of ['45.4.1', '46.0.0-beta.1']) {
      expect(electronNativeBindingPath('/repo', version)).toBe(nativeTargetPath('/repo', version));
    }
  });

  it('reads the installed Electron version from node_modules/electron/package.json', () => {
    expect(readElectronVersion(fakeProject({ electron: '45.4.1' }))).toBe('45.4.1');
    expect(readElectronVersion(fakeProject({}))).toBeNull();
    expect(readElectronVersion(process.cwd())).toBe(JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version);
  });
});

describe('planNativeBuild', () => {
  it('skips when the binary for this version is already there', () => {
    const root = fakeProject({ electron: '45.4.1', built: true });
    expect(planNativeBuild({ root, electronVersion: '45.4.1' })).toEqual({ action: 'skip', target: nativeTargetPath(root, '45.4.1') });
  });

  it('builds when it is missing, or for another Electron version', () => {
    const root = fakeProject({ electron: '45.4.1', built: true });
    expect(planNativeBuild({ root, electronVersion: '46.0.0' }).action).toBe('build');
    expect(planNativeBuild({ root: tempRoot(), electronVersion: '45.4.1' }).action).toBe('build');
  });

  it('builds anyway with --force', () => {
    expect(planNativeBuild({ root: '/repo', electronVersion: '45.4.1', force: true, exists: () => true }).action).toBe('build');
    expect(parseArgs(['--force'])).toEqual({ force: true, root: null, arch: null });
    expect(parseArgs(['--root', '/x', '--arch', 'arm64'])).toEqual({ force: false, root: '/x', arch: 'arm64' });
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option/);
  });
});

describe('argument lists', () => {
  it('asks prebuild-install for the Electron runtime, version and arch', () => {
    const args = prebuildInstallArgs({ electronVersion: '45.4.1', arch: 'x64', platform: 'linux' });
    expect(args.join(' ')).toContain('--runtime electron --target 45.4.1 --arch x64 --platform linux');
  });

  it('compiles with node-gyp against the Electron headers, in their own cache folder', () => {
    const args = nodeGypArgs({ electronVersion: '45.4.1', arch: 'arm64', devDir: '/home/u/.electron-gyp' });
    expect(args[0]).toBe('rebuild');
    expect(args).toEqual(
      expect.arrayContaining([
        '--release',
        '--runtime=electron',
        '--target=45.4.1',
        '--arch=arm64',
        '--dist-url=https://electronjs.org/headers',
        '--devdir=/home/u/.electron-gyp',
      ]),
    );
  });

  it('runs the tools from node_modules with this Node, node-gyp through npx when it is not installed', () => {
    expect(toolCommand('/repo', 'node-gyp', () => true)).toEqual({
      command: process.execPath,
      args: [join('/repo', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')],
    });
    expect(toolCommand('/repo', 'node-gyp', () => false)?.args).toEqual(['--yes', 'node-gyp']);
    expect(toolCommand('/repo', 'prebuild-install', () => true)?.args).toEqual([
      join('/repo', 'node_modules', 'prebuild-install', 'bin.js'),
    ]);
    expect(toolCommand('/repo', 'prebuild-install', () => false)).toBeNull();
  });

  it('copies better-sqlite3 without its build folder (the Node build is never touched)', () => {
    const keep = copyFilter(join('/nm', 'better-sqlite3'));
    expect(keep(join('/nm', 'better-sqlite3'))).toBe(true);
    expect(keep(join('/nm', 'better-sqlite3', 'binding.gyp'))).toBe(true);
    expect(keep(join('/nm', 'better-sqlite3', 'deps', 'sqlite3.gyp'))).toBe(true);
    expect(keep(join('/nm', 'better-sqlite3', 'build'))).toBe(false);
    expect(keep(join('/nm', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(false);
    expect(keep(`${join('/nm', 'better-sqlite3', 'buildtools')}${sep}x`)).toBe(true);
  });
});

describe('failureMessage', () => {
  it('says what failed, that tests/CLI/web mode still work, and how to retry', () => {
    const text = failureMessage({
      electronVersion: '45.4.1',
      target: '/repo/native/electron/45.4.1/better_sqlite3.node',
      attempts: [
        { step: 'prebuild-install (published binary)', error: 'exited with 1' },
        { step: 'node-gyp (compile against Electron headers)', error: 'exited with 1' },
      ],
    });
    expect(text).toContain('Could not build better-sqlite3 for Electron 45.4.1');
    expect(text).toContain('prebuild-install (published binary): exited with 1');
    expect(text).toContain('npm test');
    expect(text).toContain('npm run web');
    expect(text).toContain('npm run native:electron');
    expect(text.split('\n').length).toBeGreaterThan(5);
  });
});

describe('scripts/electron-native.mjs', () => {
  it('skips at once when the binary exists, and touches nothing', () => {
    const root = fakeProject({ electron: '45.4.1', built: true });
    const before = statSync(nativeTargetPath(root, '45.4.1')).mtimeMs;
    const result = runScript('--root', root);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('better-sqlite3 for Electron 45.4.1 is ready');
    expect(statSync(nativeTargetPath(root, '45.4.1')).mtimeMs).toBe(before);
  });

  it('exits 1 with an explanation when Electron is not installed', () => {
    const result = runScript('--root', fakeProject({}));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('node_modules/electron/package.json');
    expect(result.stderr).toContain('npm test');
  });

  it('exits 1 with an explanation when better-sqlite3 is not installed (no network needed to find out)', () => {
    const result = runScript('--root', fakeProject({ electron: '45.4.1' }));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('find better-sqlite3');
    expect(result.stderr).toContain('npm run native:electron');
  });

  it('rejects unknown options', () => {
    const result = runScript('--frobnicate');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Usage');
  });

  it('is never part of npm install (which must succeed offline)', () => {
    const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish']) {
      expect(scripts[hook] ?? '').not.toMatch(/electron-native|install-app-deps|electron-rebuild/);
    }
    expect(scripts.prestart).toContain('electron-native.mjs');
    expect(scripts.predev).toContain('electron-native.mjs');
    expect(scripts['native:electron']).toContain('--force');
  });
});

describe('electronNativeBinding (what main passes to better-sqlite3)', () => {
  it('is the native/electron build when unpackaged and present', () => {
    const root = fakeProject({ electron: '45.4.1', built: true });
    expect(electronNativeBinding({ isPackaged: false, appPath: root, electronVersion: '45.4.1' })).toBe(nativeTargetPath(root, '45.4.1'));
  });

  it('is undefined when unpackaged but not built (better-sqlite3 then fails with a clear dialog)', () => {
    expect(electronNativeBinding({ isPackaged: false, appPath: tempRoot(), electronVersion: '45.4.1' })).toBeUndefined();
  });

  it('is undefined when packaged: electron-builder rebuilt node_modules for Electron', () => {
    expect(
      electronNativeBinding({ isPackaged: true, appPath: '/opt/Ringup/resources/app.asar', electronVersion: '45.4.1', exists: () => true }),
    ).toBeUndefined();
  });
});
