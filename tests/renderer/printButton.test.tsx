import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ReceiptPrintButton, ReportPrintButton } from '../../src/renderer/components/PrintButton';
import { createServices } from '../../src/renderer/services';
import { ServicesProvider } from '../../src/renderer/stores/context';
import type { ChannelOutput } from '../../src/shared/contract';
import { createFakeApi, ok } from './fakeApi';

type Outcome = ChannelOutput<'receipt.print'>;

function renderWith(answer: () => ReturnType<typeof ok<Outcome>> | { ok: false; error: { code: 'PRINTER_UNAVAILABLE'; message: string } }) {
  const api = createFakeApi({ 'receipt.print': answer, 'report.print': answer });
  render(
    <ServicesProvider services={createServices(api)}>
      <ReceiptPrintButton saleId="0190a0b0-0000-7000-8000-000000000001" />
      <ReportPrintButton report={{ current: true }} />
    </ServicesProvider>,
  );
  return api;
}

/** A print button with the next step after it, like the completed-sale dialog. */
function WithNext() {
  const next = useRef<HTMLButtonElement>(null);
  return (
    <>
      <ReceiptPrintButton saleId="0190a0b0-0000-7000-8000-000000000001" focusAfter={next} />
      <button ref={next} type="button">
        New sale
      </button>
    </>
  );
}

describe('print buttons say what happened to the print', () => {
  afterEach(cleanup);

  it('printed by the core (network or OS printer)', async () => {
    const api = renderWith(() => ok({ target: 'system', printed: true, html: null, copy: false }));
    fireEvent.click(screen.getByRole('button', { name: 'Print receipt' }));
    expect(await screen.findByText('Printed.')).toBeTruthy();
    expect(api.callsTo('receipt.print')).toEqual([{ saleId: '0190a0b0-0000-7000-8000-000000000001', copy: false }]);
  });

  it('the cashier closed the desktop print dialog', async () => {
    renderWith(() => ok({ target: 'system', printed: false, html: null, copy: false }));
    fireEvent.click(screen.getByRole('button', { name: 'Print report' }));
    expect(await screen.findByText('Printing was cancelled.')).toBeTruthy();
  });

  it('no printer set up', async () => {
    renderWith(() => ok({ target: 'none', printed: false, html: null, copy: false }));
    fireEvent.click(screen.getByRole('button', { name: 'Print receipt' }));
    expect(await screen.findByText(/No receipt printer is set up/)).toBeTruthy();
  });

  it('a printer that does not answer is explained in its own words', async () => {
    renderWith(() => ({ ok: false, error: { code: 'PRINTER_UNAVAILABLE', message: 'The printer “Front” could not print the receipt.' } }));
    fireEvent.click(screen.getByRole('button', { name: 'Print receipt' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The printer “Front” could not print the receipt.');
  });

  it('once printed, the keyboard goes to the next step (New sale), so Enter does not print a copy', async () => {
    const api = createFakeApi({ 'receipt.print': () => ok({ target: 'escpos-tcp', printed: true, html: null, copy: false }) });
    render(
      <ServicesProvider services={createServices(api)}>
        <WithNext />
      </ServicesProvider>,
    );
    const print = screen.getByRole('button', { name: 'Print receipt' });
    print.focus();
    fireEvent.click(print);
    await screen.findByText('Printed.');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New sale' }));
  });
});
