import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { checkFile } from '../scripts/layout-rules.mjs';

const check = checkFile as (path: string, text: string) => string[];

describe('layout check (the import table of ARCHITECTURE.md)', () => {
  it('passes on the repository', () => {
    expect(execFileSync(process.execPath, ['scripts/check-layout.mjs'], { encoding: 'utf8' })).toContain('follow the import table');
  });

  it.each([
    ['electron/core/x.ts', "import { app } from 'electron';"],
    ['electron/cli/x.ts', "const e = require('electron');"],
    ['electron/web/x.ts', "import { BrowserWindow } from 'electron/main';"],
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/shared/x.ts', "import Database from 'better-sqlite3';"],
    ['src/renderer/x.tsx', "import { join } from 'path';"],
    ['src/renderer/x.tsx', "import { eq } from 'drizzle-orm';"],
    ['src/renderer/x.tsx', "import { openTerminal } from '../../electron/core/terminal';"],
    ['electron/core/x.ts', "import { createWindow } from '../main/window';"],
    ['electron/preload/x.ts', "import { contract } from '../../src/shared/contract';"],
    ['src/shared/x.ts', "export * from '../renderer/thing';"],
  ])('rejects %s: %s', (path, text) => {
    expect(check(path, text).length).toBeGreaterThan(0);
  });

  it.each([
    ['electron/main/x.ts', "import { app } from 'electron';\nimport { openTerminal } from '../core/terminal';"],
    [
      'electron/preload/x.ts',
      "import { contextBridge } from 'electron';\nimport { CHANNEL_NAMES } from '../../src/shared/contract/names';\nimport type { PreloadApi } from '../../src/shared/api';",
    ],
    ['src/renderer/x.tsx', "import { create } from 'zustand';\nimport { formatMoney } from '../shared/money';"],
    ['electron/core/x.ts', "import Database from 'better-sqlite3';\nimport { join } from 'node:path';"],
  ])('accepts %s', (path, text) => {
    expect(check(path, text)).toEqual([]);
  });
});
