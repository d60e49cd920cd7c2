import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the renderer comes from: the dev server in `npm run dev`, the built page otherwise. */
export type RendererSource = { kind: 'url'; url: string } | { kind: 'file'; file: string; url: string };

/** The built bundle beside the main bundle: `out/main/index.js` → `out/`. */
export function outDirOf(mainDir: string): string {
  return resolve(mainDir, '..');
}

/** The sandboxed preload (CommonJS: a sandboxed preload cannot be an ES module). */
export function preloadPath(outDir: string): string {
  return join(outDir, 'preload', 'index.cjs');
}

export function rendererHtmlPath(outDir: string): string {
  return join(outDir, 'renderer', 'index.html');
}

/**
 * The page the window loads. `ELECTRON_RENDERER_URL` (set by electron-vite dev) counts only in
 * an unpackaged app: an installed till must never be pointed at another page by its environment.
 */
export function rendererSource(outDir: string, env: NodeJS.ProcessEnv, isPackaged: boolean): RendererSource {
  const devUrl = env.ELECTRON_RENDERER_URL;
  if (!isPackaged && devUrl && /^https?:\/\//.test(devUrl)) return { kind: 'url', url: devUrl };
  const file = rendererHtmlPath(outDir);
  return { kind: 'file', file, url: pathToFileURL(file).href };
}

/** The terminal database: `RINGUP_DB` when set, else `ringup.db` in the user-data folder. */
export function databasePath(env: NodeJS.ProcessEnv, userData: string): string {
  const fromEnv = env.RINGUP_DB?.trim();
  return fromEnv ? resolve(fromEnv) : join(userData, 'ringup.db');
}

export function logFilePath(userData: string): string {
  return join(userData, 'logs', 'ringup.log');
}
