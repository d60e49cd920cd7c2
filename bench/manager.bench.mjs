/*
 * The manager menu's benchmarks in one run: npm run bench:manager [-- --skip backup,export,…]
 *   backup  — bench/backup.bench.ts: MB/s on ~1.4 GB (1M products), sale.complete p99 idle / while copying / while verifying
 *   export  — bench/export.bench.ts: 1M sale lines, rows/s and peak RSS, against raw better-sqlite3
 *   import  — bench/import.bench.ts: 100,000 products, dry run and apply, against a raw insert
 *   report  — bench/report.bench.ts: a month's and a year's sales report, sale.complete p99 while a year's runs
 * Each part keeps its own database in $TMPDIR (seeded once; see its header for options) and writes
 * bench/results/<part>.json; this prints their figures side by side with the issue's targets.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const skipAt = process.argv.indexOf('--skip');
const skip = new Set(skipAt >= 0 ? (process.argv[skipAt + 1] ?? '').split(',') : []);
const parts = ['backup', 'export', 'import', 'report'].filter((p) => !skip.has(p));

for (const part of parts) {
  console.error(`\n=== bench:${part}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${part}.bench.ts`)], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`bench:${part} failed (exit ${run.status})`);
    process.exit(1);
  }
}

const result = (part) => JSON.parse(readFileSync(join(here, 'results', `${part}.json`), 'utf8'));
const ms = (x) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const verdict = (ok) => (ok ? 'OK' : 'MISSED');
const rows = [];
const backup = result('backup');
const idle = backup.saleComplete.idle.p99;
rows.push(['backup copy speed', `${backup.backup.copyMBps} MB/s (whole backup with verification ${backup.backup.wholeMBps} MB/s)`, '']);
rows.push([
  'sale.complete p99 while backing up',
  `${ms(backup.saleComplete.duringCopy.p99)} copying, ${ms(backup.saleComplete.duringVerify.p99)} verifying, ${ms(idle)} idle`,
  `≤ 2× idle: copy ${verdict(backup.saleComplete.duringCopy.p99 <= 2 * idle)}, verify ${verdict(backup.saleComplete.duringVerify.p99 <= 2 * idle)}`,
]);
const exported = result('export');
rows.push([
  'export 1M sale lines',
  `${exported.export.rowsPerSecond.toLocaleString('en')} rows/s (raw ${exported.raw.rowsPerSecond.toLocaleString('en')}), peak RSS ${exported.export.peakRssMb} MB`,
  `≥ 200k rows/s ${verdict(exported.export.rowsPerSecond >= 200_000)}, ≤ 200 MB ${verdict(exported.export.peakRssMb <= 200)}`,
]);
const imported = result('import');
rows.push([
  'import 100k products',
  `dry run ${imported.dryRun.rowsPerSecond.toLocaleString('en')} rows/s, apply ${imported.applyNew.rowsPerSecond.toLocaleString('en')} rows/s (${imported.applyNewVsRaw}× a raw insert)`,
  '',
]);
const report = result('report');
rows.push([
  'sales report',
  `a month ${ms(report.monthReportMs.worker.p50)}, a year ${ms(report.yearReportMs.worker.p50)} (${report.sales.toLocaleString('en')} sales)`,
  '',
]);
rows.push([
  'sale.complete p99 while a year’s report runs',
  `${ms(report.saleCompleteMs.duringYearReports.p99)} vs ${ms(report.saleCompleteMs.idle.p99)} idle`,
  `≤ 2× ${verdict(report.saleCompleteMs.duringYearReports.p99 <= 2 * report.saleCompleteMs.idle.p99)}`,
]);
console.log('\nRingup manager-menu benchmarks');
for (const [what, figure, target] of rows) console.log(`${what.padEnd(44)} ${figure}${target ? `  — ${target}` : ''}`);
