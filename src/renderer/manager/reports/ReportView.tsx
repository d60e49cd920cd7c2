import { formatMoney } from '../../../shared/money';
import { MoneyBarChart } from './MoneyBarChart';
import { dateTime, dayLabel, rangeLabel } from './ranges';
import {
  cellText,
  headlineFigures,
  hourLabel,
  type ReportTable,
  reportTables,
  type SalesReport,
  singleDay,
  tenderLabel,
} from './reportTables';

/** A report the core answered: headline figures, the charts, and every figure in tables. */
export function ReportView({ report, currency }: { report: SalesReport; currency: string }) {
  const oneDay = singleDay(report);
  const longRange = report.byDay.length > 14;
  const timeBars = oneDay
    ? report.byHour.map((h) => ({ label: hourLabel(h.hour), valueMinor: h.netSalesMinor }))
    : report.byDay.map((d) => ({
        // a month of days: the day of the month on the axis, the whole date in the tooltip
        label: longRange ? String(Number(d.date.slice(8))) : dayLabel(d.date),
        name: dayLabel(d.date),
        valueMinor: d.netSalesMinor,
      }));
  const tenderBars = report.byTender.map((t) => ({ label: tenderLabel(t.method), valueMinor: t.netMinor }));
  const tables = reportTables(report);

  return (
    <div className="report-view">
      <p className="muted report-meta">
        {rangeLabel(report.range)} · {report.range.timeZone} · made {dateTime(report.generatedAt, report.range.timeZone)}
      </p>
      <dl className="report-figures" aria-label="Headline figures">
        {headlineFigures(report).map((figure) => (
          <div key={figure.key} className="report-figure" data-figure={figure.key}>
            <dt>{figure.label}</dt>
            <dd>
              <strong>{'money' in figure ? formatMoney(figure.money, currency) : figure.count.toLocaleString()}</strong>
              {figure.detail && <span className="muted">{figure.detail}</span>}
            </dd>
          </div>
        ))}
      </dl>
      <div className="report-charts">
        <MoneyBarChart
          title={oneDay ? 'Net sales by hour' : 'Net sales by day'}
          description={`Bar chart of net sales by ${oneDay ? 'hour' : 'day'}; the figures are in the table “${oneDay ? 'By hour' : 'By day'}” below.`}
          bars={timeBars}
          currency={currency}
        />
        <MoneyBarChart
          title="Net by payment method"
          description="Bar chart of the net taken by payment method; the figures are in the table “By payment method” below."
          bars={tenderBars}
          currency={currency}
          horizontal
        />
      </div>
      <div className="report-tables">
        {tables.map((table) => (
          <ReportTableView key={table.key} table={table} currency={currency} />
        ))}
      </div>
    </div>
  );
}

function ReportTableView({ table, currency }: { table: ReportTable; currency: string }) {
  const wide = table.key === 'time' || table.key === 'cashier' || table.key === 'products';
  return (
    <section className={`report-table-card${wide ? ' report-table-wide' : ''}`} aria-label={table.title}>
      <h3 className="report-table-title">{table.title}</h3>
      {table.rows.length === 0 ? (
        <p className="muted">{table.empty}</p>
      ) : (
        <div className="report-table-scroll">
          <table className="report-table">
            <thead>
              <tr>
                {table.head.map((head, index) => (
                  <th key={head} scope="col" className={table.numeric[index] ? 'num' : undefined}>
                    {head}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, rowIndex) => (
                // rows are the core's, in its order; the first cell names the row
                // biome-ignore lint/suspicious/noArrayIndexKey: a report table is replaced whole, never reordered
                <tr key={rowIndex}>
                  {row.map((cell, index) =>
                    index === 0 ? (
                      // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed
                      <th key={index} scope="row">
                        {cellText(cell, currency)}
                      </th>
                    ) : (
                      // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed
                      <td key={index} className={table.numeric[index] ? 'num' : undefined}>
                        {cellText(cell, currency)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
