import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { configureReadWorkers } from '../../electron/core/worker/runReadTask';
import { actionName, detailPairs } from '../../src/renderer/manager/history/auditNames';
import { presetRange } from '../../src/renderer/manager/reports/ranges';
import { reportCsv } from '../../src/renderer/manager/reports/reportTables';
import type { ChannelOutput } from '../../src/shared/contract';
import type { CoreApi } from './coreApi';
import { catalogItem, renderCoreTill } from './till';

// The Manager area's look-backs and stock screens against a real core: the sales report (figures,
// tables, CSV, print), past sales by receipt number, Z reports, the audit log's filter, goods
// received and a stock count with one difference applied.

const TEA = catalogItem('p1', 'Green Tea', 250, 2000, { barcodes: ['4006381333931'], stockOnHand: 40 });
const SOAP = catalogItem('p2', 'Olive Soap', 399, 2000, { stockOnHand: 12 });

// jsdom's URL is not Node's: the read worker (report.sales) is named by its path here
beforeAll(() => {
  configureReadWorkers({ entry: fileURLToPath(new globalThis.URL('../../electron/core/worker/readWorker.dev.mjs', import.meta.url).href) });
});

let opened: CoreApi[] = [];
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  for (const api of opened) api.close();
  opened = [];
});

async function managerTill() {
  const rendered = await renderCoreTill({ catalogue: [TEA, SOAP], staff: 'manager' });
  opened.push(rendered.api);
  return rendered;
}

/** A cash sale of these lines straight through the core (as another till window would make it). */
function sell(api: CoreApi, lines: { product: typeof TEA; quantity: number }[]): ChannelOutput<'sale.complete'> {
  const totalMinor = lines.reduce((sum, l) => sum + l.product.priceMinor * l.quantity, 0);
  return api.call('sale.complete', {
    id: randomUUID(),
    lines: lines.map((l) => ({ productId: l.product.id, quantity: l.quantity })),
    payments: [{ method: 'cash', amountMinor: totalMinor, tenderedMinor: totalMinor }],
  });
}

async function openSection(user: ReturnType<typeof userEvent.setup>, label: string) {
  await user.click(screen.getByRole('button', { name: 'Manager area' }));
  const area = await screen.findByRole('main', { name: 'Manager area' });
  await user.click(
    within(within(area).getByRole('navigation', { name: 'Manager area' })).getByRole('button', { name: new RegExp(`^${label}`) }),
  );
  return area;
}

describe('the sales report', () => {
  it('shows today’s figures and tables as the core added them up, exports them as CSV and prints through report.salesRender', async () => {
    const user = userEvent.setup();
    const { api } = await managerTill();
    sell(api, [{ product: TEA, quantity: 2 }]);
    sell(api, [
      { product: SOAP, quantity: 1 },
      { product: TEA, quantity: 1 },
    ]);
    const area = await openSection(user, 'Reports');

    // the first report starts a read worker (seconds from the TypeScript sources)
    await within(area).findByText('Net sales', { selector: 'dt' }, { timeout: 20_000 });
    const net = area.querySelector('[data-figure="net"] dd strong');
    await waitFor(() => expect(net?.textContent).toBe('€11.49'));
    expect(area.querySelector('[data-figure="transactions"] dd strong')?.textContent).toBe('2');
    expect(area.querySelector('[data-figure="average"] dd strong')?.textContent).toBe('€5.75');
    const calls = api.callsTo('report.sales') as { from: string; to: string; jobId?: string }[];
    expect(calls.at(-1)?.from).toBe(calls.at(-1)?.to);
    expect(calls.at(-1)?.jobId).toMatch(/^[0-9a-f-]{36}$/);

    // every chart has its numbers in a table: by hour for a single day, by payment method
    const byHour = within(area).getByRole('region', { name: 'By hour' });
    expect(within(byHour).getAllByRole('row')).toHaveLength(2);
    expect(byHour.textContent).toContain('€11.49');
    const byTender = within(area).getByRole('region', { name: 'By payment method' });
    expect(within(byTender).getByRole('rowheader', { name: 'Cash' })).toBeTruthy();
    const products = within(area).getByRole('region', { name: 'Top products' });
    expect(
      within(products)
        .getAllByRole('rowheader')
        .map((cell) => cell.textContent),
    ).toEqual(['Green Tea', 'Olive Soap']);
    expect(within(area).getByRole('img', { name: /Bar chart of net sales by hour/ })).toBeTruthy();

    // Export: the tables the core answered, as a CSV file saved by the window
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await user.click(within(area).getByRole('button', { name: 'Export CSV' }));
    expect(click).toHaveBeenCalledTimes(1);
    const anchor = click.mock.contexts[0] as HTMLAnchorElement;
    expect(anchor.download).toMatch(/^sales-report-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await within(area).findByText(/Saved as sales-report-/)).toBeTruthy();

    // Print: the printable page of the same range, from the core
    api.handlers['report.salesRender'] = () => ({ ok: true, data: { html: null, escposBase64: null } });
    await user.click(within(area).getByRole('button', { name: 'Print' }));
    await within(area).findByText('Sent to the print dialog.');
    const printed = api.callsTo('report.salesRender') as { from: string; to: string }[];
    expect(printed.at(-1)).toMatchObject({ from: calls.at(-1)?.from, to: calls.at(-1)?.to });
  });

  it('a custom range the core refuses says why at the date it concerns', async () => {
    const user = userEvent.setup();
    const { api } = await managerTill();
    const area = await openSection(user, 'Reports');
    await within(area).findByText('Net sales', { selector: 'dt' }, { timeout: 20_000 });
    await user.click(within(area).getByRole('button', { name: 'Custom' }));
    const from = within(area).getByLabelText('From') as HTMLInputElement;
    const to = within(area).getByLabelText('To') as HTMLInputElement;
    await user.clear(from);
    await user.type(from, '2026-03-10');
    await user.clear(to);
    await user.type(to, '2026-03-01');
    await user.click(within(area).getByRole('button', { name: 'Show' }));
    expect(await within(area).findByText('The range ends before it starts.')).toBeTruthy();
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect((api.callsTo('report.sales') as { from: string }[]).at(-1)?.from).toBe('2026-03-10');
  });
});

describe('the report helpers', () => {
  it('counts presets on the store’s calendar: weeks from Monday, last month across a year', () => {
    expect(presetRange('thisWeek', '2026-12-03')).toEqual({ from: '2026-11-30', to: '2026-12-03' });
    expect(presetRange('lastMonth', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('yesterday', '2026-03-01')).toEqual({ from: '2026-02-28', to: '2026-02-28' });
  });

  it('writes plain amounts to the CSV and quotes what needs it', async () => {
    const { api } = await managerTill();
    sell(api, [{ product: TEA, quantity: 2 }]);
    const today = new Date().toISOString().slice(0, 10);
    const result = await api.invoke('report.sales', { from: today, to: today });
    if (!result.ok) throw new Error(result.error.message);
    const csv = reportCsv(result.data, 2);
    expect(csv).toContain('Net sales,5.00\r\n');
    expect(csv).toContain('Green Tea,SKU-p1,2,5.00\r\n');
    expect(csv).toContain('"Voids, discounts and cash"');
  });

  it('names audit actions and reads their details in words', () => {
    expect(actionName('sale.voidLine')).toBe('Line voided');
    expect(actionName('something.new')).toBe('something.new');
    expect(detailPairs({ receiptNo: 4, totalMinor: 1249 }, 'EUR')).toEqual([
      ['Receipt no', '4'],
      ['Total', '€12.49'],
    ]);
    expect(detailPairs({ before: { receiptFooter: 'a', currency: 'EUR' }, after: { receiptFooter: 'b', currency: 'EUR' } }, 'EUR')).toEqual(
      [['Receipt footer', 'a → b']],
    );
  });
});

describe('past sales, Z reports and the audit log', () => {
  it('finds a sale by its receipt number and shows its receipt with Print a copy', async () => {
    const user = userEvent.setup();
    const { api } = await managerTill();
    sell(api, [{ product: TEA, quantity: 1 }]);
    const second = sell(api, [{ product: SOAP, quantity: 3 }]);
    sell(api, [{ product: TEA, quantity: 4 }]);
    const area = await openSection(user, 'Past sales');
    const found = await within(area).findByRole('list', { name: 'Sales found' });
    await waitFor(() => expect(within(found).getAllByRole('button')).toHaveLength(3));

    await user.type(within(area).getByLabelText(/Receipt number/), `${second.receiptNo}{Enter}`);
    await waitFor(() => expect(within(found).getAllByRole('button')).toHaveLength(1));
    expect((api.callsTo('sale.search') as { receiptNo?: number }[]).at(-1)?.receiptNo).toBe(second.receiptNo);
    await user.click(within(found).getByRole('button', { name: new RegExp(`Receipt ${second.receiptNo}`) }));
    const detail = await within(area).findByRole('region', { name: `Receipt ${second.receiptNo}` });
    expect(await within(detail).findAllByText('€11.97', { selector: 'dd' })).toHaveLength(2);
    expect(within(detail).getByRole('button', { name: 'Print a copy' })).toBeTruthy();
    expect(api.callsTo('sale.get')).toEqual([{ id: second.id }]);
    await waitFor(() => expect(detail.querySelector('iframe[title="Receipt"]')).not.toBeNull());

    // an amount the renderer cannot read is said at its field, and nothing is asked
    const searches = api.callsTo('sale.search').length;
    await user.type(within(area).getByLabelText(/From amount/), 'lots{Enter}');
    expect(await within(area).findByText('Type an amount such as 12.50.')).toBeTruthy();
    expect(api.callsTo('sale.search')).toHaveLength(searches);
  });

  it('lists the Z reports of closed shifts and opens one with its figures and document', async () => {
    const user = userEvent.setup();
    const { api } = await managerTill();
    sell(api, [{ product: TEA, quantity: 2 }]);
    api.call('shift.close', { counted: [{ denominationMinor: 100, count: 155 }] });
    api.call('shift.open', { openingFloatMinor: 0 });
    const area = await openSection(user, 'Z reports');
    const list = await within(area).findByRole('list', { name: 'Z reports' });
    await user.click(await within(list).findByRole('button', { name: /Z 1/ }));
    const detail = await within(area).findByRole('region', { name: 'Z report 1' });
    await within(detail).findByText('1 · €5.00');
    expect(within(detail).getByText('Exact')).toBeTruthy();
    expect(within(detail).getByRole('button', { name: 'Print report' })).toBeTruthy();
    expect(api.callsTo('report.render').at(-1)).toMatchObject({ format: 'html' });
  });

  it('filters the audit log by kind of action, with readable names', async () => {
    const user = userEvent.setup();
    const { api } = await managerTill();
    sell(api, [{ product: TEA, quantity: 1 }]);
    api.call('stock.adjust', { id: randomUUID(), productId: SOAP.id, delta: -2, reason: 'damaged', note: 'dropped' });
    const area = await openSection(user, 'Audit log');
    const table = await within(area).findByRole('table');
    await within(table).findByText('Sale completed');
    await user.selectOptions(within(area).getByLabelText('Action'), 'Stock');
    await waitFor(() => expect(within(table).queryByText('Sale completed')).toBeNull());
    expect(within(table).getByText('Stock adjusted')).toBeTruthy();
    expect((api.callsTo('audit.list') as { action?: string }[]).at(-1)?.action).toBe('stock.');
    expect(table.textContent).toContain('Mara Manager');
  });
});

describe('stock', () => {
  it('receives goods for a product found by search and shows its new level', async () => {
    const user = userEvent.setup();
    const { api } = await managerTill();
    const area = await openSection(user, 'Stock');
    await user.click(within(area).getByRole('button', { name: 'Receive' }));
    const form = within(area).getByRole('form', { name: 'Receive goods' });
    await user.type(within(form).getByRole('combobox', { name: 'Product' }), 'olive');
    await within(form).findByRole('option', { name: /Olive Soap/ });
    await user.keyboard('{Enter}');
    await waitFor(() => expect(within(form).getByTestId('stock-level').textContent).toBe('12 in stock'));
    await user.type(within(form).getByLabelText(/Quantity received/), 'x{Enter}');
    expect(await within(form).findByText(/Type the quantity in pieces/)).toBeTruthy();
    const quantity = within(form).getByLabelText(/Quantity received/);
    await user.clear(quantity);
    await user.type(quantity, '24{Enter}');
    expect(await within(form).findByText('Received 24 of Olive Soap: 36 in stock now.')).toBeTruthy();
    expect(within(form).getByTestId('stock-level').textContent).toBe('36 in stock');
    expect(api.call('catalog.get', { id: SOAP.id }).stockOnHand).toBe(36);
  });

  it('refuses taking off more than is in stock in the core’s words, at the quantity', async () => {
    const user = userEvent.setup();
    const { api } = await managerTill();
    const area = await openSection(user, 'Stock');
    await user.click(within(area).getByRole('button', { name: 'Adjust' }));
    const form = within(area).getByRole('form', { name: 'Adjust stock' });
    await user.type(within(form).getByRole('combobox', { name: 'Product' }), 'olive');
    await within(form).findByRole('option', { name: /Olive Soap/ });
    await user.keyboard('{Enter}');
    await user.type(await within(form).findByLabelText(/^Quantity/), '99{Enter}');
    const refusal = await within(form).findByRole('alert');
    expect(refusal.textContent?.length).toBeGreaterThan(5);
    expect(api.call('catalog.get', { id: SOAP.id }).stockOnHand).toBe(12);
  });

  it('runs a stock count: one product counted short, the difference reviewed and applied', async () => {
    const user = userEvent.setup();
    const { api } = await managerTill();
    const area = await openSection(user, 'Stock');
    await user.click(within(area).getByRole('button', { name: 'Stock count' }));
    await user.click(await within(area).findByRole('button', { name: 'Start a count' }));
    const form = await within(area).findByRole('form', { name: 'Record a count' });
    await user.type(within(form).getByRole('combobox', { name: 'Product counted' }), 'olive');
    await within(form).findByRole('option', { name: /Olive Soap/ });
    await user.keyboard('{Enter}');
    await user.type(await within(form).findByLabelText(/On the shelf/), '10{Enter}');
    const counted = await within(area).findByRole('table', { name: 'Products counted' });
    expect(within(counted).getByRole('row', { name: /Olive Soap/ }).textContent).toContain('−2');

    await user.click(within(area).getByRole('button', { name: 'Review differences' }));
    const review = within(area).getByRole('table', { name: 'Differences to apply' });
    expect(within(review).getAllByRole('row')).toHaveLength(2);
    await user.click(within(area).getByRole('button', { name: 'Apply 1 difference' }));
    expect(await within(area).findByText('Count applied: 1 product corrected, net −2.')).toBeTruthy();
    expect(api.call('catalog.get', { id: SOAP.id }).stockOnHand).toBe(10);
    const moves = api.call('stock.movements', { productId: SOAP.id });
    expect(moves.items[0]).toMatchObject({ reason: 'count_correction', delta: -2 });
  });
});

describe('stock count, cancelled', () => {
  it('asks once more before cancelling, and then nothing moves', async () => {
    const user = userEvent.setup();
    const { api } = await managerTill();
    const area = await openSection(user, 'Stock');
    await user.click(within(area).getByRole('button', { name: 'Stock count' }));
    await user.click(await within(area).findByRole('button', { name: 'Start a count' }));
    const form = await within(area).findByRole('form', { name: 'Record a count' });
    await user.click(within(form).getByRole('checkbox', { name: 'Each scan adds one' }));
    await user.type(within(form).getByRole('combobox', { name: 'Product counted' }), 'green');
    await within(form).findByRole('option', { name: /Green Tea/ });
    await user.keyboard('{Enter}');
    await within(area).findByText('Green Tea: counted 1, expected 40.');
    await user.click(within(area).getByRole('button', { name: 'Cancel the count' }));
    expect(api.callsTo('stock.countCancel')).toHaveLength(0);
    await user.click(within(area).getByRole('button', { name: 'Yes, cancel: nothing moves' }));
    expect(await within(area).findByText('Count cancelled: no stock was changed.')).toBeTruthy();
    expect(api.call('catalog.get', { id: TEA.id }).stockOnHand).toBe(40);
  });
});
