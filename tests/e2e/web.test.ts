// End to end in a real Chromium (playwright-core + the system browser) against `npm run web`:
// first-run setup, logout, a wrong PIN, login, search as you type, a scanner burst, a misread code.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = join(root, 'tests/e2e/artifacts');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
const required = process.env.REQUIRE_E2E === '1' || Boolean(process.env.CI);
const TOKEN = 'e2e-token-4f1c9a';
const MANAGER = { name: 'Maria Manager', pin: '1357' };

if (!haveChromium && !required) {
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

function freePort(): Promise<number> {
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

function ringup(args: string[]): string {
  return execFileSync(process.execPath, [join(root, 'bin/ringup.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `ringup call` as the file's operator; returns the envelope's data or throws with its message. */
function call<T>(db: string, channel: string, input: unknown = {}): T {
  const envelope = JSON.parse(ringup(['call', '--db', db, channel, JSON.stringify(input)])) as
    | { ok: true; data: T }
    | { ok: false; error: { message: string } };
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
  return envelope.data;
}

interface SeededProduct {
  name: string;
  barcode: string;
}

/** A product of the seeded catalogue with an EAN-13, to scan (and to misread). */
function pickScannableProduct(db: string): SeededProduct {
  const page = call<{ items: { id: string; active: boolean }[] }>(db, 'catalog.search', { query: '', limit: 40 });
  for (const item of page.items) {
    if (!item.active) continue;
    const product = call<{ name: string; barcodes: string[] }>(db, 'catalog.get', { id: item.id });
    const barcode = product.barcodes.find((code) => /^\d{13}$/.test(code));
    if (barcode) return { name: product.name, barcode };
  }
  throw new Error('the seeded catalogue has no active product with an EAN-13 among its first 40');
}

function startWeb(db: string, port: number): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  // detached: the child leads its own process group (npm → node web.mjs → node ringup serve), killed as one
  const child = spawn('npm', ['run', 'web', '--', '--db', db, '--port', String(port), '--token', TOKEN], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
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

async function stopWeb(child: ChildProcess | undefined): Promise<void> {
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

/** The text a person sees in an element (layout-aware, unlike textContent). */
function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, not the DOM property
  return locator.innerText();
}

/** Type like a person: one key at a time, far slower than a scanner. */
async function typeSlowly(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 80 });
}

describe.skipIf(!haveChromium && !required)('web mode in a real Chromium', () => {
  let workDir = '';
  let db = '';
  let web: Awaited<ReturnType<typeof startWeb>> | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let product: SeededProduct;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!haveChromium) {
      throw new Error(
        `E2E needs Chromium at ${chromiumPath} (REQUIRE_E2E=1 or CI is set, so this is a failure, not a skip). ` +
          'Install it with `apt-get update && apt-get install -y chromium`, or set CHROMIUM_PATH.',
      );
    }
    mkdirSync(artifacts, { recursive: true });
    workDir = mkdtempSync(join(tmpdir(), 'ringup-e2e-'));
    db = join(workDir, 'terminal.db');
    ringup(['seed', '--db', db, '--products', '2000', '--seed', '7']);
    product = pickScannableProduct(db);
    web = await startWeb(db, await freePort());

    // a fresh profile per run; Playwright takes --user-data-dir only through launchPersistentContext
    browser = await chromium.launchPersistentContext(join(workDir, 'chromium-profile'), {
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
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
  });

  afterAll(async () => {
    await browser?.close();
    await stopWeb(web?.child);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('first-run setup logs the new manager in, and the token leaves the address bar', async () => {
    if (!web) throw new Error('no server');
    await page.goto(web.url);
    await page.getByRole('heading', { name: 'Set up this till' }).waitFor();
    expect(page.url()).not.toContain('token');

    await page.getByLabel('Store name').fill('Harbour Grocer');
    await page.getByLabel('Currency').fill('EUR');
    await page.getByLabel('Your name').fill(MANAGER.name);
    await page.getByLabel('PIN', { exact: true }).fill(MANAGER.pin);
    await page.getByLabel('PIN again').fill(MANAGER.pin);
    await page.screenshot({ path: join(artifacts, 'setup.png') });
    await page.getByRole('button', { name: 'Create store and log in' }).click();

    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
    await expect.poll(() => visibleText(page.locator('.topbar'))).toContain(MANAGER.name);
    expect(await visibleText(page.locator('.topbar'))).toContain('Harbour Grocer');
  });

  it('logout, then a wrong PIN shows the server’s message, then the right PIN logs in', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Who is working?' }).waitFor();
    await page.screenshot({ path: join(artifacts, 'login.png') });

    await page.getByRole('button', { name: new RegExp(MANAGER.name) }).click();
    await page.getByRole('heading', { name: `Hello, ${MANAGER.name}` }).waitFor();
    await typeSlowly(page, '9999');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await visibleText(alert)).toMatch(/Wrong PIN\. \d+ tries left/);
    await page.screenshot({ path: join(artifacts, 'login-wrong-pin.png') });

    // the keypad, this time
    for (const digit of MANAGER.pin) await page.getByRole('group', { name: 'PIN keypad' }).getByRole('button', { name: digit }).click();
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('combobox', { name: /Search products/ }).waitFor();
  });

  it('results appear as you type', async () => {
    const search = page.getByRole('combobox', { name: /Search products/ });
    await expect.poll(() => search.evaluate((element) => element.matches(':focus'))).toBe(true);
    await typeSlowly(page, 'a');
    await expect.poll(() => visibleText(page.locator('.results-summary'))).toMatch(/products for “a”/);
    expect(await page.getByRole('listbox', { name: 'Products' }).getByRole('option').count()).toBeGreaterThan(5);

    const word = product.name.split(' ').find((part) => /^[A-Za-z]{4,}$/.test(part)) ?? product.name.slice(0, 4);
    await page.keyboard.press('Escape');
    await typeSlowly(page, word.toLowerCase());
    await expect.poll(() => visibleText(page.locator('.results-summary'))).toContain(`for “${word.toLowerCase()}”`);
    const first = page.getByRole('listbox', { name: 'Products' }).getByRole('option').first();
    expect((await visibleText(first)).toLowerCase()).toContain(word.toLowerCase());
    expect(await visibleText(first)).toMatch(/€\d+\.\d{2}/);

    // scrolling the list loads the next page through the cursor
    await page.keyboard.press('Escape');
    await expect.poll(() => visibleText(page.locator('.results-summary'))).toMatch(/^\d+\+ products$/);
    const before = Number(/^(\d+)/.exec(await visibleText(page.locator('.results-summary')))?.[1]);
    await page.locator('.results-scroll').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await expect.poll(async () => Number(/^(\d+)/.exec(await visibleText(page.locator('.results-summary')))?.[1])).toBeGreaterThan(before);

    await typeSlowly(page, word.toLowerCase());
    await expect.poll(() => visibleText(page.locator('.results-summary'))).toContain(`for “${word.toLowerCase()}”`);
    await page.keyboard.press('ArrowDown');
    await page.screenshot({ path: join(artifacts, 'catalog.png') });
  });

  it('a scanner burst adds the product to the pending list', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.type(product.barcode, { delay: 5 });
    await page.keyboard.press('Enter');

    const line = page.getByTestId('pending-line').filter({ hasText: product.name });
    await line.waitFor();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Scanned:' }))).toContain(product.name);
    // the scanner's characters did not stay in the search box
    expect(await page.getByRole('combobox', { name: /Search products/ }).inputValue()).toBe('');
    await page.screenshot({ path: join(artifacts, 'scan.png') });
  });

  it('a misread barcode is explained, check digit and all', async () => {
    const last = Number(product.barcode.at(-1));
    const misread = `${product.barcode.slice(0, -1)}${(last + 1) % 10}`;
    await page.keyboard.type(misread, { delay: 5 });
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: 'misread' });
    await alert.waitFor();
    expect(await visibleText(alert)).toContain(`The barcode ${misread} was misread`);
    expect(await visibleText(alert)).not.toContain('INVALID_BARCODE');
    await page.screenshot({ path: join(artifacts, 'scan-misread.png') });

    // a smaller till screen still shows everything
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: join(artifacts, 'catalog-1024x700.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('logged no errors in the browser console (CSP violations included)', () => {
    expect(consoleErrors).toEqual([]);
  });
});
