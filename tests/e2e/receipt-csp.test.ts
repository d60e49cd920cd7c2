// The renderer shows receipts and reports in sandboxed srcdoc frames. Such a frame inherits the
// page's CSP, which allows inline styles only by hash: this checks that index.html carries the hash
// of the stylesheet the core actually renders, so a change to the receipt CSS cannot leave the
// receipts on screen unstyled. (No browser needed.)
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderSalesReportHtml } from '../../electron/core/features/reports/html';
import { salesReport } from '../../electron/core/features/reports/salesReport';
import { okData, openTill } from '../receipts/fixture';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

function inlineStyles(html: string): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1] ?? '');
}

function styleHashes(csp: string): string[] {
  const styleSrc = /style-src ([^;]+)/.exec(csp)?.[1] ?? '';
  return [...styleSrc.matchAll(/'sha256-([^']+)'/g)].map((match) => match[1] ?? '');
}

describe('receipt stylesheet and the renderer CSP', () => {
  it('index.html allows exactly the stylesheets of rendered receipts, reports and the sales report', async () => {
    const page = readFileSync(join(root, 'src/renderer/index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(csp).toContain('style-src');
    expect(csp).not.toContain("'unsafe-inline'");
    const allowed = styleHashes(csp);

    const till = await openTill();
    try {
      const sale = till.sell({
        lines: [{ productId: till.products.milk, quantity: 2 }],
        payments: [{ method: 'cash', amountMinor: 238, tenderedMinor: 500 }],
      });
      const receipt = okData<{ html: string }>(till.router.invoke('receipt.render', { saleId: sale.id, format: 'html' }, till.manager));
      const report = okData<{ html: string }>(till.router.invoke('report.render', { current: true, format: 'html' }, till.manager));
      const today = new Date().toISOString().slice(0, 10);
      const sales = renderSalesReportHtml(salesReport(till.terminal.ctx, { from: today, to: today, topN: 10 }), 'Corner Shop');
      expect(sales).toContain('class="bar w');
      for (const html of [receipt.html, report.html, sales]) {
        const styles = inlineStyles(html);
        expect(styles.length).toBeGreaterThan(0);
        for (const style of styles) {
          const hash = createHash('sha256').update(style).digest('base64');
          expect(allowed, `add 'sha256-${hash}' to style-src in src/renderer/index.html`).toContain(hash);
        }
        // nothing else inline that the hash would not cover
        expect(html).not.toMatch(/\sstyle="/);
      }
    } finally {
      till.close();
    }
  });
});
