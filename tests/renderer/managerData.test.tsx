import { join } from 'node:path';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { configureReadWorkers } from '../../electron/core/worker/runReadTask';
import { presetRange } from '../../src/renderer/manager/export/dates';
import { ExportSection } from '../../src/renderer/manager/export/ExportSection';
import { createServices } from '../../src/renderer/services';
import { ServicesProvider } from '../../src/renderer/stores/context';
import { type CoreApi, createCoreApi } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

// The Manager area's Backups, Export and Import screens against a real core: a backup with its
// progress and its check, a restore that sends everyone to the login screen, an export and its
// file, and an import that names the bad line and refuses Apply until the file is right.

const TEA = catalogItem('p1', 'Green Tea', 250, 2000, { barcodes: ['4006381333931'] });

// under jsdom import.meta.url is an http: URL, so the core's default read-worker entry cannot be
// found: point it at the file (export.csv runs in a read worker)
beforeAll(() => configureReadWorkers({ entry: join(process.cwd(), 'electron/core/worker/readWorker.dev.mjs') }));

let opened: CoreApi[] = [];
afterEach(() => {
  cleanup();
  for (const api of opened) api.close();
  opened = [];
});

async function openSection(user: ReturnType<typeof userEvent.setup>, label: string) {
  await user.click(screen.getByRole('button', { name: 'Manager area' }));
  const area = await screen.findByRole('main', { name: 'Manager area' });
  await user.click(
    within(within(area).getByRole('navigation', { name: 'Manager area' })).getByRole('button', { name: new RegExp(`^${label}`) }),
  );
  return area;
}

describe('Backups', () => {
  it('backs up (a short passphrase refused at its field), lists it verified, checks it again, and restores it to the login screen', async () => {
    const user = userEvent.setup();
    const { api, services } = await renderCoreTill({ catalogue: [TEA], staff: 'manager' });
    opened.push(api);
    const area = await openSection(user, 'Backups');
    const form = await within(area).findByRole('form', { name: 'Back up now' });
    expect(within(form).getByText(/never stored.*cannot be recovered/i)).toBeTruthy();

    await user.type(within(form).getByLabelText(/Passphrase/), 'short');
    await user.click(within(form).getByRole('button', { name: /Back up now/ }));
    expect(await within(form).findByText('A passphrase has at least 8 characters')).toBeTruthy();
    expect(
      within(form)
        .getByLabelText(/Passphrase/)
        .getAttribute('aria-invalid'),
    ).toBe('true');

    await user.clear(within(form).getByLabelText(/Passphrase/));
    await user.type(within(form).getByLabelText(/Note/), 'before the stock count{Enter}');
    expect(await within(form).findByText(/Backed up and verified: .* 1 product/, {}, { timeout: 10_000 })).toBeTruthy();
    const table = await within(area).findByRole('table', { name: 'Backups' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(row).getByText('✓ Verified')).toBeTruthy();
    expect(within(row).getByText(/By hand · before the stock count/)).toBeTruthy();
    expect(within(row).getByText('just now')).toBeTruthy();

    await user.click(within(row).getByRole('button', { name: /^Verify/ }));
    expect(
      await within(area).findByText(/checked: it opens and holds 0 sales, 1 product and 0 members/, {}, { timeout: 10_000 }),
    ).toBeTruthy();

    // a product made after the backup is gone after the restore
    api.call('catalog.upsertProduct', { sku: 'LATE-1', name: 'Late Biscuits', priceMinor: 199, taxClassId: TEA.taxClassId });
    await user.click(within(row).getByRole('button', { name: /^Restore/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Restore this backup?' });
    expect(within(dialog).getByText(/Everything on this till is replaced/)).toBeTruthy();
    expect(within(dialog).getByText(/current database is backed up before it is replaced/)).toBeTruthy();
    expect(within(dialog).getByText(/everyone logs in again/i)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: /^Restore/ }));
    const done = await screen.findByRole('dialog', { name: 'Restored' }, { timeout: 15_000 });
    expect(within(done).getByText(/now holds the backup made .*: 0 sales, 1 product and 0 members/)).toBeTruthy();
    expect(within(done).getByText(/pre-restore|\.db|bak/i, { selector: 'code' })).toBeTruthy();
    await user.click(within(done).getByRole('button', { name: /Log in again/ }));
    await waitFor(() => expect(services.session.getState().phase).toBe('login'));
    const late = api.terminal.sqlite.prepare('SELECT count(*) AS n FROM products WHERE sku = ?').get('LATE-1') as { n: number };
    expect(late.n).toBe(0);
  }, 60_000);
});

describe('an encrypted backup', () => {
  it('is marked encrypted; Verify asks its passphrase, a wrong one is refused at the field in the core’s words', async () => {
    const user = userEvent.setup();
    const { api } = await renderCoreTill({ catalogue: [TEA], staff: 'manager' });
    opened.push(api);
    const area = await openSection(user, 'Backups');
    const form = await within(area).findByRole('form', { name: 'Back up now' });
    await user.type(within(form).getByLabelText(/Passphrase/), 'correct horse battery{Enter}');
    expect(await within(form).findByText(/Backed up and verified: .*, encrypted\)/, {}, { timeout: 10_000 })).toBeTruthy();
    const table = await within(area).findByRole('table', { name: 'Backups' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(row).getByText('Encrypted')).toBeTruthy();

    await user.click(within(row).getByRole('button', { name: /^Verify/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Verify this backup' });
    const pass = within(dialog).getByLabelText('Passphrase of this backup');
    expect(document.activeElement).toBe(pass);
    await user.type(pass, 'wrong horse battery{Enter}');
    await waitFor(() => expect(pass.getAttribute('aria-invalid')).toBe('true'), { timeout: 10_000 });
    const refusal = (await api.terminal.router.invokeAsync(
      'backup.verify',
      { name: within(row).getByText(/\.db/).textContent ?? '', passphrase: 'wrong horse battery' },
      api.session,
    )) as { ok: boolean; error?: { message: string } };
    expect(refusal.ok).toBe(false);
    expect(within(dialog).getByText(refusal.error?.message ?? '?')).toBeTruthy();
    await user.clear(pass);
    await user.type(pass, 'correct horse battery{Enter}');
    expect(await within(dialog).findByText(/✓ Verified: it opens and holds 0 sales, 1 product/, {}, { timeout: 10_000 })).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  }, 60_000);
});

describe('Export', () => {
  async function exportScreen(download: (path: string, name: string) => Promise<string | null>) {
    const api = await createCoreApi({ catalogue: [TEA], staff: 'manager' });
    opened.push(api);
    const services = createServices(api);
    await services.session.getState().start();
    render(
      <ServicesProvider services={services}>
        <ExportSection download={download} />
      </ServicesProvider>,
    );
    return api;
  }

  it('exports the products (no dates), says rows and size, and hands the file to the browser', async () => {
    const user = userEvent.setup();
    const download = vi.fn(async () => null);
    await exportScreen(download);
    expect(screen.getAllByRole('radio')).toHaveLength(10);
    expect((screen.getByRole('checkbox', { name: /byte order mark/ }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: /^Products/ }));
    expect((screen.getByLabelText('From') as HTMLInputElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: /^Export/ }));
    const result = await screen.findByText(/Exported 1 row \(/, {}, { timeout: 10_000 });
    expect(result.textContent).toMatch(/products.*\.csv/);
    expect(download).toHaveBeenCalledTimes(1);
    const [path, name] = download.mock.calls[0] as unknown as [string, string];
    expect(path).toMatch(/^\/download\//);
    expect(path, name).toContain(name.slice(0, 8));
  });

  it('a range that ends before it starts is refused at "To" in the core’s words; presets fill the days', async () => {
    const user = userEvent.setup();
    await exportScreen(async () => null);
    await user.click(screen.getByRole('button', { name: 'Last month' }));
    const range = presetRange('lastMonth', Date.now(), 'Europe/Berlin');
    expect((screen.getByLabelText('From') as HTMLInputElement).value.slice(0, 8)).toBe(range.from.slice(0, 8));
    const from = screen.getByLabelText('From') as HTMLInputElement;
    const to = screen.getByLabelText('To (included)') as HTMLInputElement;
    await user.clear(from);
    await user.type(from, '2026-05-10');
    await user.clear(to);
    await user.type(to, '2026-05-01');
    await user.click(screen.getByRole('button', { name: /^Export/ }));
    expect(await screen.findByText('The range ends before it starts')).toBeTruthy();
    expect(to.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('Import products', () => {
  it('names the bad line, refuses Apply, then imports a good file', async () => {
    const user = userEvent.setup();
    const { api } = await renderCoreTill({ catalogue: [TEA], staff: 'manager' });
    opened.push(api);
    const area = await openSection(user, 'Import');
    const input = within(area).getByLabelText('Products file (CSV)');
    const header = 'sku,name,price_minor,tax_class,category,barcodes,stock_on_hand';
    const bad = new File([`${header}\r\nNEW-1,Oat Milk,189,VAT 20 %,Drinks,,12\r\nNEW-2,Rice Cakes,twelve,VAT 20 %,,,\r\n`], 'bad.csv', {
      type: 'text/csv',
    });
    await user.upload(input, bad);
    const problems = await within(area).findByRole('region', { name: 'Lines with errors' }, { timeout: 10_000 });
    const cells = within(problems).getAllByRole('row')[1] as HTMLElement;
    expect(within(cells).getByText('3')).toBeTruthy();
    expect(within(cells).getByText('price_minor')).toBeTruthy();
    const apply = within(area).getByRole('button', { name: 'Apply' }) as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    expect(api.call('catalog.search', { query: 'Oat Milk' }, api.manager).items).toHaveLength(0);

    const good = new File([`${header}\nNEW-1,Oat Milk,189,VAT 20 %,Drinks,,12\n${TEA.sku},Green Tea,275,,,,\n`], 'good.csv', {
      type: 'text/csv',
    });
    await user.upload(input, good);
    await within(area).findByText(/No errors/, {}, { timeout: 10_000 });
    const counts = within(area).getByLabelText('What the file would do');
    expect(counts.textContent).toContain('Rows2');
    expect(counts.textContent).toContain('To create1');
    expect(counts.textContent).toContain('To update1');
    await waitFor(() => expect((within(area).getByRole('button', { name: 'Apply' }) as HTMLButtonElement).disabled).toBe(false));
    await user.click(within(area).getByRole('button', { name: 'Apply' }));
    expect(await within(area).findByText(/Imported 2 rows: 1 created, 1 updated/, {}, { timeout: 10_000 })).toBeTruthy();
    expect(api.call('catalog.search', { query: 'Oat Milk' }, api.manager).items).toHaveLength(1);
    expect(api.call('catalog.get', { id: TEA.id }, api.manager).priceMinor).toBe(275);
  }, 60_000);
});

describe('the progress bar of long work', () => {
  it('shows phase, done of total and Cancel while the core says it may stop, and the stop in the core’s words', async () => {
    const user = userEvent.setup();
    let finish: ((value: { ok: false; error: { code: 'CANCELLED'; message: string } }) => void) | null = null;
    let cancelled = false;
    const progress = (jobId: string) => ({
      jobId,
      channel: 'export.csv',
      state: cancelled ? ('cancelled' as const) : ('running' as const),
      phase: 'Sale lines',
      done: 250,
      total: 1000,
      cancellable: true,
      startedAt: Date.now(),
      finishedAt: null,
      error: null,
    });
    const api = await createCoreApi({
      staff: 'manager',
      handlers: {
        'export.csv': () =>
          new Promise((resolve) => {
            finish = resolve;
          }),
        'job.progress': (input) => ({ ok: true, data: progress(input.jobId) }),
        'job.cancel': (input) => {
          cancelled = true;
          setTimeout(() => finish?.({ ok: false, error: { code: 'CANCELLED', message: 'Stopped: nothing of it was kept.' } }), 50);
          return { ok: true, data: progress(input.jobId) };
        },
      },
    });
    opened.push(api);
    const services = createServices(api);
    await services.session.getState().start();
    render(
      <ServicesProvider services={services}>
        <ExportSection download={async () => null} />
      </ServicesProvider>,
    );
    await user.click(screen.getByRole('button', { name: /^Export/ }));
    const bar = await screen.findByRole('progressbar', { name: 'Exporting' });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('25'));
    expect(screen.getByText(/Sale lines…/).textContent).toContain('250 of 1,000');
    const jobId = (api.callsTo('export.csv')[0] as { jobId?: string }).jobId;
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.callsTo('job.progress').every((input) => (input as { jobId: string }).jobId === jobId)).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText('Stopped: nothing of it was kept.')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(api.callsTo('job.cancel')).toEqual([{ jobId }]);
  });
});
