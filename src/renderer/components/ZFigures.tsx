import type { ReactNode } from 'react';
import { formatMoney } from '../../shared/money';

/** The figures a Z report is read by (the closing screen and the Manager area's Z reports): sales, refunds, cash. */
export function ZFigures({
  report,
  currency,
  className,
  children,
}: {
  report: {
    salesCount: number;
    salesTotalMinor: number;
    refundsCount: number;
    refundsTotalMinor: number;
    expectedCashMinor: number;
    countedCashMinor: number | null;
  };
  currency: string;
  className: string;
  /** more rows after the cash (e.g. the over/short) */
  children?: ReactNode;
}) {
  return (
    <dl className={`pay-lines ${className}`}>
      <div>
        <dt>Sales</dt>
        <dd>
          {report.salesCount} · {formatMoney(report.salesTotalMinor, currency)}
        </dd>
      </div>
      <div>
        <dt>Refunds</dt>
        <dd>
          {report.refundsCount} · {formatMoney(report.refundsTotalMinor, currency)}
        </dd>
      </div>
      <div>
        <dt>Expected cash</dt>
        <dd>{formatMoney(report.expectedCashMinor, currency)}</dd>
      </div>
      <div>
        <dt>Counted cash</dt>
        <dd>{report.countedCashMinor === null ? 'Not counted' : formatMoney(report.countedCashMinor, currency)}</dd>
      </div>
      {children}
    </dl>
  );
}
