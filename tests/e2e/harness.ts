// What the browser suites share: the seeded terminal file, `npm run web` as a child process group,
// `ringup call` for setting up data, and a fresh headless Chromium at the till's screen size.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = join(root, 'tests/e2e/artifacts');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(chromiumPath);
export const required = process.env.REQUIRE_E2E === '1' || Boolean(process.env.CI);
export const TOKEN = 'e2e-token-4f1c9a';

/** Say loudly (once per file) that the browser suite is skipped, and how to run it. */
export function warnIfSkipped(): void {
  if (haveChromium || required) return;
  console.warn(
    [
      '',
      '################################################################################',
      `#  E2E SKIPPED: no Chromium at ${chromiumPath}.`,
      '#  Install it with:   apt-get update && apt-get install -y chromium',
      '#  or point CHROMIUM_PATH at a Chromium/Chrome binary.',
      '#  (With REQUIRE_E2E=1 or CI set, a missing browser fails the run instead.)',
      '################################################################################',
      '',
    ].join('\n'),
  );
}

/** A missing browser when the suite is required is a failure, not a skip. */
export function requireChromium(): void {
  if (!haveChromium) {
    throw new Error(
      `E2E needs Chromium at ${chromiumPath} (REQUIRE_E2E=1 or CI is set, so this is a failure, not a skip). ` +
        'Install it with `apt-get update && apt-get install -y chromium`, or set CHROMIUM_PATH.',
    );
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function ringup(args: string[]): string {
  return execFileSync(process.execPath, [join(root, 'bin/ringup.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `ringup call` as the file's operator; returns the envelope's data or throws with its message. */
export function call<T>(db: string, channel: string, input: unknown = {}): T {
  let text: string;
  try {
    text = ringup(['call', '--db', db, channel, JSON.stringify(input)]);
  } catch (error) {
    // an error envelope exits 1; its JSON is still on stdout
    text = String((error as { stdout?: string }).stdout ?? '');
    if (!text) throw error;
  }
  const envelope = JSON.parse(text) as { ok: true; data: T } | { ok: false; error: { message: string } };
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
  return envelope.data;
}

export interface WebServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** More for `ringup serve` than the till's file, port and token: flags (e.g. `--central URL`) and environment. */
export interface ServeOptions {
  args?: string[];
  env?: Record<string, string>;
}

export function startWeb(db: string, port: number, serve: ServeOptions = {}): Promise<WebServerProcess> {
  // detached: the child leads its own process group (npm → node web.mjs → node ringup serve), killed as one
  const child = spawn('npm', ['run', 'web', '--', '--db', db, '--port', String(port), '--token', TOKEN, ...(serve.args ?? [])], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...serve.env },
  });
  let log = '';
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm run web printed no URL within 180 s:\n${log}`)), 180_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(log);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveStart({ child, url: match[1], output: () => log });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm run web exited (${code}) before printing its URL:\n${log}`));
    });
  });
}

export async function stopWeb(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timeout = new Promise<'timeout'>((resolveTimeout) => setTimeout(() => resolveTimeout('timeout'), 5_000));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** A fresh profile per run at 1366×768; Playwright takes --user-data-dir only through launchPersistentContext. */
export async function launchBrowser(profileDir: string): Promise<{ browser: BrowserContext; page: Page; consoleErrors: string[] }> {
  const browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1366, height: 768 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  return { browser, page, consoleErrors };
}

/** The text a person sees in an element (layout-aware, unlike textContent). */
export function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, not the DOM property
  return locator.innerText();
}

/** Type like a person: one key at a time, far slower than a scanner. */
export async function typeSlowly(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 80 });
}

/** A barcode scanner: the whole code in a fast burst, then Enter. */
export async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press('Enter');
}

export interface StaffLogin {
  name: string;
  pin: string;
}

/** A seeded till served by `npm run web` and a Chromium on it: what the selling suites start from. */
export interface RunningTill {
  db: string;
  web: WebServerProcess;
  browser: BrowserContext;
  page: Page;
  consoleErrors: string[];
  /** close the browser, stop the server, remove the files */
  stop(): Promise<void>;
}

/**
 * Seed a catalogue, create the first manager and a cashier, apply settings, let `prepare` read the
 * file (pick products), then start `npm run web` and a browser. Stop it in afterAll.
 */
export async function startTill(options: {
  name: string;
  products: number;
  seed: number;
  store: { storeName: string; terminalId: string; currency: string };
  manager: StaffLogin;
  cashier: StaffLogin;
  settings?: Record<string, unknown>;
  prepare?: (db: string) => void;
  /** extra flags and environment for the web server (`--central URL` for the sync suite) */
  serve?: ServeOptions;
}): Promise<RunningTill> {
  requireChromium();
  mkdirSync(artifacts, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), `ringup-${options.name}-`));
  let web: WebServerProcess | undefined;
  let browser: BrowserContext | undefined;
  const stop = async () => {
    await browser?.close();
    await stopWeb(web?.child);
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const db = join(workDir, 'terminal.db');
    ringup(['seed', '--db', db, '--products', String(options.products), '--seed', String(options.seed)]);
    call(db, 'setup.createFirstManager', { name: options.manager.name, pin: options.manager.pin, ...options.store });
    call(db, 'staff.create', { name: options.cashier.name, pin: options.cashier.pin, roles: ['cashier'] });
    if (options.settings) call(db, 'settings.update', options.settings);
    options.prepare?.(db);
    web = await startWeb(db, await freePort(), options.serve);
    const launched = await launchBrowser(join(workDir, 'chromium-profile'));
    browser = launched.browser;
    return { db, web, browser, page: launched.page, consoleErrors: launched.consoleErrors, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A scannable piece product of the seeded catalogue: its id, name, EAN-13 and price. */
export interface ScannableItem {
  id: string;
  name: string;
  barcode: string;
  priceMinor: number;
}

/**
 * `count` active piece products of the seeded file with an EAN-13 and at least `minStock` in
 * stock (untracked ones too), read through the CLI; `distinctPrices` picks each at another price.
 */
export function pickItems(db: string, count: number, options: { minStock?: number; distinctPrices?: boolean } = {}): ScannableItem[] {
  const minStock = options.minStock ?? 10;
  const items: ScannableItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10 && items.length < count; page++) {
    const result = call<{
      items: { id: string; active: boolean; tracksStock: boolean; stockOnHand: number; priceMinor: number; soldByWeight: boolean }[];
      nextCursor: string | null;
    }>(db, 'catalog.search', { query: '', limit: 60, ...(cursor ? { cursor } : {}) });
    for (const hit of result.items) {
      if (items.length >= count) break;
      if (!hit.active || hit.soldByWeight || (hit.tracksStock && hit.stockOnHand < minStock)) continue;
      if (options.distinctPrices && items.some((item) => item.priceMinor === hit.priceMinor)) continue;
      const product = call<{ name: string; barcodes: string[]; priceMinor: number }>(db, 'catalog.get', { id: hit.id });
      const barcode = product.barcodes.find((code) => /^\d{13}$/.test(code));
      if (barcode) items.push({ id: hit.id, name: product.name, barcode, priceMinor: product.priceMinor });
    }
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  if (items.length < count) throw new Error(`the seeded catalogue has fewer than ${count} scannable products with stock`);
  return items;
}
