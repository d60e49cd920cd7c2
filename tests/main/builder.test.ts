import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';

vi.mock('electron', () => ({}));

// electron-builder cannot package here (it downloads Electron): check what can be checked of its config.
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string };
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  buildDependenciesFromSource: boolean;
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
  electronFuses: Record<string, boolean | undefined>;
}

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;

/** A glob as electron-builder reads one: `**` crosses folders, `*` and `?` do not (node:path's matchesGlob is still experimental on Node 20). */
function matchesGlob(path: string, glob: string): boolean {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`).test(path);
}

/** electron-builder's rule: a path is packaged when the last pattern that matches it is not a negation. */
function isPackaged(path: string, patterns: string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (matchesGlob(path, negated ? pattern.slice(1) : pattern)) included = !negated;
  }
  return included;
}

describe('electron-builder.yml', () => {
  it('names the app', () => {
    expect(config.appId).toBe('com.ringup.pos');
    expect(config.productName).toBe('Ringup');
    expect(config.directories.output).toBe('release');
  });

  it('is valid against the schema of the installed electron-builder', () => {
    // ajv and the schema as electron-builder itself resolves them
    const fromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
    const Ajv = fromBuilder('ajv') as new (
      options: object,
    ) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
    const validate = new Ajv({ allErrors: true, strict: false }).compile(fromBuilder('./scheme.json'));
    const valid = validate(config);
    expect(validate.errors ?? null).toBeNull();
    expect(valid).toBe(true);
  });

  it('reads globs the way electron-builder does', () => {
    expect(matchesGlob('out/main/index.js', 'out/**/*')).toBe(true);
    expect(matchesGlob('a/b/c.node', '**/*.node')).toBe(true);
    expect(matchesGlob('c.node', '**/*.node')).toBe(true);
    expect(matchesGlob('outside/main.js', 'out/**/*')).toBe(false);
    expect(matchesGlob('package-json', 'package.json')).toBe(false);
  });

  it.each(['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc123.js', 'package.json'])(
    'packages the built %s',
    (path) => {
      expect(isPackaged(path, config.files)).toBe(true);
    },
  );

  it.each([
    'native/electron/45.4.1/better_sqlite3.node',
    'src/shared/money.ts',
    'tests/main/ipc.test.ts',
    'bench/catalog.bench.ts',
    'migrations/terminal/0000_init.sql',
    'electron/main/index.ts',
    'ringup.db',
  ])('leaves %s out', (path) => {
    expect(isPackaged(path, config.files)).toBe(false);
  });

  it('unpacks the native addon from the asar (a .node file cannot load from inside it)', () => {
    expect(config.asarUnpack.some((pattern) => matchesGlob('node_modules/better-sqlite3/build/Release/better_sqlite3.node', pattern))).toBe(
      true,
    );
  });

  it('rebuilds native dependencies for Electron when packaging, from published binaries when possible', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('targets Linux (AppImage, deb), Windows (nsis) and macOS (dmg)', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toContain('nsis');
    expect(config.mac.target).toContain('dmg');
  });

  // Electron's security guide: switch off what the app never uses, in the packaged binary itself
  it.each([
    ['runAsNode', false],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['onlyLoadAppFromAsar', true],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['enableCookieEncryption', true],
    ['loadBrowserProcessSpecificV8Snapshot', false],
  ])('sets the Electron fuse %s to %s', (fuse, value) => {
    expect(config.electronFuses[fuse]).toBe(value);
  });

  it('names only fuses that the installed electron-builder knows', () => {
    const fromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
    const schema = fromBuilder('./scheme.json') as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
    for (const fuse of Object.keys(config.electronFuses)) expect(known).toContain(fuse);
  });

  it('keeps file:// privileges while the packaged window loads its page from a file', () => {
    // the built renderer is loaded with loadFile, and its module scripts are CORS loads that a
    // file:// page may only make with grantFileProtocolExtraPrivileges: switching that fuse off
    // would leave a blank window (until the renderer moves to a custom protocol)
    const loadsFromFile = readFileSync('electron/main/window.ts', 'utf8').includes('loadFile(');
    if (loadsFromFile) expect(config.electronFuses.grantFileProtocolExtraPrivileges).not.toBe(false);
    else expect(config.electronFuses.grantFileProtocolExtraPrivileges).toBe(false);
  });
});
