import { useId, useRef, useState } from 'react';
import type { ChannelOutput } from '../../../shared/contract';
import { normaliseCsvText, PRODUCT_CSV_BARCODE_SEPARATOR, PRODUCT_CSV_COLUMNS, type ProductCsvColumn } from '../../../shared/productCsv';
import type { AppErrorData } from '../../../shared/result';
import { ErrorAlert } from '../../components/Alert';
import { useServices } from '../../stores/context';
import { formatBytes } from '../backups/format';
import { ProgressBar } from '../jobs/ProgressBar';
import { useJob } from '../jobs/useJob';

type ImportAnswer = ChannelOutput<'import.products'>;

const COLUMN_TEXT: Record<ProductCsvColumn, string> = {
  sku: 'Required. The product’s SKU: an existing one is updated, a new one created.',
  name: 'The name on the till and the receipt.',
  price_minor: 'The price in cents (minor units): 249 is 2.49.',
  tax_class: 'The name of a tax class, as in Manager ▸ Tax classes.',
  category: 'A category’s name (created when new); “-” for none.',
  barcodes: `Barcodes separated by “${PRODUCT_CSV_BARCODE_SEPARATOR}”; check digits are checked.`,
  sold_by_weight: '“true” or “false”.',
  tracks_stock: '“true” or “false”: whether its stock is counted.',
  stock_on_hand: 'Pieces, or grams when sold by weight; a change is recorded as a stock movement.',
  active: '“true” (on sale) or “false”.',
};

/**
 * Import products: a CSV file is checked first (dry run: what would be created, updated, left
 * alone, and every bad line); Apply sends it for real only when nothing is wrong, with progress.
 */
export function ImportSection() {
  const { catalog } = useServices();
  const job = useJob();
  const [file, setFile] = useState<{ name: string; bytes: number; csv: string } | null>(null);
  const [checked, setChecked] = useState<ImportAnswer | null>(null);
  const [applied, setApplied] = useState<ImportAnswer | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [running, setRunning] = useState<'check' | 'apply' | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const check = async (chosen: { name: string; bytes: number; csv: string }) => {
    setRunning('check');
    const answer = await job.start('import.products', { csv: chosen.csv, dryRun: true });
    setRunning(null);
    if (answer.ok) setChecked(answer.data);
    else setError(answer.error);
  };

  const choose = async (picked: File | undefined) => {
    setChecked(null);
    setApplied(null);
    setError(null);
    if (!picked) {
      setFile(null);
      return;
    }
    const chosen = { name: picked.name, bytes: picked.size, csv: normaliseCsvText(await picked.text()) };
    setFile(chosen);
    await check(chosen);
  };

  const apply = async () => {
    if (!file || !checked || checked.errorCount > 0 || job.running) return;
    setError(null);
    setRunning('apply');
    const answer = await job.start('import.products', { csv: file.csv, dryRun: false });
    setRunning(null);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    if (answer.data.errorCount > 0) {
      // the catalogue changed since the check: show what is wrong now, nothing was applied
      setChecked(answer.data);
      return;
    }
    setApplied(answer.data);
    setChecked(null);
    // the till's product list shows the new names and prices
    catalog.getState().reset();
  };

  const canApply = file !== null && checked !== null && checked.errorCount === 0 && checked.rows > 0 && !job.running;

  return (
    <section aria-labelledby={`${id}-title`} className="manager-section data-section">
      <header className="manager-section-head">
        <h2 id={`${id}-title`} className="manager-section-title">
          Import products
        </h2>
        <span className="data-muted">Every row is checked first; nothing changes until you apply a file without errors.</span>
      </header>

      <div className="data-layout import-layout">
        <div className="data-card">
          <div className="field">
            <label className="field-label" htmlFor={`${id}-file`}>
              Products file (CSV)
            </label>
            <input
              ref={inputRef}
              id={`${id}-file`}
              className="input import-file"
              type="file"
              accept=".csv,text/csv"
              disabled={job.running}
              aria-describedby={`${id}-file-hint`}
              onChange={(event) => {
                const picked = event.target.files?.[0];
                void choose(picked);
              }}
            />
            <span id={`${id}-file-hint`} className="field-hint">
              The format of Export ▸ Products: a header row, then one product a line (see the columns below).
            </span>
          </div>
          {file && (
            <p className="data-muted">
              Read {formatBytes(file.bytes)},{' '}
              {file.csv
                .split('\n')
                .filter((line) => line !== '')
                .length.toLocaleString()}{' '}
              lines (with the header).
            </p>
          )}
          {job.running && (
            <ProgressBar
              label={running === 'apply' ? 'Importing' : 'Checking the file'}
              progress={job.progress}
              onCancel={job.cancel}
              cancelError={job.cancelError}
            />
          )}
          <ErrorAlert error={error} />
          {checked && <CheckSummary answer={checked} />}
          {applied && (
            <p className="alert alert-success" role="status">
              Imported {applied.rows.toLocaleString()} rows: {applied.created.toLocaleString()} created, {applied.updated.toLocaleString()}{' '}
              updated, {applied.unchanged.toLocaleString()} unchanged
              {applied.stockMovements > 0 ? `, ${applied.stockMovements.toLocaleString()} stock changes recorded` : ''}
              {applied.categoriesCreated.length > 0 ? `; new categories: ${applied.categoriesCreated.join(', ')}` : ''}.
            </p>
          )}
          <div className="manager-form-actions">
            {file && !job.running && !applied && (
              <button type="button" className="button" onClick={() => void check(file)}>
                Check again
              </button>
            )}
            <button
              type="button"
              className="button button-primary"
              disabled={!canApply}
              aria-describedby={checked && checked.errorCount > 0 ? `${id}-why` : undefined}
              onClick={() => void apply()}
            >
              {running === 'apply' ? 'Importing…' : 'Apply'}
            </button>
          </div>
          {checked && checked.errorCount > 0 && (
            <p id={`${id}-why`} className="data-muted import-why">
              Apply is possible once the file has no errors: correct the lines listed, save the file and choose it again.
            </p>
          )}
        </div>

        <details className="data-card import-format" id={`${id}-format`} open>
          <summary>
            <strong>The CSV format</strong> — columns, in this order (any order is read; only sku is required)
          </summary>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">What goes in it</th>
              </tr>
            </thead>
            <tbody>
              {PRODUCT_CSV_COLUMNS.map((column) => (
                <tr key={column}>
                  <td>
                    <code>{column}</code>
                  </td>
                  <td>{COLUMN_TEXT[column]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="data-muted">
            An empty cell keeps what the product has (a new product gets the usual default). Comma-separated, UTF-8, quotes as a spreadsheet
            writes them.
          </p>
        </details>
      </div>
    </section>
  );
}

/** What the dry run found: the counts, and every bad line with its column and reason. */
function CheckSummary({ answer }: { answer: ImportAnswer }) {
  const unlisted = answer.errorCount - answer.errors.length;
  return (
    <div className="import-summary">
      <dl className="import-counts" aria-label="What the file would do">
        <div>
          <dt>Rows</dt>
          <dd>{answer.rows.toLocaleString()}</dd>
        </div>
        <div>
          <dt>To create</dt>
          <dd>{answer.created.toLocaleString()}</dd>
        </div>
        <div>
          <dt>To update</dt>
          <dd>{answer.updated.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Unchanged</dt>
          <dd>{answer.unchanged.toLocaleString()}</dd>
        </div>
        <div className={answer.errorCount > 0 ? 'import-count-bad' : 'import-count-ok'}>
          <dt>Errors</dt>
          <dd>{answer.errorCount.toLocaleString()}</dd>
        </div>
      </dl>
      {answer.errorCount === 0 ? (
        <p className="alert alert-success" role="status">
          ✓ No errors
          {answer.categoriesCreated.length > 0 ? `; new categories: ${answer.categoriesCreated.join(', ')}` : ''}. Apply imports it.
        </p>
      ) : (
        <>
          <p className="alert alert-error" role="alert">
            {answer.errorCount === 1 ? '1 line is wrong' : `${answer.errorCount.toLocaleString()} problems in the file`}: nothing can be
            imported until it is corrected.
          </p>
          {/* focusable: the list scrolls with the arrow keys */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be scrolled */}
          <section className="import-errors" tabIndex={0} aria-label="Lines with errors">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {answer.errors.map((problem, index) => (
                  // one line may have several problems
                  // biome-ignore lint/suspicious/noArrayIndexKey: the list is the core's answer, shown as it came
                  <tr key={`${problem.line}-${problem.column ?? ''}-${index}`}>
                    <td className="data-num">{problem.line}</td>
                    <td className="import-column">{problem.column ? <code>{problem.column}</code> : '—'}</td>
                    <td>{problem.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {unlisted > 0 && <p className="data-muted">…and {unlisted.toLocaleString()} more not listed.</p>}
        </>
      )}
    </div>
  );
}
