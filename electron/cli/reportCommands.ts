import { resolve } from 'node:path';
import { contract } from '../../src/shared/contract';
import { schemaVersion } from '../core/db/migrate';
import { embeddedMigrations } from '../core/db/migrations.generated';
import { closeSqlite, drizzleOf, openSqlite } from '../core/db/open';
import { formatRate, money } from '../core/features/receipts/format';
import { salesReport } from '../core/features/reports/salesReport';
import { detachedJob } from '../core/jobs';
import { silentLogger } from '../core/log';
import { type Io, UsageError } from './commands';
import { createProgressBar } from './progress';

/**
 * `ringup report --db FILE --from YYYY-MM-DD --to YYYY-MM-DD [--top N] [--json]`: the sales report
 * of those local days (the store's time zone), read on a read-only connection: the till may keep selling.
 */
export function reportCommand(opts: { db?: string; from?: string; to?: string; top?: string; json?: boolean }, io: Io): number {
  const file = opts.db ?? process.env.RINGUP_DB;
  if (!file) throw new UsageError('Say which database: --db FILE (or set RINGUP_DB).');
  if (!opts.from) throw new UsageError('Say which days: --from YYYY-MM-DD [--to YYYY-MM-DD] (to defaults to from).');
  const parsed = contract['report.sales'].input.safeParse({
    from: opts.from,
    to: opts.to ?? opts.from,
    ...(opts.top !== undefined ? { topN: Number(opts.top) } : {}),
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
  const sqlite = openSqlite(resolve(file), { readonly: true });
  try {
    sqlite.pragma('query_only = ON');
    const version = schemaVersion(sqlite);
    if (version !== embeddedMigrations.length)
      throw new Error(`the database is at schema ${version}, this app at ${embeddedMigrations.length}: run \`ringup migrate\` first.`);
    const bar = createProgressBar(process.stderr, !opts.json);
    const ctx = { sqlite, db: drizzleOf(sqlite), now: Date.now, log: silentLogger };
    const report = salesReport(
      ctx,
      parsed.data,
      detachedJob((phase, done, total) => bar.update(phase, done, total)),
    );
    if (opts.json) {
      io.out(JSON.stringify(report));
      return 0;
    }
    const m = (minor: number) => money(minor, report.currency).padStart(14);
    const { totals } = report;
    const out: string[] = [
      `Sales report ${report.range.from} to ${report.range.to} (${report.range.timeZone})`,
      `  sales      ${String(totals.salesCount).padStart(7)}  ${m(totals.salesTotalMinor)}`,
      `  refunds    ${String(totals.refundsCount).padStart(7)}  ${m(-totals.refundsTotalMinor)}`,
      `  net sales           ${m(totals.netSalesMinor)}   of which tax ${money(totals.taxMinor, report.currency)}`,
      `  discounts           ${m(report.discounts.totalMinor)}   cash rounding ${money(totals.cashRoundingMinor, report.currency)}`,
      `  voids: ${report.voids.lineVoids.count} lines, ${report.voids.saleVoids.count} sales, ${report.voids.errorCorrects.count} error corrections`,
      `  points: ${report.loyalty.pointsIssued} issued, ${report.loyalty.pointsRedeemed} redeemed (${money(report.loyalty.redeemedMinor, report.currency)})`,
      `  shifts: ${report.shifts.map((s) => (s.zNumber === null ? 'open' : `Z ${s.zNumber}${s.complete ? '' : '*'}`)).join(', ') || 'none'}`,
      '',
      'By day',
      ...report.byDay.map(
        (d) =>
          `  ${d.date}  ${String(d.salesCount).padStart(6)} sales ${String(d.refundsCount).padStart(4)} refunds  ${m(d.netSalesMinor)}`,
      ),
      '',
      'Tenders (taken, paid back)',
      ...report.byTender.map((t) => `  ${t.method.padEnd(8)} ${m(t.salesMinor)} ${m(t.refundsMinor)}`),
      '',
      'Tax per rate (net, tax, gross)',
      ...report.taxByRate.map((t) => `  ${formatRate(t.taxRateBp).padEnd(8)} ${m(t.netMinor)} ${m(t.taxMinor)} ${m(t.totalMinor)}`),
      '',
      'Top products',
      ...report.topProducts.map((p) => `  ${p.name.slice(0, 40).padEnd(40)} ${String(p.quantity).padStart(8)} ${m(p.netSalesMinor)}`),
    ];
    io.out(out.join('\n'));
    return 0;
  } finally {
    closeSqlite(sqlite);
  }
}
